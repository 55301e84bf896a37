//! The log file (issue 21, item 5): `trayotp paths` says where it is, a
//! tray run writes it there, and it never holds the account's key, its
//! code or the vault's passphrase, even with `TRAYOTP_DEBUG=1`.

use crate::common;

use common::tray::{Tray, clipboard_turn, code_json};
use common::{PASSPHRASE, SEED_B32, TestVault, assert_ok, stdout};
use trayotp::platform::control::{self, Request};

/// Whether `text` holds `digits` as a number of its own (not inside a
/// longer run of digits, such as a process id).
fn holds_number(text: &str, digits: &str) -> bool {
    text.match_indices(digits).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + digits.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_digit()) && !after.is_some_and(|c| c.is_ascii_digit())
    })
}

#[test]
fn paths_names_the_vault_the_settings_the_state_and_the_log() {
    let vault = TestVault::new();
    let output = vault.run(&["paths", "--json"]);
    assert_ok(&output);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("json");
    let path = |key: &str| std::path::PathBuf::from(json[key].as_str().unwrap_or_else(|| panic!("{key}: {json}")));
    assert_eq!(path("vault"), vault.path);
    assert_eq!(path("settings"), vault.settings);
    assert_eq!(path("state"), vault.path.with_file_name("vault.trayotp.state.json"));
    assert_eq!(path("log"), vault.log());

    // Without TRAYOTP_LOG: the local data folder's.
    let mut command = vault.command();
    command
        .env_remove("TRAYOTP_LOG")
        .env("XDG_STATE_HOME", vault.dir.path().join("state"));
    let output = command.args(["paths"]).output().expect("runs");
    assert_ok(&output);
    let text = stdout(&output);
    let expected = if cfg!(windows) {
        "trayotp\\logs\\trayotp.log".to_string()
    } else {
        vault
            .dir
            .path()
            .join("state")
            .join("trayotp")
            .join("trayotp.log")
            .display()
            .to_string()
    };
    assert!(
        text.lines()
            .any(|l| l.starts_with("log ") && l.trim_end().ends_with(&expected)),
        "{text}"
    );
}

#[test]
fn a_tray_run_writes_the_log_without_the_key_the_code_or_the_passphrase() {
    let vault = TestVault::new();
    assert_ok(&vault.add("bank", SEED_B32));
    // A time server that does not answer: something the tray could not do.
    std::fs::write(
        &vault.settings,
        "hotkey = \"\"\nbackup_reminder_days = 0\ntime_check = \"on\"\ntime_servers = [\"127.0.0.1:9\"]\n",
    )
    .expect("settings");
    let mut command = vault.command();
    command.env("TRAYOTP_DEBUG", "1");
    let code;
    {
        let _turn = clipboard_turn();
        let tray = Tray::start_with(&vault, command);
        let reply = control::send(&tray.vault, &Request::Copy { name: "bank".into() }).expect("reply");
        assert!(reply.ok, "{reply:?}");
        code = code_json(&vault, "bank")["code"].as_str().expect("code").to_string();
        assert_ok(&vault.run(&["--protector", "passphrase", "rename", "bank", "bank 2"]));
        tray.wait_for_status("the reload", |s| s.menu.iter().any(|m| m.contains("bank 2")));
    }
    let log = std::fs::read_to_string(vault.log()).expect("the log file exists after a tray run");
    assert!(log.contains("tray started"), "{log}");
    assert!(log.lines().all(|l| l.len() > 20 && l.as_bytes()[10] == b'T'), "{log}");
    for secret in [
        SEED_B32,
        &SEED_B32.to_ascii_lowercase(),
        PASSPHRASE,
        "12345678901234567890",
    ] {
        assert!(!log.contains(secret), "the log holds {secret:?}:\n{log}");
    }
    assert!(!holds_number(&log, &code), "the log holds the code {code}:\n{log}");
}
