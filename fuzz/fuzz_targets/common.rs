//! What every target checks besides "no panic": an imported account makes a
//! code, and no message quotes a key.

// Each target uses some of these.
#![allow(dead_code)]

use trayotp::formats::{FormatError, Imported};
use trayotp::protect::ProtectError;
use trayotp::protect::passphrase::{PassphrasePrompt, PassphrasePurpose};
use zeroize::Zeroizing;

/// Gives the same password every time (the KDF runs, within its bounds).
pub struct Password;

impl PassphrasePrompt for Password {
    fn passphrase(&self, _: PassphrasePurpose) -> Result<Zeroizing<String>, ProtectError> {
        Ok(Zeroizing::new("fuzz".into()))
    }
}

/// Refuses to give one: only what comes before the KDF is exercised.
pub struct NoPassword;

impl PassphrasePrompt for NoPassword {
    fn passphrase(&self, _: PassphrasePurpose) -> Result<Zeroizing<String>, ProtectError> {
        Err(ProtectError::NoPassphrase("FUZZ"))
    }
}

/// Every account read makes a code; every message is one line.
pub fn check(result: Result<Imported, FormatError>) {
    match result {
        Ok(imported) => {
            for account in &imported.accounts {
                let code = account.code_at(1_750_000_000);
                assert!(code.digits().bytes().all(|b| b.is_ascii_digit()));
            }
            for skipped in &imported.skipped {
                let _ = skipped.to_string();
            }
        }
        Err(error) => {
            let message = error.to_string();
            assert!(!message.contains('\n'), "{message:?}");
        }
    }
}
