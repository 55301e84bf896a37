//! The log file: what the tray could not do (clipboard busy, toast failed,
//! hotkey taken, time server unreachable) and its warnings, where a user
//! who says "it stopped copying" can find them. On Windows the tray has no
//! console, so without this file its warnings went nowhere.
//!
//! It sits in the local (not roaming) data folder: `%LOCALAPPDATA%\trayotp\logs\trayotp.log`
//! on Windows, `$XDG_STATE_HOME/trayotp/trayotp.log` on Linux (`TRAYOTP_LOG`
//! names another file; `trayotp paths` prints where it is). Lines come
//! through the `log` facade: info and above, and debug detail too with
//! `TRAYOTP_DEBUG=1`. The file is capped at [`MAX_BYTES`]: when full it
//! becomes `trayotp.log.1` (replacing the one before) and a new one starts,
//! so at most twice the cap is ever kept.
//!
//! What is logged never holds a key, a code, a passphrase or a window
//! title: callers log what failed and why, never what was copied or typed.
//! Control characters are replaced, so a line stays one line.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// The size at which the log is rotated.
pub const MAX_BYTES: u64 = 512 * 1024;

/// `TRAYOTP_LOG`: another log file (tests, portable use).
pub const LOG_ENV: &str = "TRAYOTP_LOG";

struct FileLogger {
    path: PathBuf,
    file: Mutex<Option<(File, u64)>>,
    level: log::LevelFilter,
}

static LOGGER: OnceLock<FileLogger> = OnceLock::new();

/// Where the log is written: `TRAYOTP_LOG`, or the local data folder's.
pub fn path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(LOG_ENV).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    crate::paths::default_log()
}

/// Starts logging to the file for this process (`what` says which part of
/// trayotp it is, e.g. "tray"). Without a folder, or if one was already
/// set up, nothing happens: logging never stops trayotp.
pub fn init(what: &str) {
    let Some(path) = path() else { return };
    let debug = std::env::var_os("TRAYOTP_DEBUG").is_some_and(|v| !v.is_empty() && v != "0");
    let level = if debug {
        log::LevelFilter::Debug
    } else {
        log::LevelFilter::Info
    };
    let logger = LOGGER.get_or_init(|| FileLogger {
        path,
        file: Mutex::new(None),
        level,
    });
    if log::set_logger(logger).is_ok() {
        log::set_max_level(level);
        log::info!(
            "{what} started (trayotp {}, process {})",
            env!("CARGO_PKG_VERSION"),
            std::process::id()
        );
    }
}

/// A warning of the tray or a form: on stderr (a console, when there is
/// one) and in the log file.
pub fn warning(message: &str) {
    eprintln!("trayotp: warning: {message}");
    log::warn!("{message}");
}

impl log::Log for FileLogger {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        metadata.level() <= self.level
    }

    fn log(&self, record: &log::Record) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let message: String = record
            .args()
            .to_string()
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let line = format!(
            "{} {:<5} [{}] {message}\n",
            timestamp(),
            record.level(),
            std::process::id()
        );
        let Ok(mut guard) = self.file.lock() else { return };
        if guard
            .as_ref()
            .is_none_or(|(_, size)| *size + line.len() as u64 > MAX_BYTES)
        {
            *guard = open(&self.path, line.len() as u64);
        }
        if let Some((file, size)) = guard.as_mut()
            && file.write_all(line.as_bytes()).is_ok()
        {
            *size += line.len() as u64;
        }
    }

    fn flush(&self) {}
}

/// Opens the log for appending, rotating it first if `adding` bytes would
/// take it over the cap.
fn open(path: &Path, adding: u64) -> Option<(File, u64)> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::vault::file::create_private_dir(dir).ok()?;
    }
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let size = if size > 0 && size + adding > MAX_BYTES {
        let mut rotated = path.as_os_str().to_os_string();
        rotated.push(".1");
        // Windows' rename does not replace: remove the old one first.
        let _ = std::fs::remove_file(&rotated);
        std::fs::rename(path, &rotated).ok()?;
        0
    } else {
        size
    };
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    crate::vault::file::owner_only(&mut options);
    let file = options.open(path).ok()?;
    Some((file, size))
}

/// `YYYY-MM-DDTHH:MM:SSZ`, the UTC time now.
fn timestamp() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (year, month, day) = crate::domain::auto_backup::civil_from_days((seconds / 86_400) as i64);
    let in_day = seconds % 86_400;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        in_day / 3600,
        in_day / 60 % 60,
        in_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_log_becomes_the_rotated_one_and_a_new_one_starts() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("logs").join("trayotp.log");
        let (mut file, size) = open(&path, 10).expect("opens");
        assert_eq!(size, 0);
        file.write_all(&vec![b'x'; MAX_BYTES as usize - 5]).expect("fill");
        drop(file);
        let (_, size) = open(&path, 4).expect("still room");
        assert_eq!(size, MAX_BYTES - 5);
        let (mut file, size) = open(&path, 10).expect("rotates");
        assert_eq!(size, 0);
        file.write_all(b"new\n").expect("write");
        let rotated = dir.path().join("logs").join("trayotp.log.1");
        assert_eq!(std::fs::metadata(&rotated).expect("rotated").len(), MAX_BYTES - 5);
        assert_eq!(std::fs::read(&path).expect("new"), b"new\n");
        // And again: the older rotated file is replaced, never a third kept.
        drop(file);
        std::fs::write(&path, vec![b'y'; MAX_BYTES as usize]).expect("fill");
        open(&path, 1).expect("rotates again");
        assert_eq!(std::fs::read(&rotated).expect("rotated").first(), Some(&b'y'));
    }

    #[test]
    fn timestamps_are_utc_iso() {
        let stamp = timestamp();
        assert_eq!(stamp.len(), 20, "{stamp}");
        assert!(stamp.ends_with('Z') && stamp.as_bytes()[10] == b'T', "{stamp}");
    }
}
