//! The forms: "Add account", "Manage accounts" and "Show code", the screens
//! of the brokerage's Smart OTP app, "Back up…" and "Settings", opened from
//! the tray's menu.
//!
//! Each form is a window in a child process of the tray (`trayotp window
//! add|manage|show|backup|settings`, started by `crate::platform::forms`), drawn with egui through
//! eframe: the tray keeps a single small event loop that a window (or a
//! file dialog) can never block, and a crash in a window cannot take the
//! tray down.
//!
//! The decisions live in plain Rust, one module per form ([`add`],
//! [`manage`], [`show`], [`backup`], [`settings`], and the quick picker
//! [`pick`]), each with a thin `ui` function that draws it;
//! [`window`] strings a form together with unlocking the vault, and
//! [`native`] puts that in a real window. The vault is only touched
//! through [`store`] (every change through `vault::modify`, then the tray
//! is told to reload). Every sentence is in [`crate::i18n`], in both languages.

pub mod add;
pub mod add_import;
pub mod backup;
pub mod desktop;
pub mod fonts;
pub mod manage;
pub mod native;
pub mod new_passphrase;
pub mod pick;
pub mod settings;
pub mod show;
pub mod store;
pub mod style;
pub mod unlock;
mod widgets;
pub mod window;

pub use native::{GuiError, run};
pub use window::WindowConfig;
