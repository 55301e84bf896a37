//! Accounts to and from files, the parts the command line and the forms
//! share: writing an encrypted backup (and checking where it goes), the
//! backup passphrase rule, and reading a file within bounds. No terminal
//! and no tray here: `cli::transfer` prompts and prints, `gui::backup` and
//! `gui::add_import` show the outcome, and each tells the tray. [`import`]
//! reads another app's export for the forms and sums up what it did.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::domain::AccountList;
use crate::domain::backup_passphrase::{self, BackupPassphraseError, Weak};
use crate::formats::{self, FormatError, MAX_FILE_BYTES};
use crate::vault::{VaultError, VaultPath, file, state};

pub mod import;

const MAX_MIB: u64 = MAX_FILE_BYTES / 1024 / 1024;
const MIN_CHARS: usize = backup_passphrase::MIN_CHARS;

/// Why a backup, restore, import or export failed. One line each; never a key.

#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    #[error("{0} already exists: choose another file name, or pass --overwrite to replace it")]
    Exists(PathBuf),
    #[error("{0} is the vault or one of its companion files: choose another file name")]
    IsTheVault(PathBuf),
    #[error("cannot {action} {path}: {source}{}", crate::vault::full_disk_advice(.source))]
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    #[error("{0} is larger than {MAX_MIB} MiB, too large to be an authenticator export: check the file name")]
    TooLarge(PathBuf),
    #[error(
        "cannot tell what kind of file {0} is: pass --format uris, google, aegis, 2fas, backup, bitwarden, keepass, proton, ente, lastpass, authpro, andotp, freeotp or winauth"
    )]
    UnknownFormat(PathBuf),
    #[error(
        "nothing was written: the {format} cannot carry {count} account(s) faithfully, and their codes would be wrong there ({accounts}); export them with --format aegis, 2fas or uris instead, or pass --force to write them anyway"
    )]
    Lossy {
        format: &'static str,
        count: usize,
        accounts: String,
    },
    #[error("the backup passphrase is empty: choose one you can remember")]
    EmptyPassphrase,
    #[error(
        "nothing was written: the passphrase has {chars} character(s), and a backup needs at least {MIN_CHARS} (whoever finds the file can guess a shorter one; a few words are safer): choose a longer one, or pass --weak-passphrase to use it anyway"
    )]
    WeakPassphrase { chars: usize },
    #[error("cannot {action} {path}: {error}")]
    Format {
        action: &'static str,
        path: PathBuf,
        error: FormatError,
    },
}

pub(crate) fn io_error(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> TransferError {
    let path = path.to_path_buf();
    move |source| TransferError::Io { action, path, source }
}

pub(crate) fn format_error(action: &'static str, path: &Path) -> impl FnOnce(FormatError) -> TransferError {
    let path = path.to_path_buf();
    move |error| TransferError::Format { action, path, error }
}

/// The backup passphrase rule ([`backup_passphrase::check`]) as a transfer error.
pub fn check_passphrase(passphrase: &str, weak: Weak) -> Result<(), TransferError> {
    backup_passphrase::check(passphrase, weak).map_err(|error| match error {
        BackupPassphraseError::Empty => TransferError::EmptyPassphrase,
        BackupPassphraseError::TooShort { chars } => TransferError::WeakPassphrase { chars },
    })
}

/// What [`write_backup`] did.
#[derive(Debug)]
pub struct BackupWritten {
    /// How many accounts the file holds.
    pub accounts: usize,
    /// Set when the backup is complete but its date could not be recorded
    /// in the vault's state file (the reminder may then come early).
    pub unrecorded: Option<VaultError>,
}

/// Writes every account of the vault at `vault` into an encrypted backup
/// at `target`: the one way a backup is made, by `trayotp backup` and by the
/// "Back up…" form alike. Refuses a passphrase the backup rule refuses
/// (under `weak`), the vault's own files, and an existing
/// file unless `overwrite`; writes atomically and reads the file back; then
/// records the backup in the state file (`vault::state`). The caller tells
/// a running tray (`Request::Reload`), whose backup reminder then stands down.
pub fn write_backup(
    vault: &VaultPath,
    accounts: &AccountList,
    passphrase: &Zeroizing<String>,
    weak: Weak,
    target: &Path,
    overwrite: bool,
    created: u64,
) -> Result<BackupWritten, TransferError> {
    check_passphrase(passphrase, weak)?;
    check_target(vault, target, overwrite)?;
    let sealed = formats::backup::write(accounts, passphrase, created).map_err(format_error("write", target))?;
    file::write_atomically(target, &sealed).map_err(io_error("write", target))?;
    // What is on the disk must be what was checked.
    let on_disk = fs::read(target).map_err(io_error("read back", target))?;
    if on_disk != sealed {
        return Err(io_error("verify", target)(io::Error::other(
            "the file on disk differs from what was written; use another disk",
        )));
    }
    let unrecorded = state::record_backup(vault, created, accounts.len()).err();
    Ok(BackupWritten {
        accounts: accounts.len(),
        unrecorded,
    })
}

/// Refuses to write over an existing file (unless `overwrite`), and
/// ever over the vault or its companions.
pub fn check_target(vault: &VaultPath, target: &Path, overwrite: bool) -> Result<(), TransferError> {
    if fs::symlink_metadata(target).is_err() {
        return Ok(());
    }
    let same = |other: &Path| match (fs::canonicalize(target), fs::canonicalize(other)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    let vault_files = [vault.main().to_path_buf(), vault.backup(), vault.state()];
    if vault_files.iter().any(|file| same(file)) {
        return Err(TransferError::IsTheVault(target.to_path_buf()));
    }
    if !overwrite {
        return Err(TransferError::Exists(target.to_path_buf()));
    }
    Ok(())
}

/// Reads a whole file into wiped-on-drop memory, refusing absurd sizes.
pub fn read_limited(path: &Path) -> Result<Zeroizing<Vec<u8>>, TransferError> {
    let file = fs::File::open(path).map_err(io_error("read", path))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > MAX_FILE_BYTES {
        return Err(TransferError::TooLarge(path.to_path_buf()));
    }
    let capacity = usize::try_from(size).unwrap_or(0).saturating_add(1);
    let mut bytes = Zeroizing::new(Vec::with_capacity(capacity));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error("read", path))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(TransferError::TooLarge(path.to_path_buf()));
    }
    Ok(bytes)
}
