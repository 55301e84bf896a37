//! Bitwarden's exports: the password manager's JSON (plain, or protected
//! by a password) and CSV, and the Bitwarden Authenticator app's JSON
//! (the same shape, logins only).
//!
//! ```text
//! { "encrypted": false, "items": [ { "type": 1, "name": "Item",
//!     "login": { "username": "...", "totp": "otpauth://…" | "BASE32" | "steam://…" } } ] }
//! { "encrypted": true, "passwordProtected": true, "salt": "...",
//!   "kdfType": 0 (PBKDF2-SHA256) | 1 (Argon2id), "kdfIterations", "kdfMemory" (MiB),
//!   "kdfParallelism", "encKeyValidation_DO_NOT_EDIT": EncString, "data": EncString }
//! folder,favorite,type,name,notes,fields,login_uri,login_username,login_password,login_totp
//! ```
//!
//! A password-protected file derives a 256-bit key from the password and
//! the salt's text (PBKDF2-SHA256, or Argon2id salted with the SHA-256 of
//! that text), stretches it with HKDF-SHA256 into an encryption and a MAC
//! key ("enc", "mac"), and holds "2.iv|data|mac" strings: AES-256-CBC with
//! HMAC-SHA256 over iv and data. The validation string is checked first:
//! a wrong password is told apart from a damaged file.
//!
//! Only logins with a `totp` are read; cards, identities and notes are
//! passed over without a word. An `otpauth://` link is named as it says; a
//! bare key takes Bitwarden's defaults (SHA-1, 6 digits, 30 s) and is named
//! "Item: username"; `steam://` is Steam Guard, named and skipped. A file
//! encrypted with the account key (not a password) is refused, with
//! advice.

use hmac::{Hmac, KeyInit, Mac};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::bounded::{LenientInt, List, MAX_ENTRIES, Text, too_many};
use super::peer_crypto::{self, Argon2Cost, Key, Opened};
use super::{
    Entry, EntryKind, FormatError, FormatId, ImportFormat, Imported, SecretText, SkipReason, head, json_mentions,
};
use crate::domain::merge::name_from_parts;
use crate::domain::{Algorithm, OtpParams};
use crate::protect::passphrase::{PassphrasePrompt, PassphrasePurpose};

const FORMAT: FormatId = FormatId::Bitwarden;
/// Bitwarden's defaults for a bare key (its TOTP generator's).
const DEFAULTS: OtpParams = OtpParams {
    algorithm: Algorithm::Sha1,
    digits: 6,
    period: 30,
};
const LOGIN: i64 = 1;
const KDF_PBKDF2: i64 = 0;
const KDF_ARGON2ID: i64 = 1;

pub struct Bitwarden;

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Export {
    #[serde(default)]
    encrypted: Option<bool>,
    #[serde(default)]
    password_protected: Option<bool>,
    #[serde(default)]
    salt: Text,
    #[serde(default)]
    kdf_type: LenientInt,
    #[serde(default)]
    kdf_iterations: LenientInt,
    #[serde(default)]
    kdf_memory: LenientInt,
    #[serde(default)]
    kdf_parallelism: LenientInt,
    #[serde(default, rename = "encKeyValidation_DO_NOT_EDIT")]
    validation: Text,
    #[serde(default)]
    data: Text,
    #[serde(default)]
    items: List<Item>,
}

#[derive(Deserialize)]
struct Item {
    #[serde(default, rename = "type")]
    kind: LenientInt,
    #[serde(default)]
    name: Text,
    #[serde(default)]
    login: Option<Login>,
}

#[derive(Deserialize)]
struct Login {
    #[serde(default)]
    username: Text,
    #[serde(default)]
    totp: Option<SecretText>,
}

impl ImportFormat for Bitwarden {
    fn id(&self) -> FormatId {
        FORMAT
    }

    fn detect(&self, bytes: &[u8]) -> bool {
        json_mentions(bytes, &["items", "encrypted"])
            || json_mentions(bytes, &["items", "folders"])
            || json_mentions(bytes, &["passwordProtected", "data"])
            || csv_header(bytes).is_some()
    }

    fn import(&self, bytes: &[u8], passphrase: &dyn PassphrasePrompt) -> Result<Imported, FormatError> {
        if head(bytes, 1).first() != Some(&b'{') && csv_header(bytes).is_some() {
            return import_csv(bytes);
        }
        let export = parse(bytes)?;
        if export.password_protected == Some(true) {
            let plaintext = decrypt(&export, passphrase)?;
            let inner = parse(&plaintext)?;
            if inner.encrypted == Some(true) {
                return Err(FormatError::damaged(FORMAT, "it is encrypted twice"));
            }
            let mut imported = read_items(&inner.items.0);
            imported.encrypted = true;
            return Ok(imported);
        }
        if export.encrypted == Some(true) {
            return Err(FormatError::Unsupported(
                "this Bitwarden export is encrypted with your Bitwarden account's key, which only Bitwarden can open: in Bitwarden, export again as \"JSON (Encrypted)\" with the \"Password protected\" type (or as plain JSON), import that file, then delete it".into(),
            ));
        }
        Ok(read_items(&export.items.0))
    }
}

fn parse(bytes: &[u8]) -> Result<Export, FormatError> {
    serde_json::from_slice(bytes).map_err(|e| {
        if too_many(&e) {
            FormatError::damaged(FORMAT, format!("it lists more than {MAX_ENTRIES} items"))
        } else {
            FormatError::json(FORMAT, &e)
        }
    })
}

fn read_items(items: &[Item]) -> Imported {
    let mut imported = Imported::default();
    for item in items {
        if item.kind.0 != Some(LOGIN) {
            continue;
        }
        let Some(login) = &item.login else { continue };
        let Some(totp) = &login.totp else { continue };
        add_totp(&mut imported, &totp.0, item.name.get(), login.username.get());
    }
    imported
}

/// One login's TOTP, whichever of its three forms.
fn add_totp(imported: &mut Imported, totp: &str, item: Option<&str>, username: Option<&str>) {
    let totp = totp.trim();
    if totp.is_empty() {
        return;
    }
    let scheme = |s: &str| totp.get(..s.len()).is_some_and(|t| t.eq_ignore_ascii_case(s));
    let username = username.filter(|u| !u.trim().is_empty());
    if scheme("otpauth://") {
        super::uris::add_link(imported, totp, item, None);
    } else if scheme("steam://") {
        imported.skip(name_from_parts(item, username), SkipReason::Steam);
    } else {
        imported.add_entry(Entry {
            defaults: DEFAULTS,
            kind: EntryKind::Totp,
            issuer: item,
            account: username,
            secret: Some(totp),
            algorithm: None,
            digits: None,
            period: None,
        });
    }
}

/// The password-protected file's contents, once the KDF costs pass their
/// bounds (before the password is asked for) and the password opens it.
fn decrypt(export: &Export, passphrase: &dyn PassphrasePrompt) -> Result<Zeroizing<Vec<u8>>, FormatError> {
    let salt = export
        .salt
        .get()
        .ok_or_else(|| FormatError::damaged(FORMAT, "it has no salt"))?;
    let iterations = export.kdf_iterations.0.unwrap_or(0).max(0) as u64;
    enum Kdf {
        Pbkdf2(u32),
        Argon2(argon2::Params),
    }
    let kdf = match export.kdf_type.0 {
        Some(KDF_PBKDF2) => Kdf::Pbkdf2(peer_crypto::pbkdf2_iterations(iterations, FORMAT)?),
        Some(KDF_ARGON2ID) => {
            let mib = export.kdf_memory.0.unwrap_or(0).max(0) as u64;
            Kdf::Argon2(
                Argon2Cost {
                    memory_kib: mib.saturating_mul(1024),
                    passes: iterations,
                    lanes: export.kdf_parallelism.0.unwrap_or(0).max(0) as u64,
                }
                .check(FORMAT)?,
            )
        }
        _ => {
            return Err(FormatError::Unsupported(
                "this Bitwarden export uses a key derivation trayotp does not know (neither PBKDF2 nor Argon2id): export it again from Bitwarden".into(),
            ));
        }
    };
    let validation = EncString::parse(export.validation.get().unwrap_or_default())?;
    let data = EncString::parse(export.data.get().unwrap_or_default())?;
    let password = passphrase.passphrase(PassphrasePurpose::Unlock)?;
    let master = match kdf {
        Kdf::Pbkdf2(iterations) => peer_crypto::pbkdf2_sha256(password.as_bytes(), salt.as_bytes(), iterations),
        Kdf::Argon2(params) => {
            let salt = Sha256::digest(salt.as_bytes());
            peer_crypto::argon2id(password.as_bytes(), &salt, params, FORMAT)?
        }
    };
    let keys = StretchedKeys::from_master(&master)?;
    if !validation.authentic(&keys) {
        return Err(peer_crypto::wrong_password(FORMAT));
    }
    if !data.authentic(&keys) {
        return Err(FormatError::damaged(FORMAT, "its data fail their integrity check"));
    }
    match peer_crypto::aes_cbc_open(&keys.enc, &data.iv, &data.ciphertext) {
        Ok(plaintext) => Ok(plaintext),
        Err(Opened::WrongKey) => Err(FormatError::damaged(FORMAT, "its data have a bad padding")),
        Err(Opened::Malformed(detail)) => Err(FormatError::damaged(FORMAT, detail)),
    }
}

/// The encryption and MAC keys HKDF-Expand makes of the master key.
struct StretchedKeys {
    enc: Key,
    mac: Key,
}

impl StretchedKeys {
    fn from_master(master: &Key) -> Result<Self, FormatError> {
        let hkdf = hkdf::Hkdf::<Sha256>::from_prk(master.as_slice())
            .map_err(|_| FormatError::damaged(FORMAT, "its key cannot be stretched"))?;
        let mut enc = Zeroizing::new([0u8; 32]);
        let mut mac = Zeroizing::new([0u8; 32]);
        hkdf.expand(b"enc", enc.as_mut_slice())
            .and_then(|()| hkdf.expand(b"mac", mac.as_mut_slice()))
            .map_err(|_| FormatError::damaged(FORMAT, "its key cannot be stretched"))?;
        Ok(StretchedKeys { enc, mac })
    }
}

/// A Bitwarden "EncString" of type 2: "2.iv|ciphertext|mac", each Base64.
struct EncString {
    iv: Zeroizing<Vec<u8>>,
    ciphertext: Zeroizing<Vec<u8>>,
    mac: Zeroizing<Vec<u8>>,
}

impl EncString {
    fn parse(text: &str) -> Result<Self, FormatError> {
        let malformed = || FormatError::damaged(FORMAT, "an encrypted value is not \"2.iv|data|mac\"");
        let rest = text.trim().strip_prefix("2.").ok_or_else(malformed)?;
        let mut parts = rest.split('|');
        let (Some(iv), Some(ciphertext), Some(mac), None) = (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(malformed());
        };
        let decode = |part: &str| peer_crypto::base64(part, FORMAT, "an encrypted value is not valid Base64");
        let value = EncString {
            iv: decode(iv)?,
            ciphertext: decode(ciphertext)?,
            mac: decode(mac)?,
        };
        if value.iv.len() != 16 || value.mac.len() != 32 {
            return Err(malformed());
        }
        Ok(value)
    }

    /// Whether its MAC is right for `keys` (in constant time).
    fn authentic(&self, keys: &StretchedKeys) -> bool {
        let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(keys.mac.as_slice()) else {
            return false;
        };
        mac.update(&self.iv);
        mac.update(&self.ciphertext);
        mac.verify_slice(&self.mac).is_ok()
    }
}

/// The CSV's columns that matter, if `bytes` start with Bitwarden's header
/// (a `login_totp` column).
fn csv_header(bytes: &[u8]) -> Option<CsvColumns> {
    let text = head(bytes, 4096);
    let line = text.split(|&b| b == b'\n').next()?;
    let line = std::str::from_utf8(line).ok()?.trim();
    let names: Vec<&str> = line.split(',').map(|n| n.trim().trim_matches('"')).collect();
    let find = |name: &str| names.iter().position(|n| *n == name);
    Some(CsvColumns {
        totp: find("login_totp")?,
        name: find("name"),
        username: find("login_username"),
        kind: find("type"),
    })
}

struct CsvColumns {
    totp: usize,
    name: Option<usize>,
    username: Option<usize>,
    kind: Option<usize>,
}

fn import_csv(bytes: &[u8]) -> Result<Imported, FormatError> {
    let columns = csv_header(bytes).ok_or(FormatError::NotThisFormat {
        expected: "a Bitwarden CSV export (it has no login_totp column)",
    })?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // Proton's sample has rows longer than the header: flexible.
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let mut imported = Imported::default();
    let mut record = csv::StringRecord::new();
    let mut rows = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => {
                let line = error.position().map_or(0, |p| p.line());
                return Err(FormatError::damaged(
                    FORMAT,
                    format!("its CSV is malformed at line {line}"),
                ));
            }
        }
        rows += 1;
        if rows > MAX_ENTRIES {
            return Err(FormatError::damaged(
                FORMAT,
                format!("it has more than {MAX_ENTRIES} rows"),
            ));
        }
        let cell = |index: Option<usize>| index.and_then(|i| record.get(i)).filter(|c| !c.trim().is_empty());
        if let Some(kind) = cell(columns.kind)
            && !(kind.eq_ignore_ascii_case("login") || kind.trim() == "1")
        {
            continue;
        }
        let Some(totp) = cell(Some(columns.totp)) else { continue };
        let totp = Zeroizing::new(totp.to_string());
        add_totp(&mut imported, &totp, cell(columns.name), cell(columns.username));
    }
    Ok(imported)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::testing::assert_skipped;
    use crate::protect::passphrase::FixedPassphrase;

    fn import(bytes: &[u8], password: &str) -> Result<Imported, FormatError> {
        Bitwarden.import(bytes, &FixedPassphrase(Zeroizing::new(password.into())))
    }

    const SEED_B32: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn plain_json_reads_links_bare_keys_and_names_steam() {
        let json = format!(
            r#"{{"encrypted": false, "items": [
            {{"type": 1, "name": "Bank", "login": {{"username": "taro", "totp": "{SEED_B32}"}}}},
            {{"type": 1, "name": "Shop", "login": {{"totp": "otpauth://totp/Shop:me?secret={SEED_B32}&period=60&issuer=Shop"}}}},
            {{"type": 1, "name": "Game", "login": {{"username": "gamer", "totp": "steam://{SEED_B32}"}}}},
            {{"type": 1, "name": "No code", "login": {{"username": "x", "totp": null}}}},
            {{"type": 3, "name": "Card", "card": {{"number": "4111"}}}}
        ]}}"#
        );
        assert!(Bitwarden.detect(json.as_bytes()));
        let imported = import(json.as_bytes(), "").expect("imports");
        let got: Vec<_> = imported
            .accounts
            .iter()
            .map(|a| (a.name.as_str(), a.params()))
            .collect();
        assert_eq!(
            got,
            [
                ("Bank: taro", DEFAULTS),
                ("Shop: me", OtpParams { period: 60, ..DEFAULTS })
            ]
        );
        assert_skipped(&imported, &["skipped 'Game: gamer': Steam"]);
        assert!(!imported.encrypted);
    }

    #[test]
    fn account_key_exports_are_refused_with_advice() {
        let json = r#"{"encrypted": true, "encKeyValidation_DO_NOT_EDIT": "2.x", "items": []}"#;
        let message = import(json.as_bytes(), "").expect_err("refused").to_string();
        assert!(message.contains("export again"), "{message}");
        assert!(message.contains("Password protected"), "{message}");
    }

    #[test]
    fn absurd_kdf_costs_are_refused_before_the_password() {
        struct Never;
        impl PassphrasePrompt for Never {
            fn passphrase(&self, _: PassphrasePurpose) -> Result<Zeroizing<String>, crate::protect::ProtectError> {
                panic!("asked for the password")
            }
        }
        for (kdf, iterations, memory) in [(0, 3_000_000_000u64, 0), (1, 3, 1_000_000), (1, 100, 1024), (7, 1, 1)] {
            let json = format!(
                r#"{{"encrypted": true, "passwordProtected": true, "salt": "c2FsdA==", "kdfType": {kdf},
                "kdfIterations": {iterations}, "kdfMemory": {memory}, "kdfParallelism": 4,
                "encKeyValidation_DO_NOT_EDIT": "2.AAAAAAAAAAAAAAAAAAAAAA==|AAAA|AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                "data": "2.AAAAAAAAAAAAAAAAAAAAAA==|AAAA|AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}}"#
            );
            let message = Bitwarden
                .import(json.as_bytes(), &Never)
                .expect_err("refused")
                .to_string();
            assert!(
                message.contains("outside what trayotp accepts") || message.contains("does not know"),
                "{message}"
            );
        }
    }

    #[test]
    fn csv_rows_with_extra_cells_and_other_types() {
        let csv = format!(
            "folder,favorite,type,name,notes,fields,login_uri,login_username,login_password,login_totp\n\
             ,,login,Bank,,,,taro,,{SEED_B32},extra,cells\n\
             ,,note,Note,,,,,,\n\
             ,,login,\"Quoted, name\",,,,,,\"otpauth://totp/Q:me?secret={SEED_B32}&issuer=Q\"\n\
             ,,login,Game,,,,,,steam://{SEED_B32}\n"
        );
        assert!(Bitwarden.detect(csv.as_bytes()));
        let imported = import(csv.as_bytes(), "").expect("imports");
        let names: Vec<_> = imported.accounts.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["Bank: taro", "Q: me"]);
        assert_skipped(&imported, &["skipped 'Game': Steam"]);
    }
}
