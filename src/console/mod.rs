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

#[cfg(windows)]
mod imp {
    use windows_sys::Win32::Foundation::{GENERIC_READ, GENERIC_WRITE, HANDLE, INVALID_HANDLE_VALUE};
    use windows_sys::Win32::Storage::FileSystem::{
        CreateFileW, FILE_SHARE_READ, FILE_SHARE_WRITE, FILE_TYPE_UNKNOWN, GetFileType, OPEN_EXISTING,
    };
    use windows_sys::Win32::System::Console::{
        ATTACH_PARENT_PROCESS, AttachConsole, GetStdHandle, STD_ERROR_HANDLE, STD_HANDLE, STD_INPUT_HANDLE,
        STD_OUTPUT_HANDLE, SetStdHandle,
    };

    /// A handle we were given that leads somewhere: a pipe, a file, the NUL
    /// device, a console. A GUI program started from a console without
    /// redirection gets none (null), or one that leads nowhere (unknown type).
    fn usable(handle: HANDLE) -> bool {
        if handle.is_null() || handle == INVALID_HANDLE_VALUE {
            return false;
        }
        // SAFETY: GetFileType only inspects the handle; a dead one gives FILE_TYPE_UNKNOWN.
        unsafe { GetFileType(handle) != FILE_TYPE_UNKNOWN }
    }

    /// Opens the attached console's input (`CONIN$`) or output (`CONOUT$`).
    fn open_console(name: &str) -> Option<HANDLE> {
        let wide: Vec<u16> = name.encode_utf16().chain(Some(0)).collect();
        // SAFETY: `wide` is NUL-terminated and outlives the call; no security
        // attributes or template file.
        let handle = unsafe {
            CreateFileW(
                wide.as_ptr(),
                GENERIC_READ | GENERIC_WRITE,
                FILE_SHARE_READ | FILE_SHARE_WRITE,
                std::ptr::null(),
                OPEN_EXISTING,
                0,
                std::ptr::null_mut(),
            )
        };
        (handle != INVALID_HANDLE_VALUE && !handle.is_null()).then_some(handle)
    }

    pub fn attach() {
        let slots: [(STD_HANDLE, &str); 3] = [
            (STD_INPUT_HANDLE, "CONIN$"),
            (STD_OUTPUT_HANDLE, "CONOUT$"),
            (STD_ERROR_HANDLE, "CONOUT$"),
        ];
        // SAFETY: GetStdHandle has no preconditions.
        let given = slots.map(|(slot, _)| unsafe { GetStdHandle(slot) });
        if given.iter().all(|&handle| usable(handle)) {
            return;
        }
        // SAFETY: no preconditions; fails harmlessly when there is no parent
        // console or we already have one.
        if unsafe { AttachConsole(ATTACH_PARENT_PROCESS) } == 0 {
            return;
        }
        for ((slot, device), handle) in slots.into_iter().zip(given) {
            // Keep what we were given where it leads somewhere (AttachConsole
            // may have replaced it); give the console to the rest. Rust's
            // std asks GetStdHandle on every write, so this takes effect at once.
            let chosen = if usable(handle) {
                Some(handle)
            } else {
                open_console(device)
            };
            if let Some(chosen) = chosen {
                // SAFETY: `chosen` is a handle this process owns.
                unsafe { SetStdHandle(slot, chosen) };
            }
        }
    }
}

#[cfg(not(windows))]
mod imp {
    /// A Linux program always has the terminal that started it.
    pub fn attach() {}
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
