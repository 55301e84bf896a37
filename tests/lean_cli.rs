//! The lean command line: `trayotp` runs the commands that need no window
//! without loading GTK, Mesa or egui's GL stack (the dynamic loader's own
//! account, `LD_DEBUG=libs`), while `trayotp-gui` beside it does load them;
//! and the tray started through `trayotp` is the GUI executable's.
#![cfg(target_os = "linux")]

use crate::common;

use std::process::Command;

use common::*;

/// The shared libraries the dynamic loader initialises for `program args`.
fn loaded_libraries(program: &str, args: &[&str], vault: &TestVault) -> Vec<String> {
    let output = vault
        .command_with(program)
        .args(args)
        .env("LD_DEBUG", "libs")
        .output()
        .expect("runs");
    assert!(output.status.success(), "{program} {args:?} failed: {output:?}");
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .filter_map(|line| line.split("calling init: ").nth(1))
        .map(str::to_string)
        .collect()
}

const GUI_LIBRARIES: [&str; 4] = ["libgtk-3", "libgdk-3", "libGL", "libEGL"];

#[test]
fn commands_without_a_window_load_no_gui_library() {
    let vault = TestVault::new();
    assert_ok(&vault.add("first", SEED_B32));
    for args in [
        &["--version"][..],
        &["list"],
        &["code", "first"],
        &["settings", "get", "hotkey"],
    ] {
        let libraries = loaded_libraries(env!("CARGO_BIN_EXE_trayotp"), args, &vault);
        assert!(!libraries.is_empty(), "LD_DEBUG=libs reported nothing for {args:?}");
        for gui in GUI_LIBRARIES {
            assert!(
                !libraries.iter().any(|l| l.contains(gui)),
                "trayotp {args:?} loaded {gui}: {libraries:?}"
            );
        }
    }
    // The check can fail: the GUI executable does load GTK.
    let gui = loaded_libraries(env!("CARGO_BIN_EXE_trayotp-gui"), &["--version"], &vault);
    assert!(gui.iter().any(|l| l.contains("libgtk-3")), "{gui:?}");
}

#[test]
fn the_tray_started_through_trayotp_is_the_gui_executable() {
    let vault = TestVault::new();
    let tray = common::tray::Tray::start(&vault);
    let exe = std::fs::read_link(format!("/proc/{}/exe", tray.child.id())).expect("the tray's executable");
    let gui = std::fs::canonicalize(env!("CARGO_BIN_EXE_trayotp-gui")).expect("the GUI executable");
    assert_eq!(
        exe, gui,
        "trayotp hands the tray to trayotp-gui in its own place (same pid)"
    );
    let status = Command::new(env!("CARGO_BIN_EXE_trayotp"))
        .arg("--vault")
        .arg(&vault.path)
        .arg("status")
        .output()
        .expect("status runs");
    assert_ok(&status);
}
