//! The tray's backup reminder: when to suggest "Back up…", once.
//!
//! The rule is `domain::reminder::backup_reminder_due`; this applies it to
//! the tray. The inputs come from the vault's state file (`vault::state`),
//! which the shell reads at start and after every vault reload
//! ([`Event::BackupState`](super::Event::BackupState)); a backup made with
//! `trayotp backup` or the "Back up…" form tells the tray to reload, so the
//! record is always the newest.
//!
//! - When a reminder is due, one toast suggests a backup and the time is
//!   recorded ([`Effect::RecordBackupReminder`](super::Effect)), so it is
//!   not shown again for an interval, across restarts too: it never nags.
//! - While a backup is due (the newest is missing, stale or incomplete), the
//!   "Back up…" item is marked "(recommended)"; a backup takes the mark away.
//! - The tray stays idle: no polling. Besides start, reloads and settings
//!   changes, the only wake-up is the app's one timer, armed for the moment
//!   the next reminder can fall due (when the newest backup or the last
//!   reminder becomes an interval old: days away). A tray left running for
//!   weeks thus reminds on time, at the cost of one wake-up per interval.
//! - A code in the clipboard (its toast showing, its expiry pending) is
//!   never interrupted: the reminder waits until that code has expired.
//!   Nor is a warning shown at start (hotkey taken, damaged settings): the
//!   reminder comes a minute later.
//! - Nor is the news of a new account: when the vault reloads with more
//!   accounts, its form's toast ("… was added") and the first copy of its
//!   code come first, and the reminder toast waits
//!   [`HOLD_AFTER_NEW_ACCOUNT_MS`]; the menu's "(recommended)" mark shows at
//!   once, so the next menu open says it.

use super::menu::{self, MenuEntry};
use super::{App, Effect, Form, Millis};
use crate::domain::reminder::{BackupRecord, backup_reminder_due};

const SECONDS_PER_DAY: u64 = 24 * 60 * 60;

/// How long a warning toast (a hotkey another program holds, a damaged
/// settings file) stays unreplaced by a reminder.
pub(super) const HOLD_AFTER_WARNING_MS: Millis = 60_000;

/// How long the reminder toast waits after an account was added: past the
/// confirmation screen, its toast and the first code's expiry.
pub(super) const HOLD_AFTER_NEW_ACCOUNT_MS: Millis = 10 * 60_000;

/// What the vault's state file says about backups.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BackupState {
    /// The newest backup made with `trayotp backup` or the "Back up…" form.
    pub last_backup: Option<BackupRecord>,
    /// Unix time (seconds) a reminder was last shown.
    pub last_reminded: Option<u64>,
}

impl App {
    /// Whether a copy is under way: its toast and expiry come first.
    fn copy_pending(&self) -> bool {
        self.guard.is_some() || self.delayed.is_some() || self.in_flight.is_some()
    }

    /// Applies the reminder rule at `now`: marks the menu item, and shows
    /// the reminder once when it is due.
    pub(super) fn check_backup(&mut self, now: Millis, effects: &mut Vec<Effect>) {
        let Some(state) = self.backup else {
            return;
        };
        let seconds = now / 1000;
        let accounts = self.accounts.len();
        let days = self.config.backup_reminder_days;
        let recommended = backup_reminder_due(accounts, state.last_backup, days, None, seconds);
        if recommended != self.backup_recommended {
            self.backup_recommended = recommended;
            effects.push(Effect::SetMenu(self.menu()));
        }
        if self.copy_pending()
            || now < self.reminders_held_until
            || !backup_reminder_due(accounts, state.last_backup, days, state.last_reminded, seconds)
        {
            return;
        }
        self.backup = Some(BackupState {
            last_reminded: Some(seconds),
            ..state
        });
        let body = self.texts().backup_reminder(state.last_backup.is_some());
        self.toast(effects, body, None);
        effects.push(Effect::RecordBackupReminder(seconds));
    }

    /// When the next reminder can fall due, if the timer must wake for it.
    pub(super) fn backup_deadline(&self) -> Option<Millis> {
        let state = self.backup?;
        let days = self.config.backup_reminder_days;
        if days == 0 || self.accounts.is_empty() || self.copy_pending() {
            // Nothing to remind of; or the code's expiry wakes the app first.
            return None;
        }
        if self.reminders_held_until > 0 {
            let now_seconds = self.reminders_held_until / 1000;
            if backup_reminder_due(
                self.accounts.len(),
                state.last_backup,
                days,
                state.last_reminded,
                now_seconds,
            ) {
                // Due, but held back behind a warning: wake when the hold ends.
                return Some(self.reminders_held_until);
            }
        }
        let interval = u64::from(days) * SECONDS_PER_DAY;
        // Not due now (or it would have been shown): it falls due when both
        // the newest backup and the last reminder are an interval old.
        [state.last_backup.map(|b| b.at), state.last_reminded]
            .into_iter()
            .flatten()
            .map(|at| at.saturating_add(interval).saturating_mul(1000))
            .max()
    }

    /// The "Back up…" menu item, marked while a backup is due.
    pub(super) fn backup_entry(&self) -> MenuEntry {
        let texts = self.texts();
        let label = if self.backup_recommended {
            texts.menu_backup_recommended()
        } else {
            texts.menu_form(Form::Backup)
        };
        MenuEntry::Form {
            form: Form::Backup,
            label: menu::escape_mnemonics(&label, self.config.mnemonics),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{AppConfig, Event, menu::MnemonicStyle};
    use crate::domain::AccountList;
    use crate::domain::setup_key::{self, ParamOverrides};
    use crate::i18n::Language;

    const DAY: u64 = SECONDS_PER_DAY;
    /// 2025-06-15, in seconds and in the app's milliseconds.
    const NOW: u64 = 1_750_000_000;
    const NOW_MS: Millis = NOW * 1000;

    fn accounts(count: usize) -> AccountList {
        let mut list = AccountList::default();
        for i in 0..count {
            let parsed = setup_key::parse("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", ParamOverrides::default()).expect("key");
            list.add(&format!("account {i}"), parsed).expect("name");
        }
        list
    }

    fn config(language: Language) -> AppConfig {
        AppConfig {
            language,
            mnemonics: MnemonicStyle::Ampersand,
            ..AppConfig::default()
        }
    }

    fn app_with(count: usize, language: Language) -> App {
        let mut app = App::new(config(language));
        app.handle(Event::Started(accounts(count)), NOW_MS);
        app
    }

    fn backup(days_ago: u64, accounts: usize) -> Option<BackupRecord> {
        Some(BackupRecord {
            at: NOW - days_ago * DAY,
            accounts,
        })
    }

    fn toast(effects: &[Effect]) -> Option<&str> {
        effects.iter().find_map(|e| match e {
            Effect::ShowToast { body, .. } => Some(body.as_str()),
            _ => None,
        })
    }

    fn recorded(effects: &[Effect]) -> Option<u64> {
        effects.iter().find_map(|e| match e {
            Effect::RecordBackupReminder(at) => Some(*at),
            _ => None,
        })
    }

    fn timer(effects: &[Effect]) -> Option<Option<Millis>> {
        effects.iter().find_map(|e| match e {
            Effect::SetTimer(at) => Some(*at),
            _ => None,
        })
    }

    /// The "Back up…" item's label in the newest menu among `effects`.
    fn backup_label(effects: &[Effect]) -> Option<String> {
        effects.iter().rev().find_map(|e| match e {
            Effect::SetMenu(menu) => menu.iter().find_map(|entry| match entry {
                MenuEntry::Form {
                    form: Form::Backup,
                    label,
                } => Some(label.clone()),
                _ => None,
            }),
            _ => None,
        })
    }

    #[test]
    fn the_first_account_without_a_backup_is_reminded_once_and_the_item_is_marked() {
        let mut app = app_with(0, Language::English);
        // No accounts: nothing to lose, nothing said.
        let effects = app.handle(Event::BackupState(BackupState::default()), NOW_MS);
        assert_eq!(toast(&effects), None, "{effects:?}");
        assert_eq!(app.backup_entry(), backup_item("Back up…"));

        // The first account is added: the vault reloads, then its state.
        // The new account's own toast stays: the reminder waits, and the
        // menu marks "Back up…" at once (the next menu open says it).
        let mut effects = app.handle(Event::VaultReloaded(accounts(1)), NOW_MS);
        effects.extend(app.handle(Event::BackupState(BackupState::default()), NOW_MS));
        assert_eq!(toast(&effects), None, "the new account's toast stays: {effects:?}");
        assert_eq!(recorded(&effects), None, "not counted as shown");
        assert_eq!(backup_label(&effects).as_deref(), Some("Back up… (recommended)"));
        let wake = NOW_MS + HOLD_AFTER_NEW_ACCOUNT_MS;
        assert_eq!(timer(&effects), Some(Some(wake)), "woken when the hold ends");
        let effects = app.handle(Event::TimerFired, wake - 1);
        assert_eq!(toast(&effects), None, "not before the hold ends");
        let effects = app.handle(Event::TimerFired, wake);
        assert_eq!(
            toast(&effects),
            Some(
                "Make a backup: without one, your accounts are lost if this PC breaks or is replaced (menu → Back up…)"
            )
        );
        assert_eq!(recorded(&effects), Some(wake / 1000), "remembered across restarts");
        assert_eq!(app.backup_entry(), backup_item("Back up… (recommended)"));

        // The next reload (the state file now says it was shown): silence.
        let state = BackupState {
            last_backup: None,
            last_reminded: Some(wake / 1000),
        };
        app.handle(Event::VaultReloaded(accounts(1)), wake + 60_000);
        let effects = app.handle(Event::BackupState(state), wake + 60_000);
        assert_eq!(toast(&effects), None, "never nags: {effects:?}");
        assert_eq!(recorded(&effects), None);
        assert_eq!(
            app.backup_entry(),
            backup_item("Back up… (recommended)"),
            "still marked"
        );
    }

    fn backup_item(label: &str) -> MenuEntry {
        MenuEntry::Form {
            form: Form::Backup,
            label: label.into(),
        }
    }

    #[test]
    fn a_restart_after_a_reminder_stays_silent_but_keeps_the_mark() {
        let mut app = app_with(2, Language::Japanese);
        let effects = app.handle(
            Event::BackupState(BackupState {
                last_backup: None,
                last_reminded: Some(NOW - DAY),
            }),
            NOW_MS,
        );
        assert_eq!(toast(&effects), None);
        assert_eq!(backup_label(&effects).as_deref(), Some("バックアップ…（おすすめ）"));
        assert_eq!(
            timer(&effects),
            Some(Some((NOW + 29 * DAY) * 1000)),
            "the next reminder falls due an interval after the last one"
        );
    }

    #[test]
    fn a_backup_takes_the_mark_away_and_accounts_added_since_bring_it_back() {
        let mut app = app_with(1, Language::English);
        app.handle(Event::BackupState(BackupState::default()), NOW_MS);
        assert_eq!(app.backup_entry(), backup_item("Back up… (recommended)"));

        // `trayotp backup` (or the form) recorded a backup and asked for a reload.
        let later = NOW_MS + 3_600_000;
        app.handle(Event::VaultReloaded(accounts(1)), later);
        let after_backup = BackupState {
            last_backup: backup(0, 1).map(|b| BackupRecord { at: NOW + 3600, ..b }),
            last_reminded: Some(NOW),
        };
        let effects = app.handle(Event::BackupState(after_backup), later);
        assert_eq!(toast(&effects), None);
        assert_eq!(backup_label(&effects).as_deref(), Some("Back up…"), "{effects:?}");
        assert_eq!(
            timer(&effects),
            Some(Some((NOW + 3600 + 30 * DAY) * 1000)),
            "armed for when that backup turns stale"
        );

        // An account added since: the backup lacks it, so a reminder is due,
        // marked at once, said once the new account's own news has passed.
        let next_day = NOW_MS + DAY * 1000;
        app.handle(Event::VaultReloaded(accounts(2)), next_day);
        let effects = app.handle(Event::BackupState(after_backup), next_day);
        assert_eq!(toast(&effects), None, "{effects:?}");
        assert_eq!(backup_label(&effects).as_deref(), Some("Back up… (recommended)"));
        let wake = next_day + HOLD_AFTER_NEW_ACCOUNT_MS;
        let effects = app.handle(Event::TimerFired, wake);
        assert_eq!(
            toast(&effects),
            Some("Make a new backup: your newest one is old or lacks accounts added since (menu → Back up…)")
        );
        assert_eq!(recorded(&effects), Some(wake / 1000));
    }

    #[test]
    fn a_tray_left_running_reminds_when_the_backup_turns_stale_without_polling() {
        let mut app = app_with(1, Language::English);
        let state = BackupState {
            last_backup: backup(10, 1),
            last_reminded: None,
        };
        let effects = app.handle(Event::BackupState(state), NOW_MS);
        assert_eq!(toast(&effects), None);
        let stale_at = (NOW + 20 * DAY) * 1000;
        assert_eq!(timer(&effects), Some(Some(stale_at)), "one wake-up, 20 days away");

        // A clicked code's expiry comes first; the reminder deadline follows it.
        app.handle(Event::AccountClicked(0), NOW_MS);
        let effects = app.handle(Event::ClipboardSet { ok: true }, NOW_MS);
        let Some(Some(expiry)) = timer(&effects) else {
            panic!("the code's expiry is armed: {effects:?}")
        };
        assert!(expiry < stale_at);
        let effects = app.handle(Event::TimerFired, expiry);
        assert_eq!(toast(&effects), None);
        assert_eq!(timer(&effects), Some(Some(stale_at)));

        // Fired a moment early: nothing yet, re-armed.
        let effects = app.handle(Event::TimerFired, stale_at - 500);
        assert_eq!(toast(&effects), None);
        assert_eq!(timer(&effects), Some(Some(stale_at)));
        let effects = app.handle(Event::TimerFired, stale_at);
        assert!(
            toast(&effects).is_some_and(|t| t.starts_with("Make a new backup")),
            "{effects:?}"
        );
        assert_eq!(recorded(&effects), Some(NOW + 20 * DAY));
        assert_eq!(
            timer(&effects),
            Some(Some((NOW + 50 * DAY) * 1000)),
            "the next one an interval later, if still no backup"
        );
    }

    #[test]
    fn a_reminder_due_while_a_code_is_in_the_clipboard_waits_for_its_expiry() {
        let mut app = app_with(1, Language::English);
        app.handle(Event::AccountClicked(0), NOW_MS);
        let copied = app.handle(Event::ClipboardSet { ok: true }, NOW_MS);
        let Some(Some(expiry)) = timer(&copied) else {
            panic!("{copied:?}")
        };
        let effects = app.handle(Event::BackupState(BackupState::default()), NOW_MS);
        assert_eq!(toast(&effects), None, "the code's toast stays: {effects:?}");
        assert_eq!(backup_label(&effects).as_deref(), Some("Back up… (recommended)"));
        let effects = app.handle(Event::TimerFired, expiry);
        let close = effects.iter().position(|e| *e == Effect::CloseToast);
        let reminder = effects.iter().position(|e| matches!(e, Effect::ShowToast { .. }));
        assert!(close < reminder && close.is_some(), "{effects:?}");
        assert!(toast(&effects).is_some_and(|t| t.starts_with("Make a backup")));
        assert_eq!(recorded(&effects), Some(expiry / 1000));
    }

    #[test]
    fn zero_days_turns_the_reminder_and_the_mark_off() {
        let mut app = App::new(AppConfig {
            backup_reminder_days: 0,
            ..config(Language::English)
        });
        app.handle(Event::Started(accounts(1)), NOW_MS);
        let effects = app.handle(Event::BackupState(BackupState::default()), NOW_MS);
        assert_eq!(toast(&effects), None);
        assert_eq!(timer(&effects), None, "no timer armed");
        assert_eq!(app.backup_entry(), backup_item("Back up…"));

        // Turned on with `settings set`: due at once.
        let effects = app.handle(Event::ConfigChanged(config(Language::English)), NOW_MS);
        assert!(toast(&effects).is_some());
        assert_eq!(backup_label(&effects).as_deref(), Some("Back up… (recommended)"));
        // And off again: the mark goes, no timer stays armed.
        let effects = app.handle(
            Event::ConfigChanged(AppConfig {
                backup_reminder_days: 0,
                ..config(Language::English)
            }),
            NOW_MS,
        );
        assert_eq!(backup_label(&effects).as_deref(), Some("Back up…"));
        assert_eq!(timer(&effects), Some(None));
    }

    #[test]
    fn the_reminder_names_no_account_and_no_code_in_either_language() {
        for language in [Language::English, Language::Japanese] {
            let mut app = app_with(1, language);
            let effects = app.handle(Event::BackupState(BackupState::default()), NOW_MS);
            let body = toast(&effects).expect("reminded");
            assert!(!body.contains("account 0"), "{body}");
            assert!(!body.chars().any(|c| c.is_ascii_digit()), "no digits at all: {body}");
            if language == Language::Japanese {
                assert_eq!(
                    body,
                    "バックアップをおすすめします。バックアップがないと、PCの故障や入れ替えでアカウントが失われます（メニュー →「バックアップ…」）"
                );
            }
        }
    }

    #[test]
    fn a_warning_at_start_is_not_replaced_by_the_reminder_which_comes_a_minute_later() {
        use crate::settings::HotkeyProblem;
        use crate::settings::Notice;
        let mut app = app_with(1, Language::English);
        let warning = app.handle(
            Event::Notices(vec![Notice::Hotkey(HotkeyProblem::Taken("Ctrl+Alt+O".into()))]),
            NOW_MS,
        );
        assert!(toast(&warning).is_some_and(|t| t.contains("Ctrl+Alt+O")));
        let state = BackupState {
            last_backup: None,
            last_reminded: None,
        };
        let effects = app.handle(Event::BackupState(state), NOW_MS + 10);
        assert_eq!(toast(&effects), None, "the warning stays on screen");
        assert_eq!(recorded(&effects), None, "not counted as shown");
        assert_eq!(backup_label(&effects).as_deref(), Some("Back up… (recommended)"));
        let wake = NOW_MS + HOLD_AFTER_WARNING_MS;
        assert_eq!(timer(&effects), Some(Some(wake)), "woken when the hold ends");
        let effects = app.handle(Event::TimerFired, wake);
        assert!(toast(&effects).is_some_and(|t| t.contains("backup")), "{effects:?}");
        assert_eq!(recorded(&effects), Some(wake / 1000));
        // Shown once: the timer now waits for the next interval.
        assert!(
            timer(&effects).is_some_and(|t| t.is_none_or(|at| at > wake + DAY * 1000)),
            "{effects:?}"
        );
    }
}
