//! `trayotp auto-backup on FOLDER | off | status [--json]`: turns the
//! automatic backup (`crate::auto_backup`) on and off and reports on it.
//! `on` asks for the backup passphrase as `trayotp backup` does (twice, or
//! `TRAYOTP_BACKUP_PASSPHRASE`; the same length rule) and writes the first
//! backup at once, so a folder that cannot be written is said before
//! anything changes.

use super::out::outln;
use std::path::PathBuf;

use serde::Serialize;
use zeroize::Zeroizing;

use super::args::AutoBackupAction;
use super::prompt::TerminalPassphrase;
use super::transfer::check_passphrase;
use super::{CliError, Session, print_json};
use crate::domain::backup_passphrase::{MIN_CHARS, Weak};
use crate::protect::passphrase::{PassphrasePrompt, PassphrasePurpose};
use crate::vault::{self, AutoBackup};

/// Why `auto-backup` could not do what was asked. One line each.
#[derive(Debug, thiserror::Error)]
pub enum AutoBackupCliError {
    #[error("{0} is not a folder: create it first, or name an existing one")]
    NotAFolder(PathBuf),
    #[error("the folder name {0} is not valid Unicode: choose a folder whose name is")]
    NotUnicode(PathBuf),
    #[error(transparent)]
    NotWritten(#[from] crate::auto_backup::AutoBackupError),
}

#[derive(Serialize)]
struct Status {
    folder: Option<String>,
    last: Option<u64>,
    count: usize,
}

pub(super) fn run(session: &Session, action: AutoBackupAction) -> Result<(), CliError> {
    match action {
        AutoBackupAction::On {
            folder,
            weak_passphrase,
        } => on(session, folder, weak_passphrase),
        AutoBackupAction::Off => {
            let vault = session.open_existing()?;
            let Some(record) = vault.auto_backup().cloned() else {
                outln!("Automatic backups are already off.");
                return Ok(());
            };
            drop(vault);
            vault::set_auto_backup(&session.path, session.choose, None)?;
            outln!(
                "Automatic backups are off; the backups already in {} stay there.",
                record.folder
            );
            Ok(())
        }
        AutoBackupAction::Status { json } => status(session, json),
    }
}

fn on(session: &Session, folder: PathBuf, weak_passphrase: bool) -> Result<(), CliError> {
    if !folder.is_dir() {
        return Err(AutoBackupCliError::NotAFolder(folder).into());
    }
    // Stored absolute: the tray and the forms run from another folder.
    let absolute = std::path::absolute(&folder).map_err(|e| CliError::Io("find the folder", e))?;
    let Some(text) = absolute.to_str() else {
        return Err(AutoBackupCliError::NotUnicode(folder).into());
    };
    let vault = session.open_existing()?;
    let passphrase: Zeroizing<String> = TerminalPassphrase::for_file().passphrase(PassphrasePurpose::Create)?;
    let weak = if weak_passphrase { Weak::Allowed } else { Weak::Refused };
    check_passphrase(&passphrase, weak)?;
    if weak == Weak::Allowed && passphrase.chars().count() < MIN_CHARS {
        eprintln!(
            "trayotp: warning: a passphrase under {MIN_CHARS} characters is easy to guess for whoever finds the files (accepted because of --weak-passphrase)"
        );
    }
    let record = AutoBackup {
        folder: text.to_string(),
        passphrase,
    };
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0);
    let keep = crate::auto_backup::keep();
    let first = crate::auto_backup::write(&session.path, &record, vault.accounts(), now_ms, keep)
        .map_err(AutoBackupCliError::from)?;
    drop(vault);
    vault::set_auto_backup(&session.path, session.choose, Some(record))?;
    outln!(
        "Automatic backups are on: every change to the accounts writes one into {text}, and the newest {keep} are kept. The first is {}; `trayotp restore FILE` reads them (with the passphrase you just chose).",
        first.display()
    );
    Ok(())
}

fn status(session: &Session, json: bool) -> Result<(), CliError> {
    let vault = session.open_existing()?;
    let folder = vault.auto_backup().map(|record| record.folder.clone());
    let found = folder
        .as_deref()
        .and_then(|f| crate::auto_backup::folder_status(std::path::Path::new(f)).ok());
    let report = Status {
        count: found.as_ref().map_or(0, |s| s.count),
        last: found.as_ref().and_then(|s| s.last),
        folder,
    };
    if json {
        return print_json(&report);
    }
    match &report.folder {
        None => outln!("Automatic backups are off (`trayotp auto-backup on FOLDER` turns them on)."),
        Some(folder) => match (&found, report.last) {
            (None, _) => outln!("Automatic backups are on, into {folder}, which cannot be read now."),
            (Some(_), None) => outln!("Automatic backups are on, into {folder}; none has been written yet."),
            (Some(found), Some(_)) => outln!(
                "Automatic backups are on, into {folder}: {} backup(s), the newest {}.",
                report.count,
                found.newest.as_deref().unwrap_or_default()
            ),
        },
    }
    Ok(())
}
