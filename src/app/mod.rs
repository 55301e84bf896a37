//! The tray's behaviour as a pure state machine: `App::handle(event, now)`
//! returns the effects to carry out. The shell (`crate::tray`) turns OS
//! events into [`Event`]s and carries out [`Effect`]s, and decides nothing.
//!
//! Everything a user can observe is decided here and unit-tested with a fake
//! clock: what a click copies, what the toast says, when the clipboard is
//! cleared, what happens in a code's last seconds, what the menu holds.
//!
//! ## The last seconds of a code
//!
//! A code copied with less than [`App::grace_seconds`] left (5 s for the
//! usual 60 s period) would die before the user has pasted it. By default
//! trayotp then waits for the next time step and copies the fresh code, and
//! the toast says so at once ("… the next code will be copied then"). The
//! setting [`LastSecondsPolicy::CopyAnyway`] copies the dying code instead.
//!
//! ## The hotkey and the default account
//!
//! The global hotkey copies the `default_account`'s code. Without one, a
//! single account is the obvious choice; with several, the quick picker
//! opens (`trayotp window pick`: type to search, Enter copies), on every
//! platform. The tray menu offers the same picker ("Find account…") atop
//! the accounts once there are more than [`PICKER_MENU_THRESHOLD`] of them or
//! more than the screen holds, and "More accounts…" below the ones it has
//! room for (see [`menu`]).
//!
//! ## Pasting or typing, and window rules
//!
//! With `hotkey_action` `paste` or `type` ([`deliver`]) the hotkey puts the
//! code into the window it was pressed over (the shell waits for the
//! hotkey's keys to be let go, at most [`RELEASE_WAIT_MS`]). An account may
//! have a window rule (`domain::window_rule`): at the hotkey, the title of
//! the focused window picks the account whose rule it matches; several
//! matching open the picker with only those; none leaves the rule above.
//! The title is used at once and never kept. A choice in a picker the
//! hotkey opened goes to the window the hotkey was pressed over.
//!
//! ## The first start
//!
//! A tray started by the user (not by the login entry's `--background`)
//! with no accounts opens "Add account" at once and says in a toast where
//! its icon lives ([`Event::StartedByUser`]); starting it again while there
//! is still no account opens "Add account" again ([`Event::ShowRequested`]).

mod backup;
pub mod clock;
mod code_request;
mod copy;
pub mod deliver;
pub mod menu;
mod messages;

use crate::autostart::AutostartStatus;
pub use crate::choices::{Form, LastSecondsPolicy};
use crate::domain::AccountList;
use crate::domain::clock::ClockRecord;
use crate::i18n::{Language, Texts};
pub use crate::settings::Notice;
use crate::settings::Settings;
pub use backup::BackupState;
pub use clock::ClockAction;
pub use code_request::CodeAnswer;
pub use copy::group_digits;
use copy::{Asker, ClipboardGuard, CopyInFlight, DefaultCopy, DelayedCopy, Delivering};
pub use deliver::{DeliverOutcome, Delivery, HotkeyAction, RELEASE_WAIT_MS};
use menu::{MenuEntry, MnemonicStyle};
pub use messages::{Effect, Event, Reply};

/// Above this many accounts the menu offers the quick picker ("Find
/// account…") at its top, even on a screen tall enough for them all.
pub const PICKER_MENU_THRESHOLD: usize = 15;

/// Milliseconds since the Unix epoch: the app's only notion of time.
pub type Millis = u64;

/// The settings the tray's behaviour depends on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppConfig {
    pub language: Language,
    pub show_digits_in_toast: bool,
    pub clear_clipboard: bool,
    pub last_seconds: LastSecondsPolicy,
    pub mnemonics: MnemonicStyle,
    /// The account the hotkey and a left click copy (a display name).
    pub default_account: Option<String>,
    /// Whether the shell can pop the menu up at the pointer (Windows; not
    /// Linux AppIndicator).
    pub pop_up_menu: bool,
    /// Days after which the tray suggests a new backup (0: never).
    pub backup_reminder_days: u32,
    /// The screen the menu must fit (measured by the shell).
    pub menu_screen: menu::MenuScreen,
    /// Whether the tray asks a time server how far off the clock is.
    pub time_check: bool,
    /// The servers asked, in order (`host[:port]`).
    pub time_servers: Vec<String>,
    /// Whether codes are made for the measured time (the user agreed).
    pub clock_correction: bool,
    /// Whether the shell can open the system's date & time settings
    /// (Windows); elsewhere the menu action says what to run.
    pub opens_date_time_settings: bool,
    /// What the hotkey does with the code.
    pub hotkey_action: HotkeyAction,
}

impl AppConfig {
    /// The settings as the tray's state machine takes them (`os_language`
    /// where `language` is "auto").
    pub fn from_settings(settings: &Settings, os_language: Language) -> AppConfig {
        AppConfig {
            language: settings.language(os_language),
            show_digits_in_toast: settings.show_digits_in_toast,
            clear_clipboard: settings.clear_clipboard,
            last_seconds: settings.last_seconds_policy,
            default_account: settings.default_account.clone(),
            backup_reminder_days: settings.backup_reminder_days,
            time_check: settings.time_check,
            time_servers: settings.time_servers.clone(),
            clock_correction: settings.clock_correction,
            hotkey_action: settings.hotkey_action,
            mnemonics: MnemonicStyle::platform(),
            pop_up_menu: cfg!(windows),
            menu_screen: menu::MenuScreen::FALLBACK,
            opens_date_time_settings: cfg!(windows),
        }
    }
}

impl Default for AppConfig {
    /// The default settings, in English.
    fn default() -> Self {
        AppConfig::from_settings(&Settings::default(), Language::English)
    }
}

pub struct App {
    config: AppConfig,
    accounts: AccountList,
    guard: Option<ClipboardGuard>,
    delayed: Option<DelayedCopy>,
    in_flight: Option<CopyInFlight>,
    delivering: Option<Delivering>,
    /// The picker the hotkey opened puts its choice this way into the
    /// window the hotkey was pressed over.
    pick_delivery: Option<Delivery>,
    timer: Option<Millis>,
    /// When toasts cannot be shown, their news goes here instead: into the
    /// tooltip (Windows) and a status line atop the menu (every platform;
    /// Linux AppIndicator trays have no tooltip).
    status_line: Option<String>,
    last_toast: Option<String>,
    /// The login entry's state, once the shell has said.
    autostart: Option<AutostartStatus>,
    /// The newest backup and the last reminder, once the shell has said.
    backup: Option<BackupState>,
    /// A backup is due: the "Back up…" item says so.
    backup_recommended: bool,
    /// No reminder toast before this time: a warning toast (hotkey taken,
    /// damaged settings) is on screen and must not be replaced by it.
    reminders_held_until: Millis,
    /// The first list of accounts has come ([`Event::Started`]).
    started: bool,
    /// The clock check, once the shell has handed over the stored measurement.
    clock: Option<clock::ClockState>,
    /// The `now` of the event being handled: the time codes are made for
    /// (the PC's time, corrected when the clock rule allows).
    now: Millis,
    /// The PC's own time at the event being handled: a measurement's
    /// freshness is judged by it, never by corrected time.
    pc_now: Millis,
    /// The offset (corrected minus PC time) in force when [`Effect::SetTimer`]
    /// was last emitted: the shell turns a deadline into a wait with it, so a
    /// changed offset needs the timer armed again even for the same deadline.
    timer_offset: i64,
}

impl App {
    pub fn new(config: AppConfig) -> Self {
        Self {
            config,
            accounts: AccountList::default(),
            guard: None,
            delayed: None,
            in_flight: None,
            delivering: None,
            pick_delivery: None,
            timer: None,
            status_line: None,
            last_toast: None,
            autostart: None,
            backup: None,
            backup_recommended: false,
            reminders_held_until: 0,
            started: false,
            clock: None,
            now: 0,
            pc_now: 0,
            timer_offset: 0,
        }
    }

    fn texts(&self) -> Texts {
        Texts(self.config.language)
    }

    /// Below this many seconds left, a code is not worth copying: 5 s, or a
    /// sixth of the period for short periods (0 for periods under 6 s).
    pub fn grace_seconds(period: u32) -> u64 {
        u64::from(period / 6).min(5)
    }

    /// Handles `event` at the PC's time `pc_now`; codes are made for
    /// [`App::corrected_now`] of it.
    pub fn handle(&mut self, event: Event, pc_now: Millis) -> Vec<Effect> {
        let mut effects = Vec::new();
        self.pc_now = pc_now;
        let now = self.corrected_now(pc_now);
        self.now = now;
        match event {
            Event::Started(accounts) | Event::VaultReloaded(accounts) => {
                if self.started && accounts.len() > self.accounts.len() {
                    // An account was just added: its own toast (and its first
                    // copy) come first; the backup reminder waits.
                    self.reminders_held_until = self
                        .reminders_held_until
                        .max(now.saturating_add(backup::HOLD_AFTER_NEW_ACCOUNT_MS));
                }
                self.started = true;
                self.accounts = accounts;
                if let Some(delayed) = &self.delayed
                    && delayed.index >= self.accounts.len()
                {
                    self.delayed = None;
                }
                effects.push(Effect::SetMenu(self.menu()));
                if self.status_line.is_none() {
                    effects.push(Effect::SetTooltip(self.texts().tooltip_idle(self.accounts.len())));
                }
            }
            Event::VaultUnreadable(detail) => {
                self.toast(&mut effects, self.texts().vault_unreadable(&detail), None);
            }
            Event::AccountClicked(index) => self.copy(index, now, Asker::Click, &mut effects),
            Event::IconClicked => self.copy_default(DefaultCopy::IconClick, Asker::Click, now, &mut effects),
            Event::HotkeyPressed { title, over_ours } => {
                self.hotkey_pressed(title.as_deref(), over_ours, now, &mut effects)
            }
            Event::PickChosen(name) => match (self.accounts.position(&name), self.pick_delivery.take()) {
                (Some(index), Some(how)) => self.copy(index, now, Asker::Deliver(how), &mut effects),
                _ => effects.extend(self.handle(Event::CopyRequested(name), now)),
            },
            Event::Delivered(outcome) => self.delivered(outcome, now, &mut effects),
            Event::ConfigChanged(config) => {
                let measure_again =
                    config.time_check && (!self.config.time_check || config.time_servers != self.config.time_servers);
                let correction_turned =
                    (config.clock_correction != self.config.clock_correction).then_some(config.clock_correction);
                self.config = config;
                if let Some(on) = correction_turned {
                    self.clock_consent(on, &mut effects);
                }
                if measure_again {
                    self.measure_clock(now, &mut effects);
                }
                self.check_backup(now, &mut effects);
                effects.push(Effect::SetMenu(self.menu()));
                if self.status_line.is_none() {
                    effects.push(Effect::SetTooltip(self.texts().tooltip_idle(self.accounts.len())));
                }
            }
            Event::Notices(notices) => {
                let texts = self.texts();
                let message: Vec<String> = notices.iter().map(|n| texts.notice(n)).collect();
                if !message.is_empty() {
                    self.toast(&mut effects, message.join(" "), None);
                    self.reminders_held_until = now.saturating_add(backup::HOLD_AFTER_WARNING_MS);
                }
            }
            Event::AutostartChanged(status) => {
                self.autostart = Some(status);
                effects.push(Effect::SetMenu(self.menu()));
            }
            Event::AutostartFailed(detail) => {
                // The check item toggled itself when clicked: put it back.
                effects.push(Effect::SetMenu(self.menu()));
                self.toast(&mut effects, self.texts().autostart_failed(&detail), None);
            }
            Event::StartAtLoginClicked => {
                let on = self.autostart.as_ref().is_some_and(AutostartStatus::is_on);
                effects.push(Effect::SetStartAtLogin(!on));
            }
            Event::CodeRequested { name, at } => self.code_requested(&name, at, now, &mut effects),
            Event::CopyRequested(name) => match self.accounts.position(&name) {
                Some(index) => self.copy(index, now, Asker::Control, &mut effects),
                None => {
                    let message = self.texts().unknown_account(name.trim());
                    self.toast(&mut effects, message, None);
                    effects.push(Effect::Reply(Reply::UnknownAccount(name.trim().to_string())));
                }
            },
            Event::ClipboardSet { ok } => self.clipboard_set(ok, &mut effects),
            Event::TimerFired => {
                // The timer is spent: whatever is still pending re-arms it
                // (it may have fired a moment early).
                self.timer = None;
                self.timer_fired(now, &mut effects);
            }
            Event::ToastFailed => {
                if let Some(message) = self.last_toast.clone()
                    && self.status_line.as_ref() != Some(&message)
                {
                    self.show_status(Some(message), &mut effects);
                }
            }
            Event::StartedByUser => {
                if self.accounts.is_empty() {
                    // The first start: nothing to copy, and an icon that may
                    // be hidden. Show the first step and where we live.
                    effects.push(Effect::OpenWindow(Form::Add));
                    self.toast(&mut effects, self.texts().first_start_where(), None);
                }
            }
            Event::ShowRequested => {
                // Starting trayotp again (the Start-menu shortcut, say) is a
                // request for the accounts: where the shell can, the menu
                // opens at the pointer; elsewhere a toast says where we are.
                // With no account yet, it asks for the first one instead.
                // The answer goes first: a popped-up menu holds the shell
                // until it is dismissed, and the new process waits for it.
                effects.push(Effect::Reply(Reply::Shown));
                if self.accounts.is_empty() {
                    effects.push(Effect::OpenWindow(Form::Add));
                } else if self.config.pop_up_menu {
                    effects.push(Effect::ShowMenu);
                } else {
                    self.toast(&mut effects, self.texts().already_running(), None);
                }
            }
            Event::FormRequested(form) => effects.push(Effect::OpenWindow(form)),
            Event::FormFailed => self.toast(&mut effects, self.texts().window_failed(), None),
            Event::HelpRequested => effects.push(Effect::OpenHelp(self.config.language)),
            Event::HelpFailed(detail) => self.toast(&mut effects, self.texts().help_failed(&detail), None),
            Event::BackupState(state) => {
                self.backup = Some(state);
                self.check_backup(now, &mut effects);
            }
            Event::StoredClock(record) => self.clock_started(record, now, &mut effects),
            Event::ClockMeasured(record) => self.clock_measured(record, now, &mut effects),
            Event::Resumed => self.measure_clock(now, &mut effects),
            Event::ClockActionClicked(action) => self.clock_action(action, &mut effects),
            Event::QuitRequested => {
                if self.guard.take().is_some() && self.config.clear_clipboard {
                    effects.push(Effect::ClearClipboardIfUnchanged);
                }
                effects.push(Effect::CloseToast);
                effects.push(Effect::Exit);
            }
        }
        self.update_timer(&mut effects);
        effects
    }

    fn toast(&mut self, effects: &mut Vec<Effect>, body: String, expires_at: Option<Millis>) {
        self.last_toast = Some(body.clone());
        if self.status_line.is_some() {
            // Toasts failed before: keep the fallback telling the news.
            self.show_status(Some(body.clone()), effects);
        }
        effects.push(Effect::ShowToast { body, expires_at });
    }

    /// Puts `status` in the tooltip and atop the menu, or restores both.
    fn show_status(&mut self, status: Option<String>, effects: &mut Vec<Effect>) {
        self.status_line = status;
        effects.push(Effect::SetTooltip(match &self.status_line {
            Some(status) => status.clone(),
            None => self.texts().tooltip_idle(self.accounts.len()),
        }));
        effects.push(Effect::SetMenu(self.menu()));
    }

    fn menu(&self) -> Vec<MenuEntry> {
        let texts = self.texts();
        let mut head = self.clock_entries(self.pc_now);
        if let Some(status) = &self.status_line {
            head.push(MenuEntry::Status {
                label: menu::escape_mnemonics(status, self.config.mnemonics),
            });
            head.push(MenuEntry::Separator);
        }
        let mut tail = vec![MenuEntry::Separator];
        for form in [Form::Add, Form::Show, Form::Manage] {
            tail.push(MenuEntry::Form {
                form,
                label: texts.menu_form(form),
            });
        }
        tail.push(self.backup_entry());
        tail.push(MenuEntry::Separator);
        tail.push(MenuEntry::Form {
            form: Form::Settings,
            label: texts.menu_form(Form::Settings),
        });
        tail.push(MenuEntry::StartAtLogin {
            checked: self.autostart.as_ref().is_some_and(AutostartStatus::is_on),
            label: menu::escape_mnemonics(
                &texts.menu_start_at_login(self.autostart.as_ref()),
                self.config.mnemonics,
            ),
        });
        tail.push(MenuEntry::Help {
            label: texts.menu_help(),
        });
        tail.push(MenuEntry::Quit {
            label: texts.menu_quit(),
        });

        // The rows left for accounts, counting "Find account…" and its
        // separator as if they were there (they are whenever it matters).
        let picker_rows = 2;
        let rows = menu::account_rows(self.config.menu_screen, head.len() + picker_rows + tail.len());
        let default = self
            .config
            .default_account
            .as_deref()
            .and_then(|name| self.accounts.position(name));
        let chosen = menu::choose_accounts(self.accounts.len(), default, rows);
        let mut entries = head;
        if chosen.more || self.accounts.len() > PICKER_MENU_THRESHOLD {
            entries.push(MenuEntry::Form {
                form: Form::Pick,
                label: texts.menu_form(Form::Pick),
            });
            entries.push(MenuEntry::Separator);
        }
        entries.extend(chosen.shown.iter().filter_map(|&index| {
            let account = self.accounts.iter().nth(index)?;
            Some(MenuEntry::Account {
                index,
                label: menu::account_label(&account.name, self.config.mnemonics),
            })
        }));
        if chosen.more {
            entries.push(MenuEntry::Form {
                form: Form::Pick,
                label: texts.menu_more_accounts(),
            });
        }
        if self.accounts.is_empty() {
            entries.push(MenuEntry::NoAccounts {
                label: texts.menu_no_accounts(),
            });
        }
        entries.extend(tail);
        entries
    }
}

#[cfg(test)]
mod clock_tests;
#[cfg(test)]
mod tests;
