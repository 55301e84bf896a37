//! Windows: `MoveFileExW` with write-through, retried while a scanner holds
//! the file; `LockFileEx` on one byte far past the end; the folder's ACL
//! for privacy.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::Path;
use std::time::Duration;

/// Windows: the user's profile folder's ACL already keeps others out.
pub fn owner_only_dir(_builder: &mut fs::DirBuilder) {}

pub fn owner_only_file(options: &mut OpenOptions) -> &mut OpenOptions {
    options
}

pub fn file_names(dir: &Path) -> io::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in fs::read_dir(dir)? {
        if let Ok(name) = entry?.file_name().into_string() {
            names.push(name);
        }
    }
    Ok(names)
}

pub fn replace(from: &Path, to: &Path) -> io::Result<()> {
    use std::os::windows::ffi::OsStrExt;
    use windows_sys::Win32::Storage::FileSystem::{MOVEFILE_REPLACE_EXISTING, MOVEFILE_WRITE_THROUGH, MoveFileExW};

    let wide = |p: &Path| p.as_os_str().encode_wide().chain(Some(0)).collect::<Vec<u16>>();
    use windows_sys::Win32::Foundation::{ERROR_ACCESS_DENIED, ERROR_LOCK_VIOLATION, ERROR_SHARING_VIOLATION};

    let (from_w, to_w) = (wide(from), wide(to));
    let mut pause = Duration::from_millis(10);
    let mut waited = Duration::ZERO;
    loop {
        // SAFETY: both are NUL-terminated UTF-16 strings that outlive the call.
        let ok = unsafe {
            MoveFileExW(
                from_w.as_ptr(),
                to_w.as_ptr(),
                MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH,
            )
        };
        if ok != 0 {
            return Ok(());
        }
        let error = io::Error::last_os_error();
        let held_open = [ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION]
            .iter()
            .any(|&code| error.raw_os_error() == Some(code as i32));
        if !held_open || waited >= Duration::from_secs(3) {
            return Err(error);
        }
        std::thread::sleep(pause);
        waited += pause;
        pause = (pause * 2).min(Duration::from_millis(500));
    }
}

pub fn try_lock(file: &File) -> io::Result<bool> {
    use std::os::windows::io::AsRawHandle;
    use windows_sys::Win32::Foundation::ERROR_LOCK_VIOLATION;
    use windows_sys::Win32::Storage::FileSystem::{LOCKFILE_EXCLUSIVE_LOCK, LOCKFILE_FAIL_IMMEDIATELY, LockFileEx};
    use windows_sys::Win32::System::IO::OVERLAPPED;
    // SAFETY: OVERLAPPED is plain data; its offset fields say where the
    // locked byte is. The lock goes with the handle (released when closed).
    unsafe {
        let mut overlapped: OVERLAPPED = std::mem::zeroed();
        overlapped.Anonymous.Anonymous.Offset = u32::MAX - 1;
        overlapped.Anonymous.Anonymous.OffsetHigh = u32::MAX;
        let ok = LockFileEx(
            file.as_raw_handle() as _,
            LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY,
            0,
            1,
            0,
            &mut overlapped,
        );
        if ok != 0 {
            return Ok(true);
        }
        let error = io::Error::last_os_error();
        if error.raw_os_error() == Some(ERROR_LOCK_VIOLATION as i32) {
            Ok(false)
        } else {
            Err(error)
        }
    }
}

/// Nothing to read back: the lock file's privacy is its user-only ACL
/// (`owner_only::open_lock`), not a mode.
#[cfg(test)]
pub fn assert_owner_only(_path: &Path) {}

#[cfg(test)]
mod tests {
    use super::super::*;

    /// Windows: a reader (an antivirus scan) holds the vault open without
    /// FILE_SHARE_DELETE for a moment; the save waits for it instead of failing.
    #[test]
    fn a_save_waits_for_a_scanner_that_holds_the_file() {
        use std::os::windows::fs::OpenOptionsExt;
        use windows_sys::Win32::Storage::FileSystem::FILE_SHARE_READ;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("vault.trayotp");
        write_atomically(&path, b"old").expect("write");
        let scanner = OpenOptions::new()
            .read(true)
            .share_mode(FILE_SHARE_READ)
            .open(&path)
            .expect("the scanner opens the file");
        let release = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(400));
            drop(scanner);
        });
        write_atomically(&path, b"new").expect("the save waits for the scanner");
        release.join().expect("scanner thread");
        assert_eq!(fs::read(&path).expect("read"), b"new");
    }
}
