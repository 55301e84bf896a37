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
use std::path::Path;

use super::args::{BackupArgs, ExportArgs, ImportArgs, RestoreArgs};
use super::prompt::TerminalPassphrase;
use super::terminal::terminal_safe;
use super::{CliError, Session, now};
use crate::domain::backup_passphrase::{self, Weak};
use crate::domain::merge::{self, MergeOutcome, OnConflict};
use crate::formats::{self, FormatError, FormatId};
use crate::protect::passphrase::{PassphrasePrompt, PassphrasePurpose};
use crate::vault::file;

pub use crate::transfer::{BackupWritten, TransferError, check_passphrase, check_target, read_limited, write_backup};
use crate::transfer::{format_error, io_error};

const MIN_CHARS: usize = backup_passphrase::MIN_CHARS;

/// At most this many "skipped '…': why" lines are printed per import.
const MAX_SKIP_LINES: usize = 20;

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
        // The tray's backup reminder stands down.
        self.tell_tray_to_reload();
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
