//! Real keyboard input for the Windows end-to-end tests (`SendInput`: the
//! events a person's keyboard makes, which also reach the tray under Wine).

use std::time::Duration;

use windows_sys::Win32::UI::Input::KeyboardAndMouse::{
    INPUT, INPUT_0, INPUT_KEYBOARD, KEYBDINPUT, KEYEVENTF_KEYUP, SendInput, VIRTUAL_KEY,
};

fn key(vk: VIRTUAL_KEY, up: bool) -> INPUT {
    INPUT {
        r#type: INPUT_KEYBOARD,
        Anonymous: INPUT_0 {
            ki: KEYBDINPUT {
                wVk: vk,
                wScan: 0,
                dwFlags: if up { KEYEVENTF_KEYUP } else { 0 },
                time: 0,
                dwExtraInfo: 0,
            },
        },
    }
}

pub fn send(inputs: &[INPUT]) {
    // SAFETY: a slice of initialised INPUTs with its length and element size.
    let sent = unsafe { SendInput(inputs.len() as u32, inputs.as_ptr(), size_of::<INPUT>() as i32) };
    assert_eq!(sent as usize, inputs.len(), "SendInput took every event");
    std::thread::sleep(Duration::from_millis(150));
}

/// Presses the keys together, then lets go in reverse order.
pub fn chord(keys: &[VIRTUAL_KEY]) {
    let mut inputs: Vec<INPUT> = keys.iter().map(|&vk| key(vk, false)).collect();
    inputs.extend(keys.iter().rev().map(|&vk| key(vk, true)));
    send(&inputs);
}

pub fn tap(vk: VIRTUAL_KEY) {
    chord(&[vk]);
}

/// Presses the keys together, taps `last` among them, and lets go of the
/// others `held` later (a person slow to let go of a hotkey's modifiers).
pub fn chord_held(keys: &[VIRTUAL_KEY], last: VIRTUAL_KEY, held: Duration) {
    let mut inputs: Vec<INPUT> = keys.iter().map(|&vk| key(vk, false)).collect();
    inputs.extend([key(last, false), key(last, true)]);
    send(&inputs);
    std::thread::sleep(held);
    let release: Vec<INPUT> = keys.iter().rev().map(|&vk| key(vk, true)).collect();
    send(&release);
}
