//! Google Authenticator's export: otpauth-migration:// links carrying
//! Base64 protobuf (the hand-written reader in formats/protobuf.rs).
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use trayotp::formats::{self, FormatId};

fuzz_target!(|data: &[u8]| {
    common::check(formats::importer(FormatId::Google).import(data, &common::NoPassword));
});
