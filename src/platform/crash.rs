//! What happens when trayotp panics (a bug): the process must not leave a
//! code behind in the clipboard, and the user (who has no console on
//! Windows, and whose forms' stderr goes nowhere) must learn of it.
//!
//! [`install`] sets a panic hook that, before the default hook runs:
//! - clears the clipboard if it still holds the code this process copied
//!   last (`clipboard::clear_ours_after_crash`);
//! - appends one line to `trayotp.log` in the data folder (beside the
//!   vault): the time, the version, the thread and the source location.
//!   Never the panic's message, which could quote data.
//!
//! [`guard`] runs one handler (a tray event, a control-channel request)
//! with `catch_unwind`, so that a bug in one request does not end the tray
//! or its control channel; the caller then tells the user (a toast).

use std::io::Write;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The log file's name, in the data folder.
pub const LOG_FILE: &str = "trayotp.log";

/// The log file never grows past this: older lines are not worth a full disk.
const MAX_LOG_BYTES: u64 = 64 * 1024;

static LOG: OnceLock<PathBuf> = OnceLock::new();

/// A handler panicked (the hook has already logged it and cleared the clipboard).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Crashed;

/// Installs the panic hook, logging to `folder`/[`LOG_FILE`]. Call once,
/// early; later calls only keep the first folder.
pub fn install(folder: &Path) {
    let first = LOG.set(folder.join(LOG_FILE)).is_ok();
    if !first {
        return;
    }
    let previous = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        crate::platform::clipboard::clear_ours_after_crash();
        let thread = std::thread::current();
        let location = info.location().map_or_else(
            || "an unknown place".to_string(),
            |l| format!("{}:{}", l.file(), l.line()),
        );
        let line = format!(
            "{} trayotp {}: internal error (panic) in thread '{}' at {location}",
            unix_seconds(),
            env!("CARGO_PKG_VERSION"),
            thread.name().unwrap_or("unnamed"),
        );
        let _ = append_line(&line);
        previous(info);
    }));
}

/// Where the log goes, once [`install`] ran.
pub fn log_path() -> Option<&'static Path> {
    LOG.get().map(PathBuf::as_path)
}

/// Runs `handler`, catching a panic in it. `what` names the handler for
/// nobody but the reader of this code (the hook logs the location).
pub fn guard<T>(what: &'static str, handler: impl FnOnce() -> T) -> Result<T, Crashed> {
    let _ = what;
    panic::catch_unwind(AssertUnwindSafe(handler)).map_err(|_| Crashed)
}

fn unix_seconds() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn append_line(line: &str) -> std::io::Result<()> {
    let Some(path) = LOG.get() else {
        return Ok(());
    };
    if std::fs::metadata(path).is_ok_and(|m| m.len() > MAX_LOG_BYTES) {
        std::fs::remove_file(path)?;
    }
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)?;
    }
    let mut file = std::fs::OpenOptions::new().create(true).append(true).open(path)?;
    writeln!(file, "{line}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::clipboard::{Clipboard, SystemClipboard};

    /// A panic in a guarded handler: caught, our code cleared from the real
    /// clipboard, one line in the log without the panic's message.
    #[test]
    fn a_panic_is_caught_logged_without_its_message_and_clears_our_code() {
        let _turn = crate::platform::clipboard::test_turn();
        let folder = tempfile::tempdir().expect("temp dir");
        install(folder.path());
        let log = log_path().expect("installed").to_path_buf();
        let mut clipboard = SystemClipboard::new().expect("a clipboard (tests run under Xvfb)");
        clipboard.set_secret_text("909090").expect("set");
        let result = guard("test", || -> u32 { panic!("secret 909090 must not be logged") });
        assert_eq!(result, Err(Crashed));
        assert_ne!(
            clipboard.text().as_deref().map(String::as_str),
            Some("909090"),
            "our code stayed in the clipboard after the panic"
        );
        let text = std::fs::read_to_string(&log).expect("a log line");
        let lines: Vec<_> = text.lines().filter(|l| l.contains("crash.rs:")).collect();
        assert_eq!(lines.len(), 1, "{text}");
        assert!(lines[0].contains("internal error (panic)"), "{text}");
        assert!(!text.contains("909090"), "the log quotes the panic's message: {text}");
    }
}
