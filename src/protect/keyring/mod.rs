//! The Secret Service protector (Linux): a random 256-bit data key lives in
//! the user's login keyring (GNOME Keyring, KWallet, KeePassXC), found again
//! by a random key id kept in the vault header. The default on Linux: the
//! keyring is unlocked at login, so the user has nothing to type.

use super::{DataKey, KeyProtector, ProtectError, ProtectorKind};

#[cfg(target_os = "linux")]
mod linux;
#[cfg(not(target_os = "linux"))]
mod other;
#[cfg(target_os = "linux")]
use linux as imp;
#[cfg(not(target_os = "linux"))]
use other as imp;

/// The attribute every trayotp keyring item carries.
pub const APPLICATION: &str = "trayotp";

pub struct KeyringProtector(());

impl KeyringProtector {
    pub fn new() -> Result<Self, ProtectError> {
        if cfg!(target_os = "linux") {
            Ok(Self(()))
        } else {
            Err(ProtectError::KeyringNotHere)
        }
    }
}

impl KeyProtector for KeyringProtector {
    fn kind(&self) -> ProtectorKind {
        ProtectorKind::Keyring
    }

    fn new_key(&self) -> Result<(DataKey, Vec<u8>), ProtectError> {
        let key = super::random_data_key()?;
        let mut id = [0u8; 16];
        getrandom::fill(&mut id).map_err(|e| ProtectError::Random(e.to_string()))?;
        let key_id: String = id.iter().map(|b| format!("{b:02x}")).collect();
        imp::store(&key_id, key.as_slice())?;
        Ok((key, key_id.into_bytes()))
    }

    fn unlock_key(&self, header_params: &[u8]) -> Result<DataKey, ProtectError> {
        let key_id = std::str::from_utf8(header_params).map_err(|_| ProtectError::BadParams)?;
        let secret = imp::load(key_id)?;
        super::data_key_from(&secret).ok_or(ProtectError::KeyringKeyMissing)
    }
}

#[cfg(target_os = "linux")]
pub use imp::{delete, load, store};
