//! Choosing the passphrase of a new vault in the add form: when the first
//! account is registered and the vault it creates is protected by a
//! passphrase (and `TRAYOTP_PASSPHRASE` does not give one), the passphrase
//! is typed twice in masked fields, as `trayotp add` asks twice on the
//! terminal. The rule is `domain::vault_passphrase`; [`ui`] only draws it.

use zeroize::Zeroizing;

use crate::domain::vault_passphrase::{NewPassphraseError, check};

use super::widgets;
use crate::i18n::Texts;

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
pub fn ui(fields: &mut NewPassphrase, ui: &mut egui::Ui, texts: Texts, attempted: bool) -> [egui::Response; 2] {
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
