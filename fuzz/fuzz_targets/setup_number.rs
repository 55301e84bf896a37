//! A setup number as pasted: Base32 key, otpauth link or anything else.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trayotp::domain::Account;
use trayotp::domain::setup_key::{self, ParamOverrides};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match setup_key::parse(text, ParamOverrides::default()) {
        Ok(parsed) => {
            let code = Account::new("fuzz".into(), parsed).code_at(59);
            assert!(code.digits().bytes().all(|b| b.is_ascii_digit()));
        }
        Err(error) => assert!(!error.to_string().contains('\n')),
    }
});
