//! Opens the system's date & time settings, for the clock line's first
//! action (`app::clock`). Windows only: `ms-settings:dateandtime`, through
//! the shell. Elsewhere the app says what to run instead.

/// Opens Settings → Time & language → Date & time (Windows).
#[cfg(windows)]
pub fn open() -> Result<(), String> {
    super::open::shell_open("ms-settings:dateandtime".as_ref())
        .map_err(|error| format!("the date & time settings could not be opened (error {error})"))
}

#[cfg(not(windows))]
pub fn open() -> Result<(), String> {
    Err("run `timedatectl set-ntp true` to have the system keep its clock right".into())
}
