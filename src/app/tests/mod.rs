//! The tray's behaviour, with a fake clock and no display: the shared
//! helpers here, the tests by subject beside them.

use super::*;
use crate::domain::setup_key::{self, ParamOverrides};
use crate::settings::HotkeyProblem;
use zeroize::Zeroizing;

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

mod copy;
mod deliver;
mod hotkey;
mod tray_menu;
