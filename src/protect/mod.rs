//! Key protection: the OS adapters that guard the key the vault is encrypted
//! with.
//!
//! Every vault is encrypted with a random 256-bit *data key*
//! (XChaCha20-Poly1305, see `vault::envelope`). What differs between
//! platforms is how that data key is kept: wrapped by DPAPI for the current
//! Windows user, stored in the Secret Service keyring on Linux, or derived
//! from a passphrase with Argon2id anywhere. Each protector is one small file
//! behind the [`KeyProtector`] trait; the vault header records which one a
//! vault uses and the bytes that protector needs to get the key back.

pub mod dpapi;
pub mod keyring;
pub mod passphrase;

use zeroize::Zeroizing;

pub use passphrase::{PassphrasePrompt, PassphraseProtector};

/// The 256-bit key that encrypts a vault's contents. Boxed, so that moving
/// it around (out of a protector, into the vault) moves a pointer and leaves
/// no copy of the key on the stack; wiped when dropped.
pub type DataKey = Box<Zeroizing<[u8; 32]>>;

/// A data key of zeros, to be filled in place.
pub fn zeroed_data_key() -> DataKey {
    Box::new(Zeroizing::new([0u8; 32]))
}

/// A data key copied from `bytes` straight into its box, or `None` when
/// they are not 32 bytes long.
pub fn data_key_from(bytes: &[u8]) -> Option<DataKey> {
    let mut key = zeroed_data_key();
    (bytes.len() == key.len()).then(|| key.copy_from_slice(bytes))?;
    Some(key)
}

/// Makes a fresh random data key.
pub fn random_data_key() -> Result<DataKey, ProtectError> {
    let mut key = zeroed_data_key();
    getrandom::fill(key.as_mut_slice()).map_err(|e| ProtectError::Random(e.to_string()))?;
    Ok(key)
}

/// Which protector guards a vault. Stored as one byte in the vault header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ProtectorKind {
    /// Windows Data Protection API, bound to the current Windows user.
    Dpapi,
    /// A random key in the Secret Service keyring (GNOME Keyring, KWallet, KeePassXC).
    Keyring,
    /// A passphrase (Argon2id); works on every platform and moves between PCs.
    Passphrase,
}

impl ProtectorKind {
    pub fn tag(self) -> u8 {
        match self {
            ProtectorKind::Dpapi => 1,
            ProtectorKind::Keyring => 2,
            ProtectorKind::Passphrase => 3,
        }
    }

    pub fn from_tag(tag: u8) -> Option<Self> {
        match tag {
            1 => Some(ProtectorKind::Dpapi),
            2 => Some(ProtectorKind::Keyring),
            3 => Some(ProtectorKind::Passphrase),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ProtectorKind::Dpapi => "dpapi",
            ProtectorKind::Keyring => "keyring",
            ProtectorKind::Passphrase => "passphrase",
        }
    }

    /// The protector a new vault gets when the user does not choose one:
    /// DPAPI on Windows, the keyring on Linux, a passphrase elsewhere.
    pub fn platform_default() -> Self {
        if cfg!(windows) {
            ProtectorKind::Dpapi
        } else if cfg!(target_os = "linux") {
            ProtectorKind::Keyring
        } else {
            ProtectorKind::Passphrase
        }
    }
}

/// Guards a vault's data key.
pub trait KeyProtector {
    fn kind(&self) -> ProtectorKind;

    /// Makes the data key for a new vault. Returns the key and the bytes the
    /// vault header must keep so that [`KeyProtector::unlock_key`] can get it back.
    fn new_key(&self) -> Result<(DataKey, Vec<u8>), ProtectError>;

    /// Gets a vault's data key back from the bytes its header keeps.
    fn unlock_key(&self, header_params: &[u8]) -> Result<DataKey, ProtectError>;
}

/// Why a key could not be protected or unlocked. Each message says what the
/// user can do; none contains key material.
#[derive(Debug, thiserror::Error)]
pub enum ProtectError {
    #[error("this vault is protected with Windows DPAPI and can only be opened on Windows, by the user who made it")]
    DpapiNotHere,
    #[error(
        "Windows could not unlock the vault key (DPAPI): the vault belongs to another Windows user or PC, or the Windows password was reset; restore your accounts from a backup"
    )]
    DpapiWrongUser,
    #[error("Windows could not protect the vault key (DPAPI error {0})")]
    DpapiFailed(u32),
    #[error("this vault keeps its key in a Secret Service keyring, which only Linux has")]
    KeyringNotHere,
    #[error(
        "no Secret Service keyring is running (GNOME Keyring, KWallet or KeePassXC): start one, or use --protector passphrase"
    )]
    KeyringNotRunning,
    #[error("the keyring is locked: unlock your login keyring and try again")]
    KeyringLocked,
    #[error(
        "the vault's key is not in this user's keyring (another user's vault, or the keyring item was deleted); restore your accounts from a backup"
    )]
    KeyringKeyMissing,
    #[error("the keyring failed: {0}")]
    KeyringFailed(String),
    #[error("wrong passphrase: the vault could not be unlocked with it")]
    WrongPassphrase,
    #[error("no passphrase: set {0} or run trayotp in a terminal to be asked")]
    NoPassphrase(&'static str),
    #[error("the passphrase is empty: choose one you can remember")]
    EmptyPassphrase,
    #[error("the two passphrases differ: nothing was changed, try again")]
    PassphraseMismatch,
    #[error("the passphrase is too short: a new vault's passphrase needs at least {min} characters")]
    PassphraseTooShort { min: usize },
    #[error("the vault header's key parameters are damaged")]
    BadParams,
    #[error(
        "the file asks for a key derivation of {memory_mib} MiB, {passes} passes, {lanes} lanes, more than trayotp allows ({max_mib} MiB, {max_passes} passes, {max_lanes} lanes): it was not made by trayotp, use another copy",
        max_mib = passphrase::MAX_MEMORY_KIB / 1024,
        max_passes = passphrase::MAX_PASSES,
        max_lanes = passphrase::MAX_LANES
    )]
    KdfTooCostly { memory_mib: u32, passes: u32, lanes: u32 },
    #[error(
        "the system's random number generator failed ({0}): nothing was written and the vault is unchanged; try again"
    )]
    Random(String),
}

/// Builds the protector of a given kind for this platform. `prompt` supplies
/// passphrases when the kind is [`ProtectorKind::Passphrase`].
pub fn protector_for(
    kind: ProtectorKind,
    prompt: Box<dyn PassphrasePrompt>,
) -> Result<Box<dyn KeyProtector>, ProtectError> {
    match kind {
        ProtectorKind::Passphrase => Ok(Box::new(PassphraseProtector::new(prompt))),
        ProtectorKind::Dpapi => dpapi::DpapiProtector::new().map(|p| Box::new(p) as Box<dyn KeyProtector>),
        ProtectorKind::Keyring => keyring::KeyringProtector::new().map(|p| Box::new(p) as Box<dyn KeyProtector>),
    }
}
