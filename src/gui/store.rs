//! The forms' access to the vault: read it once when the window opens, and
//! make every change through `vault::modify` (lock, re-read, change, write),
//! exactly like the command line, so nothing another process wrote in the
//! meantime is lost. After a change the running tray is told to reload, so
//! its menu shows the change at once.
//!
//! A passphrase-protected vault needs its passphrase in this process:
//! `TRAYOTP_PASSPHRASE` if set, otherwise what the user typed into the
//! form's passphrase field ([`GuiPassphrase`]).

use std::cell::RefCell;
use std::rc::Rc;

use zeroize::Zeroizing;

use crate::cli::prompt::PASSPHRASE_ENV;
use crate::domain::AccountList;
use crate::domain::account::AccountError;
use crate::platform::control::{self, Request};
use crate::protect::passphrase::{PassphrasePrompt, PassphrasePurpose};
use crate::protect::{self, KeyProtector, ProtectError, ProtectorKind};
use crate::vault::{self, ProtectorChooser, Vault, VaultError, VaultPath};

/// The passphrase from the environment or from the form. Shared between
/// the form (which sets it) and the protector chooser (which reads it).
#[derive(Clone, Default)]
pub struct GuiPassphrase {
    typed: Rc<RefCell<Option<Zeroizing<String>>>>,
}

impl GuiPassphrase {
    /// Remembers what the user typed, for the next unlock.
    pub fn set(&self, passphrase: Zeroizing<String>) {
        *self.typed.borrow_mut() = Some(passphrase);
    }

    pub fn forget(&self) {
        *self.typed.borrow_mut() = None;
    }
}

impl PassphrasePrompt for GuiPassphrase {
    fn passphrase(&self, _: PassphrasePurpose) -> Result<Zeroizing<String>, ProtectError> {
        if let Ok(value) = std::env::var(PASSPHRASE_ENV) {
            return Ok(Zeroizing::new(value));
        }
        match self.typed.borrow().as_ref() {
            Some(typed) if !typed.is_empty() => Ok(typed.clone()),
            Some(_) => Err(ProtectError::EmptyPassphrase),
            None => Err(ProtectError::NoPassphrase(PASSPHRASE_ENV)),
        }
    }
}

/// A protector chooser whose passphrases come from `passphrase`.
pub fn chooser(passphrase: GuiPassphrase) -> Rc<ProtectorChooser<'static>> {
    Rc::new(
        move |kind: ProtectorKind| -> Result<Box<dyn KeyProtector>, ProtectError> {
            protect::protector_for(kind, Box::new(passphrase.clone()))
        },
    )
}

/// Why the vault could not be opened, as the form needs to know it.
#[derive(Debug)]
pub enum OpenError {
    /// A passphrase vault, and no passphrase yet: ask for it.
    NeedsPassphrase,
    /// The passphrase typed (or in `TRAYOTP_PASSPHRASE`) is wrong.
    WrongPassphrase,
    /// Anything else, with the vault's own one-line reason.
    Vault(VaultError),
}

impl From<VaultError> for OpenError {
    fn from(error: VaultError) -> Self {
        match error {
            VaultError::Protect(ProtectError::NoPassphrase(_) | ProtectError::EmptyPassphrase) => {
                OpenError::NeedsPassphrase
            }
            VaultError::Protect(ProtectError::WrongPassphrase) => OpenError::WrongPassphrase,
            other => OpenError::Vault(other),
        }
    }
}

/// Why a change was not made.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Account(#[from] AccountError),
    #[error(transparent)]
    Vault(#[from] VaultError),
}

/// The vault as the forms see it: its path, how to unlock it, and the
/// accounts as last read or written.
pub struct Store {
    path: VaultPath,
    choose: Rc<ProtectorChooser<'static>>,
    /// How a new vault is protected (`--protector`), when the add form creates it.
    requested: Option<ProtectorKind>,
    accounts: AccountList,
}

impl Store {
    /// Reads the vault (a missing one is an empty list: the add form makes it).
    pub fn open(
        path: VaultPath,
        choose: Rc<ProtectorChooser<'static>>,
        requested: Option<ProtectorKind>,
    ) -> Result<Self, OpenError> {
        let accounts = Vault::open(&path, &*choose)?
            .map(|vault| vault.accounts().clone())
            .unwrap_or_default();
        Ok(Self {
            path,
            choose,
            requested,
            accounts,
        })
    }

    pub fn accounts(&self) -> &AccountList {
        &self.accounts
    }

    pub fn path(&self) -> &VaultPath {
        &self.path
    }

    /// Reads the vault again, for what another process changed since.
    pub fn refresh(&mut self) -> Result<(), VaultError> {
        self.accounts = Vault::open(&self.path, &*self.choose)?
            .map(|vault| vault.accounts().clone())
            .unwrap_or_default();
        Ok(())
    }

    /// Applies `change` to the accounts under the vault's lock, after
    /// re-reading it, and writes the result; then tells a running tray to
    /// reload. Whether it worked or not, [`Store::accounts`] is the vault's
    /// current content afterwards (when it could be read).
    pub fn change<T>(
        &mut self,
        change: impl FnOnce(&mut AccountList) -> Result<T, AccountError>,
    ) -> Result<T, StoreError> {
        let mut current = None;
        let result = vault::modify(&self.path, &*self.choose, self.requested, |accounts| {
            let outcome = change(accounts);
            current = Some(accounts.clone());
            outcome.map_err(StoreError::from)
        });
        if let Some(current) = current {
            self.accounts = current;
        }
        if result.is_ok() {
            tell_tray_to_reload(&self.path);
        }
        result
    }
}

/// Asks the running tray, if any, to read the vault again.
fn tell_tray_to_reload(path: &VaultPath) {
    // No tray running (a form started by hand, the tests) is fine; a tray
    // that cannot read the vault says so in its own toast.
    let _ = control::send(path.main(), &Request::Reload);
}
