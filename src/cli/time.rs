//! `trayotp time`: asks a time server how far off this PC's clock is, prints
//! it, and keeps it in the vault's state file (where `clock_correction`
//! takes it from); and the corrected time `code` and `copy` make codes for.

use std::path::Path;

use serde::Serialize;

use super::{CliError, Session, print_json};
use crate::domain::clock::{Corrected, Skew};
use crate::platform::sntp;
use crate::vault::state;

/// `trayotp time` failed; `Display` is one line.
#[derive(Debug, thiserror::Error)]
pub enum TimeError {
    #[error("no time server answered ({0}); check the network, or name another with --server HOST[:PORT]")]
    NoAnswer(String),
    #[error("--server {0}: use host or host:port, e.g. ntp.nict.jp or 127.0.0.1:123")]
    BadServer(String),
}

#[derive(Serialize)]
struct TimeReport<'a> {
    server: &'a str,
    offset_ms: i64,
    round_trip_ms: u64,
}

pub(super) fn run(session: &Session, settings_path: &Path, servers: Vec<String>, json: bool) -> Result<(), CliError> {
    if let Some(bad) = servers.iter().find(|s| crate::domain::clock::parse_server(s).is_none()) {
        return Err(TimeError::BadServer(bad.clone()).into());
    }
    let servers = if servers.is_empty() {
        crate::settings::file::load(settings_path).settings.time_servers
    } else {
        servers
    };
    let measurement =
        sntp::measure(&servers).map_err(|failures| TimeError::NoAnswer(sntp::describe_failures(&failures)))?;
    let record = crate::domain::clock::ClockRecord {
        offset_ms: measurement.offset_ms,
        measured_at: measurement.measured_at,
    };
    if let Err(error) = state::record_clock(&session.path, record) {
        eprintln!("trayotp: warning: the measurement could not be kept for clock_correction: {error}");
    }
    if json {
        return print_json(&TimeReport {
            server: &measurement.server,
            offset_ms: measurement.offset_ms,
            round_trip_ms: measurement.round_trip_ms,
        });
    }
    let how = how_far_off(measurement.offset_ms);
    println!(
        "{}: this PC's clock is {how} (offset {:+} ms, round trip {} ms).",
        measurement.server, measurement.offset_ms, measurement.round_trip_ms
    );
    Ok(())
}

/// The time `code` and `copy` make codes for: the PC's clock, corrected by
/// the stored measurement when `clock_correction` is on (the tray's rule).
pub(super) fn corrected_now(session: &Session, settings_path: &Path) -> Result<Corrected, CliError> {
    super::now()?;
    let correction = crate::settings::file::load(settings_path).settings.clock_correction;
    Ok(state::corrected_now(&session.path, correction))
}

/// What `trayotp check` adds when a code matches one time step off: the
/// clock as last measured (`trayotp time`, or the tray), or how to measure it.
pub(super) fn clock_hint(session: &Session) -> String {
    let pc_now_ms = super::now().unwrap_or(0) * 1000;
    match state::load(&session.path).last_clock_check {
        Some(record) if record.is_fresh(pc_now_ms) => {
            let how = how_far_off(record.offset_ms);
            format!(
                "This PC's clock was last measured {how} (offset {:+} ms); `trayotp settings set clock_correction on` makes codes use the measured time.",
                record.offset_ms
            )
        }
        _ => "Measure this PC's clock with `trayotp time`.".to_string(),
    }
}

/// "47 s slow", "3 s fast" or "right to the second".
fn how_far_off(offset_ms: i64) -> String {
    match Skew::of(offset_ms) {
        Skew::Slow(0) | Skew::Fast(0) => "right to the second".to_string(),
        Skew::Slow(s) => format!("{s} s slow"),
        Skew::Fast(s) => format!("{s} s fast"),
    }
}
