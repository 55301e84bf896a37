//! Watching toasts on the session bus (Linux): the `Notify` calls a tray
//! makes to the notification daemon, read as they come.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::Background;

/// Watches the toasts (`Notify` calls) on the session bus, as they come.
pub struct Toasts {
    _monitor: Background,
    seen: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Toasts {
    pub fn watch() -> Self {
        // Line-buffered: what the monitor prints is read as it comes.
        let mut monitor = Command::new("stdbuf")
            .args([
                "-oL",
                "dbus-monitor",
                "--session",
                "interface='org.freedesktop.Notifications'",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-monitor and a session bus");
        let seen = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        if let Some(mut out) = monitor.stdout.take() {
            let seen = seen.clone();
            std::thread::spawn(move || {
                let mut buffer = [0u8; 4096];
                while let Ok(n @ 1..) = out.read(&mut buffer) {
                    let text = String::from_utf8_lossy(&buffer[..n]).into_owned();
                    seen.lock().unwrap_or_else(|p| p.into_inner()).push_str(&text);
                }
            });
        }
        std::thread::sleep(Duration::from_millis(300));
        Toasts {
            _monitor: Background(monitor),
            seen,
        }
    }

    pub fn text(&self) -> String {
        self.seen.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Waits (bounded) for a toast containing `needle`. The tray must stay
    /// up meanwhile: the first toast of a session starts the notification
    /// daemon, which takes a moment.
    pub fn wait_for(&self, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while !self.text().contains(needle) {
            assert!(
                Instant::now() < deadline,
                "no toast with {needle:?}; seen:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}
