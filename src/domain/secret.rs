//! The shared TOTP key of one account, kept out of logs and wiped from memory
//! when dropped.

use std::fmt;

use zeroize::Zeroizing;

/// The raw bytes of a TOTP key.
///
/// `Debug` never prints the bytes and the buffer is zeroised on drop, so the
/// key cannot leak into a log line or a panic message by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey(Zeroizing<Vec<u8>>);

impl SecretKey {
    pub fn new(bytes: Vec<u8>) -> Self {
        Self(Zeroizing::new(bytes))
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    pub fn bit_len(&self) -> usize {
        self.0.len() * 8
    }

    /// Base32 (RFC 4648, no padding): how the key is written in the vault and
    /// in exports. The caller owns a buffer that is wiped on drop.
    pub fn to_base32(&self) -> Zeroizing<String> {
        Zeroizing::new(totp_rs::Secret::from(self.0.as_slice()).to_base32())
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretKey(<{} bits, redacted>)", self.bit_len())
    }
}

/// Serde glue: the key is stored as Base32 text inside the encrypted vault.
pub mod serde_base32 {
    use serde::{Deserialize, Deserializer, Serializer, de::Error as _};
    use zeroize::Zeroizing;

    use super::SecretKey;

    pub fn serialize<S: Serializer>(key: &SecretKey, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&key.to_base32())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<SecretKey, D::Error> {
        let text = Zeroizing::new(String::deserialize(deserializer)?);
        let secret = totp_rs::Secret::try_from_base32(text.as_str())
            .map_err(|_| D::Error::custom("an account key is not valid Base32"))?;
        Ok(SecretKey::new(secret.as_bytes().to_vec()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_contains_the_key() {
        let key = SecretKey::new(b"12345678901234567890".to_vec());
        let shown = format!("{key:?}");
        assert!(!shown.contains("1234"), "{shown}");
        assert!(!shown.contains(key.to_base32().as_str()), "{shown}");
        assert!(shown.contains("160 bits"), "{shown}");
    }

    #[test]
    fn base32_round_trip() {
        let key = SecretKey::new(b"12345678901234567890".to_vec());
        assert_eq!(key.to_base32().as_str(), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    }
}
