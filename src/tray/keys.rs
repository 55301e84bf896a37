//! The tray's passphrase for a passphrase-protected vault: asked once, in
//! the tray's own unlock window (`gui::unlock`), or taken from
//! `TRAYOTP_PASSPHRASE` (scripts and tests), then kept in this process
//! only, for the reloads (in zeroizing memory, for the tray's lifetime: the
//! tray ends with `process::exit`, so it is not wiped at exit). It is never handed to a child
//! process: a form the tray opens asks for it itself.

use std::sync::{Arc, Mutex};

use zeroize::Zeroizing;

use crate::protect::passphrase::{PassphrasePrompt, PassphrasePurpose};
use crate::protect::{self, KeyProtector, ProtectError, ProtectorKind};
use crate::secret_env::{self, PASSPHRASE_ENV};

/// The passphrase the tray knows, shared by its threads.
#[derive(Clone, Default)]
pub struct TrayPassphrase {
    known: Arc<Mutex<Option<Zeroizing<String>>>>,
}

impl TrayPassphrase {
    pub fn set(&self, passphrase: Zeroizing<String>) {
        if let Ok(mut known) = self.known.lock() {
            *known = Some(passphrase);
        }
    }

    pub fn forget(&self) {
        if let Ok(mut known) = self.known.lock() {
            *known = None;
        }
    }

    /// A protector chooser for `Vault::open` that any thread may use.
    pub fn chooser(
        &self,
    ) -> impl Fn(ProtectorKind) -> Result<Box<dyn KeyProtector>, ProtectError> + Send + Sync + 'static {
        let passphrase = self.clone();
        move |kind| protect::protector_for(kind, Box::new(passphrase.clone()))
    }
}

impl PassphrasePrompt for TrayPassphrase {
    fn passphrase(&self, _: PassphrasePurpose) -> Result<Zeroizing<String>, ProtectError> {
        if let Ok(known) = self.known.lock()
            && let Some(known) = known.as_ref()
        {
            return Ok(known.clone());
        }
        // The tray never creates a vault: only an unlock asks.
        match secret_env::get(PASSPHRASE_ENV) {
            Some(given) => {
                self.set(given.clone());
                Ok(given)
            }
            None => Err(ProtectError::NoPassphrase(PASSPHRASE_ENV)),
        }
    }
}
