//! What a person can change about trayotp, kept in `settings.toml`, and how
//! a TOML document maps to [`Settings`] and back, each value read, printed
//! and written by its key's declared kind (the keys, their defaults and
//! allowed values are declared once, in [`declared`]). Pure: text in,
//! settings and problems out (the file itself is read and written by
//! [`file`](mod@file)).
//!
//! A settings file is the user's: a damaged one must never stop the tray,
//! and editing one key must not disturb the others. So every key is read on
//! its own (one bad value costs only that key its setting, and is reported
//! by name), keys this version does not know are reported and kept, and a
//! change rewrites only the keys whose value changed (comments, order and
//! unknown keys stay as they were: `toml_edit` keeps the document's layout,
//! which a serde round trip through the `toml` crate would not).

pub mod declared;
pub mod default_account;
pub mod file;
pub mod hotkey;

use std::fmt;

use toml_edit::{DocumentMut, Item};

use crate::choices::Language;
pub use crate::choices::{HotkeyAction, LastSecondsPolicy};
use crate::domain::clock::parse_server;
use declared::key_list;
pub use declared::{DECLARED, Key, Kind, MAX_BACKUP_REMINDER_DAYS, MAX_TIME_SERVERS, Spelling};
pub use hotkey::{DEFAULT_HOTKEY, Hotkey, HotkeyError, HotkeyProblem, HotkeySupport};

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
    /// Every key at its declared default ([`declared::DECLARED`]).
    fn default() -> Self {
        let mut settings = Settings {
            hotkey: None,
            language: LanguageChoice::Auto,
            default_account: None,
            show_digits_in_toast: false,
            clear_clipboard: false,
            last_seconds_policy: LastSecondsPolicy::WaitForNext,
            backup_reminder_days: 0,
            time_check: false,
            time_servers: Vec::new(),
            clock_correction: false,
            hotkey_action: HotkeyAction::Copy,
            auto_backup_keep: 0,
        };
        for declared in &DECLARED {
            // Every declared default is a value its key accepts (a test
            // checks each), so this never leaves the placeholder above.
            let applied = settings.set(declared.key, declared.default);
            debug_assert!(applied.is_ok(), "{}'s default: {applied:?}", declared.name);
        }
        settings
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

/// A key's value, of its declared [`Kind`]: what [`Settings::value`] reads
/// from a field and [`Settings::assign`] writes into one.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Setting {
    Text(String),
    /// One of the key's declared words.
    Choice(&'static str),
    Switch(bool),
    Number(u32),
    List(Vec<String>),
}

impl Kind {
    /// Reads what a person typed (or a TOML string) as this kind.
    fn read(self, text: &str) -> Option<Setting> {
        let word = text.trim().to_ascii_lowercase();
        match self {
            Kind::Text => Some(Setting::Text(text.to_string())),
            Kind::Choice(words) => words.iter().find(|w| **w == word).map(|w| Setting::Choice(w)),
            // Both spellings are read for every switch.
            Kind::Switch(_) => match word.as_str() {
                "on" | "true" => Some(Setting::Switch(true)),
                "off" | "false" => Some(Setting::Switch(false)),
                _ => None,
            },
            Kind::Number { min, max } => word
                .parse::<u32>()
                .ok()
                .filter(|n| (min..=max).contains(n))
                .map(Setting::Number),
            Kind::List { max } => {
                let items: Vec<String> = text
                    .split(',')
                    .map(str::trim)
                    .filter(|item| !item.is_empty())
                    .map(String::from)
                    .collect();
                (!items.is_empty() && items.len() <= max).then_some(Setting::List(items))
            }
        }
    }

    /// The text of a TOML value of a type this kind takes (the type it
    /// writes, and for a switch or a list the other spelling a person may
    /// have written by hand), or `None` for another type.
    fn toml_text(self, item: &Item) -> Option<String> {
        use toml_edit::Value;
        match (self, item.as_value()?) {
            (Kind::Text | Kind::Choice(_) | Kind::Switch(_) | Kind::List { .. }, Value::String(text)) => {
                Some(text.value().clone())
            }
            (Kind::Switch(_), Value::Boolean(flag)) => Some(flag.value().to_string()),
            (Kind::Number { .. }, Value::Integer(number)) => Some(number.value().to_string()),
            (Kind::List { .. }, Value::Array(items)) => {
                let texts: Option<Vec<&str>> = items.iter().map(Value::as_str).collect();
                // A comma inside an element would split it: refused.
                texts
                    .filter(|texts| !texts.iter().any(|t| t.contains(',')))
                    .map(|texts| texts.join(","))
            }
            _ => None,
        }
    }

    /// How `settings get` prints a value of this kind.
    fn print(self, value: &Setting) -> String {
        match (self, value) {
            (Kind::Switch(Spelling::OnOff), Setting::Switch(on)) => if *on { "on" } else { "off" }.to_string(),
            (_, Setting::Switch(flag)) => flag.to_string(),
            (_, Setting::Text(text)) => text.clone(),
            (_, Setting::Choice(word)) => (*word).to_string(),
            (_, Setting::Number(number)) => number.to_string(),
            (_, Setting::List(items)) => items.join(","),
        }
    }

    /// How a value of this kind is written into `settings.toml`.
    fn toml(self, value: &Setting) -> toml_edit::Value {
        use toml_edit::Value;
        match (self, value) {
            (Kind::Switch(Spelling::TrueFalse), Setting::Switch(flag)) => Value::from(*flag),
            (_, Setting::Number(number)) => Value::from(i64::from(*number)),
            (_, Setting::List(items)) => Value::Array(items.iter().map(String::as_str).collect()),
            _ => Value::from(self.print(value)),
        }
    }
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
        key.declared().kind.print(&self.value(key))
    }

    /// Sets a key from what a person typed (`settings set KEY VALUE`, a form).
    pub fn set(&mut self, key: Key, text: &str) -> Result<(), SettingError> {
        match key.declared().kind.read(text) {
            Some(value) => self.assign(key, value, text),
            None => Err(SettingError::BadValue {
                key,
                value: text.to_string(),
            }),
        }
    }

    /// A field's value (one arm per key).
    fn value(&self, key: Key) -> Setting {
        match key {
            Key::Hotkey => Setting::Text(self.hotkey.as_ref().map(Hotkey::to_string).unwrap_or_default()),
            Key::Language => Setting::Choice(match self.language {
                LanguageChoice::Auto => "auto",
                LanguageChoice::Japanese => "ja",
                LanguageChoice::English => "en",
            }),
            Key::DefaultAccount => Setting::Text(self.default_account.clone().unwrap_or_default()),
            Key::ShowDigitsInToast => Setting::Switch(self.show_digits_in_toast),
            Key::ClearClipboard => Setting::Switch(self.clear_clipboard),
            Key::LastSecondsPolicy => Setting::Choice(match self.last_seconds_policy {
                LastSecondsPolicy::WaitForNext => "wait",
                LastSecondsPolicy::CopyAnyway => "copy-anyway",
            }),
            Key::BackupReminderDays => Setting::Number(self.backup_reminder_days),
            Key::TimeCheck => Setting::Switch(self.time_check),
            Key::TimeServers => Setting::List(self.time_servers.clone()),
            Key::ClockCorrection => Setting::Switch(self.clock_correction),
            Key::HotkeyAction => Setting::Choice(self.hotkey_action.name()),
            Key::AutoBackupKeep => Setting::Number(self.auto_backup_keep),
        }
    }

    /// Puts a value read by the key's kind into its field, checking what
    /// the kind alone cannot (one arm per key). `typed` is for the error.
    fn assign(&mut self, key: Key, value: Setting, typed: &str) -> Result<(), SettingError> {
        let bad = || SettingError::BadValue {
            key,
            value: typed.to_string(),
        };
        match (key, value) {
            (Key::Hotkey, Setting::Text(text)) => self.hotkey = Hotkey::parse_setting(&text)?,
            (Key::Language, Setting::Choice(word)) => {
                self.language = match word {
                    "ja" => LanguageChoice::Japanese,
                    "en" => LanguageChoice::English,
                    _ => LanguageChoice::Auto,
                }
            }
            (Key::DefaultAccount, Setting::Text(text)) => {
                let name = text.trim();
                if name.chars().any(char::is_control) {
                    return Err(bad());
                }
                self.default_account = (!name.is_empty()).then(|| name.to_string());
            }
            (Key::ShowDigitsInToast, Setting::Switch(on)) => self.show_digits_in_toast = on,
            (Key::ClearClipboard, Setting::Switch(on)) => self.clear_clipboard = on,
            (Key::LastSecondsPolicy, Setting::Choice(word)) => {
                self.last_seconds_policy = match word {
                    "copy-anyway" => LastSecondsPolicy::CopyAnyway,
                    _ => LastSecondsPolicy::WaitForNext,
                }
            }
            (Key::BackupReminderDays, Setting::Number(days)) => self.backup_reminder_days = days,
            (Key::TimeCheck, Setting::Switch(on)) => self.time_check = on,
            (Key::TimeServers, Setting::List(servers)) => {
                if servers.iter().any(|server| parse_server(server).is_none()) {
                    return Err(bad());
                }
                self.time_servers = servers;
            }
            (Key::ClockCorrection, Setting::Switch(on)) => self.clock_correction = on,
            (Key::HotkeyAction, Setting::Choice(word)) => {
                self.hotkey_action = HotkeyAction::from_name(word).ok_or_else(bad)?;
            }
            (Key::AutoBackupKeep, Setting::Number(keep)) => self.auto_backup_keep = keep,
            // A value of another kind than the key's declared one.
            _ => return Err(bad()),
        }
        Ok(())
    }

    /// Takes one key's value from a document, checking its TOML type too.
    fn apply_item(&mut self, key: Key, item: &Item) -> Result<(), SettingError> {
        match key.declared().kind.toml_text(item) {
            Some(text) => self.set(key, &text),
            None => Err(SettingError::BadValue {
                key,
                value: item.to_string().trim().to_string(),
            }),
        }
    }

    /// Writes these settings into `document`, touching only the keys whose
    /// value differs from what the document says (a key absent from the
    /// document and at its default stays absent).
    pub fn write_into(&self, document: &mut DocumentMut) {
        let defaults = Settings::default();
        for declared in &DECLARED {
            let key = declared.key;
            let mut current = defaults.clone();
            let said = match document.get(key.name()) {
                Some(item) => current.apply_item(key, item).is_ok(),
                None => true,
            };
            if said && current.get(key) == self.get(key) {
                continue;
            }
            let mut value = declared.kind.toml(&self.value(key));
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
