//! Toasts without the installer. Windows shows a WinRT toast only for an
//! AppUserModelID it knows: the installer's Start-menu shortcut carries
//! ours (`app_id::APP_USER_MODEL_ID`), but a user of the portable zip has no
//! such shortcut. For them the tray registers the ID the way Microsoft
//! documents for unpackaged apps: the key
//! `HKCU\Software\Classes\AppUserModelId\<id>` with `DisplayName` and
//! `IconUri` (a PNG written into the vault's folder, [`ICON_FILE`]).
//!
//! Done at the tray's start when no Start-menu shortcut carries the ID;
//! undone by `trayotp autostart off --all` and by the uninstaller
//! (`installer/trayotp.nsi` deletes the same key and file).
//!
//! Whether a shortcut carries the ID is read from the `.lnk` file's bytes:
//! a shortcut keeps its properties in a PropertyStoreDataBlock (MS-SHLLINK
//! 2.5.7), where a `VT_LPWSTR` value such as `System.AppUserModel.ID` is
//! stored as UTF-16LE text.

use std::path::{Path, PathBuf};

use crate::app_id::APP_USER_MODEL_ID;

#[cfg(not(windows))]
mod other;
#[cfg(windows)]
mod windows;
#[cfg(not(windows))]
use other as imp;
#[cfg(windows)]
use windows as imp;

/// Our toasts carry our name and icon only if the process says who it is
/// (the installer puts the same id on the Start-menu shortcut). Windows
/// only; nothing elsewhere.
pub fn claim_for_this_process() {
    imp::claim_for_this_process();
}

/// [`ensure_registered`] for the vault's `folder`, on a thread of its own,
/// so the Start-menu scan never delays the menu (Windows only).
pub fn register_in_background(folder: &Path) {
    if !cfg!(windows) {
        return;
    }
    let folder = folder.to_path_buf();
    let spawned = std::thread::Builder::new().name("app-identity".into()).spawn(move || {
        if let Err(error) = ensure_registered(&folder) {
            eprintln!("trayotp: warning: toasts may not show: {error}");
        }
    });
    if let Err(error) = spawned {
        eprintln!("trayotp: warning: toasts may not show: {error}");
    }
}

/// The registry key, under `HKEY_CURRENT_USER`.
pub fn registry_key() -> String {
    format!(r"Software\Classes\AppUserModelId\{APP_USER_MODEL_ID}")
}

/// The icon the toasts show, written into the vault's folder.
pub const ICON_FILE: &str = "toast-icon.png";

/// The name the toasts show.
pub const DISPLAY_NAME: &str = "trayotp";

/// The 256-pixel icon of `icons/`, as the PNG Windows reads.
const ICON_PNG: &[u8] = include_bytes!("../../../icons/trayotp-256.png");

/// Shortcut files larger than this are not ours (an installer's `.lnk` is a
/// few KiB): they are skipped unread.
const MAX_SHORTCUT_BYTES: u64 = 1 << 20;

/// How many files and how deep the Start-menu scan looks (a bounded walk:
/// the Programs folder of a busy PC holds hundreds of shortcuts).
const MAX_FILES: usize = 4000;
const MAX_DEPTH: usize = 4;

/// Whether a shortcut's bytes carry `id` (as UTF-16LE text).
pub fn shortcut_carries_id(lnk: &[u8], id: &str) -> bool {
    let needle: Vec<u8> = id.encode_utf16().flat_map(u16::to_le_bytes).collect();
    !needle.is_empty() && lnk.windows(needle.len()).any(|window| window == needle)
}

/// Whether any `.lnk` under `folders` (bounded: [`MAX_DEPTH`] levels,
/// [`MAX_FILES`] entries) carries `id`.
pub fn any_shortcut_carries_id(folders: &[PathBuf], id: &str) -> bool {
    let mut pending: Vec<(PathBuf, usize)> = folders.iter().map(|f| (f.clone(), 0)).collect();
    let mut seen = 0usize;
    while let Some((folder, depth)) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            seen += 1;
            if seen > MAX_FILES {
                return false;
            }
            let path = entry.path();
            let Ok(kind) = entry.file_type() else { continue };
            if kind.is_dir() {
                if depth + 1 < MAX_DEPTH {
                    pending.push((path, depth + 1));
                }
                continue;
            }
            let is_lnk = path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("lnk"));
            if !is_lnk || entry.metadata().map_or(true, |m| m.len() > MAX_SHORTCUT_BYTES) {
                continue;
            }
            if std::fs::read(&path).is_ok_and(|bytes| shortcut_carries_id(&bytes, id)) {
                return true;
            }
        }
    }
    false
}

/// Writes the toast icon into `folder` (temp file, then rename), unless the
/// same bytes are already there. Returns its path.
pub fn write_icon(folder: &Path) -> std::io::Result<PathBuf> {
    let path = folder.join(ICON_FILE);
    if std::fs::read(&path).is_ok_and(|bytes| bytes == ICON_PNG) {
        return Ok(path);
    }
    std::fs::create_dir_all(folder)?;
    let temp = folder.join(format!("{ICON_FILE}.tmp"));
    std::fs::write(&temp, ICON_PNG)?;
    std::fs::rename(&temp, &path)?;
    Ok(path)
}

/// What happened at start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AtStart {
    /// A Start-menu shortcut carries the ID: Windows knows it already.
    ShortcutHasIt,
    /// The key was written (or found right).
    Registered,
    /// Not Windows: toasts there need no registration.
    NotNeeded,
}

/// At the tray's start: registers the ID unless a Start-menu shortcut
/// carries it. `folder` is the vault's folder (for the icon).
pub fn ensure_registered(folder: &Path) -> Result<AtStart, String> {
    imp::ensure_registered(folder)
}

/// Removes the key and the icon (`trayotp autostart off --all`). Returns
/// whether there was anything to remove.
pub fn unregister(folder: &Path) -> Result<bool, String> {
    let key = imp::delete_key()?;
    let icon = match std::fs::remove_file(folder.join(ICON_FILE)) {
        Ok(()) => true,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => false,
        Err(error) => return Err(format!("cannot remove {}: {error}", folder.join(ICON_FILE).display())),
    };
    Ok(key || icon)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_is_found_as_utf16_text_and_not_as_ascii() {
        let mut lnk = b"L\0\0\0 some header".to_vec();
        lnk.extend("trayotp.trayotp".encode_utf16().flat_map(u16::to_le_bytes));
        lnk.extend_from_slice(&[0, 0, 1, 2]);
        assert!(shortcut_carries_id(&lnk, APP_USER_MODEL_ID));
        assert!(!shortcut_carries_id(b"trayotp.trayotp", APP_USER_MODEL_ID));
        assert!(!shortcut_carries_id(&lnk, "other.app"));
    }

    #[test]
    fn the_scan_finds_a_shortcut_in_a_subfolder_and_ignores_other_files() {
        let root = tempfile::tempdir().expect("temp dir");
        let sub = root.path().join("Accessories");
        std::fs::create_dir_all(&sub).expect("sub folder");
        let carrying: Vec<u8> = APP_USER_MODEL_ID.encode_utf16().flat_map(u16::to_le_bytes).collect();
        // The same bytes in a file that is not a shortcut do not count.
        std::fs::write(sub.join("notes.txt"), &carrying).expect("write");
        std::fs::write(sub.join("other.lnk"), b"L\0\0\0").expect("write");
        let folders = vec![root.path().to_path_buf(), root.path().join("missing")];
        assert!(!any_shortcut_carries_id(&folders, APP_USER_MODEL_ID));
        std::fs::write(sub.join("trayotp.LNK"), &carrying).expect("write");
        assert!(any_shortcut_carries_id(&folders, APP_USER_MODEL_ID));
    }

    #[test]
    fn the_icon_is_a_png_written_once_and_removed_by_unregister() {
        let folder = tempfile::tempdir().expect("temp dir");
        let path = write_icon(folder.path()).expect("icon written");
        let bytes = std::fs::read(&path).expect("icon read");
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        assert!(!folder.path().join(format!("{ICON_FILE}.tmp")).exists());
        assert_eq!(write_icon(folder.path()).expect("again"), path);
        assert!(unregister(folder.path()).expect("unregister"));
        assert!(!path.exists());
        // Nothing left: says so, no error.
        assert!(!unregister(folder.path()).expect("second unregister"));
    }
}
