//! Output for a Windows program that is not a console program.
//!
//! `trayotp.exe` is built for the Windows GUI subsystem
//! (`#![windows_subsystem = "windows"]` in `main.rs`), so that double-clicking
//! it, or starting it at login, opens no black console window next to the
//! tray. The price: Windows gives such a program no console. Output that is
//! redirected (a pipe, a file: scripts, `for /f`, `$x = trayotp list` in
//! PowerShell, our tests) still works, because the handles arrive through
//! the process's startup information whatever its subsystem. But typed in a
//! console, `trayotp list` would print nothing.
//!
//! So, when trayotp is given a command line, [`attach_parent_console`] joins
//! the console of the shell that started it (`AttachConsole`) and points the
//! standard handles that are not redirected at it, leaving pipes and files
//! alone. What remains of the trade-off: at an interactive prompt `cmd.exe`
//! does not wait for a GUI program (in a batch file it does), nor does
//! PowerShell unless the output is piped or captured; so the prompt may
//! come back before the output, and reading a key or passphrase from the
//! console competes with the shell. Run `start /wait trayotp …` in cmd (the
//! exit code is then in `%ERRORLEVEL%`), or pipe the setup number in on
//! standard input (`type key.txt | trayotp add NAME`). Not `--key`: a
//! command line is seen by process auditing and kept in shell history.
//!
//! The tray itself (no command line, or `--background`) never attaches: a
//! process attached to a console is killed when that console closes.

use std::ffi::OsString;

#[cfg(not(windows))]
mod other;
#[cfg(windows)]
mod windows;
#[cfg(not(windows))]
use other as imp;
#[cfg(windows)]
use windows as imp;

/// The flag that starts the tray quietly (what "start at login" runs).
pub const BACKGROUND_FLAG: &str = "--background";

/// True when the arguments ask for command-line work: anything but nothing
/// or `--background` alone.
pub fn wants_console(args: &[OsString]) -> bool {
    args.iter().any(|arg| arg != BACKGROUND_FLAG)
}

/// Attaches to the console of the parent process if this run of trayotp is
/// a command line (see [`wants_console`]) and some standard handle is not
/// redirected. Does nothing elsewhere than Windows, when there is no parent
/// console (started from Explorer or a service), or when all three standard
/// handles already lead somewhere (pipes, files, `NUL`).
pub fn attach_parent_console(args: &[OsString]) {
    if wants_console(args) {
        imp::attach();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn only_a_command_line_wants_the_console() {
        assert!(!wants_console(&args(&[])));
        assert!(!wants_console(&args(&["--background"])));
        assert!(wants_console(&args(&["list"])));
        assert!(wants_console(&args(&["--help"])));
        assert!(wants_console(&args(&["--background", "list"])));
    }
}
