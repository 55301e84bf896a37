//! Authenticator Pro backups: plain JSON, and the encrypted forms' headers
//! up to the point the password is asked for.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use trayotp::formats::{self, FormatId};

fuzz_target!(|data: &[u8]| {
    common::check(formats::importer(FormatId::AuthPro).import(data, &common::NoPassword));
});
