//! LastPass Authenticator's JSON export.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use trayotp::formats::{self, FormatId};

fuzz_target!(|data: &[u8]| {
    common::check(formats::importer(FormatId::LastPass).import(data, &common::NoPassword));
});
