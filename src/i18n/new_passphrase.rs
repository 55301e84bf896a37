//! The new passphrase a form asks for when it creates a passphrase vault
//! (`gui::new_passphrase`): its fields and why it was refused.

use crate::domain::vault_passphrase::NewPassphraseError;

use super::Texts;

impl Texts {
    pub fn new_passphrase_intro(self) -> &'static str {
        self.pick(
            "Your accounts will be protected by a passphrase (a phrase, like a password, that you choose): choose one. It is asked for whenever trayotp opens them, and cannot be recovered if forgotten.",
            "アカウントはパスフレーズ（ご自分で決める合言葉）で保護されます。パスフレーズを決めてください。trayotp がアカウントを開くたびに必要で、忘れると元に戻せません。",
        )
    }

    pub fn new_passphrase_label(self) -> &'static str {
        self.pick("New passphrase", "新しいパスフレーズ")
    }

    pub fn repeat_passphrase_label(self) -> &'static str {
        self.pick("Repeat the passphrase", "パスフレーズ（確認）")
    }

    pub fn new_passphrase_error(self, error: NewPassphraseError) -> String {
        match error {
            NewPassphraseError::Empty => self
                .pick("Choose a passphrase.", "パスフレーズを入力してください。")
                .into(),
            NewPassphraseError::TooShort { min } => self.pick(
                format!("The passphrase is too short: use at least {min} characters."),
                format!("パスフレーズが短すぎます。{min} 文字以上にしてください。"),
            ),
            NewPassphraseError::Mismatch => self
                .pick(
                    "The two passphrases differ: type the same one twice.",
                    "2 つのパスフレーズが一致しません。同じものを 2 回入力してください。",
                )
                .into(),
        }
    }
}
