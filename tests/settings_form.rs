//! The "Settings…" form, driven the way a person uses it (click, press a
//! combination, Enter, Esc), headless with egui_kittest against a real
//! settings file and vault in a temp folder; and with a real tray running,
//! which applies what the form saved at once. Natively and, for the .exe,
//! under Wine.

use crate::common;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use trayotp::app::Form;
use trayotp::gui::desktop::{ClipboardRead, CopyError, Desktop, Picture};
use trayotp::gui::window::{FormWindow, Request, WindowConfig};
use trayotp::i18n::Language;
use trayotp::platform::control::{self, Request as ControlRequest, Role};
use trayotp::vault::VaultPath;
use zeroize::Zeroizing;

use common::tray::{Tray, wait_for_form_window};
use common::{SEED_B32, TestVault, assert_ok};

/// The settings form needs no clipboard or file picker.
struct NoDesktop;

impl Desktop for NoDesktop {
    fn clipboard_text(&mut self) -> ClipboardRead<Zeroizing<String>> {
        ClipboardRead::Empty
    }

    fn clipboard_picture(&mut self) -> ClipboardRead<Picture> {
        ClipboardRead::Empty
    }

    fn pick_picture(&mut self, _: &str) -> Option<std::io::Result<Vec<u8>>> {
        None
    }

    fn copy_code(&mut self, _: &std::path::Path, _: &str, _: &str, _: u64) -> Result<(), CopyError> {
        Err(CopyError::Refused)
    }

    fn clear_clipboard_if(&mut self, _: &str) {}

    fn save_file(&mut self, _: &str, _: &str, _: &std::path::Path) -> Option<std::path::PathBuf> {
        None
    }
}

struct Open {
    window: FormWindow,
    requests: Vec<Request>,
}

/// A vault with these accounts, protected as on a real PC (the Secret
/// Service keyring on Linux, DPAPI on Windows: no passphrase to type), and
/// its settings file.
fn vault_with(names: &[&str]) -> TestVault {
    let vault = TestVault::new();
    for name in names {
        assert_ok(&vault.run(&["add", name, "--key", SEED_B32]));
    }
    vault
}

/// The Settings window on `vault`.
fn open(vault: &TestVault, language: Language) -> Harness<'static, Open> {
    let config = WindowConfig {
        form: Form::Settings,
        vault: VaultPath::new(&vault.path),
        language,
        protector: None,
        account: None,
        settings: vault.settings.clone(),
    };
    let window = FormWindow::new(config, Box::new(NoDesktop), Box::new(|| 1_111_111_109_000));
    let mut harness = Harness::<Open>::builder()
        .with_size([440.0, 720.0])
        .with_context_setup(|ctx| {
            trayotp::gui::fonts::install(ctx).expect("a Japanese font (fonts-noto-cjk)");
        })
        .build_ui_state(
            |ui, open: &mut Open| {
                let request = open.window.ui(ui);
                if request != Request::Stay {
                    open.requests.push(request);
                }
            },
            Open {
                window,
                requests: Vec::new(),
            },
        );
    harness.run_steps(2);
    harness
}

/// The hotkey the form holds, as it is written to the file.
fn hotkey(harness: &Harness<'_, Open>) -> String {
    let form = harness.state().window.settings_form().expect("the settings form");
    form.settings
        .hotkey
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default()
}

fn shows(harness: &Harness<'_, Open>, text: &str) -> bool {
    harness.query_by_label_contains(text).is_some()
}

/// Clicks the hotkey button and presses `key` with `modifiers`.
fn record(harness: &mut Harness<'_, Open>, button: &str, modifiers: Modifiers, key: Key) {
    harness.get_by_label(button).click();
    harness.run_steps(2);
    harness.key_press_modifiers(modifiers, key);
    harness.run_steps(2);
}

const CTRL_ALT: Modifiers = Modifiers {
    ctrl: true,
    alt: true,
    command: true,
    ..Modifiers::NONE
};

#[test]
fn a_recorded_combination_and_the_other_choices_are_saved_keeping_unknown_keys() {
    let vault = vault_with(&["三菱 太郎", "Work"]);
    let mine = "# my settings\ncolour = \"blue\"   # from a newer trayotp\nhotkey = \"\"\n";
    std::fs::write(&vault.settings, mine).expect("write");
    let mut harness = open(&vault, Language::English);
    assert_eq!(hotkey(&harness), "", "the file says no hotkey");

    record(&mut harness, "Hotkey", CTRL_ALT | Modifiers::SHIFT, Key::P);
    assert_eq!(hotkey(&harness), "Ctrl+Alt+Shift+P", "the recorded combination");
    assert_eq!(
        harness.state().window.settings_form().map(|f| f.recording),
        Some(false),
        "recording ends with a valid combination"
    );

    harness.get_by_label("Language").click();
    harness.run_steps(2);
    harness.get_by_label("日本語").click();
    harness.run_steps(2);
    harness.get_by_label("Default account").click();
    harness.run_steps(2);
    harness.get_by_label("Work").click();
    harness.run_steps(2);
    harness.get_by_label("Show the code in the notification").click();
    harness.get_by_label("Copy it anyway").click();
    harness.run_steps(2);
    harness.get_by_label("Save").click();
    harness.run_steps(2);

    assert_eq!(harness.state().requests, [Request::Close { toast: None }]);
    let written = vault.settings_text();
    assert!(
        written
            .starts_with("# my settings\ncolour = \"blue\"   # from a newer trayotp\nhotkey = \"Ctrl+Alt+Shift+P\"\n"),
        "comments and the unknown key kept, the hotkey changed in place: {written}"
    );
    for line in [
        "hotkey = \"Ctrl+Alt+Shift+P\"",
        "language = \"ja\"",
        "default_account = \"Work\"",
        "show_digits_in_toast = true",
        "last_seconds_policy = \"copy-anyway\"",
    ] {
        assert!(written.contains(line), "{line} in {written}");
    }
    assert!(
        !written.contains("clear_clipboard"),
        "an unchanged default is not written: {written}"
    );
    let get = vault.run(&["settings", "get", "hotkey"]);
    assert_eq!(
        common::stdout(&get),
        "Ctrl+Alt+Shift+P\n",
        "the command line reads it back"
    );
}

#[test]
fn a_combination_that_cannot_be_a_hotkey_is_named_in_english_and_japanese() {
    let vault = vault_with(&["a"]);
    let before = vault.settings_text();
    for (language, button, needs_modifier, not_a_key) in [
        (
            Language::English,
            "Hotkey",
            "Shift+O would take that key from every program: hold Ctrl or Alt too",
            "Ctrl+Alt+Tab: Tab cannot be part of a hotkey",
        ),
        (
            Language::Japanese,
            "ホットキー",
            "Shift+O ではすべてのアプリでそのキーが使えなくなります。Ctrl か Alt も一緒に押してください",
            "Ctrl+Alt+Tab: Tab はホットキーに使えません",
        ),
    ] {
        let mut harness = open(&vault, language);
        record(&mut harness, button, Modifiers::SHIFT, Key::O);
        assert!(
            shows(&harness, needs_modifier),
            "{language:?}: the lone letter is refused"
        );
        // Still recording: the next press is taken, Tab included (it does not move the focus).
        harness.key_press_modifiers(CTRL_ALT, Key::Tab);
        harness.run_steps(2);
        assert!(shows(&harness, not_a_key), "{language:?}");
        assert!(!shows(&harness, needs_modifier), "only the last press is named");
        // Esc ends the recording, not the form; the hotkey is unchanged.
        harness.key_press(Key::Escape);
        harness.run_steps(2);
        let form = harness.state().window.settings_form().expect("the settings form");
        assert!(!form.recording);
        assert_eq!(form.settings.hotkey, None);
        assert!(
            harness.state().requests.is_empty(),
            "Esc while recording keeps the form open"
        );
        assert!(!shows(&harness, not_a_key), "the message went with the recording");
        // The second Esc cancels the form and writes nothing.
        harness.key_press(Key::Escape);
        harness.run_steps(2);
        assert_eq!(harness.state().requests, [Request::Close { toast: None }]);
        assert_eq!(vault.settings_text(), before);
    }
}

#[test]
fn language_chosen_in_japanese_is_saved_with_enter_and_turn_off_clears_the_hotkey() {
    let vault = vault_with(&["a"]);
    std::fs::write(&vault.settings, "hotkey = \"Ctrl+Alt+O\"\n").expect("write");
    let mut harness = open(&vault, Language::Japanese);
    assert_eq!(hotkey(&harness), "Ctrl+Alt+O");
    harness.get_by_label("表示言語").click();
    harness.run_steps(2);
    harness.get_by_label("English").click();
    harness.run_steps(2);
    harness.get_by_label("使わない").click();
    harness.run_steps(2);
    assert_eq!(hotkey(&harness), "", "the hotkey is off");
    harness.key_press(Key::Enter);
    harness.run_steps(2);
    assert_eq!(harness.state().requests, [Request::Close { toast: None }]);
    assert_eq!(vault.settings_text(), "hotkey = \"\"\nlanguage = \"en\"\n");
}

#[test]
fn a_damaged_settings_file_is_shown_and_never_overwritten() {
    let vault = vault_with(&["a"]);
    let damaged = "language = \"ja\"\nhotkey = [\n";
    std::fs::write(&vault.settings, damaged).expect("write");
    for (language, needle, details, technical) in [
        (
            Language::Japanese,
            "の 2 行目に誤りがあります",
            "詳しく",
            "2 行目が TOML として正しくありません",
        ),
        (
            Language::English,
            "Line 2 of the settings file",
            "Details",
            "Line 2 is not valid TOML: ",
        ),
    ] {
        let mut harness = open(&vault, language);
        assert!(shows(&harness, needle), "{language:?}");
        assert!(
            !shows(&harness, technical),
            "{language:?}: the parser's words wait behind {details}"
        );
        harness.get_by_label(details).click();
        harness.run_steps(2);
        assert!(shows(&harness, technical), "{language:?}: {technical}");
        assert!(
            shows(&harness, &vault.settings.display().to_string()),
            "the file is named"
        );
        assert!(harness.query_by_label("Save").is_none() && harness.query_by_label("保存").is_none());
        harness.key_press(Key::Enter);
        harness.run_steps(2);
        assert_eq!(harness.state().requests, [Request::Close { toast: None }]);
        assert_eq!(std::fs::read_to_string(&vault.settings).expect("kept"), damaged);
    }
}

/// The running tray takes the hotkey the form saved, without a restart.
#[test]
fn the_running_tray_applies_a_hotkey_saved_in_the_form() {
    let vault = vault_with(&["a"]);
    let mut command = vault.command();
    command.env_remove("WAYLAND_DISPLAY").env_remove("XDG_SESSION_TYPE");
    let tray = Tray::start_with(&vault, command);
    assert_eq!(tray.status().hotkey, None, "tests start with the hotkey off");

    let mut harness = open(&vault, Language::English);
    record(&mut harness, "Hotkey", CTRL_ALT | Modifiers::SHIFT, Key::F9);
    harness.get_by_label("Save").click();
    harness.run_steps(2);
    assert_eq!(harness.state().requests, [Request::Close { toast: None }]);
    assert_eq!(tray.status().hotkey.as_deref(), Some("Ctrl+Alt+Shift+F9"));
    assert!(tray.status().menu.contains(&"Settings…".to_string()));
}

/// A hotkey another program holds: the tray says no, the form shows it in
/// the user's language and stays open, and the file is as it was.
#[cfg(target_os = "linux")]
#[test]
fn a_hotkey_another_program_holds_is_refused_inline_and_nothing_is_saved() {
    let x11 = |vault: &TestVault| {
        let mut command = vault.command();
        command.env_remove("WAYLAND_DISPLAY").env("XDG_SESSION_TYPE", "x11");
        Tray::start_with(vault, command)
    };
    let holder = vault_with(&["a"]);
    std::fs::write(&holder.settings, "hotkey = \"Ctrl+Alt+Shift+F8\"\n").expect("write");
    let holding = x11(&holder);
    assert_eq!(holding.status().hotkey.as_deref(), Some("Ctrl+Alt+Shift+F8"));

    let vault = vault_with(&["b"]);
    let tray = x11(&vault);
    let before = vault.settings_text();
    let mut harness = open(&vault, Language::Japanese);
    record(&mut harness, "ホットキー", CTRL_ALT | Modifiers::SHIFT, Key::F8);
    harness.get_by_label("表示言語").click();
    harness.run_steps(2);
    harness.get_by_label("English").click();
    harness.run_steps(2);
    harness.get_by_label("保存").click();
    harness.run_steps(2);
    assert!(
        shows(
            &harness,
            "ホットキー Ctrl+Alt+Shift+F8 はほかのアプリが使用中のため、設定できませんでした。"
        ),
        "the refusal is said in the form"
    );
    assert!(harness.state().requests.is_empty(), "the form stays open");
    assert_eq!(vault.settings_text(), before, "the file was put back");
    let status = tray.status();
    assert!(status.ok && status.hotkey.is_none());
    assert!(status.menu.contains(&"Quit".to_string()), "the tray kept its language");

    // Another combination goes through from the same form.
    record(&mut harness, "ホットキー", CTRL_ALT | Modifiers::SHIFT, Key::F7);
    assert!(!shows(&harness, "使用中"), "the refusal went with the old combination");
    harness.get_by_label("保存").click();
    harness.run_steps(2);
    assert_eq!(harness.state().requests, [Request::Close { toast: None }]);
    assert_eq!(tray.status().hotkey.as_deref(), Some("Ctrl+Alt+Shift+F7"));
    assert!(tray.status().menu.contains(&"Settings…".to_string()), "now in English");
    drop(holding);
}

/// The real window opens under Xvfb (natively and under Wine) and answers
/// on its own endpoint.
#[test]
fn the_settings_window_opens_for_real() {
    let vault = vault_with(&["a"]);
    let mut window = vault
        .command()
        .args(["window", "settings"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the window starts");
    let status = wait_for_form_window(&vault, "settings", &mut window);
    assert_eq!(status.message, "settings");
    assert_eq!(status.menu, ["a"], "it opened the vault");
    control::send_to(&vault.path, Role::Form("settings"), &ControlRequest::Quit).expect("quit");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        if let Some(exit) = window.try_wait().expect("wait") {
            assert!(exit.success(), "{exit}");
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the window did not close");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
fn save_writes_only_what_the_form_changed_and_keeps_changes_made_meanwhile() {
    let vault = vault_with(&["a", "b"]);
    std::fs::write(&vault.settings, "hotkey = \"Ctrl+Alt+O\"\n").expect("write");
    let mut harness = open(&vault, Language::Japanese);
    // Meanwhile, "Manage accounts" (or the command line) marks a default.
    assert_ok(&vault.run(&["settings", "set", "default_account", "b"]));
    harness.get_by_label("表示言語").click();
    harness.run_steps(2);
    harness.get_by_label("English").click();
    harness.run_steps(2);
    harness.key_press(Key::Enter);
    harness.run_steps(2);
    assert_eq!(harness.state().requests, [Request::Close { toast: None }]);
    let text = vault.settings_text();
    assert!(
        text.contains("default_account = \"b\""),
        "the change made meanwhile stays: {text}"
    );
    assert!(text.contains("language = \"en\""), "{text}");
    assert!(text.contains("hotkey = \"Ctrl+Alt+O\""), "{text}");
}

/// A passphrase vault: Settings open at once, without its passphrase (the
/// hotkey or the language need no accounts); the default-account picker
/// keeps the current choice, and Save writes what was changed.
#[test]
fn a_passphrase_vault_does_not_stand_between_the_user_and_the_settings() {
    let vault = TestVault::new();
    assert_ok(&vault.add("三菱 太郎", SEED_B32));
    std::fs::write(&vault.settings, "default_account = \"三菱 太郎\"\nhotkey = \"\"\n").expect("write");
    let mut harness = open(&vault, Language::Japanese);
    assert!(harness.query_by_label("パスフレーズ").is_none(), "no passphrase asked");
    assert_eq!(
        harness
            .state()
            .window
            .settings_form()
            .and_then(|f| f.settings.default_account.clone()),
        Some("三菱 太郎".to_string()),
        "the default account as it is"
    );
    record(&mut harness, "ホットキー", CTRL_ALT, Key::K);
    assert_eq!(hotkey(&harness), "Ctrl+Alt+K");
    harness.get_by_label("保存").click();
    harness.run_steps(2);
    assert_eq!(harness.state().requests, [Request::Close { toast: None }]);
    assert_eq!(
        vault.settings_text(),
        "default_account = \"三菱 太郎\"\nhotkey = \"Ctrl+Alt+K\"\n"
    );
}

#[test]
fn the_clock_settings_and_the_last_offset_are_shown_and_saved() {
    let vault = vault_with(&["Work"]);
    // The form runs in this process and reads the per-machine clock record
    // (`clock.json` in TRAYOTP_LOCAL_DIR), which scripts/lib/test-suite.sh
    // points at a folder of its own: never the user's.
    assert!(
        std::env::var_os("TRAYOTP_LOCAL_DIR").is_some(),
        "run through scripts/lib/test-suite.sh (TRAYOTP_LOCAL_DIR must name a scratch folder)"
    );
    let measured_at = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs()
        - 120;
    trayotp::platform::clock_store::save(&trayotp::domain::clock::ClockRecord::measured(47300, measured_at))
        .expect("clock record");
    let mut harness = open(&vault, Language::English);
    assert!(
        shows(
            &harness,
            "Clock offset: this PC's clock is 47 s slow (offset +47300 ms, measured 2 min ago)"
        ),
        "the current offset is shown"
    );
    harness
        .get_by_label("Correct codes with the measured time (when the PC's clock is off)")
        .click();
    harness.run_steps(2);

    // A bad server list is refused inline, and nothing is saved.
    let servers = harness.get_by_label("Time servers (comma-separated)");
    servers.focus();
    harness.run_steps(1);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_label("Time servers (comma-separated)")
        .type_text("ntp.nict.jp,bad host");
    harness.run_steps(2);
    let before = vault.settings_text();
    harness.get_by_label("Save").click();
    harness.run_steps(2);
    assert!(shows(&harness, "Time servers: write up to 3 server names"));
    assert_eq!(vault.settings_text(), before, "nothing saved");

    harness.get_by_label("Time servers (comma-separated)").focus();
    harness.run_steps(1);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_label("Time servers (comma-separated)")
        .type_text("127.0.0.1:1234, ntp.nict.jp");
    harness.run_steps(2);
    assert_eq!(
        harness
            .state()
            .window
            .settings_form()
            .map(|f| f.time_servers_text.as_str()),
        Some("127.0.0.1:1234, ntp.nict.jp")
    );
    harness
        .get_by_label("Check this PC's clock against a time server")
        .click();
    harness.run_steps(2);
    harness.get_by_label("Save").click();
    harness.run_steps(2);
    assert_eq!(harness.state().requests, [Request::Close { toast: None }]);
    let written = vault.settings_text();
    for line in [
        "clock_correction = \"on\"",
        "time_servers = [\"127.0.0.1:1234\", \"ntp.nict.jp\"]",
    ] {
        assert!(written.contains(line), "{line} in {written}");
    }
    let get = vault.run(&["settings", "get", "time_servers"]);
    assert_eq!(common::stdout(&get), "127.0.0.1:1234,ntp.nict.jp\n");
    // TestVault starts with time_check off; the box turned it on.
    assert_eq!(common::stdout(&vault.run(&["settings", "get", "time_check"])), "on\n");
}

#[test]
fn the_hotkey_action_is_chosen_in_the_form_and_saved() {
    let vault = vault_with(&["三菱 太郎"]);
    let mut harness = open(&vault, Language::Japanese);
    let action = |harness: &Harness<'_, Open>| harness.state().window.settings_form().map(|f| f.settings.hotkey_action);
    assert_eq!(
        action(&harness),
        Some(trayotp::app::HotkeyAction::Copy),
        "copy by default"
    );
    harness.get_by_label("ホットキーの動作").click();
    harness.run_steps(2);
    harness.get_by_label("数字を入力").click();
    harness.run_steps(2);
    assert_eq!(action(&harness), Some(trayotp::app::HotkeyAction::Type));
    harness.get_by_label("保存").click();
    harness.run_steps(2);
    assert_eq!(harness.state().requests, [Request::Close { toast: None }]);
    assert!(
        vault.settings_text().contains("hotkey_action = \"type\""),
        "{}",
        vault.settings_text()
    );
    let get = vault.run(&["settings", "get", "hotkey_action"]);
    assert_eq!(common::stdout(&get), "type\n");
}
