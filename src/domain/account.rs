//! Accounts and the ordered list of them, with the rules for display names.
//!
//! The display name (表示名) is what the user sees in the tray menu and types
//! on the command line, so it must be unique (ignoring case and surrounding
//! space), printable and short enough for a menu.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::otp::{self, Algorithm, Code, DIGITS_RANGE, OtpParams, PERIOD_RANGE};
use super::setup_key::{MIN_KEY_BITS, SetupKeyError};
use super::{ParsedSetupKey, SecretKey};

pub const MAX_NAME_CHARS: usize = 64;

/// Characters that change how a name reads without being seen, stripped
/// from every name (N6: 「Bank\u{202e}moc.evil」 would show as
/// "Banklive.com"): the bidirectional embeddings, overrides, isolates and
/// marks, and the zero-width space, joiners, word joiner and BOM.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200b}'..='\u{200f}'
            | '\u{061c}'
            | '\u{2060}'
            | '\u{feff}'
    )
}

/// One registered account: a display name and its TOTP key. `Debug` (by
/// hand, below) redacts the key and shows only the names of unknown fields.
#[derive(Clone, Serialize, Deserialize)]
pub struct Account {
    pub name: String,
    /// How the name is read (よみ／ふりがな, e.g. 「みつびし たろう」 for
    /// 「三菱 太郎」): the picker finds the account by it. Optional; vaults and
    /// backups written before it existed read as none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    #[serde(with = "super::secret::serde_base32")]
    pub key: SecretKey,
    pub algorithm: Algorithm,
    pub digits: u8,
    pub period: u32,
    /// Text the focused window's title contains when the hotkey should
    /// pick this account (`super::window_rule`); kept in the encrypted vault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window_rule: Option<String>,
    /// Fields written by a newer trayotp, kept so that saving with this
    /// version does not drop them.
    #[serde(flatten)]
    pub unknown_fields: BTreeMap<String, serde_json::Value>,
}

impl std::fmt::Debug for Account {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A newer trayotp may keep a secret in a field this one does not
        // know (a counter, a second key): show the field names only.
        let unknown: Vec<&str> = self.unknown_fields.keys().map(String::as_str).collect();
        f.debug_struct("Account")
            .field("name", &self.name)
            .field("reading", &self.reading)
            .field("issuer", &self.issuer)
            .field("key", &self.key)
            .field("algorithm", &self.algorithm)
            .field("digits", &self.digits)
            .field("period", &self.period)
            .field("window_rule", &self.window_rule)
            .field("unknown_fields", &unknown)
            .finish()
    }
}

impl Account {
    pub fn params(&self) -> OtpParams {
        OtpParams {
            algorithm: self.algorithm,
            digits: self.digits,
            period: self.period,
        }
    }

    /// An account named `name` (not yet checked) from a parsed setup number.
    pub fn new(name: String, setup: ParsedSetupKey) -> Self {
        Self {
            name,
            reading: None,
            issuer: setup.issuer,
            key: setup.key,
            algorithm: setup.params.algorithm,
            digits: setup.params.digits,
            period: setup.params.period,
            window_rule: None,
            unknown_fields: BTreeMap::new(),
        }
    }

    /// Whether `other` makes the same codes (same key and parameters),
    /// whatever the names.
    pub fn same_codes_as(&self, other: &Account) -> bool {
        self.key == other.key && self.params() == other.params()
    }

    /// Checks what `setup_key::parse` checks for every other way an account
    /// comes in: digits, period and key length. For accounts read whole
    /// from a file (a trayotp backup), which never went through the parser.
    pub fn check_params(&self) -> Result<(), SetupKeyError> {
        if !DIGITS_RANGE.contains(&self.digits) {
            return Err(SetupKeyError::Digits(self.digits.to_string()));
        }
        if !PERIOD_RANGE.contains(&self.period) {
            return Err(SetupKeyError::Period(self.period.to_string()));
        }
        if self.key.bit_len() < MIN_KEY_BITS {
            return Err(SetupKeyError::TooShort {
                bits: self.key.bit_len(),
            });
        }
        Ok(())
    }

    /// The code valid at Unix time `now`.
    pub fn code_at(&self, now: u64) -> Code {
        otp::generate(&self.key, self.params(), now)
    }
}

/// Why a display name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("the display name is empty: type a name for the account, e.g. your own name")]
    Empty,
    #[error("the display name contains a control character at position {position}: use printable characters only")]
    ControlCharacter { position: usize },
    #[error("the display name is {chars} characters long: use at most {MAX_NAME_CHARS}")]
    TooLong { chars: usize },
    #[error("an account named '{existing}' already exists: choose another display name")]
    Duplicate { existing: String },
}

/// Checks a reading (よみ) as typed: trimmed; empty means none. The same
/// rules as a display name: printable and at most [`MAX_NAME_CHARS`].
pub fn check_reading(reading: &str) -> Result<Option<String>, ReadingError> {
    let trimmed = reading.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    if let Some(position) = trimmed.chars().position(char::is_control) {
        return Err(ReadingError::ControlCharacter { position: position + 1 });
    }
    let chars = trimmed.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(ReadingError::TooLong { chars });
    }
    Ok(Some(trimmed.to_string()))
}

/// Why a reading (よみ) was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadingError {
    #[error("the reading contains a control character at position {position}: use printable characters only")]
    ControlCharacter { position: usize },
    #[error("the reading is {chars} characters long: use at most {MAX_NAME_CHARS}")]
    TooLong { chars: usize },
}

/// Why an operation on the account list failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    #[error("no account named '{0}': `trayotp list` shows the names")]
    NotFound(String),
    #[error(transparent)]
    Name(#[from] NameError),
    #[error(transparent)]
    Reading(#[from] ReadingError),
}

/// The accounts in the order the user sees them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AccountList {
    accounts: Vec<Account>,
}

/// Names compare equal when they match ignoring case and surrounding space
/// (compared character by character: no allocation per account, which
/// matters for `trayotp copy NAME` on a long list).
fn same_name(a: &str, b: &str) -> bool {
    a.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .eq(b.trim().chars().flat_map(char::to_lowercase))
}

impl AccountList {
    pub fn len(&self) -> usize {
        self.accounts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.accounts.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Account> {
        self.accounts.iter()
    }

    /// The accounts themselves, in order.
    pub fn into_vec(self) -> Vec<Account> {
        self.accounts
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.accounts.iter().map(|a| a.name.as_str())
    }

    pub fn position(&self, name: &str) -> Option<usize> {
        self.accounts.iter().position(|a| same_name(&a.name, name))
    }

    pub fn find(&self, name: &str) -> Option<&Account> {
        self.position(name).map(|i| &self.accounts[i])
    }

    /// Checks a display name for a new account (or for renaming the account
    /// at `renaming`), returning it trimmed.
    pub fn check_name(&self, name: &str, renaming: Option<usize>) -> Result<String, NameError> {
        let visible: String = name.chars().filter(|&c| !is_invisible(c)).collect();
        let name = visible.as_str();
        let trimmed = name.trim();
        if trimmed.is_empty() {
            return Err(NameError::Empty);
        }
        if let Some(index) = trimmed.chars().position(char::is_control) {
            // Position in the user's text, counting the leading space trimmed.
            let leading = name.chars().take_while(|c| c.is_whitespace()).count();
            return Err(NameError::ControlCharacter {
                position: leading + index + 1,
            });
        }
        let chars = trimmed.chars().count();
        if chars > MAX_NAME_CHARS {
            return Err(NameError::TooLong { chars });
        }
        if let Some(existing) = self.position(trimmed).filter(|&i| Some(i) != renaming) {
            return Err(NameError::Duplicate {
                existing: self.accounts[existing].name.clone(),
            });
        }
        Ok(trimmed.to_string())
    }

    /// Adds an account made from a parsed setup number under `name`.
    pub fn add(&mut self, name: &str, setup: ParsedSetupKey) -> Result<&Account, NameError> {
        self.push(Account::new(name.to_string(), setup))
    }

    /// Adds a complete account (from a backup or another app) at the end,
    /// after checking its name; the stored name is the trimmed one.
    pub fn push(&mut self, mut account: Account) -> Result<&Account, NameError> {
        account.name = self.check_name(&account.name, None)?;
        self.accounts.push(account);
        Ok(&self.accounts[self.accounts.len() - 1])
    }

    /// Puts `account` in the place of the account at `index`, keeping its
    /// position in the menu. The new name must not clash with another account.
    pub fn replace(&mut self, index: usize, mut account: Account) -> Result<Account, AccountError> {
        if index >= self.accounts.len() {
            return Err(AccountError::NotFound(account.name));
        }
        account.name = self.check_name(&account.name, Some(index))?;
        Ok(std::mem::replace(&mut self.accounts[index], account))
    }

    pub fn rename(&mut self, old: &str, new: &str) -> Result<(), AccountError> {
        let index = self.index_of(old)?;
        let new = self.check_name(new, Some(index))?;
        self.accounts[index].name = new;
        Ok(())
    }

    /// Sets (or, with an empty one, clears) the reading of the named account.
    pub fn set_reading(&mut self, name: &str, reading: &str) -> Result<&Account, AccountError> {
        let index = self.index_of(name)?;
        self.accounts[index].reading = check_reading(reading)?;
        Ok(&self.accounts[index])
    }

    /// Sets (or with `None` clears) the named account's window rule, already
    /// checked by `super::window_rule::check`.
    pub fn set_window_rule(&mut self, name: &str, rule: Option<String>) -> Result<(), AccountError> {
        let index = self.index_of(name)?;
        self.accounts[index].window_rule = rule;
        Ok(())
    }

    pub fn remove(&mut self, name: &str) -> Result<Account, AccountError> {
        let index = self.index_of(name)?;
        Ok(self.accounts.remove(index))
    }

    /// Moves the named account one place up the menu (towards the top).
    /// Returns whether it moved (the first account stays where it is).
    ///
    /// By name, not by index: the vault is re-read under its lock before a
    /// change, and another process may have changed the order meanwhile.
    pub fn move_up(&mut self, name: &str) -> Result<bool, AccountError> {
        let index = self.index_of(name)?;
        if index == 0 {
            return Ok(false);
        }
        self.accounts.swap(index - 1, index);
        Ok(true)
    }

    /// Moves the named account one place down the menu. Returns whether it
    /// moved (the last account stays where it is).
    pub fn move_down(&mut self, name: &str) -> Result<bool, AccountError> {
        let index = self.index_of(name)?;
        if index + 1 >= self.accounts.len() {
            return Ok(false);
        }
        self.accounts.swap(index, index + 1);
        Ok(true)
    }

    fn index_of(&self, name: &str) -> Result<usize, AccountError> {
        self.position(name)
            .ok_or_else(|| AccountError::NotFound(name.trim().to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::setup_key::{self, ParamOverrides};

    fn setup() -> ParsedSetupKey {
        setup_key::parse("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", ParamOverrides::default()).expect("valid key")
    }

    fn list_with(names: &[&str]) -> AccountList {
        let mut list = AccountList::default();
        for name in names {
            list.add(name, setup()).expect("valid name");
        }
        list
    }

    #[test]
    fn a_reading_is_set_cleared_and_kept_through_json() {
        let mut list = list_with(&["三菱 太郎"]);
        let account = list.set_reading("三菱 太郎", "  みつびし たろう ").expect("set");
        assert_eq!(account.reading.as_deref(), Some("みつびし たろう"));
        let json = serde_json::to_string(&list).expect("json");
        assert!(json.contains("\"reading\":\"みつびし たろう\""), "{json}");
        let back: AccountList = serde_json::from_str(&json).expect("read back");
        assert_eq!(
            back.find("三菱 太郎").and_then(|a| a.reading.clone()).as_deref(),
            Some("みつびし たろう")
        );
        list.set_reading("三菱 太郎", " ").expect("clear");
        assert_eq!(list.find("三菱 太郎").map(|a| a.reading.clone()), Some(None));
        // A vault written before readings existed opens, with none.
        assert!(!serde_json::to_string(&list).expect("json").contains("reading"));
        assert!(matches!(
            list.set_reading("三菱 太郎", "み\u{7}"),
            Err(AccountError::Reading(ReadingError::ControlCharacter { position: 2 }))
        ));
        assert!(matches!(
            list.set_reading("三菱 太郎", &"み".repeat(MAX_NAME_CHARS + 1)),
            Err(AccountError::Reading(ReadingError::TooLong { .. }))
        ));
        assert!(matches!(
            list.set_reading("nobody", "x"),
            Err(AccountError::NotFound(_))
        ));
    }

    #[test]
    fn names_are_trimmed_and_kept_in_order() {
        let list = list_with(&["  三菱 太郎 ", "Work"]);
        assert_eq!(list.names().collect::<Vec<_>>(), ["三菱 太郎", "Work"]);
        assert_eq!(list.find("三菱 太郎").map(|a| a.period), Some(60));
    }

    #[test]
    fn duplicate_names_ignore_case_and_space() {
        let mut list = list_with(&["Work"]);
        let err = list.add(" wORK ", setup()).expect_err("duplicate");
        assert_eq!(
            err,
            NameError::Duplicate {
                existing: "Work".into()
            }
        );
        assert_eq!(list.len(), 1);
    }

    #[test]
    fn bad_names_are_refused_with_the_reason() {
        let list = AccountList::default();
        assert_eq!(list.check_name("", None), Err(NameError::Empty));
        assert_eq!(list.check_name(" \u{3000}\t", None), Err(NameError::Empty));
        assert_eq!(
            list.check_name("ab\u{7}c", None),
            Err(NameError::ControlCharacter { position: 3 })
        );
        assert_eq!(
            list.check_name("  a\nb", None),
            Err(NameError::ControlCharacter { position: 4 })
        );
        let long = "長".repeat(65);
        assert_eq!(list.check_name(&long, None), Err(NameError::TooLong { chars: 65 }));
        assert!(list.check_name(&"長".repeat(64), None).is_ok());
    }

    #[test]
    fn rename_checks_the_new_name_but_allows_changing_case() {
        let mut list = list_with(&["Work", "Home"]);
        assert_eq!(
            list.rename("work", "HOME"),
            Err(AccountError::Name(NameError::Duplicate {
                existing: "Home".into()
            }))
        );
        list.rename("work", "WORK").expect("same account, new case");
        assert_eq!(list.names().collect::<Vec<_>>(), ["WORK", "Home"]);
        assert_eq!(list.rename("nope", "x"), Err(AccountError::NotFound("nope".into())));
    }

    #[test]
    fn remove_takes_out_only_the_named_account() {
        let mut list = list_with(&["a", "b", "c"]);
        assert_eq!(list.remove("B").map(|a| a.name), Ok("b".to_string()));
        assert_eq!(list.names().collect::<Vec<_>>(), ["a", "c"]);
        assert!(matches!(list.remove("b"), Err(AccountError::NotFound(_))));
    }

    #[test]
    fn accounts_move_up_and_down_by_name_and_stop_at_the_ends() {
        let mut list = list_with(&["a", "b", "c"]);
        assert_eq!(list.move_up("C"), Ok(true));
        assert_eq!(list.names().collect::<Vec<_>>(), ["a", "c", "b"]);
        assert_eq!(list.move_down("a"), Ok(true));
        assert_eq!(list.names().collect::<Vec<_>>(), ["c", "a", "b"]);
        assert_eq!(list.move_up("c"), Ok(false));
        assert_eq!(list.move_down("b"), Ok(false));
        assert_eq!(list.names().collect::<Vec<_>>(), ["c", "a", "b"]);
        assert_eq!(list.move_up("nope"), Err(AccountError::NotFound("nope".into())));
        assert_eq!(list.move_down(" nope "), Err(AccountError::NotFound("nope".into())));
    }

    #[test]
    fn out_of_range_parameters_are_found_and_never_panic() {
        let good = Account::new("a".into(), setup());
        assert_eq!(good.check_params(), Ok(()));
        let mut digits = good.clone();
        digits.digits = 10;
        assert_eq!(digits.check_params(), Err(SetupKeyError::Digits("10".into())));
        let mut period = good.clone();
        period.period = 0;
        assert_eq!(period.check_params(), Err(SetupKeyError::Period("0".into())));
        let mut empty = good.clone();
        empty.key = SecretKey::new(Vec::new());
        assert_eq!(empty.check_params(), Err(SetupKeyError::TooShort { bits: 0 }));
        for account in [digits, period, empty] {
            let code = account.code_at(1_750_000_000);
            assert!(code.digits().chars().all(|c| c.is_ascii_digit()));
        }
    }

    #[test]
    fn debug_shows_neither_the_key_nor_unknown_field_values() {
        let json = r#"[{"name":"a","key":"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ","algorithm":"SHA1","digits":6,"period":60,"hotp_secret":"JBSWY3DPEHPK3PXP"}]"#;
        let list: AccountList = serde_json::from_str(json).expect("parses");
        for shown in [format!("{list:?}"), format!("{:#?}", list.iter().next())] {
            assert!(!shown.contains("GEZD") && !shown.contains("1234"), "{shown}");
            assert!(!shown.contains("JBSWY3DP"), "{shown}");
            assert!(shown.contains("hotp_secret"), "the field's name is kept: {shown}");
            assert!(shown.contains("redacted"), "{shown}");
        }
    }

    #[test]
    fn unknown_fields_survive_a_round_trip() {
        let json = r#"[{"name":"a","key":"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ","algorithm":"SHA1","digits":6,"period":60,"icon":"bank.png"}]"#;
        let list: AccountList = serde_json::from_str(json).expect("parses");
        let back = serde_json::to_string(&list).expect("serialises");
        assert!(back.contains(r#""icon":"bank.png""#), "{back}");
    }
}
