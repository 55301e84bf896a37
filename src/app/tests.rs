//! The tray's behaviour, with a fake clock and no display.

use super::*;
use crate::domain::setup_key::{self, ParamOverrides};
use crate::settings::HotkeyProblem;

/// RFC 6238's SHA-1 seed; its 60 s step ending at 1111111140 s.
const KEY: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const STEP_END: u64 = 1_111_111_140;

fn accounts(names: &[&str]) -> AccountList {
    let mut list = AccountList::default();
    for name in names {
        let parsed = setup_key::parse(KEY, ParamOverrides::default()).expect("key");
        list.add(name, parsed).expect("name");
    }
    list
}

/// The time at which the current code has `left` seconds left.
fn with_left(left: u64) -> Millis {
    (STEP_END - left) * 1000
}

fn code_at(seconds: u64) -> Zeroizing<String> {
    let list = accounts(&["x"]);
    let account = list.iter().next().expect("one");
    Zeroizing::new(account.code_at(seconds).digits().to_string())
}

fn started(config: AppConfig, names: &[&str]) -> App {
    let mut app = App::new(config);
    app.handle(Event::Started(accounts(names)), 0);
    app
}

fn english() -> AppConfig {
    AppConfig {
        mnemonics: MnemonicStyle::Ampersand,
        ..AppConfig::default()
    }
}

/// The menu's commands after the accounts, in English.
fn commands() -> Vec<MenuEntry> {
    vec![
        MenuEntry::Separator,
        MenuEntry::Form {
            form: Form::Add,
            label: "Add account…".into(),
        },
        MenuEntry::Form {
            form: Form::Show,
            label: "Show code…".into(),
        },
        MenuEntry::Form {
            form: Form::Manage,
            label: "Manage accounts…".into(),
        },
        MenuEntry::Form {
            form: Form::Backup,
            label: "Back up…".into(),
        },
        MenuEntry::Separator,
        MenuEntry::Form {
            form: Form::Settings,
            label: "Settings…".into(),
        },
        MenuEntry::StartAtLogin {
            checked: false,
            label: "Start at login".into(),
        },
        MenuEntry::Help { label: "Help".into() },
        MenuEntry::Quit { label: "Quit".into() },
    ]
}

fn toast_body(effects: &[Effect]) -> Option<&str> {
    effects.iter().find_map(|e| match e {
        Effect::ShowToast { body, .. } => Some(body.as_str()),
        _ => None,
    })
}

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
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::ClearClipboardIfUnchanged(_)))
    );
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
    assert_eq!(
        effects,
        vec![
            Effect::ClearClipboardIfUnchanged(code_at(STEP_END - 10)),
            Effect::CloseToast,
        ]
    );
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
        !effects
            .iter()
            .any(|e| matches!(e, Effect::ClearClipboardIfUnchanged(_))),
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
        .filter(|e| matches!(e, Effect::ClearClipboardIfUnchanged(_)))
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

#[test]
fn form_menu_items_open_their_window_and_a_failure_is_told() {
    let mut app = started(english(), &["a"]);
    for form in [Form::Add, Form::Show, Form::Manage, Form::Settings] {
        assert_eq!(
            app.handle(Event::FormRequested(form), 0),
            vec![Effect::OpenWindow(form)]
        );
    }
    let effects = app.handle(Event::FormFailed, 0);
    assert!(
        toast_body(&effects).is_some_and(|body| body.starts_with("The window could not be opened")),
        "{effects:?}"
    );
    let mut japanese = started(
        AppConfig {
            language: Language::Japanese,
            ..english()
        },
        &[],
    );
    let effects = japanese.handle(Event::Started(AccountList::default()), 0);
    let Some(Effect::SetMenu(menu)) = effects.first() else {
        panic!("menu first: {effects:?}")
    };
    let labels: Vec<_> = menu
        .iter()
        .filter_map(|entry| match entry {
            MenuEntry::Form { label, .. } => Some(label.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        labels,
        [
            "アカウントの追加…",
            "OTPを表示…",
            "アカウントの管理…",
            "バックアップ…",
            "設定…"
        ]
    );
}

#[test]
fn settings_opens_from_the_second_group_just_before_start_at_login() {
    let mut app = started(english(), &["a"]);
    let effects = app.handle(Event::Started(AccountList::default()), 0);
    let menu = menu_of(&effects).expect("menu");
    let settings = menu
        .iter()
        .position(|entry| {
            matches!(
                entry,
                MenuEntry::Form {
                    form: Form::Settings,
                    ..
                }
            )
        })
        .expect("a Settings… item");
    assert_eq!(
        menu[settings],
        MenuEntry::Form {
            form: Form::Settings,
            label: "Settings…".into()
        }
    );
    assert_eq!(menu[settings - 1], MenuEntry::Separator, "it opens the second group");
    assert!(matches!(menu[settings + 1], MenuEntry::StartAtLogin { .. }), "{menu:?}");
    assert!(matches!(menu[settings + 2], MenuEntry::Help { .. }), "{menu:?}");
    assert!(matches!(menu[settings + 3], MenuEntry::Quit { .. }), "{menu:?}");
    assert_eq!(
        app.handle(Event::FormRequested(Form::Settings), 0),
        vec![Effect::OpenWindow(Form::Settings)]
    );
}

#[test]
fn quit_clears_our_code_and_exits() {
    let mut app = started(english(), &["a"]);
    app.handle(Event::AccountClicked(0), with_left(30));
    app.handle(Event::ClipboardSet { ok: true }, with_left(30));
    let effects = app.handle(Event::QuitRequested, with_left(29));
    assert_eq!(
        effects,
        vec![
            Effect::ClearClipboardIfUnchanged(code_at(STEP_END - 30)),
            Effect::CloseToast,
            Effect::Exit,
            Effect::SetTimer(None),
        ]
    );
}

#[test]
fn second_start_is_answered_with_a_toast_where_the_menu_cannot_pop_up() {
    let mut app = started(linux(), &["a"]);
    let effects = app.handle(Event::ShowRequested, 0);
    assert!(effects.contains(&Effect::Reply(Reply::Shown)));
    assert!(!effects.contains(&Effect::ShowMenu));
    assert_eq!(
        toast_body(&effects),
        Some("trayotp is already running in the notification area.")
    );
}

#[test]
fn second_start_pops_the_menu_up_on_windows() {
    let mut app = started(windows(), &["a", "b"]);
    let effects = app.handle(Event::ShowRequested, 0);
    assert_eq!(effects, vec![Effect::Reply(Reply::Shown), Effect::ShowMenu]);
    // With no accounts, on every platform, the first account is asked for.
    for config in [windows(), linux()] {
        let mut app = started(config, &[]);
        let effects = app.handle(Event::ShowRequested, 0);
        assert_eq!(
            effects,
            vec![Effect::Reply(Reply::Shown), Effect::OpenWindow(Form::Add)]
        );
    }
}

#[test]
fn a_first_start_by_the_user_opens_add_and_says_where_the_icon_is() {
    let mut app = started(english(), &[]);
    let effects = app.handle(Event::StartedByUser, 0);
    assert_eq!(effects.first(), Some(&Effect::OpenWindow(Form::Add)));
    let body = toast_body(&effects).expect("a toast");
    assert!(body.starts_with("trayotp's icon is in the notification area"), "{body}");
    // The ^ (hidden icons) is named only where it exists.
    assert_eq!(body.contains('^'), cfg!(windows), "{body}");
    assert_eq!(body.contains("Other system tray icons"), cfg!(windows), "{body}");
    let mut japanese = started(
        AppConfig {
            language: Language::Japanese,
            ..english()
        },
        &[],
    );
    let effects = japanese.handle(Event::StartedByUser, 0);
    let body = toast_body(&effects).expect("a toast");
    assert!(body.starts_with("trayotp のアイコンは"), "{body}");
    assert!(body.contains("通知領域"), "{body}");
    assert!(!body.contains("にいます"), "{body}");
    assert_eq!(body.contains('^'), cfg!(windows), "{body}");
    assert_eq!(
        body.contains("その他のシステム トレイ アイコン"),
        cfg!(windows),
        "{body}"
    );
}

#[test]
fn a_start_with_accounts_or_in_the_background_opens_nothing() {
    // With accounts, the user knows trayotp: nothing opens, nothing is said.
    let mut app = started(english(), &["a"]);
    assert_eq!(app.handle(Event::StartedByUser, 0), vec![]);
    // `--background` (the login entry) sends no StartedByUser: a started
    // tray with no accounts has opened nothing.
    let mut empty = App::new(english());
    let effects = empty.handle(Event::Started(accounts(&[])), 0);
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::OpenWindow(_) | Effect::ShowToast { .. })),
        "{effects:?}"
    );
}

#[test]
fn the_menu_offers_the_picker_only_beyond_a_screenful() {
    let names: Vec<String> = (0..=PICKER_MENU_THRESHOLD).map(|i| format!("a{i}")).collect();
    let find = MenuEntry::Form {
        form: Form::Pick,
        label: "Find account…".into(),
    };
    let many: Vec<&str> = names.iter().map(String::as_str).collect();
    // A screen tall enough for them all: the picker is offered all the same.
    let tall = AppConfig {
        menu_screen: menu::MenuScreen {
            work_area_height: 2000,
            item_height: 24,
        },
        ..english()
    };
    let mut app = App::new(tall.clone());
    let effects = app.handle(Event::Started(accounts(&many)), 0);
    let menu = menu_of(&effects).expect("menu");
    assert_eq!(menu.first(), Some(&find), "{menu:?}");
    assert_eq!(menu.get(1), Some(&MenuEntry::Separator));
    assert_eq!(
        menu.iter().filter(|e| matches!(e, MenuEntry::Account { .. })).count(),
        many.len()
    );
    let mut app = App::new(tall.clone());
    let effects = app.handle(Event::Started(accounts(&many[..PICKER_MENU_THRESHOLD])), 0);
    assert!(!menu_of(&effects).expect("menu").contains(&find));
    let mut app = App::new(AppConfig {
        language: Language::Japanese,
        ..tall
    });
    let effects = app.handle(Event::Started(accounts(&many)), 0);
    assert!(menu_of(&effects).expect("menu").contains(&MenuEntry::Form {
        form: Form::Pick,
        label: "アカウントを検索…".into(),
    }));
}

/// A 1366 × 768 laptop screen less a 48-pixel taskbar, 32-pixel rows.
fn laptop() -> menu::MenuScreen {
    menu::MenuScreen {
        work_area_height: 768 - 48,
        item_height: 32,
    }
}

/// The menu with `count` accounts ("a0", "a1", …) and `default` on `screen`.
fn menu_with(count: usize, default: Option<&str>, language: Language, screen: menu::MenuScreen) -> Vec<MenuEntry> {
    let names: Vec<String> = (0..count).map(|i| format!("a{i}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut app = App::new(AppConfig {
        language,
        default_account: default.map(str::to_string),
        menu_screen: screen,
        ..english()
    });
    let effects = app.handle(Event::Started(accounts(&names)), 0);
    menu_of(&effects).expect("menu").clone()
}

fn account_labels(menu: &[MenuEntry]) -> Vec<&str> {
    menu.iter()
        .filter_map(|e| match e {
            MenuEntry::Account { label, .. } => Some(label.as_str()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_menu_fits_a_768_pixel_screen_with_60_and_with_1000_accounts() {
    for count in [60, 1000] {
        let menu = menu_with(count, Some("a42"), Language::Japanese, laptop());
        // Every row, separators as whole rows, inside the work area.
        let height = menu.len() as u32 * laptop().item_height;
        assert!(
            height <= laptop().work_area_height,
            "{count}: {} rows, {height} px",
            menu.len()
        );
        assert_eq!(
            menu.first(),
            Some(&MenuEntry::Form {
                form: Form::Pick,
                label: "アカウントを検索…".into(),
            }),
            "{count}: {menu:?}"
        );
        let labels = account_labels(&menu);
        assert_eq!(labels.first(), Some(&"a42"), "the default account first");
        assert_eq!(&labels[1..4], ["a0", "a1", "a2"], "then the stored order");
        assert!(labels.len() >= 5 && labels.len() < 20, "{count}: {labels:?}");
        // "More accounts…" right under the last account shown.
        let last = menu
            .iter()
            .rposition(|e| matches!(e, MenuEntry::Account { .. }))
            .expect("accounts");
        assert_eq!(
            menu.get(last + 1),
            Some(&MenuEntry::Form {
                form: Form::Pick,
                label: "その他のアカウント…".into(),
            })
        );
    }
    // The same menu whatever the count: the tray builds only what it shows.
    assert_eq!(
        menu_with(60, None, Language::English, laptop()),
        menu_with(1000, None, Language::English, laptop())
    );
}

#[test]
fn a_menu_that_fits_has_no_more_item_and_keeps_the_stored_order() {
    let menu = menu_with(4, Some("a2"), Language::English, laptop());
    assert_eq!(account_labels(&menu), ["a2", "a0", "a1", "a3"]);
    assert!(
        !menu
            .iter()
            .any(|e| matches!(e, MenuEntry::Form { form: Form::Pick, .. })),
        "{menu:?}"
    );
    // A default that is not an account changes nothing.
    let menu = menu_with(4, Some("gone"), Language::English, laptop());
    assert_eq!(account_labels(&menu), ["a0", "a1", "a2", "a3"]);
}

#[test]
fn digit_grouping() {
    assert_eq!(group_digits("123456"), "123 456");
    assert_eq!(group_digits("1234567"), "123 4567");
    assert_eq!(group_digits("12345678"), "1234 5678");
}

fn menu_of(effects: &[Effect]) -> Option<&Vec<MenuEntry>> {
    effects.iter().rev().find_map(|e| match e {
        Effect::SetMenu(menu) => Some(menu),
        _ => None,
    })
}

fn linux() -> AppConfig {
    AppConfig {
        pop_up_menu: false,
        ..english()
    }
}

fn windows() -> AppConfig {
    AppConfig {
        pop_up_menu: true,
        ..english()
    }
}

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
        !effects
            .iter()
            .any(|e| matches!(e, Effect::ClearClipboardIfUnchanged(_))),
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
    assert!(
        effects.contains(&Effect::ClearClipboardIfUnchanged(code)),
        "{effects:?}"
    );
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
