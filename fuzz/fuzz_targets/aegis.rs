//! Aegis vaults, plain and encrypted. The password is given, so a slot whose
//! scrypt costs pass the bounds is derived: the allocation limit of the run
//! (-malloc_limit_mb) checks those bounds.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use trayotp::formats::{self, FormatId};

fuzz_target!(|data: &[u8]| {
    common::check(formats::importer(FormatId::Aegis).import(data, &common::Password));
});
