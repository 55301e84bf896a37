//! Tests of `setup_key.rs`, beside it so that the module stays short.

use super::*;

#[test]
fn a_foreign_scheme_is_quoted_on_one_line() {
    let error = parse("W\n\n://\n", ParamOverrides::default()).expect_err("not otpauth");
    let message = error.to_string();
    assert!(!message.contains('\n'), "{message:?}");
    assert!(message.contains(r"'W\n\n://'"), "{message}");
}

/// "12345678901234567890" (RFC 6238's SHA-1 seed), 160 bits.
const SEED_B32: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const SEED: &[u8] = b"12345678901234567890";

fn key_of(input: &str) -> Vec<u8> {
    parse(input, ParamOverrides::default())
        .unwrap_or_else(|e| panic!("{input:?} should parse: {e}"))
        .key
        .as_bytes()
        .to_vec()
}

fn error_of(input: &str) -> SetupKeyError {
    parse(input, ParamOverrides::default()).expect_err(input)
}

#[test]
fn plain_base32_with_defaults() {
    let parsed = parse(SEED_B32, ParamOverrides::default()).expect("parses");
    assert_eq!(parsed.key.as_bytes(), SEED);
    assert_eq!(
        parsed.params,
        OtpParams {
            algorithm: Algorithm::Sha1,
            digits: 6,
            period: 60
        }
    );
    assert!(parsed.warnings.is_empty());
}

#[test]
fn case_spaces_hyphens_and_padding_are_ignored() {
    assert_eq!(key_of("gezd gnbv gy3t qojq gezd gnbv gy3t qojq"), SEED);
    assert_eq!(key_of("GEZD-GNBV-GY3T-QOJQ-GEZD-GNBV-GY3T-QOJQ"), SEED);
    assert_eq!(key_of("  GEZDGNBVGY3TQOJQ\nGEZDGNBVGY3TQOJQ\t"), SEED);
    // 10 bytes: 16 characters, no padding needed; 11 bytes: padded to 24.
    assert_eq!(key_of("GEZDGNBVGY3TQOJQGE======"), b"12345678901");
}

#[test]
fn full_width_input_from_japanese_pages_is_folded() {
    let full_width: String = SEED_B32
        .chars()
        .map(|c| char::from_u32(c as u32 + 0xFEE0).expect("full-width form"))
        .collect();
    assert_eq!(key_of(&full_width), SEED);
    assert_eq!(
        key_of("ＧＥＺＤ　ＧＮＢＶ－ＧＹ３Ｔ　ＱＯＪＱ ｇｅｚｄｇｎｂｖｇｙ３ｔｑｏｊｑ"),
        SEED
    );
    assert_eq!(key_of("GEZDGNBVーGY3TQOJQ―GEZDGNBVGY3TQOJQ"), SEED);
}

#[test]
fn bad_character_names_the_character_and_its_position() {
    let err = error_of("GEZDGNBVGY3T0OJQGEZDGNBVGY3TQOJQ");
    assert_eq!(
        err,
        SetupKeyError::BadCharacter {
            character: '0',
            position: 13
        }
    );
    let message = err.to_string();
    assert!(message.contains("'0' at position 13"), "{message}");
    assert!(message.contains("did you mean O"), "{message}");

    // Positions count characters, not bytes, of what the user pasted.
    let err = error_of("ＧＥＺＤ　ＧＮＢＶ＃");
    assert_eq!(
        err,
        SetupKeyError::BadCharacter {
            character: '#',
            position: 10
        }
    );

    // A non-ASCII character is reported as itself.
    let err = error_of("GEZDGNBV漢GY3TQOJQ");
    assert_eq!(
        err,
        SetupKeyError::BadCharacter {
            character: '漢',
            position: 9
        }
    );
}

#[test]
fn empty_and_blank_input_is_refused() {
    for input in ["", "   ", "\u{3000}\u{3000}", "----", "====", "\n"] {
        assert_eq!(error_of(input), SetupKeyError::Empty, "{input:?}");
    }
}

#[test]
fn short_keys_are_refused_under_80_bits_and_warned_under_128() {
    // 9 bytes = 72 bits (Base32 of "123456789": 15 chars, padded).
    assert_eq!(error_of("GEZDGNBVGY3TQOI="), SetupKeyError::TooShort { bits: 72 });
    // 10 bytes = 80 bits: accepted, with a warning.
    let parsed = parse("GEZDGNBVGY3TQOJQ", ParamOverrides::default()).expect("80 bits is enough");
    assert_eq!(parsed.warnings, vec![SetupKeyWarning::ShortKey { bits: 80 }]);
    assert!(parsed.warnings[0].to_string().contains("128 bits or more"));
}

#[test]
fn impossible_base32_lengths_are_refused() {
    assert_eq!(error_of("GEZDGNBVGY3TQOJQG"), SetupKeyError::BadLength { chars: 17 });
}

#[test]
fn otpauth_uri_parameters_are_honoured() {
    let uri = format!(
        "otpauth://totp/Example%20Bank:%E4%B8%89%E8%8F%B1%20%E5%A4%AA%E9%83%8E?secret={SEED_B32}&issuer=Example%20Bank&algorithm=SHA256&digits=8&period=30"
    );
    let parsed = parse(&uri, ParamOverrides::default()).expect("parses");
    assert_eq!(parsed.key.as_bytes(), SEED);
    assert_eq!(
        parsed.params,
        OtpParams {
            algorithm: Algorithm::Sha256,
            digits: 8,
            period: 30
        }
    );
    assert_eq!(parsed.issuer.as_deref(), Some("Example Bank"));
    assert_eq!(parsed.label.as_deref(), Some("三菱 太郎"));
}

#[test]
fn otpauth_uri_without_parameters_gets_the_key_uri_defaults_and_label_issuer() {
    let uri = format!("OTPAUTH://TOTP/Broker:taro?SECRET={}", SEED_B32.to_lowercase());
    let parsed = parse(&uri, ParamOverrides::default()).expect("parses");
    assert_eq!(
        parsed.params,
        OtpParams {
            algorithm: Algorithm::Sha1,
            digits: 6,
            period: 30
        },
        "the Key URI Format's defaults, not the bare key's 60 s"
    );
    assert_eq!(parsed.params, KEY_URI_DEFAULTS);
    assert_eq!(parsed.issuer.as_deref(), Some("Broker"));
    assert_eq!(parsed.label.as_deref(), Some("taro"));
    // Each parameter left out on its own falls back on its own default.
    let only_period = parse(
        &format!("otpauth://totp/x?secret={SEED_B32}&period=60"),
        ParamOverrides::default(),
    )
    .expect("parses");
    assert_eq!((only_period.params.digits, only_period.params.period), (6, 60));
    let only_digits = parse(
        &format!("otpauth://totp/x?secret={SEED_B32}&digits=8"),
        ParamOverrides::default(),
    )
    .expect("parses");
    assert_eq!((only_digits.params.digits, only_digits.params.period), (8, 30));
    // A bare key is still the brokerage's 60 seconds.
    assert_eq!(
        parse(SEED_B32, ParamOverrides::default())
            .expect("parses")
            .params
            .period,
        60
    );
}

#[test]
fn overrides_win_over_defaults_and_uri() {
    let overrides = ParamOverrides {
        algorithm: Some(Algorithm::Sha512),
        digits: Some(7),
        period: Some(45),
    };
    let uri = format!("otpauth://totp/x?secret={SEED_B32}&period=30&digits=8");
    for input in [SEED_B32.to_string(), uri] {
        let parsed = parse(&input, overrides).expect("parses");
        assert_eq!(
            parsed.params,
            OtpParams {
                algorithm: Algorithm::Sha512,
                digits: 7,
                period: 45
            }
        );
    }
}

#[test]
fn uri_rejections_name_the_problem() {
    let base = "otpauth://totp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    assert_eq!(
        error_of(&format!("otpauth://hotp/x?secret={SEED_B32}&counter=1")),
        SetupKeyError::Hotp
    );
    assert_eq!(
        error_of(&format!("{base}&algorithm=MD5")),
        SetupKeyError::UnknownAlgorithm("MD5".into())
    );
    assert_eq!(error_of(&format!("{base}&digits=5")), SetupKeyError::Digits("5".into()));
    assert_eq!(error_of(&format!("{base}&digits=9")), SetupKeyError::Digits("9".into()));
    assert_eq!(error_of(&format!("{base}&period=0")), SetupKeyError::Period("0".into()));
    assert_eq!(
        error_of(&format!("{base}&period=301")),
        SetupKeyError::Period("301".into())
    );
    assert_eq!(error_of("otpauth://totp/x?issuer=y"), SetupKeyError::MissingSecret);
    assert_eq!(
        error_of("otpauth://steam/x?secret=AAAA"),
        SetupKeyError::UnsupportedUriType("steam".into())
    );
    assert!(matches!(
        error_of("https://example.com/?secret=AAAA"),
        SetupKeyError::MalformedUri(_)
    ));
    assert!(matches!(
        error_of("otpauth://totp/x?secret=GEZD1"),
        SetupKeyError::BadCharacter {
            character: '1',
            position: 5
        }
    ));
    // HOTP wording, as the issue asks.
    assert!(SetupKeyError::Hotp.to_string().contains("HOTP"));
}

#[test]
fn overrides_are_range_checked_too() {
    let bad_digits = ParamOverrides {
        digits: Some(9),
        ..Default::default()
    };
    assert_eq!(
        parse(SEED_B32, bad_digits).expect_err("9 digits"),
        SetupKeyError::Digits("9".into())
    );
    let bad_period = ParamOverrides {
        period: Some(0),
        ..Default::default()
    };
    assert_eq!(
        parse(SEED_B32, bad_period).expect_err("period 0"),
        SetupKeyError::Period("0".into())
    );
}

#[test]
fn no_message_echoes_the_key() {
    let uri_with_bad_digits = format!("otpauth://totp/x?secret={SEED_B32}&digits=12");
    for input in [uri_with_bad_digits.as_str(), "GEZDGNBVGY3TQOJQG", "GEZDGNBVGY3TQOI="] {
        let message = error_of(input).to_string();
        assert!(!message.contains("GEZD"), "{message}");
    }
}

fn bare_of(input: &str) -> BareKey {
    match read(input).unwrap_or_else(|e| panic!("{input:?} should read: {e}")) {
        SetupNumber::Bare(bare) => bare,
        SetupNumber::Link(_) => panic!("{input:?} is not a link"),
    }
}

#[test]
fn readings_of_bare_setup_numbers() {
    // Base32 alone: one reading, no choice.
    let bare = bare_of(SEED_B32);
    assert_eq!(bare.encodings(), [Encoding::Base32]);
    assert_eq!(bare.only().expect("one").key.as_bytes(), SEED);

    // Hex with 0, 1, 8 or 9 (never Base32), optional 0x, any case.
    let key: Vec<u8> = (0x10..0x24).collect();
    let hex: String = key.iter().map(|b| format!("{b:02X}")).collect();
    for input in [
        hex.clone(),
        format!("0x{}", hex.to_lowercase()),
        format!("{} {}", &hex[..8], &hex[8..]),
    ] {
        let bare = bare_of(&input);
        assert_eq!(bare.encodings(), [Encoding::Hex], "{input}");
        assert_eq!(bare.only().expect("one").key.as_bytes(), key.as_slice());
    }

    // RFC 6238's digits: hex (80 bits) and ASCII fit; the number (64
    // bits) is too short to be a key but still named; digits are never chosen.
    let bare = bare_of("1234 5678 9012 3456 7890");
    assert!(bare.is_ambiguous() && bare.only().is_none());
    assert_eq!(bare.encodings(), [Encoding::Hex, Encoding::Ascii, Encoding::Number]);
    assert_eq!(bare.readings.len(), 2);
    assert_eq!(bare.readings[1].key.as_bytes(), SEED);

    // Full-width digits fold; 13 digits: ASCII only, still ambiguous.
    let bare = bare_of("１２３４５６７８９０１２３");
    assert_eq!(bare.readings.len(), 1);
    assert!(bare.is_ambiguous());

    // Hex that is also Base32.
    let bare = bare_of("ABCDEF234567ABCDEF234567ABCDEF23");
    assert_eq!(bare.encodings(), [Encoding::Base32, Encoding::Hex]);
    assert!(bare.is_ambiguous());

    // Only 2-7 digits: all four.
    let bare = bare_of("2345672345672345672345672345672345672345");
    assert_eq!(bare.encodings(), Encoding::ALL);
    assert_eq!(bare.readings.len(), 4);
}

#[test]
fn short_digit_strings_are_activation_codes() {
    for input in ["123456", "1234 5678 9012", "１２３４５６７８"] {
        let error = read(input).expect_err(input);
        assert!(
            matches!(error, SetupKeyError::ActivationCode { .. }),
            "{input}: {error:?}"
        );
        let message = error.to_string();
        assert!(
            message.contains("activation code") && message.contains("nothing was registered"),
            "{message}"
        );
        assert!(!message.contains("1234"), "{message}");
    }
    assert_eq!(
        parse_as("123456789012", Encoding::Ascii, ParamOverrides::default()).expect_err("12 digits"),
        SetupKeyError::ActivationCode { digits: 12 }
    );
}

#[test]
fn hex_like_input_is_not_told_about_base32_letters() {
    // 39 hex digits: odd, and it has 0/1/8/9 so it cannot be Base32.
    let odd = "0123456789ABCDEF0123456789ABCDEF0123456";
    assert_eq!(read(odd).expect_err("odd"), SetupKeyError::OddHexDigits { digits: 39 });
    assert!(!read(odd).expect_err("odd").to_string().contains("did you mean"));
    assert_eq!(
        read("0x0123 4567 89").expect_err("short"),
        SetupKeyError::TooShort { bits: 40 }
    );
    // A Base32 key with a 0 in it keeps its Base32 explanation.
    assert!(
        read("GEZDGNBVGY3T0OJQGEZDGNBVGY3TQOJQ")
            .expect_err("0")
            .to_string()
            .contains("did you mean O")
    );
}

#[test]
fn an_explicit_encoding_reads_exactly_that() {
    let rfc = parse_as("12345678901234567890", Encoding::Ascii, ParamOverrides::default()).expect("ascii");
    assert_eq!(rfc.key.as_bytes(), SEED);
    assert_eq!(rfc.params, OtpParams::default());
    let number = parse_as("1208925819614629174706176", Encoding::Number, ParamOverrides::default()).expect("2^80");
    assert_eq!(number.key.as_bytes(), [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(
        parse_as("12345678901234567890", Encoding::Number, ParamOverrides::default()).expect_err("64 bits"),
        SetupKeyError::TooShort { bits: 64 }
    );
    assert_eq!(
        parse_as("00112233445566778899AG", Encoding::Hex, ParamOverrides::default()).expect_err("G"),
        SetupKeyError::NotInEncoding {
            encoding: Encoding::Hex,
            character: 'G',
            position: 22
        }
    );
    assert_eq!(
        parse_as(
            &format!("otpauth://totp/x?secret={SEED_B32}"),
            Encoding::Hex,
            ParamOverrides::default()
        )
        .expect_err("link"),
        SetupKeyError::EncodingOfLink
    );
    assert!(matches!(
        read(&format!("otpauth://totp/x?secret={SEED_B32}")),
        Ok(SetupNumber::Link(_))
    ));
    let ambiguous = SetupKeyError::Ambiguous(vec![Encoding::Hex, Encoding::Ascii]).to_string();
    assert!(
        ambiguous.contains("--check-code") && ambiguous.contains("--encoding base32|hex|ascii|number"),
        "{ambiguous}"
    );
}
