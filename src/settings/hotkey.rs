//! The global hotkey as a person writes it ("Ctrl+Alt+O"): parsed, checked
//! and written back in one canonical spelling, without any OS call.
//!
//! Our own small grammar rather than global-hotkey's parser: that one takes
//! "Ctrl+Ctrl+O" and a bare "O" (a hotkey that would eat every "o" typed),
//! and its errors ask the user to report bugs upstream. Here modifiers may
//! come in any order, each at most once; at least one of Ctrl/Alt/Win goes
//! with a letter, digit or Space; F1–F24 may stand alone. The shell turns a
//! [`Hotkey`] into global-hotkey's type by its W3C key code
//! ([`Hotkey::code_name`]).
//!
//! ## Why Ctrl+Alt+O is the default
//!
//! "O" for OTP, and it is free where our users are: Japanese keyboards
//! (JIS 106/109) have no AltGr, so Ctrl+Alt+letter types nothing; the
//! Japanese IMEs (Microsoft IME, Google 日本語入力, ATOK) use Alt+半角/全角,
//! Ctrl+Space, Ctrl+CapsLock, Shift+CapsLock, F6–F10, Ctrl+F10 and
//! Ctrl+Shift combinations, not Ctrl+Alt+O; Windows itself binds Ctrl+Alt
//! only to Delete and (some graphics drivers) the arrows; GNOME and KDE bind
//! Ctrl+Alt+T/L/Delete and the arrows, not O. What it does take from a few
//! programs while trayotp runs: Word's "Outline view" and Visual Studio's
//! "Output window" (both also in their menus), and on European layouts
//! where AltGr+O types a letter (Polish "ó") that letter. Those users change
//! it (`trayotp settings set hotkey Ctrl+Alt+Shift+O`) or turn it off (`""`);
//! a combination another program already holds is reported, never stolen.
//! On Linux, avoid Ctrl+Alt+F1–F12: the X server switches consoles with
//! them and no program ever sees the key.

use std::fmt;

/// The default hotkey (see the module documentation for why).
pub const DEFAULT_HOTKEY: &str = "Ctrl+Alt+O";

/// A parsed hotkey: modifiers plus one key.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Hotkey {
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
    /// The Windows key (Super on Linux).
    pub win: bool,
    key: Key,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Key {
    Letter(char),
    Digit(char),
    Function(u8),
    Named(&'static str, &'static str),
}

/// Keys with a name: (what we write, W3C code, other spellings accepted).
const NAMED_KEYS: [(&str, &str, &[&str]); 11] = [
    ("Space", "Space", &[]),
    ("Insert", "Insert", &["ins"]),
    ("Delete", "Delete", &["del"]),
    ("Home", "Home", &[]),
    ("End", "End", &[]),
    ("PageUp", "PageUp", &["pgup"]),
    ("PageDown", "PageDown", &["pgdn"]),
    ("Up", "ArrowUp", &["arrowup"]),
    ("Down", "ArrowDown", &["arrowdown"]),
    ("Left", "ArrowLeft", &["arrowleft"]),
    ("Right", "ArrowRight", &["arrowright"]),
];

/// Why a hotkey string was refused; `Display` is one line for the user.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HotkeyError {
    #[error("'{0}' has an empty part: write it like Ctrl+Alt+O")]
    EmptyPart(String),
    #[error(
        "'{text}': '{part}' is not a key trayotp knows (use A-Z, 0-9, F1-F24, Space, Insert, Delete, Home, End, PageUp, PageDown, Up, Down, Left, Right)"
    )]
    UnknownKey { text: String, part: String },
    #[error("'{text}' names {modifier} twice")]
    DuplicateModifier { text: String, modifier: &'static str },
    #[error("'{0}' has more than one key besides Ctrl, Alt, Shift and Win")]
    TwoKeys(String),
    #[error("'{0}' has no key, only modifiers: add one, like Ctrl+Alt+O")]
    NoKey(String),
    #[error("'{0}' would take that key from every program: add Ctrl, Alt or Win, like Ctrl+Alt+O")]
    NeedsModifier(String),
}

impl Hotkey {
    /// Parses a setting's value: `Ok(None)` for an empty one (hotkey off).
    pub fn parse_setting(text: &str) -> Result<Option<Hotkey>, HotkeyError> {
        if text.trim().is_empty() {
            return Ok(None);
        }
        text.parse().map(Some)
    }

    /// The key's W3C `KeyboardEvent.code` name ("KeyO", "Digit1", "F5",
    /// "ArrowUp"), which global-hotkey's `Code` is parsed from.
    pub fn code_name(&self) -> String {
        match self.key {
            Key::Letter(c) => format!("Key{c}"),
            Key::Digit(c) => format!("Digit{c}"),
            Key::Function(n) => format!("F{n}"),
            Key::Named(_, code) => code.to_string(),
        }
    }

    fn key_name(&self) -> String {
        match self.key {
            Key::Letter(c) | Key::Digit(c) => c.to_string(),
            Key::Function(n) => format!("F{n}"),
            Key::Named(name, _) => name.to_string(),
        }
    }
}

impl fmt::Display for Hotkey {
    /// Canonical: `Ctrl+Alt+Shift+Win+Key`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (on, name) in [
            (self.ctrl, "Ctrl"),
            (self.alt, "Alt"),
            (self.shift, "Shift"),
            (self.win, "Win"),
        ] {
            if on {
                write!(f, "{name}+")?;
            }
        }
        f.write_str(&self.key_name())
    }
}

fn parse_key(part: &str) -> Option<Key> {
    let lower = part.to_ascii_lowercase();
    let mut chars = part.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return match c {
            'a'..='z' | 'A'..='Z' => Some(Key::Letter(c.to_ascii_uppercase())),
            '0'..='9' => Some(Key::Digit(c)),
            _ => None,
        };
    }
    if let Some(rest) = lower.strip_prefix("key")
        && rest.len() == 1
    {
        return parse_key(rest).filter(|k| matches!(k, Key::Letter(_)));
    }
    if let Some(rest) = lower.strip_prefix("digit")
        && rest.len() == 1
    {
        return parse_key(rest).filter(|k| matches!(k, Key::Digit(_)));
    }
    if let Some(number) = lower.strip_prefix('f')
        && let Ok(n) = number.parse::<u8>()
        && (1..=24).contains(&n)
        && !number.starts_with('0')
    {
        return Some(Key::Function(n));
    }
    NAMED_KEYS
        .iter()
        .find(|(name, _, others)| name.eq_ignore_ascii_case(&lower) || others.contains(&lower.as_str()))
        .map(|(name, code, _)| Key::Named(name, code))
}

impl std::str::FromStr for Hotkey {
    type Err = HotkeyError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut hotkey = Hotkey {
            ctrl: false,
            alt: false,
            shift: false,
            win: false,
            key: Key::Function(0),
        };
        let mut key = None;
        for raw in text.split('+') {
            let part = raw.trim();
            if part.is_empty() {
                return Err(HotkeyError::EmptyPart(text.to_string()));
            }
            let modifier = match part.to_ascii_lowercase().as_str() {
                "ctrl" | "control" => Some((&mut hotkey.ctrl, "Ctrl")),
                "alt" => Some((&mut hotkey.alt, "Alt")),
                "shift" => Some((&mut hotkey.shift, "Shift")),
                "win" | "super" | "meta" | "windows" => Some((&mut hotkey.win, "Win")),
                _ => None,
            };
            match modifier {
                Some((flag, name)) => {
                    if *flag {
                        return Err(HotkeyError::DuplicateModifier {
                            text: text.to_string(),
                            modifier: name,
                        });
                    }
                    *flag = true;
                }
                None => {
                    let parsed = parse_key(part).ok_or_else(|| HotkeyError::UnknownKey {
                        text: text.to_string(),
                        part: part.to_string(),
                    })?;
                    if key.replace(parsed).is_some() {
                        return Err(HotkeyError::TwoKeys(text.to_string()));
                    }
                }
            }
        }
        hotkey.key = key.ok_or_else(|| HotkeyError::NoKey(text.to_string()))?;
        let function_key = matches!(hotkey.key, Key::Function(_));
        if !(function_key || hotkey.ctrl || hotkey.alt || hotkey.win) {
            return Err(HotkeyError::NeedsModifier(text.to_string()));
        }
        Ok(hotkey)
    }
}

/// Whether this session can have a global hotkey at all (Linux: X11 only).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HotkeySupport {
    Available,
    /// A Wayland session: no global hotkeys for ordinary programs (through
    /// XWayland a grab would fire only while an X11 window has focus).
    Wayland,
    /// No display at all (a bare console, an SSH session).
    NoDisplay,
}

/// Why the hotkey is not working; `Display` is one line (English, for the
/// command line; the tray says it through `crate::i18n`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HotkeyProblem {
    #[error("global hotkeys are not available in a Wayland session: use the tray menu or `trayotp copy NAME`")]
    Wayland,
    #[error("global hotkeys need an X11 display and there is none: use `trayotp copy NAME`")]
    NoDisplay,
    #[error("{0} is already used by another program: choose another combination")]
    Taken(String),
    #[error("{hotkey} could not be set up ({detail}): choose another combination")]
    Failed { hotkey: String, detail: String },
}

impl HotkeyProblem {
    /// The problem, if any, of a session without global hotkeys.
    pub fn of_support(support: HotkeySupport) -> Option<HotkeyProblem> {
        match support {
            HotkeySupport::Available => None,
            HotkeySupport::Wayland => Some(HotkeyProblem::Wayland),
            HotkeySupport::NoDisplay => Some(HotkeyProblem::NoDisplay),
        }
    }
}

/// Decides [`HotkeySupport`] on Linux from `WAYLAND_DISPLAY`,
/// `XDG_SESSION_TYPE` and `DISPLAY`. global-hotkey cannot tell: without a
/// usable X display it registers "successfully" and never fires.
pub fn linux_support(
    wayland_display: Option<&str>,
    session_type: Option<&str>,
    display: Option<&str>,
) -> HotkeySupport {
    let set = |v: Option<&str>| v.is_some_and(|v| !v.trim().is_empty());
    if set(wayland_display) || session_type.is_some_and(|t| t.trim().eq_ignore_ascii_case("wayland")) {
        HotkeySupport::Wayland
    } else if !set(display) {
        HotkeySupport::NoDisplay
    } else {
        HotkeySupport::Available
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Hotkey, HotkeyError> {
        text.parse()
    }

    #[test]
    fn common_spellings_parse_to_one_canonical_form() {
        for text in [
            "Ctrl+Alt+O",
            "ctrl+alt+o",
            "Alt + Ctrl + o",
            "control+alt+KeyO",
            "CTRL+ALT+O",
        ] {
            let hotkey = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(hotkey.to_string(), "Ctrl+Alt+O", "{text}");
            assert_eq!(hotkey.code_name(), "KeyO");
        }
        assert_eq!(parse("shift+win+digit1").expect("parses").to_string(), "Shift+Win+1");
        assert_eq!(parse("Super+Shift+1").expect("parses").to_string(), "Shift+Win+1");
        assert_eq!(parse("Ctrl+Shift+F12").expect("parses").code_name(), "F12");
        assert_eq!(parse("F9").expect("a bare F-key").to_string(), "F9");
        assert_eq!(parse("Ctrl+Alt+pgdn").expect("parses").to_string(), "Ctrl+Alt+PageDown");
        assert_eq!(parse("Alt+Win+Up").expect("parses").code_name(), "ArrowUp");
        assert_eq!(parse("Ctrl+Alt+Space").expect("parses").code_name(), "Space");
    }

    #[test]
    fn the_canonical_form_parses_back_to_itself() {
        for text in ["Ctrl+Alt+O", "Ctrl+Alt+Shift+Win+F24", "Win+5", "Alt+Delete"] {
            let hotkey = parse(text).expect("parses");
            assert_eq!(hotkey.to_string(), text);
            assert_eq!(parse(&hotkey.to_string()), Ok(hotkey));
        }
    }

    #[test]
    fn mistakes_are_refused_with_what_is_wrong() {
        assert_eq!(
            parse("Ctrl+Ctrl+O"),
            Err(HotkeyError::DuplicateModifier {
                text: "Ctrl+Ctrl+O".into(),
                modifier: "Ctrl"
            })
        );
        assert!(matches!(
            parse("Ctrl+Control+O"),
            Err(HotkeyError::DuplicateModifier { .. })
        ));
        assert_eq!(parse("Ctrl+O+P"), Err(HotkeyError::TwoKeys("Ctrl+O+P".into())));
        assert_eq!(parse("Ctrl+Alt"), Err(HotkeyError::NoKey("Ctrl+Alt".into())));
        assert_eq!(parse("Ctrl++O"), Err(HotkeyError::EmptyPart("Ctrl++O".into())));
        assert_eq!(parse("Ctrl+Alt+"), Err(HotkeyError::EmptyPart("Ctrl+Alt+".into())));
        assert_eq!(parse("O"), Err(HotkeyError::NeedsModifier("O".into())));
        assert_eq!(parse("Shift+O"), Err(HotkeyError::NeedsModifier("Shift+O".into())));
        for unknown in [
            "Ctrl+Alt+Ö",
            "Ctrl+Alt+F25",
            "Ctrl+Alt+F0",
            "Ctrl+Alt+F01",
            "Ctrl+Alt+Esc",
            "Ctrl+Alt+KeyOO",
        ] {
            assert!(
                matches!(parse(unknown), Err(HotkeyError::UnknownKey { .. })),
                "{unknown}"
            );
        }
        let message = parse("Ctrl+Alt+Ö").expect_err("refused").to_string();
        assert!(message.contains("'Ö' is not a key"), "{message}");
        assert!(!message.contains('\n'));
    }

    #[test]
    fn an_empty_setting_means_off() {
        assert_eq!(Hotkey::parse_setting(""), Ok(None));
        assert_eq!(Hotkey::parse_setting("  "), Ok(None));
        assert!(Hotkey::parse_setting(DEFAULT_HOTKEY).expect("default parses").is_some());
    }

    #[test]
    fn wayland_and_missing_displays_are_told_apart() {
        assert_eq!(linux_support(None, None, Some(":0")), HotkeySupport::Available);
        assert_eq!(linux_support(None, Some("x11"), Some(":0")), HotkeySupport::Available);
        assert_eq!(
            linux_support(Some("wayland-0"), None, Some(":0")),
            HotkeySupport::Wayland
        );
        assert_eq!(linux_support(None, Some("wayland"), Some(":1")), HotkeySupport::Wayland);
        assert_eq!(linux_support(None, None, None), HotkeySupport::NoDisplay);
        assert_eq!(linux_support(Some(""), Some("tty"), Some("")), HotkeySupport::NoDisplay);
    }
}
