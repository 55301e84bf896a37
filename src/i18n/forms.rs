//! Every sentence the forms show, in English and Japanese, in one place
//! (the tray's own sentences are in `crate::i18n`, next door).
//!
//! Errors are translated from the core's error *variants* (`NameError`,
//! `SetupKeyError`), never by reading their English `Display` text, so a
//! Japanese user gets a Japanese sentence with the same facts (which
//! character, at which position). The words follow the brokerage guide the
//! users have in front of them: 表示名, ワンタイムパスワード設定用番号, 登録,
//! OTPを表示, クリップボードにOTPをコピー.

use super::{Texts, Worded};
use crate::choices::Form;
use crate::domain::account::MAX_NAME_CHARS;
use crate::domain::setup_key::{MIN_KEY_BITS, RECOMMENDED_KEY_BITS};
use crate::domain::vault_passphrase::NewPassphraseError;
use crate::domain::{NameError, SetupKeyError, SetupKeyWarning};
use crate::settings::{HotkeyError, HotkeyProblem, Problem};

use crate::formats::qr::QrError;
use crate::settings::default_account::Damage;
use crate::vault::VaultNotice;

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

    // --- Find account (the quick picker) -----------------------------------

    pub fn pick_search_label(self) -> &'static str {
        self.pick(
            "Search (↑↓ choose, Enter copies the code, Esc closes)",
            "検索（↑↓ で選択、Enter でコードをコピー、Esc で閉じる）",
        )
    }

    pub fn pick_search_hint(self) -> &'static str {
        self.pick("Display name or service", "表示名またはサービス名")
    }

    /// "3 of 1000 accounts".
    pub fn pick_count(self, shown: usize, total: usize) -> String {
        self.pick(
            format!("{shown} of {total} account{}", if total == 1 { "" } else { "s" }),
            format!("{total} 件中 {shown} 件"),
        )
    }

    pub fn pick_no_match(self) -> &'static str {
        self.pick("No account matches.", "一致するアカウントはありません。")
    }

    // --- Add account -------------------------------------------------------

    pub fn name_label(self) -> &'static str {
        self.pick("Display name", "表示名")
    }

    pub fn name_hint(self) -> &'static str {
        self.pick("e.g. 三菱 太郎", "例：三菱 太郎")
    }

    pub fn key_label(self) -> &'static str {
        self.pick("Setup number", "ワンタイムパスワード設定用番号")
    }

    pub fn key_hint(self) -> &'static str {
        self.pick(
            "Paste the number your brokerage shows",
            "証券会社のサイトに表示された番号を貼り付け",
        )
    }

    pub fn show_key(self) -> &'static str {
        self.pick("Show", "表示")
    }

    pub fn hide_key(self) -> &'static str {
        self.pick("Hide", "隠す")
    }

    pub fn paste(self) -> &'static str {
        self.pick("Paste", "貼り付け")
    }

    pub fn from_qr_image(self) -> &'static str {
        self.pick("From QR image…", "QRコード画像から…")
    }

    pub fn from_clipboard_image(self) -> &'static str {
        self.pick("From clipboard image", "クリップボードの画像から")
    }

    /// The Add form's collapsed section: the QR ways and 詳細設定.
    pub fn other_ways(self) -> &'static str {
        self.pick("Other ways", "その他の方法")
    }

    pub fn qr_file_filter(self) -> &'static str {
        self.pick("Images", "画像")
    }

    pub fn register(self) -> &'static str {
        self.pick("Register", "登録")
    }

    pub fn cancel(self) -> &'static str {
        self.pick("Cancel", "キャンセル")
    }

    pub fn close(self) -> &'static str {
        self.pick("Close", "閉じる")
    }

    /// The toast after Register (no key, no code).
    pub fn added(self, name: &str) -> String {
        self.pick(
            format!("'{name}' was added: click it in the tray menu to copy its code."),
            format!("「{name}」を登録しました。通知領域のメニューから選ぶとコードをコピーできます。"),
        )
    }

    pub fn name_error(self, error: &NameError) -> String {
        match error {
            NameError::Empty => self
                .pick(
                    "Type a display name, e.g. your own name.",
                    "表示名を入力してください（例：ご自分のお名前）。",
                )
                .into(),
            NameError::ControlCharacter { position } => self.pick(
                format!(
                    "Character {position} of the display name is a control character: use printable characters only."
                ),
                format!("表示名の {position} 文字目は制御文字です。表示できる文字だけを使ってください。"),
            ),
            NameError::TooLong { chars } => self.pick(
                format!("The display name is {chars} characters long: use at most {MAX_NAME_CHARS}."),
                format!("表示名が長すぎます（{chars} 文字）。{MAX_NAME_CHARS} 文字以内にしてください。"),
            ),
            NameError::Duplicate { existing } => self.pick(
                format!("An account named '{existing}' already exists: choose another display name."),
                format!("「{existing}」というアカウントはすでにあります。別の表示名にしてください。"),
            ),
        }
    }

    /// 「詳しく」 / "Details": the section that holds a message's technical detail.
    pub fn details(self) -> &'static str {
        self.pick("Details", "詳しく")
    }

    /// What is wrong with the setup number, in plain words first.
    pub fn key_error(self, error: &SetupKeyError) -> Worded {
        match error {
            SetupKeyError::Empty => Worded::plain(self.pick(
                "Paste the setup number your brokerage's web site shows.",
                "証券会社のサイトに表示された設定用番号を貼り付けてください。",
            )),
            SetupKeyError::BadCharacter { character, position } => {
                let looks_like = matches!(character, '0' | '1' | '8' | '9');
                let (hint_en, hint_ja) = if looks_like {
                    (
                        " (0, 1, 8 and 9 never appear: did you mean O, I or B?)",
                        "0・1・8・9 は使われません。O・I・B の間違いではありませんか？",
                    )
                } else {
                    ("", "")
                };
                Worded::plain(self.pick(
                    format!(
                        "Character {position} ('{character}') cannot be in a setup number: it uses only the letters A–Z and the digits 2–7{hint_en}."
                    ),
                    format!(
                        "{position} 文字目の「{character}」は設定用番号に使われない文字です（使われるのは A〜Z と 2〜7 だけです）。{hint_ja}"
                    ),
                ))
            }
            SetupKeyError::BadLength { chars } => Worded::plain(self.pick(
                format!("The setup number has {chars} characters, which cannot be all of it: check that you copied all of it."),
                format!("設定用番号の文字数（{chars} 文字）が正しくありません。すべてコピーできているか確認してください。"),
            )),
            SetupKeyError::TooShort { bits } => Worded::with_details(
                self.pick(
                    "The setup number is too short: check that you copied all of it.",
                    "設定用番号が短すぎます。すべてコピーできているか確認してください。",
                ),
                self.pick(
                    format!("It holds a {bits}-bit key; at least {MIN_KEY_BITS} bits are needed."),
                    format!("鍵の長さが {bits} ビットです。{MIN_KEY_BITS} ビット以上が必要です。"),
                ),
            ),
            SetupKeyError::Hotp => Worded::with_details(
                self.pick(
                    "This kind of setup number is not supported: trayotp makes codes that change with the time.",
                    "この種類の設定用番号には対応していません。trayotp は時刻とともに変わるコードを作ります。",
                ),
                self.pick(
                    "It is counter-based (HOTP); trayotp makes time-based codes (TOTP).",
                    "カウンター方式（HOTP）の設定用番号です。trayotp は時刻方式（TOTP）のコードを作ります。",
                ),
            ),
            SetupKeyError::UnsupportedUriType(kind) => Worded::with_details(
                self.pick(
                    "This kind of link is not supported: copy the setup number again from your provider.",
                    "この種類のリンクには対応していません。設定用番号をもう一度コピーしてください。",
                ),
                self.pick(
                    format!("'otpauth://{kind}' links are not supported: only otpauth://totp/ links are."),
                    format!("「otpauth://{kind}」のリンクには対応していません（otpauth://totp/ のみ）。"),
                ),
            ),
            SetupKeyError::MalformedUri(_) => Worded::with_details(
                self.pick(
                    "The link is not complete or not valid: copy it again from your provider.",
                    "リンクの形式が正しくありません。もう一度コピーしてください。",
                ),
                self.pick(
                    "The otpauth:// link is malformed.",
                    "otpauth:// リンクの形式が正しくありません。",
                ),
            ),
            SetupKeyError::MissingSecret => Worded::with_details(
                self.pick(
                    "The link holds no setup number: copy it again from your provider.",
                    "リンクに設定用番号が含まれていません。もう一度コピーしてください。",
                ),
                self.pick(
                    "The otpauth:// link has no secret= part.",
                    "otpauth:// リンクに secret= がありません。",
                ),
            ),
            SetupKeyError::UnknownAlgorithm(name) => Worded::with_details(
                self.pick(
                    "The way this setup number makes codes is not supported.",
                    "この設定用番号のコードの作り方には対応していません。",
                ),
                self.pick(
                    format!("Unknown algorithm '{name}': use SHA1, SHA256 or SHA512."),
                    format!("アルゴリズム「{name}」には対応していません（SHA1・SHA256・SHA512 のみ）。"),
                ),
            ),
            SetupKeyError::Digits(digits) => Worded::plain(self.pick(
                format!("'{digits}' digits is not supported: codes have 6 to 8 digits."),
                format!("桁数「{digits}」には対応していません（6〜8 桁）。"),
            )),
            SetupKeyError::Period(period) => Worded::plain(self.pick(
                format!("A period of '{period}' seconds is not supported: use 1 to 300 seconds."),
                format!("有効時間「{period}」秒には対応していません（1〜300 秒）。"),
            )),
            SetupKeyError::ActivationCode { .. }
            | SetupKeyError::OddHexDigits { .. }
            | SetupKeyError::NotInEncoding { .. }
            | SetupKeyError::Ambiguous(_)
            | SetupKeyError::EncodingOfLink
            | SetupKeyError::TooLong { .. } => self.reading_error(error),
        }
    }

    pub fn key_warning(self, warning: &SetupKeyWarning) -> Worded {
        match warning {
            SetupKeyWarning::ShortKey { bits } => Worded::with_details(
                self.pick(
                    "This setup number is shorter than most; it works.",
                    "この設定用番号は短めですが、このまま使えます。",
                ),
                self.pick(
                    format!("The key is {bits} bits long; {RECOMMENDED_KEY_BITS} or more is safer."),
                    format!("鍵の長さは {bits} ビットです（{RECOMMENDED_KEY_BITS} ビット以上を推奨）。"),
                ),
            ),
        }
    }

    pub fn qr_error(self, error: &QrError) -> String {
        match error {
            QrError::NotAnImage => self
                .pick(
                    "This is not a PNG or JPEG image: choose a picture of the QR code.",
                    "PNG または JPEG の画像ではありません。QR コードの画像を選んでください。",
                )
                .into(),
            QrError::NoQrCode => self
                .pick(
                    "No QR code was found in the image.",
                    "画像に QR コードが見つかりません。",
                )
                .into(),
            QrError::NotASetupCode => self
                .pick(
                    "This QR code holds no setup number.",
                    "この QR コードには設定用番号が含まれていません。",
                )
                .into(),
            QrError::Migration => self
                .pick(
                    "This Google Authenticator QR code cannot be read: export it again.",
                    "この Google Authenticator の QR コードは読み取れません。もう一度エクスポートしてください。",
                )
                .into(),
            QrError::Unreadable => self
                .pick("The file cannot be read.", "ファイルを読み込めません。")
                .into(),
            QrError::TooLarge => self
                .pick(
                    "The picture is too large (more than 40 million pixels): crop it to the QR code.",
                    "画像が大きすぎます（4000万画素を超えています）。QR コードの部分だけを切り取ってください。",
                )
                .into(),
        }
    }

    pub fn qr_filled(self) -> &'static str {
        self.pick("Filled in from the QR code.", "QR コードから入力しました。")
    }

    /// A Google Authenticator QR code with several accounts: the first was used.
    pub fn qr_first_of(self, count: usize) -> String {
        self.pick(
            format!(
                "This QR code holds {count} accounts: the first was filled in. `trayotp import` adds them all."
            ),
            format!(
                "この QR コードには {count} 件のアカウントがあります。最初の 1 件を入力しました（すべて追加するには `trayotp import`）。"
            ),
        )
    }

    pub fn clipboard_no_image(self) -> &'static str {
        self.pick(
            "The clipboard holds no image: copy the QR code's picture first.",
            "クリップボードに画像がありません。先に QR コードの画像をコピーしてください。",
        )
    }

    pub fn clipboard_no_text(self) -> &'static str {
        self.pick(
            "The clipboard holds no text: copy the setup number first.",
            "クリップボードに文字がありません。先に設定用番号をコピーしてください。",
        )
    }

    pub fn clipboard_unavailable(self) -> &'static str {
        self.pick(
            "The clipboard cannot be read right now: try again.",
            "クリップボードを読み込めません。もう一度お試しください。",
        )
    }

    // --- Manage accounts ---------------------------------------------------

    pub fn no_accounts(self) -> &'static str {
        self.pick("No accounts yet.", "アカウントはまだありません。")
    }

    pub fn add_account(self) -> &'static str {
        self.pick("Add account…", "アカウントの追加…")
    }

    pub fn rename(self) -> &'static str {
        self.pick("Rename", "名前の変更")
    }

    pub fn save(self) -> &'static str {
        self.pick("Save", "保存")
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

    // --- Show code -----------------------------------------------------------

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

    // --- Settings -----------------------------------------------------------

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

    // --- Back up ------------------------------------------------------------

    pub fn backup_intro(self) -> &'static str {
        self.pick(
            "Every account goes into one file, locked with a passphrase you choose (a phrase, like a password, \
             needed to open the file). Keep the file and the passphrase apart from this PC: with both, your \
             accounts come back on any PC.",
            "すべてのアカウントを 1 つのファイルに保存し、ご自分で決めたパスフレーズ（ファイルを開くための合言葉）で\
             保護します。ファイルとパスフレーズはこのPC以外の場所に保管してください。両方があれば、どのPCでも\
             アカウントを元に戻せます。",
        )
    }

    pub fn backup_file_label(self) -> &'static str {
        self.pick("Save to", "保存先")
    }

    pub fn backup_choose_file(self) -> &'static str {
        self.pick("Change…", "変更…")
    }

    pub fn backup_file_filter(self) -> &'static str {
        self.pick("trayotp backup", "trayotp バックアップ")
    }

    pub fn backup_passphrase_label(self) -> &'static str {
        self.pick("Backup passphrase", "バックアップのパスフレーズ")
    }

    pub fn backup_repeat_label(self) -> &'static str {
        self.pick("Repeat the passphrase", "パスフレーズ（確認のため再入力）")
    }

    pub fn backup_passphrase_empty(self) -> &'static str {
        self.pick(
            "Type a passphrase for the backup: the file opens only with it.",
            "バックアップのパスフレーズを入力してください。ファイルはこのパスフレーズでしか開けません。",
        )
    }

    pub fn backup_passphrase_mismatch(self) -> &'static str {
        self.pick(
            "The two passphrases differ: type the same one twice.",
            "2 つのパスフレーズが一致しません。同じものを 2 回入力してください。",
        )
    }

    pub fn backup_passphrase_short(self) -> String {
        use crate::domain::backup_passphrase::MIN_CHARS as N;
        self.pick(
            format!(
                "A backup passphrase needs at least {N} characters: whoever finds the file can guess a shorter one. A few words are safer."
            ),
            format!(
                "バックアップのパスフレーズは {N} 文字以上にしてください。短いと、ファイルを手に入れた人に推測されてしまいます。いくつかの単語を組み合わせると安全です。"
            ),
        )
    }

    pub fn backup_no_accounts(self) -> &'static str {
        self.pick(
            "There are no accounts to back up yet.",
            "バックアップするアカウントがまだありません。",
        )
    }

    pub fn backup_write(self) -> &'static str {
        self.pick("Back up", "バックアップ")
    }

    /// The Back up form's check box for `trayotp auto-backup on FOLDER`.
    pub fn backup_automatic(self, keep: u32) -> String {
        self.pick(
            format!("Also back up into this folder after every change (the newest {keep} are kept)"),
            format!("変更のたびにこのフォルダーへ自動でバックアップする（新しい {keep} 件を残します）"),
        )
    }

    /// The backup was written, but automatic backups could not be turned on.
    pub fn backup_automatic_failed(self, error: &str) -> String {
        self.pick(
            format!("The backup was written, but automatic backups could not be turned on: {error}"),
            format!("バックアップは保存しましたが、自動バックアップを有効にできませんでした：{error}"),
        )
    }

    /// The toast after a backup: the file, never a key or the passphrase.
    pub fn backed_up(self, accounts: usize, file: &str) -> String {
        self.pick(
            format!("Backed up {accounts} account(s) to {file}. Keep it, and its passphrase, apart from this PC."),
            format!(
                "{accounts} 件のアカウントを {file} にバックアップしました。ファイルとパスフレーズはこのPC以外の場所に保管してください。"
            ),
        )
    }

    /// Why the backup was not written, in one line.
    pub fn backup_failed(self, error: &crate::transfer::TransferError) -> String {
        use crate::transfer::TransferError;
        match error {
            TransferError::Exists(path) => self.pick(
                format!("{} already exists: choose another file with Change….", path.display()),
                format!(
                    "{} はすでにあります。「変更…」で別のファイルを選んでください。",
                    path.display()
                ),
            ),
            TransferError::IsTheVault(_) => self
                .pick(
                    "That is the file your accounts are kept in: choose another file with Change….",
                    "そのファイルはアカウントの保存ファイルです。「変更…」で別のファイルを選んでください。",
                )
                .into(),
            TransferError::Io { path, source, .. } => self.pick(
                format!(
                    "Cannot write {}: {source}. Choose another folder with Change….",
                    path.display()
                ),
                format!(
                    "{} に書き込めません（{source}）。「変更…」で別の場所を選んでください。",
                    path.display()
                ),
            ),
            other => self.pick(
                format!("The backup was not written: {other}"),
                format!("バックアップを作成できませんでした：{other}"),
            ),
        }
    }

    // --- Unlocking and errors --------------------------------------------------

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

#[cfg(test)]
mod tests {
    use super::super::glossary;
    use super::*;
    use crate::i18n::Language;

    const EN: Texts = Texts(Language::English);
    const JA: Texts = Texts(Language::Japanese);

    #[test]
    fn name_errors_are_translated_from_the_variant_with_their_facts() {
        let duplicate = NameError::Duplicate {
            existing: "三菱 太郎".into(),
        };
        assert_eq!(
            JA.name_error(&duplicate),
            "「三菱 太郎」というアカウントはすでにあります。別の表示名にしてください。"
        );
        assert!(EN.name_error(&duplicate).contains("'三菱 太郎' already exists"));
        let control = NameError::ControlCharacter { position: 3 };
        assert!(JA.name_error(&control).contains("3 文字目"));
        assert!(EN.name_error(&control).starts_with("Character 3 "));
    }

    #[test]
    fn key_errors_name_the_character_and_its_position_in_both_languages() {
        let bad = SetupKeyError::BadCharacter {
            character: '8',
            position: 5,
        };
        assert!(
            JA.key_error(&bad).main.starts_with("5 文字目の「8」"),
            "{}",
            JA.key_error(&bad).main
        );
        assert!(JA.key_error(&bad).main.contains("O・I・B"));
        assert!(EN.key_error(&bad).main.contains("Character 5 ('8')"));
        let other = SetupKeyError::BadCharacter {
            character: '!',
            position: 2,
        };
        assert!(!JA.key_error(&other).main.contains("O・I・B"));
    }

    #[test]
    fn no_form_text_is_left_in_english_for_japanese() {
        let samples = [
            JA.key_error(&SetupKeyError::MalformedUri("relative URL without a base".into()))
                .main,
            JA.key_error(&SetupKeyError::Hotp).main,
            JA.name_error(&NameError::Empty),
            JA.qr_error(&QrError::NoQrCode),
        ];
        for text in samples {
            assert!(!text.contains("relative URL"), "no English detail leaks: {text}");
            assert!(text.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)), "{text}");
        }
    }

    /// Every message's main text, with sample facts, in one language.
    fn every_main_text(t: Texts) -> Vec<String> {
        use crate::domain::check::{Candidate, CodeError, Tried};
        use crate::domain::{Algorithm, Encoding, OtpParams, SecretKey};
        let encodings = vec![Encoding::Hex, Encoding::Ascii, Encoding::Number];
        let tried = Tried {
            count: 18,
            encodings: encodings.clone(),
            link: false,
            algorithms: crate::domain::check::ALGORITHMS.to_vec(),
            periods: crate::domain::check::PERIODS.to_vec(),
            digits: vec![8],
        };
        let candidate = Candidate {
            encoding: Some(Encoding::Hex),
            key: SecretKey::new(vec![1; 20]),
            params: OtpParams {
                algorithm: Algorithm::Sha256,
                digits: 8,
                period: 30,
            },
        };
        let key_errors = [
            SetupKeyError::Empty,
            SetupKeyError::BadCharacter {
                character: '8',
                position: 3,
            },
            SetupKeyError::BadLength { chars: 17 },
            SetupKeyError::TooShort { bits: 40 },
            SetupKeyError::Hotp,
            SetupKeyError::UnsupportedUriType("hotp".into()),
            SetupKeyError::MalformedUri("relative URL".into()),
            SetupKeyError::MissingSecret,
            SetupKeyError::UnknownAlgorithm("MD5".into()),
            SetupKeyError::Digits("9".into()),
            SetupKeyError::Period("0".into()),
            SetupKeyError::ActivationCode { digits: 8 },
            SetupKeyError::OddHexDigits { digits: 41 },
            SetupKeyError::NotInEncoding {
                encoding: Encoding::Hex,
                character: 'G',
                position: 4,
            },
            SetupKeyError::Ambiguous(encodings),
            SetupKeyError::EncodingOfLink,
            SetupKeyError::TooLong { digits: 900 },
        ];
        let mut all: Vec<String> = key_errors.iter().map(|e| t.key_error(e).main).collect();
        all.extend([
            t.key_warning(&SetupKeyWarning::ShortKey { bits: 80 }).main,
            t.needs_code(&tried).main,
            t.no_match(&tried).main,
            t.several_match(2).main,
            t.found(&candidate).main,
            t.time_servers_bad().main,
            t.settings_damaged(
                std::path::Path::new("settings.toml"),
                &Problem::Syntax {
                    line: 2,
                    message: "expected `=`".into(),
                },
            )
            .main,
        ]);
        for error in [
            CodeError::Empty,
            CodeError::NotDigits,
            CodeError::Length(4),
            CodeError::MixedLengths,
        ] {
            all.push(t.code_error(&error));
        }
        for error in [
            QrError::NotAnImage,
            QrError::NoQrCode,
            QrError::NotASetupCode,
            QrError::Migration,
            QrError::Unreadable,
        ] {
            all.push(t.qr_error(&error));
        }
        for offset in [Some(0), Some(-1), Some(1), None] {
            all.push(t.check_result(offset));
        }
        for error in [
            NameError::Empty,
            NameError::ControlCharacter { position: 2 },
            NameError::TooLong { chars: 300 },
            NameError::Duplicate {
                existing: "三菱 太郎".into(),
            },
        ] {
            all.push(t.name_error(&error));
        }
        all.extend(
            [
                t.name_label(),
                t.name_hint(),
                t.key_label(),
                t.key_hint(),
                t.paste(),
                t.other_ways(),
                t.check_label(),
                t.check_hint(),
                t.same_code_again(),
                t.confirm_before_removing(),
                t.copy(),
                t.qr_filled(),
                t.clipboard_no_image(),
                t.clipboard_no_text(),
                t.clipboard_unavailable(),
                t.pick_search_label(),
                t.pick_search_hint(),
                t.pick_no_match(),
                t.show_otp(),
                t.copied(),
                t.time_check(),
                t.time_servers_label(),
                t.clock_correction(),
                t.backup_intro(),
                t.backup_passphrase_empty(),
                t.backup_passphrase_mismatch(),
                t.backup_no_accounts(),
                t.passphrase_intro(),
                t.new_passphrase_intro(),
                t.passphrase_wrong(),
            ]
            .map(String::from),
        );
        all.extend([
            t.added("三菱 太郎"),
            t.registered("三菱 太郎"),
            t.confirm_delete("三菱 太郎"),
            t.qr_first_of(3),
            t.copying_next(3),
            t.backup_passphrase_short(),
            t.clock_offset(None, 0),
            t.settings_saved_not_applied(),
        ]);
        all.extend(super::super::import::every_main_text(t));
        all
    }

    /// The main text of every message, in both languages, uses none of the
    /// glossary's technical words (docs/glossary.md, `glossary::AVOID`).
    #[test]
    fn no_main_text_uses_a_technical_word() {
        for t in [EN, JA] {
            for text in every_main_text(t) {
                assert!(
                    glossary::technical_words(&text).is_empty(),
                    "{:?} in the main text: {text}",
                    glossary::technical_words(&text)
                );
            }
        }
    }

    /// Japanese text keeps full-width punctuation: no half-width colon after
    /// a Japanese word (「照合できました：」, 「例：三菱 太郎」).
    #[test]
    fn japanese_text_has_no_half_width_colon_after_a_japanese_word() {
        for text in every_main_text(JA) {
            let chars: Vec<char> = text.chars().collect();
            for pair in chars.windows(2) {
                assert!(pair[1] != ':' || pair[0].is_ascii(), "a half-width colon: {text}");
            }
        }
        assert_eq!(JA.name_hint(), "例：三菱 太郎");
    }

    /// The count a form gives when it asks for a code is the count of the
    /// refusal, both from `domain::check` (never written here).
    #[test]
    fn the_counts_in_the_details_come_from_the_check() {
        let setup = crate::domain::setup_key::read("12345678901234567890").expect("readable");
        let tried = crate::domain::check::to_try(&setup, Default::default()).expect("ways");
        let asked = JA.needs_code(&tried).details.expect("details");
        let refused = JA.no_match(&tried).details.expect("details");
        let count = format!("{} 通り", tried.count);
        assert!(asked.contains(&count), "{asked}");
        assert!(refused.contains(&count), "{refused}");
        let readings = format!("{} 通りに読めます", tried.encodings.len());
        assert!(asked.contains(&readings), "{asked}");
    }
}
