//! Type-to-search over the accounts (the quick picker, `trayotp window
//! pick`): what the user types is compared with each account's display
//! name and issuer after both are *folded*, so that the ways Japanese text
//! is written alike match alike. The account's reading (よみ, see
//! `Account::reading`) is searched too, so 「三菱 太郎」 read 「みつびし たろう」 is
//! found by typing みつ:
//!
//! - full-width and half-width forms (`ＳＢＩ` = `SBI`, `ﾐﾂﾋﾞｼ` = `ミツビシ`),
//!   through Unicode compatibility normalisation (NFKC);
//! - hiragana and katakana (`みつびし` = `ミツビシ`);
//! - upper and lower case (`sbi` = `SBI`).
//!
//! A query of several words (split on any space, the ideographic one
//! included) matches an account that contains every word. The names are
//! folded once ([`SearchIndex::new`]), so filtering 1 000 accounts per
//! keystroke is a scan of short strings (measured in `benches/click_path.rs`).

use unicode_normalization::UnicodeNormalization;

use super::AccountList;

/// `text` as the search compares it: NFKC, hiragana as katakana, lower case.
pub fn fold(text: &str) -> String {
    text.nfkc()
        .map(hiragana_to_katakana)
        .flat_map(char::to_lowercase)
        .collect()
}

/// Hiragana ぁ..ゖ and the iteration marks ゝゞ become their katakana.
fn hiragana_to_katakana(c: char) -> char {
    match c {
        '\u{3041}'..='\u{3096}' | '\u{309D}'..='\u{309E}' => char::from_u32(c as u32 + 0x60).unwrap_or(c),
        _ => c,
    }
}

/// The accounts' names, readings and issuers, folded once.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    /// Per account, in stored order: folded name, reading and issuer, each
    /// after a separator no query can contain.
    folded: Vec<String>,
}

impl SearchIndex {
    pub fn new(accounts: &AccountList) -> Self {
        let folded = accounts
            .iter()
            .map(|account| {
                let mut text = fold(&account.name);
                for extra in [&account.reading, &account.issuer].into_iter().flatten() {
                    text.push('\n');
                    text.push_str(&fold(extra));
                }
                text
            })
            .collect();
        Self { folded }
    }

    pub fn len(&self) -> usize {
        self.folded.len()
    }

    pub fn is_empty(&self) -> bool {
        self.folded.is_empty()
    }

    /// The positions (in stored order) of the accounts matching `query`:
    /// every account for an empty query.
    pub fn filter(&self, query: &str) -> Vec<usize> {
        let folded = fold(query);
        let words: Vec<&str> = folded.split_whitespace().collect();
        self.folded
            .iter()
            .enumerate()
            .filter(|(_, text)| words.iter().all(|word| text.contains(word)))
            .map(|(index, _)| index)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::setup_key::{self, ParamOverrides};

    #[test]
    fn width_case_and_kana_fold_alike() {
        assert_eq!(fold("ＳＢＩ証券"), fold("sbi証券"));
        assert_eq!(fold("ﾐﾂﾋﾞｼ"), fold("ミツビシ"));
        assert_eq!(fold("みつびし"), fold("ミツビシ"));
        assert_eq!(fold("ﾐﾂﾋﾞｼ"), fold("みつびし"));
        assert_eq!(fold("Ｒａｋｕｔｅｎ"), "rakuten");
        assert_eq!(fold("三菱\u{3000}太郎"), "三菱 太郎");
        // Different words stay different.
        assert_ne!(fold("ミツビシ"), fold("ミツヒシ"));
        assert_ne!(fold("三菱"), fold("三井"));
    }

    fn accounts(entries: &[&str]) -> AccountList {
        let mut list = AccountList::default();
        for entry in entries {
            let (issuer, name) = entry.split_once(':').expect("issuer:name");
            let key = format!("otpauth://totp/{name}?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer={issuer}");
            let parsed = setup_key::parse(&key, ParamOverrides::default()).expect("key");
            let name = percent_encoding::percent_decode_str(name).decode_utf8_lossy();
            list.add(&name, parsed).expect("name");
        }
        list
    }

    #[test]
    fn filtering_looks_at_name_and_issuer_and_every_word() {
        let list = accounts(&[
            "SBI%E8%A8%BC%E5%88%B8:taro",
            "Rakuten:%E3%83%9F%E3%83%84%E3%83%93%E3%82%B7",
            "Work:me",
        ]);
        let index = SearchIndex::new(&list);
        assert_eq!(index.len(), 3);
        assert_eq!(index.filter(""), vec![0, 1, 2]);
        assert_eq!(index.filter("ｓｂｉ"), vec![0], "issuer, full-width");
        assert_eq!(index.filter("みつ"), vec![1], "name, hiragana for katakana");
        assert_eq!(index.filter("rakuten ﾐﾂ"), vec![1], "two words, both needed");
        assert_eq!(index.filter("rakuten taro"), Vec::<usize>::new());
        assert_eq!(index.filter("ME"), vec![2]);
        assert!(index.filter("zzz").is_empty());
    }

    #[test]
    fn a_kanji_name_is_found_by_its_reading() {
        let mut list = accounts(&[
            "SBI:%E4%B8%89%E8%8F%B1%20%E5%A4%AA%E9%83%8E",
            "Rakuten:%E3%83%9F%E3%83%84%E3%83%93%E3%82%B7%20%E8%8A%B1%E5%AD%90",
        ]);
        let index = SearchIndex::new(&list);
        assert_eq!(index.filter("みつ"), vec![1], "without a reading only ミツビシ 花子");
        list.set_reading("三菱 太郎", "みつびし たろう").expect("reading");
        let index = SearchIndex::new(&list);
        assert_eq!(index.filter("みつ"), vec![0, 1]);
        assert_eq!(index.filter("ﾐﾂﾋﾞｼ ﾀﾛｳ"), vec![0], "half-width katakana, both words");
        assert_eq!(index.filter("たろう"), vec![0]);
        assert_eq!(index.filter("三菱"), vec![0], "the name still");
    }
}
