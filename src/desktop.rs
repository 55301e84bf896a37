//! The GUI executable's half of the command line (`src/bin/trayotp-gui.rs`):
//! the tray and the forms' windows, run in-process. The lean `trayotp`
//! executable hands these two to this one (see [`crate::cli::gui`]), so that
//! only this executable links GTK, the tray and egui.

use crate::cli::CliError;
use crate::cli::gui::{Gui, TrayStart, WindowStart};
use crate::i18n::{Language, Texts};

/// Runs the tray and the windows in this process.
pub struct Desktop;

impl Gui for Desktop {
    fn tray(&self, start: TrayStart) -> Result<(), CliError> {
        crate::log_file::init("tray");
        let language = crate::settings::file::load(&start.settings)
            .settings
            .language(Language::from_os());
        let options = crate::tray::TrayOptions {
            settings: start.settings,
            repair_login_entry: start.repair_login_entry,
            started_by_user: !start.quiet,
        };
        let started = crate::tray::run(start.vault, options).map_err(|error| {
            log::warn!("the tray could not start: {error}");
            // Started at login there is no console to read stderr: say it in a toast too.
            crate::platform::notify::show_once(&format!("trayotp: {error}"));
            CliError::Gui(Box::new(error))
        })?;
        if !started && !start.quiet {
            crate::cli::out::line(format_args!("{}", Texts(language).already_running()))?;
        }
        Ok(())
    }

    fn window(&self, start: WindowStart) -> Result<(), CliError> {
        crate::log_file::init("window");
        crate::gui::run(crate::gui::WindowConfig {
            form: start.form,
            vault: start.vault,
            language: start.language,
            protector: start.protector,
            account: start.account,
            settings: start.settings,
        })
        .map_err(|e| CliError::Gui(Box::new(e)))
    }
}
