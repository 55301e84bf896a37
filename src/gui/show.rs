//! "Show code" (OTPを表示): the chosen account's code in large digits,
//! grouped `123 456`, a bar counting down the seconds the code has left,
//! and "Copy OTP to clipboard" (クリップボードにOTPをコピー).
//!
//! Time is a parameter (`now`, Unix milliseconds), so the tests pin the
//! clock. The window repaints once a second, at the second's boundary
//! ([`ShowForm::next_repaint`]), never in a busy loop.
//!
//! The window follows the vault: when another window or the command line
//! adds, renames or deletes an account while it is open, the picker and
//! the code change with it (`Store::refresh_if_changed`, looked at once a
//! second); the account on show is followed through a rename, and its
//! deletion is said in a line, another account taking its place. A vault
//! that cannot be read any more leaves the last good list, with a line.
//!
//! Copying follows the tray's rules: the code is copied through the running
//! tray (its toast, and its clearing of the clipboard when the code expires
//! if the clipboard still holds it), or, with no tray, by a
//! `trayotp hold-clipboard` process that does the same clearing; and a code
//! in its last seconds is not handed out: the next one is copied when it
//! starts (`App::grace_seconds`).
//!
//! A code seen elsewhere (the official app, the brokerage's site) can be
//! checked against the account on show, as `trayotp check` does: the
//! current code, one step earlier or later (a clock off), or none.

use std::time::Duration;

use egui::{ComboBox, Key, ProgressBar, RichText, TextEdit};
use zeroize::Zeroizing;

use crate::app::{App, Millis, group_digits};
use crate::domain::check::{self, CodeError, SeenCode};
use crate::domain::{Account, AccountList};

use super::desktop::{CopyError, Desktop};
use super::store::{Refresh, Store};
use super::widgets;
use crate::i18n::Texts;
use crate::vault::VaultNotice;

/// What the window shows for the current second.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeView {
    pub name: String,
    /// "123 456".
    pub digits: String,
    pub seconds_left: u64,
    pub period: u32,
    /// In the last seconds, where a copy waits for the next code.
    pub expiring: bool,
}

/// The outcome of the last Copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CopyState {
    Copied,
    /// Waiting for the next code, which starts at `at`.
    Waiting {
        name: String,
        at: Millis,
    },
    Failed(CopyError),
}

/// What became of the account on show after the vault changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Followed {
    /// Still there under its name.
    Still,
    /// Gone under its name, but the same key is there under this new one.
    Renamed(String),
    Removed,
}

/// Finds the account called `shown` in `previous` again in `current`: by
/// its name, or else by its key among the names `previous` did not have.
pub fn follow(previous: &AccountList, current: &AccountList, shown: &str) -> Followed {
    if current.find(shown).is_some() {
        return Followed::Still;
    }
    let Some(old) = previous.find(shown) else {
        return Followed::Removed;
    };
    current
        .iter()
        .find(|new| previous.find(&new.name).is_none() && new.same_codes_as(old))
        .map_or(Followed::Removed, |new| Followed::Renamed(new.name.clone()))
}

#[derive(Default)]
pub struct ShowForm {
    /// The chosen account; `None` means the first one.
    pub selected: Option<String>,
    pub copy: Option<CopyState>,
    /// The account shown in the last frame.
    pub shown: Option<String>,
    pub notice: Option<VaultNotice>,
    /// A code from elsewhere to check against the account on show.
    pub check_code: Zeroizing<String>,
    /// The last check: the step offset it matched at (`None`: no match).
    pub check: Option<Result<Option<i8>, CodeError>>,
}

impl std::fmt::Debug for ShowForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // No code typed into the check field in a log.
        f.debug_struct("ShowForm")
            .field("selected", &self.selected)
            .field("copy", &self.copy)
            .field("shown", &self.shown)
            .field("notice", &self.notice)
            .field("check", &self.check)
            .finish_non_exhaustive()
    }
}

impl ShowForm {
    pub fn new(selected: Option<String>) -> Self {
        Self {
            selected,
            ..Self::default()
        }
    }

    /// After the vault changed from `previous` to `current`: keeps showing
    /// the same account (renamed, maybe), or says it is gone.
    pub fn vault_changed(&mut self, previous: &AccountList, current: &AccountList) {
        let Some(shown) = self.shown.clone() else {
            return;
        };
        match follow(previous, current, &shown) {
            // Kept on show even if another account moves above it.
            Followed::Still => self.selected = Some(shown),
            Followed::Renamed(name) => {
                if let Some(CopyState::Waiting { name: waiting, .. }) = &mut self.copy {
                    *waiting = name.clone();
                }
                self.selected = Some(name.clone());
                self.shown = Some(name.clone());
                self.notice = Some(VaultNotice::Renamed { from: shown, to: name });
            }
            Followed::Removed => {
                self.selected = None;
                self.copy = None;
                self.shown = self.current(current).map(|a| a.name.clone());
                self.notice = Some(VaultNotice::Removed(shown));
            }
        }
    }

    /// The account shown: the chosen one, or the first if that is gone.
    pub fn current<'a>(&self, accounts: &'a AccountList) -> Option<&'a Account> {
        self.selected
            .as_deref()
            .and_then(|name| accounts.find(name))
            .or_else(|| accounts.iter().next())
    }

    pub fn view(&self, accounts: &AccountList, now: Millis) -> Option<CodeView> {
        let account = self.current(accounts)?;
        let code = account.code_at(now / 1000);
        let left_ms = (code.valid_until * 1000).saturating_sub(now);
        Some(CodeView {
            name: account.name.clone(),
            digits: group_digits(code.digits()),
            seconds_left: left_ms.div_ceil(1000),
            period: account.period,
            expiring: left_ms < App::grace_seconds(account.period) * 1000,
        })
    }

    pub fn choose(&mut self, name: &str) {
        self.selected = Some(name.to_string());
        self.copy = None;
        self.notice = None;
        self.check = None;
    }

    /// "Check" (照合): the typed code against the account on show, now.
    pub fn check_clicked(&mut self, accounts: &AccountList, now: Millis) {
        let Some(account) = self.current(accounts) else {
            return;
        };
        self.check = Some(
            SeenCode::new(&self.check_code, now / 1000)
                .map(|code| check::step_offset(&account.key, account.params(), &code)),
        );
    }

    /// "Copy OTP to clipboard".
    pub fn copy_clicked(&mut self, store: &Store, desktop: &mut dyn Desktop, now: Millis) {
        let Some(account) = self.current(store.accounts()) else {
            return;
        };
        let code = account.code_at(now / 1000);
        let left_ms = (code.valid_until * 1000).saturating_sub(now);
        if left_ms < App::grace_seconds(account.period) * 1000 {
            self.copy = Some(CopyState::Waiting {
                name: account.name.clone(),
                at: code.valid_until * 1000,
            });
        } else {
            self.copy = Some(copy(store, desktop, account, now));
        }
    }

    /// Carries out a copy that waited for the next code, once it is due.
    pub fn tick(&mut self, store: &Store, desktop: &mut dyn Desktop, now: Millis) {
        if let Some(CopyState::Waiting { name, at }) = &self.copy
            && *at <= now
        {
            self.copy = Some(match store.accounts().find(name) {
                Some(account) => copy(store, desktop, account, now),
                None => CopyState::Failed(CopyError::Refused),
            });
        }
    }

    /// How long until the display changes: the next whole second.
    pub fn next_repaint(now: Millis) -> Duration {
        Duration::from_millis(1000 - now % 1000)
    }
}

fn copy(store: &Store, desktop: &mut dyn Desktop, account: &Account, now: Millis) -> CopyState {
    let code = account.code_at(now / 1000);
    match desktop.copy_code(
        store.path().main(),
        &account.name,
        code.digits(),
        code.valid_until * 1000,
    ) {
        Ok(()) => CopyState::Copied,
        Err(error) => CopyState::Failed(error),
    }
}

/// Draws the form; returns whether the window should close.
pub fn ui(
    form: &mut ShowForm,
    ui: &mut egui::Ui,
    texts: Texts,
    store: &mut Store,
    desktop: &mut dyn Desktop,
    now: Millis,
) -> bool {
    if let Refresh::Changed { previous } = store.refresh_if_changed(now) {
        form.vault_changed(&previous, store.accounts());
    }
    let store: &Store = store;
    form.tick(store, desktop, now);
    ui.ctx().request_repaint_after(ShowForm::next_repaint(now));
    let close = ui.input(|i| i.key_pressed(Key::Escape));
    let view = form.view(store.accounts(), now);
    form.shown = view.as_ref().map(|view| view.name.clone());
    if let Some(notice) = &form.notice {
        widgets::warning_line(ui, &texts.vault_notice(notice));
    }
    if let Some(detail) = store.unreadable() {
        widgets::error_line(ui, &texts.vault_reread_failed(detail));
    }
    let Some(view) = view else {
        ui.label(texts.no_accounts());
        return close;
    };

    ui.horizontal(|ui| {
        let label = ui.label(texts.account());
        let combo = ComboBox::from_id_salt("account")
            .selected_text(view.name.as_str())
            .width(ui.available_width())
            .show_ui(ui, |ui| {
                let names: Vec<String> = store.accounts().names().map(str::to_string).collect();
                for name in names {
                    if ui.selectable_label(name == view.name, name.as_str()).clicked() {
                        form.choose(&name);
                    }
                }
            });
        combo.response.labelled_by(label.id);
    });
    ui.add_space(4.0);
    ui.vertical_centered(|ui| {
        ui.label(RichText::new(&view.digits).size(44.0).monospace().strong());
    });
    let fraction = view.seconds_left as f32 / view.period.max(1) as f32;
    let mut bar = ProgressBar::new(fraction)
        .text(texts.seconds_left(view.seconds_left, view.period))
        .desired_height(20.0);
    if view.expiring {
        bar = bar.fill(ui.visuals().warn_fg_color);
    }
    ui.add(bar);
    ui.add_space(6.0);
    ui.vertical_centered_justified(|ui| {
        if ui.button(RichText::new(texts.copy_code()).strong()).clicked() {
            form.copy_clicked(store, desktop, now);
        }
    });
    match &form.copy {
        Some(CopyState::Copied) => {
            ui.label(RichText::new(texts.copied()).small());
        }
        Some(CopyState::Waiting { at, .. }) => {
            ui.label(RichText::new(texts.copying_next(at.saturating_sub(now).div_ceil(1000))).small());
        }
        Some(CopyState::Failed(_)) => widgets::error_line(ui, &texts.copy_failed()),
        None => {}
    }
    ui.add_space(6.0);
    ui.separator();
    let label = ui.label(texts.check_field_label());
    let checked = ui
        .horizontal(|ui| {
            let field = ui
                .add(
                    TextEdit::singleline(&mut *form.check_code)
                        .hint_text(super::style::placeholder("123456"))
                        .desired_width(120.0)
                        .char_limit(32),
                )
                .labelled_by(label.id);
            super::widgets::edit_menu(&field, &mut form.check_code);
            if field.changed() {
                form.check = None;
            }
            let entered = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            ui.button(texts.check_button()).clicked() || entered
        })
        .inner;
    if checked {
        form.check_clicked(store.accounts(), now);
    }
    match &form.check {
        Some(Ok(Some(0))) => {
            ui.label(RichText::new(texts.check_result(Some(0))).strong());
        }
        Some(Ok(offset)) => widgets::warning_line(ui, &texts.check_result(*offset)),
        Some(Err(error)) => widgets::error_line(ui, &texts.code_error(error)),
        None => {}
    }
    close
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::setup_key::{self, ParamOverrides};

    fn list(accounts: &[(&str, &str)]) -> AccountList {
        let mut list = AccountList::default();
        for (name, key) in accounts {
            list.add(name, setup_key::parse(key, ParamOverrides::default()).expect("key"))
                .expect("name");
        }
        list
    }

    const K1: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    const K2: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    #[test]
    fn the_account_on_show_is_followed_through_a_rename_and_missed_when_deleted() {
        let before = list(&[("a", K1), ("b", K2)]);
        assert_eq!(follow(&before, &list(&[("b", K2), ("A ", K1)]), "a"), Followed::Still);
        assert_eq!(
            follow(&before, &list(&[("Bank", K1), ("b", K2)]), "a"),
            Followed::Renamed("Bank".into())
        );
        assert_eq!(follow(&before, &list(&[("b", K2)]), "a"), Followed::Removed);
        // An account with the same key that was already there is not "a" renamed.
        assert_eq!(
            follow(&list(&[("a", K1), ("c", K1)]), &list(&[("c", K1)]), "a"),
            Followed::Removed
        );
    }

    #[test]
    fn a_deleted_account_on_show_gives_way_to_the_first_with_a_notice() {
        let mut form = ShowForm::new(Some("b".into()));
        form.shown = Some("b".into());
        let after = list(&[("a", K1)]);
        form.vault_changed(&list(&[("a", K1), ("b", K2)]), &after);
        assert_eq!(form.notice, Some(VaultNotice::Removed("b".into())));
        assert_eq!(form.current(&after).map(|a| a.name.as_str()), Some("a"));
    }
}
