//! "Back up…" (バックアップ…): every account into one passphrase-protected
//! file, the form behind the tray's menu item and its backup reminder.
//!
//! The file is written by `transfer::write_backup`, the very function
//! behind `trayotp backup FILE`: the same format, the same refusal to write
//! over the vault, the same read-back check, and the same record in the
//! vault's state file, which stands the tray's reminder down.
//!
//! The file starts as `trayotp-backup-YYYY-MM-DD.trayotp-backup` in the
//! user's Documents folder (the date is UTC's; a name already taken gets
//! `-2`, `-3`…); "Change…" opens the system's Save dialog, which asks
//! before replacing a file, so only a file chosen there is ever replaced.
//! The passphrase is typed twice, masked, kept in wiped-on-drop buffers and
//! never part of a message; the toast names the file only.

use std::path::{Path, PathBuf};

use egui::{Key, RichText};
use zeroize::Zeroizing;

use crate::domain::backup_passphrase::{self, Weak};
use crate::transfer::{self, TransferError};

use super::desktop::Desktop;
use super::store::Store;
use super::widgets;
use crate::i18n::Texts;

/// The extension `trayotp backup` files carry (what `restore` is given).
pub const EXTENSION: &str = "trayotp-backup";

/// What the form wants its window to do after a frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackupOutcome {
    Stay,
    Cancelled,
    /// Written: close, and confirm in a toast.
    Written {
        accounts: usize,
        file: PathBuf,
    },
}

pub struct BackupForm {
    /// Where the backup goes.
    pub file: PathBuf,
    /// The file was chosen in the Save dialog, which asked before
    /// replacing it: only then may an existing file be replaced.
    chosen: bool,
    pub passphrase: Zeroizing<String>,
    pub repeat: Zeroizing<String>,
    /// "Back up" was pressed: from now on an empty field is an error too.
    attempted: bool,
    /// Why the last attempt wrote nothing (one line).
    pub error: Option<String>,
    focused_once: bool,
    /// Also turn automatic backups on into the file's folder
    /// (`trayotp auto-backup on`), with the same passphrase.
    pub automatic: bool,
    /// `auto_backup_keep`, for the check box's label.
    keep: u32,
}

impl std::fmt::Debug for BackupForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BackupForm")
            .field("file", &self.file)
            .field("error", &self.error)
            .finish_non_exhaustive()
    }
}

/// A passphrase problem the form shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassphraseProblem {
    Empty,
    /// Under the backup minimum ([`backup_passphrase::MIN_CHARS`]).
    TooShort,
    Mismatch,
}

impl BackupForm {
    /// A form suggesting a new file in `folder`, named for the day of `now` (Unix seconds).
    pub fn new(folder: &Path, now: u64) -> Self {
        Self {
            file: default_file(folder, now),
            chosen: false,
            passphrase: Zeroizing::default(),
            repeat: Zeroizing::default(),
            attempted: false,
            error: None,
            focused_once: false,
            automatic: false,
            keep: crate::auto_backup::keep(),
        }
    }

    /// The problem to show now, if any. `typing_repeat`: the second field
    /// has the focus, so a difference may only mean it is not finished.
    /// The length rule is the command line's ([`backup_passphrase::check`]),
    /// said once the first field is left or "Back up" was pressed.
    pub fn problem(&self, typing_repeat: bool) -> Option<PassphraseProblem> {
        if self.passphrase.is_empty() {
            return self.attempted.then_some(PassphraseProblem::Empty);
        }
        if backup_passphrase::check(&self.passphrase, Weak::Refused).is_err()
            && (self.attempted || !self.repeat.is_empty() || typing_repeat)
        {
            return Some(PassphraseProblem::TooShort);
        }
        let finished = self.attempted || (!self.repeat.is_empty() && !typing_repeat);
        (finished && *self.passphrase != *self.repeat).then_some(PassphraseProblem::Mismatch)
    }

    /// "Change…": the Save dialog, starting at the current file.
    pub fn choose_file(&mut self, desktop: &mut dyn Desktop, texts: Texts) {
        if let Some(chosen) = desktop.save_file(texts.backup_file_filter(), EXTENSION, &self.file) {
            self.error = None;
            if chosen.extension().is_some() {
                self.file = chosen;
                self.chosen = true;
            } else {
                // The dialog asked about the name without the extension.
                self.file = chosen.with_extension(EXTENSION);
                self.chosen = false;
            }
        }
    }

    /// "Back up": checks the passphrases, then writes the file from the
    /// vault as it is now. `now` is Unix seconds.
    pub fn write(&mut self, store: &mut Store, texts: Texts, now: u64) -> BackupOutcome {
        self.attempted = true;
        self.error = None;
        if self.problem(false).is_some() {
            return BackupOutcome::Stay;
        }
        if let Err(error) = store.refresh() {
            self.error = Some(texts.unreadable(&error.to_string()));
            return BackupOutcome::Stay;
        }
        match transfer::write_backup(
            store.path(),
            store.accounts(),
            &self.passphrase,
            Weak::Refused,
            &self.file,
            self.chosen,
            now,
        ) {
            // A state file that could not be updated costs an early reminder only.
            Ok(written) => {
                // The tray's backup reminder stands down (no tray: nothing to tell).
                let _ = crate::platform::control::send(store.path().main(), &crate::platform::control::Request::Reload);
                if self.automatic
                    && let Err(error) = self.turn_automatic_on(store)
                {
                    self.error = Some(texts.backup_automatic_failed(&error));
                    self.automatic = false;
                    return BackupOutcome::Stay;
                }
                BackupOutcome::Written {
                    accounts: written.accounts,
                    file: self.file.clone(),
                }
            }
            Err(error) => {
                self.error = Some(texts.backup_failed(&error));
                if matches!(error, TransferError::Exists(_)) {
                    // Next time, a name of our own that is free.
                    if let Some(folder) = self.file.parent() {
                        self.file = default_file(folder, now);
                    }
                }
                BackupOutcome::Stay
            }
        }
    }
}

impl BackupForm {
    /// Automatic backups into the file's folder, with this passphrase.
    fn turn_automatic_on(&self, store: &mut Store) -> Result<(), String> {
        let folder = self
            .file
            .parent()
            .map(std::path::absolute)
            .transpose()
            .map_err(|e| e.to_string())?
            .ok_or_else(|| "no folder".to_string())?;
        let folder = folder
            .to_str()
            .ok_or_else(|| "the folder's name is not valid Unicode".to_string())?
            .to_string();
        store
            .set_auto_backup(Some(crate::vault::AutoBackup {
                folder,
                passphrase: self.passphrase.clone(),
            }))
            .map_err(|e| e.to_string())
    }
}

/// The folder a backup is suggested in: Documents, else home, else here.
pub fn default_folder() -> PathBuf {
    directories::UserDirs::new()
        .map(|dirs| {
            dirs.document_dir()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| dirs.home_dir().to_path_buf())
        })
        .unwrap_or_default()
}

/// `trayotp-backup-YYYY-MM-DD.trayotp-backup` in `folder`, or with `-2`,
/// `-3`… when that name is taken.
pub fn default_file(folder: &Path, now: u64) -> PathBuf {
    let stem = format!("trayotp-backup-{}", date(now));
    let candidate = |n: u32| {
        let name = if n == 1 {
            format!("{stem}.{EXTENSION}")
        } else {
            format!("{stem}-{n}.{EXTENSION}")
        };
        folder.join(name)
    };
    (1..100)
        .map(candidate)
        .find(|path| std::fs::symlink_metadata(path).is_err())
        .unwrap_or_else(|| candidate(1))
}

/// `YYYY-MM-DD` (UTC) of Unix time `seconds` (Howard Hinnant's civil-from-days).
fn date(seconds: u64) -> String {
    let days = (seconds / 86_400) as i64;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Draws the form; returns what the window should do. `now` is Unix seconds.
pub fn ui(
    form: &mut BackupForm,
    ui: &mut egui::Ui,
    texts: Texts,
    store: &mut Store,
    desktop: &mut dyn Desktop,
    now: u64,
) -> BackupOutcome {
    let close = ui.input(|i| i.key_pressed(Key::Escape));
    if store.accounts().is_empty() {
        ui.label(texts.backup_no_accounts());
        let (ok, cancel) = widgets::dialog_buttons(ui, texts.close(), texts.cancel());
        return if ok || cancel || close {
            BackupOutcome::Cancelled
        } else {
            BackupOutcome::Stay
        };
    }
    ui.label(texts.backup_intro());
    ui.add_space(6.0);

    ui.label(texts.backup_file_label());
    ui.horizontal(|ui| {
        // The whole path, wrapped: the file name at its end must show.
        let button_width = 80.0;
        let width = (ui.available_width() - button_width).max(100.0);
        ui.allocate_ui_with_layout(
            egui::vec2(width, 0.0),
            egui::Layout::top_down(egui::Align::LEFT),
            |ui| {
                ui.add(egui::Label::new(RichText::new(form.file.display().to_string()).monospace()).wrap());
            },
        );
        if ui.button(texts.backup_choose_file()).clicked() {
            form.choose_file(desktop, texts);
        }
    });
    ui.add_space(6.0);

    let first_label = ui.label(texts.backup_passphrase_label());
    let first_id = ui.make_persistent_id("backup-passphrase");
    let width = ui.available_width();
    let first = widgets::secret_field(ui, &mut form.passphrase, 1024, |edit| {
        edit.id(first_id).desired_width(width)
    })
    .labelled_by(first_label.id);
    if !form.focused_once {
        first.request_focus();
        form.focused_once = true;
    }
    let typing_first = ui.memory(|m| m.has_focus(first_id));
    match form.problem(false) {
        Some(PassphraseProblem::Empty) => widgets::error_line(ui, texts.backup_passphrase_empty()),
        Some(PassphraseProblem::TooShort) => widgets::error_line(ui, &texts.backup_passphrase_short()),
        _ if !typing_first && backup_passphrase::check(&form.passphrase, Weak::Refused).is_err() => {
            widgets::error_line(ui, &texts.backup_passphrase_short());
        }
        _ => {}
    }
    ui.add_space(4.0);

    let repeat_label = ui.label(texts.backup_repeat_label());
    let repeat_id = ui.make_persistent_id("backup-repeat");
    let width = ui.available_width();
    let repeat = widgets::secret_field(ui, &mut form.repeat, 1024, |edit| {
        edit.id(repeat_id).desired_width(width)
    })
    .labelled_by(repeat_label.id);
    let typing_repeat = ui.memory(|m| m.has_focus(repeat_id));
    if form.problem(typing_repeat) == Some(PassphraseProblem::Mismatch) {
        widgets::error_line(ui, texts.backup_passphrase_mismatch());
    }
    ui.add_space(4.0);
    ui.checkbox(&mut form.automatic, texts.backup_automatic(form.keep));
    if let Some(error) = &form.error {
        widgets::error_line(ui, error);
    }

    let submitted = repeat.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
    let (write, cancel) = widgets::dialog_buttons(ui, texts.backup_write(), texts.cancel());
    if write || submitted {
        return form.write(store, texts, now);
    }
    if cancel || close {
        return BackupOutcome::Cancelled;
    }
    BackupOutcome::Stay
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_the_utc_calendar_day() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(951_782_400), "2000-02-29");
        assert_eq!(date(1_111_111_109), "2005-03-18");
        assert_eq!(date(1_750_000_000), "2025-06-15");
        assert_eq!(date(1_767_225_599), "2025-12-31");
    }

    #[test]
    fn the_default_name_is_dated_and_never_taken() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = default_file(dir.path(), 1_750_000_000);
        assert_eq!(first, dir.path().join("trayotp-backup-2025-06-15.trayotp-backup"));
        std::fs::write(&first, b"x").expect("write");
        assert_eq!(
            default_file(dir.path(), 1_750_000_000),
            dir.path().join("trayotp-backup-2025-06-15-2.trayotp-backup")
        );
    }

    #[test]
    fn passphrase_problems_wait_for_the_user() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut form = BackupForm::new(dir.path(), 0);
        assert_eq!(form.problem(false), None, "nothing typed, nothing pressed");
        form.passphrase = Zeroizing::new("correct horse".into());
        form.repeat = Zeroizing::new("correct".into());
        assert_eq!(form.problem(true), None, "still typing the second one");
        assert_eq!(form.problem(false), Some(PassphraseProblem::Mismatch));
        form.repeat = Zeroizing::new("correct horse".into());
        assert_eq!(form.problem(false), None);
        form.passphrase = Zeroizing::default();
        form.attempted = true;
        assert_eq!(form.problem(false), Some(PassphraseProblem::Empty));
    }

    #[test]
    fn a_short_passphrase_is_refused_by_the_command_lines_rule() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut form = BackupForm::new(dir.path(), 0);
        form.passphrase = Zeroizing::new("123456789".into());
        assert_eq!(form.problem(false), None, "still typing the first one");
        form.repeat = Zeroizing::new("123456789".into());
        assert_eq!(form.problem(false), Some(PassphraseProblem::TooShort));
        form.passphrase = Zeroizing::new("1234567890".into());
        form.repeat = Zeroizing::new("1234567890".into());
        assert_eq!(form.problem(false), None, "ten characters are enough");
    }
}
