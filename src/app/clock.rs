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
//! - With correction on, codes are made for [`App::corrected_now`] of the
//!   PC's time (the rule is `domain::clock::applied_offset`: fresh by the
//!   PC's clock, at most an hour, within the range the user agreed to);
//!   whenever a correction is in effect the copy toast says the code is
//!   time-corrected and the menu line says by how much.
//! - An offset beyond an hour is shown (a line, one toast) with the advice
//!   to set the PC's clock, and never applied. With correction on, an
//!   offset that changed sign or moved by more than a minute from the one
//!   the user agreed to is not applied either: the line and one toast ask
//!   again ("Correct codes in trayotp").
//!
//! [`Event::Resumed`]: super::Event::Resumed

use super::menu::{self, MenuEntry};
use super::{App, Effect, Millis};
use crate::domain::clock::{self, ClockRecord, Held, Skew};

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

/// What the clock line says, when there is one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Line {
    /// Codes are corrected by this offset.
    Corrected(i64),
    /// The PC's clock is off by this much and codes are not corrected
    /// (correction off, or the offset left the range the user agreed to).
    Off(i64),
    /// Off by more than trayotp ever corrects: set the PC's clock.
    BeyondCap(i64),
}

impl App {
    /// The time to make codes for at the PC's time `pc_now_ms`: what the
    /// shell passes to [`App::handle`]. The rule is `domain::clock::corrected_now`.
    pub fn corrected_now(&self, pc_now_ms: Millis) -> Millis {
        self.corrected(pc_now_ms).now_ms
    }

    fn corrected(&self, pc_now_ms: Millis) -> clock::Corrected {
        clock::corrected_now(pc_now_ms, self.clock_record(), self.config.clock_correction)
    }

    fn clock_record(&self) -> Option<&ClockRecord> {
        self.clock.as_ref().and_then(|c| c.record.as_ref())
    }

    /// The offset applied to codes at the PC's time `pc_now` (0 when not corrected).
    pub(super) fn applied_offset(&self, pc_now: Millis) -> i64 {
        self.corrected(pc_now).offset_ms
    }

    /// The clock line at the PC's time `pc_now`, if there is one.
    fn clock_line(&self, pc_now: Millis) -> Option<Line> {
        let record = self.clock_record()?;
        match clock::applied_offset(pc_now, Some(record), self.config.clock_correction) {
            Ok(offset) => Some(Line::Corrected(offset)),
            Err(Held::NoFreshMeasurement) => None,
            Err(Held::BeyondCap) => Some(Line::BeyondCap(record.offset_ms)),
            Err(Held::NeedsConsent) => Some(Line::Off(record.offset_ms)),
            Err(Held::Off) => {
                clock::is_off(record.offset_ms, self.shortest_period()).then_some(Line::Off(record.offset_ms))
            }
        }
    }

    /// `clock_correction` was turned on or off: the offset measured now is
    /// the one the user agreed to (or none is), kept with the measurement.
    pub(super) fn clock_consent(&mut self, on: bool, effects: &mut Vec<Effect>) {
        let Some(record) = self.clock.as_mut().and_then(|c| c.record.as_mut()) else {
            return;
        };
        record.consented_offset_ms = on.then_some(record.offset_ms);
        effects.push(Effect::RecordClock(record.clone()));
    }

    fn shortest_period(&self) -> Option<u32> {
        self.accounts.iter().map(|account| account.period).min()
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
        let record = record.keeping_consent_of(state.record.as_ref());
        state.record = Some(record.clone());
        effects.push(Effect::RecordClock(record));
        // The corrected time may have changed with it.
        self.now = self.corrected_now(self.pc_now);
        effects.push(Effect::SetMenu(self.menu()));
        let line = self.clock_line(self.pc_now);
        let needs_toast = matches!(line, Some(Line::Off(_) | Line::BeyondCap(_)));
        let warn = needs_toast && !self.clock.as_ref().is_some_and(|s| s.warned);
        if let Some(state) = self.clock.as_mut() {
            state.warned = needs_toast && (state.warned || warn);
        }
        if warn {
            let texts = self.texts();
            let body = match line {
                Some(Line::BeyondCap(offset)) => texts.clock_beyond_cap(Skew::of(offset)),
                Some(Line::Off(offset)) if self.config.clock_correction => texts.clock_ask_again(Skew::of(offset)),
                Some(Line::Off(offset)) => texts.clock_warning(Skew::of(offset)),
                _ => return,
            };
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
            ClockAction::CorrectInTrayotp => {
                // Consent to the offset as it is now (the setting may
                // already be on: the offset moved and the user was asked again).
                self.clock_consent(true, effects);
                self.now = self.corrected_now(self.pc_now);
                effects.push(Effect::SetMenu(self.menu()));
                effects.push(Effect::SetClockCorrection(true));
            }
        }
    }

    /// The clock line atop the menu: whenever codes are corrected, and when
    /// the offset is worth a warning.
    pub(super) fn clock_entries(&self, pc_now: Millis) -> Vec<MenuEntry> {
        let Some(line) = self.clock_line(pc_now) else {
            return Vec::new();
        };
        let texts = self.texts();
        let style = self.config.mnemonics;
        let (label, offer_correction) = match line {
            Line::Corrected(offset) => (texts.menu_clock_line(Skew::of(offset), true), false),
            Line::Off(offset) => (texts.menu_clock_line(Skew::of(offset), false), true),
            Line::BeyondCap(offset) => (texts.menu_clock_beyond_cap(Skew::of(offset)), false),
        };
        let mut entries = vec![MenuEntry::Status {
            label: menu::escape_mnemonics(&label, style),
        }];
        entries.push(MenuEntry::Clock {
            action: ClockAction::SystemSettings,
            label: menu::escape_mnemonics(&texts.menu_clock_system_settings(), style),
        });
        if offer_correction {
            entries.push(MenuEntry::Clock {
                action: ClockAction::CorrectInTrayotp,
                label: menu::escape_mnemonics(&texts.menu_clock_correct(), style),
            });
        }
        entries.push(MenuEntry::Separator);
        entries
    }

    /// What the copy toast adds when the code was made for corrected time.
    pub(super) fn corrected_note(&self, pc_now: Millis) -> Option<String> {
        let offset = self.applied_offset(pc_now);
        (offset != 0).then(|| self.texts().time_corrected_note(Skew::of(offset)))
    }
}
