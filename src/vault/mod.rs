//! The vault: the one encrypted file that holds every account.
//!
//! The rules that make it safe to trust with the key to someone's money:
//!
//! - it is only ever written whole, to a temporary file that is flushed and
//!   then renamed over the old one ([`file::write_atomically`]);
//! - the previous version is kept beside it as `<vault>.bak`;
//! - a change takes an exclusive lock, re-reads the file, applies the change
//!   and writes, so two processes changing it at once lose nothing;
//! - a vault that cannot be decrypted or parsed is never overwritten: the
//!   caller gets an error that says why and whether the backup is intact.

pub mod envelope;
pub mod file;
mod notice;
pub mod owner_only;
pub mod state;

pub use notice::VaultNotice;

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::domain::AccountList;
use crate::protect::{DataKey, KeyProtector, ProtectError, ProtectorKind};
use envelope::{EnvelopeError, Header};
use file::FileLock;

/// Chooses the protector for a vault: given the kind a vault's header names
/// (or, for a new vault, the kind to create), returns the adapter.
pub type ProtectorChooser<'a> = dyn Fn(ProtectorKind) -> Result<Box<dyn KeyProtector>, ProtectError> + 'a;

/// Where a vault and its companions live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VaultPath {
    main: PathBuf,
}

impl VaultPath {
    pub fn new(main: impl Into<PathBuf>) -> Self {
        Self { main: main.into() }
    }

    pub fn main(&self) -> &Path {
        &self.main
    }

    /// The previous version, kept on every save.
    pub fn backup(&self) -> PathBuf {
        self.sibling("bak")
    }

    fn lock(&self) -> PathBuf {
        self.sibling("lock")
    }

    /// What trayotp remembers about this vault in the clear (see [`state`]).
    pub fn state(&self) -> PathBuf {
        self.sibling("state.json")
    }

    fn sibling(&self, extension: &str) -> PathBuf {
        let mut name = self.main.file_name().unwrap_or_default().to_os_string();
        name.push(".");
        name.push(extension);
        self.main.with_file_name(name)
    }
}

/// Why a vault could not be used. Each message is one line that says what
/// happened and what to do; none contains a key or a code.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("cannot {action} {path}: {source}{}", full_disk_advice(.source))]
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    #[error("{path} is not a trayotp vault: point --vault at the right file")]
    NotAVault { path: PathBuf },
    #[error(
        "{path} was written by a newer trayotp (vault format {version}): update trayotp to open it; the file was left untouched"
    )]
    NewerFormat { path: PathBuf, version: u16 },
    #[error("{path} is damaged ({detail}) and was left untouched; {}", backup_advice(.backup, *.backup_intact))]
    Damaged {
        path: PathBuf,
        detail: String,
        backup: PathBuf,
        backup_intact: bool,
    },
    #[error(
        "{path} is missing but its backup {backup} exists: run `trayotp restore-backup` to bring your accounts back"
    )]
    MissingWithBackup { path: PathBuf, backup: PathBuf },
    #[error("this vault is protected by {actual}; --protector {requested} only applies when a new vault is created")]
    ProtectorMismatch {
        actual: &'static str,
        requested: &'static str,
    },
    #[error("the backup {path} cannot be used either: {reason}")]
    BackupUnusable { path: PathBuf, reason: String },
    #[error(transparent)]
    Protect(#[from] ProtectError),
}

/// What to do when a write failed because the disk is full (ENOSPC on
/// Linux, ERROR_DISK_FULL on Windows, a quota): the error alone only says
/// what happened. Empty for any other error.
pub fn full_disk_advice(error: &io::Error) -> &'static str {
    match error.kind() {
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => "; free some space on that disk, then try again",
        _ => "",
    }
}

fn backup_advice(backup: &Path, intact: bool) -> String {
    if intact {
        format!(
            "its backup {} is intact: run `trayotp restore-backup` to use it",
            backup.display()
        )
    } else {
        "no intact backup was found: restore your accounts from your own backup".to_string()
    }
}

fn io_error(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> VaultError {
    let path = path.to_path_buf();
    move |source| VaultError::Io { action, path, source }
}

/// Where automatic backups go and the passphrase that protects them
/// (`trayotp auto-backup on FOLDER`); kept inside the encrypted vault, and
/// written by `crate::auto_backup` after every change.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutoBackup {
    /// The folder (UTF-8: it is stored in JSON).
    pub folder: String,
    #[serde(with = "secret_text")]
    pub passphrase: Zeroizing<String>,
}

impl std::fmt::Debug for AutoBackup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AutoBackup")
            .field("folder", &self.folder)
            .finish_non_exhaustive()
    }
}

/// Serde for a wiped-on-drop string (zeroize is built without serde).
mod secret_text {
    use serde::{Deserialize, Deserializer, Serializer};
    use zeroize::Zeroizing;

    pub fn serialize<S: Serializer>(text: &Zeroizing<String>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(text)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Zeroizing<String>, D::Error> {
        String::deserialize(deserializer).map(Zeroizing::new)
    }
}

/// What a change wrote: the accounts as saved and the automatic-backup
/// setting, for `crate::auto_backup` to write a backup of them.
pub struct Saved {
    pub accounts: AccountList,
    pub auto_backup: Option<AutoBackup>,
}

/// What is encrypted inside the vault.
#[derive(Serialize, Deserialize, Default)]
struct Payload {
    accounts: AccountList,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    auto_backup: Option<AutoBackup>,
    /// Fields written by a newer trayotp; kept so a save does not drop them.
    #[serde(flatten)]
    unknown_fields: BTreeMap<String, serde_json::Value>,
}

/// An open, decrypted vault.
pub struct Vault {
    path: VaultPath,
    header: Header,
    key: DataKey,
    payload: Payload,
    /// The file as last read or written: becomes the backup on the next save.
    on_disk: Option<Vec<u8>>,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("path", &self.path.main)
            .field("protector", &self.header.protector)
            .field("accounts", &self.payload.accounts.len())
            .finish_non_exhaustive()
    }
}

impl Vault {
    pub fn path(&self) -> &VaultPath {
        &self.path
    }

    pub fn protector(&self) -> ProtectorKind {
        self.header.protector
    }

    pub fn accounts(&self) -> &AccountList {
        &self.payload.accounts
    }

    pub fn accounts_mut(&mut self) -> &mut AccountList {
        &mut self.payload.accounts
    }

    /// Where automatic backups go, if they are on.
    pub fn auto_backup(&self) -> Option<&AutoBackup> {
        self.payload.auto_backup.as_ref()
    }

    /// Opens the vault at `path`, or returns `None` if there is none yet.
    pub fn open(path: &VaultPath, choose: &ProtectorChooser) -> Result<Option<Vault>, VaultError> {
        let bytes = match fs::read(path.main()) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if path.backup().exists() {
                    return Err(VaultError::MissingWithBackup {
                        path: path.main().to_path_buf(),
                        backup: path.backup(),
                    });
                }
                return Ok(None);
            }
            Err(e) => return Err(io_error("read", path.main())(e)),
        };
        match decrypt(path.main(), bytes, choose) {
            Ok((header, key, payload, bytes)) => Ok(Some(Vault {
                path: path.clone(),
                header,
                key,
                payload,
                on_disk: Some(bytes),
            })),
            Err(Failure::Damaged(detail)) => Err(VaultError::Damaged {
                path: path.main().to_path_buf(),
                detail,
                backup: path.backup(),
                backup_intact: backup_is_intact(path, choose),
            }),
            Err(Failure::Other(error)) => Err(error),
        }
    }

    /// Makes a new, empty vault protected by `protector`. It is written on
    /// the first [`Vault::save`].
    pub fn create(path: &VaultPath, protector: &dyn KeyProtector) -> Result<Vault, VaultError> {
        let (key, params) = protector.new_key()?;
        Ok(Vault {
            path: path.clone(),
            header: Header::new(protector.kind(), params, &key),
            key,
            payload: Payload::default(),
            on_disk: None,
        })
    }

    /// Encrypts and writes the vault, keeping the previous version as the backup.
    pub fn save(&mut self) -> Result<(), VaultError> {
        let main = self.path.main().to_path_buf();
        if let Some(dir) = main.parent().filter(|d| !d.as_os_str().is_empty()) {
            file::create_private_dir(dir).map_err(io_error("create the folder", dir))?;
        }
        let json = self.contents()?;
        let sealed = envelope::VAULT
            .seal(&self.header, &self.key, &json)
            .map_err(|e| self.seal_error(e))?;
        // A save killed half-way (power cut, a killed process) left its
        // temporary files; this one runs under the lock, so they are stale.
        file::remove_stale_temps(&main);
        file::remove_stale_temps(&self.path.backup());
        if let Some(previous) = &self.on_disk {
            let backup = self.path.backup();
            file::write_atomically(&backup, previous).map_err(io_error("write the backup", &backup))?;
        }
        file::write_atomically(&main, &sealed).map_err(io_error("write", &main))?;
        self.on_disk = Some(sealed);
        Ok(())
    }

    /// The clear-text JSON the vault encrypts (wiped on drop).
    fn contents(&self) -> Result<Zeroizing<Vec<u8>>, VaultError> {
        let mut json = Zeroizing::new(Vec::with_capacity(1024 + 256 * self.payload.accounts.len()));
        serde_json::to_writer(&mut *json, &self.payload)
            .map_err(|e| self.unsavable(format!("could not be serialised: {e}")))?;
        Ok(json)
    }

    /// Why sealing failed: the RNG is not the vault's fault, and saying
    /// "damaged" would send the user hunting for a backup they do not need.
    fn seal_error(&self, error: EnvelopeError) -> VaultError {
        match error {
            EnvelopeError::Random(detail) => VaultError::Protect(ProtectError::Random(detail)),
            other => self.unsavable(other.to_string()),
        }
    }

    fn unsavable(&self, detail: String) -> VaultError {
        VaultError::Damaged {
            path: self.path.main().to_path_buf(),
            detail,
            backup: self.path.backup(),
            backup_intact: false,
        }
    }
}

/// How opening failed: damage (worth checking the backup) or anything else.
enum Failure {
    Damaged(String),
    Other(VaultError),
}

type Opened = (Header, DataKey, Payload, Vec<u8>);

fn decrypt(main: &Path, bytes: Vec<u8>, choose: &ProtectorChooser) -> Result<Opened, Failure> {
    let header = envelope::VAULT.read_header(&bytes).map_err(|e| match e {
        EnvelopeError::WrongMagic if bytes.is_empty() => Failure::Damaged("the file is empty".into()),
        EnvelopeError::WrongMagic => Failure::Other(VaultError::NotAVault {
            path: main.to_path_buf(),
        }),
        EnvelopeError::NewerFormat(version) => Failure::Other(VaultError::NewerFormat {
            path: main.to_path_buf(),
            version,
        }),
        other => Failure::Damaged(other.to_string()),
    })?;
    let protector = choose(header.protector).map_err(|e| Failure::Other(e.into()))?;
    let key = protector
        .unlock_key(&header.protector_params)
        .map_err(|e| Failure::Other(e.into()))?;
    let json = envelope::VAULT
        .open(&bytes, &key)
        .map_err(|e| match (e, header.protector) {
            (EnvelopeError::WrongKey, ProtectorKind::Passphrase) => {
                Failure::Other(ProtectError::WrongPassphrase.into())
            }
            (other, _) => Failure::Damaged(other.to_string()),
        })?;
    let payload: Payload = serde_json::from_slice(&json)
        .map_err(|e| Failure::Damaged(format!("its contents cannot be read: {}", e.classify_name())))?;
    Ok((header, key, payload, bytes))
}

pub(crate) trait ClassifyName {
    fn classify_name(&self) -> &'static str;
}

impl ClassifyName for serde_json::Error {
    /// The error category only: serde's messages can quote the data.
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "I/O error",
            serde_json::error::Category::Syntax => "syntax error",
            serde_json::error::Category::Data => "unexpected data",
            serde_json::error::Category::Eof => "unexpected end",
        }
    }
}

fn backup_is_intact(path: &VaultPath, choose: &ProtectorChooser) -> bool {
    fs::read(path.backup()).is_ok_and(|bytes| decrypt(&path.backup(), bytes, choose).is_ok())
}

/// The protector named in the vault file's clear header, read without
/// unlocking anything (`None`: no vault, or not a file we can read).
pub fn protector_on_disk(path: &VaultPath) -> Option<ProtectorKind> {
    let bytes = fs::read(path.main()).ok()?;
    envelope::VAULT.read_header(&bytes).ok().map(|header| header.protector)
}

/// Opens the vault under its lock, lets `change` alter the accounts, and
/// saves if anything changed. A missing vault is created first, protected by `requested` or the
/// platform's default; an existing one must match `requested` if given. Nothing is
/// written if `change` fails or if the vault cannot be opened.
///
/// Commands and forms change the vault through `crate::auto_backup::modify`,
/// which also writes the automatic backup.
pub fn modify<T, E>(
    path: &VaultPath,
    choose: &ProtectorChooser,
    requested: Option<ProtectorKind>,
    change: impl FnOnce(&mut AccountList) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<VaultError>,
{
    modify_and_report(path, choose, requested, change).map(|(result, _)| result)
}

/// [`modify`], also returning what was saved (`None` if nothing changed).
pub fn modify_and_report<T, E>(
    path: &VaultPath,
    choose: &ProtectorChooser,
    requested: Option<ProtectorKind>,
    change: impl FnOnce(&mut AccountList) -> Result<T, E>,
) -> Result<(T, Option<Saved>), E>
where
    E: From<VaultError>,
{
    modify_vault(path, choose, requested, |vault| change(vault.accounts_mut()))
}

/// Turns automatic backups on (`Some`) or off (`None`) in an existing
/// vault. Returns what was saved (`None` if it was already so).
pub fn set_auto_backup(
    path: &VaultPath,
    choose: &ProtectorChooser,
    record: Option<AutoBackup>,
) -> Result<Option<Saved>, VaultError> {
    if !path.main().exists() {
        return Err(io_error("open", path.main())(io::ErrorKind::NotFound.into()));
    }
    modify_vault(path, choose, None, |vault| {
        vault.payload.auto_backup = record;
        Ok::<_, VaultError>(())
    })
    .map(|((), saved)| saved)
}

fn modify_vault<T, E>(
    path: &VaultPath,
    choose: &ProtectorChooser,
    requested: Option<ProtectorKind>,
    change: impl FnOnce(&mut Vault) -> Result<T, E>,
) -> Result<(T, Option<Saved>), E>
where
    E: From<VaultError>,
{
    let _lock = lock(path)?;
    let mut vault = match Vault::open(path, choose)? {
        Some(vault) => match requested {
            Some(requested) if requested != vault.protector() => {
                return Err(VaultError::ProtectorMismatch {
                    actual: vault.protector().name(),
                    requested: requested.name(),
                }
                .into());
            }
            _ => vault,
        },
        None => {
            let kind = requested.unwrap_or_else(ProtectorKind::platform_default);
            Vault::create(path, choose(kind).map_err(VaultError::from)?.as_ref())?
        }
    };
    let before = vault.on_disk.is_some().then(|| vault.contents()).transpose()?;
    let result = change(&mut vault)?;
    // A change that changed nothing is not written: writing would replace
    // the backup (the previous version) with a copy of the current one.
    if before.is_none() || before != Some(vault.contents()?) {
        vault.save()?;
        let saved = Saved {
            accounts: vault.payload.accounts.clone(),
            auto_backup: vault.payload.auto_backup.clone(),
        };
        return Ok((result, Some(saved)));
    }
    Ok((result, None))
}

fn lock(path: &VaultPath) -> Result<FileLock, VaultError> {
    let lock_path = path.lock();
    if let Some(dir) = lock_path.parent().filter(|d| !d.as_os_str().is_empty()) {
        file::create_private_dir(dir).map_err(io_error("create the folder", dir))?;
    }
    FileLock::acquire(&lock_path).map_err(io_error("lock", path.main()))
}

/// Replaces a damaged (or missing) vault with its backup. The damaged file
/// is kept as `<vault>.damaged-<unix time>`. Returns how many accounts the
/// restored vault holds.
pub fn restore_backup(path: &VaultPath, choose: &ProtectorChooser, now: u64) -> Result<usize, VaultError> {
    let _lock = lock(path)?;
    let backup = path.backup();
    let bytes = fs::read(&backup).map_err(|e| VaultError::BackupUnusable {
        path: backup.clone(),
        reason: e.to_string(),
    })?;
    let (_, _, payload, bytes) = decrypt(&backup, bytes, choose).map_err(|failure| VaultError::BackupUnusable {
        path: backup.clone(),
        reason: match failure {
            Failure::Damaged(detail) => format!("it is damaged too ({detail})"),
            Failure::Other(error) => error.to_string(),
        },
    })?;
    if path.main().exists() {
        let mut kept = path.main().as_os_str().to_os_string();
        kept.push(format!(".damaged-{now}"));
        fs::rename(path.main(), &kept).map_err(io_error("set aside", path.main()))?;
    }
    file::write_atomically(path.main(), &bytes).map_err(io_error("write", path.main()))?;
    Ok(payload.accounts.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protect::passphrase::{FixedPassphrase, PassphraseProtector};

    #[test]
    fn a_save_removes_the_temporary_files_of_a_killed_save_and_nothing_else() {
        let dir = tempfile::tempdir().expect("temp dir");
        let protector = PassphraseProtector::new(Box::new(FixedPassphrase(Zeroizing::new("a passphrase".into()))));
        let path = VaultPath::new(dir.path().join("vault.trayotp"));
        let mut vault = Vault::create(&path, &protector).expect("creates");
        vault.save().expect("first save");
        let stale = [".vault.trayotp.4242-0.tmp", ".vault.trayotp.bak.4242-1.tmp"];
        let kept = [
            ".vault.trayotp.notes.tmp",
            ".other.4242-0.tmp",
            "vault.trayotp.4242-0.tmp",
        ];
        for name in stale.iter().chain(&kept) {
            fs::write(dir.path().join(name), b"left over").expect("write");
        }
        vault.save().expect("second save");
        for name in stale {
            assert!(!dir.path().join(name).exists(), "{name} was removed");
        }
        for name in kept {
            assert!(dir.path().join(name).exists(), "{name} is not ours and stays");
        }
    }

    #[test]
    fn a_random_number_generator_failure_is_not_reported_as_damage() {
        let dir = tempfile::tempdir().expect("temp dir");
        let protector = PassphraseProtector::new(Box::new(FixedPassphrase(Zeroizing::new("a passphrase".into()))));
        let vault = Vault::create(&VaultPath::new(dir.path().join("vault.trayotp")), &protector).expect("creates");
        let error = vault.seal_error(EnvelopeError::Random("no entropy".into()));
        assert!(!matches!(error, VaultError::Damaged { .. }), "{error:?}");
        let message = error.to_string();
        assert!(
            message.contains("random number generator failed (no entropy)"),
            "{message}"
        );
        assert!(!message.contains("damaged") && !message.contains("backup"), "{message}");
        // Anything else that stops a seal is still reported as before.
        assert!(matches!(
            vault.seal_error(EnvelopeError::ParamsTooLarge),
            VaultError::Damaged { .. }
        ));
    }

    #[test]
    fn a_full_disk_says_what_to_do_and_other_errors_do_not_guess() {
        let full = VaultError::Io {
            action: "write",
            path: PathBuf::from("vault.trayotp"),
            source: io::Error::from(io::ErrorKind::StorageFull),
        };
        let line = full.to_string();
        assert!(line.ends_with("free some space on that disk, then try again"), "{line}");
        let denied = VaultError::Io {
            action: "write",
            path: PathBuf::from("vault.trayotp"),
            source: io::Error::from(io::ErrorKind::PermissionDenied),
        };
        assert!(!denied.to_string().contains("free some space"), "{denied}");
    }
}
