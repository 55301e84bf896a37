//! Bitwarden's JSON (plain and password-protected, up to the KDF: its
//! costs are bounded, then no password is given) and CSV exports.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use trayotp::formats::{self, FormatId};

fuzz_target!(|data: &[u8]| {
    common::check(formats::importer(FormatId::Bitwarden).import(data, &common::NoPassword));
});
