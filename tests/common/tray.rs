//! A running tray for the end-to-end tests, and the clipboard helpers.

use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use trayotp::platform::control::{self, Request, Response};

use super::*;

/// The clipboard is one per desktop: tests that use it take turns.
static CLIPBOARD: std::sync::Mutex<()> = std::sync::Mutex::new(());

pub fn clipboard_turn() -> std::sync::MutexGuard<'static, ()> {
    CLIPBOARD.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A running tray, quit (or killed) when dropped.
pub struct Tray {
    pub child: Child,
    pub vault: std::path::PathBuf,
}

impl Tray {
    pub fn start(vault: &TestVault) -> Self {
        Self::start_with(vault, vault.command())
    }

    pub fn start_with(vault: &TestVault, mut command: Command) -> Self {
        let child = command
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tray starts");
        let tray = Tray {
            child,
            vault: vault.path.clone(),
        };
        tray.wait_until_serving();
        tray
    }

    fn wait_until_serving(&self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if control::send(&self.vault, &Request::Status).is_ok_and(|r| r.ok) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("the tray did not answer within a minute");
    }

    pub fn status(&self) -> Response {
        control::send(&self.vault, &Request::Status).expect("status")
    }

    /// Waits (bounded) until the tray's status satisfies `done`.
    pub fn wait_for_status(&self, what: &str, done: impl Fn(&Response) -> bool) -> Response {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let status = self.status();
            if done(&status) {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; last status: {status:?}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tray {
    fn drop(&mut self) {
        let _ = control::send(&self.vault, &Request::Quit);
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
    }
}

pub fn clipboard_text() -> Option<String> {
    let mut clipboard = arboard::Clipboard::new().expect("clipboard (tests run with a display)");
    clipboard.get_text().ok()
}

pub fn set_clipboard(text: &str) {
    let mut clipboard = arboard::Clipboard::new().expect("clipboard");
    clipboard.set_text(text).expect("set clipboard");
    // On X11 the owner must live to serve; leak it for the test's duration.
    std::mem::forget(clipboard);
}

pub fn code_json(vault: &TestVault, name: &str) -> serde_json::Value {
    let output = vault.run(&["code", name, "--json"]);
    assert_ok(&output);
    serde_json::from_str(&stdout(&output)).expect("json")
}

/// Copies through the tray; if the code was about to expire, waits for the
/// fresh one, as the tray does. Returns the message.
pub fn copy(vault: &TestVault, name: &str) -> Output {
    let output = vault.run(&["copy", name]);
    assert_ok(&output);
    output
}

/// The seconds left that the copy message reports ("(42 s of 60 left)").
pub fn seconds_left(message: &str) -> u64 {
    let start = message.find('(').expect("(") + 1;
    message[start..]
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("seconds")
}

/// Whether the clipboard holds `name`'s code within `wait` (this step's
/// code, or the next one's if the press came in the last seconds).
pub fn copied_within(vault: &TestVault, name: &str, wait: Duration) -> Result<(), String> {
    let deadline = Instant::now() + wait;
    loop {
        let code = code_json(vault, name)["code"].as_str().map(str::to_string);
        let clipboard = clipboard_text();
        if clipboard.is_some() && clipboard == code {
            return Ok(());
        }
        if Instant::now() >= deadline {
            return Err(format!(
                "the clipboard never held {name}'s code {code:?} (it holds {clipboard:?})"
            ));
        }
        std::thread::sleep(Duration::from_millis(150));
    }
}

pub fn wait_for_code_of(vault: &TestVault, name: &str) {
    if let Err(message) = copied_within(vault, name, Duration::from_secs(15)) {
        panic!("{message}");
    }
}

/// Waits (bounded) until the form window `child` (`trayotp window FORM`,
/// started with its stderr piped) answers on its own endpoint with the
/// vault opened, and returns its status; its stderr if it ended instead.
pub fn wait_for_form_window(vault: &TestVault, form: &'static str, child: &mut Child) -> Response {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        match control::send_to(&vault.path, control::Role::Form(form), &Request::Status) {
            Ok(status) if status.ok && !status.menu.is_empty() => return status,
            _ => {}
        }
        if let Ok(Some(exit)) = child.try_wait() {
            let mut err = String::new();
            if let Some(mut stderr) = child.stderr.take() {
                std::io::Read::read_to_string(&mut stderr, &mut err).ok();
            }
            panic!("the window process ended ({exit}): {err}");
        }
        assert!(Instant::now() < deadline, "the window never answered");
        std::thread::sleep(Duration::from_millis(200));
    }
}
