//! The login entry itself: the `HKCU\…\Run` value (Windows) or the XDG
//! autostart file (Linux), read and written for this very executable. What
//! the entry must say and what a found entry means is decided in
//! [`crate::autostart`]; this file only does the OS calls.

use std::path::{Path, PathBuf};

use crate::autostart::AutostartStatus;

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

#[cfg(windows)]
mod imp {
    use std::path::PathBuf;

    use windows_sys::Win32::Foundation::{ERROR_FILE_NOT_FOUND, ERROR_SUCCESS};
    use windows_sys::Win32::System::Registry::{
        HKEY, HKEY_CURRENT_USER, KEY_QUERY_VALUE, KEY_SET_VALUE, REG_BINARY, REG_OPTION_NON_VOLATILE, REG_SZ,
        RegCloseKey, RegCreateKeyExW, RegDeleteValueW, RegOpenKeyExW, RegQueryValueExW, RegSetValueExW,
    };

    use super::AutostartError;
    use crate::app_id::RUN_VALUE_NAME;
    use crate::autostart::{self, AutostartStatus};

    const RUN_KEY: &str = r"Software\Microsoft\Windows\CurrentVersion\Run";
    const APPROVED_KEY: &str = r"Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run";

    fn wide(text: &str) -> Vec<u16> {
        text.encode_utf16().chain(Some(0)).collect()
    }

    fn os_error(action: &'static str, code: u32) -> AutostartError {
        AutostartError::Os(action, std::io::Error::from_raw_os_error(code as i32).to_string())
    }

    /// An open registry key, closed when dropped.
    struct Key(HKEY);

    impl Drop for Key {
        fn drop(&mut self) {
            // SAFETY: the handle came from RegOpenKeyExW/RegCreateKeyExW.
            unsafe { RegCloseKey(self.0) };
        }
    }

    impl Key {
        /// `HKCU\path`, or `None` if it does not exist.
        fn open(path: &str, access: u32) -> Result<Option<Key>, AutostartError> {
            let mut key: HKEY = std::ptr::null_mut();
            // SAFETY: a NUL-terminated path and a valid out pointer.
            let status = unsafe { RegOpenKeyExW(HKEY_CURRENT_USER, wide(path).as_ptr(), 0, access, &mut key) };
            match status {
                ERROR_SUCCESS => Ok(Some(Key(key))),
                ERROR_FILE_NOT_FOUND => Ok(None),
                code => Err(os_error("open the registry key", code)),
            }
        }

        fn create(path: &str) -> Result<Key, AutostartError> {
            let mut key: HKEY = std::ptr::null_mut();
            // SAFETY: NUL-terminated path, null class and security, valid out pointer.
            let status = unsafe {
                RegCreateKeyExW(
                    HKEY_CURRENT_USER,
                    wide(path).as_ptr(),
                    0,
                    std::ptr::null(),
                    REG_OPTION_NON_VOLATILE,
                    KEY_SET_VALUE | KEY_QUERY_VALUE,
                    std::ptr::null(),
                    &mut key,
                    std::ptr::null_mut(),
                )
            };
            match status {
                ERROR_SUCCESS => Ok(Key(key)),
                code => Err(os_error("create the registry key", code)),
            }
        }

        /// A value's type and bytes, or `None` if there is no such value.
        fn get(&self, name: &str) -> Result<Option<(u32, Vec<u8>)>, AutostartError> {
            let name = wide(name);
            let mut kind = 0u32;
            let mut size = 0u32;
            // First the size (no buffer), then the bytes.
            let mut data = Vec::new();
            for _ in 0..2 {
                data.resize(size as usize, 0);
                let buffer = if data.is_empty() {
                    std::ptr::null_mut()
                } else {
                    data.as_mut_ptr()
                };
                // SAFETY: NUL-terminated name; `buffer` is null or holds `size` bytes.
                let status =
                    unsafe { RegQueryValueExW(self.0, name.as_ptr(), std::ptr::null(), &mut kind, buffer, &mut size) };
                match status {
                    ERROR_SUCCESS => {}
                    ERROR_FILE_NOT_FOUND => return Ok(None),
                    code => return Err(os_error("read the registry value", code)),
                }
            }
            data.truncate(size as usize);
            Ok(Some((kind, data)))
        }

        fn set(&self, name: &str, kind: u32, data: &[u8]) -> Result<(), AutostartError> {
            // SAFETY: NUL-terminated name; `data` is valid for its length.
            let status =
                unsafe { RegSetValueExW(self.0, wide(name).as_ptr(), 0, kind, data.as_ptr(), data.len() as u32) };
            match status {
                ERROR_SUCCESS => Ok(()),
                code => Err(os_error("write the registry value", code)),
            }
        }

        fn delete(&self, name: &str) -> Result<(), AutostartError> {
            // SAFETY: NUL-terminated name.
            match unsafe { RegDeleteValueW(self.0, wide(name).as_ptr()) } {
                ERROR_SUCCESS | ERROR_FILE_NOT_FOUND => Ok(()),
                code => Err(os_error("delete the registry value", code)),
            }
        }
    }

    /// A REG_SZ's text (UTF-16, maybe NUL-terminated).
    fn text_of(data: &[u8]) -> String {
        let units: Vec<u16> = data
            .chunks_exact(2)
            .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
            .take_while(|&unit| unit != 0)
            .collect();
        String::from_utf16_lossy(&units)
    }

    pub fn status(exe: &str) -> Result<AutostartStatus, AutostartError> {
        let run = match Key::open(RUN_KEY, KEY_QUERY_VALUE)? {
            Some(key) => key.get(RUN_VALUE_NAME)?.map(|(_, data)| text_of(&data)),
            None => None,
        };
        let approved = match Key::open(APPROVED_KEY, KEY_QUERY_VALUE)? {
            Some(key) => key.get(RUN_VALUE_NAME)?.map(|(_, data)| data),
            None => None,
        };
        Ok(autostart::windows_status(run.as_deref(), approved.as_deref(), exe))
    }

    pub fn enable(exe: &str) -> Result<(), AutostartError> {
        let command: Vec<u8> = wide(&autostart::windows_command(exe))
            .iter()
            .flat_map(|unit| unit.to_le_bytes())
            .collect();
        Key::create(RUN_KEY)?.set(RUN_VALUE_NAME, REG_SZ, &command)?;
        // Turning it on re-enables an entry the user disabled in Task Manager.
        if let Some(key) = Key::open(APPROVED_KEY, KEY_QUERY_VALUE | KEY_SET_VALUE)?
            && let Some((_, data)) = key.get(RUN_VALUE_NAME)?
            && autostart::disabled_in_task_manager(Some(&data))
        {
            key.set(RUN_VALUE_NAME, REG_BINARY, &autostart::STARTUP_APPROVED_ENABLED)?;
        }
        Ok(())
    }

    pub fn disable() -> Result<(), AutostartError> {
        if let Some(key) = Key::open(RUN_KEY, KEY_SET_VALUE)? {
            key.delete(RUN_VALUE_NAME)?;
        }
        if let Some(key) = Key::open(APPROVED_KEY, KEY_SET_VALUE)? {
            key.delete(RUN_VALUE_NAME)?;
        }
        Ok(())
    }

    pub fn location() -> Result<PathBuf, AutostartError> {
        Ok(PathBuf::from(format!(r"HKEY_CURRENT_USER\{RUN_KEY}\{RUN_VALUE_NAME}")))
    }
}

#[cfg(not(windows))]
mod imp {
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
            std::fs::create_dir_all(dir)
                .map_err(|e| AutostartError::Os("create the autostart folder", e.to_string()))?;
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
}
