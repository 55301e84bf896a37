//! Moving accounts in and out of trayotp: our own encrypted backup
//! ([`backup`]) and the files other authenticators export ([`uris`],
//! [`google`], [`aegis`], [`twofas`], and those of password managers and
//! other authenticators: [`bitwarden`], [`proton`], [`ente`], [`lastpass`],
//! [`authpro`], [`andotp`], [`freeotp`], [`keepass`], [`winauth`]).
//!
//! Every reader sits behind [`ImportFormat`]: it recognises its files
//! ([`ImportFormat::detect`]) and turns one into accounts plus a reason for
//! every entry it had to leave out ([`Imported`]); nothing is dropped
//! without a word. Entries of every format go through one funnel
//! ([`Imported::add_entry`]) that applies the same rules as `trayotp add`
//! (Base32 key of 80 bits or more, 6-8 digits, 1-300 s, SHA-1/256/512, TOTP
//! only) and makes a valid display name. Readers never panic, whatever the
//! bytes (see `tests/formats_fuzz.rs`), and no message quotes a key.
//!
//! Writers ([`ExportFormat`]) produce plain files for other apps; the
//! caller warns that they are not encrypted. A writer whose format cannot
//! carry an account faithfully (Google Authenticator's has no period) says
//! so first ([`ExportFormat::lossy`]), and the caller refuses unless told
//! to go on: codes that silently differ in the new app are how people get
//! locked out after moving.

pub mod aegis;
mod aegis_crypto;
pub mod andotp;
pub mod authpro;
pub mod backup;
pub mod bitwarden;
mod bounded;
pub mod ente;
pub mod freeotp;
pub mod google;
pub mod keepass;
pub mod lastpass;
mod peer_crypto;
mod protobuf;
pub mod proton;
/// A picture of a QR code (the Add form's file and clipboard-image ways):
/// the `qr` feature (part of `gui`), as it needs an image decoder.
#[cfg(feature = "qr")]
pub mod qr;
pub mod twofas;
pub mod uris;
pub mod winauth;

use std::fmt;

use serde::{Deserialize, Deserializer};
use zeroize::Zeroizing;

use crate::domain::merge::name_from_parts;
use crate::domain::setup_key::{self, ParamOverrides, SetupKeyError};
use crate::domain::{Account, AccountList, Algorithm, OtpParams};
use crate::protect::ProtectError;
use crate::protect::passphrase::PassphrasePrompt;
use crate::vault::ClassifyName;

/// Files larger than this are refused before they are read into memory:
/// the largest real exports (Aegis with icons) are a few megabytes.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The formats trayotp reads (and some it writes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatId {
    /// otpauth:// links, one per line.
    Uris,
    /// Google Authenticator's "Transfer accounts" export (otpauth-migration:// links).
    Google,
    /// Aegis Authenticator's vault export (JSON, plain or password-encrypted).
    Aegis,
    /// 2FAS Authenticator's backup (JSON, without a password).
    #[value(name = "2fas")]
    TwoFas,
    /// A `trayotp backup` file.
    Backup,
    /// Bitwarden's JSON (plain or password-protected) or CSV export, or the Bitwarden Authenticator app's.
    #[value(name = "bitwarden")]
    Bitwarden,
    /// Proton Authenticator's backup (plain or password-protected).
    #[value(name = "proton")]
    Proton,
    /// Ente Auth's encrypted export (its plain export is `uris`).
    #[value(name = "ente")]
    Ente,
    /// LastPass Authenticator's export.
    #[value(name = "lastpass")]
    LastPass,
    /// Authenticator Pro / Stratum's backup (plain, encrypted, or legacy encrypted).
    #[value(name = "authpro")]
    AuthPro,
    /// andOTP's backup (plain or encrypted, current or old).
    #[value(name = "andotp")]
    AndOtp,
    /// FreeOTP+'s JSON export.
    #[value(name = "freeotp")]
    FreeOtp,
    /// A KeePass / KeePassXC database (KDBX 3.1 or 4; a key file with --key-file).
    #[value(name = "keepass")]
    KeePass,
    /// WinAuth's password-protected zip export (its plain export is `uris`).
    #[value(name = "winauth")]
    WinAuth,
}

impl FormatId {
    /// The format's name in messages.
    pub fn title(self) -> &'static str {
        match self {
            FormatId::Uris => "otpauth:// list",
            FormatId::Google => "Google Authenticator export",
            FormatId::Aegis => "Aegis vault",
            FormatId::TwoFas => "2FAS backup",
            FormatId::Backup => "trayotp backup",
            FormatId::Bitwarden => "Bitwarden export",
            FormatId::Proton => "Proton Authenticator backup",
            FormatId::Ente => "Ente Auth export",
            FormatId::LastPass => "LastPass Authenticator export",
            FormatId::AuthPro => "Authenticator Pro backup",
            FormatId::AndOtp => "andOTP backup",
            FormatId::FreeOtp => "FreeOTP+ export",
            FormatId::KeePass => "KeePass database",
            FormatId::WinAuth => "WinAuth export",
        }
    }

    /// Every format, in the order `--format` lists them.
    pub const ALL: [FormatId; 14] = [
        FormatId::Uris,
        FormatId::Google,
        FormatId::Aegis,
        FormatId::TwoFas,
        FormatId::Backup,
        FormatId::Bitwarden,
        FormatId::Proton,
        FormatId::Ente,
        FormatId::LastPass,
        FormatId::AuthPro,
        FormatId::AndOtp,
        FormatId::FreeOtp,
        FormatId::KeePass,
        FormatId::WinAuth,
    ];
}

/// Reads one kind of file.
pub trait ImportFormat {
    fn id(&self) -> FormatId;

    /// Whether `bytes` look like this format (cheap; never decrypts).
    fn detect(&self, bytes: &[u8]) -> bool;

    /// Reads the accounts in `bytes`. `passphrase` is asked only if the
    /// file is encrypted.
    fn import(&self, bytes: &[u8], passphrase: &dyn PassphrasePrompt) -> Result<Imported, FormatError>;
}

/// Writes one kind of file (not encrypted).
pub trait ExportFormat {
    fn id(&self) -> FormatId;

    /// The accounts whose codes would differ in the app this format is
    /// for, and why (none by default).
    fn lossy(&self, _accounts: &AccountList) -> Vec<Lossy> {
        Vec::new()
    }

    fn export(&self, accounts: &AccountList) -> Result<Zeroizing<Vec<u8>>, FormatError>;
}

/// An account a format cannot carry faithfully.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lossy {
    /// The account's display name.
    pub name: String,
    /// Why, as a phrase ("its codes last 60 seconds, and …").
    pub reason: String,
}

impl fmt::Display for Lossy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "'{}': {}", self.name, self.reason)
    }
}

/// Every reader, in the order [`detect`] tries them: those with a
/// signature or distinctive keys first, andOTP's encrypted form (any
/// binary file) last.
pub fn importers() -> [&'static dyn ImportFormat; 14] {
    [
        &backup::Backup,
        &google::Google,
        &uris::Uris,
        &aegis::Aegis,
        &twofas::TwoFas,
        &keepass::KEEPASS,
        &winauth::WinAuth,
        &authpro::AuthPro,
        &ente::Ente,
        &bitwarden::Bitwarden,
        &proton::Proton,
        &lastpass::LastPass,
        &freeotp::FreeOtp,
        &andotp::AndOtp,
    ]
}

/// The reader for `id`.
pub fn importer(id: FormatId) -> &'static dyn ImportFormat {
    match id {
        FormatId::Uris => &uris::Uris,
        FormatId::Google => &google::Google,
        FormatId::Aegis => &aegis::Aegis,
        FormatId::TwoFas => &twofas::TwoFas,
        FormatId::Backup => &backup::Backup,
        FormatId::Bitwarden => &bitwarden::Bitwarden,
        FormatId::Proton => &proton::Proton,
        FormatId::Ente => &ente::Ente,
        FormatId::LastPass => &lastpass::LastPass,
        FormatId::AuthPro => &authpro::AuthPro,
        FormatId::AndOtp => &andotp::AndOtp,
        FormatId::FreeOtp => &freeotp::FreeOtp,
        FormatId::KeePass => &keepass::KEEPASS,
        FormatId::WinAuth => &winauth::WinAuth,
    }
}

/// The writer for `id`, if trayotp can write that format.
pub fn exporter(id: FormatId) -> Option<&'static dyn ExportFormat> {
    match id {
        FormatId::Uris => Some(&uris::Uris),
        FormatId::Google => Some(&google::Google),
        FormatId::Aegis => Some(&aegis::Aegis),
        FormatId::TwoFas => Some(&twofas::TwoFas),
        FormatId::Backup
        | FormatId::Bitwarden
        | FormatId::Proton
        | FormatId::Ente
        | FormatId::LastPass
        | FormatId::AuthPro
        | FormatId::AndOtp
        | FormatId::FreeOtp
        | FormatId::KeePass
        | FormatId::WinAuth => None,
    }
}

/// The reader that recognises `bytes`, if any.
pub fn detect(bytes: &[u8]) -> Option<&'static dyn ImportFormat> {
    importers().into_iter().find(|format| format.detect(bytes))
}

/// Why a file could not be read or written. One line each, naming the
/// problem and what to do; never a key.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    #[error("it is not {expected}: check the file, or pass the right --format")]
    NotThisFormat { expected: &'static str },
    #[error("it is not a valid {format} ({problem} at line {line}, column {column}): export it again")]
    Json {
        format: &'static str,
        problem: &'static str,
        line: usize,
        column: usize,
    },
    #[error("{format} version {version} is newer than this trayotp reads (up to {supported}): update trayotp")]
    UnsupportedVersion {
        format: &'static str,
        version: u64,
        supported: u64,
    },
    #[error("wrong passphrase: the {format} could not be decrypted with it; nothing was changed, try again")]
    WrongPassphrase { format: &'static str },
    #[error("the {format} is damaged ({detail}): use another copy")]
    Damaged { format: &'static str, detail: String },
    #[error("{0}")]
    Unsupported(String),
    #[error("the system's random number generator failed: {0}")]
    Random(String),
    #[error(transparent)]
    Protect(#[from] ProtectError),
}

impl FormatError {
    /// A JSON parse error, described by category and position only (serde's
    /// own messages can quote the data, keys included).
    pub(crate) fn json(format: FormatId, error: &serde_json::Error) -> Self {
        FormatError::Json {
            format: format.title(),
            problem: error.classify_name(),
            line: error.line(),
            column: error.column(),
        }
    }

    pub(crate) fn damaged(format: FormatId, detail: impl Into<String>) -> Self {
        FormatError::Damaged {
            format: format.title(),
            detail: detail.into(),
        }
    }
}

/// What a file held: the accounts to add, and the entries left out.
#[derive(Debug, Default)]
pub struct Imported {
    pub accounts: Vec<Account>,
    pub skipped: Vec<Skipped>,
    /// One line each, e.g. a short key, or a Google export in several parts.
    pub warnings: Vec<String>,
    /// Whether the file was encrypted (if not, the user is told to delete it).
    pub encrypted: bool,
    /// Entries past [`bounded::MAX_ENTRIES`] (kept and skipped together)
    /// were met: none of them was kept, and the file is refused
    /// ([`Imported::within_limit`]). Every reader goes through
    /// [`Imported::add_entry`] / [`Imported::skip`], so memory stays
    /// proportional to the entries kept, whatever the file holds.
    pub over_limit: bool,
}

/// An entry left out, and why.
#[derive(Debug)]
pub struct Skipped {
    /// The entry as the file names it ("Issuer: account", or "line 3").
    pub name: String,
    pub reason: SkipReason,
}

#[derive(Debug)]
pub enum SkipReason {
    Hotp,
    Steam,
    /// Another kind of code (Yandex, mOTP, …).
    OtherType(String),
    /// The key or a parameter cannot be used.
    BadKey(SetupKeyError),
    /// Anything else, as a phrase.
    Other(String),
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = &self.name;
        match &self.reason {
            SkipReason::Hotp => write!(
                f,
                "skipped '{name}': HOTP (counter-based) accounts are not supported, only time-based (TOTP) ones"
            ),
            SkipReason::Steam => write!(f, "skipped '{name}': Steam Guard codes are not supported"),
            SkipReason::OtherType(kind) => write!(f, "skipped '{name}': '{kind}' codes are not supported"),
            SkipReason::BadKey(error) => write!(f, "skipped '{name}': {error}"),
            SkipReason::Other(reason) => write!(f, "skipped '{name}': {reason}"),
        }
    }
}

/// The kind of code an entry makes, as the file says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum EntryKind {
    Totp,
    Hotp,
    Steam,
    Other(String),
}

impl EntryKind {
    /// From a type name such as "totp", "TOTP", "hotp", "steam".
    pub(crate) fn from_name(name: &str) -> Self {
        match name.trim().to_ascii_lowercase().as_str() {
            "totp" => EntryKind::Totp,
            "hotp" => EntryKind::Hotp,
            "steam" => EntryKind::Steam,
            other => EntryKind::Other(other.chars().take(20).collect()),
        }
    }
}

/// One entry of a foreign file, before it is checked.
pub(crate) struct Entry<'a> {
    /// What the format's own app assumes for a parameter the entry leaves
    /// out (never trayotp's 60-second default for bare keys: that is the
    /// brokerages', not the other app's).
    pub defaults: OtpParams,
    pub kind: EntryKind,
    pub issuer: Option<&'a str>,
    pub account: Option<&'a str>,
    /// The key as Base32 text.
    pub secret: Option<&'a str>,
    pub algorithm: Option<&'a str>,
    pub digits: Option<i64>,
    pub period: Option<i64>,
}

impl Imported {
    /// Whether another entry may be kept; notes it when not.
    fn room(&mut self) -> bool {
        let room = self.accounts.len() + self.skipped.len() < bounded::MAX_ENTRIES;
        self.over_limit |= !room;
        room
    }

    /// `Ok(self)`, or the error that the file lists too many entries.
    pub fn within_limit(self, format: FormatId) -> Result<Self, FormatError> {
        if self.over_limit {
            return Err(FormatError::damaged(
                format,
                format!("it lists more than {} entries", bounded::MAX_ENTRIES),
            ));
        }
        Ok(self)
    }

    /// Checks one entry like `trayotp add` would, and adds it as an account
    /// or records why it was left out.
    pub(crate) fn add_entry(&mut self, entry: Entry<'_>) {
        if !self.room() {
            return;
        }
        let name = name_from_parts(entry.issuer, entry.account);
        match entry_to_account(&name, &entry) {
            Ok((account, warnings)) => {
                self.warnings
                    .extend(warnings.into_iter().map(|warning| format!("'{name}': {warning}")));
                self.accounts.push(account);
            }
            Err(reason) => self.skipped.push(Skipped { name, reason }),
        }
    }

    pub(crate) fn skip(&mut self, name: impl Into<String>, reason: SkipReason) {
        if !self.room() {
            return;
        }
        self.skipped.push(Skipped {
            name: name.into(),
            reason,
        });
    }
}

fn entry_to_account(name: &str, entry: &Entry<'_>) -> Result<(Account, Vec<setup_key::SetupKeyWarning>), SkipReason> {
    match &entry.kind {
        EntryKind::Totp => {}
        EntryKind::Hotp => return Err(SkipReason::Hotp),
        EntryKind::Steam => return Err(SkipReason::Steam),
        EntryKind::Other(kind) => return Err(SkipReason::OtherType(kind.clone())),
    }
    let algorithm = match entry.algorithm.map(str::trim).filter(|a| !a.is_empty()) {
        None => entry.defaults.algorithm,
        Some(text) => text
            .parse::<Algorithm>()
            .map_err(|_| SkipReason::BadKey(SetupKeyError::UnknownAlgorithm(text.chars().take(20).collect())))?,
    };
    let digits = match entry.digits {
        None => entry.defaults.digits,
        Some(d) => u8::try_from(d).map_err(|_| SkipReason::BadKey(SetupKeyError::Digits(d.to_string())))?,
    };
    let period = match entry.period {
        None => entry.defaults.period,
        Some(p) => u32::try_from(p).map_err(|_| SkipReason::BadKey(SetupKeyError::Period(p.to_string())))?,
    };
    let secret = entry.secret.unwrap_or_default();
    if secret.trim().contains("://") {
        // A link where a key belongs: refused rather than parsed as one.
        return Err(SkipReason::BadKey(SetupKeyError::MalformedUri(
            "a link where the key should be".into(),
        )));
    }
    let overrides = ParamOverrides {
        algorithm: Some(algorithm),
        digits: Some(digits),
        period: Some(period),
    };
    let parsed = setup_key::parse(secret, overrides).map_err(SkipReason::BadKey)?;
    let warnings = parsed.warnings.clone();
    let mut account = Account::new(name.to_string(), parsed);
    account.issuer = entry
        .issuer
        .filter(|issuer| !issuer.trim().is_empty())
        .map(crate::domain::merge::valid_name);
    Ok((account, warnings))
}

/// Text that holds a key: wiped from memory when dropped. Deserialises
/// from a JSON string without an intermediate copy.
#[derive(Default)]
pub(crate) struct SecretText(pub Zeroizing<String>);

impl<'de> Deserialize<'de> for SecretText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|text| SecretText(Zeroizing::new(text)))
    }
}

impl fmt::Debug for SecretText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretText(<redacted>)")
    }
}

/// Decodes hexadecimal text (either case, surrounding space ignored);
/// `None` if it is not. The one decoder is `domain::reading`'s.
pub(crate) fn decode_hex(text: &str) -> Option<Zeroizing<Vec<u8>>> {
    crate::domain::reading::decode_hex_bytes(text.trim())
}

/// Goes through a text file of one link per line, in order: blank lines
/// and `#` comments are passed over, a line that does not start with
/// `scheme` is recorded in `imported` as skipped, and `each` gets every link
/// with its line's name ("line 3"). Returns how many links there were (none
/// if the bytes are not UTF-8 text).
pub(crate) fn for_each_link(
    bytes: &[u8],
    scheme: &str,
    imported: &mut Imported,
    mut each: impl FnMut(&mut Imported, String, &str) -> Result<(), FormatError>,
) -> Result<usize, FormatError> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Ok(0);
    };
    let mut links = 0;
    for (index, line) in text.lines().enumerate() {
        let line = line.trim().trim_start_matches('\u{feff}').trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        // Past the entry limit nothing more is read (the file is refused).
        if !imported.room() {
            break;
        }
        let name = format!("line {}", index + 1);
        if line.get(..scheme.len()).is_some_and(|s| s.eq_ignore_ascii_case(scheme)) {
            links += 1;
            each(imported, name, line)?;
        } else {
            imported.skip(name, SkipReason::Other(format!("it is not an {scheme} link")));
        }
    }
    Ok(links)
}

/// The first `max` bytes of `bytes` with leading white space (and a UTF-8
/// byte-order mark) removed, for cheap detection.
pub(crate) fn head(bytes: &[u8], max: usize) -> &[u8] {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let bytes = &bytes[start..];
    &bytes[..bytes.len().min(max)]
}

/// `bytes` from the first line that is neither blank nor a `#` comment
/// (leading white space and a byte-order mark removed), as the link readers
/// ([`for_each_link`]) skip them: lists and Google exports written by tools
/// often start with a comment.
pub(crate) fn after_comment_lines(bytes: &[u8]) -> &[u8] {
    let mut rest = head(bytes, usize::MAX);
    while rest.first() == Some(&b'#') {
        rest = match rest.iter().position(|&b| b == b'\n') {
            Some(end) => head(&rest[end..], usize::MAX),
            None => &[],
        };
    }
    rest
}

/// Whether `bytes`, past leading comment lines, start with `scheme`
/// (ignoring case).
pub(crate) fn starts_with_scheme(bytes: &[u8], scheme: &str) -> bool {
    after_comment_lines(bytes)
        .get(..scheme.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(scheme.as_bytes()))
}

/// Whether a JSON document's top level (roughly: its text) names all of `keys`.
pub(crate) fn json_mentions(bytes: &[u8], keys: &[&str]) -> bool {
    head(bytes, 1).first() == Some(&b'{')
        && keys.iter().all(|key| {
            let quoted = format!("\"{key}\"");
            bytes.windows(quoted.len()).any(|w| w == quoted.as_bytes())
        })
}

/// Checks shared by the readers' and writers' tests.
#[cfg(test)]
pub(crate) mod testing;

#[cfg(test)]
mod tests;
