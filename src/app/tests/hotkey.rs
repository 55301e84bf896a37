//! The hotkey's copy, settings changes, start at login and start-up notices.

use super::*;

#[test]
fn hotkey_copies_the_default_account_like_a_click() {
    let config = AppConfig {
        default_account: Some("work".into()),
        ..windows()
    };
    let mut app = started(config, &["home", "Work", "other"]);
    let effects = app.handle(
        Event::HotkeyPressed {
            title: None,
            over_ours: false,
        },
        with_left(42),
    );
    assert_eq!(effects, vec![Effect::SetClipboard(code_at(STEP_END - 42))]);
    let effects = app.handle(Event::ClipboardSet { ok: true }, with_left(42));
    assert_eq!(toast_body(&effects), Some("Work: code copied — 42 s of 60 left"));
    // A left click copies the default too.
    app.handle(Event::IconClicked, with_left(30));
    let effects = app.handle(Event::ClipboardSet { ok: true }, with_left(30));
    assert_eq!(toast_body(&effects), Some("Work: code copied — 30 s of 60 left"));
}

#[test]
fn hotkey_with_one_account_and_no_default_copies_it() {
    let mut app = started(windows(), &["only"]);
    assert_eq!(
        app.handle(
            Event::HotkeyPressed {
                title: None,
                over_ours: false
            },
            with_left(30)
        ),
        vec![Effect::SetClipboard(code_at(STEP_END - 30))]
    );
    let effects = app.handle(Event::ClipboardSet { ok: true }, with_left(30));
    assert_eq!(toast_body(&effects), Some("only: code copied — 30 s of 60 left"));
}

#[test]
fn hotkey_with_several_accounts_and_no_default_opens_the_picker_everywhere() {
    for config in [windows(), linux()] {
        let mut app = started(config, &["a", "b"]);
        assert_eq!(
            app.handle(
                Event::HotkeyPressed {
                    title: None,
                    over_ours: false
                },
                with_left(30)
            ),
            vec![Effect::OpenWindow(Form::Pick)]
        );
        // A left click keeps copying the first (the menu is a right click away).
        assert!(matches!(
            app.handle(Event::IconClicked, with_left(30)).as_slice(),
            [Effect::SetClipboard(_)]
        ));
        let effects = app.handle(Event::ClipboardSet { ok: true }, with_left(30));
        assert_eq!(toast_body(&effects), Some("a: code copied — 30 s of 60 left"));
    }
}

#[test]
fn hotkey_with_a_missing_default_or_no_accounts_explains() {
    let config = AppConfig {
        default_account: Some("gone".into()),
        ..linux()
    };
    let mut app = started(config, &["a", "b"]);
    let effects = app.handle(
        Event::HotkeyPressed {
            title: None,
            over_ours: false,
        },
        with_left(30),
    );
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::SetClipboard(_))),
        "{effects:?}"
    );
    assert_eq!(
        toast_body(&effects),
        Some(
            "The default account 'gone' does not exist: choose another with `trayotp settings set default_account NAME`."
        )
    );
    // With no accounts, the first thing to do is add one: the form opens.
    let mut empty = started(linux(), &[]);
    let effects = empty.handle(
        Event::HotkeyPressed {
            title: None,
            over_ours: false,
        },
        with_left(30),
    );
    assert_eq!(effects, vec![Effect::OpenWindow(Form::Add)]);
}

#[test]
fn hotkey_in_the_last_seconds_waits_for_the_fresh_code() {
    let mut app = started(linux(), &["a"]);
    let effects = app.handle(
        Event::HotkeyPressed {
            title: None,
            over_ours: false,
        },
        with_left(2),
    );
    let body = toast_body(&effects).expect("toast");
    assert!(body.contains("the next code will be copied then"), "{body}");
    assert_eq!(
        app.handle(Event::TimerFired, STEP_END * 1000),
        vec![Effect::SetClipboard(code_at(STEP_END))]
    );
    let effects = app.handle(Event::ClipboardSet { ok: true }, STEP_END * 1000 + 10);
    assert_eq!(toast_body(&effects), Some("a: code copied — 60 s of 60 left"));
}

#[test]
fn config_change_applies_at_once() {
    let mut app = started(linux(), &["a", "b"]);
    let effects = app.handle(
        Event::ConfigChanged(AppConfig {
            language: Language::Japanese,
            default_account: Some("b".into()),
            ..linux()
        }),
        0,
    );
    let menu = menu_of(&effects).expect("menu rebuilt");
    assert!(menu.contains(&MenuEntry::Quit { label: "終了".into() }), "{menu:?}");
    assert!(effects.contains(&Effect::SetTooltip("trayotp — アカウント 2 件".into())));
    app.handle(
        Event::HotkeyPressed {
            title: None,
            over_ours: false,
        },
        with_left(30),
    );
    let effects = app.handle(Event::ClipboardSet { ok: true }, with_left(30));
    assert_eq!(
        toast_body(&effects),
        Some("b のコードをコピーしました（残り 30 秒 / 60 秒）")
    );
}

#[test]
fn start_at_login_item_shows_the_state_and_toggles_it() {
    let mut app = started(linux(), &["a"]);
    let effects = app.handle(Event::AutostartChanged(AutostartStatus::Off), 0);
    assert!(menu_of(&effects).expect("menu").contains(&MenuEntry::StartAtLogin {
        checked: false,
        label: "Start at login".into()
    }));
    assert_eq!(
        app.handle(Event::StartAtLoginClicked, 0),
        vec![Effect::SetStartAtLogin(true)]
    );
    let effects = app.handle(Event::AutostartChanged(AutostartStatus::On), 0);
    assert!(menu_of(&effects).expect("menu").contains(&MenuEntry::StartAtLogin {
        checked: true,
        label: "Start at login".into()
    }));
    assert_eq!(
        app.handle(Event::StartAtLoginClicked, 0),
        vec![Effect::SetStartAtLogin(false)]
    );
}

#[test]
fn start_at_login_disabled_by_the_user_or_elsewhere_is_unticked_and_says_why() {
    let mut app = started(linux(), &["a"]);
    let effects = app.handle(Event::AutostartChanged(AutostartStatus::DisabledByUser), 0);
    let Some(MenuEntry::StartAtLogin { checked, label }) = menu_of(&effects)
        .expect("menu")
        .iter()
        .find(|e| matches!(e, MenuEntry::StartAtLogin { .. }))
    else {
        panic!("no item: {effects:?}")
    };
    assert!(!checked);
    assert!(label.starts_with("Start at login (disabled in "), "{label}");
    assert_eq!(
        app.handle(Event::StartAtLoginClicked, 0),
        vec![Effect::SetStartAtLogin(true)],
        "ticking it enables it again"
    );
    let effects = app.handle(
        Event::AutostartChanged(AutostartStatus::Elsewhere {
            program: "/old/trayotp".into(),
        }),
        0,
    );
    assert!(menu_of(&effects).expect("menu").contains(&MenuEntry::StartAtLogin {
        checked: false,
        label: "Start at login (set for a trayotp in another folder)".into()
    }));
}

#[test]
fn start_at_login_failure_restores_the_item_and_says_why() {
    let mut app = started(linux(), &["a"]);
    app.handle(Event::AutostartChanged(AutostartStatus::On), 0);
    let effects = app.handle(
        Event::AutostartFailed("cannot write the registry value: access denied".into()),
        0,
    );
    assert!(menu_of(&effects).expect("menu").contains(&MenuEntry::StartAtLogin {
        checked: true,
        label: "Start at login".into()
    }));
    assert_eq!(
        toast_body(&effects),
        Some("Could not change \"Start at login\": cannot write the registry value: access denied")
    );
}

#[test]
fn start_up_notices_are_one_toast() {
    let mut app = started(linux(), &["a"]);
    let effects = app.handle(
        Event::Notices(vec![
            Notice::Settings {
                file: "/home/t/.config/trayotp/settings.toml".into(),
                detail: "language cannot be 'fr': use auto, ja or en; using the default".into(),
            },
            Notice::Hotkey(HotkeyProblem::Taken("Ctrl+Alt+O".into())),
        ]),
        0,
    );
    let toasts: Vec<_> = effects
        .iter()
        .filter(|e| matches!(e, Effect::ShowToast { .. }))
        .collect();
    assert_eq!(toasts.len(), 1);
    let body = toast_body(&effects).expect("toast");
    assert!(
        body.starts_with(
            "Settings file /home/t/.config/trayotp/settings.toml: language cannot be 'fr': use auto, ja or en; \
             using the default. The hotkey Ctrl+Alt+O is already used by another program"
        ),
        "{body}"
    );
    assert_eq!(
        app.handle(Event::Notices(Vec::new()), 0),
        vec![],
        "nothing to say, no toast"
    );
    let mut ja = started(
        AppConfig {
            language: Language::Japanese,
            ..linux()
        },
        &["a"],
    );
    let effects = ja.handle(Event::Notices(vec![Notice::Hotkey(HotkeyProblem::Wayland)]), 0);
    assert!(toast_body(&effects).is_some_and(|b| b.starts_with("Wayland セッションでは")));
}

// ---- hotkey_action paste/type and window rules (issue 20) ----
