//! The control channel's framing as the tray reads a connection: at most
//! 4096 bytes, one line, then JSON (`control::frame_request`). A request is
//! read or refused with one answer line; nothing panics, and a request
//! that is read survives a round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trayotp::platform::control::{self, Request};

fuzz_target!(|data: &[u8]| {
    match control::frame_request(data) {
        Ok(request) => {
            assert!(data.len() <= control::MAX_REQUEST as usize || data[..control::MAX_REQUEST as usize].contains(&b'\n'));
            let again = serde_json::to_string(&request).expect("serialises");
            assert_eq!(serde_json::from_str::<Request>(&again).expect("parses"), request);
        }
        Err(Some(refusal)) => {
            assert!(!refusal.ok);
            assert!(!refusal.message.contains('\n'));
        }
        Err(None) => {}
    }
});
