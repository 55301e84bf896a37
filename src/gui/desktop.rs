//! What the forms ask of the desktop: the clipboard (text, pictures, and
//! copying a code with the tray's hygiene) and the file pickers (open a QR
//! image or another app's export, save a backup). Behind one
//! small trait so the form tests drive the real forms with a fake desktop,
//! and the decisions stay in the forms' plain Rust.
//!
//! The file picker is `rfd`'s native dialog (the Windows common dialog, GTK
//! on Linux, which the tray already links), not an egui-drawn one: a person
//! who saved the brokerage's QR code knows their own system's dialog, its
//! Desktop and Downloads shortcuts, and its Japanese labels.

use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::platform::clipboard::SystemClipboard;
use crate::platform::control::{self, ControlError, ErrorKind, Request};

/// What reading the clipboard gave.
#[derive(Debug, PartialEq, Eq)]
pub enum ClipboardRead<T> {
    Got(T),
    /// It holds nothing of that kind.
    Empty,
    /// It could not be read (another program holds it, no clipboard).
    Unavailable,
}

/// A picture as RGBA pixels.
pub struct Picture {
    pub width: usize,
    pub height: usize,
    pub rgba: Vec<u8>,
}

/// Why a code was not copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CopyError {
    /// The clipboard is busy or missing.
    Clipboard,
    /// The tray refused (e.g. the account was just renamed elsewhere).
    Refused,
}

pub trait Desktop {
    fn clipboard_text(&mut self) -> ClipboardRead<Zeroizing<String>>;
    fn clipboard_picture(&mut self) -> ClipboardRead<Picture>;
    /// Lets the user choose a PNG or JPEG file; `None` if they cancelled,
    /// else its bytes (or that it could not be read).
    fn pick_picture(&mut self, filter_name: &str) -> Option<std::io::Result<Vec<u8>>>;
    /// Lets the user choose any file (another app's export, whatever its
    /// name ends with), under the dialog title `title`; `None` if they
    /// cancelled. A desktop without a file dialog (a test's) chooses none.
    fn pick_file(&mut self, title: &str) -> Option<PathBuf> {
        let _ = title;
        None
    }
    /// The system's Save dialog for a `*.extension` file, starting at
    /// `suggested` (its folder and name); `None` if they cancelled. The
    /// dialog asks before a file is replaced.
    fn save_file(&mut self, filter_name: &str, extension: &str, suggested: &Path) -> Option<PathBuf>;
    /// Puts the code of account `name` in the clipboard, with the tray's
    /// hygiene: through the running tray (which toasts and clears it when
    /// it expires), or, with no tray, through a `trayotp hold-clipboard`
    /// process that clears it at `valid_until_ms` if it is unchanged.
    fn copy_code(&mut self, vault: &Path, name: &str, code: &str, valid_until_ms: u64) -> Result<(), CopyError>;
    /// The quick picker's choice: as [`Desktop::copy_code`], but the tray
    /// hears it as a pick, which it pastes or types into the window the
    /// hotkey was pressed over when `hotkey_action` says so.
    fn pick_code(&mut self, vault: &Path, name: &str, code: &str, valid_until_ms: u64) -> Result<(), CopyError> {
        self.copy_code(vault, name, code, valid_until_ms)
    }
    /// Empties the clipboard if it still holds exactly `text` (a setup
    /// number pasted into a form has no business staying there); anything
    /// the user copied since is left alone. Best effort: a busy clipboard
    /// is left as it is.
    fn clear_clipboard_if(&mut self, text: &str);
}

/// The real desktop.
#[derive(Default)]
pub struct SystemDesktop;

fn read_clipboard<T>(read: impl FnOnce(&mut arboard::Clipboard) -> Result<T, arboard::Error>) -> ClipboardRead<T> {
    let Ok(mut clipboard) = arboard::Clipboard::new() else {
        return ClipboardRead::Unavailable;
    };
    match read(&mut clipboard) {
        Ok(value) => ClipboardRead::Got(value),
        Err(arboard::Error::ContentNotAvailable) => ClipboardRead::Empty,
        Err(_) => ClipboardRead::Unavailable,
    }
}

impl Desktop for SystemDesktop {
    fn clipboard_text(&mut self) -> ClipboardRead<Zeroizing<String>> {
        read_clipboard(|c| c.get_text().map(Zeroizing::new))
    }

    fn clipboard_picture(&mut self) -> ClipboardRead<Picture> {
        read_clipboard(|c| {
            c.get_image().map(|image| Picture {
                width: image.width,
                height: image.height,
                rgba: image.bytes.into_owned(),
            })
        })
    }

    fn pick_picture(&mut self, filter_name: &str) -> Option<std::io::Result<Vec<u8>>> {
        let path = rfd::FileDialog::new()
            .add_filter(filter_name, &["png", "jpg", "jpeg"])
            .pick_file()?;
        let too_big = std::fs::metadata(&path).is_ok_and(|m| m.len() > 64 * 1024 * 1024);
        if too_big {
            return Some(Err(std::io::Error::other("too large")));
        }
        Some(std::fs::read(path))
    }

    fn pick_file(&mut self, title: &str) -> Option<PathBuf> {
        rfd::FileDialog::new().set_title(title).pick_file()
    }

    fn save_file(&mut self, filter_name: &str, extension: &str, suggested: &Path) -> Option<PathBuf> {
        let mut dialog = rfd::FileDialog::new().add_filter(filter_name, &[extension]);
        if let Some(folder) = suggested.parent().filter(|f| f.is_dir()) {
            dialog = dialog.set_directory(folder);
        }
        if let Some(name) = suggested.file_name() {
            dialog = dialog.set_file_name(name.to_string_lossy());
        }
        dialog.save_file()
    }

    fn copy_code(&mut self, vault: &Path, name: &str, code: &str, valid_until_ms: u64) -> Result<(), CopyError> {
        match control::send(vault, &Request::Copy { name: name.to_string() }) {
            Ok(response) if response.ok => Ok(()),
            // The tray's clipboard was busy: said as the form's own would be.
            Ok(response) if response.kind == Some(ErrorKind::ClipboardBusy) => Err(CopyError::Clipboard),
            Ok(_) => Err(CopyError::Refused),
            Err(ControlError::NotRunning) => {
                // Check that a clipboard exists before handing the code over.
                SystemClipboard::new().map_err(|_| CopyError::Clipboard)?;
                crate::platform::process::spawn_clipboard_holder(code, valid_until_ms).map_err(|_| CopyError::Clipboard)
            }
            Err(_) => Err(CopyError::Clipboard),
        }
    }

    fn pick_code(&mut self, vault: &Path, name: &str, code: &str, valid_until_ms: u64) -> Result<(), CopyError> {
        // The picker may give the focus back to the window the hotkey was
        // pressed over (Windows lets the foreground process allow it).
        crate::platform::tray_host::allow_others_to_take_focus();
        match control::send(vault, &Request::Pick { name: name.to_string() }) {
            Ok(response) if response.ok => Ok(()),
            Ok(response) if response.kind == Some(ErrorKind::ClipboardBusy) => Err(CopyError::Clipboard),
            Ok(_) => Err(CopyError::Refused),
            Err(_) => self.copy_code(vault, name, code, valid_until_ms),
        }
    }

    fn clear_clipboard_if(&mut self, text: &str) {
        if let Ok(mut clipboard) = SystemClipboard::new() {
            crate::platform::clipboard::clear_if_text_is(&mut clipboard, text);
        }
    }
}
