//! `trayotp code` through a running tray (issue 22 item 6): for a vault
//! protected by the keyring (Linux) or DPAPI (Windows) the tray, which
//! holds the key, answers; for a passphrase vault it refuses and the
//! command opens the vault itself; without a tray nothing changes.

use std::process::Command;

use crate::common;
use common::tray::Tray;
use common::*;
use trayotp::platform::control::{self, ErrorKind, Request};

/// A vault with one account, protected by the platform's own protector
/// (no passphrase anywhere).
fn os_protected_vault() -> TestVault {
    let vault = TestVault::new();
    let output = vault
        .command()
        .env_remove("TRAYOTP_PASSPHRASE")
        .args(["add", "broker", "--key", SEED_B32])
        .output()
        .expect("runs");
    assert_ok(&output);
    vault
}

/// `trayotp --vault … ARGS` without a passphrase and, on Linux, without a
/// session bus: such a command cannot reach the keyring, so it can only
/// give a code that the tray gave it.
fn without_the_keyring(vault: &TestVault, args: &[&str]) -> std::process::Output {
    let mut command: Command = vault.command();
    command.env_remove("TRAYOTP_PASSPHRASE").args(args);
    if cfg!(target_os = "linux") {
        command.env("DBUS_SESSION_BUS_ADDRESS", "disabled:");
    }
    command.output().expect("runs")
}

/// The code of [`SEED_B32`] at Unix time `at`, for trayotp's 60-second default
/// period: oathtool's on Linux; under
/// Wine, which cannot run it, the library's (checked against oathtool in
/// the Linux run of `setup_numbers`).
fn reference(at: u64) -> String {
    if cfg!(windows) {
        let key = trayotp::domain::SecretKey::new(b"12345678901234567890".to_vec());
        return trayotp::domain::otp::generate(&key, trayotp::domain::OtpParams::default(), at)
            .digits()
            .to_string();
    }
    let output = Command::new("oathtool")
        .args(["--totp", "-s", "60", "-b", SEED_B32, "--now", &format!("@{at}")])
        .output()
        .expect("oathtool runs");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

#[test]
fn a_keyring_or_dpapi_vault_gets_its_code_from_the_running_tray() {
    let vault = os_protected_vault();
    let mut command = vault.command();
    command.env_remove("TRAYOTP_PASSPHRASE");
    let tray = Tray::start_with(&vault, command);

    let output = without_the_keyring(&vault, &["code", "broker", "--at", "59"]);
    assert_ok(&output);
    assert_eq!(stdout(&output).trim(), reference(59));

    let json = without_the_keyring(&vault, &["code", "BROKER", "--at", "59", "--json"]);
    assert_ok(&json);
    let from_tray: serde_json::Value = serde_json::from_str(&stdout(&json)).expect("json");
    assert_eq!(from_tray["name"], "broker", "{from_tray}");
    assert_eq!(from_tray["code"], reference(59));
    assert_eq!(from_tray["remaining"], 1);
    assert_eq!(from_tray["valid_until"], 60);
    assert_eq!(from_tray["clock_offset_ms"], 0);

    // Now, without --at: a code of this minute, with the seconds left.
    let now = without_the_keyring(&vault, &["code", "broker", "--json"]);
    assert_ok(&now);
    let now: serde_json::Value = serde_json::from_str(&stdout(&now)).expect("json");
    assert_eq!(now["code"].as_str().map(str::len), Some(6), "{now}");
    assert!(
        now["remaining"].as_u64().is_some_and(|r| (1..=60).contains(&r)),
        "{now}"
    );

    // An unknown name is the tray's one-line refusal, not a fall back.
    let unknown = without_the_keyring(&vault, &["code", "nobody"]);
    assert_one_line_error(&unknown, "nobody");

    drop(tray);
    // The same JSON when the command opens the vault itself.
    let mut own = vault.command();
    own.env_remove("TRAYOTP_PASSPHRASE")
        .args(["code", "BROKER", "--at", "59", "--json"]);
    let own = own.output().expect("runs");
    assert_ok(&own);
    let own: serde_json::Value = serde_json::from_str(&stdout(&own)).expect("json");
    assert_eq!(own, from_tray);
    if cfg!(target_os = "linux") {
        // Proof that the code above came from the tray: without one, this
        // command cannot unlock the vault.
        let alone = without_the_keyring(&vault, &["code", "broker", "--at", "59"]);
        assert!(!alone.status.success(), "{alone:?}");
    }
}

#[test]
fn a_passphrase_vault_is_never_served_by_the_tray() {
    let vault = TestVault::new();
    assert_ok(&vault.add("broker", SEED_B32));
    let _tray = Tray::start(&vault);
    let request = Request::Code {
        name: "broker".into(),
        at: Some(59),
    };
    let response = control::send(&vault.path, &request).expect("answered");
    assert!(!response.ok, "{response:?}");
    assert_eq!(response.kind, Some(ErrorKind::NotServed));
    assert!(response.code.is_none());
    // Without the passphrase the command cannot have the code.
    let output = vault
        .command()
        .env_remove("TRAYOTP_PASSPHRASE")
        .args(["code", "broker", "--at", "59"])
        .output()
        .expect("runs");
    assert!(!output.status.success(), "{output:?}");
    assert!(!stdout(&output).contains(&reference(59)));
    // With it, the command opens the vault itself, as before.
    let output = vault.run(&["code", "broker", "--at", "59"]);
    assert_ok(&output);
    assert_eq!(stdout(&output).trim(), reference(59));
}
