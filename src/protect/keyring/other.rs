//! Elsewhere than Linux: no Secret Service; a keyring vault is refused with a clear reason.

use crate::protect::ProtectError;

pub fn store(_: &str, _: &[u8]) -> Result<(), ProtectError> {
    Err(ProtectError::KeyringNotHere)
}

pub fn load(_: &str) -> Result<zeroize::Zeroizing<Vec<u8>>, ProtectError> {
    Err(ProtectError::KeyringNotHere)
}
