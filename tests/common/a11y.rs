//! The session's accessibility switch, shared by the tests that read the
//! forms as a screen reader does (tests/accessibility.rs, tests/ime_linux.rs).

use std::process::{Command, Stdio};

/// Tells the session that an assistive technology is on (what a screen
/// reader's start does): AccessKit then exposes the window's tree.
pub fn turn_on_accessibility() {
    let status = Command::new("dbus-send")
        .args([
            "--session",
            "--dest=org.a11y.Bus",
            "--print-reply",
            "/org/a11y/bus",
            "org.freedesktop.DBus.Properties.Set",
            "string:org.a11y.Status",
            "string:IsEnabled",
            "variant:boolean:true",
        ])
        .stdout(Stdio::null())
        .status()
        .expect("dbus-send and a session bus with at-spi2-core");
    assert!(status.success(), "the accessibility bus could not be turned on");
}
