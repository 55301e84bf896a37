//! What the command line prints on stdout goes through here, not `println!`:
//! `println!` panics when stdout is a closed pipe (`trayotp list | head -0`)
//! or cannot be written (`trayotp list >/dev/full`). [`outln!`] writes the
//! line and, when it cannot, returns [`CliError::Stdout`] from the command;
//! `exit_status` then ends quietly on a broken pipe (the reader has all it
//! wanted) and with one line otherwise.

use std::io::{self, Write};

use super::CliError;

/// Writes one line (and flushes it, as `println!` does at a newline).
pub(crate) fn line(text: std::fmt::Arguments<'_>) -> Result<(), CliError> {
    let mut stdout = io::stdout().lock();
    stdout
        .write_fmt(text)
        .and_then(|()| stdout.write_all(b"\n"))
        .and_then(|()| stdout.flush())
        .map_err(CliError::Stdout)
}

/// `println!` that returns [`CliError::Stdout`] from the enclosing command
/// instead of panicking.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cli::out::line(format_args!($($arg)*))?
    };
}
pub(crate) use outln;
