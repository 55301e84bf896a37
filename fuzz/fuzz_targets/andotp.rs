//! andOTP's JSON, and its encrypted forms up to the point the password is
//! asked for.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use trayotp::formats::{self, FormatId};

fuzz_target!(|data: &[u8]| {
    common::check(formats::importer(FormatId::AndOtp).import(data, &common::NoPassword));
});
