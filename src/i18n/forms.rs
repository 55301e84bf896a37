//! What every form shares: the windows' titles (the seed app's screen
//! names), the buttons several forms have (Cancel, Close, Save), 「詳しく」 /
//! "Details", "no accounts yet", and the vault's errors as a form says them.

use crate::choices::Form;

use super::Texts;

impl Texts {
    /// The window title (the seed app's screen names).
    pub fn title(self, form: Form) -> &'static str {
        match form {
            Form::Add => self.pick("Add account — trayotp", "アカウントの追加 — trayotp"),
            Form::Show => self.pick("Show code — trayotp", "OTPを表示 — trayotp"),
            Form::Manage => self.pick("Manage accounts — trayotp", "アカウントの管理 — trayotp"),
            Form::Settings => self.pick("Settings — trayotp", "設定 — trayotp"),
            Form::Backup => self.pick("Back up — trayotp", "バックアップ — trayotp"),
            Form::Pick => self.pick("Find account — trayotp", "アカウントを検索 — trayotp"),
        }
    }

    pub fn cancel(self) -> &'static str {
        self.pick("Cancel", "キャンセル")
    }

    pub fn close(self) -> &'static str {
        self.pick("Close", "閉じる")
    }

    /// 「詳しく」 / "Details": the section that holds a message's technical detail.
    pub fn details(self) -> &'static str {
        self.pick("Details", "詳しく")
    }

    pub fn no_accounts(self) -> &'static str {
        self.pick("No accounts yet.", "アカウントはまだありません。")
    }

    pub fn save(self) -> &'static str {
        self.pick("Save", "保存")
    }

    /// The vault could not be read; `detail` is the vault's own one line.
    pub fn unreadable(self, detail: &str) -> String {
        self.vault_unreadable(detail)
    }

    /// The vault could not be written; `detail` is the vault's own one line.
    pub fn not_saved(self, detail: &str) -> String {
        self.pick(
            format!("Nothing was changed: {detail}"),
            format!("変更できませんでした：{detail}"),
        )
    }
}
