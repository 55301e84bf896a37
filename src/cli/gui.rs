//! The seam between the command line and the GUI: the tray (no command) and
//! `trayotp window …` need GTK, a windowing system and egui; every other
//! command does not. [`super::run`] hands those two to a [`Gui`]:
//!
//! - the lean `trayotp` executable (`src/main.rs`) passes [`ForwardToGui`],
//!   which runs the GUI executable beside it with the same arguments, so
//!   that executable never links GTK, Mesa or egui;
//! - the GUI executable (`src/bin/trayotp-gui.rs`) passes
//!   `crate::desktop::Desktop`, which runs them in-process.
//!
//! A new command added to [`super::Command`] runs in the lean executable
//! unless it is routed here.

use std::path::PathBuf;
use std::process::Command;

use super::CliError;
use crate::choices::Form;
use crate::i18n::Language;
use crate::protect::ProtectorKind;
use crate::vault::VaultPath;

/// Start the tray.
pub struct TrayStart {
    pub vault: VaultPath,
    pub settings: PathBuf,
    /// Whether to repoint a login entry left behind by a move.
    pub repair_login_entry: bool,
    /// `--background`: print nothing when a tray already runs.
    pub quiet: bool,
}

/// Open a form's window.
pub struct WindowStart {
    pub form: Form,
    pub vault: VaultPath,
    pub language: Language,
    pub protector: Option<ProtectorKind>,
    pub account: Option<String>,
    pub settings: PathBuf,
}

/// What runs the commands that need a GUI.
pub trait Gui {
    fn tray(&self, start: TrayStart) -> Result<(), CliError>;
    fn window(&self, start: WindowStart) -> Result<(), CliError>;
}

/// The lean executable's [`Gui`]: runs the GUI executable beside this one
/// with this process's own arguments (on Unix in this process's place, so
/// its pid, exit status and signals are the tray's).
pub struct ForwardToGui;

impl Gui for ForwardToGui {
    fn tray(&self, _: TrayStart) -> Result<(), CliError> {
        forward()
    }

    fn window(&self, _: WindowStart) -> Result<(), CliError> {
        forward()
    }
}

fn forward() -> Result<(), CliError> {
    let gui = crate::platform::process::gui_program().map_err(|e| CliError::Io("find trayotp's own path", e))?;
    let mut command = Command::new(&gui);
    command.args(std::env::args_os().skip(1));
    // The GUI executable carries on this very command (in this process's
    // place on Unix): it gets the passphrases `main` took from the
    // environment, and takes them out of its own at once.
    crate::secret_env::hand_to_own_gui(&mut command);
    let missing = |e: std::io::Error| {
        CliError::Io(
            "start the tray program",
            std::io::Error::new(e.kind(), format!("{}: {e} (reinstall trayotp)", gui.display())),
        )
    };
    Err(missing(crate::platform::process::hand_over(&mut command)))
}
