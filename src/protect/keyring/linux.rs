//! Linux: the Secret Service over D-Bus.

use std::collections::HashMap;

use secret_service::blocking::SecretService;
use secret_service::{EncryptionType, Error};
use zeroize::Zeroizing;

use super::APPLICATION;
use crate::protect::ProtectError;

fn attributes(key_id: &str) -> HashMap<&str, &str> {
    HashMap::from([("application", APPLICATION), ("trayotp-key-id", key_id)])
}

fn map_error(error: Error) -> ProtectError {
    match error {
        Error::Locked | Error::Prompt | Error::PromptDisconnected => ProtectError::KeyringLocked,
        Error::Unavailable | Error::Zbus(_) | Error::ZbusFdo(_) => ProtectError::KeyringNotRunning,
        Error::NoResult => ProtectError::KeyringKeyMissing,
        other => ProtectError::KeyringFailed(other.to_string()),
    }
}

fn connect() -> Result<SecretService<'static>, ProtectError> {
    SecretService::connect(EncryptionType::Dh).map_err(map_error)
}

/// Stores a key under `key_id` in the default collection.
pub fn store(key_id: &str, key: &[u8]) -> Result<(), ProtectError> {
    let service = connect()?;
    let collection = service.get_default_collection().map_err(map_error)?;
    collection.ensure_unlocked().map_err(map_error)?;
    collection
        .create_item(
            &format!("trayotp vault key {key_id}"),
            attributes(key_id),
            key,
            true,
            "application/octet-stream",
        )
        .map_err(map_error)?;
    Ok(())
}

/// Reads the key stored under `key_id`.
pub fn load(key_id: &str) -> Result<Zeroizing<Vec<u8>>, ProtectError> {
    let service = connect()?;
    let found = service.search_items(attributes(key_id)).map_err(map_error)?;
    let item = match (found.unlocked.into_iter().next(), found.locked.into_iter().next()) {
        (Some(item), _) => item,
        (None, Some(item)) => {
            item.ensure_unlocked().map_err(map_error)?;
            item
        }
        (None, None) => return Err(ProtectError::KeyringKeyMissing),
    };
    Ok(Zeroizing::new(item.get_secret().map_err(map_error)?))
}

/// Removes the key stored under `key_id` (tests and `trayotp` clean-up).
pub fn delete(key_id: &str) -> Result<(), ProtectError> {
    let service = connect()?;
    let found = service.search_items(attributes(key_id)).map_err(map_error)?;
    for item in found.unlocked.iter().chain(found.locked.iter()) {
        item.delete().map_err(map_error)?;
    }
    Ok(())
}

/// These run against a real Secret Service: `.ci/run` starts gnome-keyring
/// inside `dbus-run-session`. Without one they fail with
/// [`ProtectError::KeyringNotRunning`], by design: a Linux build that cannot
/// reach a keyring is not a tested build.
#[cfg(test)]
mod tests {
    use super::super::*;
    use super::*;

    #[test]
    fn real_secret_service_round_trip_and_missing_key() {
        let protector = KeyringProtector::new().expect("linux");
        let (key, params) = protector
            .new_key()
            .expect("a Secret Service must be running for the tests (see .ci/run)");
        assert_eq!(params.len(), 32, "hex key id");
        assert_eq!(*protector.unlock_key(&params).expect("unlock"), *key);

        let key_id = std::str::from_utf8(&params).expect("utf-8");
        delete(key_id).expect("delete");
        assert!(matches!(
            protector.unlock_key(&params),
            Err(ProtectError::KeyringKeyMissing)
        ));
    }
}
