//! 2FAS Authenticator's backup file (`.2fas`, JSON), without a password:
//!
//! ```text
//! { "schemaVersion": 1-4, "services": [
//!     { "name": "Google", "secret": Base32,
//!       "otp": { "account", "issuer", "digits", "period", "algorithm",
//!                "tokenType": "TOTP"|"HOTP"|"STEAM" } }, ... ],
//!   "servicesEncrypted": "..." (only in password-protected backups) }
//! ```
//!
//! The service name stands in for a missing issuer; missing digits, period
//! or algorithm take 2FAS's defaults (6, 30 s, SHA-1). Password-protected
//! backups are refused with advice (2FAS can export one without).

use serde::Deserialize;

use super::{Entry, EntryKind, FormatError, FormatId, ImportFormat, Imported, SecretText, json_mentions, lenient_int};
use crate::protect::passphrase::PassphrasePrompt;

/// The newest schema version this build reads.
const SCHEMA_VERSION: u64 = 4;
/// 2FAS's defaults when a backup leaves a parameter out.
const DEFAULT_DIGITS: i64 = 6;
const DEFAULT_PERIOD: i64 = 30;

pub struct TwoFas;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Backup {
    #[serde(default)]
    services: Vec<Service>,
    #[serde(default)]
    services_encrypted: Option<String>,
    #[serde(default)]
    schema_version: Option<u64>,
}

#[derive(Deserialize)]
struct Service {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    secret: SecretText,
    #[serde(default)]
    otp: Otp,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Otp {
    #[serde(default)]
    account: Option<String>,
    #[serde(default)]
    issuer: Option<String>,
    #[serde(default)]
    digits: Option<serde_json::Value>,
    #[serde(default)]
    period: Option<serde_json::Value>,
    #[serde(default)]
    algorithm: Option<String>,
    #[serde(default)]
    token_type: Option<String>,
}

impl ImportFormat for TwoFas {
    fn id(&self) -> FormatId {
        FormatId::TwoFas
    }

    fn detect(&self, bytes: &[u8]) -> bool {
        json_mentions(bytes, &["services", "schemaVersion"])
    }

    fn import(&self, bytes: &[u8], _: &dyn PassphrasePrompt) -> Result<Imported, FormatError> {
        let backup: Backup = serde_json::from_slice(bytes).map_err(|e| FormatError::json(FormatId::TwoFas, &e))?;
        let version = backup.schema_version.ok_or(FormatError::NotThisFormat {
            expected: "a 2FAS backup (it has no schemaVersion)",
        })?;
        if version > SCHEMA_VERSION {
            return Err(FormatError::UnsupportedVersion {
                format: FormatId::TwoFas.title(),
                version,
                supported: SCHEMA_VERSION,
            });
        }
        if backup.services_encrypted.is_some_and(|s| !s.is_empty()) {
            return Err(FormatError::Unsupported(
                "this 2FAS backup is protected by a password, which trayotp cannot read: in 2FAS, export a backup without a password, import it, then delete it".into(),
            ));
        }
        let mut imported = Imported::default();
        for service in &backup.services {
            let otp = &service.otp;
            let issuer = otp.issuer.as_deref().filter(|i| !i.trim().is_empty());
            imported.add_entry(Entry {
                kind: otp.token_type.as_deref().map_or(EntryKind::Totp, EntryKind::from_name),
                issuer: issuer.or(service.name.as_deref()),
                account: otp.account.as_deref(),
                secret: Some(service.secret.0.as_str()),
                algorithm: otp.algorithm.as_deref(),
                digits: Some(lenient_int(otp.digits.as_ref()).unwrap_or(DEFAULT_DIGITS)),
                period: Some(lenient_int(otp.period.as_ref()).unwrap_or(DEFAULT_PERIOD)),
            });
        }
        Ok(imported)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::testing::{assert_accounts, assert_skipped};
    use crate::protect::passphrase::FixedPassphrase;
    use zeroize::Zeroizing;

    const FIXTURE: &[u8] = include_bytes!("../../tests/fixtures/2fas.2fas");

    fn import(bytes: &[u8]) -> Result<Imported, FormatError> {
        TwoFas.import(bytes, &FixedPassphrase(Zeroizing::new(String::new())))
    }

    #[test]
    fn reads_the_fixture() {
        assert!(TwoFas.detect(FIXTURE));
        let imported = import(FIXTURE).expect("imports");
        assert_accounts(
            &imported,
            &[
                ("Example Bank: taro@example.com", "SHA1", 6, 60),
                ("楽天証券: 山田", "SHA1", 8, 30),
            ],
        );
        assert_skipped(
            &imported,
            &[
                "skipped 'Counter: me': HOTP",
                "skipped 'Steam: gamer': Steam",
                "skipped 'Broken': the setup number has an invalid",
            ],
        );
    }

    #[test]
    fn malformed_encrypted_and_newer_backups_are_refused() {
        let text = std::str::from_utf8(FIXTURE).expect("utf-8");
        let cases: Vec<(String, &str)> = vec![
            (
                text[..text.len() - 10].to_string(),
                "not a valid 2FAS backup (unexpected end",
            ),
            (
                text.replace("\"schemaVersion\": 4", "\"schemaVersion\": 5"),
                "2FAS backup version 5 is newer than this trayotp reads (up to 4)",
            ),
            (
                r#"{"services": [], "servicesEncrypted": "abc:def", "schemaVersion": 4}"#.into(),
                "protected by a password",
            ),
            (r#"{"services": []}"#.into(), "it is not a 2FAS backup"),
            (
                r#"{"services": 5, "schemaVersion": 4}"#.into(),
                "not a valid 2FAS backup (unexpected data",
            ),
        ];
        for (bytes, expected) in cases {
            let message = import(bytes.as_bytes()).expect_err(expected).to_string();
            assert!(message.contains(expected), "{expected:?} not in {message:?}");
        }
    }
}
