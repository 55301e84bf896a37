//! The GUI executable: the tray and the forms' windows (installed as
//! `trayotp-gui` beside `trayotp` on Linux, as `trayotp.exe` on Windows).
//! It understands the whole command line, so it also runs any command given
//! to it directly; the lean `trayotp` starts it for the tray and `window`.
//!
//! On Windows it is a GUI-subsystem program (no console window pops up for
//! the tray); `console::attach_parent_console` gives the command line its
//! output back when it is run from a console (see `src/console/`).

#![windows_subsystem = "windows"]

use std::process::ExitCode;

fn main() -> ExitCode {
    // SAFETY: the first thing the program does; no other thread exists yet.
    unsafe { trayotp::secret_env::take_from_environment() };
    trayotp::platform::harden::process();
    let args: Vec<_> = std::env::args_os().skip(1).collect();
    trayotp::console::attach_parent_console(&args);
    let cli = trayotp::cli::parse_args();
    trayotp::cli::exit_status(trayotp::cli::run(cli, &trayotp::desktop::Desktop))
}
