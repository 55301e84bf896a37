//! What a person can change about trayotp, kept in `settings.toml`: the
//! keys, their defaults and allowed values, and how a TOML document maps to
//! [`Settings`] and back. Pure: text in, settings and problems out (the file
//! itself is read and written by [`file`](mod@file)).
//!
//! A settings file is the user's: a damaged one must never stop the tray,
//! and editing one key must not disturb the others. So every key is read on
//! its own (one bad value costs only that key its setting, and is reported
//! by name), keys this version does not know are reported and kept, and a
//! change rewrites only the keys whose value changed (comments, order and
//! unknown keys stay as they were: `toml_edit` keeps the document's layout,
//! which a serde round trip through the `toml` crate would not).

pub mod default_account;
pub mod file;
pub mod hotkey;

use std::fmt;

use toml_edit::{DocumentMut, Item, Value};

use crate::choices::Language;
pub use crate::choices::{HotkeyAction, LastSecondsPolicy};
use crate::domain::clock::{DEFAULT_SERVERS, parse_server};
use crate::domain::reminder::DEFAULT_INTERVAL_DAYS;
pub use hotkey::{DEFAULT_HOTKEY, Hotkey, HotkeyError, HotkeyProblem, HotkeySupport};

/// The longest `backup_reminder_days` (ten years): more is a typo.
pub const MAX_BACKUP_REMINDER_DAYS: u32 = 3650;

/// The most `time_servers` entries (each may cost a timeout of seconds).
pub const MAX_TIME_SERVERS: usize = 3;

/// The interface language setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum LanguageChoice {
    /// Follow the OS's language (Japanese on a Japanese Windows).
    #[default]
    Auto,
    Japanese,
    English,
}

/// Everything `settings.toml` can say, with its defaults.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// The global hotkey, or `None` for none.
    pub hotkey: Option<Hotkey>,
    pub language: LanguageChoice,
    /// The display name the hotkey and a left click copy, or `None`.
    pub default_account: Option<String>,
    pub show_digits_in_toast: bool,
    pub clear_clipboard: bool,
    pub last_seconds_policy: LastSecondsPolicy,
    /// Days after which the tray suggests a new backup (0: never).
    pub backup_reminder_days: u32,
    /// Whether the tray asks a time server how far off the PC's clock is.
    pub time_check: bool,
    /// The time servers (`host[:port]`), asked in order.
    pub time_servers: Vec<String>,
    /// Whether codes are made for the measured time instead of the PC's.
    pub clock_correction: bool,
    /// What the hotkey does with the code: copy, paste or type it.
    pub hotkey_action: HotkeyAction,
    /// How many automatic backups (`trayotp auto-backup on`) are kept.
    pub auto_backup_keep: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            hotkey: Hotkey::parse_setting(DEFAULT_HOTKEY).ok().flatten(),
            language: LanguageChoice::Auto,
            default_account: None,
            show_digits_in_toast: false,
            clear_clipboard: true,
            last_seconds_policy: LastSecondsPolicy::WaitForNext,
            backup_reminder_days: DEFAULT_INTERVAL_DAYS,
            time_check: true,
            time_servers: DEFAULT_SERVERS.map(String::from).to_vec(),
            clock_correction: false,
            hotkey_action: HotkeyAction::Copy,
            auto_backup_keep: crate::domain::auto_backup::DEFAULT_KEEP,
        }
    }
}

/// The keys of `settings.toml`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    Hotkey,
    Language,
    DefaultAccount,
    ShowDigitsInToast,
    ClearClipboard,
    LastSecondsPolicy,
    BackupReminderDays,
    TimeCheck,
    TimeServers,
    ClockCorrection,
    HotkeyAction,
    AutoBackupKeep,
}

impl Key {
    pub const ALL: [Key; 12] = [
        Key::Hotkey,
        Key::Language,
        Key::DefaultAccount,
        Key::ShowDigitsInToast,
        Key::ClearClipboard,
        Key::LastSecondsPolicy,
        Key::BackupReminderDays,
        Key::TimeCheck,
        Key::TimeServers,
        Key::ClockCorrection,
        Key::HotkeyAction,
        Key::AutoBackupKeep,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Key::Hotkey => "hotkey",
            Key::Language => "language",
            Key::DefaultAccount => "default_account",
            Key::ShowDigitsInToast => "show_digits_in_toast",
            Key::ClearClipboard => "clear_clipboard",
            Key::LastSecondsPolicy => "last_seconds_policy",
            Key::BackupReminderDays => "backup_reminder_days",
            Key::TimeCheck => "time_check",
            Key::TimeServers => "time_servers",
            Key::ClockCorrection => "clock_correction",
            Key::HotkeyAction => "hotkey_action",
            Key::AutoBackupKeep => "auto_backup_keep",
        }
    }

    /// What the key accepts, for error messages and `--help`.
    pub fn allowed(self) -> &'static str {
        match self {
            Key::Hotkey => "a combination like Ctrl+Alt+O, or \"\" for none",
            Key::Language => "auto, ja or en",
            Key::DefaultAccount => "an account's display name, or \"\" for none",
            Key::ShowDigitsInToast | Key::ClearClipboard => "true or false",
            Key::LastSecondsPolicy => "wait or copy-anyway",
            Key::BackupReminderDays => "a whole number of days from 0 (no reminders) to 3650",
            Key::TimeCheck | Key::ClockCorrection => "on or off",
            Key::TimeServers => "host[:port] names separated by commas, e.g. ntp.nict.jp,time.windows.com",
            Key::HotkeyAction => "copy, paste or type",
            Key::AutoBackupKeep => "a whole number of automatic backups to keep, from 1 to 1000",
        }
    }

    pub fn from_name(name: &str) -> Result<Key, SettingError> {
        Key::ALL
            .into_iter()
            .find(|key| key.name() == name.trim())
            .ok_or_else(|| SettingError::UnknownKey(name.trim().to_string()))
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A key or value refused; `Display` is one line naming both and what is allowed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SettingError {
    #[error("unknown setting '{0}': the settings are {list}", list = key_list())]
    UnknownKey(String),
    #[error("{key} cannot be '{value}': use {allowed}", allowed = key.allowed())]
    BadValue { key: Key, value: String },
    #[error("hotkey {0}")]
    Hotkey(#[from] HotkeyError),
}

fn key_list() -> String {
    Key::ALL.map(Key::name).join(", ")
}

/// Something wrong in a settings file; the tray runs on with the defaults
/// for what it concerns. `Display` is one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Not TOML at all: every setting is at its default.
    Syntax { line: usize, message: String },
    /// One key's value is wrong: that key is at its default.
    BadValue(SettingError),
    /// A key this version does not know (kept in the file).
    UnknownKey(String),
    /// The file exists but could not be read.
    Unreadable(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Syntax { line, message } => {
                write!(
                    f,
                    "line {line} is not valid TOML ({message}), so every setting is at its default"
                )
            }
            Problem::BadValue(error) => write!(f, "{error}; using the default"),
            Problem::UnknownKey(key) => write!(f, "unknown setting '{key}' (ignored): the settings are {}", key_list()),
            Problem::Unreadable(detail) => write!(f, "cannot be read ({detail}), so every setting is at its default"),
        }
    }
}

/// A settings document as read: the settings, what was wrong, and the
/// document itself (to edit in place), unless it was not TOML.
pub struct Parsed {
    pub settings: Settings,
    pub problems: Vec<Problem>,
    pub document: Option<DocumentMut>,
}

/// Reads a settings document; never fails (see [`Problem`]).
pub fn parse(text: &str) -> Parsed {
    let document = match text.parse::<DocumentMut>() {
        Ok(document) => document,
        Err(error) => {
            let line = error
                .span()
                .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1)
                .unwrap_or(1);
            let message = error.message().lines().next().unwrap_or("").trim().to_string();
            return Parsed {
                settings: Settings::default(),
                problems: vec![Problem::Syntax { line, message }],
                document: None,
            };
        }
    };
    let mut settings = Settings::default();
    let mut problems = Vec::new();
    for (name, item) in document.as_table().iter() {
        match Key::from_name(name) {
            Ok(key) => {
                if let Err(error) = settings.apply_item(key, item) {
                    problems.push(Problem::BadValue(error));
                }
            }
            Err(_) => problems.push(Problem::UnknownKey(name.to_string())),
        }
    }
    Parsed {
        settings,
        problems,
        document: Some(document),
    }
}

/// How a value is stored in TOML.
enum Stored {
    Text(String),
    Bool(bool),
    Number(u32),
    /// `on` / `off` (a TOML string; a TOML boolean is read too).
    Switch(bool),
    /// A TOML array of strings (a comma-separated string is read too).
    List(Vec<String>),
}

impl Settings {
    /// The language the user chose, or `os_language` where it is "auto".
    pub fn language(&self, os_language: Language) -> Language {
        match self.language {
            LanguageChoice::Auto => os_language,
            LanguageChoice::Japanese => Language::Japanese,
            LanguageChoice::English => Language::English,
        }
    }

    /// A key's value as `settings get` prints it and `settings set` takes it.
    pub fn get(&self, key: Key) -> String {
        match self.stored(key) {
            Stored::Text(text) => text,
            Stored::Bool(value) => value.to_string(),
            Stored::Number(value) => value.to_string(),
            Stored::Switch(on) => if on { "on" } else { "off" }.to_string(),
            Stored::List(items) => items.join(","),
        }
    }

    /// Sets a key from what a person typed (`settings set KEY VALUE`, a form).
    pub fn set(&mut self, key: Key, text: &str) -> Result<(), SettingError> {
        let bad = || SettingError::BadValue {
            key,
            value: text.to_string(),
        };
        let word = text.trim().to_ascii_lowercase();
        match key {
            Key::Hotkey => self.hotkey = Hotkey::parse_setting(text)?,
            Key::Language => {
                self.language = match word.as_str() {
                    "auto" => LanguageChoice::Auto,
                    "ja" => LanguageChoice::Japanese,
                    "en" => LanguageChoice::English,
                    _ => return Err(bad()),
                }
            }
            Key::DefaultAccount => {
                let name = text.trim();
                if name.chars().any(char::is_control) {
                    return Err(bad());
                }
                self.default_account = (!name.is_empty()).then(|| name.to_string());
            }
            Key::ShowDigitsInToast | Key::ClearClipboard => {
                // Older keys keep their true/false (what `settings get`
                // prints); on/off, the spelling of the newer ones, is read too.
                let value = match word.as_str() {
                    "true" | "on" => true,
                    "false" | "off" => false,
                    _ => return Err(bad()),
                };
                if key == Key::ClearClipboard {
                    self.clear_clipboard = value;
                } else {
                    self.show_digits_in_toast = value;
                }
            }
            Key::LastSecondsPolicy => {
                self.last_seconds_policy = match word.as_str() {
                    "wait" => LastSecondsPolicy::WaitForNext,
                    "copy-anyway" => LastSecondsPolicy::CopyAnyway,
                    _ => return Err(bad()),
                }
            }
            Key::BackupReminderDays => {
                self.backup_reminder_days = word
                    .parse::<u32>()
                    .ok()
                    .filter(|days| *days <= MAX_BACKUP_REMINDER_DAYS)
                    .ok_or_else(bad)?;
            }
            Key::AutoBackupKeep => {
                self.auto_backup_keep = word
                    .parse::<u32>()
                    .ok()
                    .filter(|keep| (1..=1000).contains(keep))
                    .ok_or_else(bad)?;
            }
            Key::TimeCheck | Key::ClockCorrection => {
                let on = match word.as_str() {
                    "on" | "true" => true,
                    "off" | "false" => false,
                    _ => return Err(bad()),
                };
                if key == Key::TimeCheck {
                    self.time_check = on;
                } else {
                    self.clock_correction = on;
                }
            }
            Key::TimeServers => {
                let servers: Vec<String> = text
                    .split(',')
                    .map(str::trim)
                    .filter(|entry| !entry.is_empty())
                    .map(String::from)
                    .collect();
                if servers.is_empty()
                    || servers.len() > MAX_TIME_SERVERS
                    || servers.iter().any(|s| parse_server(s).is_none())
                {
                    return Err(bad());
                }
                self.time_servers = servers;
            }
            Key::HotkeyAction => self.hotkey_action = HotkeyAction::from_name(&word).ok_or_else(bad)?,
        }
        Ok(())
    }

    fn stored(&self, key: Key) -> Stored {
        match key {
            Key::Hotkey => Stored::Text(self.hotkey.as_ref().map(Hotkey::to_string).unwrap_or_default()),
            Key::Language => Stored::Text(
                match self.language {
                    LanguageChoice::Auto => "auto",
                    LanguageChoice::Japanese => "ja",
                    LanguageChoice::English => "en",
                }
                .into(),
            ),
            Key::DefaultAccount => Stored::Text(self.default_account.clone().unwrap_or_default()),
            Key::ShowDigitsInToast => Stored::Bool(self.show_digits_in_toast),
            Key::ClearClipboard => Stored::Bool(self.clear_clipboard),
            Key::LastSecondsPolicy => Stored::Text(
                match self.last_seconds_policy {
                    LastSecondsPolicy::WaitForNext => "wait",
                    LastSecondsPolicy::CopyAnyway => "copy-anyway",
                }
                .into(),
            ),
            Key::BackupReminderDays => Stored::Number(self.backup_reminder_days),
            Key::TimeCheck => Stored::Switch(self.time_check),
            Key::TimeServers => Stored::List(self.time_servers.clone()),
            Key::ClockCorrection => Stored::Switch(self.clock_correction),
            Key::HotkeyAction => Stored::Text(self.hotkey_action.name().into()),
            Key::AutoBackupKeep => Stored::Number(self.auto_backup_keep),
        }
    }

    /// Takes one key's value from a document, checking its TOML type too.
    fn apply_item(&mut self, key: Key, item: &Item) -> Result<(), SettingError> {
        let wrong_type = || SettingError::BadValue {
            key,
            value: item.to_string().trim().to_string(),
        };
        match (self.stored(key), item.as_value()) {
            (Stored::Text(_), Some(Value::String(text))) => self.set(key, text.value()),
            (Stored::Bool(_), Some(Value::Boolean(value))) => self.set(key, &value.value().to_string()),
            (Stored::Number(_), Some(Value::Integer(value))) => self.set(key, &value.value().to_string()),
            (Stored::Switch(_), Some(Value::String(text))) => self.set(key, text.value()),
            (Stored::Switch(_), Some(Value::Boolean(value))) => self.set(key, &value.value().to_string()),
            (Stored::List(_), Some(Value::String(text))) => self.set(key, text.value()),
            (Stored::List(_), Some(Value::Array(items))) => {
                let texts: Option<Vec<&str>> = items.iter().map(Value::as_str).collect();
                match texts {
                    // A comma inside an element would split it: refused.
                    Some(texts) if !texts.iter().any(|t| t.contains(',')) => self.set(key, &texts.join(",")),
                    _ => Err(wrong_type()),
                }
            }
            _ => Err(wrong_type()),
        }
    }

    /// Writes these settings into `document`, touching only the keys whose
    /// value differs from what the document says (a key absent from the
    /// document and at its default stays absent).
    pub fn write_into(&self, document: &mut DocumentMut) {
        let defaults = Settings::default();
        for key in Key::ALL {
            let mut current = defaults.clone();
            let said = match document.get(key.name()) {
                Some(item) => current.apply_item(key, item).is_ok(),
                None => true,
            };
            if said && current.get(key) == self.get(key) {
                continue;
            }
            let mut value = match self.stored(key) {
                Stored::Text(text) => Value::from(text),
                Stored::Bool(flag) => Value::from(flag),
                Stored::Number(number) => Value::from(i64::from(number)),
                Stored::Switch(on) => Value::from(if on { "on" } else { "off" }),
                Stored::List(items) => Value::Array(items.iter().map(String::as_str).collect()),
            };
            // Keep a comment that followed the old value on its line.
            if let Some(old) = document.get(key.name()).and_then(Item::as_value) {
                *value.decor_mut() = old.decor().clone();
            }
            document[key.name()] = Item::Value(value);
        }
    }
}

/// What a new settings file starts with.
pub const NEW_FILE_HEADER: &str = "# trayotp settings. Change them with `trayotp settings set KEY VALUE`\n\
     # (the running tray applies them at once); see the README for each key.\n";

/// A problem with the settings that the shell brings to the app, told in a
/// toast (the app's `Event::Notices`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// Something wrong in the settings file (one line, naming the key).
    Settings { file: String, detail: String },
    /// The hotkey is not working.
    Hotkey(HotkeyProblem),
}

#[cfg(test)]
mod tests;
