//! Pasting and typing (`hotkey_action`), window rules, Help, and the config from settings.

use super::*;

fn typing(action: HotkeyAction) -> AppConfig {
    AppConfig {
        hotkey_action: action,
        ..linux()
    }
}

/// Accounts named `names`, the ones in `rules` with that window rule.
fn ruled(config: AppConfig, names: &[&str], rules: &[(&str, &str)]) -> App {
    let mut list = accounts(names);
    for (name, rule) in rules {
        list.set_window_rule(name, Some(rule.to_string())).expect("account");
    }
    let mut app = App::new(config);
    app.handle(Event::Started(list), 0);
    app
}

fn over(title: &str) -> Event {
    Event::HotkeyPressed {
        title: Some(title.to_string()),
        over_ours: false,
    }
}

fn deliver(code: Zeroizing<String>, how: Delivery) -> Effect {
    Effect::Deliver {
        code,
        how,
        wait_ms: RELEASE_WAIT_MS,
    }
}

#[test]
fn type_types_the_code_without_the_clipboard_and_says_so_after() {
    let mut app = started(typing(HotkeyAction::Type), &["三菱 太郎"]);
    let effects = app.handle(
        Event::HotkeyPressed {
            title: None,
            over_ours: false,
        },
        with_left(44),
    );
    assert_eq!(effects, vec![deliver(code_at(STEP_END - 44), Delivery::Type)]);
    assert!(!effects.iter().any(|e| matches!(e, Effect::SetClipboard(_))));
    // The toast counts the seconds left when the typing is done.
    let effects = app.handle(Event::Delivered(DeliverOutcome::Done), with_left(42));
    assert_eq!(toast_body(&effects), Some("Typed 三菱 太郎's code (42 s left)"));
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::ClearClipboardIfUnchanged)),
        "nothing of ours in the clipboard"
    );
    let mut app = started(
        AppConfig {
            language: Language::Japanese,
            ..typing(HotkeyAction::Type)
        },
        &["三菱 太郎"],
    );
    app.handle(
        Event::HotkeyPressed {
            title: None,
            over_ours: false,
        },
        with_left(43),
    );
    let effects = app.handle(Event::Delivered(DeliverOutcome::Done), with_left(42));
    assert_eq!(
        toast_body(&effects),
        Some("三菱 太郎 のコードを入力しました（残り 42 秒）")
    );
}

#[test]
fn paste_copies_then_pastes_and_the_clipboard_is_cleared_as_for_a_copy() {
    let mut app = started(typing(HotkeyAction::Paste), &["a"]);
    let code = code_at(STEP_END - 30);
    assert_eq!(
        app.handle(
            Event::HotkeyPressed {
                title: None,
                over_ours: false
            },
            with_left(30)
        ),
        vec![Effect::SetClipboard(code.clone())]
    );
    let effects = app.handle(Event::ClipboardSet { ok: true }, with_left(30));
    assert_eq!(effects.first(), Some(&deliver(code.clone(), Delivery::Paste)));
    assert_eq!(toast_body(&effects), None, "the toast follows the paste");
    let effects = app.handle(Event::Delivered(DeliverOutcome::Done), with_left(29));
    assert_eq!(toast_body(&effects), Some("Typed a's code (29 s left)"));
    let effects = app.handle(Event::TimerFired, STEP_END * 1000);
    assert!(effects.contains(&Effect::ClearClipboardIfUnchanged), "{effects:?}");
    // A busy clipboard: nothing pasted (no stale clipboard text goes in).
    app.handle(
        Event::HotkeyPressed {
            title: None,
            over_ours: false,
        },
        with_left(30),
    );
    let effects = app.handle(Event::ClipboardSet { ok: false }, with_left(30));
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::Deliver { .. })),
        "{effects:?}"
    );
}

#[test]
fn keys_still_held_type_nothing_and_the_toast_says_why() {
    let mut app = started(typing(HotkeyAction::Type), &["a"]);
    app.handle(
        Event::HotkeyPressed {
            title: None,
            over_ours: false,
        },
        with_left(30),
    );
    let effects = app.handle(Event::Delivered(DeliverOutcome::KeysHeld), with_left(28));
    let body = toast_body(&effects).expect("toast");
    assert!(
        body.contains("was not typed") && body.contains("still held down"),
        "{body}"
    );
    let mut app = started(typing(HotkeyAction::Paste), &["a"]);
    app.handle(
        Event::HotkeyPressed {
            title: None,
            over_ours: false,
        },
        with_left(30),
    );
    app.handle(Event::ClipboardSet { ok: true }, with_left(30));
    let effects = app.handle(Event::Delivered(DeliverOutcome::KeysHeld), with_left(28));
    let body = toast_body(&effects).expect("toast");
    assert!(body.contains("in the clipboard"), "{body}");
    // A failure is said, without the code.
    app.handle(
        Event::HotkeyPressed {
            title: None,
            over_ours: false,
        },
        with_left(30),
    );
    app.handle(Event::ClipboardSet { ok: true }, with_left(30));
    let effects = app.handle(
        Event::Delivered(DeliverOutcome::Failed("no X11 display".into())),
        with_left(28),
    );
    let body = toast_body(&effects).expect("toast");
    assert!(
        body.contains("(no X11 display)") && !body.contains(code_at(STEP_END - 30).as_str()),
        "{body}"
    );
    // A report with nothing under way is ignored.
    assert_eq!(
        app.handle(Event::Delivered(DeliverOutcome::Done), with_left(20)),
        vec![]
    );
}

#[test]
fn in_the_last_seconds_the_next_code_is_typed() {
    let mut app = started(typing(HotkeyAction::Type), &["a"]);
    let effects = app.handle(
        Event::HotkeyPressed {
            title: None,
            over_ours: false,
        },
        with_left(2),
    );
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::Deliver { .. })),
        "{effects:?}"
    );
    assert!(toast_body(&effects).is_some_and(|b| b.contains("expires in 2 s")));
    assert_eq!(
        app.handle(Event::TimerFired, STEP_END * 1000),
        vec![deliver(code_at(STEP_END), Delivery::Type)]
    );
}

#[test]
fn the_window_rule_that_matches_picks_the_account_whatever_the_default() {
    let config = AppConfig {
        default_account: Some("other".into()),
        ..typing(HotkeyAction::Type)
    };
    let mut app = ruled(config, &["other", "証券"], &[("証券", "Example証券")]);
    let code = code_at(STEP_END - 30);
    assert_eq!(
        app.handle(over("出金 - ＥＸＡＭＰＬＥ証券 - Google Chrome"), with_left(30)),
        vec![deliver(code.clone(), Delivery::Type)]
    );
    let effects = app.handle(Event::Delivered(DeliverOutcome::Done), with_left(30));
    assert_eq!(toast_body(&effects), Some("Typed 証券's code (30 s left)"));
    // No match, a title with a control character, an empty title: the default.
    for title in ["メモ", "出金 - Example証券\u{1b}", ""] {
        app.handle(over(title), with_left(30));
        let effects = app.handle(Event::Delivered(DeliverOutcome::Done), with_left(30));
        assert_eq!(
            toast_body(&effects),
            Some("Typed other's code (30 s left)"),
            "{title:?}"
        );
    }
}

#[test]
fn several_matching_rules_open_the_picker_with_those_and_the_choice_is_typed() {
    let mut app = ruled(
        typing(HotkeyAction::Type),
        &["a", "b", "c"],
        &[("a", "証券"), ("c", "example")],
    );
    assert_eq!(
        app.handle(over("出金 - Example証券"), with_left(30)),
        vec![Effect::OpenPicker(vec!["a".into(), "c".into()])]
    );
    let effects = app.handle(Event::PickChosen("C".into()), with_left(20));
    assert_eq!(effects, vec![deliver(code_at(STEP_END - 20), Delivery::Type)]);
    let effects = app.handle(Event::Delivered(DeliverOutcome::Done), with_left(20));
    assert_eq!(toast_body(&effects), Some("Typed c's code (20 s left)"));
    // A later pick not opened by the hotkey (the menu's) copies, as before.
    let effects = app.handle(Event::PickChosen("a".into()), with_left(20));
    assert_eq!(effects, vec![Effect::SetClipboard(code_at(STEP_END - 20))]);
}

#[test]
fn with_no_rule_matching_and_no_default_the_picker_choice_is_typed_into_the_window() {
    let mut app = ruled(typing(HotkeyAction::Type), &["a", "証券"], &[("証券", "Example証券")]);
    assert_eq!(
        app.handle(over("メモ"), with_left(30)),
        vec![Effect::OpenWindow(Form::Pick)]
    );
    let effects = app.handle(Event::PickChosen("a".into()), with_left(25));
    assert_eq!(effects, vec![deliver(code_at(STEP_END - 25), Delivery::Type)]);
    // With `copy`, the picker's choice is copied, as ever.
    let mut app = ruled(typing(HotkeyAction::Copy), &["a", "b"], &[]);
    app.handle(over("メモ"), with_left(30));
    let effects = app.handle(Event::PickChosen("b".into()), with_left(25));
    assert_eq!(effects, vec![Effect::SetClipboard(code_at(STEP_END - 25))]);
}

#[test]
fn the_deliver_effect_never_shows_the_code_in_debug() {
    let effect = deliver(Zeroizing::new("123456".into()), Delivery::Type);
    assert!(!format!("{effect:?}").contains("123456"));
}

#[test]
fn over_a_trayotp_window_the_code_is_copied_never_typed_into_it() {
    let mut app = started(typing(HotkeyAction::Type), &["a"]);
    let effects = app.handle(
        Event::HotkeyPressed {
            title: Some("Manage accounts — trayotp".into()),
            over_ours: true,
        },
        with_left(30),
    );
    assert_eq!(effects, vec![Effect::SetClipboard(code_at(STEP_END - 30))]);
    let effects = app.handle(Event::ClipboardSet { ok: true }, with_left(30));
    assert_eq!(toast_body(&effects), Some("a: code copied — 30 s of 60 left"));
}

#[test]
fn help_opens_the_guide_in_the_users_language_and_a_failure_is_told() {
    let mut app = started(linux(), &["a"]);
    assert_eq!(
        app.handle(Event::HelpRequested, 0),
        vec![Effect::OpenHelp(Language::English)]
    );
    let effects = app.handle(
        Event::ConfigChanged(AppConfig {
            language: Language::Japanese,
            ..linux()
        }),
        0,
    );
    let menu = menu_of(&effects).expect("menu rebuilt");
    let help = menu
        .iter()
        .position(|e| {
            *e == MenuEntry::Help {
                label: "使い方".into()
            }
        })
        .expect("a 使い方 item");
    assert!(matches!(menu[help + 1], MenuEntry::Quit { .. }), "{menu:?}");
    assert_eq!(
        app.handle(Event::HelpRequested, 0),
        vec![Effect::OpenHelp(Language::Japanese)]
    );
    let effects = app.handle(Event::HelpFailed("guide-ja.html がありません".into()), 0);
    let body = toast_body(&effects).expect("a toast");
    assert!(
        body.starts_with("使い方のページを開けませんでした（guide-ja.html がありません）"),
        "{body}"
    );
}

#[test]
fn the_config_follows_the_settings_file_and_auto_follows_the_os_language() {
    let parsed = crate::settings::parse(
        "language = \"ja\"\ndefault_account = \"三菱 太郎\"\nshow_digits_in_toast = true\nclear_clipboard = false\nlast_seconds_policy = \"copy-anyway\"\nbackup_reminder_days = 7\nhotkey_action = \"type\"\n",
    );
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let config = AppConfig::from_settings(&parsed.settings, Language::English);
    assert_eq!(config.language, Language::Japanese);
    assert_eq!(config.default_account.as_deref(), Some("三菱 太郎"));
    assert!(config.show_digits_in_toast && !config.clear_clipboard);
    assert_eq!(config.last_seconds, LastSecondsPolicy::CopyAnyway);
    assert_eq!(config.backup_reminder_days, 7);
    assert_eq!(config.hotkey_action, HotkeyAction::Type);
    let auto = AppConfig::from_settings(&crate::settings::Settings::default(), Language::Japanese);
    assert_eq!(auto.language, Language::Japanese, "auto follows the OS");
}
