//! Unlocking a passphrase vault (ロック解除): the tray's own unlock window
//! at start (`gui::unlock`) and the passphrase a form asks for before it
//! opens the vault.

use super::Texts;

impl Texts {
    pub fn passphrase_intro(self) -> &'static str {
        self.pick(
            "Your accounts are protected by a passphrase (the phrase you chose to lock them).",
            "アカウントはパスフレーズ（ご自分で決めた合言葉）で保護されています。",
        )
    }

    /// The title of the tray's own unlock window (a passphrase vault at start).
    pub fn unlock_title(self) -> &'static str {
        self.pick("Unlock — trayotp", "ロック解除 — trayotp")
    }

    pub fn passphrase_label(self) -> &'static str {
        self.pick("Passphrase", "パスフレーズ")
    }

    pub fn unlock(self) -> &'static str {
        self.pick("Unlock", "ロック解除")
    }

    pub fn passphrase_empty(self) -> &'static str {
        self.pick("Type the passphrase.", "パスフレーズを入力してください。")
    }

    pub fn passphrase_wrong(self) -> &'static str {
        self.pick(
            "Wrong passphrase: the accounts could not be unlocked with it. Try again.",
            "パスフレーズが違います。もう一度入力してください。",
        )
    }
}
