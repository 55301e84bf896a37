//! The global hotkey, through global-hotkey: `RegisterHotKey` on Windows
//! (on the tray's thread, whose event loop pumps the messages), an
//! `XGrabKey` on the X11 root window on Linux.
//!
//! global-hotkey cannot tell that a session has no X11 display: it
//! "registers" and nothing ever fires. So the session is checked first
//! ([`support`]) and the user is told; likewise a combination another
//! program already holds comes back as [`HotkeyProblem::Taken`].

use global_hotkey::GlobalHotKeyManager;
use global_hotkey::hotkey::{Code, HotKey, Modifiers};

use crate::settings::{Hotkey, HotkeyProblem, HotkeySupport};

/// Whether this session can have global hotkeys.
pub fn support() -> HotkeySupport {
    #[cfg(target_os = "linux")]
    {
        let var = |name| std::env::var(name).ok();
        crate::settings::hotkey::linux_support(
            var("WAYLAND_DISPLAY").as_deref(),
            var("XDG_SESSION_TYPE").as_deref(),
            var("DISPLAY").as_deref(),
        )
    }
    #[cfg(not(target_os = "linux"))]
    HotkeySupport::Available
}

/// global-hotkey's form of our hotkey.
fn os_hotkey(hotkey: &Hotkey) -> Result<HotKey, HotkeyProblem> {
    let code: Code = hotkey.code_name().parse().map_err(|_| HotkeyProblem::Failed {
        hotkey: hotkey.to_string(),
        detail: "unknown key".into(),
    })?;
    let mut mods = Modifiers::empty();
    for (on, modifier) in [
        (hotkey.ctrl, Modifiers::CONTROL),
        (hotkey.alt, Modifiers::ALT),
        (hotkey.shift, Modifiers::SHIFT),
        (hotkey.win, Modifiers::META),
    ] {
        if on {
            mods |= modifier;
        }
    }
    Ok(HotKey::new(Some(mods), code))
}

fn problem(hotkey: &Hotkey, error: global_hotkey::Error) -> HotkeyProblem {
    match error {
        global_hotkey::Error::AlreadyRegistered(_) => HotkeyProblem::Taken(hotkey.to_string()),
        other => HotkeyProblem::Failed {
            hotkey: hotkey.to_string(),
            detail: other.to_string().lines().next().unwrap_or_default().to_string(),
        },
    }
}

/// The tray's hotkey: at most one, registered on the tray's thread.
#[derive(Default)]
pub struct HotkeyRegistration {
    manager: Option<GlobalHotKeyManager>,
    current: Option<(Hotkey, HotKey)>,
}

impl HotkeyRegistration {
    /// Replaces the registered hotkey with `wanted` (`None`: none). On a
    /// problem no hotkey is left registered.
    pub fn set(&mut self, wanted: Option<&Hotkey>) -> Result<(), HotkeyProblem> {
        if self.current.as_ref().map(|(ours, _)| ours) == wanted {
            return Ok(());
        }
        if let (Some(manager), Some((_, os))) = (&self.manager, self.current.take()) {
            let _ = manager.unregister(os);
        }
        let Some(wanted) = wanted else {
            return Ok(());
        };
        if let Some(problem) = HotkeyProblem::of_support(support()) {
            return Err(problem);
        }
        let os = os_hotkey(wanted)?;
        if self.manager.is_none() {
            self.manager = Some(GlobalHotKeyManager::new().map_err(|e| problem(wanted, e))?);
        }
        if let Some(manager) = &self.manager {
            manager.register(os).map_err(|e| problem(wanted, e))?;
        }
        self.current = Some((wanted.clone(), os));
        Ok(())
    }

    /// Whether an event with this id is our hotkey.
    pub fn is_ours(&self, id: u32) -> bool {
        self.current.as_ref().is_some_and(|(_, os)| os.id() == id)
    }

    /// The hotkey registered now.
    pub fn current(&self) -> Option<&Hotkey> {
        self.current.as_ref().map(|(ours, _)| ours)
    }
}

/// For `trayotp settings set hotkey` without a running tray: tries to
/// register `hotkey` and lets it go again.
pub fn probe(hotkey: &Hotkey) -> Result<(), HotkeyProblem> {
    let mut registration = HotkeyRegistration::default();
    registration.set(Some(hotkey))?;
    registration.set(None)
}
