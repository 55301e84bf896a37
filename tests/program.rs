//! The executable as the installer and Windows start it (natively, and the
//! GUI-subsystem .exe under Wine): the login entry's `--background` is quiet
//! and succeeds, and a command line still answers through pipes.

use crate::common;

use common::*;

#[test]
fn background_start_runs_the_tray_and_a_second_one_is_silent() {
    let vault = TestVault::new();
    assert_ok(&vault.add("a", SEED_B32));
    let mut command = vault.command();
    command.arg("--background");
    let tray = tray::Tray::start_with(&vault, command);
    assert_eq!(
        tray.status().menu,
        [
            "a",
            "Add account…",
            "Show code…",
            "Manage accounts…",
            "Back up…",
            "Settings…",
            "[ ] Start at login",
            "Help",
            "Quit"
        ],
        "--background started the tray"
    );

    let second = vault.run(&["--background"]);
    assert_ok(&second);
    assert_eq!(stdout(&second), "", "the login entry prints nothing");
    assert_eq!(stderr(&second), "");
}

#[test]
fn version_and_errors_arrive_through_pipes() {
    let vault = TestVault::new();
    let version = vault.run(&["--version"]);
    assert_ok(&version);
    assert_eq!(stdout(&version), format!("trayotp {}\n", env!("CARGO_PKG_VERSION")));

    let missing = vault.run(&["--background", "code", "nobody"]);
    assert_eq!(missing.status.code(), Some(1), "exit code of a failed command");
    assert_one_line_error(&missing, "no vault");
}

/// A tray started where there is no desktop says so in one line.
#[cfg(target_os = "linux")]
#[test]
fn tray_without_a_display_is_a_one_line_error_not_a_panic() {
    let vault = TestVault::new();
    assert_ok(&vault.add("a", SEED_B32));
    for display in [None, Some(":77")] {
        let mut command = vault.command();
        command.env_remove("WAYLAND_DISPLAY").env_remove("DISPLAY");
        if let Some(display) = display {
            command.env("DISPLAY", display);
        }
        let output = command.output().expect("runs");
        let line = assert_one_line_error(&output, "cannot start the tray: ");
        assert!(!line.contains("panicked"), "{line}");
    }
}
