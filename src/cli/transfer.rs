//! The commands that move accounts between this vault and a file: `backup`
//! and `restore` (trayotp's own encrypted backup) and `import` and `export`
//! (other authenticators' files, see [`crate::formats`]).
//!
//! Files are written with `vault::file::write_atomically` and never over an
//! existing file unless asked (`--overwrite`), and never over the vault
//! itself. Accounts come in through `vault::modify` (lock, re-read, merge,
//! write), after the whole file has been read and checked: a wrong
//! passphrase or a damaged file changes nothing. Every account not simply
//! added is reported on stderr, one line each; the summary goes to stdout.
//! An export whose format would change some account's codes (Google
//! Authenticator's has no period) is refused, naming them, unless `--force`.

use super::out::outln;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use super::args::{BackupArgs, ExportArgs, ImportArgs, RestoreArgs};
use super::prompt::TerminalPassphrase;
use super::terminal::terminal_safe;
use super::{CliError, Session, now};
use crate::domain::AccountList;
use crate::domain::backup_passphrase::{self, BackupPassphraseError, Weak};
use crate::domain::merge::{self, MergeOutcome, OnConflict};
use crate::formats::{self, FormatError, FormatId, MAX_FILE_BYTES};
use crate::platform::control::{self, Request};
use crate::protect::passphrase::{PassphrasePrompt, PassphrasePurpose};
use crate::vault::{VaultError, VaultPath, file, state};

const MAX_MIB: u64 = MAX_FILE_BYTES / 1024 / 1024;
const MIN_CHARS: usize = backup_passphrase::MIN_CHARS;

/// Why a backup, restore, import or export failed. One line each; never a key.
/// At most this many "skipped '…': why" lines are printed per import.
const MAX_SKIP_LINES: usize = 20;

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

fn io_error(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> TransferError {
    let path = path.to_path_buf();
    move |source| TransferError::Io { action, path, source }
}

fn format_error(action: &'static str, path: &Path) -> impl FnOnce(FormatError) -> TransferError {
    let path = path.to_path_buf();
    move |error| TransferError::Format { action, path, error }
}

impl Session<'_> {
    pub(super) fn backup(&self, args: BackupArgs) -> Result<(), CliError> {
        // Refused before the passphrase is asked for; checked again when written.
        check_target(&self.path, &args.file, args.overwrite)?;
        let vault = self.open_existing()?;
        let accounts = vault.accounts();
        let passphrase = TerminalPassphrase::for_file().passphrase(PassphrasePurpose::Create)?;
        let weak = if args.weak_passphrase {
            Weak::Allowed
        } else {
            Weak::Refused
        };
        check_passphrase(&passphrase, weak)?;
        if weak == Weak::Allowed && passphrase.chars().count() < MIN_CHARS {
            eprintln!(
                "trayotp: warning: a passphrase under {MIN_CHARS} characters is easy to guess for whoever finds the file (written because of --weak-passphrase)"
            );
        }
        let written = write_backup(
            &self.path,
            accounts,
            &passphrase,
            weak,
            &args.file,
            args.overwrite,
            now()?,
        )?;
        if let Some(error) = written.unrecorded {
            eprintln!("trayotp: warning: the backup is complete, but its date could not be recorded: {error}");
        }
        outln!(
            "Backed up {} account(s) to {}. Keep it, and its passphrase, apart from this PC: `trayotp restore {}` brings them back anywhere.",
            written.accounts,
            args.file.display(),
            args.file.display()
        );
        Ok(())
    }

    pub(super) fn restore(&self, args: RestoreArgs) -> Result<(), CliError> {
        self.bring_in(
            &args.file,
            Some(FormatId::Backup),
            None,
            args.on_conflict,
            "restore",
            "Restored",
        )
    }

    pub(super) fn import(&self, args: ImportArgs) -> Result<(), CliError> {
        self.bring_in(
            &args.file,
            args.format.id(),
            args.key_file.as_deref(),
            args.on_conflict,
            "import",
            "Imported",
        )
    }

    /// Reads `path` whole, then merges its accounts into the vault.
    fn bring_in(
        &self,
        path: &Path,
        format: Option<FormatId>,
        key_file: Option<&Path>,
        on_conflict: OnConflict,
        action: &'static str,
        done: &str,
    ) -> Result<(), CliError> {
        let bytes = read_limited(path)?;
        let mut importer: &dyn formats::ImportFormat = match format {
            Some(id) => formats::importer(id),
            None => formats::detect(&bytes).ok_or_else(|| TransferError::UnknownFormat(path.to_path_buf()))?,
        };
        // A KeePass database's key file: only for that reader.
        let with_key_file;
        if let Some(key_file) = key_file {
            if importer.id() != FormatId::KeePass {
                return Err(format_error(action, path)(FormatError::Unsupported(format!(
                    "--key-file is only for KeePass databases, and this file is read as: {}; leave it out",
                    importer.id().title()
                )))
                .into());
            }
            with_key_file = formats::keepass::KeePass {
                key_file: Some(read_limited(key_file)?),
            };
            importer = &with_key_file;
        }
        let imported = importer
            .import(&bytes, &TerminalPassphrase::for_file())
            .and_then(|imported| imported.within_limit(importer.id()))
            .map_err(format_error(action, path))?;
        // Names, algorithms and types come from the file: escaped (L7).
        for warning in &imported.warnings {
            eprintln!("trayotp: warning: {}", terminal_safe(warning));
        }
        // A few lines say why; a file of thousands of bad entries does not
        // flood the terminal (the count is in the summary).
        for skipped in imported.skipped.iter().take(MAX_SKIP_LINES) {
            eprintln!("trayotp: {}", terminal_safe(&skipped.to_string()));
        }
        if imported.skipped.len() > MAX_SKIP_LINES {
            eprintln!(
                "trayotp: … and {} more entries skipped",
                imported.skipped.len() - MAX_SKIP_LINES
            );
        }
        let outcomes = if imported.accounts.is_empty() {
            Vec::new()
        } else {
            self.modify(|accounts| Ok(merge::merge(accounts, imported.accounts, on_conflict)))?
        };
        for outcome in outcomes.iter().filter(|o| !matches!(o, MergeOutcome::Added { .. })) {
            eprintln!("trayotp: {}", terminal_safe(&outcome.to_string()));
        }
        let replaced = outcomes
            .iter()
            .filter(|o| matches!(o, MergeOutcome::Replaced { .. }))
            .count();
        let added = outcomes.iter().filter(|o| o.is_added()).count() - replaced;
        let skipped = imported.skipped.len() + outcomes.iter().filter(|o| !o.is_added()).count();
        if !imported.encrypted {
            eprintln!(
                "trayotp: warning: {} is not encrypted: anyone who reads it can make your codes; delete it once you no longer need it",
                path.display()
            );
        }
        outln!(
            "{done} {} ({}): {added} added, {replaced} replaced, {skipped} skipped.",
            path.display(),
            importer.id().title()
        );
        Ok(())
    }

    pub(super) fn export(&self, args: ExportArgs) -> Result<(), CliError> {
        check_target(&self.path, &args.file, args.overwrite)?;
        let vault = self.open_existing()?;
        let id = args.format.id();
        let exporter = formats::exporter(id).ok_or_else(|| {
            format_error("write", &args.file)(FormatError::Unsupported(format!(
                "trayotp cannot write the {} format",
                id.title()
            )))
        })?;
        let lossy = exporter.lossy(vault.accounts());
        if !lossy.is_empty() && !args.force {
            return Err(TransferError::Lossy {
                format: id.title(),
                count: lossy.len(),
                accounts: lossy.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "),
            }
            .into());
        }
        for account in &lossy {
            eprintln!(
                "trayotp: warning: {}: its codes in the other app will be wrong (written because of --force)",
                terminal_safe(&account.to_string())
            );
        }
        let bytes = exporter
            .export(vault.accounts())
            .map_err(format_error("write", &args.file))?;
        file::write_atomically(&args.file, &bytes).map_err(io_error("write", &args.file))?;
        eprintln!(
            "trayotp: warning: {} is NOT encrypted: anyone who reads it can make your codes; import it where you need it, then delete it",
            args.file.display()
        );
        outln!(
            "Exported {} account(s) to {} ({}).",
            vault.accounts().len(),
            args.file.display(),
            id.title()
        );
        Ok(())
    }
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
/// records the backup in the state file (`vault::state`) and tells a running
/// tray, whose backup reminder then stands down.
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
    // No tray running is the common case; a tray that cannot read the vault
    // says so in its own toast.
    let _ = control::send(vault.main(), &Request::Reload);
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
