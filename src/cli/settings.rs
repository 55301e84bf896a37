//! `trayotp settings get|set|path` and `trayotp autostart on|off|status`.
//!
//! A change is saved first, then the running tray is told to apply it
//! (`Request::ReloadSettings`). A hotkey that cannot be registered (another
//! program holds it) is an error and is not kept: the previous settings
//! file is put back, so the tray keeps the hotkey it had.

use super::out::outln;
use std::path::Path;

use super::{CliError, Session};
use crate::autostart::AutostartStatus;
use crate::domain::account::AccountError;
use crate::platform::control::{self, ControlError, Request};
use crate::platform::{autostart, hotkey};
use crate::settings::file::{self as settings_file, SettingsError};
use crate::settings::{HotkeyProblem, Key, Settings};

use super::args::{AutostartAction, SettingsAction};

/// Why a settings command failed (beyond a bad key or value).
#[derive(Debug, thiserror::Error)]
pub enum SettingsCliError {
    #[error("hotkey {problem}; the settings were left as they were")]
    HotkeyRefused { problem: String },
    #[error(transparent)]
    Autostart(#[from] autostart::AutostartError),
    #[error("--all goes with off only: `trayotp autostart off --all`")]
    AllWithoutOff,
    #[error("the notification registration could not be removed: {0}")]
    AppIdentity(String),
}

pub(super) fn run(session: &Session, settings_path: &Path, action: SettingsAction) -> Result<(), CliError> {
    match action {
        SettingsAction::Path => {
            outln!("{}", settings_path.display());
            Ok(())
        }
        SettingsAction::Get { key } => get(settings_path, key.as_deref()),
        SettingsAction::Set { key, value } => set(session, settings_path, &key, &value),
    }
}

fn get(path: &Path, key: Option<&str>) -> Result<(), CliError> {
    let key = key.map(Key::from_name).transpose().map_err(SettingsError::from)?;
    let loaded = settings_file::load(path);
    for problem in &loaded.problems {
        eprintln!("trayotp: warning: {}: {problem}", path.display());
    }
    match key {
        Some(key) => outln!("{}", loaded.settings.get(key)),
        None => {
            for key in Key::ALL {
                outln!("{key} = {}", loaded.settings.get(key));
            }
        }
    }
    Ok(())
}

fn set(session: &Session, path: &Path, key: &str, value: &str) -> Result<(), CliError> {
    let parsed_key = Key::from_name(key).map_err(SettingsError::from)?;
    // Refuse a bad value before anything else (and before unlocking the vault).
    Settings::default()
        .set(parsed_key, value)
        .map_err(SettingsError::from)?;
    let value = match parsed_key {
        Key::DefaultAccount if !value.trim().is_empty() => stored_name(session, value)?,
        _ => value.to_string(),
    };
    let previous = std::fs::read(path).ok();
    let (_, after) = settings_file::set(path, key, &value)?;
    if parsed_key == Key::ClockCorrection {
        // Turning it on is consent to the offset measured now, and no other.
        if let Err(error) = crate::platform::clock_store::set_consent(after.clock_correction) {
            eprintln!("trayotp: warning: the clock measurement could not be updated: {error}");
        }
    }
    let shown = after.get(parsed_key);
    let shown = if shown.is_empty() {
        "\"\" (none)".to_string()
    } else {
        shown
    };
    match control::send(session.path.main(), &Request::ReloadSettings) {
        Ok(response) if response.ok => {
            outln!("{parsed_key} is now {shown}; the running tray applied it.");
            if parsed_key == Key::Hotkey
                && after.hotkey.is_some()
                && let Some(problem) = HotkeyProblem::of_support(hotkey::support())
            {
                eprintln!("trayotp: warning: {problem} (the setting is saved)");
            }
        }
        Ok(response) => {
            undo(path, previous, session);
            return Err(SettingsCliError::HotkeyRefused {
                problem: response.message,
            }
            .into());
        }
        Err(ControlError::NotRunning) => {
            if parsed_key == Key::Hotkey
                && let Some(wanted) = &after.hotkey
            {
                match hotkey::probe(wanted) {
                    Ok(()) => {}
                    Err(problem @ (HotkeyProblem::Wayland | HotkeyProblem::NoDisplay)) => {
                        eprintln!("trayotp: warning: {problem} (the setting is saved)");
                    }
                    Err(problem) => {
                        undo(path, previous, session);
                        return Err(SettingsCliError::HotkeyRefused {
                            problem: problem.to_string(),
                        }
                        .into());
                    }
                }
            }
            outln!("{parsed_key} is now {shown}.");
        }
        Err(other) => {
            outln!("{parsed_key} is now {shown}.");
            eprintln!("trayotp: warning: the running tray could not be told ({other}); restart it to apply the change");
        }
    }
    Ok(())
}

/// The account's name as stored (so "work" becomes "Work"), or an error
/// if the vault has no such account.
fn stored_name(session: &Session, name: &str) -> Result<String, CliError> {
    let vault = session.open_existing()?;
    let account = vault
        .accounts()
        .find(name)
        .ok_or_else(|| AccountError::NotFound(name.trim().to_string()))?;
    Ok(account.name.clone())
}

/// Puts the settings file back as it was and lets the tray re-apply it.
fn undo(path: &Path, previous: Option<Vec<u8>>, session: &Session) {
    let restored = match previous {
        Some(bytes) => crate::vault::file::write_atomically(path, &bytes),
        None => std::fs::remove_file(path),
    };
    if let Err(error) = restored {
        eprintln!("trayotp: warning: cannot put back {}: {error}", path.display());
    }
    let _ = control::send(session.path.main(), &Request::ReloadSettings);
}

pub(super) fn autostart_command(session: &Session, action: AutostartAction, all: bool) -> Result<(), CliError> {
    if all && action != AutostartAction::Off {
        return Err(SettingsCliError::AllWithoutOff.into());
    }
    let status = match action {
        AutostartAction::On => autostart::enable(),
        AutostartAction::Off => autostart::disable(),
        AutostartAction::Status => autostart::status(),
    }
    .map_err(SettingsCliError::from)?;
    if action != AutostartAction::Status {
        // The running tray's check item follows (its answer does not matter here).
        let _ = control::send(session.path.main(), &Request::ReloadSettings);
    }
    let location = autostart::location()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    outln!("{}", describe(&status, &location));
    if all {
        remove_app_identity(session)?;
    }
    Ok(())
}

/// `trayotp autostart off --all`: the notification registration goes too
/// (`platform::app_identity`), so a portable copy leaves nothing behind.
fn remove_app_identity(session: &Session) -> Result<(), CliError> {
    use crate::platform::app_identity;
    let Some(folder) = session.path.main().parent() else {
        return Ok(());
    };
    let removed = app_identity::unregister(folder).map_err(SettingsCliError::AppIdentity)?;
    if !cfg!(windows) {
        outln!("Notifications: nothing registered on this system.");
    } else if removed {
        outln!(
            "Notifications: removed HKEY_CURRENT_USER\\{} and {}.",
            app_identity::registry_key(),
            folder.join(app_identity::ICON_FILE).display()
        );
    } else {
        outln!("Notifications: nothing was registered.");
    }
    Ok(())
}

/// One line for `trayotp autostart`.
fn describe(status: &AutostartStatus, location: &str) -> String {
    let exe = autostart::current_exe().unwrap_or_default();
    match status {
        AutostartStatus::Off => format!("Start at login: off (no entry at {location})."),
        AutostartStatus::On => format!("Start at login: on ({location} runs {exe} --background)."),
        AutostartStatus::DisabledByUser if cfg!(windows) => format!(
            "Start at login: disabled in Task Manager (the entry {location} is there, but Windows skips it; \
             `trayotp autostart on` enables it)."
        ),
        AutostartStatus::DisabledByUser => format!(
            "Start at login: disabled in your startup applications ({location} says Hidden or \
             X-GNOME-Autostart-enabled=false; `trayotp autostart on` enables it)."
        ),
        AutostartStatus::Elsewhere { program } => format!(
            "Start at login: set for another trayotp ({location} runs {program}; `trayotp autostart on` points it here)."
        ),
    }
}
