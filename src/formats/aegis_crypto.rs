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
/// scrypt allocates three buffers, B = 128·r·p, V = 128·r·N and T = 128·r
/// bytes: refuse parameters whose sum, 128·r·(N + p + 1), is over 256 MiB
/// (Aegis writes N = 2^15, r = 8, p = 1: 32 MiB).
const MAX_SCRYPT_BYTES: u64 = 256 << 20;
/// scrypt's work grows with N·r·p: refuse over 2^22 (Aegis writes 2^18), so
/// that one slot cannot keep the import busy for minutes.
const MAX_SCRYPT_WORK: u64 = 1 << 22;
const MAX_SCRYPT_P: u32 = 16;
/// Aegis writes one password slot: trying more than a few would let a file
/// multiply the scrypt cost by its number of slots.
pub const MAX_PASSWORD_SLOTS: usize = 4;

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

/// Whether scrypt with these parameters stays within our memory and work
/// bounds (checked before anything is allocated).
fn scrypt_cost_acceptable(n: u64, r: u32, p: u32) -> bool {
    if !n.is_power_of_two() || n < 2 || r == 0 || p == 0 || p > MAX_SCRYPT_P {
        return false;
    }
    let (r, p) = (u64::from(r), u64::from(p));
    let memory = n
        .checked_add(p)
        .and_then(|blocks| blocks.checked_add(1))
        .and_then(|blocks| blocks.checked_mul(128))
        .and_then(|bytes| bytes.checked_mul(r));
    let work = n.checked_mul(r).and_then(|w| w.checked_mul(p));
    matches!((memory, work), (Some(memory), Some(work)) if memory <= MAX_SCRYPT_BYTES && work <= MAX_SCRYPT_WORK)
}

impl Slot {
    /// The scrypt parameters of a password slot, refused (with the one line
    /// the user sees) when they would cost more than trayotp allows.
    fn scrypt_params(&self) -> Result<scrypt::Params, FormatError> {
        let (Some(n), Some(r), Some(p)) = (self.n, self.r, self.p) else {
            return Err(damaged("a password slot lacks its scrypt parameters"));
        };
        let unsupported = || {
            FormatError::Unsupported(format!(
                "the Aegis vault's scrypt parameters (N={n}, r={r}, p={p}) are outside what trayotp accepts: export it again from Aegis"
            ))
        };
        if !scrypt_cost_acceptable(n, r, p) {
            return Err(unsupported());
        }
        scrypt::Params::new(n.trailing_zeros() as u8, r, p).map_err(|_| unsupported())
    }

    /// The wrapping key this slot derives from `password`.
    fn derive(&self, password: &str) -> Result<crate::protect::DataKey, FormatError> {
        let params = self.scrypt_params()?;
        let Some(salt) = self.salt.as_deref() else {
            return Err(damaged("a password slot lacks its scrypt parameters"));
        };
        let salt = decode_hex(salt).ok_or_else(|| damaged("a slot's salt is not hexadecimal"))?;
        let mut key = crate::protect::zeroed_data_key();
        scrypt::scrypt(password.as_bytes(), &salt, &params, key.as_mut_slice())
            .map_err(|_| damaged("its scrypt output length is refused"))?;
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
        match open(wrapping_key.as_slice(), params, &wrapped) {
            Ok(master) if master.len() == 32 => Ok(Some(master)),
            Ok(_) => Err(damaged("the master key is not 32 bytes")),
            Err(OpenError::Failed) => Ok(None),
            Err(OpenError::Malformed(detail)) => Err(damaged(detail)),
        }
    }
}

/// The password slots of an encrypted vault, once checked that there are a
/// few and that each one's scrypt cost is bounded. Called before the
/// password is asked for, so a hostile file is refused at once.
pub fn password_slots(slots: &[Slot]) -> Result<Vec<&Slot>, FormatError> {
    let password_slots: Vec<&Slot> = slots.iter().filter(|slot| slot.kind == PASSWORD_SLOT).collect();
    if password_slots.is_empty() {
        return Err(FormatError::Unsupported(
            "the Aegis vault has no password slot (only biometric ones, which work on the phone alone): export it again from Aegis with a password, or without encryption".into(),
        ));
    }
    if password_slots.len() > MAX_PASSWORD_SLOTS {
        return Err(FormatError::Unsupported(format!(
            "the Aegis vault has {} password slots, more than the {MAX_PASSWORD_SLOTS} trayotp tries (Aegis writes one): export it again from Aegis",
            password_slots.len()
        )));
    }
    for slot in &password_slots {
        slot.scrypt_params()?;
    }
    Ok(password_slots)
}

/// Decrypts the Base64 `db` of an encrypted vault with `password`.
pub fn decrypt_db(
    slots: &[Slot],
    params: &CipherParams,
    db_base64: &str,
    password: &str,
) -> Result<Zeroizing<Vec<u8>>, FormatError> {
    use base64ct::{Base64, Encoding};

    let password_slots = password_slots(slots)?;
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

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use zeroize::Zeroizing;

    use super::*;
    use crate::formats::ImportFormat;
    use crate::formats::aegis::Aegis;
    use crate::protect::ProtectError;
    use crate::protect::passphrase::{PassphrasePrompt, PassphrasePurpose};

    /// Counts how often the password is asked for: a hostile file must be
    /// refused before that.
    struct CountingPrompt(Cell<usize>);

    impl PassphrasePrompt for CountingPrompt {
        fn passphrase(&self, _: PassphrasePurpose) -> Result<Zeroizing<String>, ProtectError> {
            self.0.set(self.0.get() + 1);
            Ok(Zeroizing::new("pw".into()))
        }
    }

    fn refused(vault: &str) -> String {
        let prompt = CountingPrompt(Cell::new(0));
        let error = Aegis.import(vault.as_bytes(), &prompt).expect_err("refused");
        assert_eq!(prompt.0.get(), 0, "the password was asked for before the refusal");
        let message = error.to_string();
        assert!(!message.contains('\n'), "one line: {message:?}");
        message
    }

    fn vault() -> String {
        testing::encrypted_vault(r#"{"version":3,"entries":[]}"#, "pw", 4)
    }

    fn with_params(n: u64, r: u64, p: u64) -> String {
        let mut json: serde_json::Value = serde_json::from_str(&vault()).expect("json");
        let slot = &mut json["header"]["slots"][0];
        slot["n"] = n.into();
        slot["r"] = r.into();
        slot["p"] = p.into();
        json.to_string()
    }

    #[test]
    fn scrypt_bounds_count_every_buffer_and_the_work() {
        // Aegis's own parameters: 32 MiB, N·r·p = 2^18.
        assert!(scrypt_cost_acceptable(1 << 15, 8, 1));
        assert!(scrypt_cost_acceptable(1 << 17, 8, 1), "128 MiB is fine");
        assert!(!scrypt_cost_acceptable(1 << 18, 8, 1), "256 MiB plus B and T is over");
        // The review's probe: V is 1 GiB, but B = 128·r·p is 8 GiB.
        assert!(!scrypt_cost_acceptable(2, 1 << 22, 16));
        // B alone over the bound, V small.
        assert!(!scrypt_cost_acceptable(2, 1 << 18, 16));
        // Memory fine (128 MiB), work too large: N·r·p = 2^23.
        assert!(!scrypt_cost_acceptable(1 << 17, 8, 8));
        assert!(scrypt_cost_acceptable(1 << 17, 8, 4), "N·r·p = 2^22 is the limit");
        assert!(!scrypt_cost_acceptable(u64::MAX / 2 + 1, u32::MAX, 16), "no overflow");
        assert!(!scrypt_cost_acceptable(3, 8, 1), "N is a power of two");
    }

    #[test]
    fn the_reviews_8_gib_aegis_slot_is_refused_before_the_password() {
        let message = refused(&with_params(2, 1 << 22, 16));
        assert_eq!(
            message,
            "the Aegis vault's scrypt parameters (N=2, r=4194304, p=16) are outside what trayotp accepts: export it again from Aegis"
        );
    }

    #[test]
    fn ten_thousand_password_slots_are_refused_before_the_password() {
        let mut json: serde_json::Value = serde_json::from_str(&vault()).expect("json");
        let slot = json["header"]["slots"][0].clone();
        json["header"]["slots"] = serde_json::Value::Array(vec![slot; 10_000]);
        let message = refused(&json.to_string());
        assert_eq!(
            message,
            "the Aegis vault has 10000 password slots, more than the 4 trayotp tries (Aegis writes one): export it again from Aegis"
        );
    }

    #[test]
    fn a_few_slots_still_open() {
        let mut json: serde_json::Value = serde_json::from_str(&vault()).expect("json");
        let good = json["header"]["slots"][0].clone();
        let mut other = good.clone();
        other["salt"] = "00".repeat(32).into();
        json["header"]["slots"] = serde_json::Value::Array(vec![other.clone(), other.clone(), other, good]);
        let prompt = CountingPrompt(Cell::new(0));
        let imported = Aegis
            .import(json.to_string().as_bytes(), &prompt)
            .expect("the fourth slot opens");
        assert_eq!(imported.accounts.len(), 0);
        assert_eq!(prompt.0.get(), 1);
    }
}
