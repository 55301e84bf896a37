//! "Manage accounts" (アカウントの管理): the list in menu order, and for the
//! selected account: show its code (OTPを表示, as the guide's STEP 5 does:
//! click the name, then 【OTPを表示】; a double click or Enter on the name
//! too), rename (same rules as adding) and set its reading (よみ, which
//! "Find account" searches) and window rule, delete (after a confirmation
//! that names it; the destructive button second, in red), move up or down
//! (the tray menu's order).
//!
//! Every change goes through the store (`vault::modify`) and names the
//! account, not its row: the vault is re-read under its lock before each
//! change, and another window may have changed it meanwhile.
//!
//! "Mark as default" makes the selected account the one a left click and
//! the hotkey copy (`default_account` in settings.toml, through
//! [`DefaultSetting`]); the list marks it, and a rename or delete of it
//! carries over to the setting.
//!
//! "Window rule" (ウィンドウ条件) is the selected account's
//! `domain::window_rule`: text the title of the window in front contains
//! when the hotkey should pick this account. Kept in the vault.

use egui::{Key, RichText, ScrollArea, TextEdit};

use crate::domain::NameError;
use crate::domain::account::{AccountError, ReadingError, check_reading};

use super::store::{Store, StoreError};
use super::widgets;
use crate::i18n::Texts;
use crate::settings::default_account::{self, DefaultSetting};

/// What the form wants its window to do after a frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ManageOutcome {
    Stay,
    Close,
    /// Open the "Add account" window.
    OpenAdd,
    /// Open "Show code" (OTPを表示) for this account.
    OpenShow(String),
}

/// A line under the list about the last action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Done(String),
    Failed(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renaming {
    /// The account's name when renaming began.
    pub original: String,
    pub text: String,
    /// Its reading (よみ), as typed; empty for none.
    pub reading: String,
}

#[derive(Debug)]
pub struct ManageForm {
    pub selected: Option<String>,
    pub renaming: Option<Renaming>,
    /// The account whose deletion awaits confirmation.
    pub confirming_delete: Option<String>,
    pub message: Option<Message>,
    /// `default_account` in the settings file.
    pub default: DefaultSetting,
    /// The selected account's window rule as being edited.
    pub rule: Option<RuleEdit>,
    /// The vault, whose running tray is told when the default changes.
    vault: std::path::PathBuf,
}

/// The window rule field, for the account named `account`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleEdit {
    pub account: String,
    pub text: String,
}

impl ManageForm {
    /// The form, with the default account from the settings file `settings`
    /// (its tray is the one serving `vault`).
    pub fn new(settings: &std::path::Path, vault: &std::path::Path) -> Self {
        Self {
            selected: None,
            renaming: None,
            confirming_delete: None,
            message: None,
            default: DefaultSetting::load(settings),
            rule: None,
            vault: vault.to_path_buf(),
        }
    }

    /// The window rule field for the selected account, filled from the
    /// vault when the selection changes.
    fn rule_for(&mut self, store: &Store, name: &str) -> &mut RuleEdit {
        let stale = self.rule.as_ref().is_none_or(|rule| rule.account != name);
        if stale {
            let text = store
                .accounts()
                .find(name)
                .and_then(|a| a.window_rule.clone())
                .unwrap_or_default();
            self.rule = Some(RuleEdit {
                account: name.to_string(),
                text,
            });
        }
        self.rule.get_or_insert_with(|| RuleEdit {
            account: name.to_string(),
            text: String::new(),
        })
    }

    /// Saves the window rule field (empty clears the rule).
    pub fn save_rule(&mut self, store: &mut Store, texts: Texts) {
        let Some(edit) = self.rule.clone() else {
            return;
        };
        let rule = match crate::domain::window_rule::check(&edit.text) {
            Ok(rule) => rule,
            Err(error) => {
                self.message = Some(Message::Failed(texts.window_rule_error(&error)));
                return;
            }
        };
        let result = store.change(|accounts| accounts.set_window_rule(&edit.account, rule.clone()));
        match result {
            Ok(()) => {
                self.message = Some(Message::Done(texts.window_rule_saved(&edit.account, rule.as_deref())));
                self.rule = None;
            }
            Err(error) => self.failed(error, &edit.account, texts),
        }
    }

    /// Whether the account called `name` is the default one.
    pub fn is_default(&self, store: &Store, name: &str) -> bool {
        default_account::names(store.accounts(), self.default.name(), name)
    }

    /// "Mark as default", or "Unmark" when the selected account is the default.
    pub fn toggle_default(&mut self, store: &Store, texts: Texts) {
        self.default.reload();
        let Some(name) = self.selection(store) else {
            return;
        };
        if self.default.damaged().is_some() {
            // The line under the list already says why; nothing is written.
            return;
        }
        let unmark = self.is_default(store, &name);
        let result = self.default.set((!unmark).then_some(name.as_str()));
        if result.is_ok() {
            crate::platform::control::tell_tray_settings_changed(&self.vault);
        }
        self.message = Some(match result {
            Ok(()) if unmark => Message::Done(texts.default_unmarked(&name)),
            Ok(()) => Message::Done(texts.default_marked(&name)),
            Err(error) => Message::Failed(texts.default_not_saved(&error.to_string())),
        });
    }

    /// After a rename or delete: carries it over to the default account.
    fn follow_default(&mut self, was_default: bool, renamed_to: Option<&str>, texts: Texts) {
        let follow = default_account::after_change(was_default, renamed_to);
        match self.default.follow(&follow) {
            Ok(()) if follow != default_account::Follow::Keep => {
                crate::platform::control::tell_tray_settings_changed(&self.vault);
            }
            Ok(()) => {}
            Err(error) => self.message = Some(Message::Failed(texts.default_not_saved(&error.to_string()))),
        }
    }

    /// The selected account's name as the vault has it now, if it is still there.
    pub fn selection(&self, store: &Store) -> Option<String> {
        let name = self.selected.as_deref()?;
        store.accounts().find(name).map(|a| a.name.clone())
    }

    pub fn select(&mut self, name: &str) {
        if self.selected.as_deref() != Some(name) {
            self.selected = Some(name.to_string());
            self.renaming = None;
            self.confirming_delete = None;
        }
    }

    pub fn start_rename(&mut self, store: &Store) {
        if let Some(account) = self.selection(store).and_then(|name| store.accounts().find(&name)) {
            self.confirming_delete = None;
            self.renaming = Some(Renaming {
                original: account.name.clone(),
                text: account.name.clone(),
                reading: account.reading.clone().unwrap_or_default(),
            });
        }
    }

    /// The new name's error, checked as the user types.
    pub fn rename_error(&self, store: &Store) -> Option<NameError> {
        let renaming = self.renaming.as_ref()?;
        let index = store.accounts().position(&renaming.original);
        store.accounts().check_name(&renaming.text, index).err()
    }

    /// The reading's error, checked as the user types.
    pub fn reading_error(&self) -> Option<ReadingError> {
        check_reading(&self.renaming.as_ref()?.reading).err()
    }

    pub fn commit_rename(&mut self, store: &mut Store, texts: Texts) {
        let Some(renaming) = self.renaming.clone() else {
            return;
        };
        if self.rename_error(store).is_some() || self.reading_error().is_some() {
            return;
        }
        self.default.reload();
        let default = self.default.name().map(str::to_string);
        let result = store.change(|accounts| {
            let was_default = default_account::names(accounts, default.as_deref(), &renaming.original);
            accounts.rename(&renaming.original, &renaming.text)?;
            accounts.set_reading(&renaming.text, &renaming.reading)?;
            let new_name = accounts
                .find(&renaming.text)
                .map(|a| a.name.clone())
                .unwrap_or_default();
            Ok((new_name, was_default))
        });
        match result {
            Ok((new_name, was_default)) => {
                self.message = Some(Message::Done(texts.renamed(&new_name)));
                self.follow_default(was_default, Some(&new_name), texts);
                self.selected = Some(new_name);
                self.renaming = None;
            }
            // The name was taken meanwhile: the refreshed list shows why.
            Err(StoreError::Account(AccountError::Name(_))) => {}
            Err(error) => self.failed(error, &renaming.original, texts),
        }
    }

    pub fn ask_delete(&mut self, store: &Store) {
        self.renaming = None;
        self.confirming_delete = self.selection(store);
    }

    pub fn confirm_delete(&mut self, store: &mut Store, texts: Texts) {
        let Some(name) = self.confirming_delete.take() else {
            return;
        };
        self.default.reload();
        let default = self.default.name().map(str::to_string);
        let result = store.change(|accounts| {
            let was_default = default_account::names(accounts, default.as_deref(), &name);
            Ok((accounts.remove(&name)?, was_default))
        });
        match result {
            Ok((removed, was_default)) => {
                self.message = Some(Message::Done(texts.deleted(&removed.name)));
                self.follow_default(was_default, None, texts);
                self.selected = None;
            }
            Err(error) => self.failed(error, &name, texts),
        }
    }

    /// Moves the selected account one place up (`up`) or down.
    pub fn move_selected(&mut self, store: &mut Store, up: bool, texts: Texts) {
        let Some(name) = self.selection(store) else {
            return;
        };
        let result = store.change(|accounts| {
            if up {
                accounts.move_up(&name)
            } else {
                accounts.move_down(&name)
            }
        });
        self.message = None;
        if let Err(error) = result {
            self.failed(error, &name, texts);
        }
    }

    /// Escape: closes what is open inside the form first, then the window.
    pub fn escape(&mut self) -> ManageOutcome {
        if self.renaming.take().is_some() || self.confirming_delete.take().is_some() {
            ManageOutcome::Stay
        } else {
            ManageOutcome::Close
        }
    }

    fn failed(&mut self, error: StoreError, name: &str, texts: Texts) {
        self.message = Some(Message::Failed(match error {
            StoreError::Account(AccountError::NotFound(_)) => {
                self.selected = None;
                self.renaming = None;
                texts.gone(name)
            }
            StoreError::Account(AccountError::Name(error)) => texts.name_error(&error),
            StoreError::Account(AccountError::Reading(error)) => texts.yomi_error(&error),
            StoreError::Vault(error) => texts.not_saved(&error.to_string()),
        }));
    }
}

/// Draws the form; returns what the window should do.
pub fn ui(form: &mut ManageForm, ui: &mut egui::Ui, texts: Texts, store: &mut Store) -> ManageOutcome {
    let mut outcome = ManageOutcome::Stay;
    if store.accounts().is_empty() {
        ui.label(texts.no_accounts());
    } else {
        ui.label(RichText::new(texts.order_hint()).small());
        ScrollArea::vertical().max_height(180.0).show(ui, |ui| {
            let names: Vec<String> = store.accounts().names().map(str::to_string).collect();
            for name in names {
                let selected = form
                    .selected
                    .as_deref()
                    .is_some_and(|s| s.trim().to_lowercase() == name.to_lowercase());
                let label = if form.is_default(store, &name) {
                    texts.default_row(&name)
                } else {
                    name.clone()
                };
                let row = ui
                    .with_layout(egui::Layout::top_down_justified(egui::Align::LEFT), |ui| {
                        ui.selectable_label(selected, label)
                    })
                    .inner;
                if row.clicked() {
                    form.select(&name);
                }
                let enter = row.has_focus()
                    && form.renaming.is_none()
                    && form.confirming_delete.is_none()
                    && ui.input(|i| i.key_pressed(Key::Enter));
                if row.double_clicked() || enter {
                    form.select(&name);
                    outcome = ManageOutcome::OpenShow(name.clone());
                }
            }
        });
    }

    let selection = form.selection(store);
    ui.add_enabled_ui(selection.is_some(), |ui| {
        ui.horizontal_wrapped(|ui| {
            if ui.button(RichText::new(texts.show_otp()).strong()).clicked()
                && let Some(name) = &selection
            {
                outcome = ManageOutcome::OpenShow(name.clone());
            }
            if ui.button(texts.move_up()).clicked() {
                form.move_selected(store, true, texts);
            }
            if ui.button(texts.move_down()).clicked() {
                form.move_selected(store, false, texts);
            }
            if ui.button(texts.rename()).clicked() {
                form.start_rename(store);
            }
            if ui.button(texts.delete()).clicked() {
                form.ask_delete(store);
            }
            let is_default = selection.as_deref().is_some_and(|name| form.is_default(store, name));
            let toggle = if is_default {
                texts.unmark_default()
            } else {
                texts.mark_default()
            };
            let can_write = form.default.damaged().is_none();
            if ui.add_enabled(can_write, egui::Button::new(toggle)).clicked() {
                form.toggle_default(store, texts);
            }
        });
    });
    if let Some(damage) = form.default.damaged() {
        let path = form.default.path().display().to_string();
        widgets::warning_line(ui, &texts.default_account_blocked(&path, damage));
    }

    if let Some(name) = &selection
        && form.renaming.is_none()
    {
        let mut save = false;
        ui.horizontal(|ui| {
            let label = ui.label(texts.window_rule_label());
            // The field takes what the button leaves: a fixed width pushed
            // 条件を保存 past the window's edge in Japanese.
            let button_width = egui::WidgetText::from(texts.window_rule_save())
                .into_galley(
                    ui,
                    Some(egui::TextWrapMode::Extend),
                    f32::INFINITY,
                    egui::TextStyle::Button,
                )
                .size()
                .x
                + 2.0 * ui.spacing().button_padding.x;
            let field_width =
                (ui.available_width() - button_width - 2.0 * ui.spacing().item_spacing.x).clamp(80.0, 220.0);
            let edit = form.rule_for(store, name);
            let field = ui
                .add(
                    TextEdit::singleline(&mut edit.text)
                        .hint_text(super::style::placeholder(texts.window_rule_hint()))
                        .desired_width(field_width)
                        .char_limit(crate::domain::window_rule::MAX_RULE_CHARS),
                )
                .labelled_by(label.id)
                .on_hover_text(texts.window_rule_help());
            super::widgets::edit_menu(&field, &mut edit.text);
            save = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            save |= ui.button(texts.window_rule_save()).clicked();
        });
        if save {
            form.save_rule(store, texts);
        }
    }

    let mut commit = false;
    if let Some(renaming) = &mut form.renaming {
        let label = ui.label(texts.name_label());
        let field = ui
            .add(
                TextEdit::singleline(&mut renaming.text)
                    .desired_width(ui.available_width())
                    .char_limit(200),
            )
            .labelled_by(label.id);
        super::widgets::edit_menu(&field, &mut renaming.text);
        if !field.has_focus() && !field.lost_focus() && ui.memory(|m| m.focused().is_none()) {
            field.request_focus();
        }
        commit = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        let label = ui.label(texts.yomi_label());
        let reading = ui
            .add(
                TextEdit::singleline(&mut renaming.reading)
                    .hint_text(super::style::placeholder(texts.yomi_hint()))
                    .desired_width(ui.available_width())
                    .char_limit(200),
            )
            .labelled_by(label.id);
        super::widgets::edit_menu(&reading, &mut renaming.reading);
        commit |= reading.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
    }
    if form.renaming.is_some() {
        if let Some(error) = form.rename_error(store) {
            widgets::error_line(ui, &texts.name_error(&error));
        }
        if let Some(error) = form.reading_error() {
            widgets::error_line(ui, &texts.yomi_error(&error));
        }
        ui.horizontal(|ui| {
            commit |= ui.button(texts.save()).clicked();
            if ui.button(texts.cancel()).clicked() {
                form.renaming = None;
            }
        });
        if commit {
            form.commit_rename(store, texts);
        }
    }

    if let Some(name) = form.confirming_delete.clone() {
        widgets::warning_line(ui, &texts.confirm_delete(&name));
        ui.horizontal(|ui| {
            // Keep first and plain; the destructive button second, in red.
            if ui.button(texts.keep()).clicked() {
                form.confirming_delete = None;
            }
            let red = ui.visuals().error_fg_color;
            let delete =
                egui::Button::new(RichText::new(texts.delete_confirmed()).color(red).strong()).stroke((1.0, red));
            if ui.add(delete).clicked() {
                form.confirm_delete(store, texts);
            }
        });
    }

    match &form.message {
        Some(Message::Done(text)) => {
            ui.label(text);
        }
        Some(Message::Failed(text)) => widgets::error_line(ui, text),
        None => {}
    }

    let (close, add) = widgets::dialog_buttons(ui, texts.close(), texts.add_account());
    if add {
        outcome = ManageOutcome::OpenAdd;
    }
    if close {
        outcome = ManageOutcome::Close;
    }
    if ui.input(|i| i.key_pressed(Key::Escape)) {
        outcome = form.escape();
    }
    outcome
}
