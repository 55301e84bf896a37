//! Toasts. They are shown from a worker thread, because a notification
//! service can be slow or absent (no daemon, Focus Assist, Wine without
//! WinRT) and the tray's event loop must never wait on it. Every failure is
//! reported back, so the tray can say it another way (the tooltip).
//!
//! Linux: `org.freedesktop.Notifications` through notify-rust; each toast
//! replaces the previous one and is closed when the code expires.
//! Windows: WinRT toasts under our AppUserModelID (so they carry our name
//! and icon, not "Windows PowerShell"), tagged so the next one replaces
//! them, with an expiry, and removed from the notification centre when the
//! code expires.

use std::sync::mpsc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::app::Millis;

#[cfg(target_os = "linux")]
mod linux;
#[cfg(windows)]
mod windows;
#[cfg(target_os = "linux")]
use linux as imp;
#[cfg(windows)]
use windows as imp;

enum Command {
    Show { body: String, expires_at: Option<Millis> },
    Close,
}

/// The handle the tray keeps; commands are carried out in order on the worker.
pub struct Notifier {
    commands: mpsc::Sender<Command>,
}

impl Notifier {
    /// Starts the worker. `on_failure` is called (on the worker thread)
    /// whenever a toast could not be shown.
    pub fn spawn(title: String, on_failure: impl Fn() + Send + 'static) -> std::io::Result<Self> {
        let (commands, receiver) = mpsc::channel();
        std::thread::Builder::new()
            .name("trayotp-toasts".into())
            .spawn(move || {
                let mut backend = imp::Backend::new(title);
                for command in receiver {
                    let result = match command {
                        Command::Show { body, expires_at } => backend.show(&body, expires_at),
                        Command::Close => backend.close(),
                    };
                    if result.is_err() {
                        on_failure();
                    }
                }
            })?;
        Ok(Self { commands })
    }

    pub fn show(&self, body: String, expires_at: Option<Millis>) {
        let _ = self.commands.send(Command::Show { body, expires_at });
    }

    pub fn close(&self) {
        let _ = self.commands.send(Command::Close);
    }
}

/// Shows one toast and returns once it has been handed to the OS (or
/// failed): for a short-lived process, such as a form that has just closed,
/// which cannot keep a worker thread alive. Returns whether it was shown.
pub fn show_once(body: &str) -> bool {
    imp::Backend::new("trayotp".to_string()).show(body, None).is_ok()
}

/// How long until `expires_at`, for the toast's own timeout.
fn time_left(expires_at: Option<Millis>) -> Option<Duration> {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_millis() as u64;
    expires_at.map(|at| Duration::from_millis(at.saturating_sub(now)))
}

/// Toasts that say something other than a code (errors, "already running")
/// stay this long.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(8);
