//! The PC's clock, judged against a time server: a code is only as right as
//! the clock it is made from, so trayotp measures how far off the clock is,
//! says so when it matters, and (only when the user agreed, the setting
//! `clock_correction`) makes codes for the measured time instead.
//!
//! Everything here is pure and decides with numbers it is given:
//!
//! - [`corrected_now`] is THE function every part of trayotp asks for "the
//!   time to make a code for" (the tray, `trayotp code` / `copy`, a form): the
//!   PC's time plus the last measured offset, when correction is on, the
//!   measurement is fresh by the PC's own clock (younger than
//!   [`MAX_AGE_SECONDS`]), within [`MAX_APPLIED_OFFSET_MS`] (an hour: a
//!   larger offset is shown, never applied), and within the range the user
//!   agreed to ([`needs_consent`]: the same sign, and at most
//!   [`CONSENT_DRIFT_MS`] from the offset seen when correction was turned on).
//! - [`agree`] turns the replies of one measurement into an offset: at least
//!   two, each with a round trip of at most [`MAX_ROUND_TRIP_MS`], all within
//!   [`AGREEMENT_MS`] of each other. One answer, whoever sent it, is never
//!   enough: a single spoofed reply must not choose the codes' time window.
//! - [`is_off`] says when the offset is worth a warning: more than 10 s, or
//!   more than a sixth of the shortest period in the vault.
//! - [`recheck_due`] says when the tray measures again while codes are copied.
//!
//! The measuring itself (the SNTP exchange, its four timestamps and the
//! checks on a reply) is `crate::platform::sntp`, on the `sntpc` crate.

use serde::{Deserialize, Serialize};

/// Milliseconds since the Unix epoch.
pub type Millis = u64;

/// A measurement older than this (a day) is not applied: clocks drift, and
/// a PC may have been moved, fixed or put to sleep since.
pub const MAX_AGE_SECONDS: u64 = 24 * 60 * 60;

/// While codes are being copied, the tray measures again at most this often.
pub const RECHECK_INTERVAL_MS: Millis = 3 * 60 * 60 * 1000;

/// An offset beyond this (10 s) earns a warning, whatever the periods.
pub const WARN_OFFSET_MS: u64 = 10_000;

/// The largest offset ever applied to codes (an hour). A PC further off
/// than that needs its clock set, not trayotp's help: an offset this large
/// is far more likely a wrong or forged reply than a PC's drift.
pub const MAX_APPLIED_OFFSET_MS: u64 = 60 * 60 * 1000;

/// A reply whose round trip took longer than this (1 s) is ignored: the
/// offset's error is up to half the round trip.
pub const MAX_ROUND_TRIP_MS: u64 = 1000;

/// Replies agree when their offsets are at most this far apart (2 s: two
/// round trips of up to 1 s each).
pub const AGREEMENT_MS: u64 = 2000;

/// The user is asked again before an offset is applied that differs by more
/// than this (60 s) from the one seen when they turned correction on.
pub const CONSENT_DRIFT_MS: u64 = 60_000;

/// The port a time server listens on when `host[:port]` names none.
pub const NTP_PORT: u16 = 123;

/// The last measurement, kept per machine (`platform::clock_store`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockRecord {
    /// Server time minus PC time, in milliseconds: positive when the PC is
    /// slow (behind), negative when it is fast.
    pub offset_ms: i64,
    /// When it was measured, in Unix seconds by the PC's own clock.
    pub measured_at: u64,
    /// The offset measured when the user turned correction on (their
    /// consent covers offsets near it: [`needs_consent`]); `None` until then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consented_offset_ms: Option<i64>,
}

impl ClockRecord {
    /// A new measurement (nothing consented yet).
    pub fn measured(offset_ms: i64, measured_at: u64) -> Self {
        ClockRecord {
            offset_ms,
            measured_at,
            consented_offset_ms: None,
        }
    }

    /// This measurement with the consent `previous` carried (the user's
    /// answer stays until the offset leaves its range).
    pub fn keeping_consent_of(mut self, previous: Option<&ClockRecord>) -> Self {
        self.consented_offset_ms = previous.and_then(|p| p.consented_offset_ms);
        self
    }

    /// This measurement, consented to as it is (correction was turned on).
    pub fn consented(mut self) -> Self {
        self.consented_offset_ms = Some(self.offset_ms);
        self
    }

    /// Whether it may still be applied at `pc_now_ms`: measured less than
    /// [`MAX_AGE_SECONDS`] ago (and not in the future by as much, which means
    /// the PC's clock was changed since).
    pub fn is_fresh(&self, pc_now_ms: Millis) -> bool {
        (pc_now_ms / 1000).abs_diff(self.measured_at) < MAX_AGE_SECONDS
    }
}

/// The time to make codes for, and the offset that went into it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Corrected {
    pub now_ms: Millis,
    /// What was added to the PC's time (0 when not corrected).
    pub offset_ms: i64,
}

/// Why a measured offset is not applied to codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Held {
    /// `clock_correction` is off.
    Off,
    /// Nothing measured, or the measurement is a day old (by the PC's clock).
    NoFreshMeasurement,
    /// Beyond [`MAX_APPLIED_OFFSET_MS`]: the PC's clock must be set.
    BeyondCap,
    /// Correction is on but the offset left the range the user agreed to:
    /// they are asked again.
    NeedsConsent,
}

/// Whether an offset of `offset_ms` needs the user's (new) consent, given
/// the one they agreed to: none yet, the sign changed, or it moved by more
/// than [`CONSENT_DRIFT_MS`].
pub fn needs_consent(consented_offset_ms: Option<i64>, offset_ms: i64) -> bool {
    consented_offset_ms
        .is_none_or(|agreed| (agreed < 0) != (offset_ms < 0) || agreed.abs_diff(offset_ms) > CONSENT_DRIFT_MS)
}

/// Whether `offset_ms` is small enough ever to be applied.
pub fn within_cap(offset_ms: i64) -> bool {
    offset_ms.unsigned_abs() <= MAX_APPLIED_OFFSET_MS
}

/// The offset applied to codes at the PC's time `pc_now_ms`, or why none.
/// Freshness is judged by the PC's clock, never by corrected time.
pub fn applied_offset(pc_now_ms: Millis, record: Option<&ClockRecord>, correction_on: bool) -> Result<i64, Held> {
    let record = record
        .filter(|r| r.is_fresh(pc_now_ms))
        .ok_or(Held::NoFreshMeasurement)?;
    if !within_cap(record.offset_ms) {
        return Err(Held::BeyondCap);
    }
    if !correction_on {
        return Err(Held::Off);
    }
    if needs_consent(record.consented_offset_ms, record.offset_ms) {
        return Err(Held::NeedsConsent);
    }
    Ok(record.offset_ms)
}

/// The time codes are made for: the PC's time, plus the recorded offset
/// when [`applied_offset`] allows it.
pub fn corrected_now(pc_now_ms: Millis, record: Option<&ClockRecord>, correction_on: bool) -> Corrected {
    let offset_ms = applied_offset(pc_now_ms, record, correction_on).unwrap_or(0);
    Corrected {
        now_ms: pc_now_ms.saturating_add_signed(offset_ms),
        offset_ms,
    }
}

/// The offset beyond which codes are at risk: 10 s, or a sixth of the
/// shortest period (a 30 s code is refused 5 s off by a strict server).
pub fn warn_threshold_ms(shortest_period: Option<u32>) -> u64 {
    let sixth = shortest_period.map_or(u64::MAX, |period| u64::from(period) * 1000 / 6);
    WARN_OFFSET_MS.min(sixth)
}

/// Whether `offset_ms` is worth a warning, given the shortest period in the vault.
pub fn is_off(offset_ms: i64, shortest_period: Option<u32>) -> bool {
    offset_ms.unsigned_abs() > warn_threshold_ms(shortest_period)
}

/// One server's reply, as far as the agreement rule cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reply {
    pub offset_ms: i64,
    pub round_trip_ms: u64,
}

/// What the replies of one measurement say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Agreement {
    /// At least two usable replies, all within [`AGREEMENT_MS`]: their
    /// median offset.
    Agreed { offset_ms: i64, replies: usize },
    /// Fewer than two replies with a round trip of at most
    /// [`MAX_ROUND_TRIP_MS`].
    TooFew { usable: usize },
    /// The usable replies are further apart than [`AGREEMENT_MS`].
    Disagree { lowest_ms: i64, highest_ms: i64 },
}

/// The offset a measurement's replies agree on, if they do (see [`Agreement`]).
pub fn agree(replies: &[Reply]) -> Agreement {
    let mut offsets: Vec<i64> = replies
        .iter()
        .filter(|r| r.round_trip_ms <= MAX_ROUND_TRIP_MS)
        .map(|r| r.offset_ms)
        .collect();
    offsets.sort_unstable();
    match (offsets.first(), offsets.last()) {
        (Some(&lowest_ms), Some(&highest_ms)) if offsets.len() >= 2 => {
            if lowest_ms.abs_diff(highest_ms) > AGREEMENT_MS {
                Agreement::Disagree { lowest_ms, highest_ms }
            } else {
                Agreement::Agreed {
                    offset_ms: offsets[(offsets.len() - 1) / 2],
                    replies: offsets.len(),
                }
            }
        }
        _ => Agreement::TooFew { usable: offsets.len() },
    }
}

/// Which way the PC's clock is off, in whole seconds (rounded).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Skew {
    /// The PC's clock is behind the server by this many seconds.
    Slow(u64),
    /// The PC's clock is ahead of the server by this many seconds.
    Fast(u64),
}

impl Skew {
    pub fn of(offset_ms: i64) -> Skew {
        let seconds = (offset_ms.unsigned_abs() + 500) / 1000;
        if offset_ms >= 0 {
            Skew::Slow(seconds)
        } else {
            Skew::Fast(seconds)
        }
    }
}

/// Whether the tray should measure again at `now` (a copy just happened):
/// never measured, or the last attempt is [`RECHECK_INTERVAL_MS`] old.
pub fn recheck_due(last_attempt: Option<Millis>, now: Millis) -> bool {
    last_attempt.is_none_or(|at| now.abs_diff(at) >= RECHECK_INTERVAL_MS)
}

/// A `time_servers` entry split into host and port (default 123); `None`
/// when it is not `host` or `host:port` (an IPv6 address goes in brackets:
/// `[::1]:123`).
pub fn parse_server(entry: &str) -> Option<(String, u16)> {
    let entry = entry.trim();
    if entry.is_empty() || entry.chars().any(|c| c.is_whitespace() || c.is_control() || c == ',') {
        return None;
    }
    let (host, port) = if let Some(rest) = entry.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        match after {
            "" => (host, NTP_PORT),
            _ => (host, after.strip_prefix(':')?.parse().ok()?),
        }
    } else {
        match entry.split_once(':') {
            Some((host, port)) if !port.contains(':') => (host, port.parse().ok()?),
            Some(_) => return None,
            None => (entry, NTP_PORT),
        }
    };
    (!host.is_empty() && port != 0).then(|| (host.to_string(), port))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Millis = 1_780_000_000_000;

    fn record(offset_ms: i64, age_seconds: u64) -> ClockRecord {
        ClockRecord::measured(offset_ms, NOW / 1000 - age_seconds).consented()
    }

    #[test]
    fn correction_applies_a_fresh_offset_only_when_on() {
        let slow = record(150_000, 60);
        assert_eq!(
            corrected_now(NOW, Some(&slow), true),
            Corrected {
                now_ms: NOW + 150_000,
                offset_ms: 150_000
            }
        );
        assert_eq!(corrected_now(NOW, Some(&slow), false).now_ms, NOW);
        assert_eq!(corrected_now(NOW, None, true).offset_ms, 0);
        let fast = record(-47_400, 60);
        assert_eq!(corrected_now(NOW, Some(&fast), true).now_ms, NOW - 47_400);
    }

    #[test]
    fn a_measurement_a_day_old_or_from_the_future_is_not_applied() {
        assert!(record(150_000, MAX_AGE_SECONDS - 1).is_fresh(NOW));
        assert!(!record(150_000, MAX_AGE_SECONDS).is_fresh(NOW));
        assert_eq!(
            corrected_now(NOW, Some(&record(150_000, MAX_AGE_SECONDS)), true).offset_ms,
            0
        );
        let future = ClockRecord::measured(5, NOW / 1000 + MAX_AGE_SECONDS + 10).consented();
        assert!(!future.is_fresh(NOW));
    }

    #[test]
    fn an_offset_beyond_an_hour_is_never_applied_whatever_the_consent() {
        let hour = MAX_APPLIED_OFFSET_MS as i64;
        assert_eq!(corrected_now(NOW, Some(&record(hour, 60)), true).offset_ms, hour);
        assert_eq!(corrected_now(NOW, Some(&record(-hour, 60)), true).offset_ms, -hour);
        for beyond in [hour + 1, -hour - 1, 2 * 86_400_000, 315_576_000_001, i64::MIN, i64::MAX] {
            let far = record(beyond, 60);
            assert_eq!(applied_offset(NOW, Some(&far), true), Err(Held::BeyondCap), "{beyond}");
            assert_eq!(corrected_now(NOW, Some(&far), true).now_ms, NOW, "{beyond}");
        }
    }

    #[test]
    fn freshness_is_judged_by_the_pcs_clock_not_the_corrected_time() {
        // Measured 23 h ago by the PC's clock: fresh, even though corrected
        // time (an hour ahead) would call it a day old.
        let slow = record(3_600_000, MAX_AGE_SECONDS - 3_600);
        assert_eq!(applied_offset(NOW, Some(&slow), true), Ok(3_600_000));
        assert_eq!(
            applied_offset(NOW, Some(&record(5_000, MAX_AGE_SECONDS)), true),
            Err(Held::NoFreshMeasurement)
        );
    }

    #[test]
    fn the_user_is_asked_again_when_the_offset_changes_sign_or_by_more_than_a_minute() {
        assert!(needs_consent(None, 150_000));
        assert!(!needs_consent(Some(150_000), 150_000));
        assert!(!needs_consent(Some(150_000), 210_000));
        assert!(needs_consent(Some(150_000), 210_001));
        assert!(!needs_consent(Some(150_000), 90_000));
        assert!(needs_consent(Some(150_000), 89_999));
        assert!(needs_consent(Some(2_000), -2_000), "the sign changed");
        assert!(needs_consent(Some(-2_000), 0), "the sign changed");
        let moved = ClockRecord::measured(215_000, NOW / 1000 - 60).keeping_consent_of(Some(&record(150_000, 90)));
        assert_eq!(moved.consented_offset_ms, Some(150_000));
        assert_eq!(applied_offset(NOW, Some(&moved), true), Err(Held::NeedsConsent));
        assert_eq!(applied_offset(NOW, Some(&moved.clone().consented()), true), Ok(215_000));
        assert_eq!(applied_offset(NOW, Some(&moved), false), Err(Held::Off));
    }

    fn reply(offset_ms: i64, round_trip_ms: u64) -> Reply {
        Reply {
            offset_ms,
            round_trip_ms,
        }
    }

    #[test]
    fn a_correction_needs_two_agreeing_replies_each_under_a_second() {
        assert_eq!(agree(&[]), Agreement::TooFew { usable: 0 });
        assert_eq!(agree(&[reply(150_000, 2)]), Agreement::TooFew { usable: 1 });
        assert_eq!(
            agree(&[reply(150_000, 2), reply(150_400, 5)]),
            Agreement::Agreed {
                offset_ms: 150_000,
                replies: 2
            }
        );
        assert_eq!(
            agree(&[reply(150_000, 2), reply(150_000, 1_001)]),
            Agreement::TooFew { usable: 1 },
            "a round trip over 1 s is ignored"
        );
        assert_eq!(
            agree(&[reply(150_000, 2), reply(200_000, 3)]),
            Agreement::Disagree {
                lowest_ms: 150_000,
                highest_ms: 200_000
            }
        );
        assert_eq!(
            agree(&[reply(0, 2), reply(2_000, 3), reply(1_000, 40)]),
            Agreement::Agreed {
                offset_ms: 1_000,
                replies: 3
            }
        );
        assert!(matches!(
            agree(&[reply(0, 2), reply(2_001, 3)]),
            Agreement::Disagree { .. }
        ));
    }

    #[test]
    fn the_warning_threshold_is_ten_seconds_or_a_sixth_of_the_shortest_period() {
        assert_eq!(warn_threshold_ms(None), 10_000);
        assert_eq!(warn_threshold_ms(Some(60)), 10_000);
        assert_eq!(warn_threshold_ms(Some(30)), 5_000);
        assert!(is_off(10_001, Some(60)));
        assert!(!is_off(10_000, Some(60)));
        assert!(is_off(-10_001, None));
        assert!(!is_off(-9_000, Some(60)));
        assert!(is_off(6_000, Some(30)));
        assert!(!is_off(4_000, Some(30)));
    }

    #[test]
    fn skew_says_slow_for_a_positive_offset_and_rounds_to_seconds() {
        assert_eq!(Skew::of(47_400), Skew::Slow(47));
        assert_eq!(Skew::of(46_600), Skew::Slow(47));
        assert_eq!(Skew::of(-150_200), Skew::Fast(150));
    }

    #[test]
    fn the_tray_measures_again_after_three_hours_of_copying() {
        assert!(recheck_due(None, NOW));
        assert!(!recheck_due(Some(NOW - RECHECK_INTERVAL_MS + 1), NOW));
        assert!(recheck_due(Some(NOW - RECHECK_INTERVAL_MS), NOW));
    }

    #[test]
    fn servers_are_host_or_host_port() {
        assert_eq!(parse_server("ntp.nict.jp"), Some(("ntp.nict.jp".into(), 123)));
        assert_eq!(parse_server(" 127.0.0.1:40123 "), Some(("127.0.0.1".into(), 40123)));
        assert_eq!(parse_server("[::1]:5000"), Some(("::1".into(), 5000)));
        assert_eq!(parse_server("[::1]"), Some(("::1".into(), 123)));
        for bad in [
            "",
            "host:",
            "host:0",
            "host:99999",
            ":123",
            "a b",
            "::1",
            "[::1]x",
            "a,b",
        ] {
            assert_eq!(parse_server(bad), None, "{bad:?}");
        }
    }
}
