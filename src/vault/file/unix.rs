//! Unix: `rename` then `fsync` of the folder, `flock`, 0600/0700 modes,
//! and the folder listed through rustix.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::Path;

pub fn owner_only_dir(builder: &mut fs::DirBuilder) {
    std::os::unix::fs::DirBuilderExt::mode(builder, 0o700);
}

pub fn owner_only_file(options: &mut OpenOptions) -> &mut OpenOptions {
    std::os::unix::fs::OpenOptionsExt::mode(options, 0o600)
}

/// Through rustix: std's directory listing panics when closing the folder
/// fails, which a failing disk can make happen in the middle of a save.
pub fn file_names(dir: &Path) -> io::Result<Vec<String>> {
    let folder = File::open(dir)?;
    let listing = rustix::fs::Dir::read_from(&folder)?;
    let mut names = Vec::new();
    for entry in listing {
        let entry = entry?;
        if let Ok(name) = entry.file_name().to_str()
            && name != "."
            && name != ".."
        {
            names.push(name.to_string());
        }
    }
    Ok(names)
}

pub fn replace(from: &Path, to: &Path) -> io::Result<()> {
    fs::rename(from, to)?;
    // The rename is durable only once the folder's entry is on disk.
    let dir = to
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    File::open(dir)?.sync_all()
}

pub fn try_lock(file: &File) -> io::Result<bool> {
    match file.try_lock() {
        Ok(()) => Ok(true),
        Err(fs::TryLockError::WouldBlock) => Ok(false),
        Err(fs::TryLockError::Error(e)) => Err(e),
    }
}

/// The file is 0600.
#[cfg(test)]
pub fn assert_owner_only(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = fs::metadata(path).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[cfg(test)]
mod tests {
    use super::super::*;

    /// N2: a lock file left 0644 by an older trayotp is made private.
    #[test]
    fn an_old_world_readable_lock_file_is_made_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("vault.trayotp.lock");
        fs::write(&path, "2390 add Work --key=GEZDGNBVGY3TQOJQ").expect("write");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).expect("chmod");
        let held = FileLock::acquire(&path).expect("lock");
        assert_eq!(fs::metadata(&path).expect("meta").permissions().mode() & 0o777, 0o600);
        assert!(!fs::read_to_string(&path).expect("read").contains("key"));
        drop(held);
    }

    #[test]
    fn files_and_folders_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let sub = dir.path().join("trayotp");
        create_private_dir(&sub).expect("mkdir");
        let path = sub.join("vault.trayotp");
        write_atomically(&path, b"x").expect("write");
        assert_eq!(fs::metadata(&sub).expect("meta").permissions().mode() & 0o777, 0o700);
        assert_eq!(fs::metadata(&path).expect("meta").permissions().mode() & 0o777, 0o600);
    }
}
