//! One form's window content, from opening the vault to closing: first the
//! vault is opened (asking for its passphrase in a masked field when it has
//! one and `TRAYOTP_PASSPHRASE` is not set), then the form itself.
//!
//! [`FormWindow::ui`] draws into any `egui::Ui` and returns what the window
//! should do ([`Request`]), so the same code runs in the native window
//! (`gui::native`) and in the headless tests (egui_kittest), with the clock
//! and the desktop (clipboard, file pickers) passed in.

use std::path::PathBuf;

use egui::Key;
use zeroize::Zeroizing;

use crate::app::{Form, Millis};
use crate::i18n::{Language, Texts};
use crate::protect::ProtectorKind;
use crate::vault::VaultPath;

use super::add::{self, AddForm, AddOutcome};
use super::backup::{self, BackupForm, BackupOutcome};
use super::desktop::Desktop;
use super::manage::{self, ManageForm, ManageOutcome};
use super::pick::{self, PickForm, PickOutcome};
use super::settings::{self, SettingsForm, SettingsOutcome};
use super::show::{self, ShowForm};
use super::store::{GuiPassphrase, OpenError, Store};
use super::widgets;

/// The tallest a form's content grows before it scrolls, in points: a
/// 768-pixel screen less a 48-pixel taskbar, a title bar and the margins,
/// with room to spare.
pub const MAX_CONTENT_HEIGHT: f32 = 620.0;

/// What a window is for.
#[derive(Debug, Clone)]
pub struct WindowConfig {
    pub form: Form,
    pub vault: VaultPath,
    pub language: Language,
    /// How a new vault is protected (`--protector`); the platform's default if `None`.
    pub protector: Option<ProtectorKind>,
    /// The account "Show code" starts with; for the picker, the only
    /// accounts it offers, one per line (the hotkey's window-rule matches).
    pub account: Option<String>,
    /// `settings.toml` (`--config`): what "Settings" edits, and where
    /// "Manage accounts" keeps the default account.
    pub settings: PathBuf,
}

/// What the window should do after a frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    Stay,
    /// Close; then show this confirmation, if any, as a toast.
    Close {
        toast: Option<String>,
    },
    /// Open the "Add account" window (from "Manage accounts").
    OpenAdd,
    /// Open "Show code" for this account (from "Manage accounts").
    OpenShow(String),
}

/// Asking for the vault's passphrase.
#[derive(Default)]
pub struct Unlock {
    pub passphrase: Zeroizing<String>,
    pub wrong: bool,
    pub empty: bool,
    focused_once: bool,
}

impl Unlock {
    /// Asking again after a wrong passphrase.
    pub fn after_wrong() -> Self {
        Self {
            wrong: true,
            ..Self::default()
        }
    }
}

enum Phase {
    Locked(Unlock),
    /// The vault cannot be read: the reason, and nothing else to do.
    Failed(String),
    Ready(Box<Store>),
}

enum Content {
    Add(Box<AddForm>),
    Manage(ManageForm),
    Show(ShowForm),
    Settings(Box<SettingsForm>),
    Backup(BackupForm),
    Pick(PickForm),
}

pub struct FormWindow {
    config: WindowConfig,
    texts: Texts,
    passphrase: GuiPassphrase,
    phase: Phase,
    content: Content,
    desktop: Box<dyn Desktop>,
    clock: Box<dyn Fn() -> Millis>,
}

impl FormWindow {
    pub fn new(config: WindowConfig, desktop: Box<dyn Desktop>, clock: Box<dyn Fn() -> Millis>) -> Self {
        let content = match config.form {
            Form::Add => Content::Add(Box::new(AddForm::new())),
            Form::Manage => Content::Manage(ManageForm::new(&config.settings, config.vault.main())),
            Form::Show => Content::Show(ShowForm::new(config.account.clone())),
            Form::Settings => Content::Settings(Box::new(SettingsForm::load(&config.settings))),
            Form::Backup => Content::Backup(BackupForm::new(&backup::default_folder(), clock() / 1000)),
            Form::Pick => Content::Pick(PickForm::offering(config.account.as_deref())),
        };
        let mut window = Self {
            texts: Texts(config.language),
            config,
            passphrase: GuiPassphrase::default(),
            phase: Phase::Locked(Unlock::default()),
            content,
            desktop,
            clock,
        };
        window.open_vault();
        window
    }

    pub fn texts(&self) -> Texts {
        self.texts
    }

    pub fn form(&self) -> Form {
        self.config.form
    }

    pub fn config(&self) -> &WindowConfig {
        &self.config
    }

    /// The "Settings" form's state, when this window is that form.
    pub fn settings_form(&self) -> Option<&SettingsForm> {
        match &self.content {
            Content::Settings(form) => Some(form),
            _ => None,
        }
    }

    /// The vault, once open.
    pub fn store(&self) -> Option<&Store> {
        match &self.phase {
            Phase::Ready(store) => Some(store),
            _ => None,
        }
    }

    /// Whether the passphrase is being asked for.
    pub fn is_locked(&self) -> bool {
        matches!(self.phase, Phase::Locked(_))
    }

    fn open_vault(&mut self) {
        self.phase = match Store::open(
            self.config.vault.clone(),
            self.passphrase.clone(),
            self.config.protector,
        ) {
            Ok(store) => Phase::Ready(Box::new(store)),
            Err(OpenError::NeedsPassphrase) => Phase::Locked(Unlock::default()),
            Err(OpenError::WrongPassphrase) => {
                self.passphrase.forget();
                Phase::Locked(Unlock {
                    wrong: true,
                    ..Unlock::default()
                })
            }
            Err(OpenError::Vault(error)) => Phase::Failed(self.texts.unreadable(&error.to_string())),
        };
    }

    /// Tries the passphrase typed into the unlock field.
    pub fn unlock(&mut self) {
        let Phase::Locked(unlock) = &mut self.phase else {
            return;
        };
        if unlock.passphrase.is_empty() {
            unlock.empty = true;
            unlock.wrong = false;
            return;
        }
        self.passphrase.set(std::mem::take(&mut unlock.passphrase));
        self.open_vault();
    }

    /// Draws the window's content; returns what the window should do.
    /// Content taller than [`MAX_CONTENT_HEIGHT`] scrolls inside, so no
    /// form outgrows a 1366 × 768 screen less its taskbar.
    pub fn ui(&mut self, ui: &mut egui::Ui) -> Request {
        // The room is given outright (not what the window has now), so the
        // content's own height is measured and the window grows to it.
        let room = egui::Rect::from_min_size(ui.cursor().min, egui::vec2(ui.available_width(), MAX_CONTENT_HEIGHT));
        ui.scope_builder(egui::UiBuilder::new().max_rect(room), |ui| {
            egui::ScrollArea::vertical()
                .id_salt("form")
                .max_height(MAX_CONTENT_HEIGHT)
                .auto_shrink([false, true])
                .show(ui, |ui| self.content_ui(ui))
                .inner
        })
        .inner
    }

    fn content_ui(&mut self, ui: &mut egui::Ui) -> Request {
        let texts = self.texts;
        widgets::set_language(ui.ctx(), self.config.language);
        let now = (self.clock)();
        if let Content::Settings(form) = &mut self.content {
            // Settings need no unlocked vault: only the default-account
            // picker uses its names, when they can be read.
            let accounts = match &self.phase {
                Phase::Ready(store) => Some(store.accounts()),
                _ => None,
            };
            return match settings::ui(form, ui, texts, accounts, self.config.vault.main()) {
                SettingsOutcome::Stay => Request::Stay,
                SettingsOutcome::Close { toast } => Request::Close { toast },
            };
        }
        match &mut self.phase {
            Phase::Failed(reason) => {
                widgets::error_line(ui, reason);
                let (close, _) = widgets::dialog_buttons(ui, texts.close(), texts.cancel());
                if close || ui.input(|i| i.key_pressed(Key::Escape)) {
                    return Request::Close { toast: None };
                }
                Request::Stay
            }
            Phase::Locked(unlock) => {
                let (unlock_asked, cancel) = unlock_ui(unlock, ui, texts);
                if unlock_asked {
                    self.unlock();
                }
                if cancel || ui.input(|i| i.key_pressed(Key::Escape)) {
                    return Request::Close { toast: None };
                }
                Request::Stay
            }
            Phase::Ready(store) => match &mut self.content {
                Content::Add(form) => match add::ui(form, ui, texts, store, self.desktop.as_mut(), now) {
                    AddOutcome::Stay => Request::Stay,
                    AddOutcome::Cancelled => Request::Close { toast: None },
                    AddOutcome::Registered(_) => {
                        // The form stays, showing the new account's code.
                        if let Some(pasted) = form.take_pasted() {
                            self.desktop.clear_clipboard_if(&pasted);
                        }
                        Request::Stay
                    }
                    AddOutcome::Done(name) => Request::Close {
                        toast: Some(texts.added(&name)),
                    },
                },
                Content::Manage(form) => match manage::ui(form, ui, texts, store) {
                    ManageOutcome::Stay => Request::Stay,
                    ManageOutcome::Close => Request::Close { toast: None },
                    ManageOutcome::OpenAdd => Request::OpenAdd,
                    ManageOutcome::OpenShow(name) => Request::OpenShow(name),
                },
                Content::Settings(_) => Request::Stay, // drawn above, locked or not
                Content::Backup(form) => match backup::ui(form, ui, texts, store, self.desktop.as_mut(), now / 1000) {
                    BackupOutcome::Stay => Request::Stay,
                    BackupOutcome::Cancelled => Request::Close { toast: None },
                    BackupOutcome::Written { accounts, file } => Request::Close {
                        toast: Some(texts.backed_up(accounts, &file.display().to_string())),
                    },
                },
                Content::Pick(form) => match pick::ui(form, ui, texts, store, self.desktop.as_mut(), now) {
                    PickOutcome::Stay => Request::Stay,
                    PickOutcome::Close => Request::Close { toast: None },
                },
                Content::Show(form) => {
                    if show::ui(form, ui, texts, store, self.desktop.as_mut(), now) {
                        Request::Close { toast: None }
                    } else {
                        Request::Stay
                    }
                }
            },
        }
    }
}

/// The passphrase field; returns whether Unlock, and whether Cancel, was asked for.
pub(super) fn unlock_ui(unlock: &mut Unlock, ui: &mut egui::Ui, texts: Texts) -> (bool, bool) {
    ui.label(texts.passphrase_intro());
    ui.add_space(4.0);
    let label = ui.label(texts.passphrase_label());
    let width = ui.available_width();
    let field =
        widgets::secret_field(ui, &mut unlock.passphrase, 1024, |edit| edit.desired_width(width)).labelled_by(label.id);
    if !unlock.focused_once {
        field.request_focus();
        unlock.focused_once = true;
    }
    if unlock.wrong {
        widgets::error_line(ui, texts.passphrase_wrong());
    } else if unlock.empty {
        widgets::error_line(ui, texts.passphrase_empty());
    }
    let submitted = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
    let (clicked, cancel) = widgets::dialog_buttons(ui, texts.unlock(), texts.cancel());
    (clicked || submitted, cancel)
}
