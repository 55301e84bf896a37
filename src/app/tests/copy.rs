//! Copies by click and by `trayotp copy`: the toast, the clipboard's clearing, the last seconds, reloads.

use super::*;

#[test]
fn start_builds_the_menu_and_tooltip() {
    let mut app = App::new(english());
    let effects = app.handle(Event::Started(accounts(&["三菱 太郎", "Tom & Jerry"])), 0);
    assert_eq!(
        effects,
        vec![
            Effect::SetMenu(
                [
                    MenuEntry::Account {
                        index: 0,
                        label: "三菱 太郎".into()
                    },
                    MenuEntry::Account {
                        index: 1,
                        label: "Tom && Jerry".into()
                    },
                ]
                .into_iter()
                .chain(commands())
                .collect()
            ),
            Effect::SetTooltip("trayotp — 2 accounts".into()),
        ]
    );
}

#[test]
fn an_empty_vault_shows_a_disabled_line_not_a_dead_menu() {
    let mut app = App::new(english());
    let effects = app.handle(Event::Started(AccountList::default()), 0);
    let Some(Effect::SetMenu(menu)) = effects.first() else {
        panic!("menu first: {effects:?}")
    };
    assert_eq!(
        menu[0],
        MenuEntry::NoAccounts {
            label: "(no accounts)".into()
        }
    );
}

#[test]
fn click_copies_then_toasts_seconds_left_without_digits() {
    let mut app = started(english(), &["三菱 太郎"]);
    let now = with_left(42);
    let effects = app.handle(Event::AccountClicked(0), now);
    assert_eq!(effects, vec![Effect::SetClipboard(code_at(STEP_END - 42))]);

    let effects = app.handle(Event::ClipboardSet { ok: true }, now + 30);
    assert_eq!(
        effects,
        vec![
            Effect::ShowToast {
                body: "三菱 太郎: code copied — 42 s of 60 left".into(),
                expires_at: Some(STEP_END * 1000),
            },
            Effect::SetTimer(Some(STEP_END * 1000)),
        ]
    );
    let body = toast_body(&effects).expect("toast");
    assert!(!body.contains(code_at(STEP_END - 42).as_str()), "no digits by default");
}

#[test]
fn japanese_toast_and_digits_when_asked_for() {
    let config = AppConfig {
        language: Language::Japanese,
        show_digits_in_toast: true,
        ..english()
    };
    let mut app = started(config, &["三菱 太郎"]);
    app.handle(Event::AccountClicked(0), with_left(42));
    let effects = app.handle(Event::ClipboardSet { ok: true }, with_left(42));
    let code = code_at(STEP_END - 42);
    let grouped = format!("{} {}", &code[..3], &code[3..]);
    assert_eq!(
        toast_body(&effects),
        Some(format!("三菱 太郎 のコード {grouped} をコピーしました（残り 42 秒 / 60 秒）").as_str())
    );
}

#[test]
fn debug_of_effects_never_prints_the_code() {
    let config = AppConfig {
        show_digits_in_toast: true,
        ..english()
    };
    let mut app = started(config, &["a"]);
    let mut effects = app.handle(Event::AccountClicked(0), with_left(42));
    effects.extend(app.handle(Event::ClipboardSet { ok: true }, with_left(42)));
    effects.extend(app.handle(Event::QuitRequested, with_left(41)));
    let code = code_at(STEP_END - 42);
    assert!(effects.iter().any(|e| matches!(e, Effect::SetClipboard(_))));
    assert!(effects.iter().any(|e| matches!(e, Effect::ClearClipboardIfUnchanged)));
    assert!(
        toast_body(&effects).is_some_and(|body| body.contains(&code[..3])),
        "{effects:?}"
    );
    for shown in [format!("{effects:?}"), format!("{effects:#?}")] {
        assert!(!shown.contains(code.as_str()), "{shown}");
        assert!(!shown.contains(&format!("{} {}", &code[..3], &code[3..])), "{shown}");
        assert!(shown.contains("SetClipboard(<redacted>)"), "{shown}");
    }
}

#[test]
fn expiry_clears_only_our_code_and_closes_the_toast() {
    let mut app = started(english(), &["a"]);
    app.handle(Event::AccountClicked(0), with_left(10));
    app.handle(Event::ClipboardSet { ok: true }, with_left(10));

    // A timer that fires early only re-arms itself.
    assert_eq!(
        app.handle(Event::TimerFired, STEP_END * 1000 - 1),
        vec![Effect::SetTimer(Some(STEP_END * 1000))]
    );

    let effects = app.handle(Event::TimerFired, STEP_END * 1000 + 3);
    assert_eq!(effects, vec![Effect::ClearClipboardIfUnchanged, Effect::CloseToast,]);
    // Idle afterwards: no timer, nothing to do.
    assert_eq!(app.handle(Event::TimerFired, STEP_END * 1000 + 60_000), vec![]);
}

#[test]
fn clipboard_is_left_alone_when_the_setting_is_off() {
    let mut app = started(
        AppConfig {
            clear_clipboard: false,
            ..english()
        },
        &["a"],
    );
    app.handle(Event::AccountClicked(0), with_left(10));
    app.handle(Event::ClipboardSet { ok: true }, with_left(10));
    let effects = app.handle(Event::TimerFired, STEP_END * 1000);
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::ClearClipboardIfUnchanged)),
        "{effects:?}"
    );
}

#[test]
fn last_seconds_click_waits_and_copies_the_fresh_code() {
    let mut app = started(english(), &["三菱 太郎"]);
    let effects = app.handle(Event::AccountClicked(0), with_left(3) + 200);
    assert_eq!(
        effects,
        vec![
            Effect::ShowToast {
                body: "三菱 太郎: the current code expires in 3 s — the next code will be copied then".into(),
                expires_at: None,
            },
            Effect::SetTimer(Some(STEP_END * 1000)),
        ]
    );
    let effects = app.handle(Event::TimerFired, STEP_END * 1000 + 5);
    assert_eq!(effects, vec![Effect::SetClipboard(code_at(STEP_END))]);
    assert_ne!(
        code_at(STEP_END),
        code_at(STEP_END - 3),
        "a fresh code, not the dying one"
    );
    let effects = app.handle(Event::ClipboardSet { ok: true }, STEP_END * 1000 + 10);
    assert_eq!(toast_body(&effects), Some("三菱 太郎: code copied — 59 s of 60 left"));
    assert!(effects.contains(&Effect::SetTimer(Some((STEP_END + 60) * 1000))));
}

#[test]
fn grace_boundary_is_five_seconds_for_a_sixty_second_code() {
    assert_eq!(App::grace_seconds(60), 5);
    assert_eq!(App::grace_seconds(30), 5);
    assert_eq!(App::grace_seconds(12), 2);
    assert_eq!(App::grace_seconds(5), 0);
    let mut app = started(english(), &["a"]);
    // Exactly 5 s left is enough; 4.999 s is not.
    assert!(matches!(
        app.handle(Event::AccountClicked(0), with_left(5)).as_slice(),
        [Effect::SetClipboard(_)]
    ));
    let mut app = started(english(), &["a"]);
    assert!(
        !app.handle(Event::AccountClicked(0), with_left(5) + 1)
            .iter()
            .any(|e| matches!(e, Effect::SetClipboard(_)))
    );
}

#[test]
fn copy_anyway_policy_copies_the_dying_code() {
    let mut app = started(
        AppConfig {
            last_seconds: LastSecondsPolicy::CopyAnyway,
            ..english()
        },
        &["a"],
    );
    let effects = app.handle(Event::AccountClicked(0), with_left(2));
    assert_eq!(effects, vec![Effect::SetClipboard(code_at(STEP_END - 2))]);
}

#[test]
fn control_channel_copy_replies_and_unknown_names_are_reported() {
    let mut app = started(english(), &["Work"]);
    let effects = app.handle(Event::CopyRequested(" work ".into()), with_left(30));
    assert_eq!(effects, vec![Effect::SetClipboard(code_at(STEP_END - 30))]);
    let effects = app.handle(Event::ClipboardSet { ok: true }, with_left(30));
    assert!(effects.contains(&Effect::Reply(Reply::Copied {
        name: "Work".into(),
        seconds_left: 30,
        period: 60
    })));

    let effects = app.handle(Event::CopyRequested("nobody".into()), with_left(20));
    assert!(
        effects.contains(&Effect::Reply(Reply::UnknownAccount("nobody".into()))),
        "{effects:?}"
    );
    assert_eq!(toast_body(&effects), Some("There is no account named 'nobody'."));
    assert!(!effects.iter().any(|e| matches!(e, Effect::SetClipboard(_))));
}

#[test]
fn control_channel_copy_in_the_last_seconds_says_the_next_code_follows() {
    let mut app = started(english(), &["Work"]);
    let effects = app.handle(Event::CopyRequested("Work".into()), with_left(1));
    assert!(effects.contains(&Effect::Reply(Reply::CopyingNext {
        name: "Work".into(),
        seconds: 1
    })));
}

#[test]
fn busy_clipboard_says_so_and_arms_nothing() {
    let mut app = started(english(), &["Work"]);
    app.handle(Event::CopyRequested("Work".into()), with_left(30));
    let effects = app.handle(Event::ClipboardSet { ok: false }, with_left(30));
    assert_eq!(
        effects,
        vec![
            Effect::ShowToast {
                body: "Could not copy the code: another program is using the clipboard. Please try again.".into(),
                expires_at: None
            },
            Effect::Reply(Reply::ClipboardBusy),
        ]
    );
}

#[test]
fn failed_toast_falls_back_to_the_tooltip_until_expiry() {
    let mut app = started(english(), &["a"]);
    app.handle(Event::AccountClicked(0), with_left(20));
    app.handle(Event::ClipboardSet { ok: true }, with_left(20));
    let effects = app.handle(Event::ToastFailed, with_left(20));
    assert_eq!(
        effects,
        vec![
            Effect::SetTooltip("a: code copied — 20 s of 60 left".into()),
            Effect::SetMenu(
                [
                    MenuEntry::Status {
                        label: "a: code copied — 20 s of 60 left".into()
                    },
                    MenuEntry::Separator,
                    MenuEntry::Account {
                        index: 0,
                        label: "a".into()
                    },
                ]
                .into_iter()
                .chain(commands())
                .collect()
            ),
        ]
    );
    // A second failure report for the same toast changes nothing.
    assert_eq!(app.handle(Event::ToastFailed, with_left(19)), vec![]);
    let effects = app.handle(Event::TimerFired, STEP_END * 1000);
    assert!(
        effects.contains(&Effect::SetTooltip("trayotp — 1 account".into())),
        "{effects:?}"
    );
    let Some(Effect::SetMenu(menu)) = effects.iter().find(|e| matches!(e, Effect::SetMenu(_))) else {
        panic!("menu restored: {effects:?}")
    };
    assert_eq!(
        menu[0],
        MenuEntry::Account {
            index: 0,
            label: "a".into()
        }
    );
}

#[test]
fn a_second_copy_replaces_the_first_and_only_it_is_cleared() {
    let mut app = started(english(), &["a", "b"]);
    app.handle(Event::AccountClicked(0), with_left(30));
    app.handle(Event::ClipboardSet { ok: true }, with_left(30));
    app.handle(Event::AccountClicked(1), with_left(29));
    app.handle(Event::ClipboardSet { ok: true }, with_left(29));
    let effects = app.handle(Event::TimerFired, STEP_END * 1000);
    let cleared: Vec<_> = effects
        .iter()
        .filter(|e| matches!(e, Effect::ClearClipboardIfUnchanged))
        .collect();
    assert_eq!(cleared.len(), 1);
}

#[test]
fn vault_reload_rebuilds_the_menu_and_drops_a_wait_for_a_removed_account() {
    let mut app = started(english(), &["a", "b"]);
    app.handle(Event::AccountClicked(1), with_left(2)); // waits for the next step
    let effects = app.handle(Event::VaultReloaded(accounts(&["a"])), with_left(1));
    assert_eq!(
        effects,
        vec![
            Effect::SetMenu(
                [MenuEntry::Account {
                    index: 0,
                    label: "a".into()
                },]
                .into_iter()
                .chain(commands())
                .collect()
            ),
            Effect::SetTooltip("trayotp — 1 account".into()),
            Effect::SetTimer(None),
        ]
    );
    assert_eq!(app.handle(Event::TimerFired, STEP_END * 1000), vec![]);
}

#[test]
fn unreadable_vault_is_reported_and_the_old_list_kept() {
    let mut app = started(english(), &["a"]);
    let effects = app.handle(Event::VaultUnreadable("the vault is damaged".into()), 0);
    assert_eq!(
        toast_body(&effects),
        Some("Cannot read your accounts: the vault is damaged")
    );
    assert!(matches!(
        app.handle(Event::AccountClicked(0), with_left(30)).as_slice(),
        [Effect::SetClipboard(_)]
    ));
}

#[test]
fn icon_click_copies_the_first_account_or_opens_the_add_form() {
    let mut app = started(english(), &["first", "second"]);
    assert_eq!(
        app.handle(Event::IconClicked, with_left(30)),
        vec![Effect::SetClipboard(code_at(STEP_END - 30))]
    );
    let mut empty = started(english(), &[]);
    let effects = empty.handle(Event::IconClicked, with_left(30));
    assert_eq!(effects, vec![Effect::OpenWindow(Form::Add)]);
}
