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
//!
//! Written as 2FAS's Android app writes a backup without a password
//! (schema 4, every key its `BackupService` has, nulls included): the
//! service name is the issuer (or the display name), the account is the
//! display name, digits, period and algorithm are spelled out, and the
//! icon is a text label. 2FAS keeps the period, so nothing is lossy.

use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::bounded::{LenientInt, List, MAX_ENTRIES, Text, too_many};
use super::{Entry, EntryKind, ExportFormat, FormatError, FormatId, ImportFormat, Imported, SecretText, json_mentions};
use crate::domain::{Account, AccountList, Algorithm, OtpParams};
use crate::protect::passphrase::PassphrasePrompt;

/// The newest schema version this build reads.
const SCHEMA_VERSION: u64 = 4;
/// 2FAS's defaults when a backup leaves a parameter out (schema 1 has
/// none of them; schema 2 leaves `period` out of what were HOTP accounts):
/// 6 digits, 30 s, SHA-1, as 2FAS and Aegis's 2FAS importer read them.
const DEFAULTS: OtpParams = OtpParams {
    algorithm: Algorithm::Sha1,
    digits: 6,
    period: 30,
};

pub struct TwoFas;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Backup {
    #[serde(default)]
    services: List<Service>,
    #[serde(default)]
    services_encrypted: Option<String>,
    #[serde(default)]
    schema_version: Option<u64>,
}

#[derive(Deserialize)]
struct Service {
    #[serde(default)]
    name: Text,
    #[serde(default)]
    secret: SecretText,
    #[serde(default)]
    otp: Otp,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Otp {
    #[serde(default)]
    account: Text,
    #[serde(default)]
    issuer: Text,
    #[serde(default)]
    digits: LenientInt,
    #[serde(default)]
    period: LenientInt,
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
        let backup: Backup = serde_json::from_slice(bytes).map_err(|e| {
            if too_many(&e) {
                FormatError::damaged(FormatId::TwoFas, format!("it lists more than {MAX_ENTRIES} entries"))
            } else {
                FormatError::json(FormatId::TwoFas, &e)
            }
        })?;
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
        for service in &backup.services.0 {
            let otp = &service.otp;
            let issuer = otp.issuer.get().filter(|i| !i.trim().is_empty());
            imported.add_entry(Entry {
                defaults: DEFAULTS,
                kind: otp.token_type.as_deref().map_or(EntryKind::Totp, EntryKind::from_name),
                issuer: issuer.or(service.name.get()),
                account: otp.account.get(),
                secret: Some(service.secret.0.as_str()),
                algorithm: otp.algorithm.as_deref(),
                digits: otp.digits.0,
                period: otp.period.0,
            });
        }
        Ok(imported)
    }
}

/// What the backup says wrote it: 2FAS for Android 5.3.0, whose backups
/// 2FAS imports on every platform (2FAS reads these only for display).
const APP_VERSION_CODE: u64 = 5_000_030;
const APP_VERSION_NAME: &str = "5.3.0";
const APP_ORIGIN: &str = "android";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExportFile<'a> {
    services: Vec<ExportService<'a>>,
    groups: [(); 0],
    updated_at: u64,
    schema_version: u64,
    app_version_code: u64,
    app_version_name: &'static str,
    app_origin: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExportService<'a> {
    name: &'a str,
    secret: SecretOut,
    updated_at: u64,
    #[serde(rename = "serviceTypeID")]
    service_type_id: Option<()>,
    otp: ExportOtp<'a>,
    order: ExportOrder,
    badge: Option<()>,
    icon: ExportIcon,
    group_id: Option<()>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExportOtp<'a> {
    link: Option<()>,
    label: Option<&'a str>,
    account: Option<&'a str>,
    issuer: Option<&'a str>,
    digits: u8,
    period: u32,
    algorithm: &'static str,
    counter: Option<()>,
    token_type: &'static str,
    source: &'static str,
}

#[derive(Serialize)]
struct ExportOrder {
    position: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExportIcon {
    selected: &'static str,
    brand: Option<()>,
    label: ExportLabel,
    icon_collection: Option<()>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExportLabel {
    text: String,
    background_color: &'static str,
}

/// Serialises a key held in zeroised memory.
struct SecretOut(Zeroizing<String>);

impl Serialize for SecretOut {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl ExportFormat for TwoFas {
    fn id(&self) -> FormatId {
        FormatId::TwoFas
    }

    fn export(&self, accounts: &AccountList) -> Result<Zeroizing<Vec<u8>>, FormatError> {
        // Milliseconds, as 2FAS counts; a clock before 1970 gives 0.
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
        let services = accounts
            .iter()
            .enumerate()
            .map(|(position, account)| service(account, position, now))
            .collect();
        let file = ExportFile {
            services,
            groups: [],
            updated_at: now,
            schema_version: SCHEMA_VERSION,
            app_version_code: APP_VERSION_CODE,
            app_version_name: APP_VERSION_NAME,
            app_origin: APP_ORIGIN,
        };
        // Sized up front: a growing buffer would leave copies of keys behind.
        let mut out = Zeroizing::new(Vec::with_capacity(512 + 1024 * accounts.len()));
        serde_json::to_writer_pretty(&mut *out, &file)
            .map_err(|_| FormatError::damaged(FormatId::TwoFas, "it could not be written as JSON"))?;
        out.push(b'\n');
        Ok(out)
    }
}

/// One account as 2FAS's service: named after the issuer (the display
/// name without an "Issuer: " prefix is the account), or after the display
/// name alone.
fn service(account: &Account, position: usize, now: u64) -> ExportService<'_> {
    let issuer = account.issuer.as_deref().filter(|issuer| !issuer.trim().is_empty());
    let (name, info) = match issuer {
        Some(issuer) => {
            let info = account
                .name
                .get(..issuer.len())
                .filter(|head| head.eq_ignore_ascii_case(issuer))
                .and_then(|_| account.name[issuer.len()..].strip_prefix(':'))
                .map(str::trim)
                .filter(|rest| !rest.is_empty())
                .unwrap_or(&account.name);
            (issuer, Some(info))
        }
        None => (account.name.as_str(), None),
    };
    ExportService {
        name,
        secret: SecretOut(account.key.to_base32()),
        updated_at: now,
        service_type_id: None,
        otp: ExportOtp {
            link: None,
            label: info,
            account: info,
            issuer,
            digits: account.digits,
            period: account.period,
            algorithm: account.algorithm.name(),
            counter: None,
            token_type: "TOTP",
            source: "Manual",
        },
        order: ExportOrder { position },
        badge: None,
        icon: ExportIcon {
            selected: "Label",
            brand: None,
            label: ExportLabel {
                // 2FAS's own label: the name's first two characters, in capitals.
                text: name.chars().take(2).collect::<String>().to_uppercase(),
                background_color: "LightBlue",
            },
            icon_collection: None,
        },
        group_id: None,
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
    fn missing_parameters_take_2fas_defaults() {
        let backup = r#"{"schemaVersion": 1, "services": [
            {"name": "Bank", "secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "otp": {"account": "taro"}},
            {"name": "Shop", "secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA", "otp": {"digits": 8, "algorithm": null}}
        ]}"#;
        let imported = import(backup.as_bytes()).expect("imports");
        let got: Vec<_> = imported
            .accounts
            .iter()
            .map(|a| (a.name.as_str(), a.params()))
            .collect();
        assert_eq!(
            got,
            [("Bank: taro", DEFAULTS), ("Shop", OtpParams { digits: 8, ..DEFAULTS })]
        );
        assert_eq!((DEFAULTS.period, DEFAULTS.digits), (30, 6));
    }

    use crate::domain::Algorithm;
    use crate::formats::testing::{account, list};

    const SEED: &[u8] = b"12345678901234567890";

    /// Every key of `fixture` is in `ours` with a value of the same JSON
    /// type, recursively (arrays: their first elements); returns the keys
    /// only `ours` has, as paths.
    fn same_shape(fixture: &serde_json::Value, ours: &serde_json::Value, path: &str, extra: &mut Vec<String>) {
        use serde_json::Value;
        match (fixture, ours) {
            (Value::Object(theirs), Value::Object(mine)) => {
                for (key, value) in theirs {
                    let inner = format!("{path}.{key}");
                    let mine = mine.get(key).unwrap_or_else(|| panic!("{inner} missing"));
                    same_shape(value, mine, &inner, extra);
                }
                extra.extend(
                    mine.keys()
                        .filter(|key| !theirs.contains_key(*key))
                        .map(|key| format!("{path}.{key}")),
                );
            }
            (Value::Array(theirs), Value::Array(mine)) => {
                if let (Some(theirs), Some(mine)) = (theirs.first(), mine.first()) {
                    same_shape(theirs, mine, &format!("{path}[0]"), extra);
                }
            }
            (theirs, mine) => assert_eq!(
                std::mem::discriminant(theirs),
                std::mem::discriminant(mine),
                "{path}: {theirs} vs {mine}"
            ),
        }
    }

    #[test]
    fn export_has_the_shape_2fas_writes_and_reads_back() {
        let accounts = list([
            account(
                "Example Bank: taro@example.com",
                Some("Example Bank"),
                SEED,
                (Algorithm::Sha1, 6, 60),
            ),
            account("三菱 太郎", None, &[0xAB; 64], (Algorithm::Sha512, 8, 60)),
            account("Work", Some("Bank"), &[7; 20], (Algorithm::Sha256, 7, 45)),
        ]);
        assert!(TwoFas.lossy(&accounts).is_empty(), "2FAS keeps every parameter");
        let exported = TwoFas.export(&accounts).expect("exports");
        assert!(TwoFas.detect(&exported));

        let ours: serde_json::Value = serde_json::from_slice(&exported).expect("json");
        let fixture: serde_json::Value = serde_json::from_slice(FIXTURE).expect("json");
        let mut extra = Vec::new();
        same_shape(&fixture, &ours, "", &mut extra);
        extra.sort();
        // Keys 2FAS's BackupService has that the fixture happens to leave out.
        assert_eq!(
            extra,
            [
                ".services[0].badge",
                ".services[0].groupId",
                ".services[0].icon.brand",
                ".services[0].icon.iconCollection",
                ".services[0].otp.counter",
                ".services[0].otp.link",
                ".services[0].serviceTypeID",
            ]
        );
        let first = &ours["services"][0];
        assert_eq!(first["name"], "Example Bank");
        assert_eq!(first["secret"], "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assert_eq!(first["otp"]["account"], "taro@example.com");
        assert_eq!(first["otp"]["issuer"], "Example Bank");
        assert_eq!(first["otp"]["period"], 60);
        assert_eq!(first["otp"]["tokenType"], "TOTP");
        assert_eq!(first["otp"]["source"], "Manual");
        assert_eq!(first["icon"]["label"]["text"], "EX");
        let second = &ours["services"][1];
        assert_eq!(second["name"], "三菱 太郎");
        assert!(second["otp"]["account"].is_null() && second["otp"]["issuer"].is_null());
        assert_eq!(second["otp"]["algorithm"], "SHA512");
        assert_eq!(second["order"]["position"], 1);
        assert_eq!(ours["schemaVersion"], 4);
        assert!(ours["updatedAt"].as_u64().is_some_and(|ms| ms > 1_700_000_000_000));

        let imported = import(&exported).expect("imports");
        crate::formats::testing::assert_accounts(
            &imported,
            &[
                ("Example Bank: taro@example.com", "SHA1", 6, 60),
                ("三菱 太郎", "SHA512", 8, 60),
                ("Bank: Work", "SHA256", 7, 45),
            ],
        );
        for (a, b) in accounts.iter().zip(&imported.accounts) {
            assert!(a.same_codes_as(b), "{}", a.name);
        }
        assert!(imported.skipped.is_empty() && imported.warnings.is_empty());
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
