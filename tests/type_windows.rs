//! `hotkey_action` `type` and `paste` on Windows and under Wine (issue 20):
//! a Win32 edit control in a window of the test's own has the focus, the
//! hotkey is pressed with `SendInput` (Ctrl+Alt held 300 ms after O), and
//! the edit control, read back with `WM_GETTEXT`, holds exactly the code.
#![cfg(windows)]

use crate::common;

use std::time::{Duration, Instant};

use windows_sys::Win32::Foundation::HWND;
use windows_sys::Win32::UI::Input::KeyboardAndMouse::{SetFocus, VIRTUAL_KEY, VK_CONTROL, VK_MENU};
use windows_sys::Win32::UI::WindowsAndMessaging::{
    CreateWindowExW, DestroyWindow, DispatchMessageW, MSG, PM_REMOVE, PeekMessageW, SendMessageW, SetForegroundWindow,
    TranslateMessage, WM_GETTEXT, WS_OVERLAPPEDWINDOW, WS_VISIBLE,
};

use common::input::chord_held;
use common::tray::*;
use common::*;

const VK_O: VIRTUAL_KEY = b'O' as VIRTUAL_KEY;

fn wide(text: &str) -> Vec<u16> {
    text.encode_utf16().chain(Some(0)).collect()
}

/// A top-level edit control of this thread's, in the foreground (with no
/// title: a top-level edit control's text is its title).
struct Edit(HWND);

impl Edit {
    fn open() -> Self {
        let (class, title) = (wide("EDIT"), wide(""));
        // SAFETY: NUL-terminated strings that outlive the call; no parent.
        let window = unsafe {
            CreateWindowExW(
                0,
                class.as_ptr(),
                title.as_ptr(),
                WS_OVERLAPPEDWINDOW | WS_VISIBLE,
                100,
                100,
                400,
                120,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null(),
            )
        };
        assert!(!window.is_null(), "CreateWindowExW made the edit control");
        let edit = Edit(window);
        edit.pump(Duration::from_millis(500));
        // SAFETY: our own window.
        unsafe {
            SetForegroundWindow(window);
            SetFocus(window);
        }
        edit.pump(Duration::from_millis(500));
        edit
    }

    /// Runs this thread's messages (the edit control's keys) for `time`.
    fn pump(&self, time: Duration) {
        let deadline = Instant::now() + time;
        while Instant::now() < deadline {
            // SAFETY: MSG is plain data; any window of this thread.
            unsafe {
                let mut message: MSG = std::mem::zeroed();
                while PeekMessageW(&mut message, std::ptr::null_mut(), 0, 0, PM_REMOVE) != 0 {
                    TranslateMessage(&message);
                    DispatchMessageW(&message);
                }
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The text, by `WM_GETTEXT`.
    fn text(&self) -> String {
        let mut buffer = [0u16; 256];
        // SAFETY: the buffer's length in UTF-16 units, and the buffer.
        let length = unsafe { SendMessageW(self.0, WM_GETTEXT, buffer.len(), buffer.as_mut_ptr() as isize) };
        String::from_utf16_lossy(&buffer[..usize::try_from(length).unwrap_or(0).min(buffer.len())])
    }

    /// Pumps until the text is `digits` long (at most 20 s), and returns it.
    fn wait_for_digits(&self, digits: usize) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.text().chars().count() < digits && Instant::now() < deadline {
            self.pump(Duration::from_millis(100));
        }
        self.pump(Duration::from_millis(500));
        self.text()
    }
}

impl Drop for Edit {
    fn drop(&mut self) {
        // SAFETY: our own window.
        unsafe { DestroyWindow(self.0) };
    }
}

/// The account's code now, and the one before (a step may end meanwhile).
fn codes(vault: &TestVault) -> [String; 2] {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    [now, now - 60].map(|at| {
        let out = vault.run(&["code", "first", "--at", &at.to_string()]);
        assert_ok(&out);
        stdout(&out).trim().to_string()
    })
}

fn vault_with(action: &str) -> TestVault {
    let vault = TestVault::new();
    assert_ok(&vault.add("first", SEED_B32));
    assert_ok(&vault.run(&["settings", "set", "hotkey", "Ctrl+Alt+O"]));
    assert_ok(&vault.run(&["settings", "set", "hotkey_action", action]));
    vault
}

fn fills_the_edit_control(action: &str) {
    let _turn = clipboard_turn();
    let vault = vault_with(action);
    let tray = Tray::start(&vault);
    assert_eq!(tray.status().hotkey.as_deref(), Some("Ctrl+Alt+O"));
    set_clipboard("before");
    let edit = Edit::open();
    assert_eq!(edit.text(), "", "{action}: the edit control starts empty");
    let pressing = std::thread::spawn(|| chord_held(&[VK_CONTROL, VK_MENU], VK_O, Duration::from_millis(300)));
    let text = edit.wait_for_digits(6);
    let _ = pressing.join();
    let codes = codes(&vault);
    assert!(
        codes.contains(&text),
        "{action}: the edit control holds {text:?}; the codes are {codes:?}"
    );
    let clipboard = clipboard_text();
    if action == "type" {
        assert_eq!(
            clipboard.as_deref(),
            Some("before"),
            "typing leaves the clipboard alone"
        );
    } else {
        assert_eq!(clipboard, Some(text), "paste: the clipboard holds the code");
    }
    drop(tray);
}

#[test]
fn type_fills_a_win32_edit_control() {
    fills_the_edit_control("type");
}

#[test]
fn paste_fills_a_win32_edit_control() {
    fills_the_edit_control("paste");
}
