//! A small clear-text file beside the vault, `<vault>.state.json`, for what
//! trayotp must remember about a vault that is not secret: when the newest
//! backup was made (and of how many accounts), when the tray last
//! reminded the user to make one. The rules are `domain::reminder`. (The
//! clock measurement is per machine: `platform::clock_store`; an older
//! trayotp's `last_clock_check` here is dropped at the next write.)
//!
//! It holds no key and no account name. Losing it costs at most an early
//! reminder, so a missing or unreadable file reads as empty; it is written
//! atomically all the same, keeping fields a newer trayotp added.

use std::collections::BTreeMap;
use std::fs;
use std::io;

use serde::{Deserialize, Serialize};

use super::{VaultError, VaultPath, file, io_error};
use crate::domain::reminder::BackupRecord;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct VaultState {
    /// The newest backup made with `trayotp backup`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_backup: Option<BackupRecord>,
    /// Unix time the tray last reminded the user to make a backup.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_backup_reminder: Option<u64>,
    /// Unix time an automatic backup (`crate::auto_backup`) last failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_backup_failed: Option<u64>,
    #[serde(flatten)]
    pub unknown_fields: BTreeMap<String, serde_json::Value>,
}

/// Reads the state of the vault at `path`; missing or unreadable reads as empty.
pub fn load(path: &VaultPath) -> VaultState {
    fs::read(path.state())
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// Writes the state atomically.
pub fn save(path: &VaultPath, state: &VaultState) -> Result<(), VaultError> {
    let target = path.state();
    let mut state = state.clone();
    // One PC's clock offset does not belong beside a vault that may roam.
    state.unknown_fields.remove("last_clock_check");
    let json = serde_json::to_vec_pretty(&state).map_err(|e| io_error("write", &target)(io::Error::other(e)))?;
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        file::create_private_dir(dir).map_err(io_error("create the folder", dir))?;
    }
    file::write_atomically(&target, &json).map_err(io_error("write", &target))
}

/// Records that a backup of `accounts` accounts was made at `at`.
pub fn record_backup(path: &VaultPath, at: u64, accounts: usize) -> Result<(), VaultError> {
    let mut state = load(path);
    state.last_backup = Some(BackupRecord { at, accounts });
    save(path, &state)
}

/// Records that an automatic backup could not be written at `at`.
pub fn record_auto_backup_failure(path: &VaultPath, at: u64) -> Result<(), VaultError> {
    let mut state = load(path);
    state.auto_backup_failed = Some(at);
    save(path, &state)
}

/// Records that the tray reminded the user to make a backup at `at`.
pub fn record_reminder(path: &VaultPath, at: u64) -> Result<(), VaultError> {
    let mut state = load(path);
    state.last_backup_reminder = Some(at);
    save(path, &state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_or_damaged_state_reads_as_empty_and_is_rewritten_whole() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = VaultPath::new(dir.path().join("vault.trayotp"));
        assert_eq!(load(&path), VaultState::default());
        fs::write(path.state(), b"{ not json").expect("write");
        assert_eq!(load(&path), VaultState::default());

        record_backup(&path, 1_750_000_000, 3).expect("record");
        assert_eq!(path.state(), dir.path().join("vault.trayotp.state.json"));
        assert_eq!(
            load(&path).last_backup,
            Some(BackupRecord {
                at: 1_750_000_000,
                accounts: 3
            })
        );
    }

    #[test]
    fn fields_from_a_newer_trayotp_and_the_reminder_time_survive() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = VaultPath::new(dir.path().join("vault.trayotp"));
        fs::write(path.state(), br#"{"last_backup_reminder": 5, "window": {"x": 1}}"#).expect("write");
        record_backup(&path, 10, 1).expect("record");
        let state = load(&path);
        assert_eq!(state.last_backup_reminder, Some(5));
        assert_eq!(state.unknown_fields["window"]["x"], 1);
        record_reminder(&path, 20).expect("record");
        let state = load(&path);
        assert_eq!(state.last_backup_reminder, Some(20));
        assert_eq!(state.last_backup.map(|b| b.at), Some(10));
        assert_eq!(state.unknown_fields["window"]["x"], 1);
    }
}
