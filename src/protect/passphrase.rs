//! The passphrase protector: the data key is derived from a passphrase with
//! Argon2id. It is the portable choice: the vault opens on any PC and any OS.
//!
//! Where the passphrase comes from (an environment variable, a terminal
//! prompt, a GUI dialog) is the caller's business, through
//! [`PassphrasePrompt`].

use argon2::{Algorithm, Argon2, Params, Version};
use zeroize::Zeroizing;

use super::{DataKey, KeyProtector, ProtectError, ProtectorKind};

/// Argon2id cost for new vaults: 64 MiB, 3 passes, 1 lane (above OWASP's
/// minimum; about a quarter second on a laptop). Stored per vault, so it can
/// be raised later without breaking old vaults.
pub const MEMORY_KIB: u32 = 64 * 1024;
pub const PASSES: u32 = 3;
pub const LANES: u32 = 1;
const SALT_LEN: usize = 16;
/// Refuse headers that would make us allocate absurd memory (4 GiB).
const MAX_MEMORY_KIB: u32 = 4 * 1024 * 1024;

/// Why a passphrase is being asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PassphrasePurpose {
    /// Unlock an existing vault.
    Unlock,
    /// Choose the passphrase of a new vault (ask twice).
    Create,
}

/// Supplies passphrases.
pub trait PassphrasePrompt {
    fn passphrase(&self, purpose: PassphrasePurpose) -> Result<Zeroizing<String>, ProtectError>;
}

/// A fixed passphrase (tests, and callers that already asked).
pub struct FixedPassphrase(pub Zeroizing<String>);

impl PassphrasePrompt for FixedPassphrase {
    fn passphrase(&self, _: PassphrasePurpose) -> Result<Zeroizing<String>, ProtectError> {
        Ok(self.0.clone())
    }
}

pub struct PassphraseProtector {
    prompt: Box<dyn PassphrasePrompt>,
}

impl PassphraseProtector {
    pub fn new(prompt: Box<dyn PassphrasePrompt>) -> Self {
        Self { prompt }
    }
}

/// The Argon2id parameters and salt kept in the vault header:
/// memory KiB, passes, lanes (u32 little-endian each), then the salt.
struct KdfParams {
    memory_kib: u32,
    passes: u32,
    lanes: u32,
    salt: Vec<u8>,
}

impl KdfParams {
    fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(12 + self.salt.len());
        out.extend_from_slice(&self.memory_kib.to_le_bytes());
        out.extend_from_slice(&self.passes.to_le_bytes());
        out.extend_from_slice(&self.lanes.to_le_bytes());
        out.extend_from_slice(&self.salt);
        out
    }

    fn decode(bytes: &[u8]) -> Result<Self, ProtectError> {
        if bytes.len() < 12 + 8 {
            return Err(ProtectError::BadParams);
        }
        let word = |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
        let params = Self {
            memory_kib: word(0),
            passes: word(4),
            lanes: word(8),
            salt: bytes[12..].to_vec(),
        };
        if params.memory_kib > MAX_MEMORY_KIB || params.passes > 100 || params.lanes > 64 {
            return Err(ProtectError::BadParams);
        }
        Ok(params)
    }

    fn derive(&self, passphrase: &str) -> Result<DataKey, ProtectError> {
        let params =
            Params::new(self.memory_kib, self.passes, self.lanes, Some(32)).map_err(|_| ProtectError::BadParams)?;
        let mut key = Zeroizing::new([0u8; 32]);
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(passphrase.as_bytes(), &self.salt, key.as_mut())
            .map_err(|_| ProtectError::BadParams)?;
        Ok(key)
    }
}

impl KeyProtector for PassphraseProtector {
    fn kind(&self) -> ProtectorKind {
        ProtectorKind::Passphrase
    }

    fn new_key(&self) -> Result<(DataKey, Vec<u8>), ProtectError> {
        let passphrase = self.prompt.passphrase(PassphrasePurpose::Create)?;
        if passphrase.is_empty() {
            return Err(ProtectError::EmptyPassphrase);
        }
        let mut salt = vec![0u8; SALT_LEN];
        getrandom::fill(&mut salt).map_err(|e| ProtectError::Random(e.to_string()))?;
        let params = KdfParams {
            memory_kib: MEMORY_KIB,
            passes: PASSES,
            lanes: LANES,
            salt,
        };
        Ok((params.derive(&passphrase)?, params.encode()))
    }

    fn unlock_key(&self, header_params: &[u8]) -> Result<DataKey, ProtectError> {
        let params = KdfParams::decode(header_params)?;
        let passphrase = self.prompt.passphrase(PassphrasePurpose::Unlock)?;
        params.derive(&passphrase)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn protector(passphrase: &str) -> PassphraseProtector {
        PassphraseProtector::new(Box::new(FixedPassphrase(Zeroizing::new(passphrase.into()))))
    }

    #[test]
    fn same_passphrase_same_key_other_passphrase_other_key() {
        let (key, params) = protector("correct horse").new_key().expect("new key");
        let again = protector("correct horse").unlock_key(&params).expect("unlocks");
        assert_eq!(*key, *again);
        let wrong = protector("wrong horse").unlock_key(&params).expect("derives");
        assert_ne!(*key, *wrong);
    }

    #[test]
    fn each_vault_gets_its_own_salt() {
        let (key_a, params_a) = protector("same").new_key().expect("new key");
        let (key_b, params_b) = protector("same").new_key().expect("new key");
        assert_ne!(params_a, params_b);
        assert_ne!(*key_a, *key_b);
    }

    #[test]
    fn empty_passphrase_and_damaged_params_are_refused() {
        assert!(matches!(protector("").new_key(), Err(ProtectError::EmptyPassphrase)));
        assert!(matches!(
            protector("x").unlock_key(&[1, 2, 3]),
            Err(ProtectError::BadParams)
        ));
        let mut huge = KdfParams {
            memory_kib: u32::MAX,
            passes: 1,
            lanes: 1,
            salt: vec![0; 16],
        }
        .encode();
        assert!(matches!(protector("x").unlock_key(&huge), Err(ProtectError::BadParams)));
        huge = KdfParams {
            memory_kib: 8,
            passes: 1,
            lanes: 1,
            salt: vec![0; 16],
        }
        .encode();
        assert!(
            protector("x").unlock_key(&huge).is_ok(),
            "small but valid params still work"
        );
    }
}
