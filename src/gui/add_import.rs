//! "From a file of another app…" (ほかのアプリのファイルから…), under the
//! Add form's 「その他の方法」: the accounts of another authenticator's or
//! password manager's export, read by the same readers as
//! `trayotp import FILE` (`crate::formats`, the format found by itself),
//! merged into the vault the way the command merges them (`--on-conflict
//! skip`), through the form's own [`Store::change`] (so the automatic
//! backup is written and the tray reloads, as after Register).
//!
//! The decisions are plain Rust in `crate::transfer::import` (reading the
//! file, the report's lines), below the texts that word them; here is the
//! form's state and the merge through the form's store. Nothing is added
//! on a refusal: the vault is changed only once the whole file was read.
//!
//! An encrypted file asks for its password in the form (a secret field:
//! masked, input method off); a wrong one is one line, and the field stays
//! for another try. The password and the file's bytes are wiped on drop.

use std::path::Path;

use zeroize::Zeroizing;

use crate::domain::merge::{self, OnConflict};
use crate::formats::{FormatId, Imported};
use crate::transfer::import::{Done, Failure, Read, read, read_file};

use super::store::{Store, StoreError};

/// Merges `imported`'s accounts into the vault through `store` (nothing
/// is written when there are none).
pub fn merge_into(store: &mut Store, format: FormatId, mut imported: Imported) -> Result<Done, Failure> {
    let accounts = std::mem::take(&mut imported.accounts);
    let outcomes = if accounts.is_empty() {
        Vec::new()
    } else {
        store
            .change(|list| Ok(merge::merge(list, accounts, OnConflict::Skip)))
            .map_err(|error| match error {
                StoreError::Vault(error) => Failure::NotSaved(error.to_string()),
                StoreError::Account(error) => Failure::NotSaved(error.to_string()),
            })?
    };
    Ok(Done::new(format, &imported, &outcomes))
}

/// The form's state for "From a file of another app…": the file read and
/// waiting for its password, the password typed, and the last report.
#[derive(Default)]
pub struct AppFile {
    /// The chosen file's bytes, while its password is asked for.
    waiting: Option<Zeroizing<Vec<u8>>>,
    /// The password typed (a secret field).
    pub password: Zeroizing<String>,
    /// What the last import did.
    pub report: Option<Result<Done, Failure>>,
    /// The password field is to take the focus (it just appeared, or the
    /// password was wrong).
    pub focus_password: bool,
}

impl AppFile {
    /// Whether the form shows the password field.
    pub fn asks_password(&self) -> bool {
        self.waiting.is_some()
    }

    /// A file was chosen: reads it, and imports it or asks for its password.
    pub fn open(&mut self, path: &Path, store: &mut Store) {
        self.waiting = None;
        self.password = Zeroizing::new(String::new());
        match read_file(path) {
            Ok(bytes) => self.import(bytes, store),
            Err(failure) => self.report = Some(Err(failure)),
        }
    }

    /// "Import" with the password typed.
    pub fn import_with_password(&mut self, store: &mut Store) {
        if let Some(bytes) = self.waiting.take() {
            self.import(bytes, store);
        }
    }

    /// Something refused before the file was read (the new passphrase).
    pub fn refuse(&mut self, failure: Failure) {
        self.report = Some(Err(failure));
    }

    fn import(&mut self, bytes: Zeroizing<Vec<u8>>, store: &mut Store) {
        let password = Some(&self.password).filter(|p| !p.is_empty());
        match read(&bytes, password) {
            Read::Accounts { format, imported } => {
                self.password = Zeroizing::new(String::new());
                self.report = Some(merge_into(store, format, imported));
            }
            Read::NeedsPassword(_) => {
                self.waiting = Some(bytes);
                self.report = None;
                self.focus_password = true;
            }
            Read::Failed(Failure::WrongPassword) => {
                // Another try: the file stays, the password goes.
                self.waiting = Some(bytes);
                self.password = Zeroizing::new(String::new());
                self.report = Some(Err(Failure::WrongPassword));
                self.focus_password = true;
            }
            Read::Failed(failure) => self.report = Some(Err(failure)),
        }
    }
}
