//! Process hardening at start, in the style of KeePassXC: cheap steps that
//! keep other programs of the same user (which the threat model mostly
//! leaves out of scope) from reading this process's memory for free.
//!
//! - Linux: `prctl(PR_SET_DUMPABLE, 0)`: no core dumps, no ptrace by the
//!   same user, and `/proc/<pid>/mem`, `environ` and friends become root's.
//! - Windows: `SetDefaultDllDirectories(LOAD_LIBRARY_SEARCH_SYSTEM32)`: a
//!   DLL loaded at run time (eframe's `opengl32.dll`, say) comes from
//!   System32, never from the folder the .exe sits in (a portable zip
//!   unpacked into Downloads, beside whatever else was downloaded).
//! - Windows: `exclude_from_capture` keeps a window that shows codes out
//!   of screenshots, screen sharing and recordings.

#[cfg(target_os = "linux")]
mod linux;
#[cfg(not(any(windows, target_os = "linux")))]
mod other;
#[cfg(windows)]
mod windows;
#[cfg(target_os = "linux")]
use linux as imp;
#[cfg(not(any(windows, target_os = "linux")))]
use other as imp;
#[cfg(windows)]
use windows as imp;

/// Applies the process-wide steps; failures are ignored (hardening is a
/// bonus, never a reason not to start).
pub fn process() {
    imp::process();
}

/// Asks that the window `hwnd` (a Windows `HWND`) be left out of screen
/// capture (`WDA_EXCLUDEFROMCAPTURE`, Windows 10 2004 and later; older
/// systems get `WDA_MONITOR`, which blacks it out). Returns whether Windows
/// agreed; elsewhere there is no such window, and no such request: `false`.
pub fn exclude_from_capture(hwnd: isize) -> bool {
    imp::exclude_from_capture(hwnd)
}
