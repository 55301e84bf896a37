//! The global hotkey: `RegisterHotKey` on Windows (through global-hotkey, on
//! the tray's thread, whose event loop pumps the messages), and on Linux our
//! own `XGrabKey` on the X11 root window (`linux.rs`), whose events a thread
//! reads by blocking on the X connection: nothing polls while idle.
//!
//! A global hotkey cannot tell by itself that a session has no X11 display
//! (through XWayland it "registers" and fires only while an X11 window has
//! focus). So the session is checked first ([`support`]) and the user is
//! told; likewise a combination another program already holds comes back
//! as [`HotkeyProblem::Taken`].

#[cfg(target_os = "linux")]
pub(crate) mod linux;
#[cfg(windows)]
mod windows;

use std::sync::Arc;

use crate::settings::{Hotkey, HotkeyProblem, HotkeySupport};

#[cfg(target_os = "linux")]
use linux as imp;
#[cfg(windows)]
use windows as imp;

/// Whether this session can have global hotkeys.
pub fn support() -> HotkeySupport {
    imp::support()
}

/// Called with the id of the hotkey pressed (see [`HotkeyRegistration::is_ours`]).
pub type OnPress = Arc<dyn Fn(u32) + Send + Sync>;

/// The tray's hotkey: at most one at a time.
pub struct HotkeyRegistration {
    backend: imp::Registration,
    current: Option<(Hotkey, u32)>,
}

impl HotkeyRegistration {
    /// No hotkey yet; `on_press` is called (on whatever thread the OS
    /// delivers it) each time a registered one is pressed.
    pub fn new(on_press: OnPress) -> Self {
        Self {
            backend: imp::Registration::new(on_press),
            current: None,
        }
    }

    /// Replaces the registered hotkey with `wanted` (`None`: none). On a
    /// problem no hotkey is left registered.
    pub fn set(&mut self, wanted: Option<&Hotkey>) -> Result<(), HotkeyProblem> {
        if self.current.as_ref().map(|(ours, _)| ours) == wanted {
            return Ok(());
        }
        if self.current.take().is_some() {
            self.backend.unregister();
        }
        let Some(wanted) = wanted else {
            return Ok(());
        };
        if let Some(problem) = HotkeyProblem::of_support(support()) {
            return Err(problem);
        }
        let id = self.backend.register(wanted)?;
        self.current = Some((wanted.clone(), id));
        Ok(())
    }

    /// Whether a press with this id is the hotkey registered now.
    pub fn is_ours(&self, id: u32) -> bool {
        self.current.as_ref().is_some_and(|(_, ours)| *ours == id)
    }

    /// The hotkey registered now.
    pub fn current(&self) -> Option<&Hotkey> {
        self.current.as_ref().map(|(ours, _)| ours)
    }
}

/// For `trayotp settings set hotkey` without a running tray: tries to
/// register `hotkey` and lets it go again.
pub fn probe(hotkey: &Hotkey) -> Result<(), HotkeyProblem> {
    let mut registration = HotkeyRegistration::new(Arc::new(|_| {}));
    registration.set(Some(hotkey))?;
    registration.set(None)
}
