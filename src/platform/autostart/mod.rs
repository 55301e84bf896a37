//! The login entry itself: the `HKCU\…\Run` value (Windows) or the XDG
//! autostart file (Linux), read and written for this very executable. What
//! the entry must say and what a found entry means is decided in
//! [`crate::autostart`]; this file only does the OS calls.

use std::path::{Path, PathBuf};

use crate::autostart::AutostartStatus;

#[cfg(not(windows))]
mod other;
#[cfg(windows)]
mod windows;
#[cfg(not(windows))]
use other as imp;
#[cfg(windows)]
use windows as imp;

/// Why the login entry could not be read or changed; `Display` is one line.
#[derive(Debug, thiserror::Error)]
pub enum AutostartError {
    #[error("cannot find trayotp's own path ({0})")]
    OwnPath(String),
    #[error(
        "trayotp's path is not valid Unicode, which a login entry cannot hold: move trayotp to a folder with another name"
    )]
    PathNotUnicode,
    #[error("cannot find your configuration folder (no home folder)")]
    NoConfigDir,
    #[error("cannot {0}: {1}")]
    Os(&'static str, String),
}

/// This program's path, as the entry names it (the user-facing executable:
/// see [`crate::platform::process::user_program`]).
pub fn current_exe() -> Result<String, AutostartError> {
    let exe = crate::platform::process::user_program().map_err(|e| AutostartError::OwnPath(e.to_string()))?;
    exe.into_os_string()
        .into_string()
        .map_err(|_| AutostartError::PathNotUnicode)
}

/// The login entry's state for this executable.
pub fn status() -> Result<AutostartStatus, AutostartError> {
    imp::status(&current_exe()?)
}

/// Makes logging in start this executable with `--background` (re-enabling
/// an entry the user disabled, repointing one that starts another copy).
pub fn enable() -> Result<AutostartStatus, AutostartError> {
    let exe = current_exe()?;
    imp::enable(&exe)?;
    imp::status(&exe)
}

/// Removes the login entry (whichever copy it starts).
pub fn disable() -> Result<AutostartStatus, AutostartError> {
    let exe = current_exe()?;
    imp::disable()?;
    imp::status(&exe)
}

/// At the tray's start: if the entry starts a trayotp that is no longer
/// there (this one was moved), points it here. Returns the status either way.
pub fn repair_if_moved() -> Result<AutostartStatus, AutostartError> {
    let exe = current_exe()?;
    let status = imp::status(&exe)?;
    match &status {
        AutostartStatus::Elsewhere { program } if status.should_repair(Path::new(program).exists()) => {
            imp::enable(&exe)?;
            imp::status(&exe)
        }
        _ => Ok(status),
    }
}

/// Where the entry lives, for `trayotp autostart status`.
pub fn location() -> Result<PathBuf, AutostartError> {
    imp::location()
}
