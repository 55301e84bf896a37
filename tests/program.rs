//! The executable as the installer and Windows start it (natively, and the
//! GUI-subsystem .exe under Wine): the login entry's `--background` is quiet
//! and succeeds, and a command line still answers through pipes.

mod common;

use common::*;

#[test]
fn background_start_is_silent_and_succeeds() {
    let vault = TestVault::new();
    let output = vault.run(&["--background"]);
    assert_ok(&output);
    assert_eq!(stdout(&output), "", "the login entry must print nothing");
    assert_eq!(stderr(&output), "");
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
