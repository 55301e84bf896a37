//! Pasting and typing on X11, over an X connection of our own (x11rb) and
//! the XTest extension: the same key events a keyboard makes.
//!
//! Typing is independent of the keyboard layout and of an input method: the
//! digits are put for the moment on spare keycodes (ones the layout leaves
//! empty) as their Unicode keysyms (`U+0031` → `0x1000031`), pressed, and
//! the keycodes emptied again. Programs read those keysyms as the
//! characters; an input method (fcitx5 with Mozc in hiragana mode, say) has
//! no composition for them and lets them through as half-width digits,
//! where the layout's own digit keys would start a composition of
//! full-width ones. Without spare keycodes the layout's digit keys are
//! used, with Shift where the layout puts a digit there.

use std::time::{Duration, Instant};

use x11rb::connection::Connection;
use x11rb::errors::ReplyError;
use x11rb::protocol::xproto::{
    AtomEnum, ClientMessageEvent, ConnectionExt as _, EventMask, InputFocus, KEY_PRESS_EVENT, KEY_RELEASE_EVENT,
    Keycode, Window,
};
use x11rb::protocol::xtest::ConnectionExt as _;
use x11rb::rust_connection::RustConnection;
use x11rb::wrapper::ConnectionExt as _;

use super::{Focused, MAX_TITLE_CHARS, Target, bounded_title};
use crate::app::{DeliverOutcome, Delivery};
use crate::platform::hotkey::linux::{keycode_for, keysym, modifier_bits};
use crate::settings::Hotkey;

type Failure = Box<dyn std::error::Error>;

const CONTROL_L: u32 = 0xffe3;
const SHIFT_L: u32 = 0xffe1;
const LOWER_V: u32 = 0x76;
/// Shift, Control, Mod1 (Alt) and Mod4 (Super): every modifier a hotkey has.
const HOTKEY_MODIFIERS: u16 = (1 << 0) | (1 << 2) | (1 << 3) | (1 << 6);
/// How long programs get to take in a changed keyboard mapping.
const MAPPING_SETTLES: Duration = Duration::from_millis(150);
const KEY_GAP: Duration = Duration::from_millis(12);
/// How long the borrowed keycodes keep their digits after the last key.
const KEYSYMS_KEPT: Duration = Duration::from_secs(1);

fn connect() -> Option<(RustConnection, Window)> {
    let (connection, screen) = RustConnection::connect(None).ok()?;
    let root = connection.setup().roots.get(screen)?.root;
    Some((connection, root))
}

fn atom(connection: &RustConnection, name: &str) -> Option<u32> {
    Some(connection.intern_atom(false, name.as_bytes()).ok()?.reply().ok()?.atom)
}

pub fn focused() -> Option<Focused> {
    let (connection, root) = connect()?;
    let window = active_window(&connection, root)?;
    Some(Focused {
        target: Target(u64::from(window)),
        title: title_of(&connection, window, root),
        ours: is_ours(&connection, window, root),
    })
}

/// Whether `window` (or a window it is in) is a trayotp form: their
/// `WM_CLASS` is `trayotp` (the app id `gui::native` gives them).
fn is_ours(connection: &RustConnection, window: Window, root: Window) -> bool {
    let mut current = window;
    for _ in 0..8 {
        let class = text_property(connection, current, AtomEnum::WM_CLASS.into(), AtomEnum::STRING.into());
        if let Some(class) = class {
            return class.split('\0').any(|part| part == "trayotp");
        }
        let Some(tree) = connection.query_tree(current).ok().and_then(|c| c.reply().ok()) else {
            return false;
        };
        if tree.parent == 0 || tree.parent == root || tree.parent == current {
            return false;
        }
        current = tree.parent;
    }
    false
}

/// The window manager's `_NET_ACTIVE_WINDOW`; without a window manager, the
/// window with the input focus.
fn active_window(connection: &RustConnection, root: Window) -> Option<Window> {
    if let Some(active) = atom(connection, "_NET_ACTIVE_WINDOW")
        && let Ok(Ok(reply)) = connection
            .get_property(false, root, active, AtomEnum::WINDOW, 0, 1)
            .map(|cookie| cookie.reply())
        && let Some(window) = reply.value32().and_then(|mut values| values.next())
        && window != 0
    {
        return Some(window);
    }
    let focus = connection.get_input_focus().ok()?.reply().ok()?.focus;
    // 0 is None, 1 PointerRoot.
    (focus > 1 && focus != root).then_some(focus)
}

/// `_NET_WM_NAME` (else `WM_NAME`) of `window` or the nearest ancestor that
/// has one.
fn title_of(connection: &RustConnection, window: Window, root: Window) -> Option<String> {
    let net_name = atom(connection, "_NET_WM_NAME");
    let utf8 = atom(connection, "UTF8_STRING");
    let mut current = window;
    for _ in 0..8 {
        let named = net_name
            .zip(utf8)
            .and_then(|(name, utf8)| text_property(connection, current, name, utf8))
            .or_else(|| text_property(connection, current, AtomEnum::WM_NAME.into(), AtomEnum::ANY.into()));
        if let Some(title) = named {
            return bounded_title(title);
        }
        let tree = connection.query_tree(current).ok()?.reply().ok()?;
        if tree.parent == 0 || tree.parent == root || tree.parent == current {
            break;
        }
        current = tree.parent;
    }
    None
}

fn text_property(connection: &RustConnection, window: Window, property: u32, kind: u32) -> Option<String> {
    let reply = connection
        .get_property(false, window, property, kind, 0, MAX_TITLE_CHARS as u32)
        .ok()?
        .reply()
        .ok()?;
    (reply.format == 8).then(|| String::from_utf8_lossy(&reply.value).into_owned())
}

pub fn deliver(
    target: Option<Target>,
    code: &str,
    how: Delivery,
    hotkey: Option<&Hotkey>,
    wait: Duration,
) -> DeliverOutcome {
    let Some((connection, root)) = connect() else {
        return DeliverOutcome::Failed("no X11 display".into());
    };
    match deliver_on(&connection, root, target, code, how, hotkey, wait) {
        Ok(outcome) => outcome,
        // x11rb's errors name requests and X errors, never the text typed.
        Err(error) => DeliverOutcome::Failed(error.to_string()),
    }
}

fn deliver_on(
    connection: &RustConnection,
    root: Window,
    target: Option<Target>,
    code: &str,
    how: Delivery,
    hotkey: Option<&Hotkey>,
    wait: Duration,
) -> Result<DeliverOutcome, Failure> {
    if !wait_for_release(connection, hotkey, wait)? {
        return Ok(DeliverOutcome::KeysHeld);
    }
    if let Some(Target(window)) = target {
        let window = Window::try_from(window)?;
        if !give_focus_back(connection, root, window)? {
            return Ok(DeliverOutcome::Failed("the window no longer takes the keyboard".into()));
        }
    }
    match how {
        Delivery::Paste => paste(connection, root)?,
        Delivery::Type => type_text(connection, root, code)?,
    }
    Ok(DeliverOutcome::Done)
}

/// Waits until none of the hotkey's keys is down (at most `wait`); returns
/// whether they were let go.
fn wait_for_release(connection: &RustConnection, hotkey: Option<&Hotkey>, wait: Duration) -> Result<bool, Failure> {
    let mapping = connection.get_modifier_mapping()?.reply()?;
    let per = usize::from(mapping.keycodes_per_modifier());
    let bits = hotkey.map_or(HOTKEY_MODIFIERS, modifier_bits);
    let mut keys: Vec<Keycode> = (0..8)
        .filter(|index| bits & (1 << index) != 0)
        .flat_map(|index| mapping.keycodes.iter().skip(index * per).take(per).copied())
        .filter(|&keycode| keycode != 0)
        .collect();
    if let Some(key) = hotkey.and_then(keysym) {
        keys.extend(keycode_for(connection, key)?);
    }
    let deadline = Instant::now() + wait;
    loop {
        let down = connection.query_keymap()?.reply()?.keys;
        let held = keys
            .iter()
            .any(|&key| down[usize::from(key / 8)] & (1 << (key % 8)) != 0);
        if !held {
            return Ok(true);
        }
        if Instant::now() >= deadline {
            return Ok(false);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Whether the input focus is `window` or inside it.
fn has_focus(connection: &RustConnection, root: Window, window: Window) -> Result<bool, ReplyError> {
    let mut current = connection.get_input_focus()?.reply()?.focus;
    for _ in 0..8 {
        if current == window {
            return Ok(true);
        }
        if current <= 1 || current == root {
            return Ok(false);
        }
        let tree = connection.query_tree(current)?.reply()?;
        current = tree.parent;
    }
    Ok(false)
}

/// Puts the focus back on `window` (after the picker): asks the window
/// manager as a pager would, and sets the input focus (which is all there
/// is without one). Returns whether the window has it, steadily.
fn give_focus_back(connection: &RustConnection, root: Window, window: Window) -> Result<bool, Failure> {
    if has_focus(connection, root, window)? {
        return Ok(true);
    }
    let deadline = Instant::now() + Duration::from_secs(2);
    while Instant::now() < deadline {
        if let Some(active) = atom(connection, "_NET_ACTIVE_WINDOW") {
            // Source 2: a pager, on the user's behalf.
            let event = ClientMessageEvent::new(32, window, active, [2u32, 0, 0, 0, 0]);
            connection.send_event(
                false,
                root,
                EventMask::SUBSTRUCTURE_REDIRECT | EventMask::SUBSTRUCTURE_NOTIFY,
                event,
            )?;
        }
        // Unchecked: a window not viewable refuses it, and we look below.
        connection.set_input_focus(InputFocus::PARENT, window, x11rb::CURRENT_TIME)?;
        connection.sync()?;
        std::thread::sleep(Duration::from_millis(100));
        if has_focus(connection, root, window)? {
            std::thread::sleep(Duration::from_millis(100));
            if has_focus(connection, root, window)? {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

fn key(connection: &RustConnection, root: Window, keycode: Keycode, press: bool) -> Result<(), Failure> {
    let kind = if press { KEY_PRESS_EVENT } else { KEY_RELEASE_EVENT };
    connection.xtest_fake_input(kind, keycode, x11rb::CURRENT_TIME, root, 0, 0, 0)?;
    Ok(())
}

fn tap(connection: &RustConnection, root: Window, keycode: Keycode) -> Result<(), Failure> {
    key(connection, root, keycode, true)?;
    key(connection, root, keycode, false)?;
    connection.sync()?;
    std::thread::sleep(KEY_GAP);
    Ok(())
}

/// Ctrl+V.
fn paste(connection: &RustConnection, root: Window) -> Result<(), Failure> {
    let control = keycode_for(connection, CONTROL_L)?.ok_or("the keyboard has no Ctrl key")?;
    let v = keycode_for(connection, LOWER_V)?.ok_or("the keyboard layout has no V key")?;
    key(connection, root, control, true)?;
    let pressed = tap(connection, root, v);
    key(connection, root, control, false)?;
    connection.sync()?;
    pressed
}

/// The keyboard mapping, to find spare keycodes and the layout's digits.
struct Mapping {
    first: Keycode,
    per: usize,
    keysyms: Vec<u32>,
}

impl Mapping {
    fn read(connection: &RustConnection) -> Result<Self, Failure> {
        let setup = connection.setup();
        let (first, last) = (setup.min_keycode, setup.max_keycode);
        let reply = connection
            .get_keyboard_mapping(first, last.saturating_sub(first).saturating_add(1))?
            .reply()?;
        Ok(Self {
            first,
            per: usize::from(reply.keysyms_per_keycode),
            keysyms: reply.keysyms,
        })
    }

    fn rows(&self) -> impl Iterator<Item = (Keycode, &[u32])> {
        self.keysyms
            .chunks(self.per.max(1))
            .enumerate()
            .filter_map(|(row, syms)| Some((self.first.checked_add(u8::try_from(row).ok()?)?, syms)))
    }

    /// Keycodes the layout leaves empty.
    fn spare(&self) -> Vec<Keycode> {
        self.rows()
            .filter(|(_, syms)| syms.iter().all(|&sym| sym == 0))
            .map(|(keycode, _)| keycode)
            .collect()
    }

    /// The layout's key for `keysym` in its first group: the keycode and
    /// whether Shift is needed.
    fn layout_key(&self, keysym: u32) -> Option<(Keycode, bool)> {
        [0, 1].into_iter().find_map(|column| {
            self.rows()
                .find(|(_, syms)| syms.get(column) == Some(&keysym))
                .map(|(keycode, _)| (keycode, column == 1))
        })
    }
}

/// Empties the borrowed spare keycodes again, whatever happens.
struct Borrowed<'c> {
    connection: &'c RustConnection,
    per: usize,
    keycodes: Vec<Keycode>,
}

impl Drop for Borrowed<'_> {
    fn drop(&mut self) {
        let empty = vec![0; self.per];
        for &keycode in &self.keycodes {
            let _ = self
                .connection
                .change_keyboard_mapping(1, keycode, self.per as u8, &empty);
        }
        let _ = self.connection.sync();
    }
}

/// Types `text` (digits) as characters.
fn type_text(connection: &RustConnection, root: Window, text: &str) -> Result<(), Failure> {
    let mapping = Mapping::read(connection)?;
    let mut chars: Vec<char> = text.chars().collect();
    chars.sort_unstable();
    chars.dedup();
    let spare = mapping.spare();
    if mapping.per == 0 || spare.len() < chars.len() {
        return type_with_layout(connection, root, &mapping, text);
    }
    let borrowed = Borrowed {
        connection,
        per: mapping.per,
        keycodes: spare[..chars.len()].to_vec(),
    };
    for (&c, &keycode) in chars.iter().zip(&borrowed.keycodes) {
        let syms = vec![0x0100_0000 | u32::from(c); mapping.per];
        connection.change_keyboard_mapping(1, keycode, mapping.per as u8, &syms)?;
    }
    connection.sync()?;
    std::thread::sleep(MAPPING_SETTLES);
    for c in text.chars() {
        if let Some(index) = chars.iter().position(|&known| known == c) {
            tap(connection, root, borrowed.keycodes[index])?;
        }
    }
    // The program (or its input method: fcitx5 with Mozc, busy) reads the
    // keysyms only when it handles the keys, which may be well after XTest
    // sent them: the borrowed keycodes keep their digits a second longer.
    // 300 ms lost the last digit on a loaded CI machine.
    std::thread::sleep(KEYSYMS_KEPT);
    drop(borrowed);
    Ok(())
}

/// Types `text` with the layout's own keys (no spare keycode to borrow).
fn type_with_layout(connection: &RustConnection, root: Window, mapping: &Mapping, text: &str) -> Result<(), Failure> {
    let shift = keycode_for(connection, SHIFT_L)?;
    for c in text.chars() {
        let (keycode, shifted) = mapping
            .layout_key(u32::from(c))
            .ok_or("the keyboard layout has no key for a digit")?;
        match (shifted, shift) {
            (true, Some(shift)) => {
                key(connection, root, shift, true)?;
                let tapped = tap(connection, root, keycode);
                key(connection, root, shift, false)?;
                tapped?;
            }
            _ => tap(connection, root, keycode)?,
        }
    }
    connection.sync()?;
    Ok(())
}
