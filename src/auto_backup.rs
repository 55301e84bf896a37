//! Automatic backups: once `trayotp auto-backup on FOLDER` has put a folder
//! and a backup passphrase into the vault, every change to the accounts
//! also writes an encrypted backup (a `trayotp backup` file, which
//! `trayotp restore` reads) into that folder, and removes the oldest of its
//! own beyond `auto_backup_keep`.
//!
//! Every change goes through [`modify`]: the command line and the forms
//! call it instead of `vault::modify`, so no process changes the accounts
//! without the backup following. The backup is written after the vault is
//! saved, and its failure never undoes the change: a folder that cannot be
//! written (a USB stick taken out) is one warning for the caller to show,
//! and it is remembered in the vault's state file, so the tray says it too.
//! A backup that is written counts for the backup reminder
//! (`vault::state::record_backup`).
//!
//! The naming and pruning rules are `domain::auto_backup`; this is the thin
//! part that touches files.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::domain::AccountList;
use crate::domain::auto_backup as rules;
use crate::protect::ProtectorKind;
use crate::vault::{self, AutoBackup, ProtectorChooser, Saved, VaultError, VaultPath, file, state};

/// Why an automatic backup was not written. One line, no secret.
#[derive(Debug, thiserror::Error)]
pub enum AutoBackupError {
    #[error(
        "the change is saved, but no automatic backup could be written to {folder}: {reason}; check that the folder is there (a USB stick plugged in), or `trayotp auto-backup on` another one"
    )]
    NotWritten { folder: String, reason: String },
}

/// The settings file whose `auto_backup_keep` applies, set once by the
/// command line (`--config`); otherwise the default one.
static SETTINGS: OnceLock<PathBuf> = OnceLock::new();

/// Says which settings file holds `auto_backup_keep` for this process.
pub fn use_settings(path: &Path) {
    let _ = SETTINGS.set(path.to_path_buf());
}

/// `auto_backup_keep` from this process's settings file.
pub fn keep() -> u32 {
    let path = SETTINGS.get().cloned().or_else(crate::paths::default_settings);
    path.map_or(crate::settings::Settings::default().auto_backup_keep, |path| {
        crate::settings::file::load(&path).settings.auto_backup_keep
    })
}

/// `vault::modify`, then the automatic backup of what was saved. The change
/// stands whatever happens to the backup: its failure is the second value.
pub fn modify<T, E>(
    path: &VaultPath,
    choose: &ProtectorChooser,
    requested: Option<ProtectorKind>,
    change: impl FnOnce(&mut AccountList) -> Result<T, E>,
) -> Result<(T, Option<AutoBackupError>), E>
where
    E: From<VaultError>,
{
    let (result, saved) = vault::modify_and_report(path, choose, requested, change)?;
    Ok((result, saved.and_then(|saved| after_save(path, &saved))))
}

/// Writes the automatic backup of a save, if they are on; records the
/// outcome in the state file for the tray.
pub fn after_save(path: &VaultPath, saved: &Saved) -> Option<AutoBackupError> {
    let record = saved.auto_backup.as_ref()?;
    let now_ms = now_ms();
    match write(path, record, &saved.accounts, now_ms, keep()) {
        Ok(_) => None,
        Err(error) => {
            let _ = state::record_auto_backup_failure(path, now_ms / 1000);
            Some(error)
        }
    }
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// Writes one automatic backup of `accounts` into the record's folder,
/// removes the oldest of ours beyond `keep`, and records the backup for the
/// reminder. Returns the file written.
pub fn write(
    vault: &VaultPath,
    record: &AutoBackup,
    accounts: &AccountList,
    now_ms: u64,
    keep: u32,
) -> Result<PathBuf, AutoBackupError> {
    let folder = Path::new(&record.folder);
    let failed = |reason: String| AutoBackupError::NotWritten {
        folder: record.folder.clone(),
        reason,
    };
    // Never created: a missing folder is a stick that was taken out, and
    // creating it would fill the mount point's disk instead.
    if !folder.is_dir() {
        return Err(failed("the folder is not there".into()));
    }
    let sealed = crate::formats::backup::write(accounts, &record.passphrase, now_ms / 1000)
        .map_err(|e| failed(e.to_string()))?;
    // Two changes in one millisecond: the next free name.
    let mut stamp = now_ms;
    let mut target = folder.join(rules::file_name(stamp));
    while std::fs::symlink_metadata(&target).is_ok() {
        stamp += 1;
        target = folder.join(rules::file_name(stamp));
    }
    file::write_atomically(&target, &sealed).map_err(|e| failed(e.to_string()))?;
    prune(folder, keep);
    let _ = state::record_backup(vault, now_ms / 1000, accounts.len());
    Ok(target)
}

/// Removes our oldest backups beyond `keep` (best effort: one left over is
/// removed by the next change).
fn prune(folder: &Path, keep: u32) {
    let Ok(names) = file::file_names(folder) else {
        return;
    };
    for name in rules::to_remove(names.iter().map(String::as_str), keep) {
        let _ = std::fs::remove_file(folder.join(name));
    }
}

/// What `trayotp auto-backup status` reports about a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderStatus {
    /// How many automatic backups are in it.
    pub count: usize,
    /// The Unix time (seconds) of the newest, if any.
    pub last: Option<u64>,
    /// The newest's file name.
    pub newest: Option<String>,
}

/// Counts our backups in `folder` (none if it cannot be read).
pub fn folder_status(folder: &Path) -> io::Result<FolderStatus> {
    let mut count = 0;
    let mut newest: Option<(u64, String)> = None;
    for name in file::file_names(folder)? {
        if let Some(ms) = rules::parse_name(&name) {
            count += 1;
            if newest.as_ref().is_none_or(|(at, _)| ms > *at) {
                newest = Some((ms, name));
            }
        }
    }
    Ok(FolderStatus {
        count,
        last: newest.as_ref().map(|(ms, _)| ms / 1000),
        newest: newest.map(|(_, name)| name),
    })
}
