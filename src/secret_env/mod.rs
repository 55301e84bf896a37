//! Passphrases that scripts and tests hand over in the environment
//! (`TRAYOTP_PASSPHRASE`, `TRAYOTP_BACKUP_PASSPHRASE`).
//!
//! An environment variable is readable by every process of the same user
//! (`/proc/<pid>/environ`, a process's PEB on Windows) and is inherited by
//! every child. So `main` calls [`take_from_environment`] before anything
//! else (before any thread exists): the values move into this process's
//! memory (a static that lives as long as the process: it is not wiped at
//! exit, which `process::exit` skips anyway) and are removed from its
//! environment (on Linux the original bytes are zeroed, every copy of a
//! duplicated name included; on Windows the variable is removed but the
//! bytes of the block the process started with are not scrubbed), and
//! [`keep_from_child`] removes them from every command we start. A form
//! opened by the tray therefore never receives the vault's passphrase: it
//! asks for it itself.
//!
//! A library user that never called [`take_from_environment`] (the
//! in-process form tests) reads the variables as they are.

use std::process::Command;
use std::sync::OnceLock;

use zeroize::Zeroizing;

#[cfg(target_os = "linux")]
mod linux;
#[cfg(not(target_os = "linux"))]
mod other;
#[cfg(target_os = "linux")]
use linux as imp;
#[cfg(not(target_os = "linux"))]
use other as imp;

/// The vault's passphrase, for scripts and tests.
pub const PASSPHRASE_ENV: &str = "TRAYOTP_PASSPHRASE";
/// The passphrase of a backup being written or read, or of an encrypted
/// file being imported (an Aegis vault), for scripts and tests.
pub const BACKUP_PASSPHRASE_ENV: &str = "TRAYOTP_BACKUP_PASSPHRASE";

const NAMES: [&str; 2] = [PASSPHRASE_ENV, BACKUP_PASSPHRASE_ENV];

static TAKEN: OnceLock<[Option<Zeroizing<String>>; 2]> = OnceLock::new();

/// Moves the passphrase variables out of the environment into this
/// process.
///
/// # Safety
///
/// Changing the environment is sound only while no other thread runs (or
/// could read it): call this first thing in `main`.
pub unsafe fn take_from_environment() {
    let values = NAMES.map(|name| {
        let value = std::env::var(name).ok().map(Zeroizing::new);
        // SAFETY: the caller guarantees that no other thread exists yet.
        unsafe { imp::wipe_original(name) };
        value
    });
    let _ = TAKEN.set(values);
}

/// The value a script gave for `name` (one of the constants above).
pub fn get(name: &str) -> Option<Zeroizing<String>> {
    match TAKEN.get() {
        Some(values) => NAMES
            .iter()
            .position(|known| *known == name)
            .and_then(|index| values[index].clone()),
        None => std::env::var(name).ok().map(Zeroizing::new),
    }
}

/// Whether a script gave a value for `name`.
pub fn is_set(name: &str) -> bool {
    match TAKEN.get() {
        Some(values) => NAMES
            .iter()
            .position(|known| *known == name)
            .is_some_and(|index| values[index].is_some()),
        None => std::env::var_os(name).is_some(),
    }
}

/// Keeps the passphrase variables from a child process, whatever this
/// process's environment holds.
pub fn keep_from_child(command: &mut Command) -> &mut Command {
    for name in NAMES {
        command.env_remove(name);
    }
    command
}

/// Gives the passphrase variables this process took to the GUI executable
/// that carries on the same command (the lean `trayotp` hands the tray and
/// the windows over to it; see `crate::cli::gui`). Nothing else gets them.
pub fn hand_to_own_gui(command: &mut Command) -> &mut Command {
    if let Some(values) = TAKEN.get() {
        for (name, value) in NAMES.iter().zip(values) {
            if let Some(value) = value {
                command.env(name, value.as_str());
            }
        }
    }
    command
}
