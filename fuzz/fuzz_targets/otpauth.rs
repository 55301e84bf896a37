//! otpauth:// links: one pasted (after the scheme the parser looks for),
//! and a file of them (`--format uris`).
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use trayotp::domain::setup_key::{self, ParamOverrides};
use trayotp::formats::{self, FormatId};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = setup_key::parse(&format!("otpauth://totp/{text}"), ParamOverrides::default());
    }
    common::check(formats::importer(FormatId::Uris).import(data, &common::NoPassword));
});
