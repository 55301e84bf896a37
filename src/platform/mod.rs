//! Thin adapters over the OS for the tray: the clipboard, notifications
//! (toasts), the local control channel, the global hotkey and the login
//! entry. Each file is one OS concern with a small interface; the decisions
//! they carry out are made in `crate::app`, `crate::settings` and
//! `crate::autostart`.

pub mod autostart;
pub mod clipboard;
pub mod control;
pub mod harden;
pub mod hotkey;
pub mod notify;
