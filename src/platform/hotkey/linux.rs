//! The hotkey on X11: an `XGrabKey` on the root window over an X connection
//! of our own (x11rb), once per combination of the lock modifiers (NumLock,
//! CapsLock) so that the hotkey works whatever their state. A thread reads
//! the connection's events by blocking on its socket: between presses it
//! sleeps in the kernel, with no timer and no polling.
//!
//! The grab requests are checked: `BadAccess` means another client holds
//! the combination ([`HotkeyProblem::Taken`]).

use std::sync::{Arc, Mutex, PoisonError};

use x11rb::connection::Connection;
use x11rb::errors::ReplyError;
use x11rb::protocol::Event;
use x11rb::protocol::xproto::{ConnectionExt as _, GrabMode, Keycode, ModMask, Window};
use x11rb::rust_connection::RustConnection;

use super::OnPress;
use crate::settings::{Hotkey, HotkeyProblem, HotkeySupport};

/// The modifiers a press must carry, and those it may carry besides
/// (CapsLock = Lock, NumLock = Mod2 on every common layout).
const LOCKS: [u16; 4] = [0, 1 << 1, 1 << 4, (1 << 1) | (1 << 4)];
const RELEVANT: u16 = (1 << 0) | (1 << 2) | (1 << 3) | (1 << 6);

/// The combination grabbed now, as the event thread compares it.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Grab {
    keycode: Keycode,
    modifiers: u16,
    id: u32,
}

struct Connected {
    connection: Arc<RustConnection>,
    root: Window,
}

pub struct Registration {
    on_press: OnPress,
    connected: Option<Connected>,
    grab: Arc<Mutex<Option<Grab>>>,
    next_id: u32,
}

impl Registration {
    pub fn new(on_press: OnPress) -> Self {
        Self {
            on_press,
            connected: None,
            grab: Arc::new(Mutex::new(None)),
            next_id: 1,
        }
    }

    /// Grabs `hotkey`; returns the id its presses carry.
    pub fn register(&mut self, hotkey: &Hotkey) -> Result<u32, HotkeyProblem> {
        let failed = |detail: String| HotkeyProblem::Failed {
            hotkey: hotkey.to_string(),
            detail,
        };
        let keysym = keysym(hotkey).ok_or_else(|| failed("unknown key".into()))?;
        let (connection, root) = self.connect().map_err(failed)?;
        let keycode = keycode_for(&connection, keysym)
            .map_err(|e| failed(e.to_string()))?
            .ok_or_else(|| failed("the keyboard layout has no such key".into()))?;
        let modifiers = modifier_bits(hotkey);
        for (done, locks) in LOCKS.iter().enumerate() {
            let result = connection
                .grab_key(
                    false,
                    root,
                    ModMask::from(modifiers | locks),
                    keycode,
                    GrabMode::ASYNC,
                    GrabMode::ASYNC,
                )
                .map_err(ReplyError::from)
                .and_then(|cookie| cookie.check());
            if let Err(error) = result {
                for locks in &LOCKS[..done] {
                    let _ = connection.ungrab_key(keycode, root, ModMask::from(modifiers | locks));
                }
                let _ = connection.flush();
                return Err(match error {
                    ReplyError::X11Error(e) if e.error_kind == x11rb::protocol::ErrorKind::Access => {
                        HotkeyProblem::Taken(hotkey.to_string())
                    }
                    other => failed(other.to_string()),
                });
            }
        }
        let id = self.next_id;
        self.next_id = self.next_id.wrapping_add(1);
        *self.grab.lock().unwrap_or_else(PoisonError::into_inner) = Some(Grab { keycode, modifiers, id });
        Ok(id)
    }

    pub fn unregister(&mut self) {
        let Some(grab) = self.grab.lock().unwrap_or_else(PoisonError::into_inner).take() else {
            return;
        };
        if let Some(Connected { connection, root }) = &self.connected {
            for locks in LOCKS {
                let _ = connection.ungrab_key(grab.keycode, *root, ModMask::from(grab.modifiers | locks));
            }
            let _ = x11rb::wrapper::ConnectionExt::sync(connection.as_ref());
        }
    }

    /// The connection, opened (and its event thread started) on first use.
    fn connect(&mut self) -> Result<(Arc<RustConnection>, Window), String> {
        if let Some(Connected { connection, root }) = &self.connected {
            return Ok((connection.clone(), *root));
        }
        let (connection, screen) = RustConnection::connect(None).map_err(|e| e.to_string())?;
        let root = connection
            .setup()
            .roots
            .get(screen)
            .map(|s| s.root)
            .ok_or("the X display has no such screen")?;
        let connection = Arc::new(connection);
        let (events, grab, on_press) = (connection.clone(), self.grab.clone(), self.on_press.clone());
        std::thread::Builder::new()
            .name("trayotp-hotkey".into())
            .spawn(move || read_presses(&events, &grab, &on_press))
            .map_err(|e| e.to_string())?;
        self.connected = Some(Connected {
            connection: connection.clone(),
            root,
        });
        Ok((connection, root))
    }
}

/// The event thread: blocks until the X server sends something; ends when
/// the connection does.
fn read_presses(connection: &RustConnection, grab: &Mutex<Option<Grab>>, on_press: &OnPress) {
    while let Ok(event) = connection.wait_for_event() {
        if let Event::KeyPress(press) = event {
            let current = *grab.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(grab) = current
                && press.detail == grab.keycode
                && u16::from(press.state) & RELEVANT == grab.modifiers
            {
                on_press(grab.id);
            }
        }
    }
}

pub(crate) fn modifier_bits(hotkey: &Hotkey) -> u16 {
    [
        (hotkey.shift, u16::from(ModMask::SHIFT)),
        (hotkey.ctrl, u16::from(ModMask::CONTROL)),
        (hotkey.alt, u16::from(ModMask::M1)),
        (hotkey.win, u16::from(ModMask::M4)),
    ]
    .into_iter()
    .filter(|(on, _)| *on)
    .fold(0, |bits, (_, bit)| bits | bit)
}

/// The X keysym of the hotkey's key (from its W3C code name).
pub(crate) fn keysym(hotkey: &Hotkey) -> Option<u32> {
    let code = hotkey.code_name();
    if let Some(letter) = code.strip_prefix("Key") {
        let c = letter.chars().next()?;
        return Some(u32::from(c.to_ascii_lowercase()));
    }
    if let Some(digit) = code.strip_prefix("Digit") {
        return Some(u32::from(digit.chars().next()?));
    }
    if let Some(n) = code.strip_prefix('F').and_then(|n| n.parse::<u32>().ok()) {
        return (1..=35).contains(&n).then(|| 0xffbe + n - 1);
    }
    Some(match code.as_str() {
        "Space" => 0x0020,
        "Insert" => 0xff63,
        "Delete" => 0xffff,
        "Home" => 0xff50,
        "End" => 0xff57,
        "PageUp" => 0xff55,
        "PageDown" => 0xff56,
        "ArrowLeft" => 0xff51,
        "ArrowUp" => 0xff52,
        "ArrowRight" => 0xff53,
        "ArrowDown" => 0xff54,
        _ => return None,
    })
}

/// The keycode that types `keysym`, as `XKeysymToKeycode` finds it: the
/// first keycode with it in the first column that has it anywhere.
pub(crate) fn keycode_for(connection: &RustConnection, keysym: u32) -> Result<Option<Keycode>, ReplyError> {
    let setup = connection.setup();
    let (first, last) = (setup.min_keycode, setup.max_keycode);
    let mapping = connection
        .get_keyboard_mapping(first, last.saturating_sub(first).saturating_add(1))?
        .reply()?;
    let per = usize::from(mapping.keysyms_per_keycode);
    if per == 0 {
        return Ok(None);
    }
    for column in 0..per {
        for (row, syms) in mapping.keysyms.chunks(per).enumerate() {
            if syms.get(column) == Some(&keysym) {
                return Ok(u8::try_from(row).ok().and_then(|row| first.checked_add(row)));
            }
        }
    }
    Ok(None)
}

/// X11 only: none under Wayland, none without a display.
pub fn support() -> HotkeySupport {
    let var = |name| std::env::var(name).ok();
    crate::settings::hotkey::linux_support(
        var("WAYLAND_DISPLAY").as_deref(),
        var("XDG_SESSION_TYPE").as_deref(),
        var("DISPLAY").as_deref(),
    )
}
