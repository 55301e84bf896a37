//! The target window's input method, closed while trayotp types into it:
//! with a Japanese IME on in hiragana mode, typed digits would start a
//! composition of full-width ones. The documented way: the window's default
//! IME window (`ImmGetDefaultIMEWnd`), asked with `WM_IME_CONTROL`
//! (`IMC_GETOPENSTATUS`, `IMC_SETOPENSTATUS`); its state is put back after.

use windows_sys::Win32::Foundation::HWND;
use windows_sys::Win32::UI::Input::Ime::{IMC_SETOPENSTATUS, ImmGetDefaultIMEWnd};
use windows_sys::Win32::UI::WindowsAndMessaging::{SMTO_ABORTIFHUNG, SendMessageTimeoutW, WM_IME_CONTROL};

/// `IMC_GETOPENSTATUS` (imm.h), which windows-sys does not carry.
const IMC_GETOPENSTATUS: u32 = 0x0005;

/// An IME closed for the typing; reopened when dropped.
pub struct ClosedIme {
    ime: HWND,
}

/// Sends `WM_IME_CONTROL` to `ime`, waiting at most half a second for a
/// window that does not answer.
fn control(ime: HWND, command: u32, value: isize) -> Option<usize> {
    let mut result = 0usize;
    // SAFETY: `result` outlives the call; a bad handle only fails it.
    let sent = unsafe {
        SendMessageTimeoutW(
            ime,
            WM_IME_CONTROL,
            command as usize,
            value,
            SMTO_ABORTIFHUNG,
            500,
            &mut result,
        )
    };
    (sent != 0).then_some(result)
}

/// Closes `window`'s IME if it is open; `None` if it was not (or has none).
pub fn close_for_typing(window: HWND) -> Option<ClosedIme> {
    // SAFETY: a window handle; no pointers.
    let ime = unsafe { ImmGetDefaultIMEWnd(window) };
    if ime.is_null() {
        return None;
    }
    let open = control(ime, IMC_GETOPENSTATUS, 0)? != 0;
    if !open {
        return None;
    }
    control(ime, IMC_SETOPENSTATUS, 0)?;
    Some(ClosedIme { ime })
}

impl Drop for ClosedIme {
    fn drop(&mut self) {
        let _ = control(self.ime, IMC_SETOPENSTATUS, 1);
    }
}
