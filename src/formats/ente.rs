//! Ente Auth's encrypted export (its plain export is a list of
//! `otpauth://` links, read by [`super::uris`]):
//!
//! ```text
//! { "version": 1, "kdfParams": { "memLimit": bytes, "opsLimit": passes, "salt": Base64 (16) },
//!   "encryptedData": Base64, "encryptionNonce": Base64 (24) }
//! ```
//!
//! The key is libsodium's `crypto_pwhash` (Argon2id 1.3, one lane, the
//! file's memory and passes: Ente writes libsodium's "sensitive" limits,
//! 1 GiB and 4 passes, or on a phone short of memory half the memory and
//! twice the passes, down to "moderate"'s 256 MiB), bounded before the
//! password is asked for. The data is one `crypto_secretstream`
//! XChaCha20-Poly1305 message whose header is the nonce, through RustCrypto's
//! `crypto_secretstream`. Inside is the plain export: links, one a line.

use serde::Deserialize;
use zeroize::Zeroizing;

use super::bounded::{LenientInt, Text};
use super::peer_crypto::{self, Argon2Cost};
use super::{FormatError, FormatId, ImportFormat, Imported, json_mentions};
use crate::protect::passphrase::{PassphrasePrompt, PassphrasePurpose};

const FORMAT: FormatId = FormatId::Ente;
const VERSION: i64 = 1;

pub struct Ente;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Export {
    #[serde(default)]
    version: LenientInt,
    #[serde(default)]
    kdf_params: Option<KdfParams>,
    #[serde(default)]
    encrypted_data: Text,
    #[serde(default)]
    encryption_nonce: Text,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct KdfParams {
    #[serde(default)]
    mem_limit: LenientInt,
    #[serde(default)]
    ops_limit: LenientInt,
    #[serde(default)]
    salt: Text,
}

impl ImportFormat for Ente {
    fn id(&self) -> FormatId {
        FORMAT
    }

    fn detect(&self, bytes: &[u8]) -> bool {
        json_mentions(bytes, &["kdfParams", "encryptedData"])
    }

    fn import(&self, bytes: &[u8], passphrase: &dyn PassphrasePrompt) -> Result<Imported, FormatError> {
        let export: Export = serde_json::from_slice(bytes).map_err(|e| FormatError::json(FORMAT, &e))?;
        if let Some(version) = export.version.0.filter(|&v| v > VERSION) {
            return Err(FormatError::UnsupportedVersion {
                format: FORMAT.title(),
                version: version as u64,
                supported: VERSION as u64,
            });
        }
        let missing = || FormatError::damaged(FORMAT, "it lacks its key derivation parameters, data or nonce");
        let kdf = export.kdf_params.as_ref().ok_or_else(missing)?;
        let (Some(salt), Some(data), Some(nonce)) = (
            kdf.salt.get(),
            export.encrypted_data.get(),
            export.encryption_nonce.get(),
        ) else {
            return Err(missing());
        };
        let memory_bytes = kdf.mem_limit.0.unwrap_or(0).max(0) as u64;
        let params = Argon2Cost {
            memory_kib: memory_bytes / 1024,
            passes: kdf.ops_limit.0.unwrap_or(0).max(0) as u64,
            lanes: 1,
        }
        .check(FORMAT)?;
        let salt = peer_crypto::base64(salt, FORMAT, "its salt is not valid Base64")?;
        let nonce = peer_crypto::base64(nonce, FORMAT, "its nonce is not valid Base64")?;
        let header = crypto_secretstream::Header::try_from(nonce.as_slice())
            .map_err(|_| FormatError::damaged(FORMAT, "its nonce is not 24 bytes"))?;
        let mut buffer = peer_crypto::base64(data, FORMAT, "its data is not valid Base64")?;
        let password = passphrase.passphrase(PassphrasePurpose::Unlock)?;
        let key = peer_crypto::argon2id(password.as_bytes(), &salt, params, FORMAT)?;
        let key = crypto_secretstream::Key::from(*key);
        let mut stream = crypto_secretstream::PullStream::init(header, &key);
        let mut plaintext: Zeroizing<Vec<u8>> = Zeroizing::new(std::mem::take(&mut *buffer));
        let tag = stream
            .pull(&mut *plaintext, b"")
            .map_err(|_| peer_crypto::wrong_password(FORMAT))?;
        // One message: Ente's apps end it with the final tag, Stratum's
        // export with a plain message tag; a rekey or push tag would mean
        // more messages follow.
        if !matches!(tag, crypto_secretstream::Tag::Final | crypto_secretstream::Tag::Message) {
            return Err(FormatError::damaged(FORMAT, "its data is cut short"));
        }
        let mut imported = super::uris::Uris.import(&plaintext, passphrase)?;
        imported.encrypted = true;
        Ok(imported)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::testing::assert_accounts;
    use crate::protect::passphrase::FixedPassphrase;

    fn export(password: &str, mem_limit: u64, ops: u64) -> String {
        use base64ct::{Base64, Encoding};
        let salt = [7u8; 16];
        let params = Argon2Cost {
            memory_kib: mem_limit / 1024,
            passes: ops,
            lanes: 1,
        }
        .check(FORMAT)
        .expect("params");
        let key = peer_crypto::argon2id(password.as_bytes(), &salt, params, FORMAT).expect("key");
        let key = crypto_secretstream::Key::from(*key);
        let rng = rand_core_06();
        let (header, mut stream) = crypto_secretstream::PushStream::init(rng, &key);
        let mut data = b"otpauth://totp/Bank:taro?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Bank\n".to_vec();
        stream
            .push(&mut data, b"", crypto_secretstream::Tag::Final)
            .expect("push");
        serde_json::json!({
            "version": 1,
            "kdfParams": {"memLimit": mem_limit, "opsLimit": ops, "salt": Base64::encode_string(&salt)},
            "encryptedData": Base64::encode_string(&data),
            "encryptionNonce": Base64::encode_string(header.as_ref()),
        })
        .to_string()
    }

    /// A fixed "random" source: the header's randomness does not matter here.
    fn rand_core_06() -> impl rand_core::RngCore + rand_core::CryptoRng {
        struct Fixed;
        impl rand_core::RngCore for Fixed {
            fn next_u32(&mut self) -> u32 {
                9
            }
            fn next_u64(&mut self) -> u64 {
                9
            }
            fn fill_bytes(&mut self, dest: &mut [u8]) {
                dest.fill(9);
            }
            fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
                dest.fill(9);
                Ok(())
            }
        }
        impl rand_core::CryptoRng for Fixed {}
        Fixed
    }

    #[test]
    fn opens_with_the_password_and_refuses_a_wrong_one() {
        let file = export("pw", 64 * 1024, 2);
        assert!(Ente.detect(file.as_bytes()));
        let imported = Ente
            .import(file.as_bytes(), &FixedPassphrase(Zeroizing::new("pw".into())))
            .expect("imports");
        assert!(imported.encrypted);
        assert_accounts(&imported, &[("Bank: taro", "SHA1", 6, 30)]);
        let message = Ente
            .import(file.as_bytes(), &FixedPassphrase(Zeroizing::new("pW".into())))
            .expect_err("wrong")
            .to_string();
        assert!(
            message.starts_with("wrong passphrase: the Ente Auth export"),
            "{message}"
        );
    }

    #[test]
    fn memory_over_a_gibibyte_is_refused() {
        let file = export("pw", 64 * 1024, 2).replace("\"memLimit\":65536", "\"memLimit\":2147483648");
        let message = Ente
            .import(file.as_bytes(), &FixedPassphrase(Zeroizing::new("pw".into())))
            .expect_err("refused")
            .to_string();
        assert!(message.contains("outside what trayotp accepts"), "{message}");
    }
}
