//! "Add account" (アカウントの追加): a display name and a setup number, then
//! Register (登録), as in the brokerage's guide.
//!
//! The state and its decisions are plain Rust ([`AddForm`]): which error
//! shows under which field and when, what Paste and the QR buttons fill in,
//! what Register writes. [`ui`] only draws it. Errors come from the core's
//! own checks (`AccountList::check_name`, `setup_key::parse`), translated
//! by `texts`, so the form refuses exactly what `trayotp add` refuses.
//!
//! The first account creates the vault; when that vault is protected by a
//! passphrase, the form also asks for a new one, twice ([`new_passphrase`]).
//!
//! The setup number is a secret: it is masked whenever its field is not
//! being typed in (a Show toggle unmasks it), kept in a buffer wiped on
//! drop, and never part of a message.

use egui::{Key, RichText, TextEdit};
use zeroize::Zeroizing;

use crate::domain::setup_key::{self, ParamOverrides};
use crate::domain::{NameError, ParsedSetupKey, SetupKeyError};

use super::desktop::{ClipboardRead, Desktop};
use super::new_passphrase::{self, NewPassphrase};
use super::qr::{self, QrError, QrSetup};
use super::store::{Store, StoreError};
use super::texts::FormTexts;
use super::widgets;

/// A note under the buttons about what Paste or a QR button did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    FilledFromQr,
    FilledFirstOf(usize),
    Qr(QrError),
    NoClipboardText,
    NoClipboardImage,
    ClipboardUnavailable,
}

/// What the form wants its window to do after a frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddOutcome {
    Stay,
    Cancelled,
    /// Registered under this (trimmed) name: close, and confirm in a toast.
    Registered(String),
}

#[derive(Default)]
pub struct AddForm {
    pub name: String,
    pub key: Zeroizing<String>,
    pub show_key: bool,
    /// Register was pressed: from now on an empty field is an error too.
    attempted: bool,
    pub notice: Option<Notice>,
    /// The vault could not be written (its own one line).
    pub save_error: Option<String>,
    /// The new vault's passphrase, when registering creates a passphrase vault.
    pub new_passphrase: NewPassphrase,
    /// What Paste took from the clipboard, to clear it from there once the
    /// account is registered.
    pasted: Option<Zeroizing<String>>,
    focused_once: bool,
}

impl std::fmt::Debug for AddForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AddForm")
            .field("name", &self.name)
            .field("notice", &self.notice)
            .finish_non_exhaustive()
    }
}

impl AddForm {
    pub fn new() -> Self {
        Self::default()
    }

    fn parse_key(&self) -> Result<ParsedSetupKey, SetupKeyError> {
        setup_key::parse(&self.key, ParamOverrides::default())
    }

    /// The error to show under the display name now, if any: as soon as
    /// something is typed, and for an empty name once Register was pressed.
    pub fn name_error(&self, store: &Store) -> Option<NameError> {
        match store.accounts().check_name(&self.name, None) {
            Err(NameError::Empty) if !self.attempted => None,
            Err(error) => Some(error),
            Ok(_) => None,
        }
    }

    /// The error to show under the setup number now, if any. A wrong
    /// character shows at once; "too short" and "wrong length" wait until
    /// the user has left the field (or pressed Register), since every key
    /// is too short while it is being typed.
    pub fn key_error(&self, typing: bool) -> Option<SetupKeyError> {
        match self.parse_key() {
            Ok(_) => None,
            Err(SetupKeyError::Empty) if !self.attempted => None,
            Err(SetupKeyError::BadLength { .. } | SetupKeyError::TooShort { .. }) if typing && !self.attempted => None,
            Err(error) => Some(error),
        }
    }

    /// Warnings about an acceptable key (a short one).
    pub fn key_warnings(&self) -> Vec<setup_key::SetupKeyWarning> {
        self.parse_key().map(|parsed| parsed.warnings).unwrap_or_default()
    }

    /// Register (登録): checks both fields and adds the account through the
    /// vault. On failure the errors show under the fields.
    pub fn register(&mut self, store: &mut Store) -> AddOutcome {
        self.attempted = true;
        self.save_error = None;
        if store.accounts().check_name(&self.name, None).is_err() {
            return AddOutcome::Stay;
        }
        let Ok(parsed) = self.parse_key() else {
            return AddOutcome::Stay;
        };
        if store.needs_new_passphrase() {
            match self.new_passphrase.chosen() {
                Ok(passphrase) => store.choose_new_passphrase(passphrase),
                Err(_) => return AddOutcome::Stay,
            }
        }
        let name = self.name.clone();
        match store.change(|accounts| Ok(accounts.add(&name, parsed)?.name.clone())) {
            Ok(name) => AddOutcome::Registered(name),
            // Another window or `trayotp add` took the name meanwhile: the
            // store now has the fresh list, so the name's error shows.
            Err(StoreError::Account(_)) => AddOutcome::Stay,
            Err(StoreError::Vault(error)) => {
                self.save_error = Some(error.to_string());
                AddOutcome::Stay
            }
        }
    }

    /// Paste (貼り付け): the clipboard's text becomes the setup number.
    pub fn paste(&mut self, clipboard: ClipboardRead<Zeroizing<String>>) {
        self.notice = None;
        match clipboard {
            ClipboardRead::Got(text) => {
                self.pasted = Some(text.clone());
                self.key = text;
                if let Ok(parsed) = self.parse_key() {
                    self.suggest_name(parsed_name(&parsed));
                }
            }
            ClipboardRead::Empty => self.notice = Some(Notice::NoClipboardText),
            ClipboardRead::Unavailable => self.notice = Some(Notice::ClipboardUnavailable),
        }
    }

    /// The setup number Paste took from the clipboard, if any (once).
    pub fn take_pasted(&mut self) -> Option<Zeroizing<String>> {
        self.pasted.take()
    }

    /// Fills both fields from what a QR code gave.
    pub fn fill_from_qr(&mut self, result: Result<QrSetup, QrError>) {
        match result {
            Ok(setup) => {
                self.key = setup.text;
                self.suggest_name(setup.name);
                self.notice = Some(if setup.accounts > 1 {
                    Notice::FilledFirstOf(setup.accounts)
                } else {
                    Notice::FilledFromQr
                });
            }
            Err(error) => self.notice = Some(Notice::Qr(error)),
        }
    }

    /// "From clipboard image".
    pub fn qr_from_clipboard(&mut self, desktop: &mut dyn Desktop) {
        match desktop.clipboard_picture() {
            ClipboardRead::Got(picture) => {
                self.fill_from_qr(qr::from_rgba(picture.width, picture.height, &picture.rgba));
            }
            ClipboardRead::Empty => self.notice = Some(Notice::NoClipboardImage),
            ClipboardRead::Unavailable => self.notice = Some(Notice::ClipboardUnavailable),
        }
    }

    /// "From QR image…".
    pub fn qr_from_file(&mut self, desktop: &mut dyn Desktop, texts: FormTexts) {
        match desktop.pick_picture(texts.qr_file_filter()) {
            None => {}
            Some(Ok(bytes)) => self.fill_from_qr(qr::from_file_bytes(&bytes)),
            Some(Err(_)) => self.notice = Some(Notice::Qr(QrError::Unreadable)),
        }
    }

    /// A name from the link, used only if the user has not typed one.
    fn suggest_name(&mut self, name: Option<String>) {
        if self.name.trim().is_empty()
            && let Some(name) = name.filter(|n| !n.is_empty())
        {
            self.name = name;
        }
    }
}

fn parsed_name(parsed: &ParsedSetupKey) -> Option<String> {
    (parsed.issuer.is_some() || parsed.label.is_some())
        .then(|| crate::domain::merge::name_from_parts(parsed.issuer.as_deref(), parsed.label.as_deref()))
}

fn notice_text(notice: &Notice, texts: FormTexts) -> (String, bool) {
    match notice {
        Notice::FilledFromQr => (texts.qr_filled().into(), false),
        Notice::FilledFirstOf(count) => (texts.qr_first_of(*count), false),
        Notice::Qr(error) => (texts.qr_error(error), true),
        Notice::NoClipboardText => (texts.clipboard_no_text().into(), true),
        Notice::NoClipboardImage => (texts.clipboard_no_image().into(), true),
        Notice::ClipboardUnavailable => (texts.clipboard_unavailable().into(), true),
    }
}

/// Draws the form; returns what the window should do.
pub fn ui(
    form: &mut AddForm,
    ui: &mut egui::Ui,
    texts: FormTexts,
    store: &mut Store,
    desktop: &mut dyn Desktop,
) -> AddOutcome {
    let field_width = ui.available_width();
    let name_label = ui.label(texts.name_label());
    let name = ui
        .add(
            TextEdit::singleline(&mut form.name)
                .hint_text(texts.name_hint())
                .desired_width(field_width)
                .char_limit(200),
        )
        .labelled_by(name_label.id);
    if !form.focused_once {
        // The window opens with the cursor in the display name.
        name.request_focus();
        form.focused_once = true;
    }
    if let Some(error) = form.name_error(store) {
        widgets::error_line(ui, &texts.name_error(&error));
    }
    ui.add_space(6.0);

    let key_label = ui.label(texts.key_label());
    let key_id = ui.make_persistent_id("setup-number");
    let typing = ui.memory(|m| m.has_focus(key_id));
    let key = ui
        .horizontal(|ui| {
            let toggle_width = 64.0;
            // Masked while typed too (an IME never sees it as text); the
            // Show toggle reveals it.
            let width = ui.available_width() - toggle_width;
            let response = widgets::secret_field(ui, &mut form.key, 4096, |edit| {
                edit.id(key_id)
                    .password(!form.show_key)
                    .hint_text(texts.key_hint())
                    .desired_width(width)
            })
            .labelled_by(key_label.id);
            let toggle = if form.show_key {
                texts.hide_key()
            } else {
                texts.show_key()
            };
            if ui.button(toggle).clicked() {
                form.show_key = !form.show_key;
            }
            response
        })
        .inner;
    if let Some(error) = form.key_error(typing) {
        widgets::error_line(ui, &texts.key_error(&error));
    }
    for warning in form.key_warnings() {
        widgets::warning_line(ui, &texts.key_warning(&warning));
    }
    ui.add_space(6.0);

    ui.horizontal_wrapped(|ui| {
        if ui.button(texts.paste()).clicked() {
            let clipboard = desktop.clipboard_text();
            form.paste(clipboard);
        }
        if ui.button(texts.from_qr_image()).clicked() {
            form.qr_from_file(desktop, texts);
        }
        if ui.button(texts.from_clipboard_image()).clicked() {
            form.qr_from_clipboard(desktop);
        }
    });
    if let Some(notice) = &form.notice {
        let (text, is_error) = notice_text(notice, texts);
        if is_error {
            widgets::error_line(ui, &text);
        } else {
            ui.label(RichText::new(text).small());
        }
    }
    let mut left = vec![name.lost_focus(), key.lost_focus()];
    if store.needs_new_passphrase() {
        ui.add_space(6.0);
        let fields = new_passphrase::ui(&mut form.new_passphrase, ui, texts, form.attempted);
        left.extend(fields.iter().map(egui::Response::lost_focus));
    }
    if let Some(detail) = &form.save_error {
        widgets::error_line(ui, &texts.not_saved(detail));
    }

    let submitted = left.contains(&true) && ui.input(|i| i.key_pressed(Key::Enter));
    let (register, cancel) = widgets::dialog_buttons(ui, texts.register(), texts.cancel());
    if register || submitted {
        return form.register(store);
    }
    if cancel || ui.input(|i| i.key_pressed(Key::Escape)) {
        return AddOutcome::Cancelled;
    }
    AddOutcome::Stay
}
