//! The technical words kept out of the main text of every message the forms
//! show, in Japanese and English: the one list `docs/glossary.md` documents
//! (with what to say instead), and the one the tests read. A message that
//! needs such a word puts it behind 「詳しく」 / "Details" ([`super::Worded`]).

/// Words the main text of a message never uses. A word written in lower
/// case is found in any case, one with capitals only as written; either is
/// found only at the start of a word ("key" is in "keys", not in "hotkey").
/// Japanese words are found anywhere.
pub const AVOID: &[&str] = &[
    // Japanese
    "鍵",
    "16進数",
    "10進数",
    "発行元",
    "ビット",
    "アルゴリズム",
    // Either language
    "Base32",
    "ASCII",
    "SHA",
    "HOTP",
    "TOTP",
    "TOML",
    "otpauth",
    "host",
    // English
    "key",
    "hex",
    "decimal",
    "issuer",
    "bits",
    "algorithm",
];

/// The words of [`AVOID`] that `text` uses.
pub fn technical_words(text: &str) -> Vec<&'static str> {
    AVOID.iter().copied().filter(|word| uses(text, word)).collect()
}

fn uses(text: &str, word: &str) -> bool {
    if !word.is_ascii() {
        return text.contains(word);
    }
    let any_case = !word.chars().any(|c| c.is_ascii_uppercase());
    let haystack = if any_case {
        text.to_lowercase()
    } else {
        text.to_string()
    };
    haystack.match_indices(word).any(|(at, _)| {
        !haystack[..at]
            .chars()
            .next_back()
            .is_some_and(|before| before.is_ascii_alphabetic())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_is_found_at_the_start_of_a_word_only() {
        assert_eq!(technical_words("the key"), ["key"]);
        assert_eq!(technical_words("Keys and SHA256"), ["SHA", "key"]);
        assert!(technical_words("Hotkey, shall, share").is_empty());
        assert_eq!(technical_words("この鍵は16進数です"), ["鍵", "16進数"]);
    }

    /// The glossary documents exactly this list: each word is in its
    /// "Not in main text" table.
    #[test]
    fn the_glossary_documents_every_word() {
        let glossary = include_str!("../../docs/glossary.md");
        let table = glossary
            .split("## Not in main text")
            .nth(1)
            .expect("docs/glossary.md has a \"## Not in main text\" section");
        for word in AVOID {
            assert!(
                table.contains(&format!("`{word}`")),
                "docs/glossary.md does not list `{word}`"
            );
        }
    }
}
