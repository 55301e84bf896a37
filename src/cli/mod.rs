//! The command line: `trayotp add | list | code | rename | remove |
//! restore-backup`, and `backup | restore | import | export` (in
//! [`transfer`]). Each command is a few lines that parse, call the domain
//! and the vault, and print; errors come back as [`CliError`], which `main`
//! prints as one line.

pub mod args;
pub mod prompt;
pub mod transfer;

use std::io;
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;

pub use args::{AddArgs, Cli, Command};

use crate::domain::account::AccountError;
use crate::domain::setup_key::{self, ParamOverrides};
use crate::domain::{NameError, SetupKeyError};
use crate::protect::{self, KeyProtector, ProtectError, ProtectorKind};
use crate::vault::{self, Vault, VaultError, VaultPath};
use prompt::TerminalPassphrase;

/// Every way a command can fail; `Display` is the one line printed on stderr.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Vault(#[from] VaultError),
    #[error(transparent)]
    Protect(#[from] ProtectError),
    #[error(transparent)]
    SetupKey(#[from] SetupKeyError),
    #[error(transparent)]
    Account(#[from] AccountError),
    #[error(transparent)]
    Name(#[from] NameError),
    #[error("no vault at {0} yet: add an account first with `trayotp add NAME`")]
    NoVault(PathBuf),
    #[error("cannot find your data folder: pass --vault PATH or set TRAYOTP_VAULT")]
    NoDataDir,
    #[error("not removing '{0}' without confirmation: run again with --yes")]
    NotConfirmed(String),
    #[error("the system clock is before 1970: set the date and time correctly")]
    ClockBeforeEpoch,
    #[error("cannot {0}: {1}")]
    Io(&'static str, io::Error),
    #[error(transparent)]
    Transfer(#[from] transfer::TransferError),
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<(), CliError> {
    let Some(command) = cli.command else {
        use clap::CommandFactory;
        Cli::command()
            .print_help()
            .map_err(|e| CliError::Io("print the help", e))?;
        return Ok(());
    };
    let path = VaultPath::new(match cli.vault {
        Some(path) => path,
        None => crate::paths::default_vault().ok_or(CliError::NoDataDir)?,
    });
    let passphrases = TerminalPassphrase::default();
    let choose = move |kind: ProtectorKind| -> Result<Box<dyn KeyProtector>, ProtectError> {
        protect::protector_for(kind, Box::new(passphrases.clone()))
    };
    let session = Session {
        path,
        choose: &choose,
        requested: cli.protector,
    };
    match command {
        Command::Add(args) => session.add(args),
        Command::List { json } => session.list(json),
        Command::Code { name, at, json } => session.code(&name, at, json),
        Command::Rename { old, new } => session.rename(&old, &new),
        Command::Remove { name, yes } => session.remove(&name, yes),
        Command::RestoreBackup => session.restore_backup(),
        Command::Backup(args) => session.backup(args),
        Command::Restore(args) => session.restore(args),
        Command::Import(args) => session.import(args),
        Command::Export(args) => session.export(args),
    }
}

/// What every command needs: which vault, and how to unlock it.
struct Session<'a> {
    path: VaultPath,
    choose: &'a vault::ProtectorChooser<'a>,
    requested: Option<ProtectorKind>,
}

#[derive(Serialize)]
struct AccountSummary<'a> {
    name: &'a str,
    issuer: Option<&'a str>,
    algorithm: &'static str,
    digits: u8,
    period: u32,
}

#[derive(Serialize)]
struct CodeReport<'a> {
    name: &'a str,
    code: &'a str,
    remaining: u64,
    period: u32,
    valid_from: u64,
    valid_until: u64,
}

pub(crate) fn now() -> Result<u64, CliError> {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .map_err(|_| CliError::ClockBeforeEpoch)
}

fn print_json(value: &impl Serialize) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value).map_err(|e| CliError::Io("format JSON", io::Error::other(e)))?;
    println!("{text}");
    Ok(())
}

impl Session<'_> {
    fn open(&self) -> Result<Option<Vault>, CliError> {
        Ok(Vault::open(&self.path, self.choose)?)
    }

    fn open_existing(&self) -> Result<Vault, CliError> {
        self.open()?
            .ok_or_else(|| CliError::NoVault(self.path.main().to_path_buf()))
    }

    fn modify<T>(
        &self,
        change: impl FnOnce(&mut crate::domain::AccountList) -> Result<T, CliError>,
    ) -> Result<T, CliError> {
        vault::modify(&self.path, self.choose, self.requested, change)
    }

    fn add(&self, args: AddArgs) -> Result<(), CliError> {
        let key_text = match args.key {
            Some(key) => zeroize::Zeroizing::new(key),
            None => prompt::read_setup_key().map_err(|e| CliError::Io("read the setup number", e))?,
        };
        let overrides = ParamOverrides {
            algorithm: args.algorithm,
            digits: args.digits,
            period: args.period,
        };
        let parsed = setup_key::parse(&key_text, overrides)?;
        for warning in &parsed.warnings {
            eprintln!("trayotp: warning: {warning}");
        }
        let (name, params) = self.modify(|accounts| {
            let account = accounts.add(&args.name, parsed)?;
            Ok((account.name.clone(), account.params()))
        })?;
        println!(
            "Added '{name}' ({}, {} digits, {} s).",
            params.algorithm, params.digits, params.period
        );
        Ok(())
    }

    fn list(&self, json: bool) -> Result<(), CliError> {
        let vault = self.open()?;
        let accounts = vault.as_ref().map(Vault::accounts);
        if json {
            let summaries: Vec<AccountSummary> = accounts
                .into_iter()
                .flat_map(|list| list.iter())
                .map(|a| AccountSummary {
                    name: &a.name,
                    issuer: a.issuer.as_deref(),
                    algorithm: a.algorithm.name(),
                    digits: a.digits,
                    period: a.period,
                })
                .collect();
            return print_json(&summaries);
        }
        for name in accounts.into_iter().flat_map(|list| list.names()) {
            println!("{name}");
        }
        Ok(())
    }

    fn code(&self, name: &str, at: Option<u64>, json: bool) -> Result<(), CliError> {
        let vault = self.open_existing()?;
        let account = vault
            .accounts()
            .find(name)
            .ok_or_else(|| AccountError::NotFound(name.trim().to_string()))?;
        let when = match at {
            Some(at) => at,
            None => now()?,
        };
        let code = account.code_at(when);
        if json {
            return print_json(&CodeReport {
                name: &account.name,
                code: code.digits(),
                remaining: code.seconds_left(when),
                period: code.period,
                valid_from: code.valid_from,
                valid_until: code.valid_until,
            });
        }
        println!("{}", code.digits());
        Ok(())
    }

    fn rename(&self, old: &str, new: &str) -> Result<(), CliError> {
        let new_name = self.modify(|accounts| {
            accounts.rename(old, new)?;
            let index = accounts.position(new).unwrap_or_default();
            Ok(accounts.iter().nth(index).map(|a| a.name.clone()).unwrap_or_default())
        })?;
        println!("Renamed '{}' to '{new_name}'.", old.trim());
        Ok(())
    }

    fn remove(&self, name: &str, yes: bool) -> Result<(), CliError> {
        let vault = self.open_existing()?;
        let account = vault
            .accounts()
            .find(name)
            .ok_or_else(|| AccountError::NotFound(name.trim().to_string()))?;
        let shown = account.name.clone();
        drop(vault);
        if !yes {
            let question = format!("Remove '{shown}' and its key? Codes for it can no longer be made.");
            if prompt::confirm(&question) != Some(true) {
                return Err(CliError::NotConfirmed(shown));
            }
        }
        self.modify(|accounts| Ok(accounts.remove(&shown)?))?;
        println!("Removed '{shown}'.");
        Ok(())
    }

    fn restore_backup(&self) -> Result<(), CliError> {
        let count = vault::restore_backup(&self.path, self.choose, now()?)?;
        println!(
            "Restored {count} account(s) from {}; any damaged vault was kept beside it as {}.damaged-<time>.",
            self.path.backup().display(),
            self.path.main().display()
        );
        Ok(())
    }
}
