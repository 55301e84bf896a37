//! Every sentence the tray shows a person, in English and Japanese, in one
//! place. The language follows the OS locale unless settings override it.
//!
//! Brokerage customers read Japanese; the wording follows the seed guide's
//! vocabulary (表示名, コピー, 有効時間) so the product feels like the app it
//! replaces.

/// A user-interface language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    English,
    Japanese,
}

impl Language {
    /// Picks the language for a BCP 47 / POSIX locale name such as `ja-JP`,
    /// `ja_JP.UTF-8` or `en-US`; anything not Japanese is English.
    pub fn from_locale(locale: Option<&str>) -> Self {
        match locale {
            Some(name) if name.to_ascii_lowercase().starts_with("ja") => Language::Japanese,
            _ => Language::English,
        }
    }

    /// The language of the current OS user (`LANG`/`LC_*` on Linux, the UI
    /// language on Windows).
    pub fn from_os() -> Self {
        Self::from_locale(sys_locale::get_locale().as_deref())
    }
}

/// The texts for one language.
#[derive(Clone, Copy, Debug)]
pub struct Texts(pub Language);

impl Texts {
    pub(crate) fn pick(self, english: String, japanese: String) -> String {
        match self.0 {
            Language::English => english,
            Language::Japanese => japanese,
        }
    }

    pub fn app_name(self) -> &'static str {
        "trayotp"
    }

    /// The tray tooltip when nothing is pending.
    pub fn tooltip_idle(self, accounts: usize) -> String {
        let plural = if accounts == 1 { "" } else { "s" };
        self.pick(
            format!("trayotp — {accounts} account{plural}"),
            format!("trayotp — アカウント {accounts} 件"),
        )
    }

    /// "三菱 太郎: code copied — 42 s of 60 left".
    pub fn code_copied(self, name: &str, digits: Option<&str>, left: u64, period: u32) -> String {
        match digits {
            None => self.pick(
                format!("{name}: code copied — {left} s of {period} left"),
                format!("{name} のコードをコピーしました（残り {left} 秒 / {period} 秒）"),
            ),
            Some(code) => self.pick(
                format!("{name}: code {code} copied — {left} s of {period} left"),
                format!("{name} のコード {code} をコピーしました（残り {left} 秒 / {period} 秒）"),
            ),
        }
    }

    /// The click came in the code's last seconds: the fresh code follows.
    pub fn waiting_for_fresh_code(self, name: &str, wait: u64) -> String {
        self.pick(
            format!("{name}: the current code expires in {wait} s — the next code will be copied then"),
            format!("{name} のコードはまもなく期限切れです。{wait} 秒後に新しいコードをコピーします"),
        )
    }

    pub fn clipboard_busy(self) -> String {
        self.pick(
            "Could not copy the code: another program is using the clipboard. Please try again.".into(),
            "コードをコピーできませんでした。ほかのアプリがクリップボードを使用中です。もう一度お試しください。".into(),
        )
    }

    pub fn unknown_account(self, name: &str) -> String {
        self.pick(
            format!("There is no account named '{name}'."),
            format!("「{name}」というアカウントはありません。"),
        )
    }

    /// The menu items that open the forms (the seed app's words).
    pub fn menu_form(self, form: crate::app::Form) -> String {
        use crate::app::Form;
        let (english, japanese) = match form {
            Form::Add => ("Add account…", "アカウントの追加…"),
            Form::Show => ("Show code…", "OTPを表示…"),
            Form::Manage => ("Manage accounts…", "アカウントの管理…"),
        };
        self.pick(english.into(), japanese.into())
    }

    pub fn window_failed(self) -> String {
        self.pick(
            "The window could not be opened. Run `trayotp window add` from a terminal to see why.".into(),
            "ウィンドウを開けませんでした。ターミナルで `trayotp window add` を実行すると原因が表示されます。".into(),
        )
    }

    pub fn menu_no_accounts(self) -> String {
        self.pick("(no accounts)".into(), "（アカウントなし）".into())
    }

    pub fn menu_quit(self) -> String {
        self.pick("Quit".into(), "終了".into())
    }

    pub fn already_running(self) -> String {
        self.pick(
            "trayotp is already running in the notification area.".into(),
            "trayotp はすでに通知領域で動作しています。".into(),
        )
    }

    /// The vault could not be (re)read; `detail` is the vault's own message.
    pub fn vault_unreadable(self, detail: &str) -> String {
        self.pick(
            format!("Cannot read your accounts: {detail}"),
            format!("アカウントを読み込めません: {detail}"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_names_pick_the_language() {
        for ja in ["ja", "ja-JP", "ja_JP.UTF-8", "JA-jp"] {
            assert_eq!(Language::from_locale(Some(ja)), Language::Japanese, "{ja}");
        }
        for en in ["en-US", "C", "POSIX", "de_DE.UTF-8", ""] {
            assert_eq!(Language::from_locale(Some(en)), Language::English, "{en}");
        }
        assert_eq!(Language::from_locale(None), Language::English);
    }

    #[test]
    fn the_copy_toast_reads_as_specified() {
        assert_eq!(
            Texts(Language::English).code_copied("三菱 太郎", None, 42, 60),
            "三菱 太郎: code copied — 42 s of 60 left"
        );
        assert_eq!(
            Texts(Language::Japanese).code_copied("三菱 太郎", None, 42, 60),
            "三菱 太郎 のコードをコピーしました（残り 42 秒 / 60 秒）"
        );
    }

    #[test]
    fn tooltip_counts_accounts() {
        assert_eq!(Texts(Language::English).tooltip_idle(1), "trayotp — 1 account");
        assert_eq!(Texts(Language::English).tooltip_idle(3), "trayotp — 3 accounts");
        assert_eq!(Texts(Language::Japanese).tooltip_idle(3), "trayotp — アカウント 3 件");
    }
}
