//! "Show code" (OTPを表示, `gui::show`): the account, its code's time left,
//! Copy and what it did (also after Register in Add, and in the picker),
//! and a change made to the vault elsewhere. Checking a code against the
//! account is in `check`.

use crate::vault::VaultNotice;

use super::Texts;

impl Texts {
    pub fn account(self) -> &'static str {
        self.pick("Account", "アカウント")
    }

    pub fn copy_code(self) -> &'static str {
        self.pick("Copy OTP to clipboard", "クリップボードにOTPをコピー")
    }

    pub fn seconds_left(self, left: u64, period: u32) -> String {
        self.pick(
            format!("{left} s left (of {period})"),
            format!("残り {left} 秒（有効時間 {period} 秒）"),
        )
    }

    pub fn copied(self) -> &'static str {
        self.pick(
            "Copied. It is cleared from the clipboard when the code expires.",
            "コピーしました。コードの期限が切れるとクリップボードから消去されます。",
        )
    }

    pub fn copying_next(self, seconds: u64) -> String {
        self.pick(
            format!("This code expires in {seconds} s: the next code will be copied then."),
            format!("このコードはまもなく期限切れです。{seconds} 秒後に新しいコードをコピーします。"),
        )
    }

    pub fn copy_failed(self) -> String {
        self.clipboard_busy()
    }

    /// An account on show was changed elsewhere.
    pub fn vault_notice(self, notice: &VaultNotice) -> String {
        match notice {
            VaultNotice::Removed(name) => self.pick(
                format!("'{name}' was deleted (in another window or by a command)."),
                format!("「{name}」は削除されました（ほかの画面またはコマンドで）。"),
            ),
            VaultNotice::Renamed { from, to } => self.pick(
                format!("'{from}' was renamed to '{to}'."),
                format!("「{from}」の名前は「{to}」に変わりました。"),
            ),
        }
    }

    /// The vault changed and cannot be read now; `detail` is the vault's own line.
    pub fn vault_reread_failed(self, detail: &str) -> String {
        self.pick(
            format!("The accounts cannot be read again ({detail}): showing them as they were."),
            format!("アカウントを読み直せません（{detail}）。前の内容を表示しています。"),
        )
    }
}
