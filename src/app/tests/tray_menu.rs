//! The menu: its forms, quit, a second start, the first start, and fitting the screen.

use super::*;

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
            Effect::ClearClipboardIfUnchanged,
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
