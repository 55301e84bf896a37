//! The clipboard, with the hygiene a one-time code deserves: kept out of
//! clipboard history (and Windows' cloud clipboard), cleared when the code
//! expires only if the clipboard still holds exactly that code, and retried
//! briefly when another program holds the clipboard open.

use std::time::{Duration, Instant};

use zeroize::Zeroizing;

#[derive(Debug, thiserror::Error)]
pub enum ClipboardError {
    #[error("another program is holding the clipboard")]
    Busy,
    #[error("the clipboard is not available ({0})")]
    Unavailable(String),
}

/// What the tray needs from a clipboard (a recording fake stands in for
/// the real one in the state-machine tests).
pub trait Clipboard {
    /// Sets text that must not be kept in any clipboard history.
    fn set_secret_text(&mut self, text: &str) -> Result<(), ClipboardError>;
    /// The clipboard's text, if it holds text.
    fn text(&mut self) -> Option<Zeroizing<String>>;
    fn clear(&mut self) -> Result<(), ClipboardError>;
}

/// Clears the clipboard if it still holds exactly `expected` (the user may
/// have copied something else since). Returns whether it cleared.
pub fn clear_if_unchanged(clipboard: &mut dyn Clipboard, expected: &str) -> bool {
    match clipboard.text() {
        Some(current) if current.as_str() == expected => clipboard.clear().is_ok(),
        _ => false,
    }
}

const ATTEMPTS: u32 = 8;
const PAUSE: Duration = Duration::from_millis(25);

/// The OS clipboard through arboard.
pub struct SystemClipboard {
    inner: arboard::Clipboard,
}

fn map_error(error: arboard::Error) -> ClipboardError {
    match error {
        arboard::Error::ClipboardOccupied => ClipboardError::Busy,
        other => ClipboardError::Unavailable(other.to_string()),
    }
}

/// Runs `operation`, retrying while another program holds the clipboard.
fn with_retries<T>(mut operation: impl FnMut() -> Result<T, arboard::Error>) -> Result<T, ClipboardError> {
    let mut attempt = 1;
    loop {
        match operation() {
            Err(arboard::Error::ClipboardOccupied) if attempt < ATTEMPTS => {
                attempt += 1;
                std::thread::sleep(PAUSE);
            }
            result => return result.map_err(map_error),
        }
    }
}

impl SystemClipboard {
    pub fn new() -> Result<Self, ClipboardError> {
        arboard::Clipboard::new().map(|inner| Self { inner }).map_err(map_error)
    }

    /// For a short-lived process: sets the text, keeps it available (on X11
    /// the owner must stay alive to serve it) until `deadline` or until
    /// another program replaces it, then clears it if it is still ours.
    pub fn hold_until(&mut self, text: &str, deadline: Instant) -> Result<(), ClipboardError> {
        #[cfg(target_os = "linux")]
        {
            use arboard::SetExtLinux;
            with_retries(|| self.inner.set().exclude_from_history().wait_until(deadline).text(text))?;
        }
        #[cfg(not(target_os = "linux"))]
        {
            self.set_secret_text(text)?;
            std::thread::sleep(deadline.saturating_duration_since(Instant::now()));
        }
        clear_if_unchanged(self, text);
        Ok(())
    }
}

impl Clipboard for SystemClipboard {
    fn set_secret_text(&mut self, text: &str) -> Result<(), ClipboardError> {
        with_retries(|| {
            let set = self.inner.set();
            #[cfg(windows)]
            let set = {
                use arboard::SetExtWindows;
                set.exclude_from_history().exclude_from_cloud()
            };
            #[cfg(target_os = "linux")]
            let set = {
                use arboard::SetExtLinux;
                set.exclude_from_history()
            };
            set.text(text)
        })
    }

    fn text(&mut self) -> Option<Zeroizing<String>> {
        with_retries(|| self.inner.get_text()).ok().map(Zeroizing::new)
    }

    fn clear(&mut self) -> Result<(), ClipboardError> {
        with_retries(|| self.inner.clear())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A clipboard in memory, recording what happened to it.
    #[derive(Default)]
    struct MemoryClipboard {
        content: Option<String>,
        clears: usize,
    }

    impl Clipboard for MemoryClipboard {
        fn set_secret_text(&mut self, text: &str) -> Result<(), ClipboardError> {
            self.content = Some(text.to_string());
            Ok(())
        }
        fn text(&mut self) -> Option<Zeroizing<String>> {
            self.content.clone().map(Zeroizing::new)
        }
        fn clear(&mut self) -> Result<(), ClipboardError> {
            self.clears += 1;
            self.content = None;
            Ok(())
        }
    }

    #[test]
    fn clears_only_our_own_code() {
        let mut clipboard = MemoryClipboard::default();
        clipboard.set_secret_text("123456").expect("set");
        assert!(!clear_if_unchanged(&mut clipboard, "654321"));
        assert_eq!(clipboard.clears, 0);
        assert!(clear_if_unchanged(&mut clipboard, "123456"));
        assert_eq!(clipboard.content, None);
    }

    #[test]
    fn leaves_what_the_user_copied_since() {
        let mut clipboard = MemoryClipboard::default();
        clipboard.set_secret_text("123456").expect("set");
        clipboard.set_secret_text("user's own text").expect("set");
        assert!(!clear_if_unchanged(&mut clipboard, "123456"));
        assert_eq!(clipboard.content.as_deref(), Some("user's own text"));
    }

    /// The real clipboard: X11 under Xvfb on Linux, Wine's on Windows (CI
    /// runs the tests with a display).
    #[test]
    fn real_clipboard_round_trip_and_guarded_clear() {
        let mut clipboard = SystemClipboard::new().expect("a clipboard (tests run under Xvfb)");
        clipboard.set_secret_text("424242").expect("set");
        assert_eq!(clipboard.text().as_deref().map(String::as_str), Some("424242"));
        assert!(!clear_if_unchanged(&mut clipboard, "000000"));
        assert_eq!(clipboard.text().as_deref().map(String::as_str), Some("424242"));
        assert!(clear_if_unchanged(&mut clipboard, "424242"));
        assert_ne!(clipboard.text().as_deref().map(String::as_str), Some("424242"));
    }
}
