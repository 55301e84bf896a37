//! The command line's sentences (`trayotp add`, `rename`, `remove`,
//! `status`, `copy` without a tray, …), in the language `cli::texts`
//! chooses. What scripts read (`--json`, a bare code or name) is never
//! here, and neither are the command line's errors: `cli::texts` and
//! `cli::error_texts` word those from the command line's own error types.

use super::Texts;

impl Texts {
    pub fn cli_added(self, name: &str, how: &str) -> String {
        self.pick(
            format!("Added '{name}' ({how})."),
            format!("「{name}」を追加しました（{how}）。"),
        )
    }

    /// `how` for [`Texts::cli_added`]: the reading words, algorithm, digits, period.
    pub fn cli_added_how(self, reading_words: &str, algorithm: &str, digits: u8, period: u32) -> String {
        self.pick(
            format!("{reading_words}{algorithm}, {digits} digits, {period} s"),
            format!("{reading_words}{algorithm}、{digits} 桁、{period} 秒"),
        )
    }

    pub fn cli_check_before_removing_old_app(self, name: &str) -> String {
        self.pick(
            format!(
                "Before you remove the old app, check that trayotp's code is accepted: `trayotp code \"{name}\"` shows it."
            ),
            format!(
                "古いアプリを削除する前に、trayotp のコードが受け付けられることを確認してください。コードは `trayotp code \"{name}\"` で表示できます。"
            ),
        )
    }

    pub fn cli_matched_one_reading(self, found: &str) -> String {
        self.pick(
            format!("Your code matched exactly one way of reading the setup number: {found}."),
            format!("入力されたコードは、設定用番号の読み方のうち 1 通りだけと一致しました（{found}）。"),
        )
    }

    pub fn cli_window_rule_set(self, name: &str, rule: Option<&str>) -> String {
        match rule {
            Some(rule) => self.pick(
                format!("'{name}' is now picked by the hotkey over windows whose title contains '{rule}'."),
                format!("タイトルに「{rule}」を含むウィンドウでホットキーを押すと、「{name}」のコードを使います。"),
            ),
            None => self.pick(
                format!("'{name}' has no window rule now."),
                format!("「{name}」のウィンドウの条件を消しました。"),
            ),
        }
    }

    pub fn cli_reading_set(self, name: &str, reading: Option<&str>) -> String {
        match reading {
            Some(reading) => self.pick(
                format!("The reading of '{name}' is now '{reading}'."),
                format!("「{name}」のよみを「{reading}」にしました。"),
            ),
            None => self.pick(
                format!("'{name}' has no reading now."),
                format!("「{name}」のよみを消しました。"),
            ),
        }
    }

    pub fn cli_renamed(self, old: &str, new: &str) -> String {
        self.pick(
            format!("Renamed '{old}' to '{new}'."),
            format!("「{old}」の表示名を「{new}」に変更しました。"),
        )
    }

    pub fn cli_remove_question(self, name: &str) -> String {
        self.pick(
            format!("Remove '{name}' and its key? Codes for it can no longer be made."),
            format!("「{name}」とその鍵を削除しますか？このアカウントのコードは作れなくなります。"),
        )
    }

    pub fn cli_removed(self, name: &str) -> String {
        self.pick(format!("Removed '{name}'."), format!("「{name}」を削除しました。"))
    }

    pub fn cli_running(self, hotkey: Option<&str>) -> String {
        match hotkey {
            Some(hotkey) => self.pick(
                format!("trayotp is running for this vault (hotkey: {hotkey})."),
                format!("この保管庫の trayotp は起動しています（ホットキー: {hotkey}）。"),
            ),
            None => self.pick(
                "trayotp is running for this vault (hotkey: none).".into(),
                "この保管庫の trayotp は起動しています（ホットキーなし）。".into(),
            ),
        }
    }

    pub fn cli_copied_without_tray(self, name: &str, left: u64, period: u32) -> String {
        self.pick(
            format!(
                "No tray is running: copied the code for '{name}' ({left} s of {period} left); it is cleared from the clipboard when it expires."
            ),
            format!(
                "トレイは起動していないため、このコマンドで「{name}」のコードをコピーしました（有効時間 {period} 秒のうち残り {left} 秒）。期限が切れるとクリップボードから消去されます。"
            ),
        )
    }

    pub fn cli_waiting_for_next_code(self, left: u64) -> String {
        self.pick(
            format!("trayotp: the current code expires in {left} s; waiting for the next one"),
            format!("trayotp: 今のコードはあと {left} 秒で期限切れです。次のコードを待っています"),
        )
    }

    pub fn cli_default_renamed(self, name: &str) -> String {
        self.pick(
            format!("default_account is now {name}."),
            format!("default_account（既定のアカウント）を {name} にしました。"),
        )
    }

    pub fn cli_default_cleared(self) -> String {
        self.pick(
            "default_account is now empty (no default account).".into(),
            "default_account（既定のアカウント）を空にしました（既定のアカウントなし）。".into(),
        )
    }
}
