//! `hotkey_action` paste and type, and window rules, with real X11 events
//! (issue 20): a GTK text entry (`zenity --entry`) has the focus, xdotool
//! presses the hotkey and holds Ctrl+Alt 300 ms before letting go (the tray
//! must wait for that, else the digits would be Ctrl+Alt shortcuts), and
//! Enter makes zenity print what the entry holds, compared with `oathtool`:
//!
//! - `type`: exactly the code; `paste`: the same; `copy`: nothing, and the
//!   clipboard holds the code;
//! - two windows 「出金 - Example証券」 and 「メモ」, two accounts, one with
//!   the rule `Example証券`, no default: over the first the hotkey types
//!   that account's code; over the second the picker opens, and the choice
//!   is typed into 「メモ」, which had the focus.
#![cfg(target_os = "linux")]

use crate::common;

use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::toasts::Toasts;
use common::tray::*;
use common::xwindow;
use common::*;

const OTHER_KEY: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const HOTKEY: &str = "Ctrl+Alt+P";

/// A tray whose session is plain X11.
fn x11_tray(vault: &TestVault) -> Tray {
    let mut command = vault.command();
    command.env_remove("WAYLAND_DISPLAY").env("XDG_SESSION_TYPE", "x11");
    Tray::start_with(vault, command)
}

fn xdotool(args: &[&str]) -> String {
    let out = Command::new("xdotool")
        .args(args)
        .output()
        .expect("xdotool (package xdotool) runs");
    assert!(out.status.success(), "xdotool {args:?} failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The hotkey as a person presses it: Ctrl+Alt down, P pressed, Ctrl+Alt
/// held 300 ms more, then let go.
fn press_hotkey_holding() {
    xdotool(&["keydown", "ctrl+alt"]);
    xdotool(&["key", "p"]);
    std::thread::sleep(Duration::from_millis(300));
    xdotool(&["keyup", "alt+ctrl"]);
}

/// `zenity --entry` titled `title`, with no input method and no
/// accessibility bus (neither is what this test is about).
struct Entry {
    child: Child,
    window: String,
}

impl Entry {
    fn open(title: &str) -> Self {
        let child = Command::new("zenity")
            .args(["--entry", "--title", title, "--text", "Code:"])
            .env_remove("XMODIFIERS")
            .env("GTK_IM_MODULE", "gtk-im-context-simple")
            .env("NO_AT_BRIDGE", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("zenity (package zenity) starts");
        let deadline = Instant::now() + Duration::from_secs(30);
        let window = loop {
            let found = xdotool_lines(&["search", "--onlyvisible", "--class", "zenity"])
                .into_iter()
                .find(|id| xdotool_lines(&["getwindowname", id]).first().map(String::as_str) == Some(title));
            if let Some(window) = found {
                break window;
            }
            assert!(Instant::now() < deadline, "no zenity window {title:?} appeared");
            std::thread::sleep(Duration::from_millis(200));
        };
        Entry { child, window }
    }

    /// Gives the entry the keyboard (no window manager under Xvfb).
    fn focus(&self) {
        std::thread::sleep(Duration::from_millis(800));
        xdotool(&["windowfocus", "--sync", &self.window]);
        std::thread::sleep(Duration::from_millis(300));
    }

    /// Enter: zenity prints the entry's text and ends.
    fn text(mut self) -> String {
        self.focus();
        xdotool(&["key", "Return"]);
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.child.try_wait().ok().flatten().is_none() {
            assert!(Instant::now() < deadline, "zenity did not end on Enter");
            std::thread::sleep(Duration::from_millis(100));
        }
        let mut text = String::new();
        if let Some(mut out) = self.child.stdout.take() {
            let _ = out.read_to_string(&mut text);
        }
        text.trim_end_matches('\n').to_string()
    }
}

impl Drop for Entry {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn xdotool_lines(args: &[&str]) -> Vec<String> {
    let out = Command::new("xdotool").args(args).output().expect("xdotool runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

/// The codes `oathtool` makes for `key` (60 s steps) now and one step
/// before (the tray may have typed just before a step ended).
fn oathtool_codes(key: &str) -> [String; 2] {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).expect("clock").as_secs();
    [now, now.saturating_sub(60)].map(|at| {
        let out = Command::new("oathtool")
            .args(["--totp", "-s", "60s", "-b", key, "-N", &format!("@{at}")])
            .output()
            .expect("oathtool (package oathtool) runs");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    })
}

/// A vault with `name` (SEED_B32), the hotkey on and `hotkey_action`.
fn vault_with(action: &str) -> TestVault {
    let vault = TestVault::new();
    assert_ok(&vault.add("first", SEED_B32));
    assert_ok(&vault.run(&["settings", "set", "hotkey", HOTKEY]));
    assert_ok(&vault.run(&["settings", "set", "hotkey_action", action]));
    vault
}

/// Presses the hotkey until the toast says `needle` (the first press of a
/// session may not arrive; see tests/hotkey_linux.rs).
fn press_until_toast(toasts: &Toasts, needle: &str) {
    for _ in 0..3 {
        press_hotkey_holding();
        let deadline = Instant::now() + Duration::from_secs(8);
        while Instant::now() < deadline {
            if toasts.text().contains(needle) {
                return;
            }
            std::thread::sleep(Duration::from_millis(150));
        }
    }
    panic!(
        "no toast {needle:?} after three presses; toasts seen:\n{}",
        toasts.text()
    );
}

#[test]
fn type_puts_exactly_the_code_in_the_gtk_entry_after_the_keys_are_let_go() {
    let _turn = clipboard_turn();
    let vault = vault_with("type");
    let toasts = Toasts::watch();
    let _tray = x11_tray(&vault);
    set_clipboard("before");
    let entry = Entry::open("trayotp type test");
    entry.focus();
    press_until_toast(&toasts, "Typed first's code (");
    let typed = entry.text();
    let codes = oathtool_codes(SEED_B32);
    assert!(
        codes.contains(&typed),
        "the entry holds {typed:?}; oathtool says {codes:?}"
    );
    assert_eq!(
        clipboard_text().as_deref(),
        Some("before"),
        "typing leaves the clipboard alone"
    );
}

#[test]
fn paste_puts_exactly_the_code_in_the_gtk_entry() {
    let _turn = clipboard_turn();
    let vault = vault_with("paste");
    let toasts = Toasts::watch();
    let _tray = x11_tray(&vault);
    set_clipboard("before");
    let entry = Entry::open("trayotp paste test");
    entry.focus();
    press_until_toast(&toasts, "Typed first's code (");
    let pasted = entry.text();
    let codes = oathtool_codes(SEED_B32);
    assert!(
        codes.contains(&pasted),
        "the entry holds {pasted:?}; oathtool says {codes:?}"
    );
    assert_eq!(
        clipboard_text(),
        Some(pasted),
        "and the clipboard holds it, as with copy"
    );
}

#[test]
fn copy_leaves_the_entry_empty_and_the_code_in_the_clipboard() {
    let _turn = clipboard_turn();
    let vault = vault_with("copy");
    let toasts = Toasts::watch();
    let _tray = x11_tray(&vault);
    set_clipboard("before");
    let entry = Entry::open("trayotp copy test");
    entry.focus();
    press_until_toast(&toasts, "first: code copied");
    wait_for_code_of(&vault, "first");
    assert_eq!(entry.text(), "", "nothing typed with copy");
}

#[test]
fn a_window_rule_picks_the_account_and_else_the_picker_types_into_the_window_that_had_the_focus() {
    let _turn = clipboard_turn();
    let vault = vault_with("type");
    assert_ok(&vault.run(&["add", "Second", "--key", OTHER_KEY]));
    let set = vault.run(&["edit", "first", "--window-rule", "Example証券"]);
    assert_ok(&set);
    let listed: serde_json::Value = serde_json::from_str(&stdout(&vault.run(&["list", "--json"]))).expect("json");
    assert_eq!(listed[0]["window_rule"], "Example証券");
    assert_eq!(listed[1]["window_rule"], serde_json::Value::Null);
    let toasts = Toasts::watch();
    let _tray = x11_tray(&vault);

    // Over 「出金 - Example証券」: first's code, typed, no picker.
    let brokerage = Entry::open("出金 - Example証券");
    let memo = Entry::open("メモ");
    brokerage.focus();
    press_until_toast(&toasts, "Typed first's code (");
    let typed = brokerage.text();
    assert!(
        oathtool_codes(SEED_B32).contains(&typed),
        "the brokerage window holds {typed:?}"
    );

    // Over 「メモ」: no rule matches and there is no default: the picker.
    memo.focus();
    let deadline = Instant::now() + Duration::from_secs(30);
    let picker = loop {
        press_hotkey_holding();
        std::thread::sleep(Duration::from_secs(3));
        if let Some(window) = xwindow::windows_named("Find account — trayotp").pop() {
            break window;
        }
        assert!(Instant::now() < deadline, "the hotkey never opened the picker");
    };
    xwindow::focus(&picker);
    // A passphrase vault: the picker asks for it first (issue 14, M3).
    xwindow::type_text(PASSPHRASE);
    xwindow::keys(&["Return"]);
    std::thread::sleep(Duration::from_secs(3));
    xwindow::type_text("sec");
    xwindow::keys(&["Return"]);
    toasts.wait_for("Typed Second's code (");
    xwindow::wait_until_gone("Find account — trayotp");
    let typed = memo.text();
    assert!(
        oathtool_codes(OTHER_KEY).contains(&typed),
        "「メモ」 holds {typed:?}, not Second's code"
    );
}

#[test]
fn hotkey_action_blah_is_refused_in_one_line_naming_the_allowed_values() {
    let vault = TestVault::new();
    let before = vault.settings_text();
    let refused = vault.run(&["settings", "set", "hotkey_action", "blah"]);
    assert_one_line_error(&refused, "hotkey_action cannot be 'blah': use copy, paste or type");
    assert_eq!(vault.settings_text(), before);
    assert_ok(&vault.run(&["settings", "set", "hotkey_action", "paste"]));
    assert_eq!(stdout(&vault.run(&["settings", "get", "hotkey_action"])), "paste\n");
}

#[test]
fn edit_sets_and_clears_a_window_rule_and_refuses_bad_ones() {
    let vault = TestVault::new();
    assert_ok(&vault.add("first", SEED_B32));
    assert_ok(&vault.run(&["edit", "FIRST", "--window-rule", "三菱UFJモルガン"]));
    let listed: serde_json::Value = serde_json::from_str(&stdout(&vault.run(&["list", "--json"]))).expect("json");
    assert_eq!(listed[0]["window_rule"], "三菱UFJモルガン");
    assert!(
        !String::from_utf8_lossy(&vault.bytes()).contains("window_rule"),
        "the rule is inside the encrypted vault"
    );
    assert_ok(&vault.run(&["edit", "first", "--window-rule", ""]));
    let listed: serde_json::Value = serde_json::from_str(&stdout(&vault.run(&["list", "--json"]))).expect("json");
    assert_eq!(listed[0]["window_rule"], serde_json::Value::Null);
    assert_one_line_error(
        &vault.run(&["edit", "first", "--window-rule", "a\tb"]),
        "the window rule contains a control character",
    );
    assert_one_line_error(
        &vault.run(&["edit", "nobody", "--window-rule", "x"]),
        "no account named 'nobody'",
    );
    assert_one_line_error(
        &vault.run(&["edit", "first"]),
        "nothing to change: give --reading READING or --window-rule TEXT",
    );
}
