//! What the hotkey does with the code (`hotkey_action`): copy it (the
//! default), paste it (clipboard, then Ctrl+V to the focused window) or type
//! it (the digits as characters, whatever the keyboard layout). The app
//! decides which and when; the shell's `crate::platform::input` waits for
//! the hotkey's keys to be let go and sends the keys.
//!
//! The window the hotkey was pressed over is the target: if the picker
//! opened first, the code goes to that window, never to trayotp's own.

pub use crate::choices::{Delivery, HotkeyAction};

/// How long to wait for the hotkey's keys to be let go before typing: a
/// modifier still held would turn the digits into shortcuts.
pub const RELEASE_WAIT_MS: u64 = 2000;

/// How a paste or typing went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeliverOutcome {
    Done,
    /// The hotkey's keys were still held after [`RELEASE_WAIT_MS`]: nothing sent.
    KeysHeld,
    /// The window could not be given the keys (one line, no code in it).
    Failed(String),
}
