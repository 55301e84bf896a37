//! LastPass Authenticator's JSON export (version 3, from its Android and
//! iOS apps):
//!
//! ```text
//! { "version": 3, "deviceName": "...", "accounts": [
//!     { "issuerName", "originalIssuerName", "userName", "originalUserName",
//!       "secret": Base32, "timeStep", "digits", "algorithm" } ], "folders": [...] }
//! ```
//!
//! Named "Issuer: user" from what the user last called them (the original
//! names when those are empty); missing parameters take LastPass's
//! defaults (SHA-1, 6 digits, 30 s). LastPass's export has no password.

use serde::Deserialize;

use super::bounded::{LenientInt, List, MAX_ENTRIES, Text, too_many};
use super::{Entry, EntryKind, FormatError, FormatId, ImportFormat, Imported, SecretText, json_mentions};
use crate::domain::{Algorithm, OtpParams};
use crate::protect::passphrase::PassphrasePrompt;

const FORMAT: FormatId = FormatId::LastPass;
const DEFAULTS: OtpParams = OtpParams {
    algorithm: Algorithm::Sha1,
    digits: 6,
    period: 30,
};

pub struct LastPass;

#[derive(Deserialize)]
struct Export {
    #[serde(default)]
    accounts: Option<List<Account>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Account {
    #[serde(default)]
    issuer_name: Text,
    #[serde(default)]
    original_issuer_name: Text,
    #[serde(default)]
    user_name: Text,
    #[serde(default)]
    original_user_name: Text,
    #[serde(default)]
    secret: SecretText,
    #[serde(default)]
    time_step: LenientInt,
    #[serde(default)]
    digits: LenientInt,
    #[serde(default)]
    algorithm: Text,
}

/// The first of `texts` that is not blank.
fn first(texts: [&Text; 2]) -> Option<&str> {
    texts.into_iter().filter_map(Text::get).find(|t| !t.trim().is_empty())
}

impl ImportFormat for LastPass {
    fn id(&self) -> FormatId {
        FORMAT
    }

    fn detect(&self, bytes: &[u8]) -> bool {
        json_mentions(bytes, &["accounts", "deviceName"]) || json_mentions(bytes, &["accounts", "localDeviceId"])
    }

    fn import(&self, bytes: &[u8], _: &dyn PassphrasePrompt) -> Result<Imported, FormatError> {
        let export: Export = serde_json::from_slice(bytes).map_err(|e| {
            if too_many(&e) {
                FormatError::damaged(FORMAT, format!("it lists more than {MAX_ENTRIES} accounts"))
            } else {
                FormatError::json(FORMAT, &e)
            }
        })?;
        let accounts = export.accounts.ok_or(FormatError::NotThisFormat {
            expected: "a LastPass Authenticator export (it has no accounts)",
        })?;
        let mut imported = Imported::default();
        for account in &accounts.0 {
            imported.add_entry(Entry {
                defaults: DEFAULTS,
                kind: EntryKind::Totp,
                issuer: first([&account.issuer_name, &account.original_issuer_name]),
                account: first([&account.user_name, &account.original_user_name]),
                secret: Some(account.secret.0.as_str()),
                algorithm: account.algorithm.get(),
                digits: account.digits.0,
                period: account.time_step.0,
            });
        }
        Ok(imported)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::testing::assert_skipped;
    use crate::protect::passphrase::FixedPassphrase;
    use zeroize::Zeroizing;

    #[test]
    fn names_fall_back_to_the_originals_and_defaults_apply() {
        let json = r#"{"version": 3, "deviceName": "Pixel", "accounts": [
            {"issuerName": "Bank", "userName": "", "originalUserName": "taro", "secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "timeStep": 60, "digits": 8, "algorithm": "SHA256"},
            {"issuerName": "", "userName": "bare", "secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"},
            {"issuerName": "Long", "userName": "code", "secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "digits": 9}
        ]}"#;
        assert!(LastPass.detect(json.as_bytes()));
        let imported = LastPass
            .import(json.as_bytes(), &FixedPassphrase(Zeroizing::new(String::new())))
            .expect("imports");
        let got: Vec<_> = imported
            .accounts
            .iter()
            .map(|a| (a.name.as_str(), a.params()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "Bank: taro",
                    OtpParams {
                        algorithm: Algorithm::Sha256,
                        digits: 8,
                        period: 60
                    }
                ),
                ("bare", DEFAULTS)
            ]
        );
        assert_skipped(&imported, &["skipped 'Long: code': '9' digits is not supported"]);
    }
}
