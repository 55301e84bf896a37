//! The control channel's JSON lines: a request as the tray reads it, and an
//! answer as a client reads it. What parses must survive a round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trayotp::platform::control::{Request, Response};

fuzz_target!(|data: &[u8]| {
    let Ok(line) = std::str::from_utf8(data) else { return };
    if let Ok(request) = serde_json::from_str::<Request>(line.trim()) {
        let again = serde_json::to_string(&request).expect("serialises");
        assert_eq!(serde_json::from_str::<Request>(&again).expect("parses"), request);
    }
    if let Ok(response) = serde_json::from_str::<Response>(line.trim()) {
        let again = serde_json::to_string(&response).expect("serialises");
        assert_eq!(serde_json::from_str::<Response>(&again).expect("parses"), response);
    }
});
