//! The command-line grammar (clap). Kept apart from what the commands do so
//! that `--help` reads like the README's CLI section.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::domain::{Algorithm, Encoding, OnConflict};
use crate::formats::FormatId;
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

    /// The settings file to use instead of the default one
    /// (`trayotp settings path` prints it).
    #[arg(long, global = true, env = "TRAYOTP_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,

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
    /// Register an account: a display name and the setup number (a Base32,
    /// hex or decimal key, or an otpauth:// link) from your provider. A setup
    /// number that can be read several ways needs --check-code or --encoding.
    Add(AddArgs),
    /// Check a code another app or site shows against an account: whether
    /// it is the current code (exit 0), or one step earlier or later (the
    /// clock of this PC or of the other device is off), or not this
    /// account's at all (exit 1 for both).
    Check {
        /// The account's display name (case does not matter).
        name: String,
        /// The code the other app or site shows (6 to 8 digits).
        code: String,
        /// Check against this Unix time instead of now.
        #[arg(long, value_name = "UNIX_SECONDS")]
        at: Option<u64>,
        /// Print {"matches": true|false, "step_offset": -1|0|1|null}.
        #[arg(long)]
        json: bool,
    },
    /// Print the display names, one per line.
    List {
        /// Print name, reading, issuer, algorithm, digits, period and window_rule as JSON (never the key).
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
        /// Print name, code, remaining, period, valid_from, valid_until and clock_offset_ms
        /// (what clock_correction added to the PC's clock, 0 if nothing) as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Change an account's display name.
    Rename { old: String, new: String },
    /// Change an account's properties: its reading and its window rule (its
    /// display name: `rename`).
    Edit(EditArgs),
    /// Delete an account and its key.
    Remove {
        name: String,
        /// Do not ask for confirmation (needed when not run from a terminal).
        #[arg(long)]
        yes: bool,
    },
    /// Replace a damaged vault with its automatic backup (`<vault>.bak`). The
    /// damaged file is kept beside it.
    RestoreBackup,
    /// Copy an account's code to the clipboard: through the running tray
    /// (which shows its toast), or by itself when no tray runs. The code is
    /// cleared from the clipboard when it expires.
    Copy {
        /// The account's display name (case does not matter).
        name: String,
    },
    /// Ask a time server how far off this PC's clock is (SNTP, UDP port 123), and
    /// keep the answer for `clock_correction`. Exit 1 if no server answered.
    #[command(
        after_help = "The servers are --server's, or else the time_servers setting (default ntp.nict.jp, then\n\
                  time.windows.com). A positive offset means this PC's clock is slow (behind)."
    )]
    Time {
        /// A time server to ask instead of the time_servers setting (repeatable, asked in order).
        #[arg(long = "server", value_name = "HOST[:PORT]")]
        servers: Vec<String>,
        /// Print {"server": "...", "offset_ms": N, "round_trip_ms": N}.
        #[arg(long)]
        json: bool,
    },
    /// Stop the running tray.
    Quit,
    /// Say whether a tray runs for this vault, and its hotkey (exit 1 if none runs).
    Status,
    /// Internal: keeps a code in the clipboard until it expires (started by
    /// `copy` when no tray runs; reads the code from stdin).
    #[command(hide = true)]
    HoldClipboard {
        #[arg(long)]
        until_ms: u64,
    },
    /// Write every account to FILE, encrypted with a passphrase you choose
    /// (asked twice, or TRAYOTP_BACKUP_PASSPHRASE). Keep it off this PC: it
    /// is how you move to a new PC or recover after a reinstall.
    Backup(BackupArgs),
    /// Bring the accounts of a `trayotp backup` FILE into this vault.
    Restore(RestoreArgs),
    /// Bring accounts in from another authenticator's export, or from a backup.
    Import(ImportArgs),
    /// Write every account to FILE in another app's format. NOT encrypted.
    Export(ExportArgs),
    /// Open a window: "add" (register an account), "show" (a code in large
    /// digits, with Copy), "manage" (rename, delete, reorder, mark the
    /// default account in the --config settings file), "backup" (what
    /// `trayotp backup` does, with a Save dialog), "settings" (hotkey,
    /// language, default account, ...) or "pick" (type to find an account,
    /// Enter copies its code). The tray's menu opens these; a form already
    /// open is brought to the front.
    Window {
        form: crate::choices::Form,
        /// For "show": the account to show first. For "pick": the only accounts to offer, one per line.
        name: Option<String>,
        /// The window's language (default: the language setting; "auto" is the system's).
        #[arg(long, value_enum, value_name = "LANG")]
        lang: Option<Lang>,
    },
    /// Show or change the settings (hotkey, language, default account, ...);
    /// a running tray applies a change at once.
    #[command(after_help = crate::settings::declared::help_text())]
    Settings {
        #[command(subcommand)]
        action: SettingsAction,
    },
    /// Print where the vault, the settings, the vault's state file and the
    /// log file are (the log says what the tray could not do).
    Paths {
        /// Print {"vault": "...", "settings": "...", "state": "...", "log": "..."}.
        #[arg(long)]
        json: bool,
    },
    /// Write an encrypted backup into FOLDER after every change to the
    /// accounts, keeping the newest `auto_backup_keep` (default 5); `trayotp
    /// restore` reads them.
    #[command(name = "auto-backup")]
    AutoBackup {
        #[command(subcommand)]
        action: AutoBackupAction,
    },
    /// Turn "start at login" on or off for this trayotp, or show its state.
    Autostart {
        #[arg(value_enum)]
        action: AutostartAction,
        /// With `off`: also remove what the tray registered for its
        /// notifications (Windows: HKCU\Software\Classes\AppUserModelId\trayotp.trayotp
        /// and its icon), before deleting a portable copy.
        #[arg(long)]
        all: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum SettingsAction {
    /// Print one setting's value, or every setting as `KEY = VALUE`.
    Get { key: Option<String> },
    /// Change one setting (an empty VALUE, "", turns the hotkey or the default account off).
    Set { key: String, value: String },
    /// Print where the settings file is.
    Path,
}

/// `trayotp auto-backup on FOLDER | off | status`.
#[derive(Debug, Subcommand)]
pub enum AutoBackupAction {
    /// Back up into FOLDER after every change (the backup passphrase is
    /// asked twice, or TRAYOTP_BACKUP_PASSPHRASE, and kept in the encrypted
    /// vault); writes the first backup at once.
    On {
        /// The folder, e.g. on a USB stick or a synchronised drive.
        folder: PathBuf,
        /// Accept a passphrase under 10 characters.
        #[arg(long)]
        weak_passphrase: bool,
    },
    /// Stop backing up after every change (the backups made stay).
    Off,
    /// Print the folder, the newest backup's time and how many there are.
    Status {
        /// Print {"folder": "..."|null, "last": UNIX_SECONDS|null, "count": N}.
        #[arg(long)]
        json: bool,
    },
}

/// `trayotp autostart on|off|status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AutostartAction {
    /// Start this trayotp (in the background) when you log in.
    On,
    /// Do not start trayotp when you log in.
    Off,
    /// Say whether logging in starts this trayotp.
    Status,
}

/// `--lang` of `trayotp window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// English.
    En,
    /// 日本語.
    Ja,
}

impl Lang {
    pub fn language(self) -> crate::i18n::Language {
        match self {
            Lang::En => crate::i18n::Language::English,
            Lang::Ja => crate::i18n::Language::Japanese,
        }
    }
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The display name shown in the tray menu, e.g. "三菱 太郎".
    pub name: String,
    /// How the name is read, e.g. "みつびし たろう": "Find account" finds the
    /// account by it (hiragana or katakana, full or half width).
    #[arg(long, value_name = "READING")]
    pub reading: Option<String>,
    /// UNSAFE: the setup number on the command line, where other programs,
    /// process auditing and your shell history see it. Leave it out: the key
    /// is then read from standard input (hidden when typed; or piped).
    #[arg(long, value_name = "KEY")]
    pub key: Option<String>,
    /// Seconds a code lives (1-300; default 60 for a key, or what an otpauth:// link says: 30 if it has no period=).
    #[arg(long, value_name = "SECONDS")]
    pub period: Option<u32>,
    /// Digits per code (6-8; default 6, or what an otpauth:// link says).
    #[arg(long, value_name = "N")]
    pub digits: Option<u8>,
    /// SHA1, SHA256 or SHA512 (default SHA1, or what an otpauth:// link says).
    #[arg(long, value_name = "ALGORITHM")]
    pub algorithm: Option<Algorithm>,
    /// A code the official app, the brokerage's site or a phone app shows
    /// for this account right now. trayotp tries every reading of the setup
    /// number (base32, hex, ascii, number) with SHA1/SHA256/SHA512 and 30 s
    /// and 60 s, at this time step and one either side, and registers the one
    /// that makes this code; if several do, give the next code too (repeat
    /// the flag: previous code first). Codes have 6 to 8 digits.
    #[arg(long = "check-code", value_name = "CODE")]
    pub check_codes: Vec<String>,
    /// How to read a bare setup number, instead of checking it against a
    /// code: base32, hex (0-9 A-F, optional 0x), ascii (the digit characters
    /// are the key bytes, as RFC 6238's test keys) or number (the digits as
    /// one big-endian integer). Registers exactly that, with --period,
    /// --digits and --algorithm (defaults 60 s, 6 digits, SHA1).
    #[arg(long, value_name = "ENCODING")]
    pub encoding: Option<Encoding>,
    /// The Unix time the --check-code codes were shown (default: now).
    #[arg(long, value_name = "UNIX_SECONDS", requires = "check_codes")]
    pub at: Option<u64>,
}

/// `trayotp edit NAME --reading READING`.
#[derive(Debug, Args)]
pub struct EditArgs {
    /// The account's display name (case does not matter).
    pub name: String,
    /// How the name is read, e.g. "みつびし たろう" ("" removes it): "Find
    /// account" finds the account by it.
    #[arg(long, value_name = "READING")]
    pub reading: Option<String>,
    /// Text the focused window's title contains, e.g. "三菱UFJモルガン" (case, width and
    /// hiragana/katakana are ignored; * stands for any text); "" clears it. The
    /// hotkey then picks this account over such a window.
    #[arg(long, value_name = "TEXT")]
    pub window_rule: Option<String>,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The backup file to write, e.g. on a USB stick.
    pub file: PathBuf,
    /// Replace FILE if it exists (otherwise an existing file is refused).
    #[arg(long)]
    pub overwrite: bool,
    /// Accept a passphrase under 10 characters. Whoever finds the file can
    /// guess a short one: a few words are safer.
    #[arg(long)]
    pub weak_passphrase: bool,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A file made by `trayotp backup`; its passphrase is asked (or
    /// TRAYOTP_BACKUP_PASSPHRASE).
    pub file: PathBuf,
    /// What to do with an account whose display name is taken by one with
    /// another key. Each is reported.
    #[arg(long, value_enum, value_name = "WHAT", default_value_t = OnConflict::Skip)]
    pub on_conflict: OnConflict,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The exported file: otpauth:// links, a Google Authenticator export
    /// (otpauth-migration:// links), an Aegis vault (plain or encrypted), a
    /// 2FAS backup, a trayotp backup, or an export of Bitwarden, Proton
    /// Authenticator, Ente Auth, LastPass Authenticator, Authenticator Pro,
    /// andOTP or FreeOTP+. An encrypted file's password is asked (or
    /// TRAYOTP_BACKUP_PASSPHRASE).
    pub file: PathBuf,
    /// The file's format; auto recognises it from its contents.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = ImportFormat::AUTO)]
    pub format: ImportFormat,
    /// The key file of a KeePass database (with its password, if it has one).
    #[arg(long, value_name = "PATH")]
    pub key_file: Option<PathBuf>,
    /// What to do with an account whose display name is taken by one with
    /// another key. Each is reported.
    #[arg(long, value_enum, value_name = "WHAT", default_value_t = OnConflict::Skip)]
    pub on_conflict: OnConflict,
}

/// `--format` of `trayotp import`: `auto`, or one of [`FormatId`]'s values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportFormat(pub Option<FormatId>);

impl ImportFormat {
    pub const AUTO: Self = Self(None);

    /// The format asked for, or `None` for auto.
    pub fn id(self) -> Option<FormatId> {
        self.0
    }
}

impl clap::ValueEnum for ImportFormat {
    fn value_variants<'a>() -> &'a [Self] {
        const ALL: [ImportFormat; 1 + FormatId::ALL.len()] = {
            let mut all = [ImportFormat::AUTO; 1 + FormatId::ALL.len()];
            let mut i = 0;
            while i < FormatId::ALL.len() {
                all[i + 1] = ImportFormat(Some(FormatId::ALL[i]));
                i += 1;
            }
            all
        };
        &ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        match self.0 {
            None => {
                Some(clap::builder::PossibleValue::new("auto").help("Recognise the format from the file's contents"))
            }
            Some(id) => id.to_possible_value(),
        }
    }
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The file to write. It is NOT encrypted: delete it once imported.
    pub file: PathBuf,
    /// The format to write.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: ExportFormat,
    /// Replace FILE if it exists (otherwise an existing file is refused).
    #[arg(long)]
    pub overwrite: bool,
    /// Also write accounts whose codes would be wrong in the other app
    /// (google: a period other than 30 s, or 7 digits), which are otherwise
    /// refused. Each is named on stderr.
    #[arg(long)]
    pub force: bool,
}

/// `--format` of `trayotp export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// otpauth:// links, one per line (most apps import these).
    Uris,
    /// Google Authenticator's transfer links (otpauth-migration://, up to 10
    /// accounts a link; make QR codes of them). Only 30-second codes.
    Google,
    /// An Aegis vault without encryption (Aegis, 2FAS and others import it).
    Aegis,
    /// A 2FAS backup without a password.
    #[value(name = "2fas")]
    TwoFas,
}

impl ExportFormat {
    pub fn id(self) -> FormatId {
        match self {
            ExportFormat::Uris => FormatId::Uris,
            ExportFormat::Google => FormatId::Google,
            ExportFormat::Aegis => FormatId::Aegis,
            ExportFormat::TwoFas => FormatId::TwoFas,
        }
    }
}
