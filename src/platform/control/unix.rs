//! The control channel on Unix: a socket in a 0700 folder of the user's
//! runtime directory, every folder on the way checked.

use std::fs::{self, File};
use std::io;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};

use super::{ControlError, Deliver};

/// `$XDG_RUNTIME_DIR/trayotp` (private to the user by the spec), or a
/// 0700 folder of our own, `trayotp-<uid>`, in the temp dir if the
/// session has none (su, cron, SSH without pam_systemd). Every folder on
/// the way is checked (see [`private_dir_in`]): nobody else can plant a
/// socket, a lock or a symbolic link where we look.
fn runtime_dir() -> io::Result<PathBuf> {
    let base = directories::BaseDirs::new().and_then(|d| d.runtime_dir().map(|p| p.to_path_buf()));
    private_dir_in(base.as_deref(), &std::env::temp_dir(), current_uid())
}

/// The real uid of this process (never a guess: a fallback to 0 would
/// put every user in one folder).
fn current_uid() -> u32 {
    rustix::process::getuid().as_raw()
}

/// Why `meta` (of `path`) is not a folder only `uid` can use, if it is not.
fn check_private(path: &Path, meta: &fs::Metadata, uid: u32) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let problem = if meta.file_type().is_symlink() {
        "it is a symbolic link".to_string()
    } else if !meta.is_dir() {
        "it is not a folder".to_string()
    } else if meta.uid() != uid {
        format!("it belongs to another user (uid {})", meta.uid())
    } else if meta.mode() & 0o077 != 0 {
        format!("other users may use it (mode {:o})", meta.mode() & 0o777)
    } else {
        return Ok(());
    };
    Err(io::Error::new(
        io::ErrorKind::PermissionDenied,
        format!(
            "{} is not a private folder of this user ({problem}): remove it, or set XDG_RUNTIME_DIR to a folder only you can use (mode 700)",
            path.display()
        ),
    ))
}

/// The control folder for `uid`: `runtime/trayotp` when the session has
/// a runtime dir (itself checked, as the XDG spec requires: ours, mode
/// 0700), else `temp/trayotp-<uid>`. The folder is made without
/// recursion and then checked without following links: a symbolic link,
/// another user's folder or one with group/other bits is refused.
pub(super) fn private_dir_in(runtime: Option<&Path>, temp: &Path, uid: u32) -> io::Result<PathBuf> {
    let dir = match runtime {
        Some(base) => {
            check_private(base, &fs::metadata(base)?, uid)?;
            base.join("trayotp")
        }
        None => temp.join(format!("trayotp-{uid}")),
    };
    let mut builder = fs::DirBuilder::new();
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    match builder.create(&dir) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(e),
    }
    check_private(&dir, &fs::symlink_metadata(&dir)?, uid)?;
    Ok(dir)
}

pub fn connect(id: &str) -> Result<UnixStream, ControlError> {
    let path = runtime_dir()?.join(format!("{id}.sock"));
    let stream = UnixStream::connect(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound | io::ErrorKind::ConnectionRefused => ControlError::NotRunning,
        _ => ControlError::Io(e),
    })?;
    Ok(stream)
}

/// A connection whose reads must all be over by `deadline`: each read
/// waits only for what is left of it (N4: one byte every few seconds
/// never resets the clock).
pub(super) struct Deadline {
    pub(super) deadline: std::time::Instant,
    pub(super) stream: UnixStream,
}

impl io::Read for Deadline {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let left = self.deadline.saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            return Err(io::Error::new(io::ErrorKind::TimedOut, "the request took too long"));
        }
        self.stream.set_read_timeout(Some(left))?;
        self.stream.read(buffer)
    }
}

impl io::Write for Deadline {
    fn write(&mut self, buffer: &[u8]) -> io::Result<usize> {
        self.stream.write(buffer)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.stream.flush()
    }
}

pub struct Listener {
    listener: UnixListener,
    /// Held for the life of the tray: the single-instance lock.
    _lock: File,
}

impl Listener {
    pub fn bind(id: &str) -> Result<Self, ControlError> {
        let dir = runtime_dir()?;
        let lock = crate::vault::owner_only::open_lock(&dir.join(format!("{id}.lock")))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => return Err(ControlError::AlreadyRunning),
            Err(fs::TryLockError::Error(e)) => return Err(e.into()),
        }
        // We hold the lock, so a socket file left here is stale.
        let socket = dir.join(format!("{id}.sock"));
        let _ = fs::remove_file(&socket);
        let listener = UnixListener::bind(&socket)?;
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&socket, fs::Permissions::from_mode(0o600))?;
        Ok(Self { listener, _lock: lock })
    }

    pub fn accept_loop(self, deliver: Deliver) {
        for stream in self.listener.incoming().flatten() {
            // A client gets this long, in all, to send its request.
            let stream = Deadline {
                deadline: std::time::Instant::now() + super::REQUEST_TIMEOUT,
                stream,
            };
            let deliver = deliver.clone();
            let _ = super::spawn_connection(move || super::serve_one(stream, &*deliver, || {}));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::{PermissionsExt, symlink};

    use super::*;

    fn uid() -> u32 {
        current_uid()
    }

    fn refused(runtime: Option<&Path>, temp: &Path, uid: u32, why: &str) {
        let error = private_dir_in(runtime, temp, uid).expect_err("refused");
        let message = error.to_string();
        assert!(message.contains(why), "{message}");
        assert!(message.contains("is not a private folder of this user"), "{message}");
        assert!(!message.contains('\n'), "{message}");
    }

    #[test]
    fn the_uid_is_the_real_one() {
        use std::os::unix::fs::MetadataExt;
        let made = tempfile::tempfile().expect("temp file");
        assert_eq!(uid(), made.metadata().expect("stat").uid());
    }

    #[test]
    fn a_fresh_folder_is_made_private_and_reused() {
        let temp = tempfile::tempdir().expect("temp");
        let dir = private_dir_in(None, temp.path(), uid()).expect("made");
        assert_eq!(dir, temp.path().join(format!("trayotp-{}", uid())));
        let mode = fs::symlink_metadata(&dir).expect("stat").permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
        assert_eq!(private_dir_in(None, temp.path(), uid()).expect("again"), dir);
    }

    #[test]
    fn a_symlink_in_the_temp_dir_is_refused() {
        let temp = tempfile::tempdir().expect("temp");
        let target = temp.path().join("elsewhere");
        fs::create_dir(&target).expect("mkdir");
        fs::set_permissions(&target, fs::Permissions::from_mode(0o700)).expect("chmod");
        symlink(&target, temp.path().join(format!("trayotp-{}", uid()))).expect("symlink");
        refused(None, temp.path(), uid(), "it is a symbolic link");
    }

    #[test]
    fn a_folder_others_may_use_is_refused() {
        let temp = tempfile::tempdir().expect("temp");
        let dir = temp.path().join(format!("trayotp-{}", uid()));
        fs::create_dir(&dir).expect("mkdir");
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o777)).expect("chmod");
        refused(None, temp.path(), uid(), "other users may use it (mode 777)");
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o750)).expect("chmod");
        refused(None, temp.path(), uid(), "mode 750");
    }

    #[test]
    fn another_users_folder_is_refused() {
        let temp = tempfile::tempdir().expect("temp");
        let dir = temp.path().join(format!("trayotp-{}", uid() + 1));
        fs::create_dir(&dir).expect("mkdir");
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o700)).expect("chmod");
        // Owned by us, looked for by uid + 1: someone else's to that user.
        refused(
            None,
            temp.path(),
            uid() + 1,
            &format!("it belongs to another user (uid {})", uid()),
        );
        if uid() == 0 {
            // As root: really hand our folder to nobody.
            let ours = private_dir_in(None, temp.path(), 0).expect("made");
            std::os::unix::fs::chown(&ours, Some(65534), Some(65534)).expect("chown");
            refused(None, temp.path(), 0, "it belongs to another user (uid 65534)");
        }
    }

    #[test]
    fn the_runtime_dir_itself_is_checked() {
        let runtime = tempfile::tempdir().expect("temp");
        let temp = tempfile::tempdir().expect("temp");
        fs::set_permissions(runtime.path(), fs::Permissions::from_mode(0o755)).expect("chmod");
        refused(Some(runtime.path()), temp.path(), uid(), "mode 755");
        fs::set_permissions(runtime.path(), fs::Permissions::from_mode(0o700)).expect("chmod");
        let dir = private_dir_in(Some(runtime.path()), temp.path(), uid()).expect("private");
        assert_eq!(dir, runtime.path().join("trayotp"));
    }
}
