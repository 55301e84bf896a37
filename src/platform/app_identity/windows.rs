//! Windows: the `AppUserModelId` registry key, the Start-menu scan and the process's own id.

use std::path::{Path, PathBuf};

use windows_sys::Win32::Foundation::{ERROR_FILE_NOT_FOUND, ERROR_SUCCESS};
use windows_sys::Win32::System::Registry::{
    HKEY, HKEY_CURRENT_USER, KEY_SET_VALUE, REG_OPTION_NON_VOLATILE, REG_SZ, RegCloseKey, RegCreateKeyExW,
    RegDeleteTreeW, RegSetValueExW,
};

use super::{AtStart, DISPLAY_NAME, any_shortcut_carries_id, registry_key, write_icon};
use crate::app_id::APP_USER_MODEL_ID;

fn wide(text: &str) -> Vec<u16> {
    text.encode_utf16().chain(Some(0)).collect()
}

/// The user's and all users' Start-menu Programs folders.
fn start_menu_folders() -> Vec<PathBuf> {
    ["APPDATA", "ProgramData"]
        .iter()
        .filter_map(std::env::var_os)
        .map(|base| PathBuf::from(base).join(r"Microsoft\Windows\Start Menu\Programs"))
        .collect()
}

pub fn ensure_registered(folder: &Path) -> Result<AtStart, String> {
    if any_shortcut_carries_id(&start_menu_folders(), APP_USER_MODEL_ID) {
        return Ok(AtStart::ShortcutHasIt);
    }
    let icon = write_icon(folder).map_err(|e| format!("cannot write the toast icon in {}: {e}", folder.display()))?;
    let key_name = wide(&registry_key());
    let mut key: HKEY = std::ptr::null_mut();
    // SAFETY: NUL-terminated name; `key` receives a handle closed below.
    let code = unsafe {
        RegCreateKeyExW(
            HKEY_CURRENT_USER,
            key_name.as_ptr(),
            0,
            std::ptr::null(),
            REG_OPTION_NON_VOLATILE,
            KEY_SET_VALUE,
            std::ptr::null(),
            &mut key,
            std::ptr::null_mut(),
        )
    };
    if code != ERROR_SUCCESS {
        return Err(format!("cannot create HKCU\\{} (error {code})", registry_key()));
    }
    let mut result = Ok(AtStart::Registered);
    for (name, value) in [
        ("DisplayName", DISPLAY_NAME.to_string()),
        ("IconUri", icon.display().to_string()),
    ] {
        let data: Vec<u8> = wide(&value).iter().flat_map(|unit| unit.to_le_bytes()).collect();
        let name = wide(name);
        // SAFETY: an open key, a NUL-terminated name, `data` outlives the call.
        let code = unsafe { RegSetValueExW(key, name.as_ptr(), 0, REG_SZ, data.as_ptr(), data.len() as u32) };
        if code != ERROR_SUCCESS {
            result = Err(format!("cannot set a value of HKCU\\{} (error {code})", registry_key()));
        }
    }
    // SAFETY: the handle opened above.
    unsafe { RegCloseKey(key) };
    result
}

pub fn delete_key() -> Result<bool, String> {
    let key_name = wide(&registry_key());
    // SAFETY: NUL-terminated name.
    match unsafe { RegDeleteTreeW(HKEY_CURRENT_USER, key_name.as_ptr()) } {
        ERROR_SUCCESS => Ok(true),
        ERROR_FILE_NOT_FOUND => Ok(false),
        code => Err(format!("cannot delete HKCU\\{} (error {code})", registry_key())),
    }
}

pub fn claim_for_this_process() {
    use windows_sys::Win32::UI::Shell::SetCurrentProcessExplicitAppUserModelID;
    let id: Vec<u16> = APP_USER_MODEL_ID.encode_utf16().chain(Some(0)).collect();
    // SAFETY: a NUL-terminated UTF-16 string that outlives the call.
    unsafe { SetCurrentProcessExplicitAppUserModelID(id.as_ptr()) };
}
