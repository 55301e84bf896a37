//! "Manage accounts" (アカウントの管理): the list in menu order, and for the
//! selected account: show its code (OTPを表示, as the guide's STEP 5 does:
//! click the name, then 【OTPを表示】; a double click or Enter on the name
//! too), rename (same rules as adding), delete (after a confirmation that
//! names it; the destructive button second, in red), move up or down (the
//! tray menu's order).
//!
//! Every change goes through the store (`vault::modify`) and names the
//! account, not its row: the vault is re-read under its lock before each
//! change, and another window may have changed it meanwhile.
//!
//! "Mark as default" makes the selected account the one a left click and
//! the hotkey copy (`default_account` in settings.toml, through
//! [`DefaultSetting`]); the list marks it, and a rename or delete of it
//! carries over to the setting.

use egui::{Key, RichText, ScrollArea, TextEdit};

use crate::domain::NameError;
use crate::domain::account::AccountError;

use super::store::{Store, StoreError};
use super::texts::FormTexts;
use super::widgets;
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
            default: DefaultSetting::load(settings, vault),
        }
    }

    /// Whether the account called `name` is the default one.
    pub fn is_default(&self, store: &Store, name: &str) -> bool {
        default_account::names(store.accounts(), self.default.name(), name)
    }

    /// "Mark as default", or "Unmark" when the selected account is the default.
    pub fn toggle_default(&mut self, store: &Store, texts: FormTexts) {
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
        self.message = Some(match result {
            Ok(()) if unmark => Message::Done(texts.default_unmarked(&name)),
            Ok(()) => Message::Done(texts.default_marked(&name)),
            Err(error) => Message::Failed(texts.default_not_saved(&error.to_string())),
        });
    }

    /// After a rename or delete: carries it over to the default account.
    fn follow_default(&mut self, was_default: bool, renamed_to: Option<&str>, texts: FormTexts) {
        let follow = default_account::after_change(was_default, renamed_to);
        if let Err(error) = self.default.follow(&follow) {
            self.message = Some(Message::Failed(texts.default_not_saved(&error.to_string())));
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
        if let Some(name) = self.selection(store) {
            self.confirming_delete = None;
            self.renaming = Some(Renaming {
                original: name.clone(),
                text: name,
            });
        }
    }

    /// The new name's error, checked as the user types.
    pub fn rename_error(&self, store: &Store) -> Option<NameError> {
        let renaming = self.renaming.as_ref()?;
        let index = store.accounts().position(&renaming.original);
        store.accounts().check_name(&renaming.text, index).err()
    }

    pub fn commit_rename(&mut self, store: &mut Store, texts: FormTexts) {
        let Some(renaming) = self.renaming.clone() else {
            return;
        };
        if self.rename_error(store).is_some() {
            return;
        }
        self.default.reload();
        let default = self.default.name().map(str::to_string);
        let result = store.change(|accounts| {
            let was_default = default_account::names(accounts, default.as_deref(), &renaming.original);
            accounts.rename(&renaming.original, &renaming.text)?;
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

    pub fn confirm_delete(&mut self, store: &mut Store, texts: FormTexts) {
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
    pub fn move_selected(&mut self, store: &mut Store, up: bool, texts: FormTexts) {
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

    fn failed(&mut self, error: StoreError, name: &str, texts: FormTexts) {
        self.message = Some(Message::Failed(match error {
            StoreError::Account(AccountError::NotFound(_)) => {
                self.selected = None;
                self.renaming = None;
                texts.gone(name)
            }
            StoreError::Account(AccountError::Name(error)) => texts.name_error(&error),
            StoreError::Vault(error) => texts.not_saved(&error.to_string()),
        }));
    }
}

/// Draws the form; returns what the window should do.
pub fn ui(form: &mut ManageForm, ui: &mut egui::Ui, texts: FormTexts, store: &mut Store) -> ManageOutcome {
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
        if !field.has_focus() && !field.lost_focus() && ui.memory(|m| m.focused().is_none()) {
            field.request_focus();
        }
        commit = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
    }
    if form.renaming.is_some() {
        if let Some(error) = form.rename_error(store) {
            widgets::error_line(ui, &texts.name_error(&error));
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
