//! Thin adapters over the OS for the tray: the clipboard, notifications
//! (toasts) and the ID they are shown under, the local control channel, the
//! global hotkey, pasting and typing into the focused window (`input`), the
//! login entry, the time server (SNTP), news of a resume from sleep, the
//! screen's work area (for the menu to fit), and
//! trayotp's own executables. Each file is one OS concern with a small interface; the decisions
//! they carry out are made in `crate::app`, `crate::settings` and
//! `crate::autostart`.

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
