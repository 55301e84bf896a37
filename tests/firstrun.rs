//! The first minute, for real under Xvfb with a session bus: a tray started
//! on an empty vault opens "Add account" (found by its title) and its
//! toast says where trayotp lives; started again with still no account, it
//! opens "Add account" again; `--background` opens nothing. And the quick
//! picker (`trayotp window pick`), typed into with xdotool: the chosen
//! account's code ends up in the clipboard, through the running tray.

#![cfg(target_os = "linux")]

use crate::common;

use std::process::Stdio;
use std::time::Duration;

use common::toasts::Toasts;
use common::tray::*;
use common::xwindow;
use common::*;
use trayotp::platform::control::{self, Request, Role};

/// The first-start tests look at every Add window and toast on the
/// desktop: they take turns.
static FIRST_START: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn first_start_turn() -> std::sync::MutexGuard<'static, ()> {
    FIRST_START.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

const ADD_JA: &str = "アカウントの追加 — trayotp";

fn japanese(vault: &TestVault) {
    let mut text = vault.settings_text();
    text.push_str("language = \"ja\"\n");
    std::fs::write(&vault.settings, text).expect("settings");
}

/// Closes the Add window through its own endpoint, and waits until it is gone.
fn close_add(vault: &TestVault) {
    let _ = control::send_to(&vault.path, Role::Form("add"), &Request::Quit);
    xwindow::wait_until_gone(ADD_JA);
}

#[test]
fn a_first_start_opens_add_and_says_where_trayotp_lives_and_a_second_start_opens_add_again() {
    let _turn = first_start_turn();
    let vault = TestVault::new();
    japanese(&vault);
    let toasts = Toasts::watch();
    let tray = Tray::start(&vault);
    xwindow::wait_for_window(ADD_JA);
    toasts.wait_for("trayotp のアイコンは通知領域（システム トレイ）にあります");
    close_add(&vault);

    // The Start-menu shortcut again, with still no account: Add again.
    let second = vault.run(&[]);
    assert_ok(&second);
    xwindow::wait_for_window(ADD_JA);
    close_add(&vault);
    drop(tray);
}

#[test]
fn a_background_start_or_one_with_accounts_opens_nothing() {
    let _turn = first_start_turn();
    let toasts = Toasts::watch();
    let empty = TestVault::new();
    japanese(&empty);
    let mut command = empty.command();
    command.arg("--background");
    let background = Tray::start_with(&empty, command);
    let with_accounts = TestVault::new();
    japanese(&with_accounts);
    assert_ok(&with_accounts.add("a", SEED_B32));
    let started = Tray::start(&with_accounts);
    // Given the time a window takes to appear (the test above waits for it):
    std::thread::sleep(Duration::from_secs(5));
    assert!(xwindow::windows_named(ADD_JA).is_empty(), "no Add window");
    assert!(!toasts.text().contains("trayotp のアイコンは"), "{}", toasts.text());
    drop((background, started));
}

#[test]
fn the_picker_filters_as_you_type_and_enter_copies_the_chosen_code_through_the_tray() {
    let _turn = clipboard_turn();
    let vault = TestVault::new();
    for name in ["Alpha", "Beta bank", "Bravo", "三菱 太郎"] {
        assert_ok(&vault.add(name, SEED_B32));
    }
    assert_ok(&vault.run(&["add", "ミツビシ 花子", "--key", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"]));
    let toasts = Toasts::watch();
    let tray = Tray::start(&vault);
    set_clipboard("before");

    let mut picker = vault
        .command()
        .args(["window", "pick", "--lang", "en"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("picker starts");
    let status = wait_for_form_window(&vault, "pick", &mut picker);
    assert_eq!(status.menu.len(), 5, "{status:?}");
    let window = xwindow::wait_for_window("Find account — trayotp");
    xwindow::focus(&window);
    // "b" leaves "Beta bank" and "Bravo"; ↓ chooses the second.
    xwindow::type_text("b");
    xwindow::keys(&["Down", "Return"]);
    wait_for_code_of(&vault, "Bravo");
    toasts.wait_for("Bravo: code copied");
    xwindow::wait_until_gone("Find account — trayotp");
    assert!(picker.wait().expect("picker exits").success());
    drop(tray);
}

#[test]
fn the_picker_folds_width_and_kana_and_esc_closes_it() {
    let _turn = clipboard_turn();
    let vault = TestVault::new();
    assert_ok(&vault.add("三菱 太郎", SEED_B32));
    assert_ok(&vault.run(&["add", "ミツビシ 花子", "--key", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"]));
    let tray = Tray::start(&vault);
    set_clipboard("before");
    let mut picker = vault
        .command()
        .args(["window", "pick", "--lang", "ja"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("picker starts");
    wait_for_form_window(&vault, "pick", &mut picker);
    let window = xwindow::wait_for_window("アカウントを検索 — trayotp");
    xwindow::focus(&window);
    // Half-width katakana finds the full-width name.
    xwindow::type_text("ﾐﾂﾋﾞｼ");
    xwindow::keys(&["Return"]);
    wait_for_code_of(&vault, "ミツビシ 花子");
    xwindow::wait_until_gone("アカウントを検索 — trayotp");

    // Esc closes without copying.
    set_clipboard("kept");
    let mut picker = vault
        .command()
        .args(["window", "pick", "--lang", "ja"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("picker starts");
    wait_for_form_window(&vault, "pick", &mut picker);
    let window = xwindow::wait_for_window("アカウントを検索 — trayotp");
    xwindow::focus(&window);
    xwindow::keys(&["Escape"]);
    xwindow::wait_until_gone("アカウントを検索 — trayotp");
    assert_eq!(clipboard_text().as_deref(), Some("kept"));
    drop(tray);
}
