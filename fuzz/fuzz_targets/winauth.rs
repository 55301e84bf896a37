//! WinAuth's zip export: the zip, ZipCrypto with a password given, the
//! deflated text and its links.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use trayotp::formats::{self, FormatId};

fuzz_target!(|data: &[u8]| {
    common::check(formats::importer(FormatId::WinAuth).import(data, &common::Password));
});
