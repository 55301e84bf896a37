//! The tray's sentences: its menu, its tooltip, the toasts after a copy,
//! the clock's warnings, and the notices about the settings and the
//! hotkey (`app` renders its effects with these).
//!
//! Brokerage customers read Japanese; the wording follows the seed guide's
//! vocabulary (表示名, コピー, 有効時間) so the product feels like the app it
//! replaces.

use crate::autostart::AutostartStatus;
use crate::domain::clock::Skew;
use crate::settings::{HotkeyProblem, Notice};

#[cfg(test)]
use super::Language;
use super::Texts;

impl Texts {
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

    /// The hotkey pasted or typed the code into the focused window.
    pub fn code_typed(self, name: &str, digits: Option<&str>, left: u64) -> String {
        match digits {
            None => self.pick(
                format!("Typed {name}'s code ({left} s left)"),
                format!("{name} のコードを入力しました（残り {left} 秒）"),
            ),
            Some(code) => self.pick(
                format!("Typed {name}'s code {code} ({left} s left)"),
                format!("{name} のコード {code} を入力しました（残り {left} 秒）"),
            ),
        }
    }

    /// The hotkey's keys were still held: nothing was typed (`pasted`: the
    /// code is in the clipboard all the same).
    pub fn keys_still_held(self, name: &str, pasted: bool) -> String {
        match pasted {
            false => self.pick(
                format!("{name}'s code was not typed: the hotkey's keys were still held down. Let go of them and press the hotkey again."),
                format!("{name} のコードは入力しませんでした。ホットキーのキーが押されたままでした。キーを離してから、もう一度ホットキーを押してください。"),
            ),
            true => self.pick(
                format!("{name}'s code was not pasted: the hotkey's keys were still held down. The code is in the clipboard: paste it with Ctrl+V."),
                format!("{name} のコードは貼り付けませんでした。ホットキーのキーが押されたままでした。コードはクリップボードにあります。Ctrl+V で貼り付けてください。"),
            ),
        }
    }

    /// The keys could not be sent to the window (`detail`: one line, no code).
    pub fn type_failed(self, name: &str, detail: &str) -> String {
        self.pick(
            format!("{name}'s code could not be typed into the window ({detail}). Use the tray menu to copy it."),
            format!("{name} のコードをウィンドウに入力できませんでした（{detail}）。トレイのメニューからコピーしてください。"),
        )
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
    pub fn menu_form(self, form: crate::choices::Form) -> String {
        use crate::choices::Form;
        let (english, japanese) = match form {
            Form::Add => ("Add account…", "アカウントの追加…"),
            Form::Show => ("Show code…", "OTPを表示…"),
            Form::Manage => ("Manage accounts…", "アカウントの管理…"),
            Form::Settings => ("Settings…", "設定…"),
            Form::Backup => ("Back up…", "バックアップ…"),
            Form::Pick => ("Find account…", "アカウントを検索…"),
        };
        self.pick(english.into(), japanese.into())
    }

    /// The tray's answer to `trayotp copy`, in the tray's language.
    pub fn reply_copied(self, name: &str, left: u64, period: u32) -> String {
        self.pick(
            format!("Copied the code for '{name}' ({left} s of {period} left)."),
            format!("「{name}」のコードをコピーしました（有効時間 {period} 秒のうち残り {left} 秒）。"),
        )
    }

    pub fn reply_copying_next(self, name: &str, seconds: u64) -> String {
        self.pick(
            format!("The code for '{name}' expires in {seconds} s: the next code will be in the clipboard then."),
            format!(
                "「{name}」のコードはあと {seconds} 秒で期限切れです。次のコードをそのときクリップボードに入れます。"
            ),
        )
    }

    /// The item under the accounts the menu has room for: opens the picker.
    pub fn menu_more_accounts(self) -> String {
        self.pick("More accounts…".into(), "その他のアカウント…".into())
    }

    /// The "Back up…" item while a backup is due.
    pub fn menu_backup_recommended(self) -> String {
        self.pick("Back up… (recommended)".into(), "バックアップ…（おすすめ）".into())
    }

    /// The one backup reminder (see `app::backup`); `stale` when a backup
    /// exists but is old or lacks accounts added since.
    pub fn backup_reminder(self, stale: bool) -> String {
        if stale {
            self.pick(
                "Make a new backup: your newest one is old or lacks accounts added since (menu → Back up…)".into(),
                "新しいバックアップをおすすめします。前回のバックアップは古いか、その後に追加したアカウントが入っていません（メニュー →「バックアップ…」）".into(),
            )
        } else {
            self.pick(
                "Make a backup: without one, your accounts are lost if this PC breaks or is replaced (menu → Back up…)"
                    .into(),
                "バックアップをおすすめします。バックアップがないと、PCの故障や入れ替えでアカウントが失われます（メニュー →「バックアップ…」）".into(),
            )
        }
    }

    /// The clock warning toast: "This PC's clock is 47 s slow; codes may be refused".
    pub fn clock_warning(self, skew: Skew) -> String {
        match skew {
            Skew::Slow(s) => self.pick(
                format!("This PC's clock is {s} s slow; codes may be refused"),
                format!("PCの時計が {s} 秒遅れています。コードが合わない原因になります"),
            ),
            Skew::Fast(s) => self.pick(
                format!("This PC's clock is {s} s fast; codes may be refused"),
                format!("PCの時計が {s} 秒進んでいます。コードが合わない原因になります"),
            ),
        }
    }

    /// The toast when the PC's clock is off by more than trayotp ever
    /// corrects (an hour): the offset is shown, never applied.
    pub fn clock_beyond_cap(self, skew: Skew) -> String {
        let (en, ja) = match skew {
            Skew::Slow(s) => (format!("{s} s slow"), format!("{s} 秒遅れています")),
            Skew::Fast(s) => (format!("{s} s fast"), format!("{s} 秒進んでいます")),
        };
        self.pick(
            format!("This PC's clock is {en}: set the PC's clock. trayotp corrects codes by an hour at most, so it does not correct these"),
            format!("PCの時計が {ja}。PCの時計を合わせてください。trayotpが補正するのは1時間までのため、補正しません"),
        )
    }

    /// The toast when, with correction on, the offset changed sign or by
    /// more than a minute since the user agreed: asked again.
    pub fn clock_ask_again(self, skew: Skew) -> String {
        let (en, ja) = match skew {
            Skew::Slow(s) => (format!("{s} s slow"), format!("{s} 秒遅れています")),
            Skew::Fast(s) => (format!("{s} s fast"), format!("{s} 秒進んでいます")),
        };
        self.pick(
            format!("This PC's clock is now {en}, not what you agreed to correct: codes are not corrected until you choose \"Correct codes in trayotp\" again (menu)"),
            format!("PCの時計が {ja}。補正に同意したときと違うため、補正を止めています。もう一度補正するには、メニューの「trayotpで補正する」を選んでください"),
        )
    }

    /// The menu line when the offset is beyond what trayotp corrects.
    pub fn menu_clock_beyond_cap(self, skew: Skew) -> String {
        match skew {
            Skew::Slow(s) => self.pick(
                format!("This PC's clock is {s} s slow: set it (not corrected)"),
                format!("PCの時計が {s} 秒遅れています。時計を合わせてください（補正しません）"),
            ),
            Skew::Fast(s) => self.pick(
                format!("This PC's clock is {s} s fast: set it (not corrected)"),
                format!("PCの時計が {s} 秒進んでいます。時計を合わせてください（補正しません）"),
            ),
        }
    }

    /// The line atop the menu while the clock is off (with correction on,
    /// by how much codes are corrected).
    pub fn menu_clock_line(self, skew: Skew, corrected: bool) -> String {
        match (skew, corrected) {
            (Skew::Slow(s), false) => self.pick(
                format!("This PC's clock is {s} s slow"),
                format!("PCの時計が {s} 秒遅れています"),
            ),
            (Skew::Fast(s), false) => self.pick(
                format!("This PC's clock is {s} s fast"),
                format!("PCの時計が {s} 秒進んでいます"),
            ),
            (Skew::Slow(s), true) => self.pick(
                format!("Codes corrected by +{s} s (this PC's clock is {s} s slow)"),
                format!("コードを +{s} 秒補正中（PCの時計が {s} 秒遅れています）"),
            ),
            (Skew::Fast(s), true) => self.pick(
                format!("Codes corrected by -{s} s (this PC's clock is {s} s fast)"),
                format!("コードを -{s} 秒補正中（PCの時計が {s} 秒進んでいます）"),
            ),
        }
    }

    /// The clock line's first action.
    pub fn menu_clock_system_settings(self) -> String {
        if cfg!(windows) {
            self.pick(
                "Open the system's date & time settings".into(),
                "Windowsの日付と時刻の設定を開く".into(),
            )
        } else {
            self.pick(
                "Fix the system clock: timedatectl set-ntp true".into(),
                "システムの時計を直す: timedatectl set-ntp true".into(),
            )
        }
    }

    /// The clock line's second action: turns `clock_correction` on.
    pub fn menu_clock_correct(self) -> String {
        self.pick("Correct codes in trayotp".into(), "trayotpで補正する".into())
    }

    /// Where the system cannot be opened for the user (Linux): what to run.
    pub fn clock_fix_hint(self) -> String {
        self.pick(
            "To keep the system clock right, run `timedatectl set-ntp true` in a terminal (or turn on automatic \
             date & time in your desktop's settings)."
                .into(),
            "システムの時計を正しく保つには、ターミナルで `timedatectl set-ntp true` を実行してください\
             （またはデスクトップの設定で日付と時刻の自動設定をオンにしてください）。"
                .into(),
        )
    }

    /// Added to the copy toast when the code was made for corrected time.
    pub fn time_corrected_note(self, skew: Skew) -> String {
        let signed = match skew {
            Skew::Slow(s) => format!("+{s}"),
            Skew::Fast(s) => format!("-{s}"),
        };
        self.pick(
            format!(" (time-corrected by {signed} s)"),
            format!("（時刻を {signed} 秒補正済み）"),
        )
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

    /// The menu item that opens the user guide.
    pub fn menu_help(self) -> String {
        self.pick("Help".into(), "使い方".into())
    }

    /// A toast when the guide cannot be opened; `detail` names the file.
    pub fn help_failed(self, detail: &str) -> String {
        self.pick(
            format!("The guide could not be opened ({detail}). It is guide-en.html beside trayotp.exe."),
            format!("使い方のページを開けませんでした（{detail}）。trayotp.exe と同じフォルダーの guide-ja.html を開いてください。"),
        )
    }

    /// A toast after a bug (a panic) the tray survived.
    pub fn internal_error(self, log: &str) -> String {
        self.pick(
            format!(
                "trayotp hit an internal error and carried on; a code it had copied was cleared from the clipboard. Details: {log}"
            ),
            format!("trayotp で内部エラーが発生しましたが、動作を続けています。コピーしたコードはクリップボードから消去しました。詳細: {log}"),
        )
    }

    /// A toast: a change was saved, but its automatic backup was not written.
    pub fn auto_backup_failed(self) -> String {
        self.pick(
            "The change is saved, but the automatic backup could not be written: check that its folder is there (a USB stick plugged in). `trayotp auto-backup status` names it.".into(),
            "変更は保存しましたが、自動バックアップを書き込めませんでした。保存先のフォルダーがあるか（USBメモリーが差してあるか）確認してください。フォルダーは「trayotp auto-backup status」で確認できます。".into(),
        )
    }

    pub fn already_running(self) -> String {
        self.pick(
            "trayotp is already running in the notification area.".into(),
            "trayotp はすでに通知領域で動作しています。".into(),
        )
    }

    /// The "Start at login" check item, with what keeps it unticked.
    pub fn menu_start_at_login(self, status: Option<&AutostartStatus>) -> String {
        match status {
            Some(AutostartStatus::DisabledByUser) if cfg!(windows) => self.pick(
                "Start at login (disabled in Task Manager)".into(),
                "サインイン時に起動（タスク マネージャーで無効）".into(),
            ),
            Some(AutostartStatus::DisabledByUser) => self.pick(
                "Start at login (disabled in your startup applications)".into(),
                "サインイン時に起動（自動起動の設定で無効）".into(),
            ),
            Some(AutostartStatus::Elsewhere { .. }) => self.pick(
                "Start at login (set for a trayotp in another folder)".into(),
                "サインイン時に起動（別のフォルダーの trayotp が設定されています）".into(),
            ),
            _ => self.pick("Start at login".into(), "サインイン時に起動".into()),
        }
    }

    pub fn autostart_failed(self, detail: &str) -> String {
        self.pick(
            format!("Could not change \"Start at login\": {detail}"),
            format!("「サインイン時に起動」を変更できませんでした：{detail}"),
        )
    }

    /// `default_account` names an account that is not there.
    pub fn default_account_missing(self, name: &str) -> String {
        self.pick(
            format!(
                "The default account '{name}' does not exist: choose another with `trayotp settings set default_account NAME`."
            ),
            format!(
                "既定のアカウント「{name}」がありません。`trayotp settings set default_account 表示名` で選び直してください。"
            ),
        )
    }

    /// The first start's toast: where the icon is (and, on Windows, how to
    /// keep it out of the hidden overflow).
    pub fn first_start_where(self) -> String {
        let mut text = if cfg!(windows) {
            // The ^ (hidden icons) is Windows' own: only there is it named.
            self.pick(
                "trayotp's icon is in the notification area, at the bottom right of the screen (it may be hidden under ^)."
                    .to_string(),
                "trayotp のアイコンは、画面右下の通知領域にあります（^ の中に隠れている場合もあります）。".to_string(),
            )
        } else {
            self.pick(
                "trayotp's icon is in the notification area (the system tray).".to_string(),
                "trayotp のアイコンは通知領域（システム トレイ）にあります。".to_string(),
            )
        };
        if cfg!(windows) {
            text.push_str(&self.pick(
                " To keep its icon visible: Settings → Personalisation → Taskbar → Other system tray icons → turn trayotp on."
                    .to_string(),
                "アイコンを常に表示するには、設定 → 個人用設定 → タスク バー → その他のシステム トレイ アイコン で trayotp をオンにしてください。"
                    .to_string(),
            ));
        }
        text
    }

    /// A problem found at start or when the settings were read again.
    pub fn notice(self, notice: &Notice) -> String {
        match notice {
            Notice::Settings { file, detail } => self.pick(
                format!("Settings file {file}: {detail}."),
                format!("設定ファイル {file} に問題があります: {detail}"),
            ),
            Notice::Hotkey(problem) => self.hotkey_problem(problem),
        }
    }

    fn hotkey_problem(self, problem: &HotkeyProblem) -> String {
        match problem {
            HotkeyProblem::Wayland => self.pick(
                "Global hotkeys are not available in a Wayland session: use the tray menu, or give your desktop a \
                 shortcut that runs `trayotp copy NAME`. (`trayotp settings set hotkey \"\"` stops this message.)"
                    .into(),
                "Wayland セッションではグローバル ホットキーを使えません。トレイのメニューを使うか、デスクトップのショートカットに \
                 `trayotp copy 表示名` を設定してください（`trayotp settings set hotkey \"\"` でこの通知は止まります）。"
                    .into(),
            ),
            HotkeyProblem::NoDisplay => self.pick(
                "Global hotkeys need an X11 display, and there is none: use `trayotp copy NAME`.".into(),
                "X11 ディスプレイがないため、グローバル ホットキーを使えません。`trayotp copy 表示名` を使ってください。".into(),
            ),
            HotkeyProblem::Taken(hotkey) => self.pick(
                format!(
                    "The hotkey {hotkey} is already used by another program, so trayotp has none: choose another with \
                     `trayotp settings set hotkey Ctrl+Alt+Shift+O`."
                ),
                format!(
                    "ホットキー {hotkey} はほかのアプリが使用中のため、設定できませんでした。\
                     `trayotp settings set hotkey Ctrl+Alt+Shift+O` などで別の組み合わせを選んでください。"
                ),
            ),
            HotkeyProblem::Failed { hotkey, detail } => self.pick(
                format!("The hotkey {hotkey} could not be set up ({detail}): choose another combination."),
                format!("ホットキー {hotkey} を設定できませんでした（{detail}）。別の組み合わせを選んでください。"),
            ),
        }
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
