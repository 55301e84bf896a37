//! What the tray menu shows, decided without a GUI: the clock line when the
//! PC's clock is off (`app::clock`), one entry per account in stored order, then the forms, then "Settings…", "Start at login", "Help", "Quit". Labels are shortened for a menu and
//! escaped so that a name like "Tom & Jerry" shows its `&` instead of
//! turning the next letter into a keyboard mnemonic.

/// Longest label, in characters, before it is shortened with an ellipsis.
pub const MAX_LABEL_CHARS: usize = 40;

/// How the menu toolkit marks mnemonics, so literal characters can be escaped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MnemonicStyle {
    /// Win32 menus: `&` marks a mnemonic, `&&` is a literal `&`.
    Ampersand,
    /// Toolkits that show labels as they are.
    None,
}

impl MnemonicStyle {
    /// The style of the menus muda draws: `&`/`&&` on every platform (on
    /// Linux muda turns `&` into GTK's `_` marker and escapes a literal `_`).
    pub fn platform() -> Self {
        MnemonicStyle::Ampersand
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MenuEntry {
    /// Clicking it copies the code of the account at `index`.
    Account {
        index: usize,
        label: String,
    },
    /// A disabled line shown when there are no accounts.
    NoAccounts {
        label: String,
    },
    /// A disabled line with news a toast could not show.
    Status {
        label: String,
    },
    Separator,
    /// The "Start at login" check item; clicking it turns the login entry
    /// on or off.
    StartAtLogin {
        checked: bool,
        label: String,
    },
    /// Opens one of the forms ("Add account…", "Show code…", "Manage accounts…",
    /// "Back up…", marked "(recommended)" while a backup is due, "Settings…").
    Form {
        form: super::Form,
        label: String,
    },
    /// One of the clock line's actions (atop the menu when the PC's clock
    /// is off; see `app::clock`).
    Clock {
        action: super::ClockAction,
        label: String,
    },
    /// "Help" / 「使い方」: opens the user guide in the user's language.
    Help {
        label: String,
    },
    Quit {
        label: String,
    },
}

/// Shortens `name` to [`MAX_LABEL_CHARS`] and escapes mnemonics.
pub fn account_label(name: &str, style: MnemonicStyle) -> String {
    let shortened: String = if name.chars().count() > MAX_LABEL_CHARS {
        name.chars().take(MAX_LABEL_CHARS - 1).chain(Some('…')).collect()
    } else {
        name.to_string()
    };
    escape_mnemonics(&shortened, style)
}

/// Makes every character of `text` show literally in a menu.
pub fn escape_mnemonics(text: &str, style: MnemonicStyle) -> String {
    match style {
        MnemonicStyle::Ampersand => text.replace('&', "&&"),
        MnemonicStyle::None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ampersands_are_shown_literally() {
        assert_eq!(account_label("Tom & Jerry", MnemonicStyle::Ampersand), "Tom && Jerry");
        assert_eq!(account_label("Tom & Jerry", MnemonicStyle::None), "Tom & Jerry");
    }

    #[test]
    fn long_names_are_ellipsised_by_characters() {
        let name = "長".repeat(64);
        let label = account_label(&name, MnemonicStyle::None);
        assert_eq!(label.chars().count(), MAX_LABEL_CHARS);
        assert!(label.ends_with('…'));
        assert_eq!(account_label("三菱 太郎", MnemonicStyle::None), "三菱 太郎");
        let exactly = "x".repeat(MAX_LABEL_CHARS);
        assert_eq!(account_label(&exactly, MnemonicStyle::None), exactly);
    }
}
