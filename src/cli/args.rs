//! The command-line grammar (clap). Kept apart from what the commands do so
//! that `--help` reads like the README's CLI section.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::domain::Algorithm;
use crate::protect::ProtectorKind;

#[derive(Debug, Parser)]
#[command(
    name = "trayotp",
    version,
    about = "One-time passwords (TOTP) from the notification area, and from this command line.",
    after_help = "Without a command, trayotp starts the tray: an icon in the notification area whose menu copies\n\
                  codes. Errors go to stderr as one line, and the exit status is non-zero."
)]
pub struct Cli {
    /// The vault file to use instead of the default one.
    #[arg(long, global = true, env = "TRAYOTP_VAULT", value_name = "PATH")]
    pub vault: Option<PathBuf>,

    /// How a NEW vault's key is protected (default: dpapi on Windows, keyring
    /// on Linux). An existing vault keeps the protector it was made with.
    #[arg(long, global = true, value_enum, value_name = "KIND")]
    pub protector: Option<ProtectorKind>,

    /// Start the tray quietly: what "start at login" runs (nothing is
    /// printed, not even when a tray is already running).
    #[arg(long)]
    pub background: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Register an account: a display name and the setup number (Base32 key
    /// or otpauth:// link) from your provider.
    Add(AddArgs),
    /// Print the display names, one per line.
    List {
        /// Print name, issuer, algorithm, digits and period as JSON (never the key).
        #[arg(long)]
        json: bool,
    },
    /// Print an account's current code.
    Code {
        /// The account's display name (case does not matter).
        name: String,
        /// Make the code for this Unix time instead of now.
        #[arg(long, value_name = "UNIX_SECONDS")]
        at: Option<u64>,
        /// Print name, code, remaining, period, valid_from and valid_until as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Change an account's display name.
    Rename { old: String, new: String },
    /// Delete an account and its key.
    Remove {
        name: String,
        /// Do not ask for confirmation (needed when not run from a terminal).
        #[arg(long)]
        yes: bool,
    },
    /// Replace a damaged vault with its automatic backup (<vault>.bak). The
    /// damaged file is kept beside it.
    RestoreBackup,
    /// Copy an account's code to the clipboard: through the running tray
    /// (which shows its toast), or by itself when no tray runs. The code is
    /// cleared from the clipboard when it expires.
    Copy {
        /// The account's display name (case does not matter).
        name: String,
    },
    /// Stop the running tray.
    Quit,
    /// Internal: keeps a code in the clipboard until it expires (started by
    /// `copy` when no tray runs; reads the code from stdin).
    #[command(hide = true)]
    HoldClipboard {
        #[arg(long)]
        until_ms: u64,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The display name shown in the tray menu, e.g. "三菱 太郎".
    pub name: String,
    /// The setup number. Without it, the key is read from standard input
    /// (hidden when typed), which keeps it out of your shell history.
    #[arg(long, value_name = "KEY")]
    pub key: Option<String>,
    /// Seconds a code lives (1-300; default 60, or what an otpauth:// link says).
    #[arg(long, value_name = "SECONDS")]
    pub period: Option<u32>,
    /// Digits per code (6-8; default 6, or what an otpauth:// link says).
    #[arg(long, value_name = "N")]
    pub digits: Option<u8>,
    /// SHA1, SHA256 or SHA512 (default SHA1, or what an otpauth:// link says).
    #[arg(long, value_name = "ALGORITHM")]
    pub algorithm: Option<Algorithm>,
}
