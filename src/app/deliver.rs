//! What the hotkey does with the code (`hotkey_action`): copy it (the
//! default), paste it (clipboard, then Ctrl+V to the focused window) or type
//! it (the digits as characters, whatever the keyboard layout). The app
//! decides which and when; the shell's `crate::platform::input` waits for
//! the hotkey's keys to be let go and sends the keys.
//!
//! The window the hotkey was pressed over is the target: if the picker
//! opened first, the code goes to that window, never to trayotp's own.

/// The `hotkey_action` setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum HotkeyAction {
    /// Put the code in the clipboard (default).
    #[default]
    Copy,
    /// The clipboard, then Ctrl+V into the focused window.
    Paste,
    /// Type the digits into the focused window.
    Type,
}

impl HotkeyAction {
    pub const ALL: [HotkeyAction; 3] = [HotkeyAction::Copy, HotkeyAction::Paste, HotkeyAction::Type];

    /// Its name in `settings.toml`.
    pub fn name(self) -> &'static str {
        match self {
            HotkeyAction::Copy => "copy",
            HotkeyAction::Paste => "paste",
            HotkeyAction::Type => "type",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|action| action.name() == name)
    }

    /// How the code reaches the window, or `None` for the clipboard only.
    pub fn delivery(self) -> Option<Delivery> {
        match self {
            HotkeyAction::Copy => None,
            HotkeyAction::Paste => Some(Delivery::Paste),
            HotkeyAction::Type => Some(Delivery::Type),
        }
    }
}

/// How a code is put into the focused window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// Ctrl+V (the code is already in the clipboard).
    Paste,
    /// The digits, as characters.
    Type,
}

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
