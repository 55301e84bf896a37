//! FreeOTP+'s JSON export (FreeOTP's own backup is a Java serialisation,
//! which this does not read):
//!
//! ```text
//! { "tokenOrder": ["Issuer:label", ...], "tokens": [
//!     { "type": "TOTP"|"HOTP", "issuerExt", "issuerInt", "label",
//!       "secret": [signed bytes], "algo", "digits", "period", "counter" } ] }
//! ```
//!
//! The key is a list of bytes (-128 to 127, as Java writes them). Named
//! "Issuer: label" (issuerExt, or issuerInt); missing parameters take
//! FreeOTP's defaults (SHA-1, 6 digits, 30 s). HOTP entries are named and
//! skipped. FreeOTP+'s export has no password.

use serde::Deserialize;
use zeroize::Zeroizing;

use super::bounded::{LenientInt, List, MAX_ENTRIES, Text, too_many};
use super::{Entry, EntryKind, FormatError, FormatId, ImportFormat, Imported, SkipReason, json_mentions};
use crate::domain::merge::name_from_parts;
use crate::domain::{Algorithm, OtpParams, SecretKey};
use crate::protect::passphrase::PassphrasePrompt;

const FORMAT: FormatId = FormatId::FreeOtp;
const DEFAULTS: OtpParams = OtpParams {
    algorithm: Algorithm::Sha1,
    digits: 6,
    period: 30,
};

pub struct FreeOtp;

#[derive(Deserialize)]
struct Export {
    #[serde(default)]
    tokens: Option<List<Token>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Token {
    #[serde(default, rename = "type")]
    kind: Text,
    #[serde(default)]
    issuer_ext: Text,
    #[serde(default)]
    issuer_int: Text,
    #[serde(default)]
    label: Text,
    #[serde(default)]
    secret: List<LenientInt>,
    #[serde(default)]
    algo: Text,
    #[serde(default)]
    digits: LenientInt,
    #[serde(default)]
    period: LenientInt,
}

/// The key's bytes, if every element is a byte (signed or not).
fn key_bytes(secret: &[LenientInt]) -> Option<Zeroizing<Vec<u8>>> {
    let mut bytes = Zeroizing::new(Vec::with_capacity(secret.len()));
    for value in secret {
        let value = value.0?;
        bytes.push(match value {
            -128..=-1 => (value + 256) as u8,
            0..=255 => value as u8,
            _ => return None,
        });
    }
    Some(bytes)
}

impl ImportFormat for FreeOtp {
    fn id(&self) -> FormatId {
        FORMAT
    }

    fn detect(&self, bytes: &[u8]) -> bool {
        json_mentions(bytes, &["tokens", "tokenOrder"])
    }

    fn import(&self, bytes: &[u8], _: &dyn PassphrasePrompt) -> Result<Imported, FormatError> {
        let export: Export = serde_json::from_slice(bytes).map_err(|e| {
            if too_many(&e) {
                FormatError::damaged(FORMAT, format!("it lists more than {MAX_ENTRIES} tokens"))
            } else {
                FormatError::json(FORMAT, &e)
            }
        })?;
        let tokens = export.tokens.ok_or(FormatError::NotThisFormat {
            expected: "a FreeOTP+ export (it has no tokens)",
        })?;
        let mut imported = Imported::default();
        for token in &tokens.0 {
            let issuer = [&token.issuer_ext, &token.issuer_int]
                .into_iter()
                .filter_map(Text::get)
                .find(|i| !i.trim().is_empty());
            let Some(key) = key_bytes(&token.secret.0) else {
                imported.skip(
                    name_from_parts(issuer, token.label.get()),
                    SkipReason::Other("its key is not a list of bytes".into()),
                );
                continue;
            };
            let base32 = SecretKey::new(key.to_vec()).to_base32();
            imported.add_entry(Entry {
                defaults: DEFAULTS,
                kind: token.kind.get().map_or(EntryKind::Totp, EntryKind::from_name),
                issuer,
                account: token.label.get(),
                secret: Some(base32.as_str()),
                algorithm: token.algo.get(),
                digits: token.digits.0,
                period: token.period.0,
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

    #[test]
    fn signed_bytes_and_defaults() {
        // b"12345678901234567890", and a key with a negative byte.
        let json = r#"{"tokenOrder": [], "tokens": [
            {"type": "TOTP", "issuerExt": "Bank", "label": "taro", "secret": [49,50,51,52,53,54,55,56,57,48,49,50,51,52,53,54,55,56,57,48]},
            {"type": "HOTP", "issuerExt": "Counter", "label": "me", "secret": [-19,64,-59,-18,-5,-20,-50,34,6,-79]},
            {"type": "TOTP", "issuerInt": "Odd", "label": "x", "secret": [300]}
        ]}"#;
        assert!(FreeOtp.detect(json.as_bytes()));
        let imported = FreeOtp
            .import(json.as_bytes(), &FixedPassphrase(Zeroizing::new(String::new())))
            .expect("imports");
        assert_accounts(&imported, &[("Bank: taro", "SHA1", 6, 30)]);
        assert_skipped(
            &imported,
            &[
                "skipped 'Counter: me': HOTP",
                "skipped 'Odd: x': its key is not a list of bytes",
            ],
        );
        assert_eq!(
            key_bytes(&[LenientInt(Some(-1)), LenientInt(Some(-128))]).map(|k| k.to_vec()),
            Some(vec![255, 128])
        );
    }
}
