//! The forms' sentences about reading a setup number several ways and
//! checking it against a code (照合): the Add form's code field, its
//! "Advanced" settings and its confirmation after Register, and the Show
//! code window's check. Kept apart from `texts.rs` so that its list of
//! sentences stays readable.

use crate::domain::check::{Candidate, CodeError, Tried};
use crate::domain::{Encoding, SetupKeyError};

use super::FormTexts;

impl FormTexts {
    /// How a sentence names a key read this way.
    pub fn encoding_words(self, encoding: Option<Encoding>) -> &'static str {
        match encoding {
            None => self.pick("otpauth:// link", "otpauth:// リンク"),
            Some(Encoding::Base32) => self.pick("Base32 key", "Base32の鍵"),
            Some(Encoding::Hex) => self.pick("hex key", "16進数の鍵"),
            Some(Encoding::Ascii) => self.pick("digits-as-text key", "数字の文字列（ASCII）の鍵"),
            Some(Encoding::Number) => self.pick("decimal-number key", "10進数の数値の鍵"),
        }
    }

    fn encodings_words(self, encodings: &[Encoding]) -> String {
        let words: Vec<&str> = encodings.iter().map(|&e| self.encoding_words(Some(e))).collect();
        words.join(self.pick(", ", "、"))
    }

    /// "hex key, SHA1, 8 digits, 60 s" / 「16進数の鍵、SHA1、8桁、60秒」.
    pub fn candidate(self, candidate: &Candidate) -> String {
        let p = candidate.params;
        let how = self.encoding_words(candidate.encoding);
        self.pick_owned(
            format!("{how}, {}, {} digits, {} s", p.algorithm, p.digits, p.period),
            format!("{how}、{}、{}桁、{}秒", p.algorithm, p.digits, p.period),
        )
    }

    /// The setup-number errors about the readings (the rest are in `key_error`).
    pub(super) fn reading_error(self, error: &SetupKeyError) -> String {
        match error {
            SetupKeyError::ActivationCode { digits } => self.pick_owned(
                format!(
                    "This is only {digits} digits: too short to be a key. It is most likely an activation code, which only the brokerage's official app can use, so nothing can be registered with it. Ask the brokerage for a setup number for other authenticator apps, or keep using the official app."
                ),
                format!(
                    "{digits} 桁の数字だけでは鍵として短すぎます。公式アプリでしか使えない利用開始用のコード（アクティベーションコード）と思われるため、登録できません。他の認証アプリ用の設定用番号を証券会社に問い合わせるか、公式アプリをお使いください。"
                ),
            ),
            SetupKeyError::OddHexDigits { digits } => self.pick_owned(
                format!(
                    "The setup number has {digits} hex digits, an odd number, which cannot be a whole key: check that you copied all of it."
                ),
                format!(
                    "設定用番号の16進数の桁数（{digits} 桁）が奇数で、鍵になりません。すべてコピーできているか確認してください。"
                ),
            ),
            SetupKeyError::NotInEncoding {
                encoding,
                character,
                position,
            } => {
                let how = self.encoding_words(Some(*encoding));
                self.pick_owned(
                    format!("Character {position} ('{character}') cannot be in a {how}."),
                    format!("{position} 文字目の「{character}」は{how}に使われない文字です。"),
                )
            }
            SetupKeyError::Ambiguous(encodings) => self.needs_code(encodings),
            SetupKeyError::EncodingOfLink => self
                .pick(
                    "An otpauth:// link always holds a Base32 key.",
                    "otpauth:// リンクの鍵は常に Base32 です。",
                )
                .into(),
            SetupKeyError::TooLong { digits } => self.pick_owned(
                format!("The setup number has {digits} digits, far more than any key: check what you copied."),
                format!("設定用番号が長すぎます（{digits} 桁）。コピーした内容を確認してください。"),
            ),
            other => self.key_error(other),
        }
    }

    // --- Add account: the code to check against -------------------------

    pub fn check_label(self) -> &'static str {
        self.pick("Code shown elsewhere", "照合用のコード")
    }

    pub fn check_hint(self) -> &'static str {
        self.pick(
            "The 6–8 digit code the official Smart OTP app, the brokerage's site or your phone app shows right now. Needed when the setup number can be read in several ways.",
            "公式の Smart OTP アプリ、証券会社のサイト、スマートフォンのアプリに今表示されている6〜8桁のコード。設定用番号の読み方が複数あるときに必要です。",
        )
    }

    /// A setup number that can be read several ways, and no code yet.
    pub fn needs_code(self, encodings: &[Encoding]) -> String {
        let list = self.encodings_words(encodings);
        self.pick_owned(
            format!(
                "This setup number can be read in several ways ({list}), and trayotp does not guess: type a code the official app or the brokerage's site shows now into “Code shown elsewhere”."
            ),
            format!(
                "この設定用番号は何通りかに読めます（{list}）。推測はしません。公式アプリや証券会社のサイトに今表示されているコードを「照合用のコード」に入力してください。"
            ),
        )
    }

    pub fn code_error(self, error: &CodeError) -> String {
        match error {
            CodeError::Empty => self
                .pick(
                    "Type the code the other app or site shows.",
                    "コードを入力してください。",
                )
                .into(),
            CodeError::NotDigits => self
                .pick(
                    "A code has only the digits 0–9: check what you typed.",
                    "コードは数字（0〜9）だけです。入力を確認してください。",
                )
                .into(),
            CodeError::Length(length) => self.pick_owned(
                format!("A code has 6 to 8 digits, not {length}: check what you typed."),
                format!("コードは6〜8桁です（入力は {length} 桁）。入力を確認してください。"),
            ),
            CodeError::MixedLengths => self
                .pick(
                    "This code has another number of digits than the one before: type codes of this account only.",
                    "前のコードと桁数が違います。このアカウントのコードだけを入力してください。",
                )
                .into(),
        }
    }

    pub fn no_match(self, tried: &Tried) -> String {
        let count = tried.count;
        let mut ways: Vec<String> = tried
            .encodings
            .iter()
            .map(|&e| self.encoding_words(Some(e)).to_string())
            .collect();
        if tried.link {
            ways.push(self.encoding_words(None).into());
        }
        let ways = ways.join(self.pick(", ", "、"));
        let algorithms: Vec<&str> = tried.algorithms.iter().map(|a| a.name()).collect();
        let periods: Vec<String> = tried.periods.iter().map(u32::to_string).collect();
        let digits: Vec<String> = tried.digits.iter().map(u8::to_string).collect();
        let (algorithms, periods, digits) = (algorithms.join("/"), periods.join("/"), digits.join("/"));
        self.pick_owned(
            format!(
                "None of the {count} ways tried ({ways}; {algorithms}; {periods} s; {digits} digits) makes this code now or one step either side. Nothing was registered: check the code and this PC's clock."
            ),
            format!(
                "試した {count} 通り（{ways}。{algorithms}。{periods} 秒。{digits} 桁）のどれも、このコードに一致しません（前後1つ分も含めて）。登録していません。コードとこのパソコンの時計を確認してください。"
            ),
        )
    }

    pub fn several_match(self, count: usize) -> String {
        self.pick_owned(
            format!(
                "{count} ways of reading the setup number make this code. Wait for the next code, type it, and press Register again."
            ),
            format!(
                "{count} 通りの読み方がこのコードに一致しました。次のコードが表示されたら入力して、もう一度【登録】を押してください。"
            ),
        )
    }

    pub fn same_code_again(self) -> &'static str {
        self.pick(
            "That is the code already checked: wait until the other app shows the next one, then type that.",
            "そのコードは照合済みです。次のコードが表示されるまで待ってから入力してください。",
        )
    }

    // --- Add account: Advanced ------------------------------------------

    pub fn advanced(self) -> &'static str {
        self.pick("Advanced", "詳細設定")
    }

    pub fn advanced_hint(self) -> &'static str {
        self.pick(
            "Leave these on Automatic unless your provider states them. A bare key gets 60 s, 6 digits and SHA1; with a code to check, each is found.",
            "提供元の指定がなければ「自動」のままにしてください。鍵だけの場合は 60 秒・6 桁・SHA1、照合用のコードがあれば照合で決まります。",
        )
    }

    pub fn automatic(self) -> &'static str {
        self.pick("Automatic", "自動")
    }

    pub fn period_label(self) -> &'static str {
        self.pick("Seconds a code lives", "有効時間（秒）")
    }

    pub fn digits_label(self) -> &'static str {
        self.pick("Digits", "桁数")
    }

    pub fn algorithm_label(self) -> &'static str {
        self.pick("Algorithm", "アルゴリズム")
    }

    // --- Add account: after Register ------------------------------------

    pub fn registered(self, name: &str) -> String {
        self.pick_owned(
            format!("'{name}' was registered."),
            format!("「{name}」を登録しました。"),
        )
    }

    pub fn found(self, candidate: &Candidate) -> String {
        let what = self.candidate(candidate);
        self.pick_owned(format!("Your code matched: {what}."), format!("照合できました: {what}"))
    }

    pub fn confirm_before_removing(self) -> &'static str {
        self.pick(
            "Before you remove the old app, enter this code on the brokerage's site and check that it is accepted.",
            "古いアプリを削除する前に、このコードを証券会社のサイトで入力して、受け付けられることを確認してください。",
        )
    }

    // --- Show code: check a code ----------------------------------------

    pub fn check_button(self) -> &'static str {
        self.pick("Check", "照合")
    }

    pub fn check_field_label(self) -> &'static str {
        self.pick("Check a code from elsewhere", "他で表示されたコードを照合")
    }

    pub fn check_result(self, offset: Option<i8>) -> String {
        match offset {
            Some(0) => self.pick("It matches: this is the current code.", "一致しました。現在のコードです。"),
            Some(-1) => self.pick(
                "It is the previous code (one step earlier): this PC's clock may be ahead, or the code was read a while ago.",
                "1つ前のコードと一致しました。このパソコンの時計が進んでいるか、コードを見てから時間が経っています。",
            ),
            Some(_) => self.pick(
                "It is the next code (one step later): this PC's clock may be behind.",
                "1つ後のコードと一致しました。このパソコンの時計が遅れている可能性があります。",
            ),
            None => self.pick(
                "It does not match this account, now or one step either side.",
                "このアカウントのコードと一致しません（前後1つ分も含めて）。",
            ),
        }
        .into()
    }
}
