//! trayotp's own executables: the lean command line (`trayotp`, on Windows
//! also installed as the console program `trayotp.com`) and the GUI program
//! beside it (`trayotp-gui`; the installed `trayotp.exe` on Windows), which
//! runs the tray and the forms. One finds the other next to itself.
//!
//! And what a child process must not inherit on Windows.

use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

#[cfg(unix)]
mod unix;
#[cfg(windows)]
mod windows;
#[cfg(unix)]
use unix as imp;
#[cfg(windows)]
use windows as imp;

/// The GUI executable's file name beside the lean one in a build folder.
const GUI_NAME: &str = "trayotp-gui";
/// The lean executable's file name.
const LEAN_NAME: &str = "trayotp";

/// The GUI executable next to this one: `trayotp-gui` beside `trayotp`;
/// on Windows `trayotp.exe` beside `trayotp.com` (the installed layout).
pub fn gui_program() -> io::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    Ok(gui_beside(&exe))
}

fn gui_beside(exe: &Path) -> PathBuf {
    if cfg!(windows) && exe.extension().is_some_and(|e| e.eq_ignore_ascii_case("com")) {
        return exe.with_extension("exe");
    }
    exe.with_file_name(format!("{GUI_NAME}{}", std::env::consts::EXE_SUFFIX))
}

/// The path people and the login entry know this program by: the lean
/// `trayotp` when this is `trayotp-gui` beside it, the GUI `trayotp.exe`
/// when this is the console `trayotp.com` (a console program at login
/// would open a console window), else this executable.
pub fn user_program() -> io::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    Ok(user_program_for(&exe))
}

fn user_program_for(exe: &Path) -> PathBuf {
    if cfg!(windows) && exe.extension().is_some_and(|e| e.eq_ignore_ascii_case("com")) {
        return exe.with_extension("exe");
    }
    if exe.file_stem().is_some_and(|stem| stem == GUI_NAME) {
        let lean = exe.with_file_name(format!("{LEAN_NAME}{}", std::env::consts::EXE_SUFFIX));
        if lean.is_file() {
            return lean;
        }
    }
    exe.to_path_buf()
}

/// Windows: the child gets no console of its own and is not attached to
/// one this process may have (`DETACHED_PROCESS`), and inherits none of
/// our standard handles. Nothing to do elsewhere.
pub fn detach(command: &mut Command) {
    imp::detach(command);
}

/// Carries on `command` in this process's place: on Unix `exec`, elsewhere
/// it runs, and this process exits with its status. Returns only the error
/// that kept it from starting.
pub fn hand_over(command: &mut Command) -> io::Error {
    imp::hand_over(command)
}

/// Starts `trayotp hold-clipboard` in the background with the code on its
/// stdin: a process that outlives this one, because on X11 the clipboard
/// empties when its owner exits, and which clears the code when it expires.
/// A failure says what could not be done.
pub fn spawn_clipboard_holder(code: &str, until_ms: u64) -> Result<(), (&'static str, std::io::Error)> {
    use std::io::Write;
    use std::process::Stdio;
    let exe = std::env::current_exe().map_err(|e| ("find trayotp's own path", e))?;
    let mut command = Command::new(exe);
    command
        .args(["hold-clipboard", "--until-ms", &until_ms.to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    crate::secret_env::keep_from_child(&mut command);
    imp::detach_without_window(&mut command);
    let mut child = command.spawn().map_err(|e| ("start the clipboard holder", e))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(code.as_bytes())
            .map_err(|e| ("hand the code to the clipboard holder", e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gui_is_found_beside_the_lean_program() {
        let exe = Path::new("/opt/trayotp/trayotp");
        let gui = gui_beside(exe);
        assert_eq!(gui.parent(), exe.parent());
        assert_eq!(
            gui.file_name().and_then(|n| n.to_str()),
            Some(format!("trayotp-gui{}", std::env::consts::EXE_SUFFIX).as_str())
        );
    }

    #[test]
    fn the_gui_names_itself_by_the_lean_program_only_when_it_is_there() {
        let dir = tempfile::tempdir().expect("temp dir");
        let gui = dir.path().join(format!("trayotp-gui{}", std::env::consts::EXE_SUFFIX));
        assert_eq!(user_program_for(&gui), gui, "no lean program beside it");
        let lean = dir.path().join(format!("trayotp{}", std::env::consts::EXE_SUFFIX));
        std::fs::write(&lean, b"").expect("write");
        assert_eq!(user_program_for(&gui), lean);
        assert_eq!(user_program_for(&lean), lean);
    }
}
