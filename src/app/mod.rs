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
pub mod deliver;
pub mod menu;

use zeroize::Zeroizing;

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
pub use deliver::{DeliverOutcome, Delivery, HotkeyAction, RELEASE_WAIT_MS};
use menu::{MenuEntry, MnemonicStyle};

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
            ..AppConfig::default()
        }
    }
}

impl Default for AppConfig {
    fn default() -> Self {
        Self {
            language: Language::English,
            show_digits_in_toast: false,
            clear_clipboard: true,
            last_seconds: LastSecondsPolicy::WaitForNext,
            mnemonics: MnemonicStyle::platform(),
            default_account: None,
            pop_up_menu: cfg!(windows),
            backup_reminder_days: crate::domain::reminder::DEFAULT_INTERVAL_DAYS,
            menu_screen: menu::MenuScreen::FALLBACK,
            time_check: true,
            time_servers: crate::domain::clock::DEFAULT_SERVERS.map(String::from).to_vec(),
            clock_correction: false,
            opens_date_time_settings: cfg!(windows),
            hotkey_action: HotkeyAction::Copy,
        }
    }
}

/// Something that happened.
#[derive(Debug)]
pub enum Event {
    /// The tray has started with these accounts.
    Started(AccountList),
    /// The tray was started by the user (not with `--background`): after
    /// [`Event::Started`] and the start-up warnings.
    StartedByUser,
    /// The account menu item at `index` was clicked.
    AccountClicked(usize),
    /// The tray icon was left-clicked (Windows convention: copy the default).
    IconClicked,
    /// The global hotkey was pressed over a window with this title (`None`:
    /// unknown). The title picks an account by its window rule and is not kept.
    /// `over_ours`: the window is one of trayotp's own (a form): the code
    /// is then copied, never pasted or typed into it.
    HotkeyPressed {
        title: Option<String>,
        over_ours: bool,
    },
    /// The quick picker chose this account (through the control channel).
    PickChosen(String),
    /// The paste or typing asked by [`Effect::Deliver`] ended so.
    Delivered(DeliverOutcome),
    /// The settings changed (read again after `trayotp settings set`).
    ConfigChanged(AppConfig),
    /// Problems found while (re)starting: settings file, hotkey.
    Notices(Vec<Notice>),
    /// The login entry is now in this state (at start, and after a change).
    AutostartChanged(AutostartStatus),
    /// The login entry could not be read or changed; one line.
    AutostartFailed(String),
    /// The "Start at login" check item was clicked.
    StartAtLoginClicked,
    /// `trayotp copy NAME` asked through the control channel.
    CopyRequested(String),
    /// `trayotp code NAME [--at T]` through the control channel: the code
    /// is answered, never copied.
    CodeRequested {
        name: String,
        at: Option<u64>,
    },
    /// The clipboard now holds what [`Effect::SetClipboard`] asked for (or not).
    ClipboardSet {
        ok: bool,
    },
    /// The armed timer fired.
    TimerFired,
    /// A toast could not be shown (no notification service, Wine, Focus Assist).
    ToastFailed,
    /// The vault changed on disk and was read again.
    VaultReloaded(AccountList),
    /// The vault changed on disk but could not be read; the message is one line.
    VaultUnreadable(String),
    /// Another `trayotp` start asked this one to show itself.
    ShowRequested,
    /// A menu item that opens a form was clicked.
    FormRequested(Form),
    /// A form's window could not be opened (or its process failed).
    FormFailed,
    /// The vault's backup record, read from its state file (at start and
    /// after every vault reload): the backup reminder is decided on it.
    BackupState(BackupState),
    /// The last clock measurement from the vault's state file, at start:
    /// the clock check begins (see [`clock`]).
    StoredClock(Option<ClockRecord>),
    /// A clock measurement finished (`None`: no server answered).
    ClockMeasured(Option<ClockRecord>),
    /// The PC woke from sleep.
    Resumed,
    /// One of the clock line's actions was clicked.
    ClockActionClicked(ClockAction),
    /// "Help" was clicked.
    HelpRequested,
    /// The guide could not be found or opened; one line.
    HelpFailed(String),
    QuitRequested,
}

/// Something the shell must do. `Debug` is written by hand (below) so that
/// formatting an effect never prints a code.
#[derive(PartialEq, Eq)]
pub enum Effect {
    /// Put the text in the clipboard (excluded from clipboard history),
    /// then report [`Event::ClipboardSet`].
    SetClipboard(Zeroizing<String>),
    /// Clear the clipboard, but only if it still holds this code as we put
    /// it there (nobody copied anything since, not even the same digits).
    ClearClipboardIfUnchanged(Zeroizing<String>),
    /// Show a toast, replacing the previous one; it may be dismissed at `expires_at`.
    ShowToast {
        body: String,
        expires_at: Option<Millis>,
    },
    /// Remove our toast from the screen and the notification centre.
    CloseToast,
    SetTooltip(String),
    SetMenu(Vec<MenuEntry>),
    /// Wait (at most `wait_ms`) until the hotkey's keys are let go, then put
    /// the code into the window the hotkey was pressed over: Ctrl+V (the
    /// code is already in the clipboard) or the digits typed. Then report
    /// [`Event::Delivered`].
    Deliver {
        code: Zeroizing<String>,
        how: Delivery,
        wait_ms: u64,
    },
    /// Open the quick picker showing only these accounts (display names).
    OpenPicker(Vec<String>),
    /// Pop the menu up at the pointer (only when [`AppConfig::pop_up_menu`]).
    ShowMenu,
    /// Turn "start at login" on or off, then report [`Event::AutostartChanged`]
    /// or [`Event::AutostartFailed`].
    SetStartAtLogin(bool),
    /// Wake the app with [`Event::TimerFired`] at this time, or never.
    SetTimer(Option<Millis>),
    /// Answer the pending control-channel request.
    Reply(Reply),
    /// Start the form's window (a child process the tray does not wait for).
    OpenWindow(Form),
    /// Remember in the vault's state file that a backup reminder was shown
    /// at this Unix time (seconds), so it is not shown again after a restart.
    RecordBackupReminder(u64),
    /// Ask these time servers (on another thread), then report
    /// [`Event::ClockMeasured`].
    MeasureClock(Vec<String>),
    /// Keep this measurement in the vault's state file.
    RecordClock(ClockRecord),
    /// Open the system's date & time settings (Windows).
    OpenDateTimeSettings,
    /// Set `clock_correction` in the settings file, then apply the settings
    /// ([`Event::ConfigChanged`]).
    SetClockCorrection(bool),
    /// Open the user guide in this language with the system's browser
    /// (the local file, see `crate::guide`); report [`Event::HelpFailed`]
    /// if it cannot be.
    OpenHelp(Language),
    Exit,
}

/// Every digit shown as `#`: a toast or tooltip may hold the code (when the
/// user turned `show_digits_in_toast` on), and a debug line must not.
fn digits_hidden(text: &str) -> String {
    text.chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).collect()
}

impl std::fmt::Debug for Effect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Exhaustive on purpose: a new effect must decide what it shows.
        match self {
            Effect::SetClipboard(_) => f.write_str("SetClipboard(<redacted>)"),
            Effect::ClearClipboardIfUnchanged(_) => f.write_str("ClearClipboardIfUnchanged(<redacted>)"),
            Effect::ShowToast { body, expires_at } => f
                .debug_struct("ShowToast")
                .field("body", &digits_hidden(body))
                .field("expires_at", expires_at)
                .finish(),
            Effect::CloseToast => f.write_str("CloseToast"),
            Effect::SetTooltip(text) => f.debug_tuple("SetTooltip").field(&digits_hidden(text)).finish(),
            Effect::SetMenu(entries) => f.debug_tuple("SetMenu").field(entries).finish(),
            Effect::Deliver { how, wait_ms, .. } => f
                .debug_struct("Deliver")
                .field("code", &"<redacted>")
                .field("how", how)
                .field("wait_ms", wait_ms)
                .finish(),
            Effect::OpenPicker(names) => f.debug_tuple("OpenPicker").field(names).finish(),
            Effect::ShowMenu => f.write_str("ShowMenu"),
            Effect::SetStartAtLogin(on) => f.debug_tuple("SetStartAtLogin").field(on).finish(),
            Effect::SetTimer(at) => f.debug_tuple("SetTimer").field(at).finish(),
            Effect::Reply(reply) => f.debug_tuple("Reply").field(reply).finish(),
            Effect::OpenWindow(form) => f.debug_tuple("OpenWindow").field(form).finish(),
            Effect::RecordBackupReminder(at) => f.debug_tuple("RecordBackupReminder").field(at).finish(),
            Effect::MeasureClock(servers) => f.debug_tuple("MeasureClock").field(servers).finish(),
            Effect::RecordClock(record) => f.debug_tuple("RecordClock").field(record).finish(),
            Effect::OpenDateTimeSettings => f.write_str("OpenDateTimeSettings"),
            Effect::SetClockCorrection(on) => f.debug_tuple("SetClockCorrection").field(on).finish(),
            Effect::OpenHelp(language) => f.debug_tuple("OpenHelp").field(language).finish(),
            Effect::Exit => f.write_str("Exit"),
        }
    }
}

/// The answer to a request on the control channel (`trayotp copy NAME`,
/// `trayotp code NAME`, a second start).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    Copied {
        name: String,
        seconds_left: u64,
        period: u32,
    },
    /// The code was about to expire: the fresh one follows in `seconds`.
    CopyingNext {
        name: String,
        seconds: u64,
    },
    UnknownAccount(String),
    ClipboardBusy,
    Shown,
    /// `trayotp code NAME`: the code, for the command to print.
    Code(CodeAnswer),
}

/// The code we put in the clipboard, until it expires.
struct ClipboardGuard {
    code: Zeroizing<String>,
    expires_at: Millis,
}

/// A copy that waits for the next time step.
struct DelayedCopy {
    index: usize,
    at: Millis,
    asker: Asker,
}

/// Who asked for a copy: that decides what else is said about it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Asker {
    /// A menu click, a left click, the hotkey: the toast is the answer.
    Click,
    /// `trayotp copy NAME`: the control channel gets a reply too.
    Control,
    /// The hotkey with `hotkey_action` paste or type: the code goes on
    /// into the window, and the toast follows [`Event::Delivered`].
    Deliver(Delivery),
}

/// A paste or typing under way.
struct Delivering {
    name: String,
    code: Zeroizing<String>,
    how: Delivery,
    expires_at: Millis,
}

/// A copy whose clipboard write is under way.
struct CopyInFlight {
    name: String,
    code: Zeroizing<String>,
    expires_at: Millis,
    seconds_left: u64,
    period: u32,
    asker: Asker,
}

/// What asked to copy the default account.
#[derive(Clone, Copy, PartialEq, Eq)]
enum DefaultCopy {
    IconClick,
    Hotkey,
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
                if let Some(guard) = self.guard.take()
                    && self.config.clear_clipboard
                {
                    effects.push(Effect::ClearClipboardIfUnchanged(guard.code));
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

    /// The hotkey: the account whose window rule the title matches, else
    /// the default one (see the module documentation).
    fn hotkey_pressed(&mut self, title: Option<&str>, over_ours: bool, now: Millis, effects: &mut Vec<Effect>) {
        self.pick_delivery = None;
        let delivery = self.config.hotkey_action.delivery().filter(|_| !over_ours);
        let asker = delivery.map_or(Asker::Click, Asker::Deliver);
        let matching = title.map(|t| crate::domain::window_rule::matching(&self.accounts, t));
        match matching.as_deref() {
            Some([index]) => self.copy(*index, now, asker, effects),
            Some(several @ [_, _, ..]) => {
                let names = several
                    .iter()
                    .filter_map(|&i| self.accounts.iter().nth(i).map(|a| a.name.clone()))
                    .collect();
                self.pick_delivery = delivery;
                effects.push(Effect::OpenPicker(names));
            }
            _ => {
                if self.config.default_account.is_none() && self.accounts.len() > 1 {
                    self.pick_delivery = delivery;
                }
                self.copy_default(DefaultCopy::Hotkey, asker, now, effects);
            }
        }
    }

    /// The hotkey or a left click: copy the default account's code (see
    /// the module documentation for the choice without one).
    fn copy_default(&mut self, source: DefaultCopy, asker: Asker, now: Millis, effects: &mut Vec<Effect>) {
        if self.accounts.is_empty() {
            // Nothing to copy yet: the first thing to do is add one.
            effects.push(Effect::OpenWindow(Form::Add));
            return;
        }
        if let Some(name) = self.config.default_account.clone() {
            match self.accounts.position(&name) {
                Some(index) => self.copy(index, now, asker, effects),
                None => self.toast(effects, self.texts().default_account_missing(&name), None),
            }
            return;
        }
        if self.accounts.len() > 1 && source == DefaultCopy::Hotkey {
            // Several and none chosen: the user picks, by typing.
            effects.push(Effect::OpenWindow(Form::Pick));
            return;
        }
        self.copy(0, now, asker, effects);
    }

    /// Starts copying the code of the account at `index`.
    fn copy(&mut self, index: usize, now: Millis, asker: Asker, effects: &mut Vec<Effect>) {
        let Some(account) = self.accounts.iter().nth(index).cloned() else {
            return;
        };
        let code = account.code_at(now / 1000);
        let left_ms = (code.valid_until * 1000).saturating_sub(now);
        let grace_ms = Self::grace_seconds(account.period) * 1000;
        if self.config.last_seconds == LastSecondsPolicy::WaitForNext && left_ms < grace_ms {
            let wait = left_ms.div_ceil(1000);
            self.delayed = Some(DelayedCopy {
                index,
                at: code.valid_until * 1000,
                // The requester is answered now ("copying next").
                asker: if asker == Asker::Control { Asker::Click } else { asker },
            });
            let message = self.texts().waiting_for_fresh_code(&account.name, wait);
            self.toast(effects, message, None);
            if asker == Asker::Control {
                effects.push(Effect::Reply(Reply::CopyingNext {
                    name: account.name.clone(),
                    seconds: wait,
                }));
            }
            return;
        }
        let text = Zeroizing::new(code.digits().to_string());
        if asker == Asker::Deliver(Delivery::Type) {
            // Typed: the clipboard is not touched.
            self.deliver(
                account.name.clone(),
                text,
                Delivery::Type,
                code.valid_until * 1000,
                effects,
            );
            self.recheck_clock(now, effects);
            return;
        }
        self.in_flight = Some(CopyInFlight {
            name: account.name.clone(),
            code: text.clone(),
            expires_at: code.valid_until * 1000,
            seconds_left: left_ms / 1000,
            period: account.period,
            asker,
        });
        effects.push(Effect::SetClipboard(text));
        // After the copy, never before it: the measurement reports back later.
        self.recheck_clock(now, effects);
    }

    fn clipboard_set(&mut self, ok: bool, effects: &mut Vec<Effect>) {
        let Some(copy) = self.in_flight.take() else {
            return;
        };
        if !ok {
            self.toast(effects, self.texts().clipboard_busy(), None);
            if copy.asker == Asker::Control {
                effects.push(Effect::Reply(Reply::ClipboardBusy));
            }
            return;
        }
        if copy.asker == Asker::Deliver(Delivery::Paste) {
            // In the clipboard, with its clearing as for a copy; the toast
            // follows the paste.
            self.deliver(copy.name, copy.code.clone(), Delivery::Paste, copy.expires_at, effects);
            self.guard = Some(ClipboardGuard {
                code: copy.code,
                expires_at: copy.expires_at,
            });
            return;
        }
        let digits = self.config.show_digits_in_toast.then(|| group_digits(&copy.code));
        let mut message = self
            .texts()
            .code_copied(&copy.name, digits.as_deref(), copy.seconds_left, copy.period);
        if let Some(note) = self.corrected_note(self.pc_now) {
            message.push_str(&note);
        }
        self.toast(effects, message, Some(copy.expires_at));
        if copy.asker == Asker::Control {
            effects.push(Effect::Reply(Reply::Copied {
                name: copy.name,
                seconds_left: copy.seconds_left,
                period: copy.period,
            }));
        }
        self.guard = Some(ClipboardGuard {
            code: copy.code,
            expires_at: copy.expires_at,
        });
    }

    fn deliver(
        &mut self,
        name: String,
        code: Zeroizing<String>,
        how: Delivery,
        expires_at: Millis,
        effects: &mut Vec<Effect>,
    ) {
        self.delivering = Some(Delivering {
            name,
            code: code.clone(),
            how,
            expires_at,
        });
        effects.push(Effect::Deliver {
            code,
            how,
            wait_ms: RELEASE_WAIT_MS,
        });
    }

    /// The paste or typing ended: the toast says how.
    fn delivered(&mut self, outcome: DeliverOutcome, now: Millis, effects: &mut Vec<Effect>) {
        let Some(done) = self.delivering.take() else {
            return;
        };
        let texts = self.texts();
        match outcome {
            DeliverOutcome::Done => {
                let digits = self.config.show_digits_in_toast.then(|| group_digits(&done.code));
                let left = done.expires_at.saturating_sub(now) / 1000;
                let message = texts.code_typed(&done.name, digits.as_deref(), left);
                self.toast(effects, message, Some(done.expires_at));
            }
            DeliverOutcome::KeysHeld => {
                let message = texts.keys_still_held(&done.name, done.how == Delivery::Paste);
                self.toast(effects, message, None);
            }
            DeliverOutcome::Failed(detail) => {
                let message = texts.type_failed(&done.name, &detail);
                self.toast(effects, message, None);
            }
        }
    }

    fn timer_fired(&mut self, now: Millis, effects: &mut Vec<Effect>) {
        if let Some(guard) = self.guard.take_if(|g| g.expires_at <= now) {
            if self.config.clear_clipboard {
                effects.push(Effect::ClearClipboardIfUnchanged(guard.code));
            }
            effects.push(Effect::CloseToast);
            if self.status_line.is_some() {
                self.show_status(None, effects);
            }
        }
        if let Some(delayed) = self.delayed.take_if(|d| d.at <= now) {
            self.copy(delayed.index, now, delayed.asker, effects);
        }
        self.check_backup(now, effects);
    }

    /// Emits [`Effect::SetTimer`] when the earliest deadline, or the clock
    /// offset the shell measures it by, changed.
    fn update_timer(&mut self, effects: &mut Vec<Effect>) {
        let next = [
            self.guard.as_ref().map(|g| g.expires_at),
            self.delayed.as_ref().map(|d| d.at),
            self.backup_deadline(),
        ]
        .into_iter()
        .flatten()
        .min();
        let offset = self.applied_offset(self.pc_now);
        if next != self.timer || (next.is_some() && offset != self.timer_offset) {
            self.timer = next;
            self.timer_offset = offset;
            effects.push(Effect::SetTimer(next));
        }
    }
}

/// "123456" → "123 456", "12345678" → "1234 5678": easier to read and type.
pub fn group_digits(code: &str) -> String {
    let split = match code.len() {
        6 => 3,
        7 => 3,
        8 => 4,
        _ => return code.to_string(),
    };
    format!("{} {}", &code[..split], &code[split..])
}

#[cfg(test)]
mod clock_tests;
#[cfg(test)]
mod tests;
