//! Ente Auth's encrypted export up to the point the password is asked for
//! (its Argon2 may take 1 GiB, over the run's allocation bound).
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use trayotp::formats::{self, FormatId};

fuzz_target!(|data: &[u8]| {
    common::check(formats::importer(FormatId::Ente).import(data, &common::NoPassword));
});
