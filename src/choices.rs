//! The small vocabularies every layer speaks: the user-interface language,
//! the forms, what the hotkey does with a code, and what a copy does in a
//! code's last seconds.
//!
//! A leaf: it imports nothing from the crate, so `settings` (which stores
//! these), `i18n` (which words them), `app` (which decides with them) and
//! the shells can all name them without importing one another.

/// A user-interface language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    English,
    Japanese,
}

impl Language {
    /// Picks the language for a BCP 47 / POSIX locale name such as `ja-JP`,
    /// `ja_JP.UTF-8` or `en-US`; anything not Japanese is English.
    pub fn from_locale(locale: Option<&str>) -> Self {
        match locale {
            Some(name) if name.to_ascii_lowercase().starts_with("ja") => Language::Japanese,
            _ => Language::English,
        }
    }

    /// The language of the current OS user (`LANG`/`LC_*` on Linux, the UI
    /// language on Windows).
    pub fn from_os() -> Self {
        Self::from_locale(sys_locale::get_locale().as_deref())
    }
}

/// The forms, each a window in a child process (`trayotp window <form>`,
/// see the GUI's `gui` module).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Form {
    /// "Add account": display name and setup number, then Register.
    Add,
    /// "Show code": an account's code in large digits, with Copy.
    Show,
    /// "Manage accounts": rename, delete, reorder.
    Manage,
    /// "Settings": the hotkey, language, default account and the rest of
    /// `settings.toml`, applied to the running tray on Save.
    Settings,
    /// "Back up…": every account into a passphrase-protected file.
    Backup,
    /// The quick picker ("Find account…"): type to search, Enter copies.
    Pick,
}

impl Form {
    /// Its `trayotp window` argument.
    pub fn arg(self) -> &'static str {
        match self {
            Form::Add => "add",
            Form::Show => "show",
            Form::Manage => "manage",
            Form::Settings => "settings",
            Form::Backup => "backup",
            Form::Pick => "pick",
        }
    }
}

/// What a copy does in a code's last seconds (`last_seconds`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum LastSecondsPolicy {
    /// Wait for the next step and copy the fresh code (default).
    #[default]
    WaitForNext,
    /// Copy the current code however little time it has left.
    CopyAnyway,
}

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
