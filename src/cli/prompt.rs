//! Asking the person at the terminal: passphrases (hidden, confirmed when a
//! vault is created, or from `TRAYOTP_PASSPHRASE` for scripts), setup numbers
//! and yes/no confirmations. Nothing here ever prints what was typed.

use std::cell::RefCell;
use std::io::{self, BufRead, IsTerminal, Read, Write};
use std::rc::Rc;

use zeroize::Zeroizing;

use crate::protect::ProtectError;
use crate::protect::passphrase::{PassphrasePrompt, PassphrasePurpose};

pub const PASSPHRASE_ENV: &str = "TRAYOTP_PASSPHRASE";

/// Passphrases from `TRAYOTP_PASSPHRASE` or the terminal, asked at most once
/// per run (the answer is remembered, wiped on drop, for a second look at the
/// same vault, e.g. its backup).
#[derive(Clone, Default)]
pub struct TerminalPassphrase {
    remembered: Rc<RefCell<Option<Zeroizing<String>>>>,
}

impl PassphrasePrompt for TerminalPassphrase {
    fn passphrase(&self, purpose: PassphrasePurpose) -> Result<Zeroizing<String>, ProtectError> {
        if let Some(known) = self.remembered.borrow().as_ref() {
            return Ok(known.clone());
        }
        let passphrase = match std::env::var(PASSPHRASE_ENV) {
            Ok(value) => Zeroizing::new(value),
            Err(_) => ask_twice_if_new(purpose)?,
        };
        *self.remembered.borrow_mut() = Some(passphrase.clone());
        Ok(passphrase)
    }
}

fn ask_twice_if_new(purpose: PassphrasePurpose) -> Result<Zeroizing<String>, ProtectError> {
    let ask = |prompt: &str| {
        rpassword::prompt_password(prompt)
            .map(Zeroizing::new)
            .map_err(|_| ProtectError::NoPassphrase)
    };
    match purpose {
        PassphrasePurpose::Unlock => ask("Vault passphrase: "),
        PassphrasePurpose::Create => {
            let first = ask("New vault passphrase: ")?;
            let second = ask("Repeat the passphrase: ")?;
            if first != second {
                return Err(ProtectError::PassphraseMismatch);
            }
            Ok(first)
        }
    }
}

/// Reads a setup number: hidden from the terminal, or all of standard input
/// when it is piped.
pub fn read_setup_key() -> io::Result<Zeroizing<String>> {
    if io::stdin().is_terminal() {
        return rpassword::prompt_password("Setup number (input hidden): ").map(Zeroizing::new);
    }
    let mut text = Zeroizing::new(String::new());
    io::stdin().read_to_string(&mut text)?;
    Ok(text)
}

/// Asks a yes/no question on the terminal; `None` when there is no terminal.
pub fn confirm(question: &str) -> Option<bool> {
    if !io::stdin().is_terminal() {
        return None;
    }
    eprint!("{question} [y/N] ");
    io::stderr().flush().ok()?;
    let mut answer = String::new();
    io::stdin().lock().read_line(&mut answer).ok()?;
    Some(matches!(answer.trim(), "y" | "Y" | "yes" | "Yes" | "YES"))
}
