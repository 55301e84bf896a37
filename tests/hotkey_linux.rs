//! The global hotkey for real on X11 (Xvfb): `xdotool key` presses it and
//! the code lands in the clipboard; settings changed with `trayotp
//! settings set` apply to the running tray; a combination another program
//! holds, a Wayland session and a damaged settings file are each said
//! plainly, and the tray runs on. Without a default account the hotkey
//! opens the quick picker, typed into with xdotool.
#![cfg(target_os = "linux")]

use crate::common;

use std::process::Command;
use std::time::Duration;

use common::toasts::Toasts;
use common::tray::*;
use common::xwindow;
use common::*;

const OTHER_KEY: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/// A vault with "first" and "Second", whose codes differ.
fn two_accounts() -> TestVault {
    let vault = TestVault::new();
    assert_ok(&vault.add("first", SEED_B32));
    assert_ok(&vault.run(&["add", "Second", "--key", OTHER_KEY]));
    assert_ne!(code_json(&vault, "first")["code"], code_json(&vault, "Second")["code"]);
    vault
}

/// A tray whose session is plain X11 (the test may run inside a Wayland desktop).
fn x11_tray(vault: &TestVault) -> Tray {
    let mut command = vault.command();
    command.env_remove("WAYLAND_DISPLAY").env("XDG_SESSION_TYPE", "x11");
    Tray::start_with(vault, command)
}

fn press(keys: &str) {
    let status = Command::new("xdotool")
        .args(["key", keys])
        .status()
        .expect("xdotool (package xdotool) runs");
    assert!(status.success(), "xdotool key {keys} failed");
}

/// Presses `keys` until `name`'s code is copied (at most three times): on a
/// desktop that is still starting (the first tray of a session brings up
/// the accessibility bus, which can hold the keyboard for a moment) the
/// very first press may never reach any program.
fn press_until_copied(vault: &TestVault, keys: &str, name: &str) {
    let mut outcome = Err(String::new());
    for _ in 0..3 {
        press(keys);
        outcome = copied_within(vault, name, Duration::from_secs(7));
        if outcome.is_ok() {
            return;
        }
    }
    if let Err(message) = outcome {
        panic!("{message} after pressing {keys} three times");
    }
}

#[test]
fn the_hotkey_copies_the_default_account_and_settings_apply_live() {
    let _turn = clipboard_turn();
    let vault = two_accounts();
    assert_ok(&vault.run(&["settings", "set", "hotkey", "Ctrl+Alt+O"]));
    let set = vault.run(&["settings", "set", "default_account", "second"]);
    assert_ok(&set);
    assert_eq!(stdout(&set), "default_account is now Second.\n", "the stored spelling");

    let tray = x11_tray(&vault);
    assert_eq!(tray.status().hotkey.as_deref(), Some("Ctrl+Alt+O"));
    set_clipboard("before");
    press_until_copied(&vault, "ctrl+alt+o", "Second");

    // Changed while the tray runs: the next press copies the new default.
    let set = vault.run(&["settings", "set", "default_account", "first"]);
    assert_ok(&set);
    assert_eq!(
        stdout(&set),
        "default_account is now first; the running tray applied it.\n"
    );
    press("ctrl+alt+o");
    wait_for_code_of(&vault, "first");

    // A new hotkey replaces the old one at once.
    assert_ok(&vault.run(&["settings", "set", "hotkey", "ctrl+shift+F7"]));
    assert_eq!(tray.status().hotkey.as_deref(), Some("Ctrl+Shift+F7"));
    set_clipboard("after");
    press("ctrl+alt+o");
    std::thread::sleep(Duration::from_millis(700));
    assert_eq!(clipboard_text().as_deref(), Some("after"), "the old hotkey is let go");
    press("ctrl+shift+F7");
    wait_for_code_of(&vault, "first");

    assert_ok(&vault.run(&["settings", "set", "hotkey", ""]));
    assert_eq!(tray.status().hotkey, None);
}

#[test]
fn without_a_default_the_hotkey_opens_the_picker_and_typing_chooses() {
    let _turn = clipboard_turn();
    let vault = two_accounts();
    assert_ok(&vault.run(&["settings", "set", "hotkey", "Ctrl+Shift+F6"]));
    let toasts = Toasts::watch();
    let tray = x11_tray(&vault);
    set_clipboard("before");
    // The first press of a session may not arrive (see press_until_copied).
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let window = loop {
        press("ctrl+shift+F6");
        std::thread::sleep(Duration::from_secs(3));
        if let Some(window) = xwindow::windows_named("Find account — trayotp").pop() {
            break window;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the hotkey never opened the picker"
        );
    };
    assert_eq!(
        clipboard_text().as_deref(),
        Some("before"),
        "nothing copied before a choice"
    );
    xwindow::focus(&window);
    // The test vault is a passphrase vault, and the tray hands its
    // passphrase to no window (issue 14, M3): the picker asks for it first.
    xwindow::type_text(PASSPHRASE);
    xwindow::keys(&["Return"]);
    std::thread::sleep(Duration::from_secs(3));
    xwindow::type_text("sec");
    xwindow::keys(&["Return"]);
    wait_for_code_of(&vault, "Second");
    toasts.wait_for("Second: code copied — ");
    xwindow::wait_until_gone("Find account — trayotp");
    drop(tray);
}

#[test]
fn a_combination_another_program_holds_is_refused_and_the_tray_runs_without_it() {
    let holder = TestVault::new();
    assert_ok(&holder.add("a", SEED_B32));
    assert_ok(&holder.run(&["settings", "set", "hotkey", "Ctrl+Alt+Shift+F8"]));
    let holding = x11_tray(&holder);
    assert_eq!(holding.status().hotkey.as_deref(), Some("Ctrl+Alt+Shift+F8"));

    // A running tray is asked to register it: refused, and nothing changes.
    let vault = TestVault::new();
    assert_ok(&vault.add("b", SEED_B32));
    let tray = x11_tray(&vault);
    let before = vault.settings_text();
    let refused = vault.run(&["settings", "set", "hotkey", "ctrl+alt+shift+f8"]);
    assert_one_line_error(
        &refused,
        "hotkey Ctrl+Alt+Shift+F8 is already used by another program: choose another combination; \
         the settings were left as they were",
    );
    assert_eq!(vault.settings_text(), before);
    assert!(tray.status().ok && tray.status().hotkey.is_none());
    drop(tray);

    // No tray running: a trial registration finds it taken too.
    let refused = vault.run(&["settings", "set", "hotkey", "Ctrl+Alt+Shift+F8"]);
    assert_one_line_error(&refused, "is already used by another program");
    assert_eq!(vault.settings_text(), before);

    // Written into the file anyway: the tray starts, says so, runs on.
    std::fs::write(&vault.settings, "hotkey = \"Ctrl+Alt+Shift+F8\"\n").expect("write");
    let toasts = Toasts::watch();
    let tray = x11_tray(&vault);
    assert_eq!(tray.status().hotkey, None);
    assert!(tray.status().menu.contains(&"b".to_string()));
    toasts.wait_for("The hotkey Ctrl+Alt+Shift+F8 is already used by another program");
    drop(tray);
}

#[test]
fn wayland_is_said_plainly_once_and_the_tray_runs() {
    let vault = TestVault::new();
    assert_ok(&vault.add("a", SEED_B32));
    std::fs::write(&vault.settings, "hotkey = \"Ctrl+Alt+Shift+F10\"\n").expect("write");
    let toasts = Toasts::watch();
    let mut command = vault.command();
    command
        .env("WAYLAND_DISPLAY", "wayland-0")
        .env("XDG_SESSION_TYPE", "wayland");
    let tray = Tray::start_with(&vault, command);
    assert_eq!(tray.status().hotkey, None);
    // Changed while this tray runs: saved, applied, and the same warning.
    let set = vault
        .command()
        .env("WAYLAND_DISPLAY", "wayland-0")
        .args(["settings", "set", "hotkey", "Ctrl+Alt+Shift+F9"])
        .output()
        .expect("runs");
    assert_ok(&set);
    assert_contains(&stderr(&set), "not available in a Wayland session");
    assert!(vault.settings_text().contains("Ctrl+Alt+Shift+F9"));
    let wayland = "Global hotkeys are not available in a Wayland session";
    toasts.wait_for(wayland);
    std::thread::sleep(Duration::from_secs(1));
    let seen = toasts.text();
    assert_eq!(
        seen.matches(wayland).count(),
        1,
        "said once, not again on a change:\n{seen}"
    );
    drop(tray);

    // `settings set` saves it (for X11 sessions) and warns, without failing.
    let set = vault
        .command()
        .env("WAYLAND_DISPLAY", "wayland-0")
        .args(["settings", "set", "hotkey", "Ctrl+Alt+Shift+F11"])
        .output()
        .expect("runs");
    assert_ok(&set);
    assert!(
        stderr(&set).contains("not available in a Wayland session") && stderr(&set).contains("the setting is saved"),
        "{}",
        stderr(&set)
    );
    assert!(vault.settings_text().contains("Ctrl+Alt+Shift+F11"));
}

#[test]
fn a_damaged_settings_file_gives_the_defaults_and_a_toast_naming_it() {
    let _turn = clipboard_turn(); // the default hotkey (Ctrl+Alt+O) gets registered
    let vault = TestVault::new();
    assert_ok(&vault.add("a", SEED_B32));
    std::fs::write(&vault.settings, "language = \"ja\"\nhotkey = \"Ctrl+Alt+O\n").expect("write");
    let toasts = Toasts::watch();
    let tray = x11_tray(&vault);
    let status = tray.status();
    assert!(
        status.menu.contains(&"Quit".to_string()),
        "defaults (not ja): {status:?}"
    );
    assert_eq!(status.hotkey.as_deref(), Some("Ctrl+Alt+O"), "the default hotkey");
    let file = vault.settings.display().to_string();
    toasts.wait_for(&format!("Settings file {file}: line 2 is not valid TOML"));
    drop(tray);
    assert_eq!(
        std::fs::read_to_string(&vault.settings).expect("kept"),
        "language = \"ja\"\nhotkey = \"Ctrl+Alt+O\n",
        "a damaged file is never rewritten"
    );
}
