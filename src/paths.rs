//! Where trayotp keeps its files, per platform (see `docs/` and the README):
//! the vault under the user's data folder (`%APPDATA%\trayotp` on Windows,
//! `$XDG_DATA_HOME/trayotp` on Linux), overridable with `--vault` or
//! `TRAYOTP_VAULT`; the settings under the user's configuration folder
//! (`%APPDATA%\trayotp` on Windows, `$XDG_CONFIG_HOME/trayotp` on Linux),
//! overridable with `--config` or `TRAYOTP_CONFIG`. Tests and portable use
//! point both elsewhere.

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
