//! The command line: `trayotp add | list | code | check | rename | remove |
//! copy | quit | restore-backup`, `edit` (in [`edit`]), `backup | restore | import | export` (in
//! [`transfer`]), `settings | autostart` (in [`settings`]), `time` (in
//! [`time`]), and with no
//! command, the tray. Each command is a few lines that parse, call the domain
//! and the vault, and print; errors come back as [`CliError`], which `main`
//! prints as one line, in the user's language ([`texts`]). What a setup number registers as (its readings, the
//! check against `--check-code`) is decided in `domain::check`.

mod accounts;
pub mod args;
pub mod auto_backup;
mod code;
mod edit;
mod error_texts;
pub mod gui;
pub(crate) mod out;
pub mod prompt;
pub mod settings;
pub mod terminal;
pub mod texts;
pub mod time;
pub mod transfer;

use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;

pub use args::{AddArgs, Cli, Command};

use crate::domain::account::AccountError;
use crate::domain::check::{self, Choice, SeenCode};
use crate::domain::setup_key::{self, ParamOverrides};
use crate::domain::{NameError, SetupKeyError};
use crate::i18n::Language;
use crate::platform::clipboard::SystemClipboard;
use crate::platform::control::{self, Request};
use crate::protect::{self, KeyProtector, ProtectError, ProtectorKind};
use crate::settings::default_account::{self, DefaultSetting};
use crate::vault::{self, Vault, VaultError, VaultPath};
use out::outln;
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
    /// The tray or a window (see [`gui`]) could not start.
    #[error(transparent)]
    Gui(Box<dyn std::error::Error + Send + Sync>),
    #[error(transparent)]
    Control(#[from] control::ControlError),
    #[error("{0}")]
    TrayRefused(String),
    #[error("cannot copy the code: {0}")]
    Clipboard(#[from] crate::platform::clipboard::ClipboardError),
    #[error(transparent)]
    Transfer(#[from] transfer::TransferError),
    #[error("cannot find your configuration folder: pass --config PATH or set TRAYOTP_CONFIG")]
    NoConfigDir,
    #[error(transparent)]
    Settings(#[from] crate::settings::file::SettingsError),
    #[error(transparent)]
    SettingsCommand(#[from] settings::SettingsCliError),
    #[error(transparent)]
    Choose(#[from] check::ChooseError),
    #[error(transparent)]
    Code(#[from] check::CodeError),
    #[error(
        "none of {0} makes that code at this time, or one time step either side: nothing was registered; check that it is this account's current code and that this PC's clock is right, or, if you know how the key is read, give --encoding with --period, --digits and --algorithm"
    )]
    NoMatch(check::Tried),
    #[error(
        "{0} ways of reading the setup number make that code, and trayotp does not guess: nothing was registered; wait for the next code and run again with both, the earlier one first (--check-code EARLIER --check-code NEXT)"
    )]
    SeveralMatch(usize),
    /// Already said on stdout (`trayotp check`'s verdict): exit 1, no line.
    #[error("")]
    Said,
    #[error(transparent)]
    Time(#[from] time::TimeError),
    #[error("nothing to change: give --reading READING or --window-rule TEXT (\"\" clears either)")]
    NothingToEdit,
    #[error(transparent)]
    Edit(#[from] edit::EditError),
    #[error(transparent)]
    AutoBackup(#[from] auto_backup::AutoBackupCliError),
    /// Stdout could not be written (see [`out`]); a broken pipe ends quietly.
    #[error("cannot write the output: {0}; check where it goes (a full disk, a closed file) and run again")]
    Stdout(io::Error),
}

impl CliError {
    /// Whether `main` should print the error (not when already said).
    pub fn needs_line(&self) -> bool {
        !matches!(self, CliError::Said)
    }

    /// Stdout was a pipe whose reader has gone (`trayotp list | head -1`):
    /// the reader has all it wanted, so this ends quietly and successfully.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, CliError::Stdout(error) if error.kind() == io::ErrorKind::BrokenPipe)
    }
}

/// How an executable ends: success, or the error as one line on stderr
/// (made safe for a terminal: an error can quote a file, such as an unknown
/// algorithm) and a non-zero exit status. Shared by both executables.
pub fn exit_status(result: Result<(), CliError>) -> std::process::ExitCode {
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) if error.is_broken_pipe() => std::process::ExitCode::SUCCESS,
        Err(error) => {
            if error.needs_line() {
                eprintln!("{}", terminal::terminal_safe(&texts::error_line(&error)));
            }
            std::process::ExitCode::FAILURE
        }
    }
}

/// The command line, parsed. Any file path may be any bytes (`PathBuf`);
/// text that must be UTF-8 (an account name) and is not is refused in one
/// line, as every other mistake is told by clap; nothing panics.
pub fn parse_args() -> Cli {
    use clap::Parser;
    match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) if error.kind() == clap::error::ErrorKind::InvalidUtf8 => {
            eprintln!(
                "trayotp: error: an argument is not UTF-8 text: names and other text must be UTF-8 (only file paths may be any bytes)"
            );
            std::process::exit(2)
        }
        Err(error) => error.exit(),
    }
}

/// The subcommand's name as typed (`add`), for the vault's lock file: the
/// first argument that names one (arguments are never kept; one that is
/// not UTF-8 is skipped, not a panic).
fn subcommand_name() -> String {
    use clap::CommandFactory;
    let command = Cli::command();
    std::env::args_os()
        .skip(1)
        .filter_map(|arg| arg.into_string().ok())
        .find(|arg| command.find_subcommand(arg).is_some())
        .unwrap_or_default()
}

/// Runs a parsed command line; the tray and the windows through `gui`.
pub fn run(cli: Cli, gui: &dyn gui::Gui) -> Result<(), CliError> {
    crate::vault::file::set_lock_label(&subcommand_name());
    let defaults = cli.vault.is_none() && cli.config.is_none();
    let path = VaultPath::new(match cli.vault {
        Some(path) => path,
        None => crate::paths::default_vault().ok_or(CliError::NoDataDir)?,
    });
    if let Some(folder) = path.main().parent() {
        crate::platform::crash::install(folder);
    }
    let passphrases = TerminalPassphrase::default();
    let choose = move |kind: ProtectorKind| -> Result<Box<dyn KeyProtector>, ProtectError> {
        protect::protector_for(kind, Box::new(passphrases.clone()))
    };
    let settings_path = match cli.config {
        Some(path) => path,
        None => crate::paths::default_settings().ok_or(CliError::NoConfigDir)?,
    };
    texts::set_settings_path(&settings_path);
    crate::auto_backup::use_settings(&settings_path);
    let Some(command) = cli.command else {
        return gui.tray(gui::TrayStart {
            vault: path,
            settings: settings_path,
            repair_login_entry: defaults,
            quiet: cli.background,
        });
    };
    let session = Session {
        path,
        choose: &choose,
        requested: cli.protector,
    };
    match command {
        Command::Add(args) => session.add(args),
        Command::List { json } => session.list(json),
        Command::Check { name, code, at, json } => session.check(&name, &code, at, json, &settings_path),
        Command::Code { name, at, json } => session.code(&name, at, json, &settings_path),
        Command::Rename { old, new } => session.rename(&old, &new, &settings_path),
        Command::Edit(args) => edit::run(&session, args),
        Command::Remove { name, yes } => session.remove(&name, yes, &settings_path),
        Command::RestoreBackup => session.restore_backup(),
        Command::Copy { name } => session.copy(&name, &settings_path),
        Command::Time { servers, json } => time::run(&settings_path, servers, json),
        Command::Quit => session.quit(),
        Command::Status => session.status(),
        Command::HoldClipboard { until_ms } => hold_clipboard(until_ms),
        Command::Backup(args) => session.backup(args),
        Command::Restore(args) => session.restore(args),
        Command::Import(args) => session.import(args),
        Command::Export(args) => session.export(args),
        Command::Settings { action } => settings::run(&session, &settings_path, action),
        Command::Paths { json } => session.paths(&settings_path, json),
        Command::AutoBackup { action } => auto_backup::run(&session, action),
        Command::Autostart { action, all } => settings::autostart_command(&session, action, all),
        Command::Window { form, name, lang } => {
            // Without --lang, the window speaks the tray's language.
            let language = lang.map_or_else(
                || {
                    crate::settings::file::load(&settings_path)
                        .settings
                        .language(Language::from_os())
                },
                args::Lang::language,
            );
            gui.window(gui::WindowStart {
                form,
                vault: session.path,
                language,
                protector: cli.protector,
                account: name,
                settings: settings_path,
            })
        }
    }
}

/// Keeps the code read from stdin in the clipboard until `until_ms`, then
/// clears it if it is still there.
fn hold_clipboard(until_ms: u64) -> Result<(), CliError> {
    let mut code = zeroize::Zeroizing::new(String::new());
    io::Read::read_to_string(&mut io::stdin(), &mut code).map_err(|e| CliError::Io("read the code", e))?;
    let left = until_ms.saturating_sub(now()? * 1000);
    let deadline = std::time::Instant::now() + std::time::Duration::from_millis(left);
    SystemClipboard::new()?.hold_until(code.trim(), deadline)?;
    Ok(())
}

/// What every command needs: which vault, and how to unlock it.
struct Session<'a> {
    path: VaultPath,
    choose: &'a vault::ProtectorChooser<'a>,
    requested: Option<ProtectorKind>,
}

#[derive(Serialize)]
struct PathsReport {
    vault: String,
    settings: String,
    state: String,
    log: Option<String>,
}

pub(crate) fn now() -> Result<u64, CliError> {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .map_err(|_| CliError::ClockBeforeEpoch)
}

fn print_json(value: &impl Serialize) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value).map_err(|e| CliError::Io("format JSON", io::Error::other(e)))?;
    outln!("{text}");
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

    /// Changes the vault, then tells a running tray to show the change.
    fn modify<T>(
        &self,
        change: impl FnOnce(&mut crate::domain::AccountList) -> Result<T, CliError>,
    ) -> Result<T, CliError> {
        let (result, backup) = crate::auto_backup::modify(&self.path, self.choose, self.requested, change)?;
        if let Some(problem) = backup {
            eprintln!("trayotp: warning: {}", terminal::terminal_safe(&problem.to_string()));
        }
        self.tell_tray_to_reload();
        Ok(result)
    }

    fn tell_tray_to_reload(&self) {
        match control::send(self.path.main(), &Request::Reload) {
            Ok(response) if !response.ok => eprintln!(
                "trayotp: warning: the running tray says: {}",
                terminal::terminal_safe(&response.message)
            ),
            // No tray running is the common case, and nothing to report.
            _ => {}
        }
    }

    /// `trayotp paths`: where this command's files are.
    fn paths(&self, settings: &Path, json: bool) -> Result<(), CliError> {
        let log = crate::log_file::path();
        let show = |path: &Path| path.display().to_string();
        let report = PathsReport {
            vault: show(self.path.main()),
            settings: show(settings),
            state: show(&self.path.state()),
            log: log.as_deref().map(show),
        };
        if json {
            return print_json(&report);
        }
        outln!("vault     {}", report.vault);
        outln!("settings  {}", report.settings);
        outln!("state     {}", report.state);
        outln!(
            "log       {}",
            report.log.as_deref().unwrap_or("(none: no home folder)")
        );
        Ok(())
    }

    fn quit(&self) -> Result<(), CliError> {
        let response = control::send(self.path.main(), &Request::Quit)?;
        outln!("{}", terminal::terminal_safe(&response.message));
        Ok(())
    }

    fn status(&self) -> Result<(), CliError> {
        let response = control::send(self.path.main(), &Request::Status)?;
        outln!("{}", texts::texts().cli_running(response.hotkey.as_deref()));
        Ok(())
    }

    fn restore_backup(&self) -> Result<(), CliError> {
        let count = vault::restore_backup(&self.path, self.choose, now()?)?;
        self.tell_tray_to_reload();
        outln!(
            "Restored {count} account(s) from {}; any damaged vault was kept beside it as {}.damaged-<time>.",
            self.path.backup().display(),
            self.path.main().display()
        );
        Ok(())
    }
}

/// [`crate::platform::process::spawn_clipboard_holder`], its failure a
/// command-line error.
pub(crate) fn spawn_clipboard_holder(code: &str, until_ms: u64) -> Result<(), CliError> {
    crate::platform::process::spawn_clipboard_holder(code, until_ms).map_err(|(action, e)| CliError::Io(action, e))
}
