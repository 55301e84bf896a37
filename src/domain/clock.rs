//! The PC's clock, judged against a time server: a code is only as right as
//! the clock it is made from, so trayotp measures how far off the clock is,
//! says so when it matters, and (only when the user agreed, the setting
//! `clock_correction`) makes codes for the measured time instead.
//!
//! Everything here is pure and decides with numbers it is given:
//!
//! - [`corrected_now`] is THE function every part of trayotp asks for "the
//!   time to make a code for" (the tray, `trayotp code` / `copy`, a form): the
//!   PC's time plus the last measured offset, when correction is on and the
//!   measurement is fresh (younger than [`MAX_AGE_SECONDS`]).
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

/// The time servers asked when the settings name none: Japan's standard
/// time (NICT), then Microsoft's.
pub const DEFAULT_SERVERS: [&str; 2] = ["ntp.nict.jp", "time.windows.com"];

/// The port a time server listens on when `host[:port]` names none.
pub const NTP_PORT: u16 = 123;

/// The last measurement, kept in the vault's state file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockRecord {
    /// Server time minus PC time, in milliseconds: positive when the PC is
    /// slow (behind), negative when it is fast.
    pub offset_ms: i64,
    /// When it was measured, in Unix seconds by the PC's own clock.
    pub measured_at: u64,
}

impl ClockRecord {
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

/// The time codes are made for: the PC's time, plus the recorded offset
/// when `correction_on` and the record is fresh.
pub fn corrected_now(pc_now_ms: Millis, record: Option<&ClockRecord>, correction_on: bool) -> Corrected {
    let offset_ms = match record {
        Some(record) if correction_on && record.is_fresh(pc_now_ms) => record.offset_ms,
        _ => 0,
    };
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
        ClockRecord {
            offset_ms,
            measured_at: NOW / 1000 - age_seconds,
        }
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
        let future = ClockRecord {
            offset_ms: 5,
            measured_at: NOW / 1000 + MAX_AGE_SECONDS + 10,
        };
        assert!(!future.is_fresh(NOW));
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
