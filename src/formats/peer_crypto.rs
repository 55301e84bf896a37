//! The key derivations and ciphers of other apps' encrypted exports
//! (Bitwarden, Proton Authenticator, Ente Auth, Authenticator Pro, andOTP),
//! through RustCrypto's crates. Every cost a file states (iterations,
//! memory, passes, lanes) is checked against a bound before anything is
//! allocated or derived; the bounds admit the strongest settings each app
//! really writes, and no more:
//! - Argon2: at most 1 GiB (Ente's libsodium "sensitive" limit, Bitwarden's
//!   largest), 16 lanes (Bitwarden's largest), and memory × passes at most
//!   10 GiB·passes (Bitwarden's 1 GiB × 10; Ente's fallback halves the
//!   memory and doubles the passes from 1 GiB × 4, which stays at 4).
//! - PBKDF2: at most 2 000 000 iterations (Bitwarden's largest; andOTP
//!   writes 140 000-160 000, Authenticator Pro 64 000).

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use zeroize::Zeroizing;

use super::{FormatError, FormatId};

/// Argon2 memory in KiB: 1 GiB.
pub const MAX_ARGON2_KIB: u64 = 1 << 20;
/// Argon2 memory × passes, in KiB·passes: 10 GiB·passes.
pub const MAX_ARGON2_WORK: u64 = 10 * (1 << 20);
pub const MAX_ARGON2_LANES: u64 = 16;
pub const MAX_PBKDF2_ITERATIONS: u64 = 2_000_000;

/// A 256-bit key, wiped when dropped.
pub type Key = Zeroizing<[u8; 32]>;

/// Argon2 costs as a file states them (memory in KiB).
#[derive(Clone, Copy, Debug)]
pub struct Argon2Cost {
    pub memory_kib: u64,
    pub passes: u64,
    pub lanes: u64,
}

impl Argon2Cost {
    /// The costs as argon2's parameters, or the one line saying they are
    /// outside the bounds.
    pub fn check(self, format: FormatId) -> Result<argon2::Params, FormatError> {
        let Argon2Cost {
            memory_kib,
            passes,
            lanes,
        } = self;
        let refused = || {
            FormatError::Unsupported(format!(
                "the {}'s Argon2 parameters ({memory_kib} KiB, {passes} passes, {lanes} lanes) are outside what trayotp accepts (up to 1 GiB, 16 lanes): export it again",
                format.title()
            ))
        };
        let within = (1..=MAX_ARGON2_LANES).contains(&lanes)
            && (1..=MAX_ARGON2_KIB).contains(&memory_kib)
            && passes >= 1
            && memory_kib
                .checked_mul(passes)
                .is_some_and(|work| work <= MAX_ARGON2_WORK);
        if !within {
            return Err(refused());
        }
        let as_u32 = |v: u64| u32::try_from(v).map_err(|_| refused());
        // argon2 itself needs at least 8 KiB per lane.
        argon2::Params::new(as_u32(memory_kib)?, as_u32(passes)?, as_u32(lanes)?, Some(32)).map_err(|_| refused())
    }
}

/// Argon2id (version 1.3) of `password`, with costs already checked.
pub fn argon2id(password: &[u8], salt: &[u8], params: argon2::Params, format: FormatId) -> Result<Key, FormatError> {
    let mut key = Zeroizing::new([0u8; 32]);
    argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
        .hash_password_into(password, salt, key.as_mut_slice())
        .map_err(|_| FormatError::damaged(format, "its Argon2 salt is refused"))?;
    Ok(key)
}

/// Checks a PBKDF2 iteration count a file states.
pub fn pbkdf2_iterations(iterations: u64, format: FormatId) -> Result<u32, FormatError> {
    if (1..=MAX_PBKDF2_ITERATIONS).contains(&iterations) {
        Ok(iterations as u32)
    } else {
        Err(FormatError::Unsupported(format!(
            "the {}'s PBKDF2 iteration count ({iterations}) is outside what trayotp accepts (1 to {MAX_PBKDF2_ITERATIONS}): export it again",
            format.title()
        )))
    }
}

/// PBKDF2-HMAC-SHA256, 32 bytes (iterations already checked).
pub fn pbkdf2_sha256(password: &[u8], salt: &[u8], iterations: u32) -> Key {
    let mut key = Zeroizing::new([0u8; 32]);
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, iterations, key.as_mut_slice());
    key
}

/// PBKDF2-HMAC-SHA1, 32 bytes (iterations already checked).
pub fn pbkdf2_sha1(password: &[u8], salt: &[u8], iterations: u32) -> Key {
    let mut key = Zeroizing::new([0u8; 32]);
    pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password, salt, iterations, key.as_mut_slice());
    key
}

/// Why a cipher did not give plaintext.
pub enum Opened {
    /// Authentication (or padding) failed: the wrong key, most likely.
    WrongKey,
    /// The data cannot be what the format says (a length).
    Malformed(&'static str),
}

/// AES-256-GCM of `sealed` (ciphertext then its 16-byte tag).
pub fn aes_gcm_open(key: &[u8; 32], nonce: &[u8], sealed: &[u8], aad: &[u8]) -> Result<Zeroizing<Vec<u8>>, Opened> {
    let cipher = Aes256Gcm::new_from_slice(key).map_err(|_| Opened::Malformed("a key is not 32 bytes"))?;
    let nonce = Nonce::try_from(nonce).map_err(|_| Opened::Malformed("a nonce is not 12 bytes"))?;
    if sealed.len() < 16 {
        return Err(Opened::Malformed("the encrypted data is shorter than its tag"));
    }
    cipher
        .decrypt(&nonce, Payload { msg: sealed, aad })
        .map(Zeroizing::new)
        .map_err(|_| Opened::WrongKey)
}

/// AES-256-CBC with PKCS#7 padding (not authenticated: callers check a MAC
/// first where the format has one).
pub fn aes_cbc_open(key: &[u8; 32], iv: &[u8], ciphertext: &[u8]) -> Result<Zeroizing<Vec<u8>>, Opened> {
    use cbc::cipher::block_padding::Pkcs7;
    use cbc::cipher::{BlockModeDecrypt, KeyIvInit};

    if ciphertext.is_empty() || !ciphertext.len().is_multiple_of(16) {
        return Err(Opened::Malformed("the encrypted data is not whole AES blocks"));
    }
    let decryptor = cbc::Decryptor::<aes::Aes256>::new_from_slices(key, iv)
        .map_err(|_| Opened::Malformed("an IV is not 16 bytes"))?;
    let mut buffer = Zeroizing::new(ciphertext.to_vec());
    let len = decryptor
        .decrypt_padded::<Pkcs7>(buffer.as_mut_slice())
        .map_err(|_| Opened::WrongKey)?
        .len();
    buffer.truncate(len);
    Ok(buffer)
}

/// Standard Base64 (with padding) of a value a file holds.
pub fn base64(text: &str, format: FormatId, what: &'static str) -> Result<Zeroizing<Vec<u8>>, FormatError> {
    use base64ct::{Base64, Encoding};
    Base64::decode_vec(text.trim())
        .map(Zeroizing::new)
        .map_err(|_| FormatError::damaged(format, what))
}

/// The one line for a wrong password.
pub fn wrong_password(format: FormatId) -> FormatError {
    FormatError::WrongPassphrase { format: format.title() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argon2_bounds_admit_what_the_apps_write_and_no_more() {
        let cost = |memory_kib, passes, lanes| {
            Argon2Cost {
                memory_kib,
                passes,
                lanes,
            }
            .check(FormatId::Ente)
        };
        // Ente: libsodium sensitive (1 GiB, 4), moderate (256 MiB, 3), and
        // its fallback (half the memory, twice the passes).
        assert!(cost(1 << 20, 4, 1).is_ok());
        assert!(cost(1 << 18, 3, 1).is_ok());
        assert!(cost(1 << 15, 128, 1).is_ok());
        // Bitwarden's largest: 1024 MiB, 10 passes, 16 lanes.
        assert!(cost(1 << 20, 10, 16).is_ok());
        // Proton: 19 MiB, 2 passes, 1 lane.
        assert!(cost(19 * 1024, 2, 1).is_ok());
        let message = cost(1 << 21, 1, 1).expect_err("2 GiB").to_string();
        assert_eq!(
            message,
            "the Ente Auth export's Argon2 parameters (2097152 KiB, 1 passes, 1 lanes) are outside what trayotp accepts (up to 1 GiB, 16 lanes): export it again"
        );
        assert!(cost(1 << 20, 11, 1).is_err(), "work over 10 GiB·passes");
        assert!(cost(1 << 20, u64::MAX, 1).is_err(), "no overflow");
        assert!(cost(64, 1, 17).is_err());
        assert!(cost(0, 1, 1).is_err());
        assert!(cost(64, 0, 1).is_err());
        assert!(cost(7, 1, 1).is_err(), "argon2's own minimum");
    }

    #[test]
    fn pbkdf2_bounds() {
        assert_eq!(pbkdf2_iterations(600_000, FormatId::Bitwarden).ok(), Some(600_000));
        assert!(pbkdf2_iterations(2_000_001, FormatId::Bitwarden).is_err());
        assert!(pbkdf2_iterations(0, FormatId::Bitwarden).is_err());
    }
}
