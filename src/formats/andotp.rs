//! andOTP's backups: plain JSON, and its two encrypted forms.
//!
//! ```text
//! [ { "secret": Base32, "issuer", "label", "digits", "period", "type": "TOTP"|"HOTP"|"STEAM"|"MOTP",
//!     "algorithm": "SHA1"|"SHA256"|"SHA512", "counter", ... }, ... ]
//! current (.json.aes): iterations (u32, big-endian) | salt (12) | nonce (12) | AES-256-GCM(JSON) | tag
//!                      key = PBKDF2-HMAC-SHA1(password, salt, iterations, 32 bytes)
//! old:                 nonce (12) | AES-256-GCM(JSON) | tag, key = SHA-256(password)
//! ```
//!
//! Missing parameters take andOTP's defaults (SHA-1, 6 digits, 30 s). Old
//! versions wrote no issuer and a label "Issuer - Issuer:name"; that is
//! read as "Issuer: name". The encrypted forms have no signature: a binary
//! file that no other reader claims is tried as andOTP's, and a file
//! neither form opens is reported as a wrong password (or not andOTP's).

use serde::Deserialize;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::bounded::{LenientInt, List, MAX_ENTRIES, Text, too_many};
use super::peer_crypto::{self, Opened};
use super::{Entry, EntryKind, FormatError, FormatId, ImportFormat, Imported, SecretText, head};
use crate::domain::{Algorithm, OtpParams};
use crate::protect::passphrase::{PassphrasePrompt, PassphrasePurpose};

const FORMAT: FormatId = FormatId::AndOtp;
const DEFAULTS: OtpParams = OtpParams {
    algorithm: Algorithm::Sha1,
    digits: 6,
    period: 30,
};
const NONCE: usize = 12;
const SALT: usize = 12;
const TAG: usize = 16;

pub struct AndOtp;

#[derive(Deserialize)]
struct AndOtpEntry {
    #[serde(default)]
    secret: SecretText,
    #[serde(default)]
    issuer: Text,
    #[serde(default)]
    label: Text,
    #[serde(default)]
    digits: LenientInt,
    #[serde(default)]
    period: LenientInt,
    #[serde(default, rename = "type")]
    kind: Text,
    #[serde(default)]
    algorithm: Text,
}

/// Whether `bytes` can be an encrypted andOTP backup: binary (not UTF-8
/// text), and long enough for a nonce and a tag.
fn maybe_encrypted(bytes: &[u8]) -> bool {
    bytes.len() > NONCE + TAG && std::str::from_utf8(bytes).is_err()
}

impl ImportFormat for AndOtp {
    fn id(&self) -> FormatId {
        FORMAT
    }

    fn detect(&self, bytes: &[u8]) -> bool {
        let start = head(bytes, 64);
        (start.first() == Some(&b'[') && bytes.windows(9).any(|w| w == b"\"secret\":") && !bytes.starts_with(b"[]"))
            || maybe_encrypted(bytes)
    }

    fn import(&self, bytes: &[u8], passphrase: &dyn PassphrasePrompt) -> Result<Imported, FormatError> {
        if head(bytes, 1).first() == Some(&b'[') {
            return read(bytes);
        }
        if bytes.len() <= NONCE + TAG {
            return Err(FormatError::NotThisFormat {
                expected: "an andOTP backup",
            });
        }
        // The current form's iteration count, bounded before the password is asked.
        let current = bytes.len() > 4 + SALT + NONCE + TAG;
        let iterations = current.then(|| u64::from(u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])));
        let bounded = iterations.and_then(|i| peer_crypto::pbkdf2_iterations(i, FORMAT).ok());
        let password = passphrase.passphrase(PassphrasePurpose::Unlock)?;
        if let Some(iterations) = bounded {
            let (salt, rest) = bytes[4..].split_at(SALT);
            let (nonce, sealed) = rest.split_at(NONCE);
            let key = peer_crypto::pbkdf2_sha1(password.as_bytes(), salt, iterations);
            if let Some(plaintext) = open(&key, nonce, sealed)? {
                return encrypted(read(&plaintext)?);
            }
        }
        let mut key = Zeroizing::new([0u8; 32]);
        key.copy_from_slice(&Sha256::digest(password.as_bytes()));
        let (nonce, sealed) = bytes.split_at(NONCE);
        if let Some(plaintext) = open(&key, nonce, sealed)? {
            return encrypted(read(&plaintext)?);
        }
        Err(FormatError::Unsupported(
            "wrong passphrase, or the file is not an andOTP backup: it could not be decrypted; nothing was changed, try again (or pass the right --format)".into(),
        ))
    }
}

fn encrypted(mut imported: Imported) -> Result<Imported, FormatError> {
    imported.encrypted = true;
    Ok(imported)
}

fn open(key: &[u8; 32], nonce: &[u8], sealed: &[u8]) -> Result<Option<Zeroizing<Vec<u8>>>, FormatError> {
    match peer_crypto::aes_gcm_open(key, nonce, sealed, b"") {
        Ok(plaintext) => Ok(Some(plaintext)),
        Err(Opened::WrongKey) => Ok(None),
        Err(Opened::Malformed(detail)) => Err(FormatError::damaged(FORMAT, detail)),
    }
}

fn read(json: &[u8]) -> Result<Imported, FormatError> {
    let entries: List<AndOtpEntry> = serde_json::from_slice(json).map_err(|e| {
        if too_many(&e) {
            FormatError::damaged(FORMAT, format!("it lists more than {MAX_ENTRIES} entries"))
        } else {
            FormatError::json(FORMAT, &e)
        }
    })?;
    let mut imported = Imported::default();
    for entry in &entries.0 {
        let (issuer, account) = names(entry.issuer.get(), entry.label.get());
        imported.add_entry(Entry {
            defaults: DEFAULTS,
            kind: entry.kind.get().map_or(EntryKind::Totp, EntryKind::from_name),
            issuer,
            account,
            secret: Some(entry.secret.0.as_str()),
            algorithm: entry.algorithm.get(),
            digits: entry.digits.0,
            period: entry.period.0,
        });
    }
    Ok(imported)
}

/// Issuer and account; old andOTP's "Issuer - Issuer:name" label (no
/// issuer field) read as issuer and name.
fn names<'a>(issuer: Option<&'a str>, label: Option<&'a str>) -> (Option<&'a str>, Option<&'a str>) {
    if issuer.is_some_and(|i| !i.trim().is_empty()) {
        return (issuer, label);
    }
    if let Some(label) = label
        && let Some((before, name)) = label.split_once(':')
    {
        let issuer = before.split_once(" - ").map_or(before, |(first, _)| first).trim();
        if !issuer.is_empty() {
            return (Some(issuer), Some(name.trim()));
        }
    }
    (issuer, label)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::testing::{assert_accounts, assert_skipped};
    use crate::protect::passphrase::FixedPassphrase;
    use aes_gcm::aead::{Aead, KeyInit};

    const PLAIN: &str = r#"[
        {"secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "issuer": "Bank", "label": "taro", "type": "TOTP"},
        {"secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "label": "Shop - Shop:me", "digits": 8, "period": 60, "type": "TOTP", "algorithm": "SHA512"},
        {"secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "issuer": "Game", "label": "gamer", "type": "STEAM"},
        {"secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "issuer": "Phone", "label": "m", "type": "MOTP"}
    ]"#;

    fn check(imported: &Imported) {
        assert_accounts(
            imported,
            &[("Bank: taro", "SHA1", 6, 30), ("Shop: me", "SHA512", 8, 60)],
        );
        assert_skipped(
            imported,
            &[
                "skipped 'Game: gamer': Steam",
                "skipped 'Phone: m': 'motp' codes are not supported",
            ],
        );
    }

    fn seal(key: &[u8; 32], nonce: [u8; 12], plaintext: &[u8]) -> Vec<u8> {
        let cipher = aes_gcm::Aes256Gcm::new_from_slice(key).expect("key");
        cipher.encrypt(&aes_gcm::Nonce::from(nonce), plaintext).expect("seal")
    }

    fn import(bytes: &[u8], password: &str) -> Result<Imported, FormatError> {
        AndOtp.import(bytes, &FixedPassphrase(Zeroizing::new(password.into())))
    }

    #[test]
    fn plain_current_and_old_forms() {
        assert!(AndOtp.detect(PLAIN.as_bytes()));
        let plain = import(PLAIN.as_bytes(), "").expect("plain");
        assert!(!plain.encrypted);
        check(&plain);

        let iterations: u32 = 1000;
        let salt = [3u8; SALT];
        let key = peer_crypto::pbkdf2_sha1(b"pw", &salt, iterations);
        let mut current = iterations.to_be_bytes().to_vec();
        current.extend_from_slice(&salt);
        current.extend_from_slice(&[4u8; NONCE]);
        current.extend(seal(&key, [4; NONCE], PLAIN.as_bytes()));
        assert!(AndOtp.detect(&current));
        let opened = import(&current, "pw").expect("current");
        assert!(opened.encrypted);
        check(&opened);

        let mut key = [0u8; 32];
        key.copy_from_slice(&Sha256::digest(b"pw"));
        let mut old = vec![5u8; NONCE];
        old.extend(seal(&key, [5; NONCE], PLAIN.as_bytes()));
        check(&import(&old, "pw").expect("old"));

        for file in [&current, &old] {
            let message = import(file, "pW").expect_err("wrong").to_string();
            assert!(
                message.starts_with("wrong passphrase, or the file is not an andOTP backup"),
                "{message}"
            );
        }
    }
}
