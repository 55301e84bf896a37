//! The `trayotp` executable, the lean command line: every command that needs
//! no window runs here, without GTK, Mesa or egui (it never links them). The
//! tray (no command) and `trayotp window …` run the GUI executable beside it
//! (`trayotp-gui`; on Windows this one is installed as the console program
//! `trayotp.com` beside the GUI `trayotp.exe`, so that `cmd.exe` finds it
//! first, waits for it and gets its exit code). See `src/cli/gui.rs`.
//!
//! Failure is one line on stderr with a non-zero exit status.

use std::process::ExitCode;

fn main() -> ExitCode {
    // SAFETY: the first thing the program does; no other thread exists yet.
    unsafe { trayotp::secret_env::take_from_environment() };
    trayotp::platform::harden::process();
    let cli = trayotp::cli::parse_args();
    trayotp::cli::exit_status(trayotp::cli::run(cli, &trayotp::cli::gui::ForwardToGui))
}
