//! Where trayotp keeps its files, per platform (see `docs/` and the README):
//! the vault under the user's data folder (`%APPDATA%\trayotp` on Windows,
//! `$XDG_DATA_HOME/trayotp` on Linux), overridable with `--vault` or
//! `TRAYOTP_VAULT` for tests and portable use.

use std::path::PathBuf;

pub const APP_DIR: &str = "trayotp";
pub const VAULT_FILE: &str = "vault.trayotp";

/// The default vault location, or `None` if the OS reports no home folder.
pub fn default_vault() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|dirs| dirs.data_dir().join(APP_DIR).join(VAULT_FILE))
}
