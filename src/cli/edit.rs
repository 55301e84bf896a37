//! `trayotp edit NAME`: where an account's own properties, kept in the
//! vault, are changed (its display name has `trayotp rename`): its reading
//! (`--reading READING`, how "Find account" finds a kanji name) and its
//! window rule (`--window-rule TEXT`: text the focused window's title
//! contains when the hotkey should pick this account, see
//! `crate::domain::window_rule`). `""` clears either; properties not given
//! stay as they are; a running tray is told to show the change.

use super::args::EditArgs;
use super::out::outln;
use super::{CliError, Session, texts};
use crate::domain::window_rule::{self, RuleError};

/// Why `trayotp edit` changed nothing.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error(transparent)]
    Rule(#[from] RuleError),
}

pub(super) fn run(session: &Session, args: EditArgs) -> Result<(), CliError> {
    if args.reading.is_none() && args.window_rule.is_none() {
        return Err(CliError::NothingToEdit);
    }
    // Checked before the vault is opened: a bad rule changes nothing.
    let rule = match args.window_rule.as_deref() {
        Some(rule) => Some(window_rule::check(rule).map_err(EditError::from)?),
        None => None,
    };
    let (name, reading) = session.modify(|accounts| {
        let mut shown = accounts
            .find(&args.name)
            .map(|account| account.name.clone())
            .ok_or_else(|| crate::domain::account::AccountError::NotFound(args.name.trim().to_string()))?;
        let mut reading = None;
        if let Some(new_reading) = &args.reading {
            let account = accounts.set_reading(&shown, new_reading)?;
            shown = account.name.clone();
            reading = Some(account.reading.clone());
        }
        if let Some(rule) = &rule {
            accounts.set_window_rule(&shown, rule.clone())?;
        }
        Ok((shown, reading))
    })?;
    let texts = texts::texts();
    if let Some(reading) = reading {
        outln!("{}", texts.cli_reading_set(&name, reading.as_deref()));
    }
    if let Some(rule) = rule {
        outln!("{}", texts.cli_window_rule_set(&name, rule.as_deref()));
    }
    Ok(())
}
