//! The encrypted file format shared by the vault and by `trayotp backup`
//! files, as pure functions over bytes. Each kind of file has its own magic
//! and version ([`VAULT`], [`BACKUP`]), so neither is ever mistaken for the
//! other; the layout and the cipher are one tested piece of code.
//!
//! ```text
//! offset  size  field
//! 0       8     magic: "TRAYOTP\x1a" for a vault, "TRAYBAK\x1a" for a backup
//!               (\x1a stops `type`/`cat` on Windows consoles)
//! 8       2     format version, little-endian (this build writes and reads 1)
//! 10      1     protector: 1 DPAPI, 2 Secret Service keyring, 3 passphrase
//! 11      2     length N of the protector parameters, little-endian
//! 13      N     protector parameters (DPAPI blob / keyring key id / Argon2id params + salt)
//! 13+N    16    key check: SHA-256("trayotp key check v1" || data key)[..16]
//! 29+N    24    XChaCha20-Poly1305 nonce, fresh for every save
//! 53+N    ...   ciphertext of the JSON payload, with its 16-byte tag
//! ```
//!
//! Everything before the ciphertext is authenticated as associated data, so
//! a header cannot be altered without the open failing. The key check tells
//! a wrong passphrase apart from a damaged file, so the user gets the right
//! advice.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::protect::{DataKey, ProtectorKind};

/// One kind of file written in this envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileKind {
    pub magic: &'static [u8; 8],
    /// The newest format version this build reads, and the one it writes.
    pub version: u16,
}

/// The vault (`vault.trayotp`).
pub const VAULT: FileKind = FileKind {
    magic: b"TRAYOTP\x1a",
    version: 1,
};

/// A backup made by `trayotp backup`, protected by its own passphrase.
pub const BACKUP: FileKind = FileKind {
    magic: b"TRAYBAK\x1a",
    version: 1,
};
const KEY_CHECK_LEN: usize = 16;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;

/// The clear part of a vault file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub protector: ProtectorKind,
    pub protector_params: Vec<u8>,
    pub key_check: [u8; KEY_CHECK_LEN],
}

impl Header {
    pub fn new(protector: ProtectorKind, protector_params: Vec<u8>, key: &DataKey) -> Self {
        Self {
            protector,
            protector_params,
            key_check: key_check(key),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvelopeError {
    #[error("not a trayotp file of this kind")]
    WrongMagic,
    #[error("written by a newer trayotp (format {0})")]
    NewerFormat(u16),
    #[error("the file is truncated")]
    Truncated,
    #[error("unknown key protector {0}")]
    UnknownProtector(u8),
    #[error("the key does not match this vault")]
    WrongKey,
    #[error("the contents fail their integrity check")]
    Damaged,
    #[error("the protector parameters are too large")]
    ParamsTooLarge,
    /// No nonce could be drawn: nothing is wrong with any file.
    #[error("the system's random number generator failed ({0})")]
    Random(String),
}

/// The data key as the cipher's key type, by reference (no copy).
fn cipher_key(key: &DataKey) -> &chacha20poly1305::Key {
    let bytes: &[u8; 32] = key;
    bytes.into()
}

pub fn key_check(key: &DataKey) -> [u8; KEY_CHECK_LEN] {
    let digest = Sha256::new()
        .chain_update(b"trayotp key check v1")
        .chain_update(key.as_slice())
        .finalize();
    let mut check = [0u8; KEY_CHECK_LEN];
    check.copy_from_slice(&digest[..KEY_CHECK_LEN]);
    check
}

impl FileKind {
    /// Encrypts `plaintext` under `key` into a complete file of this kind.
    pub fn seal(&self, header: &Header, key: &DataKey, plaintext: &[u8]) -> Result<Vec<u8>, EnvelopeError> {
        self.seal_with_nonce_from(header, key, plaintext, getrandom::fill)
    }

    /// [`FileKind::seal`], drawing the nonce from `fill_nonce` (tests make it fail).
    fn seal_with_nonce_from(
        &self,
        header: &Header,
        key: &DataKey,
        plaintext: &[u8],
        fill_nonce: impl FnOnce(&mut [u8]) -> Result<(), getrandom::Error>,
    ) -> Result<Vec<u8>, EnvelopeError> {
        let params_len = u16::try_from(header.protector_params.len()).map_err(|_| EnvelopeError::ParamsTooLarge)?;
        let mut nonce = [0u8; NONCE_LEN];
        fill_nonce(&mut nonce).map_err(|e| EnvelopeError::Random(e.to_string()))?;

        let mut out = Vec::with_capacity(64 + header.protector_params.len() + plaintext.len() + TAG_LEN);
        out.extend_from_slice(self.magic);
        out.extend_from_slice(&self.version.to_le_bytes());
        out.push(header.protector.tag());
        out.extend_from_slice(&params_len.to_le_bytes());
        out.extend_from_slice(&header.protector_params);
        out.extend_from_slice(&header.key_check);
        out.extend_from_slice(&nonce);

        let cipher = XChaCha20Poly1305::new(cipher_key(key));
        let ciphertext = cipher
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: plaintext,
                    aad: &out,
                },
            )
            .map_err(|_| EnvelopeError::Damaged)?;
        out.extend_from_slice(&ciphertext);
        Ok(out)
    }

    /// Reads the clear header of a file without decrypting anything.
    pub fn read_header(&self, bytes: &[u8]) -> Result<Header, EnvelopeError> {
        self.split(bytes).map(|(header, _, _)| header)
    }

    /// Splits a file into its header, the associated data and the nonce+ciphertext.
    fn split<'b>(&self, bytes: &'b [u8]) -> Result<(Header, &'b [u8], &'b [u8]), EnvelopeError> {
        if !bytes.starts_with(self.magic) {
            return Err(EnvelopeError::WrongMagic);
        }
        let fixed = self.magic.len() + 2 + 1 + 2;
        if bytes.len() < fixed {
            return Err(EnvelopeError::Truncated);
        }
        let version = u16::from_le_bytes([bytes[8], bytes[9]]);
        if version > self.version {
            return Err(EnvelopeError::NewerFormat(version));
        }
        let protector = ProtectorKind::from_tag(bytes[10]).ok_or(EnvelopeError::UnknownProtector(bytes[10]))?;
        let params_len = usize::from(u16::from_le_bytes([bytes[11], bytes[12]]));
        let aad_len = fixed + params_len + KEY_CHECK_LEN + NONCE_LEN;
        if bytes.len() < aad_len + TAG_LEN {
            return Err(EnvelopeError::Truncated);
        }
        let params = bytes[fixed..fixed + params_len].to_vec();
        let mut key_check = [0u8; KEY_CHECK_LEN];
        key_check.copy_from_slice(&bytes[fixed + params_len..fixed + params_len + KEY_CHECK_LEN]);
        let header = Header {
            protector,
            protector_params: params,
            key_check,
        };
        Ok((header, &bytes[..aad_len], &bytes[aad_len - NONCE_LEN..]))
    }

    /// Decrypts a file of this kind with `key`.
    pub fn open(&self, bytes: &[u8], key: &DataKey) -> Result<Zeroizing<Vec<u8>>, EnvelopeError> {
        let (header, aad, rest) = self.split(bytes)?;
        if header.key_check != key_check(key) {
            return Err(EnvelopeError::WrongKey);
        }
        let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
        let nonce = XNonce::try_from(nonce).map_err(|_| EnvelopeError::Truncated)?;
        let cipher = XChaCha20Poly1305::new(cipher_key(key));
        cipher
            .decrypt(&nonce, Payload { msg: ciphertext, aad })
            .map(Zeroizing::new)
            .map_err(|_| EnvelopeError::Damaged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> DataKey {
        Box::new(Zeroizing::new([byte; 32]))
    }

    fn sealed() -> (Vec<u8>, DataKey) {
        let key = key(7);
        let header = Header::new(ProtectorKind::Passphrase, vec![1, 2, 3], &key);
        (VAULT.seal(&header, &key, b"{\"accounts\":[]}").expect("seal"), key)
    }

    #[test]
    fn round_trip_and_header_is_readable_without_the_key() {
        let (file, key) = sealed();
        assert_eq!(&file[..8], VAULT.magic);
        let header = VAULT.read_header(&file).expect("header");
        assert_eq!(header.protector, ProtectorKind::Passphrase);
        assert_eq!(header.protector_params, vec![1, 2, 3]);
        assert_eq!(VAULT.open(&file, &key).expect("open").as_slice(), b"{\"accounts\":[]}");
    }

    #[test]
    fn plaintext_never_appears_in_the_file() {
        let (file, _) = sealed();
        assert!(!file.windows(8).any(|w| w == b"accounts"));
    }

    #[test]
    fn every_save_uses_a_fresh_nonce() {
        let key = key(7);
        let header = Header::new(ProtectorKind::Passphrase, vec![], &key);
        let a = VAULT.seal(&header, &key, b"same").expect("seal");
        let b = VAULT.seal(&header, &key, b"same").expect("seal");
        assert_ne!(a, b);
    }

    #[test]
    fn wrong_key_is_told_apart_from_damage() {
        let (file, key) = sealed();
        assert_eq!(VAULT.open(&file, &self::key(8)), Err(EnvelopeError::WrongKey));
        let mut flipped = file.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert_eq!(VAULT.open(&flipped, &key), Err(EnvelopeError::Damaged));
    }

    #[test]
    fn header_tampering_is_detected() {
        let (mut file, key) = sealed();
        file[13] ^= 0xff; // first protector parameter byte
        assert_eq!(VAULT.open(&file, &key), Err(EnvelopeError::Damaged));
    }

    #[test]
    fn foreign_truncated_and_newer_files_are_recognised() {
        let (file, key) = sealed();
        assert_eq!(
            VAULT.open(b"hello world, not a vault", &key),
            Err(EnvelopeError::WrongMagic)
        );
        assert_eq!(VAULT.open(b"", &key), Err(EnvelopeError::WrongMagic));
        for cut in [9, 12, 20, 40, file.len() - 1] {
            let err = VAULT.open(&file[..cut], &key).expect_err("truncated");
            assert!(
                matches!(err, EnvelopeError::Truncated | EnvelopeError::Damaged),
                "cut at {cut}: {err:?}"
            );
        }
        let mut newer = file.clone();
        newer[8] = 2;
        assert_eq!(VAULT.read_header(&newer), Err(EnvelopeError::NewerFormat(2)));
        let mut unknown = file;
        unknown[10] = 9;
        assert_eq!(VAULT.read_header(&unknown), Err(EnvelopeError::UnknownProtector(9)));
    }

    #[test]
    fn a_failing_random_number_generator_is_not_called_damage() {
        let key = key(7);
        let header = Header::new(ProtectorKind::Passphrase, vec![], &key);
        let error = VAULT
            .seal_with_nonce_from(&header, &key, b"x", |_| Err(getrandom::Error::UNSUPPORTED))
            .expect_err("no nonce");
        assert!(matches!(error, EnvelopeError::Random(_)), "{error:?}");
        let message = error.to_string();
        assert!(
            message.starts_with("the system's random number generator failed"),
            "{message}"
        );
        assert!(
            !message.contains("integrity") && !message.contains("damaged"),
            "{message}"
        );
    }

    #[test]
    fn the_cipher_wipes_its_copy_of_the_key() {
        // Fails to compile if chacha20poly1305 loses its `zeroize` feature.
        fn wipes_on_drop<T: zeroize::ZeroizeOnDrop>() {}
        wipes_on_drop::<XChaCha20Poly1305>();
    }

    #[test]
    fn a_vault_is_not_a_backup_and_a_backup_is_not_a_vault() {
        let key = key(7);
        let header = Header::new(ProtectorKind::Passphrase, vec![1], &key);
        let backup = BACKUP.seal(&header, &key, b"x").expect("seal");
        assert_eq!(&backup[..8], b"TRAYBAK\x1a");
        assert_eq!(VAULT.open(&backup, &key), Err(EnvelopeError::WrongMagic));
        let (vault, key) = sealed();
        assert_eq!(BACKUP.open(&vault, &key), Err(EnvelopeError::WrongMagic));
        // The magic is authenticated too: relabelling a backup as a vault fails.
        let mut relabelled = BACKUP.seal(&header, &key, b"x").expect("seal");
        relabelled[..8].copy_from_slice(VAULT.magic);
        assert_eq!(VAULT.open(&relabelled, &key), Err(EnvelopeError::Damaged));
    }
}
