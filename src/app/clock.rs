//! The tray's clock check (issue 12): when to ask a time server, when to
//! warn, what the menu says, and the time codes are made for.
//!
//! - The shell hands over the last measurement from the state file at start
//!   ([`Event::StoredClock`](super::Event)); the tray then measures once (the
//!   shell does it on a thread of its own: start-up never waits).
//! - It measures again after a resume from sleep ([`Event::Resumed`]) and,
//!   while codes are being copied, when the last attempt is a few hours old
//!   (`domain::clock::recheck_due`). Never on the click path: the copy's
//!   effects come first and the measurement reports back later. No timer is
//!   ever armed for it, so an idle tray is never woken.
//! - An offset beyond the threshold (`domain::clock::is_off`) earns one toast
//!   and a line atop the menu with two actions: the system's date & time
//!   settings, and "Correct codes in trayotp" (which turns
//!   `clock_correction` on, with the user's consent).
//! - With correction on, the shell feeds [`App::handle`] the corrected time
//!   ([`App::corrected_now`]), the copy toast says the code is
//!   time-corrected and the menu line says by how much.
//!
//! [`Event::Resumed`]: super::Event::Resumed

use super::menu::{self, MenuEntry};
use super::{App, Effect, Millis};
use crate::domain::clock::{self, ClockRecord, Skew};

/// The clock line's two actions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClockAction {
    /// Windows: open `ms-settings:dateandtime`; Linux: say to run
    /// `timedatectl set-ntp true`.
    SystemSettings,
    /// Turn `clock_correction` on.
    CorrectInTrayotp,
}

/// What the tray knows about the clock, once the shell has said.
#[derive(Debug, Default)]
pub(super) struct ClockState {
    /// The newest measurement (from the state file, or measured since).
    pub record: Option<ClockRecord>,
    /// A measurement is under way: no second one is started.
    pub measuring: bool,
    /// When the last measurement was started (app time).
    pub last_attempt: Option<Millis>,
    /// The warning toast was shown for the offset as it is now.
    pub warned: bool,
}

impl App {
    /// The time to make codes for at the PC's time `pc_now_ms`: what the
    /// shell passes to [`App::handle`]. The rule is `domain::clock::corrected_now`.
    pub fn corrected_now(&self, pc_now_ms: Millis) -> Millis {
        self.corrected(pc_now_ms).now_ms
    }

    fn corrected(&self, pc_now_ms: Millis) -> clock::Corrected {
        let record = self.clock.as_ref().and_then(|c| c.record.as_ref());
        clock::corrected_now(pc_now_ms, record, self.config.clock_correction)
    }

    /// The offset applied to codes now (0 when not corrected). `now` is app
    /// time; a day's freshness does not care about the offset in it.
    pub(super) fn applied_offset(&self, now: Millis) -> i64 {
        self.corrected(now).offset_ms
    }

    fn shortest_period(&self) -> Option<u32> {
        self.accounts.iter().map(|account| account.period).min()
    }

    /// The fresh offset worth a warning, if any.
    fn clock_warning(&self, now: Millis) -> Option<i64> {
        let record = self.clock.as_ref()?.record.as_ref()?;
        (record.is_fresh(now) && clock::is_off(record.offset_ms, self.shortest_period())).then_some(record.offset_ms)
    }

    /// The shell read the state file: remember its measurement, measure now.
    pub(super) fn clock_started(&mut self, record: Option<ClockRecord>, now: Millis, effects: &mut Vec<Effect>) {
        self.clock = Some(ClockState {
            record,
            ..ClockState::default()
        });
        effects.push(Effect::SetMenu(self.menu()));
        self.measure_clock(now, effects);
    }

    /// Starts a measurement unless the check is off or one is under way.
    pub(super) fn measure_clock(&mut self, now: Millis, effects: &mut Vec<Effect>) {
        if !self.config.time_check {
            return;
        }
        let Some(state) = self.clock.as_mut() else {
            return;
        };
        if state.measuring {
            return;
        }
        state.measuring = true;
        state.last_attempt = Some(now);
        effects.push(Effect::MeasureClock(self.config.time_servers.clone()));
    }

    /// After a copy: measure again if the last attempt is hours old.
    pub(super) fn recheck_clock(&mut self, now: Millis, effects: &mut Vec<Effect>) {
        if self
            .clock
            .as_ref()
            .is_some_and(|state| clock::recheck_due(state.last_attempt, now))
        {
            self.measure_clock(now, effects);
        }
    }

    /// A measurement came back (`None`: no server answered, which is
    /// silent; the shell logs it at debug level).
    pub(super) fn clock_measured(&mut self, record: Option<ClockRecord>, now: Millis, effects: &mut Vec<Effect>) {
        let Some(state) = self.clock.as_mut() else {
            return;
        };
        state.measuring = false;
        let Some(record) = record else {
            return;
        };
        state.record = Some(record.clone());
        effects.push(Effect::RecordClock(record.clone()));
        effects.push(Effect::SetMenu(self.menu()));
        let off = self.clock_warning(now).is_some();
        let warn = off && !self.config.clock_correction && !self.clock.as_ref().is_some_and(|s| s.warned);
        if let Some(state) = self.clock.as_mut() {
            state.warned = off && (state.warned || warn);
        }
        if warn {
            let body = self.texts().clock_warning(Skew::of(record.offset_ms));
            self.toast(effects, body, None);
            self.reminders_held_until = now.saturating_add(super::backup::HOLD_AFTER_WARNING_MS);
        }
    }

    pub(super) fn clock_action(&mut self, action: ClockAction, effects: &mut Vec<Effect>) {
        match action {
            ClockAction::SystemSettings if self.config.opens_date_time_settings => {
                effects.push(Effect::OpenDateTimeSettings);
            }
            ClockAction::SystemSettings => self.toast(effects, self.texts().clock_fix_hint(), None),
            ClockAction::CorrectInTrayotp => effects.push(Effect::SetClockCorrection(true)),
        }
    }

    /// The clock line atop the menu, when the offset is worth it.
    pub(super) fn clock_entries(&self, now: Millis) -> Vec<MenuEntry> {
        let Some(offset) = self.clock_warning(now) else {
            return Vec::new();
        };
        let texts = self.texts();
        let style = self.config.mnemonics;
        let skew = Skew::of(offset);
        let corrected = self.config.clock_correction;
        let mut entries = vec![MenuEntry::Status {
            label: menu::escape_mnemonics(&texts.menu_clock_line(skew, corrected), style),
        }];
        entries.push(MenuEntry::Clock {
            action: ClockAction::SystemSettings,
            label: menu::escape_mnemonics(&texts.menu_clock_system_settings(), style),
        });
        if !corrected {
            entries.push(MenuEntry::Clock {
                action: ClockAction::CorrectInTrayotp,
                label: menu::escape_mnemonics(&texts.menu_clock_correct(), style),
            });
        }
        entries.push(MenuEntry::Separator);
        entries
    }

    /// What the copy toast adds when the code was made for corrected time.
    pub(super) fn corrected_note(&self, now: Millis) -> Option<String> {
        let offset = self.applied_offset(now);
        (offset != 0).then(|| self.texts().time_corrected_note(Skew::of(offset)))
    }
}
