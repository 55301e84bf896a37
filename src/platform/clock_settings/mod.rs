//! Opens the system's date & time settings, for the clock line's first
//! action (`app::clock`). Windows only: `ms-settings:dateandtime`, through
//! the shell. Elsewhere the app says what to run instead.

#[cfg(not(windows))]
mod other;
#[cfg(windows)]
mod windows;
#[cfg(not(windows))]
use other as imp;
#[cfg(windows)]
use windows as imp;

/// Opens Settings → Time & language → Date & time (Windows); elsewhere
/// says what to run instead.
pub fn open() -> Result<(), String> {
    imp::open()
}
