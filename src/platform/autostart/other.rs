//! Elsewhere than Windows (Linux): the XDG autostart file `trayotp.desktop`.

use std::io;
use std::path::PathBuf;

use super::AutostartError;
use crate::autostart::{self, AutostartStatus};

/// `$XDG_CONFIG_HOME/autostart/trayotp.desktop`.
pub fn location() -> Result<PathBuf, AutostartError> {
    let dirs = directories::BaseDirs::new().ok_or(AutostartError::NoConfigDir)?;
    Ok(dirs.config_dir().join("autostart").join(autostart::DESKTOP_FILE))
}

pub fn status(exe: &str) -> Result<AutostartStatus, AutostartError> {
    let content = match std::fs::read(location()?) {
        Ok(bytes) => Some(String::from_utf8_lossy(&bytes).into_owned()),
        Err(error) if error.kind() == io::ErrorKind::NotFound => None,
        Err(error) => return Err(AutostartError::Os("read the autostart file", error.to_string())),
    };
    Ok(autostart::desktop_status(content.as_deref(), exe))
}

pub fn enable(exe: &str) -> Result<(), AutostartError> {
    let path = location()?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| AutostartError::Os("create the autostart folder", e.to_string()))?;
    }
    crate::vault::file::write_atomically(&path, autostart::desktop_entry(exe).as_bytes())
        .map_err(|e| AutostartError::Os("write the autostart file", e.to_string()))
}

pub fn disable() -> Result<(), AutostartError> {
    match std::fs::remove_file(location()?) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(AutostartError::Os("remove the autostart file", error.to_string())),
    }
}
