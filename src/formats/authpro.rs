//! Authenticator Pro's (now Stratum's) backups: plain JSON, encrypted, and
//! the legacy encrypted form (its doc/BACKUP_FORMAT.md):
//!
//! ```text
//! { "Authenticators": [ { "Type": 1 HOTP | 2 TOTP | 3 mOTP | 4 Steam | 5 Yandex,
//!     "Issuer", "Username", "Secret": Base32, "Algorithm": 0 SHA-1 | 1 SHA-256 | 2 SHA-512,
//!     "Digits", "Period", "Counter" } ], "Categories": [...], ... }
//! "AUTHENTICATORPRO" | salt (16) | nonce (12) | AES-256-GCM(JSON) | tag
//!     key = Argon2id(password, salt, 64 MiB, 3 passes, 4 lanes)
//! "AuthenticatorPro" | salt (20) | IV (16) | AES-256-CBC(JSON, PKCS#7)
//!     key = PBKDF2-HMAC-SHA1(password, salt, 64 000 iterations)
//! ```
//!
//! The costs are fixed by the app, not read from the file. Missing
//! parameters take the app's defaults (SHA-1, 6 digits, 30 s). The legacy
//! form has no MAC: a wrong password shows as bad padding or as contents
//! that are not JSON, both reported as a wrong password.

use serde::Deserialize;

use super::bounded::{LenientInt, List, MAX_ENTRIES, Text, too_many};
use super::peer_crypto::{self, Argon2Cost, Opened};
use super::{Entry, EntryKind, FormatError, FormatId, ImportFormat, Imported, SecretText, json_mentions};
use crate::domain::{Algorithm, OtpParams};
use crate::protect::passphrase::{PassphrasePrompt, PassphrasePurpose};

const FORMAT: FormatId = FormatId::AuthPro;
const DEFAULTS: OtpParams = OtpParams {
    algorithm: Algorithm::Sha1,
    digits: 6,
    period: 30,
};
const STRONG_HEADER: &[u8] = b"AUTHENTICATORPRO";
const LEGACY_HEADER: &[u8] = b"AuthenticatorPro";
const STRONG_COST: Argon2Cost = Argon2Cost {
    memory_kib: 64 * 1024,
    passes: 3,
    lanes: 4,
};
const LEGACY_ITERATIONS: u32 = 64_000;

pub struct AuthPro;

#[derive(Deserialize)]
struct Backup {
    #[serde(default, rename = "Authenticators")]
    authenticators: Option<List<Authenticator>>,
}

#[derive(Deserialize)]
struct Authenticator {
    #[serde(default, rename = "Type")]
    kind: LenientInt,
    #[serde(default, rename = "Issuer")]
    issuer: Text,
    #[serde(default, rename = "Username")]
    username: Text,
    #[serde(default, rename = "Secret")]
    secret: SecretText,
    #[serde(default, rename = "Algorithm")]
    algorithm: LenientInt,
    #[serde(default, rename = "Digits")]
    digits: LenientInt,
    #[serde(default, rename = "Period")]
    period: LenientInt,
}

impl ImportFormat for AuthPro {
    fn id(&self) -> FormatId {
        FORMAT
    }

    fn detect(&self, bytes: &[u8]) -> bool {
        bytes.starts_with(STRONG_HEADER)
            || bytes.starts_with(LEGACY_HEADER)
            || json_mentions(bytes, &["Authenticators"])
    }

    fn import(&self, bytes: &[u8], passphrase: &dyn PassphrasePrompt) -> Result<Imported, FormatError> {
        let plaintext = if let Some(rest) = bytes.strip_prefix(STRONG_HEADER) {
            if rest.len() < 16 + 12 + 16 {
                return Err(FormatError::damaged(FORMAT, "it is too short"));
            }
            let params = STRONG_COST.check(FORMAT)?;
            let password = passphrase.passphrase(PassphrasePurpose::Unlock)?;
            let (salt, rest) = rest.split_at(16);
            let (nonce, sealed) = rest.split_at(12);
            let key = peer_crypto::argon2id(password.as_bytes(), salt, params, FORMAT)?;
            match peer_crypto::aes_gcm_open(&key, nonce, sealed, b"") {
                Ok(plaintext) => plaintext,
                Err(Opened::WrongKey) => return Err(peer_crypto::wrong_password(FORMAT)),
                Err(Opened::Malformed(detail)) => return Err(FormatError::damaged(FORMAT, detail)),
            }
        } else if let Some(rest) = bytes.strip_prefix(LEGACY_HEADER) {
            if rest.len() < 20 + 16 + 16 {
                return Err(FormatError::damaged(FORMAT, "it is too short"));
            }
            let password = passphrase.passphrase(PassphrasePurpose::Unlock)?;
            let (salt, rest) = rest.split_at(20);
            let (iv, ciphertext) = rest.split_at(16);
            let key = peer_crypto::pbkdf2_sha1(password.as_bytes(), salt, LEGACY_ITERATIONS);
            match peer_crypto::aes_cbc_open(&key, iv, ciphertext) {
                Ok(plaintext) => plaintext,
                Err(Opened::WrongKey) => return Err(peer_crypto::wrong_password(FORMAT)),
                Err(Opened::Malformed(detail)) => return Err(FormatError::damaged(FORMAT, detail)),
            }
        } else {
            return read(bytes);
        };
        // Without a MAC, garbage that happens to unpad is a wrong password too.
        if !super::head(&plaintext, 1).starts_with(b"{") {
            return Err(peer_crypto::wrong_password(FORMAT));
        }
        let mut imported = read(&plaintext)?;
        imported.encrypted = true;
        Ok(imported)
    }
}

fn read(json: &[u8]) -> Result<Imported, FormatError> {
    let backup: Backup = serde_json::from_slice(json).map_err(|e| {
        if too_many(&e) {
            FormatError::damaged(FORMAT, format!("it lists more than {MAX_ENTRIES} authenticators"))
        } else {
            FormatError::json(FORMAT, &e)
        }
    })?;
    let authenticators = backup.authenticators.ok_or(FormatError::NotThisFormat {
        expected: "an Authenticator Pro backup (it has no Authenticators)",
    })?;
    let mut imported = Imported::default();
    for entry in &authenticators.0 {
        let kind = match entry.kind.0 {
            Some(1) => EntryKind::Hotp,
            Some(2) | None => EntryKind::Totp,
            Some(3) => EntryKind::Other("motp".into()),
            Some(4) => EntryKind::Steam,
            Some(5) => EntryKind::Other("yandex".into()),
            Some(other) => EntryKind::Other(format!("type {other}")),
        };
        let algorithm = match entry.algorithm.0 {
            None | Some(0) => "SHA1",
            Some(1) => "SHA256",
            Some(2) => "SHA512",
            Some(_) => "unknown",
        };
        imported.add_entry(Entry {
            defaults: DEFAULTS,
            kind,
            issuer: entry.issuer.get(),
            account: entry.username.get(),
            secret: Some(entry.secret.0.as_str()),
            algorithm: Some(algorithm),
            digits: entry.digits.0,
            period: entry.period.0,
        });
    }
    Ok(imported)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::testing::{assert_accounts, assert_skipped};
    use crate::protect::passphrase::FixedPassphrase;
    use zeroize::Zeroizing;

    #[test]
    fn types_and_algorithms_by_number() {
        let json = r#"{"Authenticators": [
            {"Type": 2, "Issuer": "Bank", "Username": "taro", "Secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "Algorithm": 2, "Digits": 8, "Period": 60},
            {"Type": 1, "Issuer": "Counter", "Username": "", "Secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"},
            {"Type": 3, "Issuer": "Phone", "Secret": "GEZDGNBVGY3TQOJQ"},
            {"Type": 4, "Issuer": "Steam", "Username": "g", "Secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"},
            {"Type": 5, "Issuer": "Yandex", "Secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"},
            {"Type": 2, "Issuer": "Odd", "Secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "Algorithm": 7}
        ]}"#;
        assert!(AuthPro.detect(json.as_bytes()));
        let imported = AuthPro
            .import(json.as_bytes(), &FixedPassphrase(Zeroizing::new(String::new())))
            .expect("imports");
        assert_accounts(&imported, &[("Bank: taro", "SHA512", 8, 60)]);
        assert_skipped(
            &imported,
            &[
                "skipped 'Counter': HOTP",
                "skipped 'Phone': 'motp' codes",
                "skipped 'Steam: g': Steam",
                "skipped 'Yandex': 'yandex' codes",
                "skipped 'Odd': unknown algorithm",
            ],
        );
    }
}
