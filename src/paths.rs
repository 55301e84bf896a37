//! Where trayotp keeps its files, per platform (see `docs/` and the README):
//! the vault under the user's data folder (`%APPDATA%\trayotp` on Windows,
//! `$XDG_DATA_HOME/trayotp` on Linux), overridable with `--vault` or
//! `TRAYOTP_VAULT`; the settings under the user's configuration folder
//! (`%APPDATA%\trayotp` on Windows, `$XDG_CONFIG_HOME/trayotp` on Linux),
//! overridable with `--config` or `TRAYOTP_CONFIG`; the log file in the
//! local (not roaming) data folder (`%LOCALAPPDATA%\trayotp\logs` on Windows,
//! `$XDG_STATE_HOME/trayotp` on Linux), overridable with `TRAYOTP_LOG`.
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
