//! A time server's reply (48 bytes or anything else), judged as the clock
//! check judges one (`platform::sntp::judge_reply`, on `sntpc`'s checks, with
//! the originate timestamp made ours so the rest is what is checked); then
//! what a pair of such replies makes under the agreement rule. Nothing
//! panics, and an offset that is applied is within the cap.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trayotp::domain::clock::{self, Agreement, ClockRecord, Reply};
use trayotp::platform::sntp;

fuzz_target!(|data: &[u8]| {
    let Ok(measurement) = sntp::judge_reply(data) else { return };
    let reply = Reply {
        offset_ms: measurement.offset_ms,
        round_trip_ms: measurement.round_trip_ms,
    };
    if let Agreement::Agreed { offset_ms, .. } = clock::agree(&[reply, reply]) {
        let record = ClockRecord::measured(offset_ms, measurement.measured_at).consented();
        let now_ms = measurement.measured_at.saturating_mul(1000);
        let corrected = clock::corrected_now(now_ms, Some(&record), true);
        assert!(corrected.offset_ms.unsigned_abs() <= clock::MAX_APPLIED_OFFSET_MS);
    }
});
