//! Real windows on the X server (Xvfb), found and typed into with xdotool,
//! as a person would: by their title, with the keyboard.

use std::process::Command;
use std::time::{Duration, Instant};

fn output(args: &[&str]) -> String {
    Command::new("xdotool")
        .args(args)
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).into_owned())
        .unwrap_or_default()
}

/// The X windows titled exactly `title`. (xdotool's own `--name` is a
/// regular expression that cannot match Japanese titles in every locale:
/// our windows are found by "trayotp", then compared by their full title.)
pub fn windows_named(title: &str) -> Vec<String> {
    output(&["search", "--name", "trayotp"])
        .lines()
        .filter(|window| output(&["getwindowname", window]).trim_end() == title)
        .map(str::to_string)
        .collect()
}

/// Waits (bounded) for a window titled `title` and returns its id.
pub fn wait_for_window(title: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(window) = windows_named(title).pop() {
            return window;
        }
        assert!(Instant::now() < deadline, "no window titled {title:?} appeared");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Waits (bounded) until no window titled `title` is left.
pub fn wait_until_gone(title: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !windows_named(title).is_empty() {
        assert!(Instant::now() < deadline, "the window {title:?} stayed open");
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn xdotool(args: &[&str]) {
    let status = Command::new("xdotool").args(args).status().expect("xdotool runs");
    assert!(status.success(), "xdotool {args:?} failed");
}

/// Gives `window` the keyboard (there is no window manager under Xvfb),
/// once it has drawn its first frames.
pub fn focus(window: &str) {
    std::thread::sleep(Duration::from_millis(1500));
    xdotool(&["windowfocus", "--sync", window]);
    std::thread::sleep(Duration::from_millis(300));
}

/// Types `text` into the focused window.
pub fn type_text(text: &str) {
    xdotool(&["type", "--delay", "80", text]);
    std::thread::sleep(Duration::from_millis(400));
}

/// Presses keys (`Down`, `Return`, …) in the focused window, one by one.
pub fn keys(keys: &[&str]) {
    for key in keys {
        xdotool(&["key", key]);
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// An X server of one test's own (Xvfb), at a size of its choosing; ended
/// when dropped.
pub struct Display {
    server: std::process::Child,
    /// `:N`, for `DISPLAY`.
    pub name: String,
}

impl Display {
    /// Starts Xvfb with one screen of `size` ("1366x768x24").
    pub fn start(size: &str) -> Self {
        use std::io::BufRead;
        let mut server = Command::new("Xvfb")
            .args(["-displayfd", "1", "-screen", "0", size, "-nolisten", "tcp"])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("Xvfb (package xvfb) starts");
        let mut number = String::new();
        if let Some(out) = server.stdout.take() {
            let _ = std::io::BufReader::new(out).read_line(&mut number);
        }
        let number = number.trim().to_string();
        assert!(!number.is_empty(), "Xvfb said no display number");
        Display {
            server,
            name: format!(":{number}"),
        }
    }

    /// `program` on this display.
    pub fn command(&self, program: &str) -> Command {
        let mut command = Command::new(program);
        command.env("DISPLAY", &self.name);
        command
    }

    /// Runs xdotool on this display; panics if it fails.
    pub fn xdotool(&self, args: &[&str]) -> String {
        let out = self.command("xdotool").args(args).output().expect("xdotool runs");
        assert!(
            out.status.success(),
            "xdotool {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}
