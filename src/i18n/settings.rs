//! "Settings" (設定, `gui::settings`): the hotkey and what it does, the
//! language, the default account, the clipboard and the last seconds, the
//! time check and the clock's correction, and a settings file that cannot
//! be read.

use crate::settings::{HotkeyError, HotkeyProblem, Problem};

use super::{Texts, Worded};

impl Texts {
    pub fn hotkey_label(self) -> &'static str {
        self.pick("Hotkey", "ホットキー")
    }

    /// The hotkey button when there is none.
    pub fn hotkey_none(self) -> &'static str {
        self.pick("Off", "オフ")
    }

    /// The hotkey button while it waits for a combination.
    pub fn hotkey_recording(self) -> &'static str {
        self.pick("Press the keys…", "キーを押して…")
    }

    pub fn hotkey_click_hint(self) -> &'static str {
        self.pick(
            "Click, then press the new combination.",
            "クリックしてから新しい組み合わせを押してください。",
        )
    }

    pub fn hotkey_change_hint(self) -> &'static str {
        self.pick(
            "Press the new combination, like Ctrl+Alt+O; Esc cancels.",
            "新しい組み合わせ（Ctrl+Alt+O など）を押してください。Esc で取り消します。",
        )
    }

    pub fn hotkey_off(self) -> &'static str {
        self.pick("Turn off", "使わない")
    }

    /// A combination pressed that cannot be a hotkey, from the error's variant.
    pub fn hotkey_error(self, error: &HotkeyError) -> String {
        match error {
            HotkeyError::UnknownKey { text, part } => self.pick(
                format!(
                    "{text}: {part} cannot be part of a hotkey. Use A–Z, 0–9, F1–F24, Space, Insert, Delete, Home, \
                     End, PageUp, PageDown or an arrow key."
                ),
                format!(
                    "{text}: {part} はホットキーに使えません。A〜Z、0〜9、F1〜F24、Space、Insert、Delete、Home、End、\
                     PageUp、PageDown、矢印キーを使ってください。"
                ),
            ),
            HotkeyError::NeedsModifier(text) => self.pick(
                format!("{text} would take that key from every program: hold Ctrl or Alt too, like Ctrl+Alt+O."),
                format!(
                    "{text} ではすべてのアプリでそのキーが使えなくなります。Ctrl か Alt も一緒に押してください（例：Ctrl+Alt+O）。"
                ),
            ),
            HotkeyError::EmptyPart(text)
            | HotkeyError::DuplicateModifier { text, .. }
            | HotkeyError::TwoKeys(text)
            | HotkeyError::NoKey(text) => self.pick(
                format!("{text} cannot be a hotkey: press one key with Ctrl or Alt, like Ctrl+Alt+O."),
                format!(
                    "{text} はホットキーにできません。Ctrl か Alt と一緒にキーを 1 つ押してください（例：Ctrl+Alt+O）。"
                ),
            ),
        }
    }

    /// The running tray could not register `hotkey` (its one-line `message`);
    /// the settings file was put back.
    pub fn hotkey_refused(self, hotkey: &str, message: &str) -> String {
        if message == HotkeyProblem::Taken(hotkey.to_string()).to_string() {
            self.pick(
                format!(
                    "The hotkey {hotkey} is already used by another program: choose another combination. \
                     Nothing was saved."
                ),
                format!(
                    "ホットキー {hotkey} はほかのアプリが使用中のため、設定できませんでした。別の組み合わせを選んでください\
                     （設定は保存していません）。"
                ),
            )
        } else {
            self.pick(
                format!("The hotkey {hotkey} could not be set up ({message}). Nothing was saved."),
                format!("ホットキー {hotkey} を設定できませんでした（{message}）。設定は保存していません。"),
            )
        }
    }

    pub fn language_label(self) -> &'static str {
        self.pick("Language", "表示言語")
    }

    pub fn language_auto(self) -> &'static str {
        self.pick("Same as the system", "システムに合わせる")
    }

    pub fn default_account_label(self) -> &'static str {
        self.pick("Default account", "既定のアカウント")
    }

    pub fn default_account_hint(self) -> &'static str {
        self.pick(
            "The account the hotkey and a click on the tray icon copy.",
            "ホットキーとトレイアイコンのクリックでコピーするアカウントです。",
        )
    }

    pub fn default_account_none(self) -> &'static str {
        self.pick("None", "指定しない")
    }

    /// A default account the vault no longer has.
    pub fn default_account_not_found(self, name: &str) -> String {
        self.pick(format!("{name} (not found)"), format!("{name}（見つかりません）"))
    }

    pub fn show_digits_in_toast(self) -> &'static str {
        self.pick("Show the code in the notification", "通知にOTPを表示する")
    }

    pub fn clear_clipboard(self) -> &'static str {
        self.pick(
            "Clear an expired code from the clipboard",
            "有効期限が切れたOTPをクリップボードから消去する",
        )
    }

    pub fn last_seconds_label(self) -> &'static str {
        self.pick("When a code has only seconds left", "OTPの残り時間がわずかなとき")
    }

    pub fn last_seconds_wait(self) -> &'static str {
        self.pick("Wait and copy the next code", "次のOTPを待ってコピーする")
    }

    pub fn last_seconds_copy_anyway(self) -> &'static str {
        self.pick("Copy it anyway", "そのままコピーする")
    }

    pub fn hotkey_action_label(self) -> &'static str {
        self.pick("Hotkey action", "ホットキーの動作")
    }

    pub fn hotkey_action(self, action: crate::choices::HotkeyAction) -> &'static str {
        use crate::choices::HotkeyAction;
        match action {
            HotkeyAction::Copy => self.pick("Copy the code", "OTPをコピー"),
            HotkeyAction::Paste => self.pick("Paste it (Ctrl+V)", "貼り付け（Ctrl+V）"),
            HotkeyAction::Type => self.pick("Type the digits", "数字を入力"),
        }
    }

    pub fn hotkey_action_hint(self) -> &'static str {
        self.pick(
            "Copy: the code goes to the clipboard. Paste: then Ctrl+V into the window in front. Type: the digits are typed into it (for fields that refuse pasting). Pasting and typing start once you let go of the hotkey's keys. An account's window rule (Manage accounts) picks it by the window's title.",
            "コピー: OTPをクリップボードに入れます。貼り付け: さらに前面のウィンドウに Ctrl+V を送ります。数字を入力: 前面のウィンドウに数字を入力します（貼り付けできない欄向け）。貼り付けと入力は、ホットキーのキーを離してから始まります。アカウントのウィンドウ条件（アカウントの管理）があれば、ウィンドウのタイトルでアカウントを選びます。",
        )
    }

    pub fn time_check(self) -> &'static str {
        self.pick(
            "Check this PC's clock against a time server",
            "PCの時計をタイムサーバーで確認する",
        )
    }

    pub fn time_servers_label(self) -> &'static str {
        self.pick(
            "Time servers (comma-separated)",
            "時刻合わせに使うサーバー（カンマ区切り）",
        )
    }

    pub fn time_servers_bad(self) -> Worded {
        Worded::with_details(
            self.pick(
                "Time servers: write up to 3 server names, separated by commas, e.g. ntp.nict.jp,time.windows.com",
                "サーバー名をカンマで区切って書いてください（3つまで）。例：ntp.nict.jp,time.windows.com",
            ),
            self.time_servers_details(),
        )
    }

    /// The time servers' format, behind 「詳しく」 under their field.
    pub fn time_servers_details(self) -> &'static str {
        self.pick(
            "Each server is host or host:port (the port is 123 unless given); up to 3, comma-separated.",
            "各サーバーは host または host:port の形で書きます（ポートを省くと 123）。カンマ区切りで3つまでです。",
        )
    }

    pub fn clock_correction(self) -> &'static str {
        self.pick(
            "Correct codes with the measured time (when the PC's clock is off)",
            "測定した時刻でコードを補正する（PCの時計がずれているとき）",
        )
    }

    /// The last clock measurement, for the Settings form.
    pub fn clock_offset(self, record: Option<&crate::domain::clock::ClockRecord>, now_seconds: u64) -> String {
        use crate::domain::clock::{MAX_AGE_SECONDS, Skew};
        let Some(record) = record else {
            return self.pick(
                "Clock offset: not measured yet".into(),
                "時計のずれ：まだ測定していません".into(),
            );
        };
        let (en, ja) = match Skew::of(record.offset_ms) {
            Skew::Slow(0) | Skew::Fast(0) => ("right to the second".to_string(), "ずれなし".to_string()),
            Skew::Slow(s) => (format!("{s} s slow"), format!("{s} 秒遅れ")),
            Skew::Fast(s) => (format!("{s} s fast"), format!("{s} 秒進み")),
        };
        let age = now_seconds.abs_diff(record.measured_at);
        let (en_age, ja_age) = if age < 3600 {
            (format!("{} min ago", age / 60), format!("{} 分前", age / 60))
        } else {
            (format!("{} h ago", age / 3600), format!("{} 時間前", age / 3600))
        };
        let (en_old, ja_old) = if age >= MAX_AGE_SECONDS {
            (
                " — too old to apply; the tray measures again",
                "（古いため使いません。トレイが測り直します）",
            )
        } else {
            ("", "")
        };
        self.pick(
            format!(
                "Clock offset: this PC's clock is {en} (offset {:+} ms, measured {en_age}){en_old}",
                record.offset_ms
            ),
            format!(
                "時計のずれ：PCの時計は {ja}（{:+} ms、{ja_age}に測定）{ja_old}",
                record.offset_ms
            ),
        )
    }

    /// The settings file is not TOML or cannot be read: nothing is saved.
    pub fn settings_damaged(self, path: &std::path::Path, problem: &Problem) -> Worded {
        let path = path.display();
        match problem {
            Problem::Syntax { line, message } => Worded::with_details(
                self.pick(
                    format!(
                        "Line {line} of the settings file {path} has a mistake. Fix or delete the file, then open \
                         Settings again; nothing can be saved until then."
                    ),
                    format!(
                        "設定ファイル {path} の {line} 行目に誤りがあります。ファイルを修正するか削除してから、\
                         設定を開き直してください。それまで保存はできません。"
                    ),
                ),
                self.pick(
                    format!("Line {line} is not valid TOML: {message}"),
                    format!("{line} 行目が TOML として正しくありません：{message}"),
                ),
            ),
            Problem::Unreadable(detail) => Worded::with_details(
                self.pick(
                    format!(
                        "The settings file {path} cannot be read. Fix or delete the file, then open Settings again; \
                         nothing can be saved until then."
                    ),
                    format!(
                        "設定ファイル {path} を読み込めません。ファイルを修正するか削除してから、設定を開き直してください。\
                         それまで保存はできません。"
                    ),
                ),
                detail.clone(),
            ),
            other => Worded::plain(self.pick(format!("{path}: {other}"), format!("{path}：{other}"))),
        }
    }

    /// Saved, but the running tray did not answer.
    pub fn settings_saved_not_applied(self) -> String {
        self.pick(
            "Settings saved. The running trayotp could not be told: quit it and start it again to apply them.".into(),
            "設定を保存しました。起動中の trayotp に伝えられなかったため、終了して起動し直すと反映されます。".into(),
        )
    }
}
