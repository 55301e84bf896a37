//! Elsewhere than Windows: toasts need no registered identity.

use std::path::Path;

use super::AtStart;

pub fn ensure_registered(_folder: &Path) -> Result<AtStart, String> {
    Ok(AtStart::NotNeeded)
}

pub fn delete_key() -> Result<bool, String> {
    Ok(false)
}

pub fn claim_for_this_process() {}
