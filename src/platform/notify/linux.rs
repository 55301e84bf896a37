//! Linux: `org.freedesktop.Notifications` through notify-rust.

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
