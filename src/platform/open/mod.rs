//! Opens a local file with the program the system uses for it (the
//! browser, for the user guide): `ShellExecuteW("open")` on Windows,
//! `xdg-open` on Linux. Nothing is waited for: the tray's loop goes on.

use std::path::Path;

/// Hands `path` to the system's default program for it.
#[cfg(windows)]
pub fn open(path: &Path) -> Result<(), String> {
    shell_open(path.as_os_str()).map_err(|error| format!("{} could not be opened (error {error})", path.display()))
}

/// `ShellExecuteW("open", target)`: a file, or a URI such as
/// `ms-settings:dateandtime` (`platform::clock_settings`). The error is
/// ShellExecuteW's own number.
#[cfg(windows)]
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

/// Hands `path` to `xdg-open`, reaped on a thread of its own.
#[cfg(not(windows))]
pub fn open(path: &Path) -> Result<(), String> {
    let mut child = std::process::Command::new("xdg-open")
        .arg(path)
        .stdin(std::process::Stdio::null())
        .spawn()
        .map_err(|error| format!("xdg-open could not be started for {}: {error}", path.display()))?;
    let _ = std::thread::Builder::new()
        .name("xdg-open".into())
        .spawn(move || child.wait());
    Ok(())
}
