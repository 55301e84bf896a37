//! Choosing the passphrase of a new vault in the add form: when the first
//! account is registered and the vault it creates is protected by a
//! passphrase (and `TRAYOTP_PASSPHRASE` does not give one), the passphrase
//! is typed twice in masked fields, as `trayotp add` asks twice on the
//! terminal. The rule ([`check`]) is plain Rust; [`ui`] only draws it.

use zeroize::Zeroizing;

use super::texts::FormTexts;
use super::widgets;

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

/// The two fields.
#[derive(Default)]
pub struct NewPassphrase {
    pub first: Zeroizing<String>,
    pub second: Zeroizing<String>,
}

impl NewPassphrase {
    /// The passphrase, if both fields agree and it is acceptable.
    pub fn chosen(&self) -> Result<Zeroizing<String>, NewPassphraseError> {
        check(&self.first, &self.second).map(|()| self.first.clone())
    }
}

/// Draws the two fields and, once Register was pressed (`attempted`), what
/// is wrong with them. Returns the fields' responses (for Enter).
pub fn ui(fields: &mut NewPassphrase, ui: &mut egui::Ui, texts: FormTexts, attempted: bool) -> [egui::Response; 2] {
    ui.label(texts.new_passphrase_intro());
    let width = ui.available_width();
    let first_label = ui.label(texts.new_passphrase_label());
    let first = widgets::secret_field(ui, &mut fields.first, 1024, |edit| edit.desired_width(width))
        .labelled_by(first_label.id);
    let second_label = ui.label(texts.repeat_passphrase_label());
    let second = widgets::secret_field(ui, &mut fields.second, 1024, |edit| edit.desired_width(width))
        .labelled_by(second_label.id);
    if attempted && let Err(error) = fields.chosen() {
        widgets::error_line(ui, &texts.new_passphrase_error(error));
    }
    [first, second]
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
