//! Windows: `ShellExecuteW("open")`.

use std::path::Path;

pub fn open(path: &Path) -> Result<(), String> {
    shell_open(path.as_os_str()).map_err(|error| format!("{} could not be opened (error {error})", path.display()))
}

/// `ShellExecuteW("open", target)`: a file, or a URI such as
/// `ms-settings:dateandtime` (`platform::clock_settings`). The error is
/// ShellExecuteW's own number.
pub fn shell_open(target: &std::ffi::OsStr) -> Result<(), usize> {
    use std::os::windows::ffi::OsStrExt;
    use windows_sys::Win32::UI::Shell::ShellExecuteW;
    use windows_sys::Win32::UI::WindowsAndMessaging::SW_SHOWNORMAL;
    let wide = |text: &std::ffi::OsStr| -> Vec<u16> { text.encode_wide().chain(Some(0)).collect() };
    let verb = wide("open".as_ref());
    let target = wide(target);
    // SAFETY: NUL-terminated UTF-16 strings that outlive the call; no window.
    let result = unsafe {
        ShellExecuteW(
            std::ptr::null_mut(),
            verb.as_ptr(),
            target.as_ptr(),
            std::ptr::null(),
            std::ptr::null(),
            SW_SHOWNORMAL,
        )
    };
    // ShellExecuteW returns a value above 32 on success.
    if result as usize > 32 {
        Ok(())
    } else {
        Err(result as usize)
    }
}
