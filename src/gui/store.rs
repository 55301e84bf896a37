//! The forms' access to the vault: read it once when the window opens, and
//! make every change through `vault::modify` (lock, re-read, change, write;
//! by way of `auto_backup::modify`, which then writes the automatic backup),
//! exactly like the command line, so nothing another process wrote in the
//! meantime is lost. After a change the running tray is told to reload, so
//! its menu shows the change at once.
//!
//! A passphrase-protected vault needs its passphrase in this process:
//! `TRAYOTP_PASSPHRASE` if set, otherwise what the user typed into the
//! form's passphrase field ([`GuiPassphrase`]). When there is no vault yet
//! and the new one is to be protected by a passphrase, the add form asks
//! for a new one ([`Store::needs_new_passphrase`]).
//!
//! A window that stays open ("Show code") follows changes other programs
//! make: [`Store::refresh_if_changed`] re-reads the vault when its file's
//! size or modification time changed, at most once a second, and keeps the
//! last good list (with a note) when the vault cannot be read.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::SystemTime;

use zeroize::Zeroizing;

use crate::app::Millis;
use crate::domain::AccountList;
use crate::domain::account::AccountError;
use crate::platform::control::{self, Request};
use crate::protect::passphrase::{PassphrasePrompt, PassphrasePurpose};
use crate::protect::{self, KeyProtector, ProtectError, ProtectorKind};
use crate::secret_env::PASSPHRASE_ENV;
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

    /// Whether `TRAYOTP_PASSPHRASE` supplies the passphrase.
    pub fn from_environment() -> bool {
        crate::secret_env::is_set(PASSPHRASE_ENV)
    }
}

/// Whether the add form must ask for a new passphrase before it registers
/// the first account: there is no vault yet, the new one is protected by a
/// passphrase (`requested`, or the platform's default), and the passphrase
/// does not come from `TRAYOTP_PASSPHRASE` (as the command line does).
pub fn needs_new_passphrase(vault_exists: bool, requested: Option<ProtectorKind>, from_environment: bool) -> bool {
    !vault_exists
        && !from_environment
        && requested.unwrap_or_else(ProtectorKind::platform_default) == ProtectorKind::Passphrase
}

impl PassphrasePrompt for GuiPassphrase {
    fn passphrase(&self, _: PassphrasePurpose) -> Result<Zeroizing<String>, ProtectError> {
        if let Some(value) = crate::secret_env::get(PASSPHRASE_ENV) {
            return Ok(value);
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

/// What identifies a version of the vault file cheaply: its size and
/// modification time (`None`: no file).
type Stamp = Option<(u64, Option<SystemTime>)>;

fn stamp(path: &VaultPath) -> Stamp {
    std::fs::metadata(path.main())
        .ok()
        .map(|meta| (meta.len(), meta.modified().ok()))
}

/// What [`Store::refresh_if_changed`] found.
#[derive(Debug, Clone)]
pub enum Refresh {
    /// Not checked yet (checked less than a second ago), or not changed.
    Unchanged,
    /// The vault changed and was read again: `previous` is the list before.
    Changed { previous: AccountList },
    /// The vault changed and cannot be read now: the last good list stays.
    Unreadable,
}

/// The vault as the forms see it: its path, how to unlock it, and the
/// accounts as last read or written.
pub struct Store {
    path: VaultPath,
    passphrase: GuiPassphrase,
    choose: Rc<ProtectorChooser<'static>>,
    /// How a new vault is protected (`--protector`), when the add form creates it.
    requested: Option<ProtectorKind>,
    accounts: AccountList,
    /// Whether the vault file existed when last read or written.
    exists: bool,
    /// The file as last read, and the second it was last looked at.
    stamp: Stamp,
    checked_second: Option<Millis>,
    /// Why the vault could not be read again, while it cannot.
    unreadable: Option<String>,
}

impl Store {
    /// Reads the vault (a missing one is an empty list: the add form makes
    /// it); its passphrase, if it has one, comes from `passphrase`.
    pub fn open(
        path: VaultPath,
        passphrase: GuiPassphrase,
        requested: Option<ProtectorKind>,
    ) -> Result<Self, OpenError> {
        let choose = chooser(passphrase.clone());
        let stamp = stamp(&path);
        let vault = Vault::open(&path, &*choose)?;
        let exists = vault.is_some();
        let accounts = vault.map(|vault| vault.accounts().clone()).unwrap_or_default();
        Ok(Self {
            path,
            passphrase,
            choose,
            requested,
            accounts,
            exists,
            stamp,
            checked_second: None,
            unreadable: None,
        })
    }

    /// Whether registering now creates a passphrase vault whose passphrase
    /// must be chosen first (see [`needs_new_passphrase`]).
    pub fn needs_new_passphrase(&self) -> bool {
        needs_new_passphrase(self.exists, self.requested, GuiPassphrase::from_environment())
    }

    /// The passphrase the vault about to be created is protected with.
    pub fn choose_new_passphrase(&self, passphrase: Zeroizing<String>) {
        self.passphrase.set(passphrase);
    }

    /// Re-reads the vault if its file changed since it was last read,
    /// looking at the file at most once per second of `now`.
    pub fn refresh_if_changed(&mut self, now: Millis) -> Refresh {
        let second = now / 1000;
        if self.checked_second == Some(second) {
            return Refresh::Unchanged;
        }
        self.checked_second = Some(second);
        let current = stamp(&self.path);
        if current == self.stamp {
            return Refresh::Unchanged;
        }
        match Vault::open(&self.path, &*self.choose) {
            Ok(vault) => {
                self.stamp = current;
                self.unreadable = None;
                self.exists = vault.is_some();
                let accounts = vault.map(|vault| vault.accounts().clone()).unwrap_or_default();
                let previous = std::mem::replace(&mut self.accounts, accounts);
                Refresh::Changed { previous }
            }
            Err(error) => {
                // Looked at again when the file changes again (or is repaired).
                self.stamp = current;
                self.unreadable = Some(error.to_string());
                Refresh::Unreadable
            }
        }
    }

    /// Why the vault cannot be read now, when a re-read failed (the
    /// accounts are then the last good list).
    pub fn unreadable(&self) -> Option<&str> {
        self.unreadable.as_deref()
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
        // The automatic backup's failure is in the state file: the tray
        // shows it when it reloads.
        let result = crate::auto_backup::modify(&self.path, &*self.choose, self.requested, |accounts| {
            let outcome = change(accounts);
            current = Some(accounts.clone());
            outcome.map_err(StoreError::from)
        })
        .map(|(result, _)| result);
        if let Some(current) = current {
            self.accounts = current;
            self.unreadable = None;
        }
        self.stamp = stamp(&self.path);
        self.exists = self.stamp.is_some();
        if result.is_ok() {
            tell_tray_to_reload(&self.path);
        }
        result
    }
}

impl Store {
    /// Turns automatic backups on (`Some`) or off in the vault, as
    /// `trayotp auto-backup on|off` does.
    pub fn set_auto_backup(&mut self, record: Option<vault::AutoBackup>) -> Result<(), VaultError> {
        vault::set_auto_backup(&self.path, &*self.choose, record)?;
        self.stamp = stamp(&self.path);
        Ok(())
    }
}

/// Asks the running tray, if any, to read the vault again.
fn tell_tray_to_reload(path: &VaultPath) {
    // No tray running (a form started by hand, the tests) is fine; a tray
    // that cannot read the vault says so in its own toast.
    let _ = control::send(path.main(), &Request::Reload);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_passphrase_is_asked_for_only_when_creating_a_passphrase_vault_without_the_variable() {
        use ProtectorKind::{Dpapi, Keyring, Passphrase};
        assert!(needs_new_passphrase(false, Some(Passphrase), false));
        assert!(
            !needs_new_passphrase(true, Some(Passphrase), false),
            "unlocking is asked elsewhere"
        );
        assert!(
            !needs_new_passphrase(false, Some(Passphrase), true),
            "TRAYOTP_PASSPHRASE gives it"
        );
        assert!(!needs_new_passphrase(false, Some(Dpapi), false));
        assert!(!needs_new_passphrase(false, Some(Keyring), false));
        assert_eq!(
            needs_new_passphrase(false, None, false),
            ProtectorKind::platform_default() == Passphrase
        );
    }
}
