//! The DPAPI protector (Windows): the vault's data key is wrapped with
//! `CryptProtectData` for the current Windows user, with app-specific
//! entropy and no UI. This is the default on Windows: nothing to remember,
//! but the vault opens only for this user on this PC and does not survive a
//! Windows password *reset* (a change is fine). Hence the README's advice to
//! keep a passphrase backup.

use super::{DataKey, KeyProtector, ProtectError, ProtectorKind};

#[cfg(not(windows))]
mod other;
#[cfg(windows)]
mod windows;
#[cfg(not(windows))]
use other as imp;
#[cfg(windows)]
use windows as imp;

/// Mixed into every DPAPI call so that another program running as the same
/// user cannot unwrap our key by calling `CryptUnprotectData` on the blob.
pub const APP_ENTROPY: &[u8] = b"trayotp vault key v1";

pub struct DpapiProtector(());

impl DpapiProtector {
    pub fn new() -> Result<Self, ProtectError> {
        if cfg!(windows) {
            Ok(Self(()))
        } else {
            Err(ProtectError::DpapiNotHere)
        }
    }
}

impl KeyProtector for DpapiProtector {
    fn kind(&self) -> ProtectorKind {
        ProtectorKind::Dpapi
    }

    fn new_key(&self) -> Result<(DataKey, Vec<u8>), ProtectError> {
        let key = super::random_data_key()?;
        let blob = imp::protect(key.as_slice(), APP_ENTROPY)?;
        Ok((key, blob))
    }

    fn unlock_key(&self, header_params: &[u8]) -> Result<DataKey, ProtectError> {
        let plain = imp::unprotect(header_params, APP_ENTROPY)?;
        super::data_key_from(&plain).ok_or(ProtectError::BadParams)
    }
}

#[cfg(windows)]
pub use imp::{protect, unprotect};
