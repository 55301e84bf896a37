//! The `trayotp` executable: parses the command line and reports failure as
//! one line on stderr with a non-zero exit status.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = trayotp::cli::Cli::parse();
    match trayotp::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("trayotp: error: {error}");
            ExitCode::FAILURE
        }
    }
}
