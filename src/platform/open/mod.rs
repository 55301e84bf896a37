//! Opens a local file with the program the system uses for it (the
//! browser, for the user guide): `ShellExecuteW("open")` on Windows,
//! `xdg-open` on Linux. Nothing is waited for: the tray's loop goes on.

use std::path::Path;

#[cfg(not(windows))]
mod other;
#[cfg(windows)]
mod windows;
#[cfg(not(windows))]
use other as imp;
#[cfg(windows)]
use windows as imp;

#[cfg(windows)]
pub use windows::shell_open;

/// Hands `path` to the system's default program for it.
pub fn open(path: &Path) -> Result<(), String> {
    imp::open(path)
}
