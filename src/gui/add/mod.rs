//! "Add account" (アカウントの追加): a display name and a setup number, then
//! Register (登録), as in the brokerage's guide.
//!
//! The state and its decisions are plain Rust ([`AddForm`]): which error
//! shows under which field and when, what Paste and the QR buttons fill in,
//! what Register writes. [`ui`] (`view.rs`) only draws it. Errors come from the core's
//! own checks (`AccountList::check_name`, `setup_key::parse`), translated
//! by `texts`, so the form refuses exactly what `trayotp add` refuses.
//!
//! The first account creates the vault; when that vault is protected by a
//! passphrase, the form also asks for a new one, twice ([`new_passphrase`]).
//!
//! The setup number is a secret: it is masked whenever its field is not
//! being typed in (a Show toggle unmasks it), kept in a buffer wiped on
//! drop, and never part of a message.
//!
//! A setup number that can be read several ways (digits only, hex that is
//! also Base32) is never registered on a guess: the form asks for a code
//! the official app or the brokerage's site shows ("Code shown elsewhere",
//! 照合用のコード), and registers the one reading × algorithm × period that
//! makes it (`domain::check`); when several do, it asks for the next code.
//! That field appears only then, and takes the focus. The QR ways and
//! period, digits, algorithm and the optional reading (よみ, which "Find
//! account" searches) ("Advanced", 詳細設定) wait, collapsed,
//! under "Other ways" (その他の方法), so the form opens as the guide shows
//! it. Messages come below the fields, so no field moves when one appears.
//! "From a file of another app…" (ほかのアプリのファイルから…), also there,
//! imports another app's export as `trayotp import FILE` does
//! ([`super::add_import`]), its password asked in the form, its report
//! (added, left out by name, duplicates, or one line) below the fields.
//! After Register the form shows the new account's current code with Copy
//! (through the tray), to be tried on the withdrawal or e-mail change
//! screen before the old app is removed.

use egui::{ComboBox, Key, ProgressBar, RichText, TextEdit};
use zeroize::Zeroizing;

use crate::app::{App, Millis, group_digits};
use crate::domain::Account;
use crate::domain::account::check_reading;
use crate::domain::check::{self, Candidate, Choice, ChooseError, CodeError, SeenCode, Tried};
use crate::domain::setup_key::{self, ParamOverrides, SetupNumber};
use crate::domain::{Algorithm, NameError, ParsedSetupKey, SetupKeyError};

use super::add_import::AppFile;
use super::desktop::{ClipboardRead, Desktop};
use super::new_passphrase::{self, NewPassphrase};
use super::show::{CopyState, ShowForm};
use super::store::{Store, StoreError};
use super::style;
use super::widgets::{self, Tone};
use crate::formats::qr::{self, QrError, QrSetup};
use crate::i18n::{Texts, Worded};
use crate::transfer::import::Failure;

mod view;
pub use view::ui;

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
    /// Just registered under this (trimmed) name: the form now shows its
    /// code, to be confirmed on the brokerage's site.
    Registered(String),
    /// The confirmation was closed: close, and confirm in a toast.
    Done(String),
}

/// A line under "Code shown elsewhere" about the check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckNotice {
    /// The setup number can be read several ways, and no code was given:
    /// what a code will be checked against.
    NeedsCode(Tried),
    Code(CodeError),
    NoMatch(Tried),
    /// This many candidates make the codes so far: the next code, please.
    Several(usize),
    /// The code typed is the one already checked.
    SameCode,
}

/// Period, digits and algorithm, when the user sets them ("Advanced").
#[derive(Debug, Clone, Default)]
pub struct Advanced {
    /// Open when the form opens.
    pub open: bool,
    /// Seconds, as typed; empty for automatic.
    pub period: String,
    pub digits: Option<u8>,
    pub algorithm: Option<Algorithm>,
    /// The account's reading (よみ), as typed; empty for none.
    pub reading: String,
}

impl Advanced {
    pub fn overrides(&self) -> Result<ParamOverrides, SetupKeyError> {
        let period = match self.period.trim() {
            "" => None,
            text => Some(
                text.parse::<u32>()
                    .ok()
                    .filter(|p| crate::domain::otp::PERIOD_RANGE.contains(p))
                    .ok_or_else(|| SetupKeyError::Period(text.chars().take(12).collect()))?,
            ),
        };
        Ok(ParamOverrides {
            algorithm: self.algorithm,
            digits: self.digits,
            period,
        })
    }
}

/// The account just registered, whose code the form shows.
#[derive(Debug)]
pub struct Registered {
    pub name: String,
    /// What the check found, if a code was given.
    pub found: Option<Candidate>,
    /// Its code, copied as "Show code" copies it (through the tray).
    pub show: ShowForm,
}

#[derive(Default)]
pub struct AddForm {
    pub name: String,
    pub key: Zeroizing<String>,
    pub show_key: bool,
    /// Register was pressed: from now on an empty field is an error too.
    attempted: bool,
    pub notice: Option<Notice>,
    /// A code the user sees elsewhere now (照合用のコード).
    pub check_code: Zeroizing<String>,
    /// Codes already checked, when several candidates made them, and the
    /// setup number they were checked for.
    seen: Vec<SeenCode>,
    seen_for: Zeroizing<String>,
    pub check: Option<CheckNotice>,
    pub advanced: Advanced,
    /// Set once registered: the form shows the account's code.
    pub registered: Option<Registered>,
    /// The vault could not be written (its own one line).
    pub save_error: Option<String>,
    /// The new vault's passphrase, when registering creates a passphrase vault.
    pub new_passphrase: NewPassphrase,
    /// "From a file of another app…": its password and its report.
    pub app_file: AppFile,
    /// What Paste took from the clipboard, to clear it from there once the
    /// account is registered.
    pasted: Option<Zeroizing<String>>,
    focused_once: bool,
    /// The code field is to take the focus (it just appeared, or Register
    /// needs a code in it).
    focus_check: bool,
    /// The code field was shown in the last frame.
    check_shown: bool,
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

    fn read_key(&self) -> Result<SetupNumber, SetupKeyError> {
        setup_key::read(&self.key)
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
        match self.read_key() {
            Ok(_) => None,
            Err(SetupKeyError::Empty) if !self.attempted => None,
            Err(
                SetupKeyError::BadLength { .. }
                | SetupKeyError::TooShort { .. }
                | SetupKeyError::OddHexDigits { .. }
                | SetupKeyError::ActivationCode { .. },
            ) if typing && !self.attempted => None,
            Err(error) => Some(error),
        }
    }

    /// Warnings about an acceptable key (a short one), when it has one reading.
    pub fn key_warnings(&self) -> Vec<setup_key::SetupKeyWarning> {
        match self.read_key() {
            Ok(SetupNumber::Link(link)) => link.warnings,
            Ok(SetupNumber::Bare(bare)) => bare.only().map(|r| setup_key::key_warnings(&r.key)).unwrap_or_default(),
            Err(_) => Vec::new(),
        }
    }

    /// The line under "Code shown elsewhere" now: what the last Register
    /// said, or, before that, that this setup number needs a code.
    pub fn check_notice(&self) -> Option<CheckNotice> {
        if self.check.is_some() {
            return self.check.clone();
        }
        match self.read_key() {
            Ok(setup @ SetupNumber::Bare(_)) if self.is_ambiguous() && self.check_code.trim().is_empty() => {
                let overrides = self.advanced.overrides().unwrap_or_default();
                check::to_try(&setup, overrides).ok().map(CheckNotice::NeedsCode)
            }
            _ => None,
        }
    }

    /// Whether the setup number can be read several ways (and so needs a
    /// code to register).
    pub fn is_ambiguous(&self) -> bool {
        matches!(self.read_key(), Ok(SetupNumber::Bare(bare)) if bare.is_ambiguous())
    }

    /// Whether "Code shown elsewhere" (照合用のコード) is on the form: only
    /// when the setup number needs a code, or one was typed or checked.
    pub fn needs_check_field(&self) -> bool {
        self.is_ambiguous() || self.check.is_some() || !self.check_code.is_empty() || !self.seen.is_empty()
    }

    /// Register (登録): checks the fields, decides what the setup number
    /// is (with the code, if given) and adds the account through the vault.
    /// On failure the errors show under the fields; nothing is written.
    pub fn register(&mut self, store: &mut Store, now: Millis) -> AddOutcome {
        self.attempted = true;
        self.save_error = None;
        self.check = None;
        if store.accounts().check_name(&self.name, None).is_err() {
            return AddOutcome::Stay;
        }
        let Ok(setup) = self.read_key() else {
            return AddOutcome::Stay;
        };
        let Ok(overrides) = self.advanced.overrides() else {
            return AddOutcome::Stay;
        };
        let Ok(reading) = check_reading(&self.advanced.reading) else {
            return AddOutcome::Stay;
        };
        if *self.seen_for != *self.key {
            // Codes checked for another setup number say nothing about this one.
            self.seen.clear();
        }
        let mut seen = self.seen.clone();
        if !self.check_code.trim().is_empty() {
            let code = match SeenCode::new(&self.check_code, now / 1000) {
                Ok(code) => code,
                Err(error) => {
                    self.check = Some(CheckNotice::Code(error));
                    self.focus_check = true;
                    return AddOutcome::Stay;
                }
            };
            if seen.last().is_some_and(|last| last.digits() == code.digits()) {
                self.check = Some(CheckNotice::SameCode);
                self.focus_check = true;
                return AddOutcome::Stay;
            }
            seen.push(code);
        }
        let (parsed, found) = match check::choose(&setup, overrides, &seen) {
            Ok(Choice::Register { setup, found }) => (*setup, found),
            Ok(Choice::Ambiguous(_)) => {
                self.check = check::to_try(&setup, overrides).ok().map(CheckNotice::NeedsCode);
                self.focus_check = true;
                return AddOutcome::Stay;
            }
            Ok(Choice::NoMatch(tried)) => {
                self.seen.clear();
                self.check = Some(CheckNotice::NoMatch(tried));
                self.focus_check = true;
                return AddOutcome::Stay;
            }
            Ok(Choice::Several(count)) => {
                self.seen = seen;
                self.seen_for = self.key.clone();
                self.check_code = Zeroizing::new(String::new());
                self.check = Some(CheckNotice::Several(count));
                self.focus_check = true;
                return AddOutcome::Stay;
            }
            Err(ChooseError::Code(error)) => {
                self.check = Some(CheckNotice::Code(error));
                self.focus_check = true;
                return AddOutcome::Stay;
            }
            // Out-of-range "Advanced" values show under their fields.
            Err(ChooseError::SetupKey(_)) => return AddOutcome::Stay,
        };
        if store.needs_new_passphrase() {
            match self.new_passphrase.chosen() {
                Ok(passphrase) => store.choose_new_passphrase(passphrase),
                Err(_) => return AddOutcome::Stay,
            }
        }
        let mut account = Account::new(self.name.clone(), parsed);
        account.reading = reading;
        match store.change(|accounts| Ok(accounts.push(account)?.name.clone())) {
            Ok(name) => {
                self.seen.clear();
                self.check_code = Zeroizing::new(String::new());
                self.registered = Some(Registered {
                    name: name.clone(),
                    found,
                    show: ShowForm::new(Some(name.clone())),
                });
                AddOutcome::Registered(name)
            }
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
                self.key = text.clone();
                self.remember_pasted(text);
            }
            ClipboardRead::Empty => self.notice = Some(Notice::NoClipboardText),
            ClipboardRead::Unavailable => self.notice = Some(Notice::ClipboardUnavailable),
        }
    }

    /// A setup number pasted from the keyboard (Ctrl+V, Shift+Insert) or the
    /// field's menu, which the field has already inserted: remembered, as
    /// with Paste, to be cleared from the clipboard after Register.
    pub fn pasted_by_keyboard(&mut self, text: String) {
        self.remember_pasted(Zeroizing::new(text));
    }

    /// What both ways of pasting share: the clipboard's text is noted (see
    /// [`AddForm::take_pasted`]), and a link's name fills an empty name.
    fn remember_pasted(&mut self, text: Zeroizing<String>) {
        self.pasted = Some(text);
        if let Ok(SetupNumber::Link(parsed)) = self.read_key() {
            self.suggest_name(parsed_name(&parsed));
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
    pub fn qr_from_file(&mut self, desktop: &mut dyn Desktop, texts: Texts) {
        match desktop.pick_picture(texts.qr_file_filter()) {
            None => {}
            Some(Ok(bytes)) => self.fill_from_qr(qr::from_file_bytes(&bytes)),
            Some(Err(_)) => self.notice = Some(Notice::Qr(QrError::Unreadable)),
        }
    }

    /// "From a file of another app…": the system's file dialog, then the
    /// file read as `trayotp import FILE` reads it and merged into the
    /// vault (`add_import`); its report shows below the fields.
    pub fn app_file_from_dialog(&mut self, store: &mut Store, desktop: &mut dyn Desktop, texts: Texts) {
        if !self.new_vault_passphrase_ready(store) {
            return;
        }
        if let Some(path) = desktop.pick_file(texts.app_file_dialog_title()) {
            self.app_file.open(&path, store);
        }
    }

    /// "Import" under the file's password.
    pub fn app_file_with_password(&mut self, store: &mut Store) {
        if self.new_vault_passphrase_ready(store) {
            self.app_file.import_with_password(store);
        }
    }

    /// When the import creates a passphrase vault: its new passphrase, chosen
    /// in the fields above, is handed to the store (else the report says to
    /// choose it first).
    fn new_vault_passphrase_ready(&mut self, store: &mut Store) -> bool {
        if !store.needs_new_passphrase() {
            return true;
        }
        match self.new_passphrase.chosen() {
            Ok(passphrase) => {
                store.choose_new_passphrase(passphrase);
                true
            }
            Err(_) => {
                self.app_file.refuse(Failure::NewPassphraseFirst);
                false
            }
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

fn notice_text(notice: &Notice, texts: Texts) -> (String, bool) {
    match notice {
        Notice::FilledFromQr => (texts.qr_filled().into(), false),
        Notice::FilledFirstOf(count) => (texts.qr_first_of(*count), false),
        Notice::Qr(error) => (texts.qr_error(error), true),
        Notice::NoClipboardText => (texts.clipboard_no_text().into(), true),
        Notice::NoClipboardImage => (texts.clipboard_no_image().into(), true),
        Notice::ClipboardUnavailable => (texts.clipboard_unavailable().into(), true),
    }
}

fn check_notice_text(notice: &CheckNotice, texts: Texts) -> Worded {
    match notice {
        CheckNotice::NeedsCode(tried) => texts.needs_code(tried),
        CheckNotice::Code(error) => Worded::plain(texts.code_error(error)),
        CheckNotice::NoMatch(tried) => texts.no_match(tried),
        CheckNotice::Several(count) => texts.several_match(*count),
        CheckNotice::SameCode => Worded::plain(texts.same_code_again()),
    }
}

/// Every message the form shows now, in the order drawn (below the
/// fields, so that no field moves when one comes or goes).
pub fn messages(form: &AddForm, store: &Store, texts: Texts, typing_key: bool) -> Vec<(Tone, Worded)> {
    let mut out = Vec::new();
    if let Some(error) = form.name_error(store) {
        out.push((Tone::Error, Worded::plain(texts.name_error(&error))));
    }
    if let Some(error) = form.key_error(typing_key) {
        out.push((Tone::Error, texts.key_error(&error)));
    }
    for warning in form.key_warnings() {
        out.push((Tone::Warning, texts.key_warning(&warning)));
    }
    if let Some(notice) = form.check_notice() {
        let tone = match notice {
            CheckNotice::NeedsCode(_) if !form.attempted => Tone::Warning,
            CheckNotice::Several(_) | CheckNotice::SameCode => Tone::Warning,
            _ => Tone::Error,
        };
        out.push((tone, check_notice_text(&notice, texts)));
    }
    if let Some(notice) = &form.notice {
        let (text, is_error) = notice_text(notice, texts);
        out.push((if is_error { Tone::Error } else { Tone::Info }, Worded::plain(text)));
    }
    if let Some(detail) = &form.save_error {
        out.push((Tone::Error, Worded::plain(texts.not_saved(detail))));
    }
    out
}

/// What "From a file of another app…" has to say now: that the file asks
/// for its password, or the report of the import (see `transfer::import::lines`).
pub fn app_file_messages(form: &AddForm, texts: Texts) -> Vec<(Tone, Worded)> {
    let mut out = Vec::new();
    if form.app_file.asks_password() && form.app_file.report.is_none() {
        out.push((Tone::Info, Worded::plain(texts.app_file_needs_password())));
    }
    if let Some(report) = &form.app_file.report {
        for line in crate::transfer::import::lines(report) {
            let tone = if line.is_error() {
                Tone::Error
            } else if line.is_info() {
                Tone::Info
            } else {
                Tone::Warning
            };
            out.push((tone, texts.import_line(&line)));
        }
    }
    out
}
