//! Thin adapters over the OS for the tray: the clipboard, notifications
//! (toasts) and the ID they are shown under, the local control channel, the
//! global hotkey, pasting and typing into the focused window (`input`), the
//! login entry, the time server (SNTP), news of a resume from sleep, the
//! screen's work area (for the menu to fit), and
//! trayotp's own executables. Each file is one OS concern with a small interface; the decisions
//! they carry out are made in `crate::app`, `crate::settings` and
//! `crate::autostart`.
//!
//! # One layout for per-OS code
//!
//! Here, in `crate::protect`, and anywhere else in `src/`:
//!
//! - A module with no per-OS code is one file (`sntp.rs`). `cfg!(windows)`
//!   in an expression is portable code (both sides compile everywhere) and
//!   needs no split.
//! - A module whose code differs by OS is a folder `NAME/`. Its `mod.rs` is
//!   the portable part: the API callers use (`crate::platform::NAME::…`,
//!   as before the split), its docs, the logic every OS shares and its
//!   tests. Its only `cfg` attributes on the OS are on the lines that pick
//!   the OS file and name what it offers:
//!
//!   ```text
//!   #[cfg(windows)]
//!   mod windows;
//!   #[cfg(target_os = "linux")]
//!   mod linux;
//!   #[cfg(not(any(windows, target_os = "linux")))]
//!   mod other;
//!   #[cfg(windows)]
//!   use windows as imp;            // and so on: mod.rs calls imp::…
//!   ```
//!
//!   A function that only one OS has is re-exported from its file
//!   (`#[cfg(windows)] pub use windows::shell_open;`).
//! - Each OS file is named for the `cfg` that picks it: `windows.rs`
//!   (`cfg(windows)`), `linux.rs` (`cfg(target_os = "linux")`, for X11,
//!   D-Bus, `/proc`), `unix.rs` (`cfg(unix)`, where POSIX is enough:
//!   sockets, file modes, `exec`), `other.rs` (`cfg(not(any(…)))`: every OS
//!   without a file of its own; beside `windows.rs` alone, that is Linux).
//!   One OS's code split further is `windows_NAME.rs` (`input/windows_ime.rs`).
//! - A test that runs on one OS only is in that OS file's `#[cfg(test)] mod
//!   tests`; a test helper each OS does its own way (the other program that
//!   copies, in `clipboard/`) is a `#[cfg(test)]` function in each file.
//!
//! `tests/layers.rs` fails on an OS `cfg` anywhere else in `src/` (a file
//! that is not one of these, on anything but a `mod NAME;` or `use` line).

pub mod app_identity;
pub mod autostart;
pub mod clipboard;
pub mod clock_settings;
pub mod clock_store;
pub mod control;
pub mod crash;
pub mod forms;
pub mod harden;
pub mod hotkey;
pub mod input;
pub mod notify;
pub mod open;
pub mod process;
pub mod resume;
pub mod screen;
pub mod sntp;
#[cfg(feature = "gui")]
pub mod theme;
#[cfg(feature = "gui")]
pub mod tray_host;
