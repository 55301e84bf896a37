//! What the tray menu shows, decided without a GUI: the clock line when the
//! PC's clock is off (`app::clock`), "Find account…" and the default account
//! first, then as many accounts (in stored order) as the screen's work area
//! holds ([`account_rows`]) and "More accounts…" for the rest, then the forms,
//! then "Settings…", "Start at login", "Help", "Quit". The menu never outgrows the
//! screen, and the shell builds only what it shows, so the tray's start does
//! not grow with the number of accounts. Labels are shortened for a menu and
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

/// The screen the menu opens on, as the shell measured it (in the same
/// pixels: physical ones on Windows, X's on Linux).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MenuScreen {
    /// The work area's height: the screen less the taskbar or panels.
    pub work_area_height: u32,
    /// The height of one menu row (a separator is counted as a row too).
    pub item_height: u32,
}

impl MenuScreen {
    /// When the screen could not be measured: a 768-pixel laptop screen
    /// less a 48-pixel taskbar, with generous 32-pixel rows.
    pub const FALLBACK: MenuScreen = MenuScreen {
        work_area_height: 720,
        item_height: 32,
    };

    /// How many menu rows fit in the work area, with one row's margin for
    /// the menu's own border and padding.
    pub fn rows(self) -> usize {
        let rows = self.work_area_height / self.item_height.max(1);
        rows.saturating_sub(1) as usize
    }
}

impl Default for MenuScreen {
    fn default() -> Self {
        Self::FALLBACK
    }
}

/// The fewest accounts the menu shows, even on a screen too small for the
/// rest of it (the default one at least, and "More accounts…" for the rest).
pub const MIN_ACCOUNT_ROWS: usize = 1;

/// How many account rows the menu holds on `screen` when its other rows
/// (forms, separators, "Find account…", "More accounts…", the clock and
/// status lines) take `other_rows`.
pub fn account_rows(screen: MenuScreen, other_rows: usize) -> usize {
    screen.rows().saturating_sub(other_rows).max(MIN_ACCOUNT_ROWS)
}

/// Which accounts the menu shows, as indexes into the stored order, and
/// whether others are left for "More accounts…".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountRows {
    pub shown: Vec<usize>,
    pub more: bool,
}

/// The first `rows` accounts of `count`, with `default` (an index) moved
/// first; when not all fit, the last row goes to "More accounts…".
pub fn choose_accounts(count: usize, default: Option<usize>, rows: usize) -> AccountRows {
    let default = default.filter(|&d| d < count);
    let more = count > rows;
    let room = if more {
        rows.saturating_sub(1).max(MIN_ACCOUNT_ROWS)
    } else {
        count
    };
    let mut shown = Vec::with_capacity(room);
    shown.extend(default);
    shown.extend((0..count).filter(|&i| Some(i) != default).take(room - shown.len()));
    AccountRows { shown, more }
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
    /// "Back up…", marked "(recommended)" while a backup is due, "Settings…";
    /// the picker as "Find account…" and as "More accounts…").
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
    fn rows_come_from_the_work_area() {
        let screen = MenuScreen {
            work_area_height: 720,
            item_height: 24,
        };
        assert_eq!(screen.rows(), 29);
        assert_eq!(account_rows(screen, 12), 17);
        assert_eq!(account_rows(screen, 40), MIN_ACCOUNT_ROWS);
        let degenerate = MenuScreen {
            work_area_height: 0,
            item_height: 0,
        };
        assert_eq!(account_rows(degenerate, 10), MIN_ACCOUNT_ROWS);
    }

    #[test]
    fn the_default_comes_first_and_the_last_row_is_more() {
        assert_eq!(
            choose_accounts(1000, Some(500), 5),
            AccountRows {
                shown: vec![500, 0, 1, 2],
                more: true
            }
        );
        assert_eq!(
            choose_accounts(3, Some(2), 5),
            AccountRows {
                shown: vec![2, 0, 1],
                more: false
            }
        );
        assert_eq!(
            choose_accounts(5, None, 5),
            AccountRows {
                shown: vec![0, 1, 2, 3, 4],
                more: false
            }
        );
        // A default past the end (a stale index) is ignored; one row still
        // shows one account.
        assert_eq!(
            choose_accounts(9, Some(9), 1),
            AccountRows {
                shown: vec![0],
                more: true
            }
        );
        assert_eq!(choose_accounts(0, None, 5).shown, Vec::<usize>::new());
    }

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
