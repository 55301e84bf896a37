//! Unix: lock files only the current user can open (0600, never through a
//! symbolic link).

use std::fs::{self, File};
use std::io;
use std::path::Path;

/// Opens (or creates, 0600) a lock file without following a symbolic
/// link and without leaking it into child processes; one left 0644 by
/// an older trayotp is made 0600.
pub fn open_lock(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let flags = rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::CLOEXEC;
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .mode(0o600)
        .custom_flags(flags.bits() as i32)
        .open(path)
        .map_err(|error| {
            if error.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) {
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("{} is a symbolic link: remove it, then try again", path.display()),
                )
            } else {
                error
            }
        })?;
    // Best effort: a lock file of another user cannot be changed, and
    // then only says who holds it.
    let _ = file.set_permissions(fs::Permissions::from_mode(0o600));
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::{PermissionsExt, symlink};

    #[test]
    fn the_lock_file_is_never_opened_through_a_symlink() {
        let temp = tempfile::tempdir().expect("temp");
        let victim = temp.path().join("victim");
        fs::write(&victim, b"keep").expect("write");
        let lock = temp.path().join("id.lock");
        symlink(&victim, &lock).expect("symlink");
        assert!(open_lock(&lock).is_err(), "followed a symlink");
        assert_eq!(fs::read(&victim).expect("read"), b"keep");
        let real = temp.path().join("real.lock");
        open_lock(&real).expect("a plain lock file opens");
        let mode = fs::metadata(&real).expect("stat").permissions().mode();
        assert_eq!(mode & 0o077, 0, "{mode:o}");
    }
}
