//! Putting a code into another program's window, for `hotkey_action`
//! `paste` and `type` (`crate::app::deliver` decides; this carries out):
//!
//! - [`focused`]: at the hotkey, the window that has the focus and its
//!   title (for the window rules; the title is handed to the app and not
//!   kept here);
//! - [`deliver`]: waits until the hotkey's keys are let go (at most the
//!   time given), gives the focus back to that window if the picker took
//!   it, and sends Ctrl+V or types the digits.
//!
//! Windows: `GetForegroundWindow`/`GetWindowTextW`, `SendInput` with
//! `KEYEVENTF_UNICODE`, the IME closed for the typing (`windows.rs`). X11:
//! `_NET_ACTIVE_WINDOW`/`_NET_WM_NAME` and XTest through x11rb (`linux.rs`).
//! Elsewhere (Wayland has no hotkey) there is no target.

#[cfg(target_os = "linux")]
mod linux;
#[cfg(not(any(windows, target_os = "linux")))]
mod other;
#[cfg(windows)]
mod windows;
#[cfg(windows)]
mod windows_ime;
#[cfg(target_os = "linux")]
use linux as imp;
#[cfg(not(any(windows, target_os = "linux")))]
use other as imp;
#[cfg(windows)]
use windows as imp;

use std::time::Duration;

use crate::app::{DeliverOutcome, Delivery};
use crate::settings::Hotkey;

/// The window the hotkey was pressed over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Target(
    /// An X window id, or a Windows `HWND` as an integer.
    u64,
);

/// Titles longer than this are cut: rules are short.
pub const MAX_TITLE_CHARS: usize = 1024;

/// The window that has the focus.
#[derive(Debug)]
pub struct Focused {
    pub target: Target,
    /// Its title (`None`: none could be read).
    pub title: Option<String>,
    /// Whether it is one of trayotp's own windows (a form): nothing is
    /// pasted or typed there.
    pub ours: bool,
}

/// The focused window, or `None` when there is none (or the session has no
/// X11 display).
pub fn focused() -> Option<Focused> {
    imp::focused()
}

/// Waits (at most `wait`) until the keys of `hotkey` are let go, puts the
/// focus back on `target` if it moved, then sends Ctrl+V (`Paste`) or types
/// `code` (`Type`) as characters, whatever the keyboard layout.
pub fn deliver(
    target: Option<Target>,
    code: &str,
    how: Delivery,
    hotkey: Option<&Hotkey>,
    wait: Duration,
) -> DeliverOutcome {
    imp::deliver(target, code, how, hotkey, wait)
}

/// A title as read: control characters are kept (the rules then match
/// nothing), the length is bounded.
fn bounded_title(title: String) -> Option<String> {
    let title: String = title.chars().take(MAX_TITLE_CHARS).collect();
    (!title.is_empty()).then_some(title)
}
