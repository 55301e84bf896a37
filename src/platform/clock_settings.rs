//! Opens the system's date & time settings, for the clock line's first
//! action (`app::clock`). Windows only: `ms-settings:dateandtime`, through
//! the shell. Elsewhere the app says what to run instead.

/// Opens Settings → Time & language → Date & time (Windows).
#[cfg(windows)]
pub fn open() -> Result<(), String> {
    use windows_sys::Win32::UI::Shell::ShellExecuteW;
    use windows_sys::Win32::UI::WindowsAndMessaging::SW_SHOWNORMAL;
    let wide = |text: &str| -> Vec<u16> { text.encode_utf16().chain(Some(0)).collect() };
    let verb = wide("open");
    let target = wide("ms-settings:dateandtime");
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
        Err(format!(
            "the date & time settings could not be opened (error {})",
            result as usize
        ))
    }
}

#[cfg(not(windows))]
pub fn open() -> Result<(), String> {
    Err("run `timedatectl set-ntp true` to have the system keep its clock right".into())
}
