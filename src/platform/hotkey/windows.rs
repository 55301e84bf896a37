//! The hotkey on Windows: global-hotkey's `RegisterHotKey`, delivered as a
//! `WM_HOTKEY` message to the thread that registered it (the tray's), so
//! nothing runs between presses.

use global_hotkey::hotkey::{Code, HotKey, Modifiers};
use global_hotkey::{GlobalHotKeyEvent, GlobalHotKeyManager, HotKeyState};

use super::OnPress;
use crate::settings::{Hotkey, HotkeyProblem, HotkeySupport};

pub struct Registration {
    manager: Option<GlobalHotKeyManager>,
    current: Option<HotKey>,
}

impl Registration {
    pub fn new(on_press: OnPress) -> Self {
        GlobalHotKeyEvent::set_event_handler(Some(move |event: GlobalHotKeyEvent| {
            if event.state == HotKeyState::Pressed {
                on_press(event.id);
            }
        }));
        Self {
            manager: None,
            current: None,
        }
    }

    /// Registers `hotkey`; returns the id its presses carry.
    pub fn register(&mut self, hotkey: &Hotkey) -> Result<u32, HotkeyProblem> {
        let os = os_hotkey(hotkey)?;
        if self.manager.is_none() {
            self.manager = Some(GlobalHotKeyManager::new().map_err(|e| problem(hotkey, e))?);
        }
        if let Some(manager) = &self.manager {
            manager.register(os).map_err(|e| problem(hotkey, e))?;
        }
        self.current = Some(os);
        Ok(os.id())
    }

    pub fn unregister(&mut self) {
        if let (Some(manager), Some(os)) = (&self.manager, self.current.take()) {
            let _ = manager.unregister(os);
        }
    }
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

/// Every Windows session can have global hotkeys.
pub fn support() -> HotkeySupport {
    HotkeySupport::Available
}
