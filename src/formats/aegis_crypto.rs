//! Decrypting an encrypted Aegis vault, as Aegis documents it (docs/vault.md
//! in its repository): a random 256-bit master key encrypts the contents
//! with AES-256-GCM; each "slot" holds that master key wrapped by one
//! credential. A password slot (type 1) derives the wrapping key from the
//! password with scrypt (its own N, r, p and salt); key, nonce and tag are
//! hexadecimal. Biometric slots (type 2) only work on the phone and are
//! passed over.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use serde::Deserialize;
use zeroize::Zeroizing;

use super::{FormatError, FormatId, decode_hex};

const PASSWORD_SLOT: u64 = 1;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;
/// scrypt needs 128·r·N bytes: refuse parameters that would take more than
/// 1 GiB (Aegis uses N = 2^15, r = 8: 32 MiB).
const MAX_SCRYPT_BYTES: u64 = 1 << 30;
const MAX_SCRYPT_P: u32 = 16;

/// `key_params` of a slot, or `header.params`: hex nonce and tag.
#[derive(Debug, Deserialize)]
pub struct CipherParams {
    nonce: String,
    tag: String,
}

#[derive(Debug, Deserialize)]
pub struct Slot {
    #[serde(rename = "type")]
    kind: u64,
    #[serde(default)]
    key: String,
    key_params: Option<CipherParams>,
    n: Option<u64>,
    r: Option<u32>,
    p: Option<u32>,
    salt: Option<String>,
}

fn damaged(detail: &str) -> FormatError {
    FormatError::damaged(FormatId::Aegis, detail)
}

/// AES-256-GCM decryption of `ciphertext` whose tag is stored apart.
fn open(key: &[u8], params: &CipherParams, ciphertext: &[u8]) -> Result<Zeroizing<Vec<u8>>, OpenError> {
    let nonce = decode_hex(&params.nonce)
        .filter(|n| n.len() == NONCE_LEN)
        .ok_or(OpenError::Malformed("a nonce is not 12 bytes of hexadecimal"))?;
    let tag = decode_hex(&params.tag)
        .filter(|t| t.len() == TAG_LEN)
        .ok_or(OpenError::Malformed("a tag is not 16 bytes of hexadecimal"))?;
    let cipher = Aes256Gcm::new_from_slice(key).map_err(|_| OpenError::Malformed("a key is not 32 bytes"))?;
    let mut sealed = Zeroizing::new(Vec::with_capacity(ciphertext.len() + TAG_LEN));
    sealed.extend_from_slice(ciphertext);
    sealed.extend_from_slice(&tag);
    let nonce = Nonce::try_from(nonce.as_slice()).map_err(|_| OpenError::Malformed("a nonce is not 12 bytes"))?;
    cipher
        .decrypt(&nonce, sealed.as_slice())
        .map(Zeroizing::new)
        .map_err(|_| OpenError::Failed)
}

enum OpenError {
    Malformed(&'static str),
    /// Authentication failed: wrong key, or altered data.
    Failed,
}

impl Slot {
    /// The wrapping key this slot derives from `password`.
    fn derive(&self, password: &str) -> Result<Zeroizing<[u8; 32]>, FormatError> {
        let (Some(n), Some(r), Some(p), Some(salt)) = (self.n, self.r, self.p, self.salt.as_deref()) else {
            return Err(damaged("a password slot lacks its scrypt parameters"));
        };
        let salt = decode_hex(salt).ok_or_else(|| damaged("a slot's salt is not hexadecimal"))?;
        let unsupported = || {
            FormatError::Unsupported(format!(
                "the Aegis vault's scrypt parameters (N={n}, r={r}, p={p}) are outside what trayotp accepts: export it again from Aegis"
            ))
        };
        if !n.is_power_of_two() || n < 2 || r == 0 || p == 0 || p > MAX_SCRYPT_P {
            return Err(unsupported());
        }
        if 128u64.saturating_mul(u64::from(r)).saturating_mul(n) > MAX_SCRYPT_BYTES {
            return Err(unsupported());
        }
        let params = scrypt::Params::new(n.trailing_zeros() as u8, r, p).map_err(|_| unsupported())?;
        let mut key = Zeroizing::new([0u8; 32]);
        scrypt::scrypt(password.as_bytes(), &salt, &params, key.as_mut()).map_err(|_| unsupported())?;
        Ok(key)
    }

    /// The master key, if `password` opens this slot.
    fn unwrap_master_key(&self, password: &str) -> Result<Option<Zeroizing<Vec<u8>>>, FormatError> {
        let wrapping_key = self.derive(password)?;
        let params = self
            .key_params
            .as_ref()
            .ok_or_else(|| damaged("a password slot lacks its key_params"))?;
        let wrapped = decode_hex(&self.key).ok_or_else(|| damaged("a slot's key is not hexadecimal"))?;
        match open(wrapping_key.as_ref(), params, &wrapped) {
            Ok(master) if master.len() == 32 => Ok(Some(master)),
            Ok(_) => Err(damaged("the master key is not 32 bytes")),
            Err(OpenError::Failed) => Ok(None),
            Err(OpenError::Malformed(detail)) => Err(damaged(detail)),
        }
    }
}

/// Decrypts the Base64 `db` of an encrypted vault with `password`.
pub fn decrypt_db(
    slots: &[Slot],
    params: &CipherParams,
    db_base64: &str,
    password: &str,
) -> Result<Zeroizing<Vec<u8>>, FormatError> {
    use base64ct::{Base64, Encoding};

    let password_slots: Vec<&Slot> = slots.iter().filter(|slot| slot.kind == PASSWORD_SLOT).collect();
    if password_slots.is_empty() {
        return Err(FormatError::Unsupported(
            "the Aegis vault has no password slot (only biometric ones, which work on the phone alone): export it again from Aegis with a password, or without encryption".into(),
        ));
    }
    let ciphertext =
        Zeroizing::new(Base64::decode_vec(db_base64.trim()).map_err(|_| damaged("its db is not valid Base64"))?);
    for slot in password_slots {
        if let Some(master_key) = slot.unwrap_master_key(password)? {
            return match open(&master_key, params, &ciphertext) {
                Ok(plaintext) => Ok(plaintext),
                Err(OpenError::Malformed(detail)) => Err(damaged(detail)),
                Err(OpenError::Failed) => Err(damaged("its contents fail their integrity check")),
            };
        }
    }
    Err(FormatError::WrongPassphrase {
        format: FormatId::Aegis.title(),
    })
}

/// Encrypts like Aegis does, for tests that need vaults with other
/// parameters than the committed fixture (which Python built).
#[cfg(test)]
pub mod testing {
    use aes_gcm::aead::{Aead, KeyInit};
    use aes_gcm::{Aes256Gcm, Nonce};

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    fn seal(key: &[u8], nonce: [u8; 12], plaintext: &[u8]) -> (Vec<u8>, String, String) {
        let cipher = Aes256Gcm::new_from_slice(key).expect("32-byte key");
        let mut sealed = cipher.encrypt(&Nonce::from(nonce), plaintext).expect("encrypts");
        let tag = sealed.split_off(sealed.len() - 16);
        (sealed, hex(&nonce), hex(&tag))
    }

    /// A complete encrypted Aegis vault of `db` (JSON) for `password`,
    /// with scrypt N = 2^`log_n`.
    pub fn encrypted_vault(db: &str, password: &str, log_n: u8) -> String {
        use base64ct::{Base64, Encoding};
        let master_key = [7u8; 32];
        let salt = [9u8; 32];
        let params = scrypt::Params::new(log_n, 8, 1).expect("params");
        let mut derived = [0u8; 32];
        scrypt::scrypt(password.as_bytes(), &salt, &params, &mut derived).expect("scrypt");
        let (wrapped, key_nonce, key_tag) = seal(&derived, [1; 12], &master_key);
        let (db_sealed, db_nonce, db_tag) = seal(&master_key, [2; 12], db.as_bytes());
        serde_json::json!({
            "version": 1,
            "header": {
                "slots": [{
                    "type": 1, "uuid": "00000000-0000-4000-8000-000000000000",
                    "key": hex(&wrapped),
                    "key_params": {"nonce": key_nonce, "tag": key_tag},
                    "n": 1u64 << log_n, "r": 8, "p": 1, "salt": hex(&salt)
                }],
                "params": {"nonce": db_nonce, "tag": db_tag}
            },
            "db": Base64::encode_string(&db_sealed)
        })
        .to_string()
    }
}
