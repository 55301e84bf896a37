//! The forms' sentences about reading a setup number several ways and
//! checking it against a code (照合): the Add form's code field, its
//! "Advanced" settings and its confirmation after Register, and the Show
//! code window's check.

use crate::domain::check::{Candidate, CodeError, Tried};
use crate::domain::{Encoding, SetupKeyError};

use super::{Texts, Worded};

impl Texts {
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
        self.pick(
            format!("{how}, {}, {} digits, {} s", p.algorithm, p.digits, p.period),
            format!("{how}、{}、{}桁、{}秒", p.algorithm, p.digits, p.period),
        )
    }

    /// The setup-number errors about the readings (the rest are in `key_error`).
    pub(super) fn reading_error(self, error: &SetupKeyError) -> Worded {
        match error {
            SetupKeyError::ActivationCode { digits } => Worded::plain(self.pick(
                format!(
                    "This is only {digits} digits: too short to be a setup number. It is most likely an activation code, which only the brokerage's official app can use, so nothing can be registered with it. Ask the brokerage for a setup number for other authenticator apps, or keep using the official app."
                ),
                format!(
                    "{digits} 桁の数字だけでは設定用番号として短すぎます。公式アプリでしか使えない利用開始用のコード（アクティベーションコード）と思われるため、登録できません。他の認証アプリ用の設定用番号を証券会社に問い合わせるか、公式アプリをお使いください。"
                ),
            )),
            SetupKeyError::OddHexDigits { digits } => Worded::with_details(
                self.pick(
                    "The setup number seems to be missing a character: check that you copied all of it.",
                    "設定用番号の文字数が合いません。すべてコピーできているか確認してください。",
                ),
                self.pick(
                    format!("Read as a hex key it has {digits} digits, an odd number, which cannot be a whole key."),
                    format!("16進数の鍵として読むと {digits} 桁で、奇数のため鍵になりません。"),
                ),
            ),
            SetupKeyError::NotInEncoding {
                encoding,
                character,
                position,
            } => {
                let how = self.encoding_words(Some(*encoding));
                Worded::with_details(
                    self.pick(
                        format!("Character {position} ('{character}') cannot be in this setup number."),
                        format!("{position} 文字目の「{character}」は、この設定用番号に使われない文字です。"),
                    ),
                    self.pick(
                        format!("It cannot be in a {how}."),
                        format!("{how}に使われない文字です。"),
                    ),
                )
            }
            SetupKeyError::Ambiguous(encodings) => Worded::with_details(
                self.needs_code_main(),
                self.readings_words(encodings.len(), &self.encodings_words(encodings)),
            ),
            SetupKeyError::EncodingOfLink => Worded::with_details(
                self.pick(
                    "A link's setup number is read one way only.",
                    "リンクの設定用番号の読み方は1通りだけです。",
                ),
                self.pick(
                    "An otpauth:// link always holds a Base32 key.",
                    "otpauth:// リンクの鍵は常に Base32 です。",
                ),
            ),
            SetupKeyError::TooLong { digits } => Worded::plain(self.pick(
                format!("The setup number has {digits} digits, far more than any setup number: check what you copied."),
                format!("設定用番号が長すぎます（{digits} 桁）。コピーした内容を確認してください。"),
            )),
            other => self.key_error(other),
        }
    }

    // --- Add account: the code to check against -------------------------

    pub fn check_label(self) -> &'static str {
        self.pick("Code shown elsewhere", "照合用のコード")
    }

    pub fn check_hint(self) -> &'static str {
        self.pick(
            "The 6–8 digits the official Smart OTP app shows right now.",
            "公式の Smart OTP アプリに今表示されている6〜8桁の数字です。",
        )
    }

    fn needs_code_main(self) -> &'static str {
        self.pick(
            "trayotp cannot tell on its own how this setup number makes codes. Register the same setup number in the official Smart OTP app too, type the 6–8 digits it shows now into “Code shown elsewhere”, and press Register.",
            "この設定用番号は、公式アプリの数字と照らし合わせてから登録します。公式の Smart OTP アプリにも同じ設定用番号を登録し、今表示されている6〜8桁の数字を「照合用のコード」に入力して、【登録】を押してください。",
        )
    }

    /// "It can be read 3 ways (…)".
    fn readings_words(self, count: usize, list: &str) -> String {
        self.pick(
            format!("The setup number can be read {count} ways ({list}); trayotp does not guess."),
            format!("この設定用番号は {count} 通りに読めます（{list}）。推測はしません。"),
        )
    }

    /// A setup number that can be read several ways, and no code yet;
    /// `tried` is what the code will be checked against (`check::to_try`).
    pub fn needs_code(self, tried: &Tried) -> Worded {
        let list = self.encodings_words(&tried.encodings);
        let readings = self.readings_words(tried.encodings.len(), &list);
        let count = tried.count;
        let algorithms: Vec<&str> = tried.algorithms.iter().map(|a| a.name()).collect();
        let periods: Vec<String> = tried.periods.iter().map(u32::to_string).collect();
        let (algorithms, periods) = (algorithms.join("/"), periods.join("/"));
        Worded::with_details(
            self.needs_code_main(),
            self.pick(
                format!(
                    "{readings} With {algorithms} and {periods} s that makes {count} ways: the one that makes your code is registered."
                ),
                format!(
                    "{readings}{algorithms}、{periods} 秒と組み合わせた {count} 通りのうち、入力したコードになる1通りを登録します。"
                ),
            ),
        )
    }

    pub fn code_error(self, error: &CodeError) -> String {
        match error {
            CodeError::Empty => self
                .pick(
                    "Type the 6–8 digits the official app shows now.",
                    "公式アプリに今表示されている6〜8桁の数字を入力してください。",
                )
                .into(),
            CodeError::NotDigits => self
                .pick(
                    "A code has only the digits 0–9: check what you typed.",
                    "コードは数字（0〜9）だけです。入力を確認してください。",
                )
                .into(),
            CodeError::Length(length) => self.pick(
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

    pub fn no_match(self, tried: &Tried) -> Worded {
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
        Worded::with_details(
            self.pick(
                "The digits did not match, and nothing was registered. Type the official app's digits before they change, and check this PC's clock too.",
                "数字が一致しませんでした。登録していません。公式アプリの数字が変わる前に入力してください。パソコンの時計も確認してください。",
            ),
            self.pick(
                format!(
                    "None of the {count} ways tried ({ways}; {algorithms}; {periods} s; {digits} digits) makes this code now or one step either side."
                ),
                format!(
                    "試した {count} 通り（{ways}。{algorithms}。{periods} 秒。{digits} 桁）のどれも、このコードに一致しません（前後1つ分も含めて）。"
                ),
            ),
        )
    }

    pub fn several_match(self, count: usize) -> Worded {
        Worded::with_details(
            self.pick(
                "One more code is needed. When the official app shows new digits, type them and press Register again.",
                "もう1つコードが必要です。公式アプリの数字が次に変わったら、新しい数字を入力して、もう一度【登録】を押してください。",
            ),
            self.pick(
                format!("{count} ways of reading the setup number make this code."),
                format!("{count} 通りの読み方がこのコードに一致しました。"),
            ),
        )
    }

    pub fn same_code_again(self) -> &'static str {
        self.pick(
            "That is the code already checked: wait until the official app shows new digits, then type those.",
            "そのコードは照合済みです。公式アプリの数字が次に変わるまで待ってから入力してください。",
        )
    }

    // --- Add account: Advanced ------------------------------------------

    pub fn advanced(self) -> &'static str {
        self.pick("Advanced", "詳細設定")
    }

    pub fn advanced_hint(self) -> &'static str {
        self.pick(
            "Leave these on Automatic unless your provider states them. Otherwise a setup number gets 60 s, 6 digits and SHA1; with a code to check, each is found.",
            "提供元の指定がなければ「自動」のままにしてください。設定用番号だけの場合は 60 秒・6 桁・SHA1、照合用のコードがあれば照合で決まります。",
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
        self.pick(
            format!("'{name}' was registered."),
            format!("「{name}」を登録しました。"),
        )
    }

    pub fn found(self, candidate: &Candidate) -> Worded {
        let what = self.candidate(candidate);
        Worded::with_details(
            self.pick(
                "Your code matched: the codes below are the ones the official app shows.",
                "照合できました：下のコードは公式アプリと同じです。",
            ),
            self.pick(format!("Found: {what}."), format!("見つかった読み方：{what}")),
        )
    }

    pub fn confirm_before_removing(self) -> &'static str {
        self.pick(
            "Check that this code is accepted on the withdrawal or e-mail address change screen before you remove the old app.",
            "出金やメールアドレス変更の画面でこのコードが受け付けられることを確認してから、古いアプリを削除してください。",
        )
    }

    /// The confirmation's Copy button.
    pub fn copy(self) -> &'static str {
        self.pick("Copy", "コピー")
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
