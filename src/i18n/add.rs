//! "Add account" (アカウントの追加, `gui::add`): its fields and buttons,
//! the QR ways under 「その他の方法」, the toast after Register, and what is
//! wrong with a display name or a setup number (from the error's variant,
//! with its facts). The code check and "Advanced" are in `check`, the
//! reading in `reading`, "From a file of another app…" in `import`.

use crate::domain::account::MAX_NAME_CHARS;
use crate::domain::setup_key::{MIN_KEY_BITS, RECOMMENDED_KEY_BITS};
use crate::domain::{NameError, SetupKeyError, SetupKeyWarning};
use crate::formats::qr::QrError;

use super::{Texts, Worded};

impl Texts {
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
}
