//! Writing a file so that it is never lost: write a temporary file in the
//! same folder, flush it to disk, then atomically replace the target. A crash
//! at any point leaves either the old file or the new one, never a mix.
//!
//! This is the one place with per-OS file-system calls (in `unix.rs` and
//! `windows.rs` beside this file): `rename` + `fsync` of the folder on
//! Unix, `MoveFileExW` with write-through on Windows. On
//! Windows an antivirus scanner, the search indexer or a backup agent may
//! hold the vault open for a moment without `FILE_SHARE_DELETE`: the
//! replace is retried with growing pauses (about 3 s in all) before it fails.
//!
//! The vault's lock waits at most [`LOCK_WAIT`]; the holder writes its
//! process id and the command's name (`add`, never its arguments) into the
//! lock file, so a waiter that gives up can say who holds it. The lock
//! file is opened as the control channel's is ([`super::owner_only::open_lock`]:
//! 0600 / a user-only ACL, never through a link) and emptied on release.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

#[cfg(unix)]
mod unix;
#[cfg(windows)]
mod windows;
#[cfg(unix)]
use unix as imp;
#[cfg(windows)]
use windows as imp;

/// How long a change waits for another process's change to finish.
pub const LOCK_WAIT: Duration = Duration::from_secs(30);

/// Writes `bytes` to `path` atomically (private to the user on Unix).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temp = temp_path(path);
    let result = write_new(&temp, bytes).and_then(|()| imp::replace(&temp, path));
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Creates the folder that holds the vault (private to the user on Unix).
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    imp::owner_only_dir(&mut builder);
    builder.create(dir)
}

fn temp_path(path: &Path) -> PathBuf {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let unique = format!(
        ".{name}.{}-{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    path.with_file_name(unique)
}

/// Removes the temporary files [`write_atomically`] left beside `path`
/// when a process was killed in the middle of a save (any process: call it
/// only while no other save of `path` can run, under the vault's lock).
pub fn remove_stale_temps(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!(".{}.", name.to_string_lossy());
    let Ok(names) = file_names(dir) else { return };
    for file_name in &names {
        let Some(middle) = file_name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"))
        else {
            continue;
        };
        // Exactly `<pid>-<counter>`, as `temp_path` names them.
        let ours = middle.split_once('-').is_some_and(|(pid, n)| {
            [pid, n]
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        });
        if ours {
            let _ = fs::remove_file(dir.join(file_name));
        }
    }
}

/// The names (valid Unicode only) in folder `dir`. On Unix through rustix:
/// std's directory listing panics when closing the folder fails, which a
/// failing disk can make happen in the middle of a save.
pub fn file_names(dir: &Path) -> io::Result<Vec<String>> {
    imp::file_names(dir)
}

/// A file `options` create is the user's alone: 0600 on Unix; on Windows
/// the folder's ACL (the user's profile) decides.
pub fn owner_only(options: &mut OpenOptions) -> &mut OpenOptions {
    imp::owner_only_file(options)
}

fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    owner_only(&mut options);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// An exclusive lock on a vault, held while it is read, changed and written,
/// so that two processes changing it at once both see their change land.
/// Released when dropped (or when the process dies).
pub struct FileLock {
    _file: File,
}

impl FileLock {
    /// Takes the lock, waiting at most [`LOCK_WAIT`].
    pub fn acquire(lock_path: &Path) -> io::Result<Self> {
        Self::acquire_within(lock_path, LOCK_WAIT)
    }

    /// Takes the lock, waiting at most `wait`; then fails with a message
    /// naming the process that holds it.
    pub fn acquire_within(lock_path: &Path, wait: Duration) -> io::Result<Self> {
        let mut file = super::owner_only::open_lock(lock_path)?;
        let deadline = Instant::now() + wait;
        let mut pause = Duration::from_millis(5);
        while !try_lock(&file)? {
            if Instant::now() >= deadline {
                return Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    format!(
                        "{} has held it for more than {} s: let it finish or close it (or end that process), then try again",
                        holder(&mut file),
                        wait.as_secs().max(1)
                    ),
                ));
            }
            std::thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_millis(200));
        }
        // Say who holds it, for a waiter that gives up (best effort): the
        // process id and the command's name, never its arguments (a key may
        // be one).
        let me = format!("{} {}", std::process::id(), lock_label());
        let _ = file.set_len(0).and_then(|()| {
            io::Seek::seek(&mut file, io::SeekFrom::Start(0))?;
            file.write_all(me.trim_end().as_bytes())
        });
        Ok(Self { _file: file })
    }
}

static LOCK_LABEL: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Names the command this process runs (`add`, `tray`), for the lock file.
/// Only a name made of letters and `-` is kept: never an argument.
pub fn set_lock_label(command: &str) {
    if !command.is_empty() && command.len() <= 32 && command.chars().all(|c| c.is_ascii_alphabetic() || c == '-') {
        let _ = LOCK_LABEL.set(command.to_string());
    }
}

fn lock_label() -> &'static str {
    LOCK_LABEL.get().map_or("", String::as_str)
}

impl Drop for FileLock {
    fn drop(&mut self) {
        // Still held: empty it, so that no stale holder is named.
        let _ = self._file.set_len(0);
    }
}

/// "another trayotp (process 1234: add …)", from what the holder wrote.
fn holder(file: &mut File) -> String {
    let mut text = String::new();
    let _ = io::Seek::seek(file, io::SeekFrom::Start(0));
    let _ = io::Read::read_to_string(&mut io::Read::take(&mut *file, 200), &mut text);
    let mut parts = text.splitn(2, ' ');
    match parts.next().and_then(|pid| pid.parse::<u32>().ok()) {
        Some(pid) => {
            // Only the command's name: arguments may be account names.
            let command: String = parts
                .next()
                .unwrap_or("")
                .chars()
                .filter(|c| !c.is_control())
                .take(60)
                .collect();
            if command.is_empty() {
                format!("another trayotp (process {pid})")
            } else {
                format!("another trayotp (process {pid}: trayotp {command})")
            }
        }
        None => "another program".to_string(),
    }
}

/// Tries to take the lock without waiting. Windows locks one byte far past
/// the end (not the whole file, as std does), so that a waiter can still
/// read who holds it.
fn try_lock(file: &File) -> io::Result<bool> {
    imp::try_lock(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_an_existing_file_and_leaves_no_temp_behind() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("vault.trayotp");
        write_atomically(&path, b"first").expect("write");
        write_atomically(&path, b"second").expect("replace");
        assert_eq!(fs::read(&path).expect("read"), b"second");
        let names: Vec<_> = fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("vault.trayotp")]);
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_intact() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("vault.trayotp");
        write_atomically(&path, b"good").expect("write");
        // Replacing a file with one in a folder that does not exist fails
        // before the target is touched.
        let missing = dir.path().join("no-such-dir").join("vault.trayotp");
        assert!(write_atomically(&missing, b"bad").is_err());
        assert_eq!(fs::read(&path).expect("read"), b"good");
    }

    /// A lock that stays taken: the waiter gives up and names the holder.
    #[test]
    fn a_lock_held_too_long_names_its_holder() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("vault.trayotp.lock");
        let held = FileLock::acquire(&path).expect("first lock");
        let error = match FileLock::acquire_within(&path, Duration::from_millis(300)) {
            Ok(_) => panic!("a second lock was granted while the first is held"),
            Err(error) => error,
        };
        assert_eq!(error.kind(), io::ErrorKind::TimedOut);
        let message = error.to_string();
        assert!(
            message.contains(&format!("process {}", std::process::id())),
            "{message}"
        );
        drop(held);
        FileLock::acquire_within(&path, Duration::from_secs(5)).expect("free again");
    }

    /// N2: the holder writes its process id and the command's name, never
    /// an argument; the file is 0600 and emptied when the lock is released.
    #[test]
    fn the_lock_file_says_the_process_and_the_command_only() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("vault.trayotp.lock");
        set_lock_label("add");
        set_lock_label("--key=GEZDGNBVGY3TQOJQ");
        let held = FileLock::acquire(&path).expect("lock");
        let text = fs::read_to_string(&path).expect("read");
        assert_eq!(text, format!("{} add", std::process::id()));
        imp::assert_owner_only(&path);
        drop(held);
        assert_eq!(fs::read_to_string(&path).expect("read"), "");
    }
}
