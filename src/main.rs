//! The `trayotp` executable: parses the command line and reports failure as
//! one line on stderr with a non-zero exit status.
//!
//! On Windows it is a GUI-subsystem program (no console window pops up for
//! the tray); `console::attach_parent_console` gives the command line its
//! output back (see `src/console.rs` for the trade-off).

#![windows_subsystem = "windows"]

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // SAFETY: the first thing the program does; no other thread exists yet.
    unsafe { trayotp::secret_env::take_from_environment() };
    trayotp::platform::harden::process();
    let args: Vec<_> = std::env::args_os().skip(1).collect();
    trayotp::console::attach_parent_console(&args);
    let cli = trayotp::cli::Cli::parse();
    match trayotp::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("trayotp: error: {error}");
            ExitCode::FAILURE
        }
    }
}
