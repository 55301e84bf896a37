//! The clear-text files trayotp keeps beside the vault and per machine: a
//! vault's `state.json` (`vault::state::VaultState`) and the clock record
//! (`domain::clock::ClockRecord`). What parses survives a round trip; a
//! clock record never makes codes for more than an hour away.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trayotp::domain::clock::{self, ClockRecord};
use trayotp::vault::state::VaultState;

fuzz_target!(|data: &[u8]| {
    if let Ok(state) = serde_json::from_slice::<VaultState>(data) {
        let again = serde_json::to_vec(&state).expect("serialises");
        assert_eq!(serde_json::from_slice::<VaultState>(&again).expect("parses"), state);
    }
    if let Ok(record) = serde_json::from_slice::<ClockRecord>(data) {
        let again = serde_json::to_vec(&record).expect("serialises");
        assert_eq!(serde_json::from_slice::<ClockRecord>(&again).expect("parses"), record);
        let now_ms = record.measured_at.saturating_mul(1000);
        let corrected = clock::corrected_now(now_ms, Some(&record), true);
        assert!(corrected.offset_ms.unsigned_abs() <= clock::MAX_APPLIED_OFFSET_MS);
    }
});
