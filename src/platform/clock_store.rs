//! The clock measurement, kept per machine: `clock.json` in the local data
//! folder (`paths::local_dir`), never beside the vault. An offset is a fact
//! about one PC's clock; kept beside a synced or shared vault it would
//! carry one PC's error to another.
//!
//! The record is not secret (an offset, a time, the offset the user agreed
//! to); a missing or damaged file reads as "not measured", which at worst
//! costs a correction until the next measurement.

use std::path::PathBuf;

use crate::domain::clock::{self, ClockRecord, Corrected};

const FILE: &str = "clock.json";

/// Where the record is kept, or `None` when the OS names no local folder.
pub fn path() -> Option<PathBuf> {
    crate::paths::local_dir().map(|dir| dir.join(FILE))
}

/// The last measurement; `None` when missing or unreadable.
pub fn load() -> Option<ClockRecord> {
    let bytes = std::fs::read(path()?).ok()?;
    // A real record is under 200 bytes: a larger file is not ours.
    if bytes.len() > 4096 {
        return None;
    }
    serde_json::from_slice(&bytes).ok()
}

/// Keeps `record` (atomically, in a private folder).
pub fn save(record: &ClockRecord) -> std::io::Result<()> {
    let target = path().ok_or_else(|| std::io::Error::other("the OS names no local data folder"))?;
    if let Some(dir) = target.parent() {
        crate::vault::file::create_private_dir(dir)?;
    }
    let json = serde_json::to_vec_pretty(record).map_err(std::io::Error::other)?;
    crate::vault::file::write_atomically(&target, &json)
}

/// Keeps a new measurement, carrying the consent of the one it replaces.
pub fn record(measured: ClockRecord) -> std::io::Result<ClockRecord> {
    let kept = measured.keeping_consent_of(load().as_ref());
    save(&kept)?;
    Ok(kept)
}

/// `clock_correction` was turned on (or off): the offset measured now is
/// the one the user agreed to (or none is).
pub fn set_consent(on: bool) -> std::io::Result<()> {
    let Some(mut record) = load() else {
        return Ok(());
    };
    record.consented_offset_ms = on.then_some(record.offset_ms);
    save(&record)
}

/// The time to make codes for now: the PC's clock, corrected by the kept
/// measurement when the rule allows (`domain::clock::corrected_now`). What
/// `trayotp code` / `copy` and the forms use; the tray applies the same
/// rule to the measurement it holds.
pub fn corrected_now(clock_correction: bool) -> Corrected {
    let pc_now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0);
    let record = if clock_correction { load() } else { None };
    clock::corrected_now(pc_now_ms, record.as_ref(), clock_correction)
}
