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
/// The most a header (of a vault, or of a backup someone sent) may ask for:
/// 1 GiB (16 times what trayotp writes), 10 passes, 16 lanes. Checked before
/// anything is allocated, so a hostile file cannot make us commit 4 GiB or
/// run for minutes.
pub const MAX_MEMORY_KIB: u32 = 1024 * 1024;
pub const MAX_PASSES: u32 = 10;
pub const MAX_LANES: u32 = 16;

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
        if params.memory_kib > MAX_MEMORY_KIB || params.passes > MAX_PASSES || params.lanes > MAX_LANES {
            return Err(ProtectError::KdfTooCostly {
                memory_mib: params.memory_kib / 1024,
                passes: params.passes,
                lanes: params.lanes,
            });
        }
        Ok(params)
    }

    fn derive(&self, passphrase: &str) -> Result<DataKey, ProtectError> {
        let params =
            Params::new(self.memory_kib, self.passes, self.lanes, Some(32)).map_err(|_| ProtectError::BadParams)?;
        let mut key = super::zeroed_data_key();
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(passphrase.as_bytes(), &self.salt, key.as_mut_slice())
            .map_err(|_| ProtectError::BadParams)?;
        Ok(key)
    }
}

/// Checks the Argon2id parameters of a header (their layout and their cost)
/// without deriving anything: a caller that asks for the passphrase itself
/// calls this first, so a hostile file is refused before the user types.
pub fn check_header_params(header_params: &[u8]) -> Result<(), ProtectError> {
    KdfParams::decode(header_params).map(drop)
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

    /// A prompt that must not be reached: the header is refused first.
    struct NeverAsked;

    impl PassphrasePrompt for NeverAsked {
        fn passphrase(&self, _: PassphrasePurpose) -> Result<Zeroizing<String>, ProtectError> {
            panic!("the passphrase was asked for before the header was checked")
        }
    }

    fn header(memory_kib: u32, passes: u32, lanes: u32) -> Vec<u8> {
        KdfParams {
            memory_kib,
            passes,
            lanes,
            salt: vec![0; 16],
        }
        .encode()
    }

    #[test]
    fn costly_argon2_headers_are_refused_before_asking_or_allocating() {
        let never = PassphraseProtector::new(Box::new(NeverAsked));
        for (memory_kib, passes, lanes) in [
            (4 * 1024 * 1024, 3, 1), // 4 GiB
            (MAX_MEMORY_KIB + 1, 1, 1),
            (64 * 1024, 100, 1),
            (64 * 1024, MAX_PASSES + 1, 1),
            (64 * 1024, 3, 64),
            (64 * 1024, 3, MAX_LANES + 1),
        ] {
            let error = never
                .unlock_key(&header(memory_kib, passes, lanes))
                .expect_err("too costly");
            assert!(matches!(error, ProtectError::KdfTooCostly { .. }), "{error:?}");
        }
        let error = never.unlock_key(&header(4 * 1024 * 1024, 3, 1)).expect_err("4 GiB");
        assert_eq!(
            error.to_string(),
            "the file asks for a key derivation of 4096 MiB, 3 passes, 1 lanes, more than trayotp allows (1024 MiB, 10 passes, 16 lanes): it was not made by trayotp, use another copy"
        );
        // The largest accepted costs are still accepted (not derived here: 1 GiB).
        assert!(KdfParams::decode(&header(MAX_MEMORY_KIB, MAX_PASSES, MAX_LANES)).is_ok());
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
        assert!(matches!(
            protector("x").unlock_key(&huge),
            Err(ProtectError::KdfTooCostly { .. })
        ));
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
