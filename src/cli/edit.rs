//! `trayotp edit NAME`: an account's own properties, kept in the vault.
//! Here the window rule (`--window-rule TEXT`, `""` clears it): text the
//! focused window's title contains when the hotkey should pick this account
//! (`crate::domain::window_rule`).

use super::{CliError, Session};
use crate::domain::account::AccountError;
use crate::domain::window_rule::{self, RuleError};

/// Why `trayotp edit` changed nothing.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("nothing to change for '{0}': give --window-rule TEXT (\"\" clears it)")]
    Nothing(String),
    #[error(transparent)]
    Rule(#[from] RuleError),
}

impl Session<'_> {
    pub(super) fn edit_window_rule(&self, name: &str, window_rule: Option<&str>) -> Result<(), CliError> {
        let Some(rule) = window_rule else {
            return Err(EditError::Nothing(name.trim().to_string()).into());
        };
        let rule = window_rule::check(rule).map_err(EditError::from)?;
        let shown = self.modify(|accounts| {
            let shown = accounts
                .find(name)
                .map(|account| account.name.clone())
                .ok_or_else(|| AccountError::NotFound(name.trim().to_string()))?;
            accounts.set_window_rule(&shown, rule.clone())?;
            Ok(shown)
        })?;
        match rule {
            Some(rule) => println!("'{shown}' is now picked by the hotkey over windows whose title contains '{rule}'."),
            None => println!("'{shown}' has no window rule now."),
        }
        Ok(())
    }
}
