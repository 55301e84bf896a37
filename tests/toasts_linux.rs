//! Toasts on Linux, for real: with a notification daemon (dunst, started by
//! D-Bus activation on the test session bus) the tray's `Notify` calls are
//! watched with `dbus-monitor`; without one (a private bus with no services)
//! the copy still happens and the tooltip and menu say what the toast could
//! not. `.ci/run` runs the tests inside `dbus-run-session` under Xvfb.
#![cfg(target_os = "linux")]

use crate::common;

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::toasts::Toasts;
use common::tray::*;
use common::*;

#[test]
fn with_a_notification_daemon_the_toast_says_who_and_how_long_but_not_the_code() {
    let _turn = clipboard_turn();
    let toasts = Toasts::watch();

    let vault = TestVault::new();
    assert_ok(&vault.add("三菱 太郎", SEED_B32));
    assert_ok(&vault.add_with_period("fast", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", 4));
    let tray = Tray::start(&vault);
    copy(&vault, "fast");
    let code = clipboard_text().expect("copied");
    std::thread::sleep(Duration::from_secs(5)); // past the 4 s code's expiry: the toast is closed
    copy(&vault, "三菱 太郎");
    std::thread::sleep(Duration::from_millis(800));

    // The daemon took the toasts: no fallback in the tooltip.
    assert_eq!(tray.status().tooltip.as_deref(), Some("trayotp — 2 accounts"));
    toasts.wait_for("string \"fast: code copied — ");
    toasts.wait_for("string \"三菱 太郎: code copied — ");
    toasts.wait_for("member=CloseNotification");
    drop(tray);
    let seen = toasts.text();
    assert!(!seen.contains(&code), "a code appeared in a toast:\n{seen}");
}

#[test]
fn markup_in_an_account_name_reaches_the_notification_server_as_text() {
    let _turn = clipboard_turn();
    let toasts = Toasts::watch();
    let vault = TestVault::new();
    // A name as an import file could carry it: a link in a body-markup server.
    assert_ok(&vault.add(r#"<a href="https://evil">Verify</a> & co"#, SEED_B32));
    let tray = Tray::start(&vault);
    copy(&vault, r#"<a href="https://evil">Verify</a> & co"#);
    toasts.wait_for("&gt;Verify&lt;/a&gt; &amp; co: code copied — ");
    toasts.wait_for("string \"&lt;a href=");
    drop(tray);
    let seen = toasts.text();
    assert!(!seen.contains("<a href"), "markup reached the server:\n{seen}");
}

/// A session bus of our own with no services on it: no notification daemon
/// can be started, so every toast fails.
fn bus_without_services(dir: &std::path::Path) -> (Background, String) {
    let config = dir.join("bus.conf");
    std::fs::write(
        &config,
        format!(
            r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={}</listen>
  <policy context="default"><allow send_destination="*"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>"#,
            dir.display()
        ),
    )
    .expect("bus config");
    let mut daemon = Command::new("dbus-daemon")
        .arg(format!("--config-file={}", config.display()))
        .args(["--nofork", "--print-address"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("dbus-daemon");
    let mut stdout = daemon.stdout.take().expect("piped");
    let mut address = String::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut byte = [0u8; 1];
    while !address.ends_with('\n') && Instant::now() < deadline {
        if stdout.read(&mut byte).expect("read address") == 0 {
            break;
        }
        address.push(byte[0] as char);
    }
    (Background(daemon), address.trim().to_string())
}

#[test]
fn without_a_notification_daemon_the_copy_happens_and_the_tooltip_says_it() {
    let _turn = clipboard_turn();
    let vault = TestVault::new();
    assert_ok(&vault.add("三菱 太郎", SEED_B32));
    let (_bus, address) = bus_without_services(vault.dir.path());
    let mut command = vault.command();
    command.env("DBUS_SESSION_BUS_ADDRESS", &address);
    let tray = Tray::start_with(&vault, command);

    let message = stdout(&copy(&vault, "三菱 太郎"));
    if message.contains("the next code") {
        std::thread::sleep(Duration::from_secs(6));
    }
    let code = clipboard_text().expect("the copy happened");
    assert_eq!(code.len(), 6);
    let status = tray.wait_for_status("the fallback", |s| {
        s.tooltip.as_deref().is_some_and(|t| t.contains("copied"))
    });
    let tooltip = status.tooltip.unwrap_or_default();
    assert!(
        tooltip.starts_with("三菱 太郎: code copied — ") && tooltip.ends_with(" of 60 left"),
        "{tooltip}"
    );
    assert!(!tooltip.contains(&code), "no digits in the fallback");
    assert_eq!(status.menu.first(), Some(&tooltip), "a status line atop the menu");
}

#[test]
fn the_copied_code_is_marked_for_password_managers() {
    let _turn = clipboard_turn();
    let vault = TestVault::new();
    assert_ok(&vault.add("a", SEED_B32));
    let _tray = Tray::start(&vault);
    copy(&vault, "a");
    let targets = Command::new("xclip")
        .args(["-o", "-selection", "clipboard", "-t", "TARGETS"])
        .output()
        .expect("xclip (package xclip)");
    let targets = String::from_utf8_lossy(&targets.stdout);
    assert!(targets.contains("x-kde-passwordManagerHint"), "{targets}");
}
