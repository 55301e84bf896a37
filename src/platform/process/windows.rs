//! Windows: children kept from our console and standard handles; no `exec`, so the GUI program is
//! waited for.

use std::process::Command;

/// Windows children inherit every inheritable handle, including our own
/// stdout/stderr pipes even when theirs are redirected: a background child
/// would keep whoever reads our output waiting until it exits. Our std
/// handles are not for our children, so mark them not inheritable.
pub fn keep_std_handles_from_children() {
    use windows_sys::Win32::Foundation::{HANDLE_FLAG_INHERIT, SetHandleInformation};
    use windows_sys::Win32::System::Console::{GetStdHandle, STD_ERROR_HANDLE, STD_INPUT_HANDLE, STD_OUTPUT_HANDLE};
    for which in [STD_INPUT_HANDLE, STD_OUTPUT_HANDLE, STD_ERROR_HANDLE] {
        // SAFETY: querying and flagging our own standard handles; an invalid
        // or absent handle makes SetHandleInformation fail harmlessly.
        unsafe {
            let handle = GetStdHandle(which);
            if !handle.is_null() {
                SetHandleInformation(handle, HANDLE_FLAG_INHERIT, 0);
            }
        }
    }
}

/// No console of its own, and not attached to one this process may have.
const DETACHED_PROCESS: u32 = 0x0000_0008;

pub fn detach(command: &mut Command) {
    use std::os::windows::process::CommandExt;
    command.creation_flags(DETACHED_PROCESS);
    keep_std_handles_from_children();
}

pub fn detach_without_window(command: &mut Command) {
    use std::os::windows::process::CommandExt;
    const CREATE_NO_WINDOW: u32 = 0x0800_0000;
    command.creation_flags(CREATE_NO_WINDOW | DETACHED_PROCESS);
    keep_std_handles_from_children();
}

/// Windows has no `exec`: runs `command` and exits with its status.
pub fn hand_over(command: &mut Command) -> std::io::Error {
    match command.status() {
        Ok(status) => std::process::exit(status.code().unwrap_or(1)),
        Err(error) => error,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::{gui_beside, user_program_for};

    #[test]
    fn the_console_companion_pairs_with_the_installed_exe() {
        let com = Path::new(r"C:\Programs\trayotp\trayotp.com");
        assert_eq!(gui_beside(com), Path::new(r"C:\Programs\trayotp\trayotp.exe"));
        assert_eq!(user_program_for(com), Path::new(r"C:\Programs\trayotp\trayotp.exe"));
    }
}
