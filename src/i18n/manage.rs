//! "Manage accounts" (アカウントの管理, `gui::manage`): rename, delete,
//! reorder, the default account, and an account's window rule.

use crate::settings::default_account::Damage;

use super::Texts;

impl Texts {
    pub fn add_account(self) -> &'static str {
        self.pick("Add account…", "アカウントの追加…")
    }

    pub fn rename(self) -> &'static str {
        self.pick("Rename", "名前の変更")
    }

    pub fn delete(self) -> &'static str {
        self.pick("Delete…", "削除…")
    }

    pub fn move_up(self) -> &'static str {
        self.pick("Up", "上へ")
    }

    pub fn move_down(self) -> &'static str {
        self.pick("Down", "下へ")
    }

    pub fn order_hint(self) -> &'static str {
        self.pick(
            "The tray menu lists the accounts in this order.",
            "通知領域のメニューにはこの順番で表示されます。",
        )
    }

    pub fn confirm_delete(self, name: &str) -> String {
        self.pick(
            format!("Delete '{name}'? Its codes can no longer be made, unless you register its setup number again."),
            format!("「{name}」を削除しますか？　設定用番号をもう一度登録しない限り、このアカウントのコードは作れなくなります。"),
        )
    }

    pub fn delete_confirmed(self) -> &'static str {
        self.pick("Delete", "削除する")
    }

    /// The button that keeps the account after "Delete…".
    pub fn keep(self) -> &'static str {
        self.pick("Don't delete", "削除しない")
    }

    /// Manage accounts: show the selected account's code (the guide's 【OTPを表示】).
    pub fn show_otp(self) -> &'static str {
        self.pick("Show code", "OTPを表示")
    }

    pub fn deleted(self, name: &str) -> String {
        self.pick(format!("Deleted '{name}'."), format!("「{name}」を削除しました。"))
    }

    pub fn window_rule_label(self) -> &'static str {
        self.pick("Window rule:", "ウィンドウ条件：")
    }

    pub fn window_rule_hint(self) -> &'static str {
        self.pick("e.g. Example Securities", "例: 三菱UFJモルガン")
    }

    pub fn window_rule_help(self) -> &'static str {
        self.pick(
            "Text in the title of the window in front: the hotkey then picks this account there. Case, full/half width and hiragana/katakana are ignored; * stands for any text. Empty: no rule.",
            "前面のウィンドウのタイトルに含まれる文字です。そのウィンドウでホットキーを押すと、このアカウントを選びます。大文字・小文字、全角・半角、ひらがな・カタカナは区別しません。* は任意の文字を表します。空欄にすると条件はなくなります。",
        )
    }

    pub fn window_rule_save(self) -> &'static str {
        self.pick("Save rule", "条件を保存")
    }

    pub fn window_rule_saved(self, name: &str, rule: Option<&str>) -> String {
        match rule {
            Some(rule) => self.pick(
                format!("'{name}' is picked over windows whose title contains '{rule}'."),
                format!("タイトルに「{rule}」を含むウィンドウでは「{name}」を選びます。"),
            ),
            None => self.pick(
                format!("'{name}' has no window rule now."),
                format!("「{name}」のウィンドウ条件をなくしました。"),
            ),
        }
    }

    pub fn window_rule_error(self, error: &crate::domain::window_rule::RuleError) -> String {
        use crate::domain::window_rule::{MAX_RULE_CHARS, RuleError};
        match error {
            RuleError::ControlCharacter => self.pick(
                "The window rule contains a control character: use printable characters only.".into(),
                "ウィンドウ条件に制御文字が含まれています。表示できる文字だけを使ってください。".into(),
            ),
            RuleError::TooLong { chars } => self.pick(
                format!("The window rule is {chars} characters long: use at most {MAX_RULE_CHARS}."),
                format!("ウィンドウ条件が {chars} 文字あります。{MAX_RULE_CHARS} 文字以内にしてください。"),
            ),
        }
    }

    pub fn renamed(self, name: &str) -> String {
        self.pick(format!("Renamed to '{name}'."), format!("「{name}」に変更しました。"))
    }

    pub fn gone(self, name: &str) -> String {
        self.pick(
            format!("'{name}' is no longer there (changed elsewhere): the list was refreshed."),
            format!("「{name}」は見つかりません（ほかの画面で変更されたようです）。一覧を更新しました。"),
        )
    }

    pub fn mark_default(self) -> &'static str {
        self.pick("Mark as default", "既定にする")
    }

    pub fn unmark_default(self) -> &'static str {
        self.pick("Unmark default", "既定を解除")
    }

    /// The default account's row in the list.
    pub fn default_row(self, name: &str) -> String {
        self.pick(format!("{name}  ★ default"), format!("{name}  ★ 既定"))
    }

    pub fn default_marked(self, name: &str) -> String {
        self.pick(
            format!("'{name}' is now the default: a left click on the tray icon and the hotkey copy its code."),
            format!(
                "「{name}」を既定にしました。通知領域のアイコンの左クリックとホットキーでこのコードをコピーします。"
            ),
        )
    }

    pub fn default_unmarked(self, name: &str) -> String {
        self.pick(
            format!("'{name}' is no longer the default: there is no default account now."),
            format!("「{name}」の既定を解除しました。既定のアカウントはありません。"),
        )
    }

    /// The settings file could not be written; `detail` is its own one line.
    pub fn default_not_saved(self, detail: &str) -> String {
        self.pick(
            format!("The default account was not changed: {detail}"),
            format!("既定のアカウントを変更できませんでした：{detail}"),
        )
    }

    /// The settings file cannot be read, so "Manage accounts" cannot change the default account.
    pub fn default_account_blocked(self, path: &str, damage: &Damage) -> String {
        match damage {
            Damage::Syntax { line } => self.pick(
                format!("The default account cannot be changed: line {line} of {path} is not valid; fix or delete that file."),
                format!("設定ファイル {path} の {line} 行目に誤りがあるため、既定のアカウントを変更できません。ファイルを直すか削除してください。"),
            ),
            Damage::Unreadable(detail) => self.pick(
                format!("The default account cannot be changed: {path} cannot be read ({detail}); fix or delete that file."),
                format!("設定ファイル {path} を読み込めないため（{detail}）、既定のアカウントを変更できません。ファイルを直すか削除してください。"),
            ),
        }
    }
}
