//! How the Settings form is drawn: a row per key declared `in_form`
//! (`settings::declared`), each by its declared kind (a menu for a choice
//! of more than two, radio buttons for two, a check box for a switch, a
//! field for a list), with the hotkey recorder and the account menu as the
//! two text keys; and the keys that save, close or record.

use egui::{Button, ComboBox, Event, EventFilter, Key, Modifiers, RichText};

use super::{SaveFailure, SettingsForm, SettingsOutcome};
use crate::app::HotkeyAction;
use crate::domain::AccountList;
use crate::gui::widgets;
use crate::i18n::Texts;
use crate::settings::{Key as SettingKey, Kind};
use std::path::Path;

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

/// The form's rows, in the order shown: every key declared `in_form`
/// (a test checks), each drawn by its declared kind.
const ROWS: [SettingKey; 10] = [
    SettingKey::Hotkey,
    SettingKey::HotkeyAction,
    SettingKey::Language,
    SettingKey::DefaultAccount,
    SettingKey::ShowDigitsInToast,
    SettingKey::ClearClipboard,
    SettingKey::LastSecondsPolicy,
    SettingKey::TimeCheck,
    SettingKey::TimeServers,
    SettingKey::ClockCorrection,
];

/// Whether a key is a labelled field of the grid: free text (the hotkey,
/// the default account) or a choice of more than two (a menu). Two-way
/// choices are radio buttons under their label, switches check boxes.
fn in_grid(key: SettingKey) -> bool {
    match key.declared().kind {
        Kind::Text => true,
        Kind::Choice(words) => words.len() > 2,
        Kind::Switch(_) | Kind::Number { .. } | Kind::List { .. } => false,
    }
}

/// A row's label, in the form's language.
fn label(texts: Texts, key: SettingKey) -> &'static str {
    match key {
        SettingKey::Hotkey => texts.hotkey_label(),
        SettingKey::HotkeyAction => texts.hotkey_action_label(),
        SettingKey::Language => texts.language_label(),
        SettingKey::DefaultAccount => texts.default_account_label(),
        SettingKey::ShowDigitsInToast => texts.show_digits_in_toast(),
        SettingKey::ClearClipboard => texts.clear_clipboard(),
        SettingKey::LastSecondsPolicy => texts.last_seconds_label(),
        SettingKey::TimeCheck => texts.time_check(),
        SettingKey::TimeServers => texts.time_servers_label(),
        SettingKey::ClockCorrection => texts.clock_correction(),
        // Not in the form (set on the command line).
        SettingKey::BackupReminderDays | SettingKey::AutoBackupKeep => key.name(),
    }
}

/// What a choice's word is called in the form.
fn choice_label(texts: Texts, key: SettingKey, word: &str) -> &'static str {
    match (key, word) {
        (SettingKey::Language, "ja") => "日本語",
        (SettingKey::Language, "en") => "English",
        (SettingKey::Language, _) => texts.language_auto(),
        (SettingKey::LastSecondsPolicy, "copy-anyway") => texts.last_seconds_copy_anyway(),
        (SettingKey::LastSecondsPolicy, _) => texts.last_seconds_wait(),
        _ => texts.hotkey_action(HotkeyAction::from_name(word).unwrap_or_default()),
    }
}

/// The hotkey: a button that records a combination, and "Turn off".
/// Returns their ids (Enter on them does what a click does).
fn hotkey_row(
    form: &mut SettingsForm,
    ui: &mut egui::Ui,
    texts: Texts,
    label: egui::Id,
) -> (Option<egui::Id>, Option<egui::Id>) {
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
            .labelled_by(label)
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
        let off = ui.add_enabled(
            form.settings.hotkey.is_some() || form.recording,
            Button::new(texts.hotkey_off()),
        );
        if off.clicked() {
            form.turn_off();
        }
        (Some(record.id), Some(off.id))
    })
    .inner
}

/// A choice of more than two: a menu of its words.
fn menu_row(form: &mut SettingsForm, ui: &mut egui::Ui, texts: Texts, key: SettingKey, label: egui::Id) {
    let Kind::Choice(words) = key.declared().kind else {
        return;
    };
    let current = form.settings.get(key);
    let response = ComboBox::from_id_salt(key.name())
        .selected_text(choice_label(texts, key, &current))
        .width(200.0)
        .show_ui(ui, |ui| {
            for word in words {
                if ui
                    .selectable_label(current == *word, choice_label(texts, key, word))
                    .clicked()
                {
                    let _ = form.settings.set(key, word);
                }
            }
        })
        .response
        .labelled_by(label);
    if key == SettingKey::HotkeyAction {
        response.on_hover_text(texts.hotkey_action_hint());
    }
}

/// The default account: a menu of the vault's display names, and none.
fn account_row(
    form: &mut SettingsForm,
    ui: &mut egui::Ui,
    texts: Texts,
    accounts: Option<&AccountList>,
    label: egui::Id,
) {
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
        .labelled_by(label)
        .on_hover_text(texts.default_account_hint());
}

/// A list (the time servers): typed comma-separated, checked on Save.
fn servers_row(form: &mut SettingsForm, ui: &mut egui::Ui, texts: Texts, key: SettingKey) {
    ui.indent(key.name(), |ui| {
        let label = ui.label(label(texts, key));
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
    // The labelled fields (the hotkey, the account and the menus) in a
    // grid; then the switches, the two-way choices and the lists.
    egui::Grid::new("settings")
        .num_columns(2)
        .spacing([12.0, 8.0])
        .show(ui, |ui| {
            for key in ROWS.into_iter().filter(|key| in_grid(*key)) {
                let label = ui.label(label(texts, key));
                match key {
                    SettingKey::Hotkey => {
                        (record_id, off_id) = hotkey_row(form, ui, texts, label.id);
                    }
                    SettingKey::DefaultAccount => account_row(form, ui, texts, accounts, label.id),
                    _ => menu_row(form, ui, texts, key, label.id),
                }
                ui.end_row();
            }
        });
    if let Some(error) = &form.rejected {
        widgets::error_line(ui, &texts.hotkey_error(error));
    } else if form.recording {
        ui.label(RichText::new(texts.hotkey_change_hint()).small());
    }

    ui.add_space(4.0);
    for key in ROWS.into_iter().filter(|key| !in_grid(*key)) {
        match key.declared().kind {
            Kind::Switch(_) => {
                let mut on = matches!(form.settings.get(key).as_str(), "on" | "true");
                if ui.checkbox(&mut on, label(texts, key)).changed() {
                    let _ = form.settings.set(key, if on { "on" } else { "off" });
                }
            }
            Kind::Choice(words) => {
                ui.add_space(4.0);
                ui.label(label(texts, key));
                ui.indent(key.name(), |ui| {
                    let current = form.settings.get(key);
                    for word in words {
                        if ui.radio(current == *word, choice_label(texts, key, word)).clicked() {
                            let _ = form.settings.set(key, word);
                        }
                    }
                });
                ui.add_space(4.0);
            }
            Kind::List { .. } => servers_row(form, ui, texts, key),
            Kind::Text | Kind::Number { .. } => {}
        }
        if key == SettingKey::ClockCorrection {
            let clock = form.clock.get_or_insert_with(crate::platform::clock_store::load);
            let now_seconds = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            ui.label(RichText::new(texts.clock_offset(clock.as_ref(), now_seconds)).small());
        }
    }

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::DECLARED;

    #[test]
    fn the_form_has_a_row_for_every_key_declared_in_it_and_no_other() {
        let declared: Vec<SettingKey> = DECLARED.iter().filter(|d| d.in_form).map(|d| d.key).collect();
        let mut rows = ROWS.to_vec();
        rows.sort_by_key(|key| *key as usize);
        assert_eq!(rows, declared);
    }

    #[test]
    fn text_keys_and_menus_are_in_the_grid_and_two_way_choices_and_switches_below() {
        let grid: Vec<&str> = ROWS.into_iter().filter(|k| in_grid(*k)).map(SettingKey::name).collect();
        assert_eq!(grid, ["hotkey", "hotkey_action", "language", "default_account"]);
    }

    #[test]
    fn every_choice_word_has_its_own_label_in_both_languages() {
        for language in [crate::i18n::Language::Japanese, crate::i18n::Language::English] {
            let texts = Texts(language);
            for declared in DECLARED.iter().filter(|d| d.in_form) {
                if let Kind::Choice(words) = declared.kind {
                    let mut labels: Vec<&str> = words.iter().map(|w| choice_label(texts, declared.key, w)).collect();
                    labels.sort_unstable();
                    labels.dedup();
                    assert_eq!(labels.len(), words.len(), "{}: {labels:?}", declared.name);
                }
            }
        }
    }
}
