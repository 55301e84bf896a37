//! The default account (the one a left click and the hotkey copy) as
//! "Manage accounts" sees it: `default_account` in settings.toml.
//!
//! The settings file is the user's, so it is only changed through
//! `settings::file::set` (one key rewritten in place, comments and unknown
//! keys kept), and a file that cannot be read is never written: the form
//! shows why instead ([`DefaultSetting::damaged`]). After a change the
//! caller asks the running tray, if any, to apply it (the control
//! channel's `ReloadSettings`: this module does no I/O beyond the file).
//!
//! Which account the setting names, and what a rename or a delete does to
//! it, are pure functions ([`names`], [`after_change`]): the setting follows
//! a renamed account and is cleared with a deleted one, so the tray never
//! has to say "default account missing" because of a change made here.

use std::path::{Path, PathBuf};

use super::file::{self as settings_file, SettingsError};
use super::{Key, Problem};
use crate::domain::AccountList;

/// Whether the setting `default` names the account called `name` in
/// `accounts` (names compare as the vault compares them: ignoring case and
/// surrounding space).
pub fn names(accounts: &AccountList, default: Option<&str>, name: &str) -> bool {
    match (default.and_then(|d| accounts.position(d)), accounts.position(name)) {
        (Some(default), Some(account)) => default == account,
        _ => false,
    }
}

/// What a change of the account list does to the default account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Follow {
    /// The default was another account (or none): nothing to write.
    Keep,
    /// The default account was renamed: the setting takes the new name.
    Rename(String),
    /// The default account was deleted: the setting is cleared.
    Clear,
}

/// What to do with the setting after the account `was_default` was renamed
/// to `renamed_to` (`Some`) or deleted (`None`).
pub fn after_change(was_default: bool, renamed_to: Option<&str>) -> Follow {
    match (was_default, renamed_to) {
        (false, _) => Follow::Keep,
        (true, Some(name)) => Follow::Rename(name.to_string()),
        (true, None) => Follow::Clear,
    }
}

/// Why the settings file cannot be changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    /// Not TOML: the first wrong line.
    Syntax { line: usize },
    /// Not readable (not UTF-8, no permission…), with the system's reason.
    Unreadable(String),
}

/// `default_account` as last read from the settings file.
#[derive(Debug)]
pub struct DefaultSetting {
    path: PathBuf,
    state: Result<Option<String>, Damage>,
}

impl DefaultSetting {
    /// Reads the settings at `path` (an absent file: no default).
    pub fn load(path: &Path) -> Self {
        let mut setting = Self {
            path: path.to_path_buf(),
            state: Ok(None),
        };
        setting.reload();
        setting
    }

    /// Reads the file again (another program may have changed it).
    pub fn reload(&mut self) {
        let loaded = settings_file::load(&self.path);
        let damage = loaded.problems.iter().find_map(|problem| match problem {
            Problem::Syntax { line, .. } => Some(Damage::Syntax { line: *line }),
            Problem::Unreadable(detail) => Some(Damage::Unreadable(detail.clone())),
            _ => None,
        });
        self.state = match damage {
            Some(damage) => Err(damage),
            None => Ok(loaded.settings.default_account),
        };
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The default account's name as the settings have it, if any.
    pub fn name(&self) -> Option<&str> {
        self.state.as_ref().ok().and_then(Option::as_deref)
    }

    /// Why the file cannot be changed, if it cannot.
    pub fn damaged(&self) -> Option<&Damage> {
        self.state.as_ref().err()
    }

    /// Makes `name` the default account (`None`: no default). A damaged
    /// file is left as it is. The caller then tells the running tray.
    pub fn set(&mut self, name: Option<&str>) -> Result<(), SettingsError> {
        let result = settings_file::set(&self.path, Key::DefaultAccount.name(), name.unwrap_or(""));
        self.reload();
        result.map(|_| ())
    }

    /// Applies what a rename or delete did (see [`after_change`]).
    pub fn follow(&mut self, follow: &Follow) -> Result<(), SettingsError> {
        match follow {
            Follow::Keep => Ok(()),
            Follow::Rename(name) => self.set(Some(name)),
            Follow::Clear => self.set(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::setup_key::{self, ParamOverrides};

    fn list(names: &[&str]) -> AccountList {
        let mut accounts = AccountList::default();
        for name in names {
            let key = setup_key::parse("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", ParamOverrides::default()).expect("key");
            accounts.add(name, key).expect("name");
        }
        accounts
    }

    #[test]
    fn the_setting_names_an_account_as_the_vault_compares_names() {
        let accounts = list(&["三菱 太郎", "Work"]);
        assert!(names(&accounts, Some(" work "), "Work"));
        assert!(!names(&accounts, Some("work"), "三菱 太郎"));
        assert!(!names(&accounts, None, "Work"));
        assert!(
            !names(&accounts, Some("gone"), "Work"),
            "a missing default names nothing"
        );
        assert!(!names(&accounts, Some("gone"), "gone"));
    }

    #[test]
    fn only_the_default_accounts_rename_or_delete_touches_the_setting() {
        assert_eq!(after_change(false, Some("new")), Follow::Keep);
        assert_eq!(after_change(false, None), Follow::Keep);
        assert_eq!(after_change(true, Some("new")), Follow::Rename("new".into()));
        assert_eq!(after_change(true, None), Follow::Clear);
    }

    #[test]
    fn set_keeps_other_keys_and_a_damaged_file_is_not_written() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("settings.toml");
        std::fs::write(&path, "# mine\nfuture_key = 1\n").expect("write");
        let mut setting = DefaultSetting::load(&path);
        assert_eq!(setting.name(), None);
        setting.set(Some("Work")).expect("set");
        assert_eq!(setting.name(), Some("Work"));
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.contains("# mine") && text.contains("future_key = 1"), "{text}");
        assert!(text.contains("default_account = \"Work\""), "{text}");
        setting.set(None).expect("unset");
        assert_eq!(setting.name(), None);

        let damaged = "default_account = \"Work\"\nhotkey = \"Ctrl+Alt+P\n";
        std::fs::write(&path, damaged).expect("write");
        setting.reload();
        assert_eq!(setting.damaged(), Some(&Damage::Syntax { line: 2 }));
        assert_eq!(setting.name(), None);
        assert!(setting.set(Some("Other")).is_err());
        assert_eq!(std::fs::read_to_string(&path).expect("read"), damaged);
    }
}
