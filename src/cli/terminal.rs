//! Text that came from a file (an import file, an otpauth:// link, a
//! backup), made safe to print on a terminal. Such text can hold escape
//! sequences: an OSC 8 hyperlink, a changed window title, a cleared screen,
//! or bidirectional overrides that make a line read differently from what it
//! holds. Every line the command line prints that interpolates such text goes
//! through [`terminal_safe`], which shows those characters escaped
//! (`\u{1b}`) instead of letting the terminal act on them.

use std::borrow::Cow;

/// Whether the terminal could act on `c` rather than show it: control
/// characters (C0, DEL, C1; line breaks included, as every message is one
/// line), the Unicode bidirectional embedding, override and isolate marks,
/// and the zero-width characters (`domain::account::is_invisible`).
fn is_unsafe(c: char) -> bool {
    c.is_control() || crate::domain::account::is_invisible(c)
}

/// `text` with every character a terminal could act on written as a Rust
/// escape (`\u{1b}`, `\n`); borrowed unchanged in the usual case.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_unsafe(c) {
            let escaped = c.escape_debug().to_string();
            if escaped.len() > 1 {
                out.push_str(&escaped);
            } else {
                // escape_debug leaves a few format characters as they are.
                out.extend(c.escape_unicode());
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_shown_not_obeyed() {
        let osc8 = "unknown algorithm '\u{1b}]8;;https://evil\u{1b}\\click\u{1b}]8;;\u{1b}\\'";
        let safe = terminal_safe(osc8);
        assert!(!safe.contains('\u{1b}'), "{safe}");
        assert!(safe.contains(r"\u{1b}]8;;https://evil"), "{safe}");
        assert_eq!(terminal_safe("a\u{7}b\u{9b}c\u{7f}"), r"a\u{7}b\u{9b}c\u{7f}");
        assert_eq!(terminal_safe("two\nlines\r"), r"two\nlines\r");
        assert_eq!(terminal_safe("abc\u{202e}fed"), r"abc\u{202e}fed");
        assert!(!terminal_safe("x\u{2067}y").contains('\u{2067}'));
    }

    #[test]
    fn ordinary_text_is_left_alone_and_borrowed() {
        for text in [
            "Imported a.json (Aegis vault): 1 added",
            "三菱 太郎\u{3000}(2)",
            "tab-free",
        ] {
            assert!(matches!(terminal_safe(text), Cow::Borrowed(t) if t == text));
        }
    }
}
