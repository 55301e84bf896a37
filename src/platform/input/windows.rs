//! Pasting and typing on Windows: `SendInput`, as a keyboard would. Typing
//! sends each digit as a character (`KEYEVENTF_UNICODE`), so the keyboard
//! layout does not matter; the target window's IME is closed for the typing
//! and put back after ([`super::windows_ime`]).

use std::time::{Duration, Instant};

use windows_sys::Win32::Foundation::{CloseHandle, HWND};
use windows_sys::Win32::System::Threading::{
    OpenProcess, PROCESS_NAME_WIN32, PROCESS_QUERY_LIMITED_INFORMATION, QueryFullProcessImageNameW,
};
use windows_sys::Win32::UI::Input::KeyboardAndMouse::{
    GetAsyncKeyState, INPUT, INPUT_0, INPUT_KEYBOARD, KEYBDINPUT, KEYEVENTF_KEYUP, KEYEVENTF_UNICODE, SendInput,
    VIRTUAL_KEY, VK_CONTROL, VK_LWIN, VK_MENU, VK_RWIN, VK_SHIFT,
};
use windows_sys::Win32::UI::WindowsAndMessaging::{
    GetForegroundWindow, GetWindowTextW, GetWindowThreadProcessId, IsWindow, SetForegroundWindow,
};

use super::{Focused, MAX_TITLE_CHARS, Target, bounded_title, windows_ime};
use crate::app::{DeliverOutcome, Delivery};
use crate::settings::Hotkey;

const VK_V: VIRTUAL_KEY = b'V' as VIRTUAL_KEY;

pub fn focused() -> Option<Focused> {
    // SAFETY: no arguments.
    let window = unsafe { GetForegroundWindow() };
    if window.is_null() {
        return None;
    }
    let mut buffer = vec![0u16; MAX_TITLE_CHARS + 1];
    // SAFETY: the buffer holds as many UTF-16 units as we say.
    let length = unsafe { GetWindowTextW(window, buffer.as_mut_ptr(), buffer.len() as i32) };
    let length = usize::try_from(length).unwrap_or(0).min(buffer.len());
    let title = String::from_utf16_lossy(&buffer[..length]);
    Some(Focused {
        target: Target(window as usize as u64),
        title: bounded_title(title),
        ours: is_ours(window),
    })
}

/// Whether `window` belongs to a trayotp process (a form): its program's
/// file name starts with "trayotp".
fn is_ours(window: HWND) -> bool {
    let mut pid = 0u32;
    // SAFETY: `pid` outlives the call.
    unsafe { GetWindowThreadProcessId(window, &mut pid) };
    if pid == 0 {
        return false;
    }
    if pid == std::process::id() {
        return true;
    }
    // SAFETY: a query-only handle, closed below.
    let process = unsafe { OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid) };
    if process.is_null() {
        return false;
    }
    let mut buffer = vec![0u16; 1024];
    let mut length = buffer.len() as u32;
    // SAFETY: the buffer and its length in UTF-16 units.
    let ok = unsafe { QueryFullProcessImageNameW(process, PROCESS_NAME_WIN32, buffer.as_mut_ptr(), &mut length) };
    // SAFETY: the handle opened above.
    unsafe { CloseHandle(process) };
    if ok == 0 {
        return false;
    }
    let path = String::from_utf16_lossy(&buffer[..(length as usize).min(buffer.len())]);
    path.rsplit(['\\', '/'])
        .next()
        .is_some_and(|file| file.to_ascii_lowercase().starts_with("trayotp"))
}

fn hwnd(target: Target) -> HWND {
    target.0 as usize as HWND
}

pub fn deliver(
    target: Option<Target>,
    code: &str,
    how: Delivery,
    hotkey: Option<&Hotkey>,
    wait: Duration,
) -> DeliverOutcome {
    if !wait_for_release(hotkey, wait) {
        return DeliverOutcome::KeysHeld;
    }
    if let Some(target) = target
        && !give_focus_back(hwnd(target))
    {
        return DeliverOutcome::Failed("the window no longer takes the keyboard".into());
    }
    let inputs = match how {
        Delivery::Paste => vec![
            key(VK_CONTROL, 0, false),
            key(VK_V, 0, false),
            key(VK_V, 0, true),
            key(VK_CONTROL, 0, true),
        ],
        Delivery::Type => code
            .encode_utf16()
            .flat_map(|unit| [key(0, unit, false), key(0, unit, true)])
            .collect(),
    };
    // The IME (Japanese in hiragana mode, say) would compose typed digits.
    let _ime = (how == Delivery::Type)
        .then(|| target.and_then(|t| windows_ime::close_for_typing(hwnd(t))))
        .flatten();
    // SAFETY: a slice of INPUT structures of the size given.
    let sent = unsafe { SendInput(inputs.len() as u32, inputs.as_ptr(), size_of::<INPUT>() as i32) };
    if sent as usize != inputs.len() {
        return DeliverOutcome::Failed(
            "Windows refused the keys (the window may run as administrator, or another program blocks input)".into(),
        );
    }
    // Give the window time to read its keys before the IME comes back.
    std::thread::sleep(Duration::from_millis(100));
    DeliverOutcome::Done
}

fn key(vk: VIRTUAL_KEY, unit: u16, up: bool) -> INPUT {
    let mut flags = if vk == 0 { KEYEVENTF_UNICODE } else { 0 };
    if up {
        flags |= KEYEVENTF_KEYUP;
    }
    INPUT {
        r#type: INPUT_KEYBOARD,
        Anonymous: INPUT_0 {
            ki: KEYBDINPUT {
                wVk: vk,
                wScan: unit,
                dwFlags: flags,
                time: 0,
                dwExtraInfo: 0,
            },
        },
    }
}

/// The virtual keys of `hotkey` (every modifier when unknown).
fn hotkey_keys(hotkey: Option<&Hotkey>) -> Vec<VIRTUAL_KEY> {
    let Some(hotkey) = hotkey else {
        return vec![VK_CONTROL, VK_MENU, VK_SHIFT, VK_LWIN, VK_RWIN];
    };
    let mut keys = Vec::new();
    for (on, vk) in [
        (hotkey.ctrl, VK_CONTROL),
        (hotkey.alt, VK_MENU),
        (hotkey.shift, VK_SHIFT),
    ] {
        if on {
            keys.push(vk);
        }
    }
    if hotkey.win {
        keys.extend([VK_LWIN, VK_RWIN]);
    }
    keys.extend(main_key(&hotkey.code_name()));
    keys
}

/// The virtual key of a W3C key code name.
fn main_key(code: &str) -> Option<VIRTUAL_KEY> {
    if let Some(c) = code.strip_prefix("Key").or_else(|| code.strip_prefix("Digit")) {
        return c.bytes().next().map(|b| VIRTUAL_KEY::from(b.to_ascii_uppercase()));
    }
    if let Some(n) = code.strip_prefix('F').and_then(|n| n.parse::<u16>().ok()) {
        return (1..=24).contains(&n).then(|| 0x70 + n - 1);
    }
    Some(match code {
        "Space" => 0x20,
        "PageUp" => 0x21,
        "PageDown" => 0x22,
        "End" => 0x23,
        "Home" => 0x24,
        "ArrowLeft" => 0x25,
        "ArrowUp" => 0x26,
        "ArrowRight" => 0x27,
        "ArrowDown" => 0x28,
        "Insert" => 0x2D,
        "Delete" => 0x2E,
        _ => return None,
    })
}

fn wait_for_release(hotkey: Option<&Hotkey>, wait: Duration) -> bool {
    let keys = hotkey_keys(hotkey);
    let deadline = Instant::now() + wait;
    loop {
        // SAFETY: no pointers.
        let held = keys.iter().any(|&vk| unsafe { GetAsyncKeyState(i32::from(vk)) } < 0);
        if !held {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Puts `window` in the foreground again (after the picker); whether it is.
fn give_focus_back(window: HWND) -> bool {
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        // SAFETY: a window handle (Windows checks it); no pointers.
        unsafe {
            if IsWindow(window) == 0 {
                return false;
            }
            if GetForegroundWindow() == window {
                return true;
            }
            SetForegroundWindow(window);
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
