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

#[cfg(target_os = "linux")]
mod imp {
    use notify_rust::{Notification, NotificationHandle, Timeout};

    use super::{DEFAULT_TIMEOUT, time_left};
    use crate::app::Millis;

    pub struct Backend {
        title: String,
        current: Option<NotificationHandle>,
    }

    pub struct Failed;

    /// `&`, `<` and `>` as entities. Notification servers that support
    /// `body-markup` (GNOME Shell, Plasma, dunst with markup on) read the
    /// body as a subset of HTML, and the body holds account names taken from
    /// import files: unescaped, `<a href="…">Verify account</a>` in a name
    /// would become a link in a notification from a trusted app.
    pub fn escape_markup(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                other => out.push(other),
            }
        }
        out
    }

    /// The notification for `body` (plain text, escaped here).
    pub fn notification(title: &str, body: &str, timeout: std::time::Duration) -> Notification {
        let mut notification = Notification::new();
        notification
            .appname("trayotp")
            .summary(title)
            .body(&escape_markup(body))
            .icon("dialog-password")
            .timeout(Timeout::Milliseconds(
                timeout.as_millis().min(u128::from(u32::MAX)) as u32
            ));
        notification
    }

    impl Backend {
        pub fn new(title: String) -> Self {
            Self { title, current: None }
        }

        pub fn show(&mut self, body: &str, expires_at: Option<Millis>) -> Result<(), Failed> {
            let timeout = time_left(expires_at).unwrap_or(DEFAULT_TIMEOUT);
            let mut notification = notification(&self.title, body, timeout);
            if let Some(previous) = &self.current {
                notification.id(previous.id());
            }
            self.current = Some(notification.show().map_err(|_| Failed)?);
            Ok(())
        }

        pub fn close(&mut self) -> Result<(), Failed> {
            if let Some(handle) = self.current.take() {
                handle.close();
            }
            Ok(())
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn markup_in_a_name_reaches_the_body_as_text() {
            assert_eq!(
                escape_markup(r#"<a href="https://evil">Verify</a> & <b>"#),
                r#"&lt;a href="https://evil"&gt;Verify&lt;/a&gt; &amp; &lt;b&gt;"#
            );
            assert_eq!(escape_markup("三菱 太郎: 42 s"), "三菱 太郎: 42 s");
            let body = r#"Copied the code for <a href="https://evil">Verify account</a> (42 s left)"#;
            let built = notification("trayotp", body, std::time::Duration::from_secs(8));
            assert_eq!(
                built.body,
                r#"Copied the code for &lt;a href="https://evil"&gt;Verify account&lt;/a&gt; (42 s left)"#
            );
            assert!(!built.body.contains('<') && !built.body.contains('>'));
            assert_eq!(built.summary, "trayotp");
        }
    }
}

#[cfg(windows)]
mod imp {
    use windows::Data::Xml::Dom::XmlDocument;
    use windows::Foundation::{DateTime, IReference, PropertyValue};
    use windows::UI::Notifications::{ToastNotification, ToastNotificationManager};
    use windows::core::{HSTRING, Interface};

    use super::{DEFAULT_TIMEOUT, time_left};
    use crate::app::Millis;
    use crate::app_id::APP_USER_MODEL_ID;

    const TAG: &str = "code";
    const GROUP: &str = "trayotp";

    pub struct Backend {
        title: String,
    }

    pub struct Failed;

    impl From<windows::core::Error> for Failed {
        fn from(_: windows::core::Error) -> Self {
            Failed
        }
    }

    fn escape(text: &str) -> String {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    }

    /// A WinRT DateTime (100 ns ticks since 1601) `after` from now.
    fn expiry(after: std::time::Duration) -> Result<IReference<DateTime>, Failed> {
        const UNIX_EPOCH_IN_TICKS: i64 = 116_444_736_000_000_000;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_err(|_| Failed)?;
        let ticks = UNIX_EPOCH_IN_TICKS + ((now + after).as_nanos() / 100) as i64;
        Ok(PropertyValue::CreateDateTime(DateTime { UniversalTime: ticks })?.cast()?)
    }

    impl Backend {
        pub fn new(title: String) -> Self {
            Self { title }
        }

        pub fn show(&mut self, body: &str, expires_at: Option<Millis>) -> Result<(), Failed> {
            let xml = XmlDocument::new()?;
            xml.LoadXml(&HSTRING::from(format!(
                r#"<toast><visual><binding template="ToastGeneric"><text>{}</text><text>{}</text></binding></visual></toast>"#,
                escape(&self.title),
                escape(body)
            )))?;
            let toast = ToastNotification::CreateToastNotification(&xml)?;
            toast.SetTag(&HSTRING::from(TAG))?;
            toast.SetGroup(&HSTRING::from(GROUP))?;
            toast.SetExpirationTime(&expiry(time_left(expires_at).unwrap_or(DEFAULT_TIMEOUT))?)?;
            ToastNotificationManager::CreateToastNotifierWithId(&HSTRING::from(APP_USER_MODEL_ID))?.Show(&toast)?;
            Ok(())
        }

        pub fn close(&mut self) -> Result<(), Failed> {
            ToastNotificationManager::History()?.RemoveGroupedTagWithId(
                &HSTRING::from(TAG),
                &HSTRING::from(GROUP),
                &HSTRING::from(APP_USER_MODEL_ID),
            )?;
            Ok(())
        }
    }
}
