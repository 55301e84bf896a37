//! Settings documents: defaults, per-key problems, edits in place.

use super::*;

const FULL: &str = r#"# mine
hotkey = "ctrl+shift+F9"   # the one I like
language = "ja"
default_account = "三菱 太郎"
show_digits_in_toast = true
clear_clipboard = false
last_seconds_policy = "copy-anyway"
"#;

#[test]
fn an_empty_document_is_the_defaults() {
    let parsed = parse("");
    assert!(parsed.problems.is_empty());
    let settings = parsed.settings;
    assert_eq!(settings, Settings::default());
    assert_eq!(settings.get(Key::Hotkey), "Ctrl+Alt+O");
    assert_eq!(settings.get(Key::Language), "auto");
    assert_eq!(settings.get(Key::DefaultAccount), "");
    assert_eq!(settings.get(Key::ShowDigitsInToast), "false");
    assert_eq!(settings.get(Key::ClearClipboard), "true");
    assert_eq!(settings.get(Key::LastSecondsPolicy), "wait");
}

#[test]
fn every_key_is_read() {
    let parsed = parse(FULL);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let s = parsed.settings;
    assert_eq!(s.get(Key::Hotkey), "Ctrl+Shift+F9");
    assert_eq!(s.language, LanguageChoice::Japanese);
    assert_eq!(s.default_account.as_deref(), Some("三菱 太郎"));
    assert!(s.show_digits_in_toast);
    assert!(!s.clear_clipboard);
    assert_eq!(s.last_seconds_policy, LastSecondsPolicy::CopyAnyway);

    assert_eq!(s.language(Language::English), Language::Japanese);
    assert_eq!(
        Settings::default().language(Language::Japanese),
        Language::Japanese,
        "auto follows the OS"
    );
}

#[test]
fn an_empty_hotkey_or_default_account_means_none() {
    let parsed = parse("hotkey = \"\"\ndefault_account = \"  \"\n");
    assert!(parsed.problems.is_empty());
    assert_eq!(parsed.settings.hotkey, None);
    assert_eq!(parsed.settings.default_account, None);
}

#[test]
fn a_bad_value_costs_only_its_key_and_is_named() {
    let parsed =
        parse("language = \"fr\"\nclear_clipboard = \"no\"\nhotkey = \"Ctrl+Alt+Ö\"\nshow_digits_in_toast = true\n");
    assert!(parsed.settings.show_digits_in_toast, "good keys still apply");
    assert_eq!(parsed.settings.language, LanguageChoice::Auto);
    assert!(parsed.settings.clear_clipboard);
    assert_eq!(parsed.settings.get(Key::Hotkey), DEFAULT_HOTKEY);
    let messages: Vec<String> = parsed.problems.iter().map(Problem::to_string).collect();
    assert_eq!(
        messages,
        [
            "language cannot be 'fr': use auto, ja or en; using the default",
            "clear_clipboard cannot be 'no': use true or false; using the default",
            "hotkey 'Ctrl+Alt+Ö': 'Ö' is not a key trayotp knows (use A-Z, 0-9, F1-F24, Space, Insert, Delete, Home, End, PageUp, PageDown, Up, Down, Left, Right); using the default",
        ]
    );
}

#[test]
fn a_syntax_error_gives_the_defaults_and_its_line() {
    let parsed = parse("language = \"ja\"\n\nhotkey = = \"x\"\n");
    assert_eq!(parsed.settings, Settings::default());
    assert!(parsed.document.is_none());
    let [Problem::Syntax { line, message }] = parsed.problems.as_slice() else {
        panic!("{:?}", parsed.problems)
    };
    assert_eq!(*line, 3);
    assert!(!message.is_empty() && !message.contains('\n'), "{message:?}");
    assert!(parsed.problems[0].to_string().starts_with("line 3 is not valid TOML ("));
}

#[test]
fn unknown_keys_are_reported_and_kept_on_write() {
    let text = "# my notes\ncolour = \"blue\"   # from a newer trayotp\n\n[window]\nwidth = 300\nlanguage = \"en\"\n";
    let mut parsed = parse(text);
    assert_eq!(
        parsed.problems,
        [
            Problem::UnknownKey("colour".into()),
            Problem::UnknownKey("window".into())
        ]
    );
    assert!(
        parsed.problems[0]
            .to_string()
            .contains("unknown setting 'colour' (ignored)")
    );
    let mut settings = parsed.settings.clone();
    settings.set(Key::ClearClipboard, "false").expect("valid");
    let document = parsed.document.as_mut().expect("TOML");
    settings.write_into(document);
    let written = document.to_string();
    assert!(
        written.starts_with("# my notes\ncolour = \"blue\"   # from a newer trayotp\n"),
        "{written}"
    );
    assert!(
        written.contains("[window]\nwidth = 300\nlanguage = \"en\"\n"),
        "{written}"
    );
    assert!(written.contains("clear_clipboard = false"), "{written}");
    let again = parse(&written);
    assert!(!again.settings.clear_clipboard);
    assert_eq!(
        again.settings.language,
        LanguageChoice::Auto,
        "[window].language is not ours"
    );
}

#[test]
fn writing_changes_only_what_changed_and_keeps_comments() {
    let mut parsed = parse(FULL);
    let mut settings = parsed.settings.clone();
    settings.set(Key::Language, "EN").expect("valid");
    settings.set(Key::Hotkey, "Ctrl+Alt+Shift+O").expect("valid");
    let document = parsed.document.as_mut().expect("TOML");
    settings.write_into(document);
    let written = document.to_string();
    assert_eq!(
        written,
        FULL.replace("\"ctrl+shift+F9\"", "\"Ctrl+Alt+Shift+O\"")
            .replace("\"ja\"", "\"en\""),
        "same layout, same comments"
    );
    // Writing the same settings again changes nothing at all.
    let mut reparsed = parse(&written);
    settings.write_into(reparsed.document.as_mut().expect("TOML"));
    assert_eq!(reparsed.document.expect("TOML").to_string(), written);
}

#[test]
fn a_bad_value_in_the_file_is_replaced_when_that_key_is_written() {
    let mut parsed = parse("clear_clipboard = \"no\"\n");
    let settings = parsed.settings.clone();
    let document = parsed.document.as_mut().expect("TOML");
    settings.write_into(document);
    assert_eq!(document.to_string(), "clear_clipboard = true\n");
}

#[test]
fn values_typed_by_a_person() {
    let mut s = Settings::default();
    s.set(Key::Hotkey, "").expect("off");
    assert_eq!(s.get(Key::Hotkey), "");
    s.set(Key::ShowDigitsInToast, " TRUE ").expect("bool");
    assert!(s.show_digits_in_toast);
    s.set(Key::DefaultAccount, " Work ").expect("name");
    assert_eq!(s.default_account.as_deref(), Some("Work"));
    assert_eq!(
        s.set(Key::DefaultAccount, "a\nb"),
        Err(SettingError::BadValue {
            key: Key::DefaultAccount,
            value: "a\nb".into()
        })
    );
    assert_eq!(
        s.set(Key::LastSecondsPolicy, "later").map_err(|e| e.to_string()),
        Err("last_seconds_policy cannot be 'later': use wait or copy-anyway".into())
    );
    assert_eq!(
        s.set(Key::ClearClipboard, "yes").map_err(|e| e.to_string()),
        Err("clear_clipboard cannot be 'yes': use true or false".into())
    );
    assert_eq!(Key::from_name(" hotkey "), Ok(Key::Hotkey));
    assert!(Key::from_name("Hotkey").is_err(), "keys are written in lower case");
}

#[test]
fn backup_reminder_days_is_a_whole_number_of_days_and_0_turns_it_off() {
    let defaults = Settings::default();
    assert_eq!(defaults.get(Key::BackupReminderDays), "30");
    assert_eq!(defaults.backup_reminder_days, 30, "the tray gets it");

    let mut s = Settings::default();
    s.set(Key::BackupReminderDays, " 7 ").expect("days");
    assert_eq!(s.backup_reminder_days, 7);
    s.set(Key::BackupReminderDays, "0").expect("off");
    assert_eq!(s.backup_reminder_days, 0);
    for bad in ["-1", "1.5", "a month", "", "3651"] {
        assert_eq!(
            s.set(Key::BackupReminderDays, bad).map_err(|e| e.to_string()),
            Err(format!(
                "backup_reminder_days cannot be '{bad}': use a whole number of days from 0 (no reminders) to 3650"
            ))
        );
    }
    assert_eq!(s.backup_reminder_days, 0, "a refused value changes nothing");

    // In the file: a TOML integer, written as one.
    let parsed = parse("backup_reminder_days = 14\n");
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    assert_eq!(parsed.settings.backup_reminder_days, 14);
    let parsed = parse("backup_reminder_days = \"14\"\n");
    assert_eq!(
        parsed.problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [
            "backup_reminder_days cannot be '\"14\"': use a whole number of days from 0 (no reminders) to 3650; \
             using the default"
        ]
    );
    assert_eq!(parsed.settings.backup_reminder_days, 30);
    let mut parsed = parse("# mine\nlanguage = \"ja\"\n");
    let mut settings = parsed.settings.clone();
    settings.set(Key::BackupReminderDays, "60").expect("days");
    let document = parsed.document.as_mut().expect("TOML");
    settings.write_into(document);
    assert_eq!(
        document.to_string(),
        "# mine\nlanguage = \"ja\"\nbackup_reminder_days = 60\n"
    );
}

#[test]
fn the_clock_settings_read_on_off_and_lists_and_write_them_back() {
    let parsed = parse("time_check = \"off\"\nclock_correction = true\ntime_servers = [\"a.example\", \"b:1234\"]\n");
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    assert!(!parsed.settings.time_check);
    assert!(parsed.settings.clock_correction);
    assert_eq!(parsed.settings.time_servers, ["a.example", "b:1234"]);
    assert_eq!(parsed.settings.get(Key::TimeServers), "a.example,b:1234");
    assert_eq!(parsed.settings.get(Key::ClockCorrection), "on");

    let parsed = parse("time_servers = \"ntp.nict.jp, time.windows.com\"\n");
    assert_eq!(parsed.settings.time_servers, ["ntp.nict.jp", "time.windows.com"]);
    for bad in [
        "time_servers = []\n",
        "time_servers = [\"a,b\"]\n",
        "time_servers = [1]\n",
        "time_check = \"maybe\"\n",
        "time_servers = \"a,b,c,d\"\n",
    ] {
        let parsed = parse(bad);
        assert_eq!(parsed.problems.len(), 1, "{bad}");
        assert_eq!(parsed.settings, Settings::default(), "{bad}");
    }

    let mut parsed = parse("# mine\nlanguage = \"ja\"\n");
    let mut settings = parsed.settings.clone();
    settings
        .set(Key::TimeServers, "127.0.0.1:123,ntp.nict.jp")
        .expect("servers");
    settings.set(Key::ClockCorrection, "on").expect("on");
    let document = parsed.document.as_mut().expect("TOML");
    settings.write_into(document);
    assert_eq!(
        document.to_string(),
        "# mine\nlanguage = \"ja\"\ntime_servers = [\"127.0.0.1:123\", \"ntp.nict.jp\"]\nclock_correction = \"on\"\n"
    );
}

#[test]
fn hotkey_action_is_copy_paste_or_type() {
    let mut s = Settings::default();
    assert_eq!(s.get(Key::HotkeyAction), "copy", "copy by default");
    s.set(Key::HotkeyAction, " Paste ").expect("paste");
    assert_eq!(s.hotkey_action, HotkeyAction::Paste);
    s.set(Key::HotkeyAction, "type").expect("type");
    assert_eq!(s.hotkey_action, HotkeyAction::Type);
    assert_eq!(
        s.set(Key::HotkeyAction, "blah").map_err(|e| e.to_string()),
        Err("hotkey_action cannot be 'blah': use copy, paste or type".into())
    );
    let parsed = parse("hotkey_action = \"type\"\n");
    assert!(parsed.problems.is_empty());
    assert_eq!(parsed.settings.hotkey_action, HotkeyAction::Type);
    let mut document = DocumentMut::new();
    parsed.settings.write_into(&mut document);
    assert_eq!(document.to_string(), "hotkey_action = \"type\"\n");
}

/// The README's table of settings is the user's reference: it names every
/// key, in the order `settings get` prints them, each with its real
/// default and with every value the key accepts (as `allowed` words it).
#[test]
fn the_readme_table_is_the_one_the_declarations_make() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    let table = declared::markdown_table();
    assert!(
        readme.contains(&table),
        "README.md's settings table is not the declared one (src/settings/declared.rs); put this in its place:\n{table}"
    );
}

#[test]
fn every_declared_default_is_accepted_and_is_what_get_prints_of_the_defaults() {
    let defaults = Settings::default();
    for declared in &DECLARED {
        let mut settings = Settings::default();
        assert_eq!(
            settings.set(declared.key, declared.default),
            Ok(()),
            "{}",
            declared.name
        );
        assert_eq!(defaults.get(declared.key), declared.default, "{}", declared.name);
    }
    // The defaults the rest of the program relies on.
    assert_eq!(defaults.hotkey.map(|h| h.to_string()).as_deref(), Some(DEFAULT_HOTKEY));
    assert!(defaults.clear_clipboard && defaults.time_check && !defaults.clock_correction);
    assert_eq!(defaults.time_servers, ["ntp.nict.jp", "time.windows.com"]);
    assert_eq!((defaults.backup_reminder_days, defaults.auto_backup_keep), (30, 5));
}

#[test]
fn every_kind_refuses_what_it_does_not_take_and_prints_what_it_took() {
    for declared in &DECLARED {
        let key = declared.key;
        let mut settings = Settings::default();
        match declared.kind {
            Kind::Choice(words) => {
                for word in words {
                    settings.set(key, &word.to_uppercase()).expect(word);
                    assert_eq!(settings.get(key), *word, "{key}");
                }
                assert!(settings.set(key, "maybe").is_err(), "{key}");
            }
            Kind::Switch(spelling) => {
                let (on, off) = match spelling {
                    Spelling::OnOff => ("on", "off"),
                    Spelling::TrueFalse => ("true", "false"),
                };
                for (typed, printed) in [("on", on), ("false", off), ("TRUE", on), ("Off", off)] {
                    settings.set(key, typed).expect(typed);
                    assert_eq!(settings.get(key), printed, "{key} {typed}");
                }
                assert!(settings.set(key, "yes").is_err(), "{key}");
            }
            Kind::Number { min, max } => {
                settings.set(key, &max.to_string()).expect("max");
                assert_eq!(settings.get(key), max.to_string());
                assert!(settings.set(key, &(max + 1).to_string()).is_err(), "{key}");
                assert!(
                    settings.set(key, "-1").is_err() && settings.set(key, "1.5").is_err(),
                    "{key}"
                );
                if min > 0 {
                    assert!(settings.set(key, &(min - 1).to_string()).is_err(), "{key}");
                }
            }
            Kind::List { max } => {
                let many = vec!["time.example"; max + 1].join(",");
                assert!(settings.set(key, &many).is_err(), "{key}: more than {max}");
                assert!(settings.set(key, " , ").is_err(), "{key}: none");
            }
            Kind::Text => assert!(settings.set(key, "a\u{7}b").is_err(), "{key}: a control character"),
        }
        // Written and read back, every kind keeps its value.
        let mut document = toml_edit::DocumentMut::new();
        settings.write_into(&mut document);
        let reread = parse(&document.to_string());
        assert!(reread.problems.is_empty(), "{key}: {:?}", reread.problems);
        assert_eq!(reread.settings.get(key), settings.get(key), "{key}");
    }
}

#[test]
fn on_and_off_are_read_for_every_switch_and_the_old_true_false_too() {
    let mut s = Settings::default();
    s.set(Key::ShowDigitsInToast, "on").expect("on");
    assert!(s.show_digits_in_toast);
    s.set(Key::ClearClipboard, "off").expect("off");
    assert!(!s.clear_clipboard);
    assert_eq!(s.get(Key::ClearClipboard), "false", "printed as it always was");
    s.set(Key::TimeCheck, "false").expect("old spelling");
    assert!(!s.time_check);
    assert_eq!(s.get(Key::TimeCheck), "off");
    assert!(s.set(Key::ShowDigitsInToast, "yes").is_err());
}
