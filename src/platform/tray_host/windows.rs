//! Windows: the foreground lock (a second start lets the running tray pop
//! its menu up), and the menu popped up at the pointer by the hotkey.

/// Windows can host a tray in any interactive session.
pub fn check_session() -> Result<(), String> {
    Ok(())
}

/// Nothing to prepare before the event loop, nor to undo after.
pub struct NothingToUndo;

/// Nothing to prepare before the event loop.
pub fn before_event_loop() -> NothingToUndo {
    NothingToUndo
}

/// Windows lets a background process take the foreground only when the
/// foreground one (this process, just started by the user) allows it: the
/// running tray answers a second start by popping its menu up, a form's
/// first window comes to the front for its second, and the picker gives
/// the focus back to the window the hotkey was pressed over.
pub fn allow_others_to_take_focus() {
    // SAFETY: no pointers; failure only means the menu may open behind.
    unsafe {
        windows_sys::Win32::UI::WindowsAndMessaging::AllowSetForegroundWindow(
            windows_sys::Win32::UI::WindowsAndMessaging::ASFW_ANY,
        );
    }
}

/// Pops the tray menu up at the mouse pointer. Runs the menu's modal loop;
/// the choice arrives as a normal menu event.
pub fn pop_up_menu(tray: &tray_icon::TrayIcon, menu: &tray_icon::menu::Menu) {
    use tray_icon::menu::ContextMenu;
    use windows_sys::Win32::UI::WindowsAndMessaging::{PostMessageW, WM_NULL};
    let window = tray.window_handle();
    wait_for_hotkey_release();
    // SAFETY: the tray's own hidden window, alive as long as `tray`.
    unsafe {
        menu.show_context_menu_for_hwnd(window as isize, None);
        // Without a message after the menu's loop, the next pop-up
        // can close as soon as it opens (Microsoft KB Q135788).
        PostMessageW(window, WM_NULL, 0, 0);
    }
}

/// A menu popped up by the hotkey would see the hotkey's own key-ups (Alt's
/// closes a menu): wait until the keys are let go (at most a second), then
/// drop the keyboard messages they left in this thread's queue.
fn wait_for_hotkey_release() {
    use windows_sys::Win32::UI::Input::KeyboardAndMouse::{
        GetAsyncKeyState, VK_CONTROL, VK_LWIN, VK_MENU, VK_RWIN, VK_SHIFT,
    };
    use windows_sys::Win32::UI::WindowsAndMessaging::{MSG, PM_REMOVE, PeekMessageW, WM_KEYFIRST, WM_KEYLAST};
    let held = |key: u16| {
        // SAFETY: no pointers.
        let state = unsafe { GetAsyncKeyState(i32::from(key)) };
        state < 0
    };
    for _ in 0..50 {
        if ![VK_CONTROL, VK_MENU, VK_SHIFT, VK_LWIN, VK_RWIN].into_iter().any(held) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // SAFETY: MSG is plain data; a null window means any of this thread's.
    unsafe {
        let mut message: MSG = std::mem::zeroed();
        while PeekMessageW(&mut message, std::ptr::null_mut(), WM_KEYFIRST, WM_KEYLAST, PM_REMOVE) != 0 {}
    }
}
