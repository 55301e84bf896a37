//! `trayotp settings` on the real binary (Linux, and the .exe under Wine):
//! one-line errors naming the bad key or value, the user's file kept as
//! written, and changes applied to a running tray without a restart.

use crate::common;

use common::tray::*;
use common::*;

#[test]
fn path_get_and_the_defaults() {
    let vault = TestVault::new();
    std::fs::remove_file(&vault.settings).expect("start without a file");
    let path = vault.run(&["settings", "path"]);
    assert_ok(&path);
    assert_eq!(stdout(&path).trim_end(), vault.settings.display().to_string());
    let all = vault.run(&["settings", "get"]);
    assert_ok(&all);
    assert_eq!(
        stdout(&all),
        "hotkey = Ctrl+Alt+O\nlanguage = auto\ndefault_account = \nshow_digits_in_toast = false\n\
         clear_clipboard = true\nlast_seconds_policy = wait\nbackup_reminder_days = 30\ntime_check = on\n\
         time_servers = ntp.nict.jp,time.windows.com\nclock_correction = off\nhotkey_action = copy\n\
         auto_backup_keep = 5\n"
    );
    let one = vault.run(&["settings", "get", "last_seconds_policy"]);
    assert_eq!(stdout(&one), "wait\n");
    assert!(!vault.settings.exists(), "reading writes nothing");
}

#[test]
fn bad_keys_and_values_are_one_line_errors_and_change_nothing() {
    let vault = TestVault::new();
    let before = vault.settings_text();
    for (args, needle) in [
        (
            ["settings", "set", "colour", "blue"],
            "unknown setting 'colour': the settings are hotkey, language, default_account, show_digits_in_toast, \
             clear_clipboard, last_seconds_policy, backup_reminder_days, time_check, time_servers, clock_correction, hotkey_action",
        ),
        (
            ["settings", "set", "language", "fr"],
            "language cannot be 'fr': use auto, ja or en",
        ),
        (
            ["settings", "set", "clear_clipboard", "yes"],
            "clear_clipboard cannot be 'yes': use true or false",
        ),
        (
            ["settings", "set", "backup_reminder_days", "monthly"],
            "backup_reminder_days cannot be 'monthly': use a whole number of days from 0 (no reminders) to 3650",
        ),
        (
            ["settings", "set", "last_seconds_policy", "later"],
            "last_seconds_policy cannot be 'later': use wait or copy-anyway",
        ),
        (
            ["settings", "set", "time_check", "yes"],
            "time_check cannot be 'yes': use on or off",
        ),
        (
            ["settings", "set", "time_servers", "ntp.nict.jp,host:99999"],
            "time_servers cannot be 'ntp.nict.jp,host:99999': use host[:port] names separated by commas",
        ),
        (
            ["settings", "set", "hotkey", "Ctrl+Ctrl+O"],
            "hotkey 'Ctrl+Ctrl+O' names Ctrl twice",
        ),
        (
            ["settings", "set", "hotkey", "O"],
            "hotkey 'O' would take that key from every program",
        ),
    ] {
        let output = vault.run(&args);
        assert_one_line_error(&output, needle);
    }
    assert_one_line_error(&vault.run(&["settings", "get", "colour"]), "unknown setting 'colour'");
    assert_eq!(vault.settings_text(), before);
}

#[test]
fn unknown_keys_and_comments_are_kept_and_reported() {
    let vault = TestVault::new();
    let mine = "# my settings\nhotkey = \"\"   # no hotkey for me\ncolour = \"blue\"\n";
    std::fs::write(&vault.settings, mine).expect("write");
    let set = vault.run(&["settings", "set", "show_digits_in_toast", "true"]);
    assert_ok(&set);
    assert_eq!(stdout(&set), "show_digits_in_toast is now true.\n");
    assert_eq!(
        vault.settings_text(),
        format!("{mine}show_digits_in_toast = true\n"),
        "only the new key was added"
    );
    let get = vault.run(&["settings", "get", "show_digits_in_toast"]);
    assert_eq!(stdout(&get), "true\n");
    assert_contains(&stderr(&get), "unknown setting 'colour' (ignored)");
}

#[test]
fn a_damaged_file_is_named_and_never_overwritten() {
    let vault = TestVault::new();
    let damaged = "hotkey = [\n";
    std::fs::write(&vault.settings, damaged).expect("write");
    let get = vault.run(&["settings", "get", "hotkey"]);
    assert_ok(&get);
    assert_eq!(stdout(&get), "Ctrl+Alt+O\n", "the default");
    assert_contains(&stderr(&get), &vault.settings.display().to_string());
    let set = vault.run(&["settings", "set", "language", "ja"]);
    let line = assert_one_line_error(&set, "fix it or delete the file");
    assert_contains(&line, &vault.settings.display().to_string());
    assert_eq!(vault.settings_text(), damaged);
}

#[test]
fn default_account_must_exist_and_is_stored_as_spelled_in_the_vault() {
    let vault = TestVault::new();
    assert_ok(&vault.add("Tom & Jerry", SEED_B32));
    assert_one_line_error(&vault.run(&["settings", "set", "default_account", "nobody"]), "nobody");
    let set = vault.run(&["settings", "set", "default_account", "tom & jerry"]);
    assert_ok(&set);
    assert_contains(&vault.settings_text(), "default_account = \"Tom & Jerry\"");
    assert_ok(&vault.run(&["settings", "set", "default_account", ""]));
    assert_eq!(stdout(&vault.run(&["settings", "get", "default_account"])), "\n");
}

#[test]
fn a_change_applies_to_the_running_tray_without_a_restart() {
    let vault = TestVault::new();
    assert_ok(&vault.add("a", SEED_B32));
    let tray = Tray::start(&vault);
    assert!(tray.status().menu.contains(&"Quit".to_string()));
    let set = vault.run(&["settings", "set", "language", "ja"]);
    assert_ok(&set);
    assert_eq!(stdout(&set), "language is now ja; the running tray applied it.\n");
    let status = tray.status();
    assert_eq!(
        status.menu,
        [
            "a",
            "アカウントの追加…",
            "OTPを表示…",
            "アカウントの管理…",
            "バックアップ…",
            "設定…",
            "[ ] サインイン時に起動",
            "使い方",
            "終了"
        ]
    );
    assert_eq!(status.tooltip.as_deref(), Some("trayotp — アカウント 1 件"));
}

/// The hotkey is registered by the tray under Wine too (Windows'
/// RegisterHotKey); a live change replaces it.
#[test]
fn the_running_tray_registers_a_hotkey_set_on_the_command_line() {
    let vault = TestVault::new();
    assert_ok(&vault.add("a", SEED_B32));
    let mut command = vault.command();
    command.env_remove("WAYLAND_DISPLAY").env_remove("XDG_SESSION_TYPE");
    let tray = Tray::start_with(&vault, command);
    assert_eq!(tray.status().hotkey, None, "tests start with the hotkey off");
    let set = vault
        .command()
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("XDG_SESSION_TYPE")
        .args(["settings", "set", "hotkey", "alt+win+F12"])
        .output()
        .expect("runs");
    assert_ok(&set);
    assert_eq!(
        stdout(&set),
        "hotkey is now Alt+Win+F12; the running tray applied it.\n"
    );
    assert_eq!(tray.status().hotkey.as_deref(), Some("Alt+Win+F12"));
}

#[test]
fn the_default_account_follows_a_rename_and_is_cleared_with_a_removal_on_the_command_line() {
    let vault = TestVault::new();
    assert_ok(&vault.add("三菱 太郎", SEED_B32));
    assert_ok(&vault.add("Work", SEED_B32));
    assert_ok(&vault.run(&["settings", "set", "default_account", "三菱 太郎"]));

    let renamed = vault.run(&["rename", "三菱 太郎", "三菱 花子"]);
    assert_ok(&renamed);
    assert!(
        stdout(&renamed).ends_with("default_account is now 三菱 花子.\n"),
        "{}",
        stdout(&renamed)
    );
    let default = vault.run(&["settings", "get", "default_account"]);
    assert_eq!(stdout(&default), "三菱 花子\n");

    // Another account's change leaves the setting alone.
    let other = vault.run(&["rename", "Work", "Home"]);
    assert_ok(&other);
    assert!(!stdout(&other).contains("default_account"), "{}", stdout(&other));

    let removed = vault.run(&["remove", "三菱 花子", "--yes"]);
    assert_ok(&removed);
    assert!(
        stdout(&removed).contains("default_account is now empty"),
        "{}",
        stdout(&removed)
    );
    assert_eq!(stdout(&vault.run(&["settings", "get", "default_account"])), "\n");
    assert!(vault.settings_text().contains("hotkey = \"\""), "other keys kept");
}

#[test]
fn a_damaged_settings_file_does_not_stop_a_rename_and_is_left_as_it_was() {
    let vault = TestVault::new();
    assert_ok(&vault.add("first", SEED_B32));
    assert_ok(&vault.run(&["settings", "set", "default_account", "first"]));
    let damaged = format!("{}hotkey = \"Ctrl+Alt+P\n", vault.settings_text());
    std::fs::write(&vault.settings, &damaged).expect("damage");
    let renamed = vault.run(&["rename", "first", "second"]);
    assert_ok(&renamed);
    assert!(stderr(&renamed).contains("warning"), "{}", stderr(&renamed));
    assert_eq!(std::fs::read_to_string(&vault.settings).expect("read"), damaged);
    assert_eq!(stdout(&vault.run(&["list"])), "second\n");
}

#[test]
fn backup_reminder_days_is_set_and_read_back_as_a_number() {
    let vault = TestVault::new();
    let set = vault.run(&["settings", "set", "backup_reminder_days", "14"]);
    assert_ok(&set);
    assert_contains(&stdout(&set), "backup_reminder_days is now 14");
    assert_contains(&vault.settings_text(), "backup_reminder_days = 14\n");
    let get = vault.run(&["settings", "get", "backup_reminder_days"]);
    assert_ok(&get);
    assert_eq!(stdout(&get), "14\n");
}
