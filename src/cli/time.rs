//! `trayotp time`: asks the time servers how far off this PC's clock is,
//! prints it, and keeps it per machine (`platform::clock_store`, where
//! `clock_correction` takes it from); and the corrected time `code` and
//! `copy` make codes for.

use super::out::outln;
use std::path::Path;

use serde::Serialize;

use super::{CliError, print_json};
use crate::domain::clock::{self, ClockRecord, Corrected, Skew};
use crate::platform::{clock_store, sntp};

/// `trayotp time` failed; `Display` is one line.
#[derive(Debug, thiserror::Error)]
pub enum TimeError {
    #[error("{0}; check the network, or name other servers with --server HOST[:PORT]")]
    Measure(String),
    #[error("--server {0}: use host or host:port, e.g. ntp.nict.jp or 127.0.0.1:123")]
    BadServer(String),
}

#[derive(Serialize)]
struct TimeReport<'a> {
    server: &'a str,
    offset_ms: i64,
    round_trip_ms: u64,
}

pub(super) fn run(settings_path: &Path, servers: Vec<String>, json: bool) -> Result<(), CliError> {
    if let Some(bad) = servers.iter().find(|s| crate::domain::clock::parse_server(s).is_none()) {
        return Err(TimeError::BadServer(bad.clone()).into());
    }
    let servers = if servers.is_empty() {
        crate::settings::file::load(settings_path).settings.time_servers
    } else {
        servers
    };
    let measurement = sntp::measure(&servers).map_err(|error| TimeError::Measure(error.to_string()))?;
    let record = ClockRecord::measured(measurement.offset_ms, measurement.measured_at);
    if let Err(error) = clock_store::record(record) {
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
    outln!(
        "{}: this PC's clock is {how} (offset {:+} ms, round trip {} ms).",
        measurement.server,
        measurement.offset_ms,
        measurement.round_trip_ms
    );
    if !clock::within_cap(measurement.offset_ms) {
        outln!(
            "trayotp never corrects codes by more than {} minutes: set this PC's clock (Windows: Settings → Time & language; Linux: timedatectl set-ntp true).",
            clock::MAX_APPLIED_OFFSET_MS / 60_000
        );
    }
    Ok(())
}

/// The time `code` and `copy` make codes for: the PC's clock, corrected by
/// the stored measurement when `clock_correction` is on (the tray's rule).
pub(super) fn corrected_now(settings_path: &Path) -> Result<Corrected, CliError> {
    super::now()?;
    let correction = crate::settings::file::load(settings_path).settings.clock_correction;
    Ok(clock_store::corrected_now(correction))
}

/// What `trayotp check` adds when a code matches one time step off: the
/// clock as last measured (`trayotp time`, or the tray), or how to measure it.
pub(super) fn clock_hint() -> String {
    let pc_now_ms = super::now().unwrap_or(0) * 1000;
    match clock_store::load() {
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
