//! The clipboard, with the hygiene a one-time code deserves: kept out of
//! clipboard history, clipboard monitors (`ExcludeClipboardContentFromMonitorProcessing`)
//! and Windows' cloud clipboard; cleared when the code expires only if what
//! we put there is still there; retried briefly when another program holds
//! the clipboard open.
//!
//! "Still there" is decided without reading the clipboard (which may hold
//! another program's secret by then): on Windows the clipboard's sequence
//! number must be the one right after our copy (`GetClipboardSequenceNumber`),
//! on X11 we must still own the `CLIPBOARD` selection. Copying the same
//! digits again elsewhere therefore counts as a change, and is left alone.
//! The last copy's mark is also kept process-wide, so that a panic can
//! clear our code ([`clear_ours_after_crash`]).

use std::sync::Mutex;
use std::time::{Duration, Instant};

use zeroize::Zeroizing;

#[cfg(target_os = "linux")]
mod linux;
#[cfg(not(any(windows, target_os = "linux")))]
mod other;
#[cfg(windows)]
mod windows;
#[cfg(target_os = "linux")]
use linux as imp;
#[cfg(not(any(windows, target_os = "linux")))]
use other as imp;
#[cfg(windows)]
use windows as imp;

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
    /// Whether what we set last is still in the clipboard (nobody copied
    /// anything since), decided without reading it.
    fn still_ours(&mut self) -> bool;
    fn clear(&mut self) -> Result<(), ClipboardError>;
}

/// Clears the clipboard if it still holds what we set (the user may have
/// copied something else since). Returns whether it cleared.
pub fn clear_if_still_ours(clipboard: &mut dyn Clipboard) -> bool {
    clipboard.still_ours() && clipboard.clear().is_ok()
}

/// Clears the clipboard if it still holds exactly `expected`: only for
/// text the user copied from elsewhere and we already read at their
/// request (a setup number taken with Paste).
pub fn clear_if_text_is(clipboard: &mut SystemClipboard, expected: &str) -> bool {
    match with_retries(|| clipboard.inner.get_text()).ok().map(Zeroizing::new) {
        Some(current) if current.as_str() == expected => clipboard.clear().is_ok(),
        _ => false,
    }
}

const ATTEMPTS: u32 = 8;
const PAUSE: Duration = Duration::from_millis(25);

/// What identifies "the clipboard as we left it".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mark(u32);

/// The mark of this process's last secret copy, for the panic hook.
static LAST_COPY: Mutex<Option<Mark>> = Mutex::new(None);

/// The OS clipboard through arboard.
pub struct SystemClipboard {
    inner: arboard::Clipboard,
    /// Set by our last copy, cleared by a clear.
    ours: Option<Mark>,
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

/// The clipboard's current mark: its sequence number (Windows), or the
/// window owning the `CLIPBOARD` selection (X11); `None` if unknown.
fn current_mark() -> Option<Mark> {
    imp::current_mark()
}

impl SystemClipboard {
    pub fn new() -> Result<Self, ClipboardError> {
        arboard::Clipboard::new()
            .map(|inner| Self { inner, ours: None })
            .map_err(map_error)
    }

    /// For a short-lived process: sets the text, keeps it available (on X11
    /// the owner must stay alive to serve it) until `deadline` or until
    /// another program replaces it, then clears it if it is still ours.
    pub fn hold_until(&mut self, text: &str, deadline: Instant) -> Result<(), ClipboardError> {
        self.set_secret_text(text)?;
        while self.still_ours() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            std::thread::sleep(left.min(Duration::from_millis(500)));
        }
        clear_if_still_ours(self);
        Ok(())
    }

    /// The clipboard text (what Paste reads, at the user's request).
    pub fn text(&mut self) -> Option<Zeroizing<String>> {
        with_retries(|| self.inner.get_text()).ok().map(Zeroizing::new)
    }
}

impl Clipboard for SystemClipboard {
    fn set_secret_text(&mut self, text: &str) -> Result<(), ClipboardError> {
        with_retries(|| imp::kept_out_of_history(self.inner.set()).text(text))?;
        self.ours = current_mark();
        if let Ok(mut last) = LAST_COPY.lock() {
            *last = self.ours;
        }
        Ok(())
    }

    fn still_ours(&mut self) -> bool {
        self.ours.is_some() && current_mark() == self.ours
    }

    fn clear(&mut self) -> Result<(), ClipboardError> {
        with_retries(|| self.inner.clear())?;
        self.ours = None;
        if let Ok(mut last) = LAST_COPY.lock() {
            *last = None;
        }
        Ok(())
    }
}

/// After a panic: clears the clipboard if it still holds this process's
/// last code (nobody copied anything since). Returns whether it cleared.
pub fn clear_ours_after_crash() -> bool {
    let last = LAST_COPY
        .lock()
        .map(|last| *last)
        .unwrap_or_else(|poisoned| *poisoned.into_inner());
    if last.is_none() || current_mark() != last {
        return false;
    }
    SystemClipboard::new().is_ok_and(|mut clipboard| clipboard.clear().is_ok())
}

/// The desktop has one clipboard: the tests that use it take turns.
#[cfg(test)]
pub(crate) fn test_turn() -> std::sync::MutexGuard<'static, ()> {
    static TURN: Mutex<()> = Mutex::new(());
    TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A clipboard in memory: a change counter stands for the OS's mark.
    #[derive(Default)]
    struct MemoryClipboard {
        content: Option<String>,
        changes: u32,
        ours: Option<u32>,
        clears: usize,
    }

    impl MemoryClipboard {
        /// Another program copies `text`.
        fn copy_elsewhere(&mut self, text: &str) {
            self.content = Some(text.to_string());
            self.changes += 1;
        }
    }

    impl Clipboard for MemoryClipboard {
        fn set_secret_text(&mut self, text: &str) -> Result<(), ClipboardError> {
            self.copy_elsewhere(text);
            self.ours = Some(self.changes);
            Ok(())
        }
        fn still_ours(&mut self) -> bool {
            self.ours == Some(self.changes)
        }
        fn clear(&mut self) -> Result<(), ClipboardError> {
            self.clears += 1;
            self.content = None;
            self.changes += 1;
            Ok(())
        }
    }

    #[test]
    fn clears_only_our_own_code() {
        let mut clipboard = MemoryClipboard::default();
        clipboard.set_secret_text("123456").expect("set");
        assert!(clear_if_still_ours(&mut clipboard));
        assert_eq!(clipboard.content, None);
        assert!(!clear_if_still_ours(&mut clipboard), "a second clear does nothing");
        assert_eq!(clipboard.clears, 1);
    }

    #[test]
    fn leaves_what_the_user_copied_since_even_the_same_digits() {
        let mut clipboard = MemoryClipboard::default();
        clipboard.set_secret_text("123456").expect("set");
        clipboard.copy_elsewhere("123456");
        assert!(!clear_if_still_ours(&mut clipboard));
        assert_eq!(clipboard.content.as_deref(), Some("123456"));
    }

    /// The real clipboard: X11 under Xvfb on Linux, Wine's on Windows (CI
    /// runs the tests with a display).
    #[test]
    fn real_clipboard_clears_only_while_ours() {
        let _turn = test_turn();
        let mut clipboard = SystemClipboard::new().expect("a clipboard (tests run under Xvfb)");
        clipboard.set_secret_text("424242").expect("set");
        assert_eq!(clipboard.text().as_deref().map(String::as_str), Some("424242"));
        assert!(clear_if_still_ours(&mut clipboard));
        assert_ne!(clipboard.text().as_deref().map(String::as_str), Some("424242"));

        // Another owner (a second clipboard: on X11 another window, on
        // Windows another change) copies the very same digits: not ours.
        clipboard.set_secret_text("424242").expect("set");
        imp::copy_in_another_program("424242");
        assert!(!clipboard.still_ours());
        assert!(!clear_if_still_ours(&mut clipboard));
        assert_eq!(clipboard.text().as_deref().map(String::as_str), Some("424242"));
        imp::copy_in_another_program("");
    }
}
