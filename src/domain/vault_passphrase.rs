//! The rule for the passphrase of a new passphrase-protected vault,
//! checked before the vault is created: typed twice alike, and long
//! enough. Plain Rust: the add form draws it, and the command line
//! (`trayotp add`, asked twice or from `TRAYOTP_PASSPHRASE`) applies the
//! same minimum.

/// The shortest new passphrase the form accepts, in characters: it is the
/// only thing between a copied vault file and the accounts' keys.
pub const MIN_CHARS: usize = 8;

/// Why the typed passphrase cannot protect the new vault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewPassphraseError {
    Empty,
    TooShort { min: usize },
    Mismatch,
}

/// Checks a new passphrase and its repetition.
pub fn check(first: &str, second: &str) -> Result<(), NewPassphraseError> {
    if first.is_empty() {
        Err(NewPassphraseError::Empty)
    } else if first.chars().count() < MIN_CHARS {
        Err(NewPassphraseError::TooShort { min: MIN_CHARS })
    } else if first != second {
        Err(NewPassphraseError::Mismatch)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_passphrase_must_be_long_enough_and_typed_the_same_twice() {
        assert_eq!(check("", ""), Err(NewPassphraseError::Empty));
        assert_eq!(
            check("1234567", "1234567"),
            Err(NewPassphraseError::TooShort { min: 8 })
        );
        assert_eq!(
            check("パスフレーズ長め", "パスフレーズ長め"),
            Ok(()),
            "8 characters, not bytes"
        );
        assert_eq!(check("12345678", "12345679"), Err(NewPassphraseError::Mismatch));
        assert_eq!(check("12345678", ""), Err(NewPassphraseError::Mismatch));
        assert_eq!(check("correct horse", "correct horse"), Ok(()));
    }
}
