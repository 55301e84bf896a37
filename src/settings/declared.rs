//! Every key of `settings.toml`, declared once: its name, the kind of
//! value it takes, its default, what it allows (in English and Japanese)
//! and what it does. Everything else follows from this table: reading and
//! writing the file ([`super::Settings::set`]/[`get`](super::Settings::get)
//! parse and print by the [`Kind`]), `trayotp settings get` (every key, in
//! this order), the errors of `settings set`, `trayotp settings --help`,
//! the README's table ([`markdown_table`], checked by a test) and which
//! rows the Settings form shows ([`Declared::in_form`]; the form draws a
//! row by its kind).
//!
//! A new setting is a row here, a field of [`super::Settings`] and its two
//! arms in [`super::Settings::assign`] and [`super::Settings::value`].

use std::fmt;

use super::SettingError;
use super::hotkey::DEFAULT_HOTKEY;

/// The longest `backup_reminder_days` (ten years): more is a typo.
pub const MAX_BACKUP_REMINDER_DAYS: u32 = 3650;

/// The most `time_servers` entries (each may cost a timeout of seconds).
pub const MAX_TIME_SERVERS: usize = 3;

/// The keys of `settings.toml`, in the order of [`DECLARED`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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

/// How an on/off value is spelled when printed and written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spelling {
    /// `true`/`false` (a TOML boolean): the two oldest keys keep it.
    TrueFalse,
    /// `on`/`off` (a TOML string): every newer key.
    OnOff,
}

/// The kind of value a key takes: how it is read from what a person typed
/// or from TOML, printed and written back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Free text, checked by the key's own rule (the hotkey grammar, a
    /// display name); `""` means none.
    Text,
    /// One of these words (any case on input).
    Choice(&'static [&'static str]),
    /// On or off; both spellings are read for every such key.
    Switch(Spelling),
    /// A whole number from `min` to `max`.
    Number { min: u32, max: u32 },
    /// Up to `max` entries: a TOML array of strings, comma-separated on the
    /// command line.
    List { max: usize },
}

/// One key, declared.
#[derive(Debug)]
pub struct Declared {
    pub key: Key,
    /// Its name in `settings.toml` and on the command line.
    pub name: &'static str,
    pub kind: Kind,
    /// Its default, as `trayotp settings get` prints it.
    pub default: &'static str,
    /// What it takes, for errors and `--help` ("auto, ja or en").
    pub allowed: &'static str,
    /// The same, as the Japanese error line's advice.
    pub allowed_ja: &'static str,
    /// What it does, one line (the README's table and `--help`).
    pub about: &'static str,
    /// Whether the Settings form has a row for it (the others are set on
    /// the command line).
    pub in_form: bool,
}

/// Every key, in the order `settings get` prints them.
pub const DECLARED: [Declared; 12] = [
    Declared {
        key: Key::Hotkey,
        name: "hotkey",
        kind: Kind::Text,
        default: DEFAULT_HOTKEY,
        allowed: "a combination like Ctrl+Alt+O, or \"\" for none",
        allowed_ja: "Ctrl+Alt+O のような組み合わせか、使わない場合は \"\" を指定してください。",
        about: "the global hotkey that copies the default account's code (or opens the picker)",
        in_form: true,
    },
    Declared {
        key: Key::Language,
        name: "language",
        kind: Kind::Choice(&["auto", "ja", "en"]),
        default: "auto",
        allowed: "auto, ja or en",
        allowed_ja: "auto、ja、en のどれかを指定してください。",
        about: "the language of the menu, the toasts and the forms; auto follows the system's",
        in_form: true,
    },
    Declared {
        key: Key::DefaultAccount,
        name: "default_account",
        kind: Kind::Text,
        default: "",
        allowed: "an account's display name, or \"\" for none",
        allowed_ja: "アカウントの表示名か、既定のアカウントなしの場合は \"\" を指定してください。",
        about: "the account the hotkey and a left click copy",
        in_form: true,
    },
    Declared {
        key: Key::ShowDigitsInToast,
        name: "show_digits_in_toast",
        kind: Kind::Switch(Spelling::TrueFalse),
        default: "false",
        allowed: "true or false",
        allowed_ja: "true か false を指定してください。",
        about: "show the code's digits in the toast",
        in_form: true,
    },
    Declared {
        key: Key::ClearClipboard,
        name: "clear_clipboard",
        kind: Kind::Switch(Spelling::TrueFalse),
        default: "true",
        allowed: "true or false",
        allowed_ja: "true か false を指定してください。",
        about: "clear the code from the clipboard when it expires (if it is still there)",
        in_form: true,
    },
    Declared {
        key: Key::LastSecondsPolicy,
        name: "last_seconds_policy",
        kind: Kind::Choice(&["wait", "copy-anyway"]),
        default: "wait",
        allowed: "wait or copy-anyway",
        allowed_ja: "wait か copy-anyway を指定してください。",
        about: "in a code's last 5 seconds: wait and copy the next code, or copy this one anyway",
        in_form: true,
    },
    Declared {
        key: Key::BackupReminderDays,
        name: "backup_reminder_days",
        kind: Kind::Number {
            min: 0,
            max: MAX_BACKUP_REMINDER_DAYS,
        },
        default: "30",
        allowed: "a whole number of days from 0 (no reminders) to 3650",
        allowed_ja: "0（知らせない）から 3650 までの日数を指定してください。",
        about: "days after which the tray suggests a new backup; 0 turns the reminder off",
        in_form: false,
    },
    Declared {
        key: Key::TimeCheck,
        name: "time_check",
        kind: Kind::Switch(Spelling::OnOff),
        default: "on",
        allowed: "on or off",
        allowed_ja: "on か off を指定してください。",
        about: "the tray asks a time server how far off the PC's clock is",
        in_form: true,
    },
    Declared {
        key: Key::TimeServers,
        name: "time_servers",
        kind: Kind::List { max: MAX_TIME_SERVERS },
        // Japan's standard time (NICT), then Microsoft's.
        default: "ntp.nict.jp,time.windows.com",
        allowed: "host[:port] names separated by commas, e.g. ntp.nict.jp,time.windows.com",
        allowed_ja: "ホスト[:ポート] をカンマで区切って指定してください（例：ntp.nict.jp,time.windows.com）。",
        about: "the time servers asked, in order (up to 3)",
        in_form: true,
    },
    Declared {
        key: Key::ClockCorrection,
        name: "clock_correction",
        kind: Kind::Switch(Spelling::OnOff),
        default: "off",
        allowed: "on or off",
        allowed_ja: "on か off を指定してください。",
        about: "make codes for the measured time instead of the PC's clock",
        in_form: true,
    },
    Declared {
        key: Key::HotkeyAction,
        name: "hotkey_action",
        kind: Kind::Choice(&["copy", "paste", "type"]),
        default: "copy",
        allowed: "copy, paste or type",
        allowed_ja: "copy、paste、type のどれかを指定してください。",
        about: "copy the code, paste it (Ctrl+V into the window in front) or type its digits there",
        in_form: true,
    },
    Declared {
        key: Key::AutoBackupKeep,
        name: "auto_backup_keep",
        kind: Kind::Number { min: 1, max: 1000 },
        default: "5",
        allowed: "a whole number of automatic backups to keep, from 1 to 1000",
        allowed_ja: "残す自動バックアップの数を 1 から 1000 までで指定してください。",
        about: "how many automatic backups (`trayotp auto-backup`) are kept",
        in_form: false,
    },
];

impl Key {
    /// Every key, in the order of [`DECLARED`].
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

    /// Its declaration.
    pub fn declared(self) -> &'static Declared {
        // `Key::ALL` and `DECLARED` are in the same order (a test checks it).
        &DECLARED[self as usize]
    }

    pub fn name(self) -> &'static str {
        self.declared().name
    }

    /// What the key accepts, for error messages and `--help`.
    pub fn allowed(self) -> &'static str {
        self.declared().allowed
    }

    pub fn from_name(name: &str) -> Result<Key, SettingError> {
        DECLARED
            .iter()
            .find(|declared| declared.name == name.trim())
            .map(|declared| declared.key)
            .ok_or_else(|| SettingError::UnknownKey(name.trim().to_string()))
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Every key's name, comma-separated (for "unknown setting" lines).
pub fn key_list() -> String {
    DECLARED.map(|declared| declared.name).join(", ")
}

/// The settings part of `trayotp settings --help`: per key, what it takes,
/// then what it does and its default.
pub fn help_text() -> String {
    let mut text = String::from("Settings:");
    for declared in &DECLARED {
        let default = match declared.default {
            "" => "none",
            default => default,
        };
        text.push_str(&format!(
            "\n  {name}: {allowed}\n      {about} (default: {default})",
            name = declared.name,
            allowed = declared.allowed,
            about = declared.about.replace('`', ""),
        ));
    }
    text
}

/// The README's settings table (`| key | values | default | what it does |`),
/// which a test keeps equal to the README's.
pub fn markdown_table() -> String {
    let mut table = String::from("| key | values | default | what it does |\n| --- | --- | --- | --- |\n");
    for declared in &DECLARED {
        let values = match declared.kind {
            Kind::Choice(words) => code_words(words),
            Kind::Switch(Spelling::TrueFalse) => code_words(&["true", "false"]),
            Kind::Switch(Spelling::OnOff) => code_words(&["on", "off"]),
            Kind::Text | Kind::Number { .. } | Kind::List { .. } => declared.allowed.replace("\"\"", "`\"\"`"),
        };
        let default = match declared.default {
            "" => "none".to_string(),
            default => format!("`{default}`"),
        };
        table.push_str(&format!(
            "| `{}` | {values} | {default} | {} |\n",
            declared.name, declared.about
        ));
    }
    table
}

/// `a`, `b` or `c`.
fn code_words(words: &[&str]) -> String {
    let quoted: Vec<String> = words.iter().map(|word| format!("`{word}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.join(""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keys_and_the_table_are_in_the_same_order_and_names_are_unique() {
        for (index, key) in Key::ALL.into_iter().enumerate() {
            assert_eq!(DECLARED[index].key, key, "row {index}");
            assert_eq!(key as usize, index, "{key:?}'s discriminant");
        }
        let mut names: Vec<&str> = DECLARED.iter().map(|d| d.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), DECLARED.len(), "a name is declared twice");
    }

    #[test]
    fn a_choice_says_its_words_in_allowed_and_the_japanese_advice_names_them_too() {
        for declared in &DECLARED {
            if let Kind::Choice(words) = declared.kind {
                for word in words {
                    assert!(declared.allowed.contains(word), "{}: {word}", declared.name);
                    assert!(declared.allowed_ja.contains(word), "{}: {word}", declared.name);
                }
            }
            assert!(declared.allowed_ja.ends_with('。'), "{}", declared.name);
        }
    }

    #[test]
    fn the_help_has_a_line_per_key_naming_its_default() {
        let help = help_text();
        assert_eq!(help.lines().count(), 2 * DECLARED.len() + 1, "{help}");
        assert!(help.contains("\n  time_check: on or off\n"), "{help}");
        assert!(help.contains("(default: Ctrl+Alt+O)"), "{help}");
        assert!(
            help.contains(
                "\n  default_account: an account's display name, or \"\" for none\n      \
                 the account the hotkey and a left click copy (default: none)"
            ),
            "{help}"
        );
    }

    #[test]
    fn the_words_of_a_choice_are_joined_as_a_person_writes_them() {
        assert_eq!(code_words(&["auto", "ja", "en"]), "`auto`, `ja` or `en`");
        assert_eq!(code_words(&["on", "off"]), "`on` or `off`");
        assert_eq!(code_words(&["only"]), "`only`");
    }
}
