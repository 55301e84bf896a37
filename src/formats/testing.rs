//! Helpers the format readers' tests share.

use super::Imported;
use crate::domain::setup_key::{self, ParamOverrides};
use crate::domain::{Account, AccountList, Algorithm, SecretKey};

/// An account with the key `key`, as `trayotp add` makes it.
pub fn account(name: &str, issuer: Option<&str>, key: &[u8], params: (Algorithm, u8, u32)) -> Account {
    let (algorithm, digits, period) = params;
    let base32 = SecretKey::new(key.to_vec()).to_base32();
    let overrides = ParamOverrides {
        algorithm: Some(algorithm),
        digits: Some(digits),
        period: Some(period),
    };
    let parsed = setup_key::parse(&base32, overrides).expect("a valid key");
    let mut account = Account::new(name.to_string(), parsed);
    account.issuer = issuer.map(String::from);
    account
}

pub fn list(accounts: impl IntoIterator<Item = Account>) -> AccountList {
    let mut list = AccountList::default();
    for account in accounts {
        list.push(account).expect("distinct names");
    }
    list
}

/// The accounts read, as (name, algorithm, digits, period); the first
/// one of every fixture has RFC 6238's seed as its key.
pub fn assert_accounts(imported: &Imported, expected: &[(&str, &str, u8, u32)]) {
    let got: Vec<_> = imported
        .accounts
        .iter()
        .map(|a| (a.name.as_str(), a.algorithm.name(), a.digits, a.period))
        .collect();
    assert_eq!(got, expected);
    assert_eq!(imported.accounts[0].key.as_bytes(), b"12345678901234567890");
}

/// The entries left out, one message each containing its `expected` part.
pub fn assert_skipped(imported: &Imported, expected: &[&str]) {
    let got: Vec<String> = imported.skipped.iter().map(ToString::to_string).collect();
    assert_eq!(got.len(), expected.len(), "{got:#?}");
    for (message, part) in got.iter().zip(expected) {
        assert!(message.contains(part), "{part:?} not in {message:?}");
    }
}
