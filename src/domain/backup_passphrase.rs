//! The one rule for a backup's passphrase, shared by `trayotp backup` and
//! the "Back up…" form. A backup is the file that travels (a USB stick, a
//! cloud folder): its passphrase is all that stands between whoever finds it
//! and every key, and Argon2id at 64 MiB only slows guessing down. So a
//! backup needs a real minimum length, and a shorter one is used only when
//! the user explicitly says so (`--weak-passphrase`).

/// The shortest backup passphrase accepted without the explicit override.
pub const MIN_CHARS: usize = 10;

/// Why a backup passphrase is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupPassphraseError {
    Empty,
    /// Fewer than [`MIN_CHARS`] characters (and no override).
    TooShort {
        chars: usize,
    },
}

/// Whether the user said to accept a passphrase under [`MIN_CHARS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Weak {
    #[default]
    Refused,
    Allowed,
}

/// Checks a backup passphrase. An empty one is refused even with the
/// override; characters (not bytes) are counted, so a Japanese passphrase
/// is not favoured or penalised by its encoding.
pub fn check(passphrase: &str, weak: Weak) -> Result<(), BackupPassphraseError> {
    let chars = passphrase.chars().count();
    if chars == 0 {
        Err(BackupPassphraseError::Empty)
    } else if chars < MIN_CHARS && weak == Weak::Refused {
        Err(BackupPassphraseError::TooShort { chars })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_real_minimum_with_an_explicit_override() {
        assert_eq!(check("", Weak::Refused), Err(BackupPassphraseError::Empty));
        assert_eq!(check("", Weak::Allowed), Err(BackupPassphraseError::Empty));
        assert_eq!(
            check("x", Weak::Refused),
            Err(BackupPassphraseError::TooShort { chars: 1 })
        );
        assert_eq!(
            check("123456789", Weak::Refused),
            Err(BackupPassphraseError::TooShort { chars: 9 })
        );
        assert_eq!(check("x", Weak::Allowed), Ok(()));
        assert_eq!(check("1234567890", Weak::Refused), Ok(()));
        // Characters, not bytes: ten kana are enough, five are not.
        assert_eq!(check("あいうえおかきくけこ", Weak::Refused), Ok(()));
        assert_eq!(
            check("あいうえお", Weak::Refused),
            Err(BackupPassphraseError::TooShort { chars: 5 })
        );
    }
}
