//! Proton Authenticator's JSON backup, plain and password-protected:
//!
//! ```text
//! { "version": 1, "entries": [ { "id", "content": { "uri": "otpauth://…" | "steam://…",
//!     "entry_type": "Totp"|"Steam", "name" }, "note" } ] }
//! { "version": 1, "salt": Base64 (16), "content": Base64 (nonce (12) | AES-256-GCM(JSON) | tag) }
//! ```
//!
//! The password-protected form derives its key with Argon2id (19 MiB, 2
//! passes, 1 lane: fixed by Proton, not stated in the file) and
//! authenticates "proton.authenticator.export.v1" with the contents
//! (proton-pass-common's `password_exporter.rs`). Each link is read as
//! `trayotp add` reads one, named as it says (the entry's name when it
//! says nothing); Steam entries are named and skipped.

use serde::Deserialize;

use super::bounded::{LenientInt, List, MAX_ENTRIES, Text, too_many};
use super::peer_crypto::{self, Argon2Cost, Opened};
use super::{FormatError, FormatId, ImportFormat, Imported, SecretText, SkipReason, json_mentions};
use crate::protect::passphrase::{PassphrasePrompt, PassphrasePurpose};

const FORMAT: FormatId = FormatId::Proton;
const VERSION: i64 = 1;
const AAD: &[u8] = b"proton.authenticator.export.v1";
/// Proton's Argon2id costs (argon2's OWASP defaults).
const COST: Argon2Cost = Argon2Cost {
    memory_kib: 19 * 1024,
    passes: 2,
    lanes: 1,
};
const NONCE: usize = 12;

pub struct Proton;

#[derive(Deserialize)]
struct Export {
    #[serde(default)]
    version: LenientInt,
    #[serde(default)]
    entries: Option<List<ProtonEntry>>,
    #[serde(default)]
    salt: Text,
    #[serde(default)]
    content: Text,
}

#[derive(Deserialize)]
struct ProtonEntry {
    #[serde(default)]
    content: Option<Content>,
}

#[derive(Deserialize)]
struct Content {
    #[serde(default)]
    uri: SecretText,
    #[serde(default)]
    entry_type: Text,
    #[serde(default)]
    name: Text,
}

impl ImportFormat for Proton {
    fn id(&self) -> FormatId {
        FORMAT
    }

    fn detect(&self, bytes: &[u8]) -> bool {
        (json_mentions(bytes, &["version", "entries"]) && json_mentions(bytes, &["content"]))
            || json_mentions(bytes, &["version", "salt", "content"])
    }

    fn import(&self, bytes: &[u8], passphrase: &dyn PassphrasePrompt) -> Result<Imported, FormatError> {
        let export = parse(bytes)?;
        if export.entries.is_some() {
            return read(export);
        }
        let (Some(salt), Some(content)) = (export.salt.get(), export.content.get()) else {
            return Err(FormatError::NotThisFormat {
                expected: "a Proton Authenticator backup (it has neither entries nor encrypted content)",
            });
        };
        check_version(&export)?;
        let salt = peer_crypto::base64(salt, FORMAT, "its salt is not valid Base64")?;
        let sealed = peer_crypto::base64(content, FORMAT, "its content is not valid Base64")?;
        if sealed.len() < NONCE + 16 {
            return Err(FormatError::damaged(FORMAT, "its content is too short"));
        }
        let params = COST.check(FORMAT)?;
        let password = passphrase.passphrase(PassphrasePurpose::Unlock)?;
        let key = peer_crypto::argon2id(password.as_bytes(), &salt, params, FORMAT)?;
        let (nonce, sealed) = sealed.split_at(NONCE);
        let plaintext = match peer_crypto::aes_gcm_open(&key, nonce, sealed, AAD) {
            Ok(plaintext) => plaintext,
            Err(Opened::WrongKey) => return Err(peer_crypto::wrong_password(FORMAT)),
            Err(Opened::Malformed(detail)) => return Err(FormatError::damaged(FORMAT, detail)),
        };
        let inner = parse(&plaintext)?;
        if inner.entries.is_none() {
            return Err(FormatError::damaged(FORMAT, "its decrypted contents have no entries"));
        }
        let mut imported = read(inner)?;
        imported.encrypted = true;
        Ok(imported)
    }
}

fn parse(bytes: &[u8]) -> Result<Export, FormatError> {
    serde_json::from_slice(bytes).map_err(|e| {
        if too_many(&e) {
            FormatError::damaged(FORMAT, format!("it lists more than {MAX_ENTRIES} entries"))
        } else {
            FormatError::json(FORMAT, &e)
        }
    })
}

fn check_version(export: &Export) -> Result<(), FormatError> {
    match export.version.0 {
        Some(version) if version > VERSION => Err(FormatError::UnsupportedVersion {
            format: FORMAT.title(),
            version: version as u64,
            supported: VERSION as u64,
        }),
        _ => Ok(()),
    }
}

fn read(export: Export) -> Result<Imported, FormatError> {
    check_version(&export)?;
    let mut imported = Imported::default();
    for entry in export.entries.map(|e| e.0).unwrap_or_default() {
        let Some(content) = entry.content else { continue };
        let name = content.name.get().filter(|n| !n.trim().is_empty());
        let uri = content.uri.0.trim();
        let steam = content
            .entry_type
            .get()
            .is_some_and(|t| t.eq_ignore_ascii_case("steam"))
            || uri.get(..8).is_some_and(|s| s.eq_ignore_ascii_case("steam://"));
        if steam {
            imported.skip(name.unwrap_or("a Steam entry"), SkipReason::Steam);
        } else {
            super::uris::add_link(&mut imported, uri, name, None);
        }
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
    fn plain_backup() {
        let json = r#"{"version": 1, "entries": [
            {"id": "1", "content": {"uri": "otpauth://totp/Bank:taro?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Bank&period=60", "entry_type": "Totp", "name": "taro"}, "note": null},
            {"id": "2", "content": {"uri": "steam://GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "entry_type": "Steam", "name": "gamer"}, "note": null},
            {"id": "3", "content": {"uri": "otpauth://hotp/C:me?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=1", "entry_type": "Hotp", "name": "me"}, "note": null}
        ]}"#;
        assert!(Proton.detect(json.as_bytes()));
        let imported = Proton
            .import(json.as_bytes(), &FixedPassphrase(Zeroizing::new(String::new())))
            .expect("imports");
        assert_accounts(&imported, &[("Bank: taro", "SHA1", 6, 60)]);
        assert_skipped(&imported, &["skipped 'gamer': Steam", "skipped 'C: me': HOTP"]);
    }
}
