//! Asking the person at the terminal: passphrases (hidden, confirmed when a
//! vault or a backup is created, or from `TRAYOTP_PASSPHRASE` /
//! `TRAYOTP_BACKUP_PASSPHRASE` for scripts), setup numbers and yes/no
//! confirmations. Nothing here ever prints what was typed.

use std::cell::RefCell;
use std::io::{self, BufRead, IsTerminal, Read, Write};
use std::rc::Rc;

use zeroize::Zeroizing;

use crate::protect::ProtectError;
use crate::protect::passphrase::{PassphrasePrompt, PassphrasePurpose};

pub use crate::secret_env::{BACKUP_PASSPHRASE_ENV, PASSPHRASE_ENV};

/// Passphrases from an environment variable or the terminal, asked at most
/// once per run (the answer is remembered, wiped on drop, for a second look
/// at the same vault, e.g. its backup).
#[derive(Clone)]
pub struct TerminalPassphrase {
    remembered: Rc<RefCell<Option<Zeroizing<String>>>>,
    /// Where scripts put it.
    env: &'static str,
    /// What it unlocks, capitalised, for the prompts.
    what: &'static str,
}

/// The vault's passphrase (`TRAYOTP_PASSPHRASE`).
impl Default for TerminalPassphrase {
    fn default() -> Self {
        Self {
            remembered: Rc::default(),
            env: PASSPHRASE_ENV,
            what: "Vault",
        }
    }
}

impl TerminalPassphrase {
    /// The passphrase of a backup, or of an encrypted file being imported
    /// (`TRAYOTP_BACKUP_PASSPHRASE`).
    pub fn for_file() -> Self {
        Self {
            remembered: Rc::default(),
            env: BACKUP_PASSPHRASE_ENV,
            what: "Backup",
        }
    }
}

impl PassphrasePrompt for TerminalPassphrase {
    fn passphrase(&self, purpose: PassphrasePurpose) -> Result<Zeroizing<String>, ProtectError> {
        if let Some(known) = self.remembered.borrow().as_ref() {
            return Ok(known.clone());
        }
        let passphrase = match crate::secret_env::get(self.env) {
            Some(value) => value,
            None => self.ask_twice_if_new(purpose)?,
        };
        // A new vault's passphrase: the form's rule (a backup's is
        // `domain::backup_passphrase`, checked where backups are made).
        if purpose == PassphrasePurpose::Create && self.env == PASSPHRASE_ENV {
            use crate::domain::vault_passphrase::{self, NewPassphraseError};
            match vault_passphrase::check(&passphrase, &passphrase) {
                Ok(()) | Err(NewPassphraseError::Mismatch) => {}
                Err(NewPassphraseError::Empty) => return Err(ProtectError::EmptyPassphrase),
                Err(NewPassphraseError::TooShort { min }) => return Err(ProtectError::PassphraseTooShort { min }),
            }
        }
        *self.remembered.borrow_mut() = Some(passphrase.clone());
        Ok(passphrase)
    }
}

impl TerminalPassphrase {
    fn ask_twice_if_new(&self, purpose: PassphrasePurpose) -> Result<Zeroizing<String>, ProtectError> {
        let ask = |prompt: &str| {
            rpassword::prompt_password(prompt)
                .map(Zeroizing::new)
                .map_err(|_| ProtectError::NoPassphrase(self.env))
        };
        let what = self.what;
        match purpose {
            PassphrasePurpose::Unlock => ask(&format!("{what} passphrase: ")),
            PassphrasePurpose::Create => {
                let first = ask(&format!("New {} passphrase: ", what.to_lowercase()))?;
                let second = ask("Repeat the passphrase: ")?;
                if first != second {
                    return Err(ProtectError::PassphraseMismatch);
                }
                Ok(first)
            }
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
