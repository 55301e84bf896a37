//! The forms' texts checked together: errors worded from their variant
//! with their facts, no English left in Japanese, no technical word in a
//! main text (`glossary`), full-width punctuation in Japanese, and the
//! counts a form gives coming from the check itself.

use super::{Language, Texts, glossary};
use crate::domain::{NameError, SetupKeyError, SetupKeyWarning};
use crate::formats::qr::QrError;
use crate::settings::Problem;

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
    all.extend(super::import::every_main_text(t));
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
