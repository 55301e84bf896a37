//! `trayotp code` and `trayotp copy`: a running tray is asked first (it
//! holds the vault's key, and its clipboard owner outlives the command);
//! without one the command opens the vault itself.

use std::path::Path;

use serde::Serialize;

use super::out::outln;
use super::{CliError, Session, print_json, spawn_clipboard_holder, terminal, texts, time};
use crate::app::App;
use crate::domain::account::AccountError;
use crate::platform::control::{self, CodeReply, ErrorKind, Request, Response};
use crate::protect::ProtectorKind;
use crate::vault;

#[derive(Serialize)]
struct CodeReport<'a> {
    name: &'a str,
    code: &'a str,
    remaining: u64,
    period: u32,
    valid_from: u64,
    valid_until: u64,
    /// What was added to the PC's clock (`clock_correction`), 0 if nothing.
    clock_offset_ms: i64,
}

/// Prints a code as `trayotp code` does: the digits, or the report as JSON.
fn print_code(report: &CodeReport<'_>, json: bool) -> Result<(), CliError> {
    if json {
        return print_json(report);
    }
    outln!("{}", report.code);
    Ok(())
}

impl Session<'_> {
    pub(super) fn copy(&self, name: &str, settings: &Path) -> Result<(), CliError> {
        match control::send(self.path.main(), &Request::Copy { name: name.to_string() }) {
            Ok(response) if response.ok => {
                outln!("{}", terminal::terminal_safe(&response.message));
                return Ok(());
            }
            Ok(response) => return Err(CliError::TrayRefused(response.message)),
            Err(control::ControlError::NotRunning) => {}
            Err(other) => return Err(other.into()),
        }
        let vault = self.open_existing()?;
        let account = vault
            .accounts()
            .find(name)
            .ok_or_else(|| AccountError::NotFound(name.trim().to_string()))?;
        let mut when = time::corrected_now(settings)?.now_ms / 1000;
        let mut code = account.code_at(when);
        if code.seconds_left(when) < App::grace_seconds(account.period) {
            // Same rule as the tray: never hand out a code about to die.
            eprintln!("{}", texts::texts().cli_waiting_for_next_code(code.seconds_left(when)));
            std::thread::sleep(std::time::Duration::from_secs(code.seconds_left(when)));
            when = code.valid_until;
            code = account.code_at(when);
        }
        // The holder clears the code at its expiry by the PC's clock.
        let offset_ms = time::corrected_now(settings)?.offset_ms;
        let until_ms = (code.valid_until * 1000).saturating_add_signed(-offset_ms);
        spawn_clipboard_holder(code.digits(), until_ms)?;
        outln!(
            "{}",
            texts::texts().cli_copied_without_tray(&account.name, code.seconds_left(when), code.period)
        );
        Ok(())
    }

    /// `trayotp code`: from the running tray when it holds the key of a
    /// DPAPI or keyring vault (no second unlock), else from the vault.
    pub(super) fn code(&self, name: &str, at: Option<u64>, json: bool, settings: &Path) -> Result<(), CliError> {
        if let Some(reply) = self.code_from_tray(name, at)? {
            return print_code(
                &CodeReport {
                    name: &reply.name,
                    code: &reply.code,
                    remaining: reply.remaining,
                    period: reply.period,
                    valid_from: reply.valid_from,
                    valid_until: reply.valid_until,
                    clock_offset_ms: reply.clock_offset_ms,
                },
                json,
            );
        }
        let vault = self.open_existing()?;
        let account = vault
            .accounts()
            .find(name)
            .ok_or_else(|| AccountError::NotFound(name.trim().to_string()))?;
        let (when, clock_offset_ms) = match at {
            Some(at) => (at, 0),
            None => {
                let corrected = time::corrected_now(settings)?;
                (corrected.now_ms / 1000, corrected.offset_ms)
            }
        };
        let code = account.code_at(when);
        print_code(
            &CodeReport {
                name: &account.name,
                code: code.digits(),
                remaining: code.seconds_left(when),
                period: code.period,
                valid_from: code.valid_from,
                valid_until: code.valid_until,
                clock_offset_ms,
            },
            json,
        )
    }

    /// The code from the running tray, if one serves this vault and the
    /// vault needs no passphrase (the tray refuses those too). An older
    /// tray, or none, leaves it to the caller.
    fn code_from_tray(&self, name: &str, at: Option<u64>) -> Result<Option<Box<CodeReply>>, CliError> {
        if !matches!(
            vault::protector_on_disk(&self.path),
            Some(ProtectorKind::Dpapi | ProtectorKind::Keyring)
        ) {
            return Ok(None);
        }
        let request = Request::Code {
            name: name.to_string(),
            at,
        };
        match control::send(self.path.main(), &request) {
            Ok(Response { code: Some(reply), .. }) => Ok(Some(reply)),
            Ok(Response {
                kind: Some(ErrorKind::UnknownAccount),
                ..
            }) => Err(AccountError::NotFound(name.trim().to_string()).into()),
            _ => Ok(None),
        }
    }
}
