//! trayotp: a tray-resident one-time-password authenticator.
//!
//! The crate is laid out as a functional core with thin adapters around it:
//!
//! - [`domain`]: accounts, setup-number parsing and code generation. Pure.
//! - [`vault`]: the encrypted file that holds the accounts, and the rules
//!   that keep it from ever being lost (atomic replace, backup, locking).
//! - [`protect`]: the OS adapters that guard the vault's key: DPAPI on
//!   Windows, the Secret Service keyring on Linux, a passphrase anywhere.
//! - [`formats`]: encrypted backups, and the files other authenticators
//!   export (otpauth:// lists, Google Authenticator, Aegis, 2FAS).
//! - [`settings`]: `settings.toml` (hotkey, language, default account, …),
//!   and [`autostart`]: the rules of the "start at login" entry. Pure; their
//!   OS sides are in [`platform`].
//! - [`choices`]: the small enums every layer names (language, form, what
//!   the hotkey does), in a leaf so that no two layers import each other for them.
//! - [`i18n`]: every sentence shown to a person, in English and Japanese,
//!   in one type with a file per screen. It words the values and errors of
//!   the layers below it (down to [`transfer`]'s), and `app`, `gui`, `cli`
//!   and `tray` above it say their sentences with it.
//! - [`transfer`]: accounts to and from files, the parts the command line
//!   and the forms share (a backup written, another app's export read).
//! - [`app`], [`tray`], [`platform`]: the tray's state machine, the event
//!   loop that runs it, and the OS adapters (clipboard, toasts, control
//!   channel, hotkey, login entry).
//! - [`cli`]: the command line, which turns arguments into calls on the above;
//!   the tray and the windows go through its [`cli::gui`] seam, which the
//!   lean `trayotp` executable forwards to the GUI one and [`desktop`] (in
//!   the GUI executable, `trayotp-gui`) runs in-process.
//! - [`app`], [`tray`]: the tray's behaviour (a pure state machine) and the
//!   shell that runs it; [`gui`]: the forms (add, manage, show a code), each
//!   a window in a child process of the tray.
//! - [`app_id`], [`icon`], [`console`]: what makes it a Windows program: the
//!   names shared with the installer, the tray icon's pixels, and console
//!   output for a GUI-subsystem .exe.
//! - [`auto_backup`]: the backup written after every change to the
//!   accounts (`trayotp auto-backup on FOLDER`), through which commands and
//!   forms change the vault.
//! - [`log_file`]: the log file (the tray's warnings and what it could not
//!   do), behind the `log` facade.
//! - [`guide`]: where the user guide is, for the menu's "Help".
//! - [`secret_env`]: passphrases scripts pass in the environment, taken out
//!   of it at start.
//!
//! # Layers
//!
//! Imports flow one way: a module may name (`crate::…`) only modules on a
//! lower row of this table, never one on its own row or above. So there is
//! no cycle, and the pure core (`domain`, `app`) never reaches the OS
//! adapters (`platform`) or the shells (`cli`, `gui`, `tray`, `desktop`).
//! `tests/layers.rs` reads this table and every `crate::` path in `src/`,
//! and fails on an import against it or on a module missing from it.
//!
//! ```text
//! layer 9: desktop
//! layer 8: tray
//! layer 7: cli gui
//! layer 6: platform
//! layer 5: app guide
//! layer 4: i18n
//! layer 3: auto_backup transfer
//! layer 2: formats settings log_file
//! layer 1: vault
//! layer 0: domain choices protect autostart paths app_id secret_env icon console
//! ```

pub mod app;
pub mod app_id;
pub mod auto_backup;
pub mod autostart;
pub mod choices;
pub mod cli;
pub mod console;
#[cfg(feature = "gui")]
pub mod desktop;
pub mod domain;
pub mod formats;
#[cfg(feature = "gui")]
pub mod gui;
pub mod guide;
pub mod i18n;
#[cfg(feature = "gui")]
pub mod icon;
pub mod log_file;
pub mod paths;
pub mod platform;
pub mod protect;
pub mod secret_env;
pub mod settings;
pub mod transfer;
#[cfg(feature = "gui")]
pub mod tray;
pub mod vault;
