//! Thin adapters over the OS for the tray: the clipboard, notifications
//! (toasts) and the local control channel. Each file is one OS concern with
//! a small interface; the decisions they carry out are made in `crate::app`.

pub mod clipboard;
pub mod control;
pub mod notify;
