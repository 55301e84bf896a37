//! Aegis Authenticator's vault export (JSON), as Aegis documents it
//! (docs/vault.md in its repository):
//!
//! ```text
//! { "version": 1,
//!   "header": { "slots": [...] | null, "params": {"nonce", "tag"} | null },
//!   "db": { "version": 1-3, "entries": [...] }        (plain)
//!       | "<Base64 of the AES-256-GCM ciphertext>"      (encrypted, see aegis_crypto.rs) }
//! entry: { "type": "totp"|"hotp"|"steam"|"yandex"|"motp", "name", "issuer",
//!          "info": { "secret": Base32, "algo", "digits", "period" }, ... }
//! ```
//!
//! Aegis itself requires `algo`, `digits` and `period` on every TOTP entry;
//! should one be missing, trayotp takes Aegis's own defaults (30 s, 6 digits,
//! SHA-1, `OtpInfo.DEFAULT_*` / `TotpInfo.DEFAULT_PERIOD`). Aegis computes a
//! non-mOTP entry marked MD5 with SHA-1 (a work-around for an old bug), and
//! so does trayotp, so that the codes stay the ones Aegis showed. HOTP,
//! Steam, Yandex and mOTP entries are left out, by name.
//!
//! Notes, icons, groups and favourites are not carried over. Written as a
//! plain (unencrypted) vault that Aegis imports.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::aegis_crypto::{self, CipherParams, Slot};
use super::bounded::{LenientInt, List, MAX_ENTRIES, too_many};
use super::{Entry, EntryKind, ExportFormat, FormatError, FormatId, ImportFormat, Imported, SecretText, json_mentions};
use crate::domain::{AccountList, Algorithm, OtpParams};
use crate::protect::passphrase::{PassphrasePrompt, PassphrasePurpose};

/// Aegis's `OtpInfo.DEFAULT_ALGORITHM`, `DEFAULT_DIGITS` and
/// `TotpInfo.DEFAULT_PERIOD`.
const DEFAULTS: OtpParams = OtpParams {
    algorithm: Algorithm::Sha1,
    digits: 6,
    period: 30,
};

/// The vault file version this build reads.
const FILE_VERSION: u64 = 1;
/// The newest contents ("db") version this build reads.
const DB_VERSION: u64 = 3;

pub struct Aegis;

#[derive(Deserialize)]
struct VaultFile {
    version: u64,
    header: Header,
    db: DbField,
}

/// `db`: the contents themselves (plain), or their Base64 ciphertext
/// (encrypted). Read in one pass, never through a generic JSON value: a
/// hostile file's entries are counted as they are parsed ([`List`]).
enum DbField {
    Plain(Db),
    Encrypted(String),
    Other,
}

impl<'de> Deserialize<'de> for DbField {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DbVisitor;

        impl<'de> serde::de::Visitor<'de> for DbVisitor {
            type Value = DbField;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("the vault's contents or their ciphertext")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<DbField, E> {
                Ok(DbField::Encrypted(v.to_string()))
            }

            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<DbField, E> {
                Ok(DbField::Encrypted(v))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<DbField, A::Error> {
                Db::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(DbField::Plain)
            }

            fn visit_unit<E: serde::de::Error>(self) -> Result<DbField, E> {
                Ok(DbField::Other)
            }

            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<DbField, E> {
                Ok(DbField::Other)
            }

            fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<DbField, E> {
                Ok(DbField::Other)
            }

            fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<DbField, E> {
                Ok(DbField::Other)
            }

            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<DbField, E> {
                Ok(DbField::Other)
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<DbField, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(DbField::Other)
            }
        }

        deserializer.deserialize_any(DbVisitor)
    }
}

/// A parse error as the user reads it (the entry limit said so).
fn json_error(error: &serde_json::Error) -> FormatError {
    if too_many(error) {
        FormatError::damaged(FormatId::Aegis, format!("it lists more than {MAX_ENTRIES} entries"))
    } else {
        FormatError::json(FormatId::Aegis, error)
    }
}

#[derive(Deserialize)]
struct Header {
    slots: Option<Vec<Slot>>,
    params: Option<CipherParams>,
}

#[derive(Deserialize)]
struct Db {
    version: u64,
    entries: List<DbEntry>,
}

#[derive(Deserialize)]
struct DbEntry {
    #[serde(rename = "type", default)]
    kind: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    issuer: Option<String>,
    #[serde(default)]
    info: Info,
}

#[derive(Deserialize, Default)]
struct Info {
    #[serde(default)]
    secret: SecretText,
    #[serde(default)]
    algo: Option<String>,
    #[serde(default)]
    digits: LenientInt,
    #[serde(default)]
    period: LenientInt,
}

impl ImportFormat for Aegis {
    fn id(&self) -> FormatId {
        FormatId::Aegis
    }

    fn detect(&self, bytes: &[u8]) -> bool {
        json_mentions(bytes, &["header", "db"])
    }

    fn import(&self, bytes: &[u8], passphrase: &dyn PassphrasePrompt) -> Result<Imported, FormatError> {
        let file: VaultFile = serde_json::from_slice(bytes).map_err(|e| json_error(&e))?;
        if file.version != FILE_VERSION {
            return Err(FormatError::UnsupportedVersion {
                format: FormatId::Aegis.title(),
                version: file.version,
                supported: FILE_VERSION,
            });
        }
        let (db, encrypted) = match (&file.header.slots, &file.header.params, file.db) {
            (None, None, DbField::Plain(db)) => (db, false),
            (Some(slots), Some(params), DbField::Encrypted(db)) => {
                // A hostile file's KDF costs are refused before the password is asked for.
                aegis_crypto::password_slots(slots)?;
                let password = passphrase.passphrase(PassphrasePurpose::Unlock)?;
                let plaintext = aegis_crypto::decrypt_db(slots, params, &db, &password)?;
                let db = serde_json::from_slice::<Db>(&plaintext).map_err(|e| json_error(&e))?;
                (db, true)
            }
            _ => {
                return Err(FormatError::damaged(
                    FormatId::Aegis,
                    "its header and db do not match: neither plain nor encrypted",
                ));
            }
        };
        if db.version > DB_VERSION {
            return Err(FormatError::UnsupportedVersion {
                format: "Aegis vault contents",
                version: db.version,
                supported: DB_VERSION,
            });
        }
        let mut imported = Imported {
            encrypted,
            ..Imported::default()
        };
        for entry in &db.entries.0 {
            let kind = EntryKind::from_name(&entry.kind);
            // Aegis reads MD5 on anything but mOTP as SHA-1 (OtpInfo.fromJson).
            let algorithm = entry
                .info
                .algo
                .as_deref()
                .filter(|algo| !(kind == EntryKind::Totp && algo.trim().eq_ignore_ascii_case("MD5")));
            imported.add_entry(Entry {
                defaults: DEFAULTS,
                kind,
                issuer: entry.issuer.as_deref(),
                account: entry.name.as_deref(),
                secret: Some(entry.info.secret.0.as_str()),
                algorithm,
                digits: entry.info.digits.0,
                period: entry.info.period.0,
            });
        }
        Ok(imported)
    }
}

#[derive(Serialize)]
struct ExportFile<'a> {
    version: u64,
    header: ExportHeader,
    db: ExportDb<'a>,
}

#[derive(Serialize)]
struct ExportHeader {
    slots: Option<()>,
    params: Option<()>,
}

#[derive(Serialize)]
struct ExportDb<'a> {
    version: u64,
    entries: Vec<ExportEntry<'a>>,
    groups: [(); 0],
}

#[derive(Serialize)]
struct ExportEntry<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    uuid: String,
    name: &'a str,
    issuer: &'a str,
    note: &'static str,
    favorite: bool,
    icon: Option<()>,
    info: ExportInfo,
    groups: [(); 0],
}

#[derive(Serialize)]
struct ExportInfo {
    secret: SecretOut,
    algo: &'static str,
    digits: u8,
    period: u32,
}

/// Serialises a key held in zeroised memory.
struct SecretOut(Zeroizing<String>);

impl Serialize for SecretOut {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl ExportFormat for Aegis {
    fn id(&self) -> FormatId {
        FormatId::Aegis
    }

    fn export(&self, accounts: &AccountList) -> Result<Zeroizing<Vec<u8>>, FormatError> {
        let entries = accounts
            .iter()
            .map(|account| {
                Ok(ExportEntry {
                    kind: "totp",
                    uuid: random_uuid()?,
                    name: &account.name,
                    issuer: account.issuer.as_deref().unwrap_or_default(),
                    note: "",
                    favorite: false,
                    icon: None,
                    info: ExportInfo {
                        secret: SecretOut(account.key.to_base32()),
                        algo: account.algorithm.name(),
                        digits: account.digits,
                        period: account.period,
                    },
                    groups: [],
                })
            })
            .collect::<Result<Vec<_>, FormatError>>()?;
        let file = ExportFile {
            version: FILE_VERSION,
            header: ExportHeader {
                slots: None,
                params: None,
            },
            db: ExportDb {
                version: DB_VERSION,
                entries,
                groups: [],
            },
        };
        // Sized up front: a growing buffer would leave copies of keys behind.
        let mut out = Zeroizing::new(Vec::with_capacity(256 + 1024 * accounts.len()));
        serde_json::to_writer_pretty(&mut *out, &file)
            .map_err(|_| FormatError::damaged(FormatId::Aegis, "it could not be written as JSON"))?;
        out.push(b'\n');
        Ok(out)
    }
}

/// A random (version 4) UUID, as Aegis gives every entry.
fn random_uuid() -> Result<String, FormatError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| FormatError::Random(e.to_string()))?;
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::testing::{assert_accounts, assert_skipped};
    use crate::protect::passphrase::FixedPassphrase;

    const PLAIN: &[u8] = include_bytes!("../../tests/fixtures/aegis-plain.json");
    /// Built by tests/fixtures/make_fixtures.py with Python's hashlib.scrypt
    /// and cryptography's AESGCM, password "aegis test", N = 2^15.
    const ENCRYPTED: &[u8] = include_bytes!("../../tests/fixtures/aegis-encrypted.json");

    fn password(text: &str) -> FixedPassphrase {
        FixedPassphrase(Zeroizing::new(text.into()))
    }

    fn import(bytes: &[u8], pass: &str) -> Result<Imported, FormatError> {
        Aegis.import(bytes, &password(pass))
    }

    fn check_fixture_contents(imported: &Imported) {
        let long = format!("line break {}", "x".repeat(53));
        assert_accounts(
            imported,
            &[
                ("Example Bank: taro@example.com", "SHA1", 6, 60),
                ("楽天証券: 山田", "SHA512", 8, 30),
                (long.as_str(), "SHA256", 6, 30),
            ],
        );
        assert_skipped(
            imported,
            &[
                "skipped 'Counter': HOTP",
                "skipped 'Steam: gamer': Steam",
                "skipped 'Broken': the setup number has an invalid character",
            ],
        );
    }

    #[test]
    fn reads_the_plain_fixture() {
        assert!(Aegis.detect(PLAIN));
        let imported = import(PLAIN, "").expect("imports");
        assert!(!imported.encrypted);
        check_fixture_contents(&imported);
    }

    #[test]
    fn reads_the_encrypted_fixture_made_by_python() {
        assert!(Aegis.detect(ENCRYPTED));
        let imported = import(ENCRYPTED, "aegis test").expect("imports");
        assert!(imported.encrypted);
        check_fixture_contents(&imported);
    }

    #[test]
    fn missing_parameters_take_aegis_defaults_and_md5_totp_reads_as_sha1() {
        let vault = r#"{"version": 1, "header": {"slots": null, "params": null}, "db": {"version": 3, "entries": [
            {"type": "totp", "name": "bare", "issuer": "", "info": {"secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"}},
            {"type": "totp", "name": "md5", "issuer": "", "info": {"secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "algo": "MD5", "digits": 8, "period": 60}},
            {"type": "motp", "name": "mobile", "issuer": "", "info": {"secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "algo": "MD5", "digits": 6, "period": 10}}
        ]}}"#;
        let imported = import(vault.as_bytes(), "").expect("imports");
        let got: Vec<_> = imported
            .accounts
            .iter()
            .map(|a| (a.name.as_str(), a.params()))
            .collect();
        assert_eq!(
            got,
            [
                ("bare", DEFAULTS),
                (
                    "md5",
                    OtpParams {
                        algorithm: Algorithm::Sha1,
                        digits: 8,
                        period: 60
                    }
                )
            ]
        );
        assert_eq!(DEFAULTS.period, 30, "Aegis's TotpInfo.DEFAULT_PERIOD");
        assert_skipped(&imported, &["skipped 'mobile': 'motp' codes are not supported"]);
    }

    #[test]
    fn wrong_password_and_tampering_are_told_apart() {
        let message = import(ENCRYPTED, "aegis tesT").expect_err("wrong").to_string();
        assert_eq!(
            message,
            "wrong passphrase: the Aegis vault could not be decrypted with it; nothing was changed, try again"
        );

        let text = std::str::from_utf8(ENCRYPTED).expect("utf-8");
        let db: serde_json::Value = serde_json::from_str(text).expect("json");
        let sealed = db["db"].as_str().expect("db");
        let flipped = format!("{}{}", if sealed.starts_with('A') { "B" } else { "A" }, &sealed[1..]);
        let tampered = text.replace(sealed, &flipped);
        let message = import(tampered.as_bytes(), "aegis test")
            .expect_err("tampered")
            .to_string();
        assert!(
            message.contains("damaged (its contents fail their integrity check)"),
            "{message}"
        );
    }

    #[test]
    fn malformed_files_get_a_clear_message() {
        let text = std::str::from_utf8(PLAIN).expect("utf-8");
        let cases: Vec<(String, &str)> = vec![
            (
                text[..text.len() / 2].to_string(),
                "not a valid Aegis vault (unexpected end at line",
            ),
            (
                text.replacen("\"version\": 1", "\"version\": 2", 1),
                "Aegis vault version 2 is newer than",
            ),
            (
                text.replacen("\"version\": 3", "\"version\": 4", 1),
                "Aegis vault contents version 4 is newer than this trayotp reads (up to 3)",
            ),
            (
                text.replacen("\"slots\": null", "\"slots\": []", 1),
                "header and db do not match",
            ),
            (
                r#"{"header": {}, "db": {}}"#.into(),
                "not a valid Aegis vault (unexpected data at line 1",
            ),
        ];
        for (bytes, expected) in cases {
            let message = import(bytes.as_bytes(), "").expect_err(expected).to_string();
            assert!(message.contains(expected), "{expected:?} not in {message:?}");
            assert!(!message.contains("GEZD"), "{message}");
        }
    }

    #[test]
    fn vaults_without_a_password_slot_or_with_absurd_scrypt_costs_are_refused() {
        let vault = aegis_crypto::testing::encrypted_vault(r#"{"version":3,"entries":[]}"#, "pw", 4);
        assert_eq!(import(vault.as_bytes(), "pw").expect("opens").accounts.len(), 0);
        let biometric_only = vault.replace("\"type\":1", "\"type\":2");
        let message = import(biometric_only.as_bytes(), "pw")
            .expect_err("no slot")
            .to_string();
        assert!(message.contains("no password slot"), "{message}");
        let huge = vault.replace("\"n\":16", "\"n\":1073741824");
        let message = import(huge.as_bytes(), "pw").expect_err("huge").to_string();
        assert!(
            message.contains("scrypt parameters (N=1073741824, r=8, p=1)"),
            "{message}"
        );
        let odd = vault.replace("\"n\":16", "\"n\":15");
        assert!(import(odd.as_bytes(), "pw").is_err());
    }

    #[test]
    fn export_is_a_plain_vault_that_imports_back() {
        let mut list = AccountList::default();
        crate::domain::merge::merge(
            &mut list,
            import(PLAIN, "").expect("imports").accounts,
            Default::default(),
        );
        let exported = Aegis.export(&list).expect("exports");
        let json: serde_json::Value = serde_json::from_slice(&exported).expect("json");
        assert_eq!(json["header"]["slots"], serde_json::Value::Null);
        assert_eq!(json["db"]["entries"][0]["info"]["period"], 60);
        assert_eq!(json["db"]["entries"][0]["uuid"].as_str().map(str::len), Some(36));
        let again = import(&exported, "").expect("imports");
        assert_eq!(again.accounts.len(), list.len());
        for (a, b) in list.iter().zip(&again.accounts) {
            assert!(a.same_codes_as(b), "{} / {}", a.name, b.name);
        }
    }

    mod fuzz {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]

            /// A small-cost encrypted vault with one byte changed or cut
            /// short never panics and is never read as something else.
            #[test]
            fn mutated_encrypted_vaults_never_panic(index in any::<prop::sample::Index>(), byte in any::<u8>(), cut in any::<bool>()) {
                let db = r#"{"version":3,"entries":[{"type":"totp","name":"a","issuer":"","info":{"secret":"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ","algo":"SHA1","digits":6,"period":30}}]}"#;
                let mut vault = aegis_crypto::testing::encrypted_vault(db, "pw", 4).into_bytes();
                let at = index.index(vault.len());
                if cut { vault.truncate(at) } else { vault[at] = byte }
                if let Ok(imported) = import(&vault, "pw") {
                    prop_assert!(imported.accounts.len() <= 1);
                }
            }
        }
    }
}
