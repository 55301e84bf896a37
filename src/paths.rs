//! Where trayotp keeps its files, per platform (see `docs/` and the README):
//! the vault under the user's data folder (`%APPDATA%\trayotp` on Windows,
//! `$XDG_DATA_HOME/trayotp` on Linux), overridable with `--vault` or
//! `TRAYOTP_VAULT`; the settings under the user's configuration folder
//! (`%APPDATA%\trayotp` on Windows, `$XDG_CONFIG_HOME/trayotp` on Linux),
//! overridable with `--config` or `TRAYOTP_CONFIG`; what belongs to this
//! PC only (the clock measurement) under the local, never roaming, folder
//! ([`local_dir`]: `%LOCALAPPDATA%\trayotp` on Windows,
//! `$XDG_STATE_HOME/trayotp` on Linux), overridable with `TRAYOTP_LOCAL_DIR`;
//! the log file in the local data folder too (`%LOCALAPPDATA%\trayotp\logs`
//! on Windows, `$XDG_STATE_HOME/trayotp` on Linux), overridable with
//! `TRAYOTP_LOG`.
//! Tests and portable use point them elsewhere.

use std::path::PathBuf;

pub const APP_DIR: &str = "trayotp";
pub const VAULT_FILE: &str = "vault.trayotp";
pub const SETTINGS_FILE: &str = "settings.toml";

/// The default vault location, or `None` if the OS reports no home folder.
pub fn default_vault() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|dirs| dirs.data_dir().join(APP_DIR).join(VAULT_FILE))
}

/// The default settings file, or `None` if the OS reports no home folder.
pub fn default_settings() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|dirs| dirs.config_dir().join(APP_DIR).join(SETTINGS_FILE))
}

/// The folder for what belongs to this PC only and must not roam or sync
/// with the vault: `TRAYOTP_LOCAL_DIR` if set, else `%LOCALAPPDATA%\trayotp`
/// (Windows) or `$XDG_STATE_HOME/trayotp` (Linux, `~/.local/state/trayotp`).
pub fn local_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("TRAYOTP_LOCAL_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let dirs = directories::BaseDirs::new()?;
    let base = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
    Some(base.join(APP_DIR))
}

pub const LOG_FILE: &str = "trayotp.log";

/// The default log file, or `None` if the OS reports no home folder.
pub fn default_log() -> Option<PathBuf> {
    let dirs = directories::BaseDirs::new()?;
    if cfg!(windows) {
        return Some(dirs.data_local_dir().join(APP_DIR).join("logs").join(LOG_FILE));
    }
    let state = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
    Some(state.join(APP_DIR).join(LOG_FILE))
}
