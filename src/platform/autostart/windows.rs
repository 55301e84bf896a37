//! Windows: the `HKCU\…\Run` value, and the `StartupApproved` flag Task Manager keeps beside it.

use std::path::PathBuf;

use windows_sys::Win32::Foundation::{ERROR_FILE_NOT_FOUND, ERROR_SUCCESS};
use windows_sys::Win32::System::Registry::{
    HKEY, HKEY_CURRENT_USER, KEY_QUERY_VALUE, KEY_SET_VALUE, REG_BINARY, REG_OPTION_NON_VOLATILE, REG_SZ, RegCloseKey,
    RegCreateKeyExW, RegDeleteValueW, RegOpenKeyExW, RegQueryValueExW, RegSetValueExW,
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
        let status = unsafe { RegSetValueExW(self.0, wide(name).as_ptr(), 0, kind, data.as_ptr(), data.len() as u32) };
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
