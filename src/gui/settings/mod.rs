//! "Settings…" (設定): every key of `settings.toml` in one small window,
//! saved through `settings::file` (so comments and keys this version does
//! not know survive, and a damaged file is never overwritten), then applied
//! by the running tray (`Request::ReloadSettings`) without a restart.
//!
//! The hotkey is recorded, not typed: the user clicks the hotkey button and
//! presses the combination; it is checked by the same grammar as
//! `trayotp settings set hotkey` ([`Hotkey`]'s parser) and kept in its
//! canonical spelling. A combination that cannot be a hotkey (a lone
//! letter, Tab) is named in an inline line and the recording goes on; Esc
//! ends it. The Windows key cannot be recorded (Windows keeps most
//! Win+key combinations for itself, and egui does not report it): such a
//! hotkey is set with `trayotp settings set hotkey`.
//!
//! If the running tray cannot register the new hotkey (another program
//! holds it), the file is put back as it was, exactly as the command line
//! does, and the form stays open with that line, so the user can choose
//! another. With no tray running the settings are saved and that is all:
//! the tray reads them when it starts.

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers};

use crate::platform::control::{self, ControlError, ErrorKind, Request};
use crate::settings::file::{self, SettingsError};
use crate::settings::{Hotkey, HotkeyError, Key as SettingKey, Problem, Settings};

use crate::i18n::Texts;

mod view;
use crate::domain::clock::ClockRecord;
pub use view::ui;

/// Why the last Save did not go through (the form stays open).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveFailure {
    /// The running tray could not register `hotkey`; its one line is
    /// `message`. The file was put back as it was.
    Refused { hotkey: String, message: String },
    /// The file could not be written (a one-line reason).
    NotWritten(String),
}

/// What the window does after a frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingsOutcome {
    Stay,
    /// Close; then show this toast, if any.
    Close {
        toast: Option<String>,
    },
}

/// The form's state: the values shown and what went wrong.
#[derive(Debug)]
pub struct SettingsForm {
    path: PathBuf,
    /// The values shown, as the user changed them.
    pub settings: Settings,
    /// The values as the form found them: Save writes only what the user
    /// changed here, so a change made meanwhile elsewhere (Manage's default
    /// account, `trayotp settings set`) is not undone.
    original: Settings,
    /// The file is not TOML or cannot be read: shown, and nothing is saved.
    pub damaged: Option<Problem>,
    /// Waiting for a key combination.
    pub recording: bool,
    /// The last combination pressed that cannot be a hotkey.
    pub rejected: Option<HotkeyError>,
    pub failure: Option<SaveFailure>,
    focused_once: bool,
    /// `time_servers` as typed (comma-separated), checked on Save.
    pub time_servers_text: String,
    /// The typed servers are not `host[:port],...`: shown, nothing saved.
    pub time_servers_bad: bool,
    /// The last clock measurement (read from this PC's local folder once).
    clock: Option<Option<ClockRecord>>,
}

/// The combination a key press makes, in the settings' spelling.
pub fn combination(modifiers: Modifiers, key: Key) -> Result<Hotkey, HotkeyError> {
    let mut parts = Vec::new();
    for (on, name) in [
        (modifiers.ctrl, "Ctrl"),
        (modifiers.alt, "Alt"),
        (modifiers.shift, "Shift"),
        (modifiers.mac_cmd, "Win"),
    ] {
        if on {
            parts.push(name);
        }
    }
    // egui's names are the grammar's for every key it accepts ("O", "1",
    // "F5", "Space", "PageUp", "Up"); the rest ("Tab", "Minus") are refused
    // by name.
    parts.push(key.name());
    parts.join("+").parse()
}

impl SettingsForm {
    /// The form filled from the file at `path`.
    pub fn load(path: &Path) -> Self {
        let loaded = file::load(path);
        let damaged = loaded
            .problems
            .into_iter()
            .find(|p| matches!(p, Problem::Syntax { .. } | Problem::Unreadable(_)));
        Self {
            path: path.to_path_buf(),
            original: loaded.settings.clone(),
            settings: loaded.settings,
            damaged,
            recording: false,
            rejected: None,
            failure: None,
            focused_once: false,
            time_servers_text: String::new(),
            time_servers_bad: false,
            clock: None,
        }
        .with_servers_text()
    }

    fn with_servers_text(mut self) -> Self {
        self.time_servers_text = self.settings.get(SettingKey::TimeServers);
        self
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn start_recording(&mut self) {
        self.recording = true;
        self.rejected = None;
    }

    /// A key pressed while recording: a valid combination becomes the
    /// hotkey; Esc ends the recording; anything else is refused by name.
    pub fn record(&mut self, modifiers: Modifiers, key: Key) {
        if key == Key::Escape && modifiers.is_none() {
            self.recording = false;
            self.rejected = None;
            return;
        }
        match combination(modifiers, key) {
            Ok(hotkey) => {
                self.settings.hotkey = Some(hotkey);
                self.recording = false;
                self.rejected = None;
                self.failure = None;
            }
            Err(error) => self.rejected = Some(error),
        }
    }

    /// "Turn off": no hotkey.
    pub fn turn_off(&mut self) {
        self.settings.hotkey = None;
        self.recording = false;
        self.rejected = None;
        self.failure = None;
    }

    /// Writes the settings and asks the tray running for `vault` to apply them.
    pub fn save(&mut self, vault: &Path, texts: Texts) -> SettingsOutcome {
        if self.damaged.is_some() {
            return SettingsOutcome::Stay;
        }
        if self.settings.get(SettingKey::TimeServers) != self.time_servers_text {
            if self
                .settings
                .set(SettingKey::TimeServers, &self.time_servers_text)
                .is_err()
            {
                self.time_servers_bad = true;
                return SettingsOutcome::Stay;
            }
            self.time_servers_text = self.settings.get(SettingKey::TimeServers);
        }
        self.time_servers_bad = false;
        let previous = std::fs::read(&self.path).ok();
        let now_in_file = file::load(&self.path);
        if let Some(problem) = now_in_file
            .problems
            .into_iter()
            .find(|p| matches!(p, Problem::Syntax { .. } | Problem::Unreadable(_)))
        {
            self.damaged = Some(problem);
            return SettingsOutcome::Stay;
        }
        let mut merged = now_in_file.settings;
        for key in SettingKey::ALL {
            let mine = self.settings.get(key);
            if mine != self.original.get(key) && merged.set(key, &mine).is_err() {
                // Every value the form offers is one `set` accepts.
                self.failure = Some(SaveFailure::NotWritten(format!("{}: {mine}", key.name())));
                return SettingsOutcome::Stay;
            }
        }
        match file::save(&self.path, &merged) {
            Ok(()) if self.settings.clock_correction != self.original.clock_correction => {
                // Turning it on is consent to the offset measured now, and no other.
                let _ = crate::platform::clock_store::set_consent(merged.clock_correction);
            }
            Ok(()) => {}
            Err(SettingsError::Damaged(_, problem)) => {
                self.damaged = Some(problem);
                return SettingsOutcome::Stay;
            }
            Err(error) => {
                self.failure = Some(SaveFailure::NotWritten(error.to_string()));
                return SettingsOutcome::Stay;
            }
        }
        self.failure = None;
        match control::send(vault, &Request::ReloadSettings) {
            Ok(response) if response.ok => SettingsOutcome::Close { toast: None },
            // The tray kept its hotkey: the form stays, with the reason.
            Ok(response) if response.kind == Some(ErrorKind::HotkeyRefused) => {
                self.put_back(previous);
                // The tray keeps the hotkey it had; let it read the old file again.
                let _ = control::send(vault, &Request::ReloadSettings);
                self.failure = Some(SaveFailure::Refused {
                    hotkey: self.settings.hotkey.as_ref().map(Hotkey::to_string).unwrap_or_default(),
                    message: response.message,
                });
                SettingsOutcome::Stay
            }
            // Anything else (an older tray, one shutting down): the file is
            // saved, and the tray applies it when it reads it again.
            Ok(_) => SettingsOutcome::Close {
                toast: Some(texts.settings_saved_not_applied()),
            },
            Err(ControlError::NotRunning) => SettingsOutcome::Close { toast: None },
            Err(_) => SettingsOutcome::Close {
                toast: Some(texts.settings_saved_not_applied()),
            },
        }
    }

    /// Restores the file as it was before Save (or removes a new one).
    fn put_back(&self, previous: Option<Vec<u8>>) {
        let result = match previous {
            Some(bytes) => crate::vault::file::write_atomically(&self.path, &bytes),
            None => std::fs::remove_file(&self.path),
        };
        if let Err(error) = result {
            crate::log_file::warning(&format!("cannot put back {}: {error}", self.path.display()));
        }
    }
}
