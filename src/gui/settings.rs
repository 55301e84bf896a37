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

use egui::{Button, ComboBox, Event, EventFilter, Key, Modifiers, RichText};

use crate::app::{HotkeyAction, LastSecondsPolicy};
use crate::platform::control::{self, ControlError, ErrorKind, Request};
use crate::settings::file::{self, SettingsError};
use crate::settings::{Hotkey, HotkeyError, Key as SettingKey, LanguageChoice, Problem, Settings};

use super::widgets;
use crate::domain::AccountList;
use crate::domain::clock::ClockRecord;
use crate::i18n::Texts;

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

/// Takes this frame's key presses away from every other widget (so Tab,
/// Space, Enter and Esc do not also move the focus, click, save or close)
/// and hands them to the recorder.
fn take_key_presses(ui: &mut egui::Ui) -> Vec<(Modifiers, Key)> {
    ui.input_mut(|input| {
        let mut presses = Vec::new();
        input.events.retain(|event| match event {
            Event::Key {
                key,
                pressed,
                repeat,
                modifiers,
                ..
            } => {
                if *pressed && !*repeat {
                    presses.push((*modifiers, *key));
                }
                false
            }
            Event::Text(_) | Event::Copy | Event::Cut | Event::Paste(_) => false,
            _ => true,
        });
        presses
    })
}

/// Draws the form; returns what the window should do.
/// `accounts` is the vault's list when it could be opened (the picker of
/// the default account offers its names); the settings need no unlocked
/// vault, so a locked or unreadable one only narrows that picker.
pub fn ui(
    form: &mut SettingsForm,
    ui: &mut egui::Ui,
    texts: Texts,
    accounts: Option<&AccountList>,
    vault: &Path,
) -> SettingsOutcome {
    if form.recording {
        for (modifiers, key) in take_key_presses(ui) {
            form.record(modifiers, key);
            if !form.recording {
                break;
            }
        }
    }
    let popup_open = egui::Popup::is_any_open(ui.ctx());
    // Enter saves, whichever field has the focus (taken before the widgets
    // see it, so it never also toggles a checkbox).
    let enter = !popup_open && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Enter));
    let escape = !popup_open && ui.input(|i| i.key_pressed(Key::Escape));

    if let Some(problem) = &form.damaged {
        // The fields would show the defaults, not the user's settings: only
        // the problem, and a way out.
        widgets::message(
            ui,
            widgets::Tone::Error,
            &texts.settings_damaged(form.path(), problem),
            texts.details(),
        );
        let (close, cancel) = widgets::dialog_buttons(ui, texts.close(), texts.cancel());
        if close || cancel || escape || enter {
            return SettingsOutcome::Close { toast: None };
        }
        return SettingsOutcome::Stay;
    }

    let mut record_id = None;
    let mut off_id = None;
    egui::Grid::new("settings")
        .num_columns(2)
        .spacing([12.0, 8.0])
        .show(ui, |ui| {
            let label = ui.label(texts.hotkey_label());
            ui.horizontal(|ui| {
                let shown = match &form.settings.hotkey {
                    _ if form.recording => RichText::new(texts.hotkey_recording()),
                    Some(hotkey) => RichText::new(hotkey.to_string()).monospace(),
                    None => RichText::new(texts.hotkey_none()),
                };
                let record = ui
                    .add(
                        Button::new(shown)
                            .selected(form.recording)
                            .min_size([160.0, 0.0].into()),
                    )
                    .labelled_by(label.id)
                    .on_hover_text(texts.hotkey_click_hint());
                if !form.focused_once {
                    record.request_focus();
                    form.focused_once = true;
                }
                if record.clicked() && !form.recording {
                    form.start_recording();
                    record.request_focus();
                }
                if form.recording {
                    ui.memory_mut(|m| {
                        m.set_focus_lock_filter(
                            record.id,
                            EventFilter {
                                tab: true,
                                horizontal_arrows: true,
                                vertical_arrows: true,
                                escape: true,
                            },
                        )
                    });
                }
                record_id = Some(record.id);
                let off = ui.add_enabled(
                    form.settings.hotkey.is_some() || form.recording,
                    Button::new(texts.hotkey_off()),
                );
                if off.clicked() {
                    form.turn_off();
                }
                off_id = Some(off.id);
            });
            ui.end_row();

            let label = ui.label(texts.hotkey_action_label());
            ComboBox::from_id_salt("hotkey_action")
                .selected_text(texts.hotkey_action(form.settings.hotkey_action))
                .width(200.0)
                .show_ui(ui, |ui| {
                    for action in HotkeyAction::ALL {
                        ui.selectable_value(&mut form.settings.hotkey_action, action, texts.hotkey_action(action));
                    }
                })
                .response
                .labelled_by(label.id)
                .on_hover_text(texts.hotkey_action_hint());
            ui.end_row();

            let label = ui.label(texts.language_label());
            let choices = [
                (LanguageChoice::Auto, texts.language_auto()),
                (LanguageChoice::Japanese, "日本語"),
                (LanguageChoice::English, "English"),
            ];
            let current = choices
                .iter()
                .find(|(choice, _)| *choice == form.settings.language)
                .map_or("", |(_, name)| name);
            ComboBox::from_id_salt("language")
                .selected_text(current)
                .width(200.0)
                .show_ui(ui, |ui| {
                    for (choice, name) in choices {
                        ui.selectable_value(&mut form.settings.language, choice, name);
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();

            let label = ui.label(texts.default_account_label());
            let names: Vec<String> = match accounts {
                Some(accounts) => accounts.names().map(str::to_string).collect(),
                // The vault is locked: offer the current choice and none.
                None => form.original.default_account.iter().cloned().collect(),
            };
            let current = match &form.settings.default_account {
                None => texts.default_account_none().to_string(),
                Some(name) if accounts.is_none_or(|a| a.position(name).is_some()) => name.clone(),
                Some(name) => texts.default_account_not_found(name),
            };
            ComboBox::from_id_salt("default_account")
                .selected_text(current)
                .width(200.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut form.settings.default_account, None, texts.default_account_none());
                    for name in names {
                        let label = name.clone();
                        ui.selectable_value(&mut form.settings.default_account, Some(name), label);
                    }
                })
                .response
                .labelled_by(label.id)
                .on_hover_text(texts.default_account_hint());
            ui.end_row();
        });
    if let Some(error) = &form.rejected {
        widgets::error_line(ui, &texts.hotkey_error(error));
    } else if form.recording {
        ui.label(RichText::new(texts.hotkey_change_hint()).small());
    }

    ui.add_space(4.0);
    ui.checkbox(&mut form.settings.show_digits_in_toast, texts.show_digits_in_toast());
    ui.checkbox(&mut form.settings.clear_clipboard, texts.clear_clipboard());
    ui.add_space(4.0);
    ui.label(texts.last_seconds_label());
    ui.indent("last_seconds", |ui| {
        ui.radio_value(
            &mut form.settings.last_seconds_policy,
            LastSecondsPolicy::WaitForNext,
            texts.last_seconds_wait(),
        );
        ui.radio_value(
            &mut form.settings.last_seconds_policy,
            LastSecondsPolicy::CopyAnyway,
            texts.last_seconds_copy_anyway(),
        );
    });

    ui.add_space(4.0);
    ui.checkbox(&mut form.settings.time_check, texts.time_check());
    ui.indent("time_servers", |ui| {
        let label = ui.label(texts.time_servers_label());
        let field = ui
            .add(egui::TextEdit::singleline(&mut form.time_servers_text).desired_width(320.0))
            .labelled_by(label.id);
        widgets::edit_menu(&field, &mut form.time_servers_text);
        if form.time_servers_bad {
            widgets::message(ui, widgets::Tone::Error, &texts.time_servers_bad(), texts.details());
        } else {
            egui::CollapsingHeader::new(texts.details())
                .id_salt("time-servers-details")
                .show(ui, |ui| ui.label(texts.time_servers_details()));
        }
    });
    ui.checkbox(&mut form.settings.clock_correction, texts.clock_correction());
    let clock = form.clock.get_or_insert_with(crate::platform::clock_store::load);
    let now_seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    ui.label(RichText::new(texts.clock_offset(clock.as_ref(), now_seconds)).small());

    match &form.failure {
        Some(SaveFailure::Refused { hotkey, message }) => {
            widgets::error_line(ui, &texts.hotkey_refused(hotkey, message));
        }
        Some(SaveFailure::NotWritten(detail)) => widgets::error_line(ui, &texts.not_saved(detail)),
        None => {}
    }

    let (save, cancel) = widgets::dialog_buttons(ui, texts.save(), texts.cancel());
    // Enter on a focused button does what that button does.
    let focused = ui.memory(|m| m.focused());
    let enter_on = |id: Option<egui::Id>| enter && id.is_some() && focused == id;
    if enter_on(record_id) && !form.recording {
        form.start_recording();
        return SettingsOutcome::Stay;
    }
    if enter_on(off_id) {
        form.turn_off();
        return SettingsOutcome::Stay;
    }
    if cancel || (escape && !form.recording) {
        return SettingsOutcome::Close { toast: None };
    }
    if save || (enter && !form.recording) {
        form.recording = false;
        return form.save(vault, texts);
    }
    SettingsOutcome::Stay
}
