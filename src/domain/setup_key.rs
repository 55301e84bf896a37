//! Turns a "setup number" as a user pastes it into a TOTP key and its
//! parameters.
//!
//! Brokerages and other issuers hand out either a Base32 key or an
//! `otpauth://totp/...` URI (the Key URI Format). Japanese users paste from
//! Japanese web pages, so full-width letters, digits, spaces and hyphens are
//! folded to ASCII first. Every rejection names the problem precisely (for a
//! bad character: which one, and where) without echoing the key.

use percent_encoding::percent_decode_str;
use url::Url;

use super::SecretKey;
use super::otp::{Algorithm, DIGITS_RANGE, OtpParams, PERIOD_RANGE};

/// Keys shorter than this are refused (RFC 4226 §4 requires 128; many
/// issuers still hand out 80-bit keys, so those are accepted with a warning).
pub const MIN_KEY_BITS: usize = 80;
pub const RECOMMENDED_KEY_BITS: usize = 128;

/// What a setup number turned into.
#[derive(Debug, Clone)]
pub struct ParsedSetupKey {
    pub key: SecretKey,
    pub params: OtpParams,
    /// The issuer named by an `otpauth://` URI, if any.
    pub issuer: Option<String>,
    /// The account part of an `otpauth://` URI's label, if any: a suggestion
    /// for the display name.
    pub label: Option<String>,
    pub warnings: Vec<SetupKeyWarning>,
}

/// Parameters the user set explicitly (command-line flags, form fields);
/// they win over the defaults and over what a URI says.
#[derive(Debug, Clone, Copy, Default)]
pub struct ParamOverrides {
    pub algorithm: Option<Algorithm>,
    pub digits: Option<u8>,
    pub period: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetupKeyWarning {
    ShortKey { bits: usize },
}

impl std::fmt::Display for SetupKeyWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SetupKeyWarning::ShortKey { bits } => write!(
                f,
                "the key is only {bits} bits long; {RECOMMENDED_KEY_BITS} bits or more is recommended"
            ),
        }
    }
}

/// Why a setup number was refused. `Display` gives the one-line English
/// message; the GUI translates from the variant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SetupKeyError {
    #[error("the setup number is empty: paste the key or otpauth:// link your provider shows")]
    Empty,
    #[error("the setup number has an invalid character '{character}' at position {position}: {hint}", hint = bad_character_hint(*.character))]
    BadCharacter { character: char, position: usize },
    #[error(
        "the setup number has {chars} Base32 characters, which cannot be a whole key: check that you copied all of it"
    )]
    BadLength { chars: usize },
    #[error(
        "the key is only {bits} bits long; at least {MIN_KEY_BITS} bits (16 Base32 characters) are needed: check that you copied all of it"
    )]
    TooShort { bits: usize },
    #[error("HOTP (counter-based) keys are not supported: trayotp makes time-based codes (TOTP)")]
    Hotp,
    #[error("'otpauth://{0}' links are not supported: only otpauth://totp/ links are")]
    UnsupportedUriType(String),
    #[error("the otpauth:// link is malformed ({0}): copy it again from your provider")]
    MalformedUri(String),
    #[error("the otpauth:// link has no secret= parameter: copy it again from your provider")]
    MissingSecret,
    #[error("unknown algorithm '{0}': use SHA1, SHA256 or SHA512")]
    UnknownAlgorithm(String),
    #[error("'{0}' digits is not supported: codes have 6 to 8 digits")]
    Digits(String),
    #[error("a period of '{0}' seconds is not supported: use 1 to 300 seconds")]
    Period(String),
}

fn bad_character_hint(character: char) -> &'static str {
    match character {
        '0' | '1' | '8' | '9' => {
            "Base32 keys use only the letters A-Z and the digits 2-7 (0, 1, 8 and 9 never appear; did you mean O, I or B?)"
        }
        _ => "Base32 keys use only the letters A-Z and the digits 2-7",
    }
}

/// Parses a pasted setup number: a Base32 key or an `otpauth://totp/` URI.
pub fn parse(input: &str, overrides: ParamOverrides) -> Result<ParsedSetupKey, SetupKeyError> {
    let text = fold_full_width(input);
    let text = text.trim();
    if text.is_empty() {
        return Err(SetupKeyError::Empty);
    }
    let mut parsed = if text
        .get(..10)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("otpauth://"))
    {
        parse_uri(text)?
    } else if text.contains("://") {
        // Quoted from the pasted text: at most 20 characters, control
        // characters escaped, so the message stays one printable line
        // (found by the setup_number fuzz target: "W\n\n://").
        let scheme: String = text
            .split("://")
            .next()
            .unwrap_or_default()
            .chars()
            .take(20)
            .flat_map(char::escape_debug)
            .collect();
        return Err(SetupKeyError::MalformedUri(format!(
            "'{scheme}://' is not an otpauth:// link"
        )));
    } else {
        ParsedSetupKey {
            key: decode_base32(text)?,
            params: OtpParams::default(),
            issuer: None,
            label: None,
            warnings: Vec::new(),
        }
    };
    if let Some(algorithm) = overrides.algorithm {
        parsed.params.algorithm = algorithm;
    }
    if let Some(digits) = overrides.digits {
        parsed.params.digits = check_digits(&digits.to_string())?;
    }
    if let Some(period) = overrides.period {
        parsed.params.period = check_period(&period.to_string())?;
    }
    if parsed.key.bit_len() < RECOMMENDED_KEY_BITS {
        parsed.warnings.push(SetupKeyWarning::ShortKey {
            bits: parsed.key.bit_len(),
        });
    }
    Ok(parsed)
}

/// Folds full-width ASCII (U+FF01–U+FF5E) and the ideographic space to their
/// ASCII forms, and the dashes Japanese text uses to '-', so that
/// `ＡＢＣ２３　ＤＥＦ` reads as `ABC23 DEF`.
fn fold_full_width(input: &str) -> String {
    input
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{30FC}' | '\u{FF70}' => '-',
            _ => c,
        })
        .collect()
}

/// Decodes Base32, ignoring case, white space, hyphens and '=' padding.
/// `text` has already been folded to ASCII; positions count characters of it
/// from 1, which match the positions in what the user pasted.
fn decode_base32(text: &str) -> Result<SecretKey, SetupKeyError> {
    let mut clean = zeroize::Zeroizing::new(String::with_capacity(text.len()));
    for (index, character) in text.chars().enumerate() {
        match character.to_ascii_uppercase() {
            c @ ('A'..='Z' | '2'..='7') => clean.push(c),
            c if c.is_whitespace() || c == '-' || c == '=' => {}
            _ => {
                return Err(SetupKeyError::BadCharacter {
                    character,
                    position: index + 1,
                });
            }
        }
    }
    if clean.is_empty() {
        return Err(SetupKeyError::Empty);
    }
    // 1, 3 or 6 characters past a multiple of 8 cannot end a Base32 string.
    if matches!(clean.len() % 8, 1 | 3 | 6) {
        return Err(SetupKeyError::BadLength { chars: clean.len() });
    }
    let secret = totp_rs::Secret::try_from_base32(clean.as_str())
        .map_err(|_| SetupKeyError::BadLength { chars: clean.len() })?;
    let key = SecretKey::new(secret.as_bytes().to_vec());
    if key.bit_len() < MIN_KEY_BITS {
        return Err(SetupKeyError::TooShort { bits: key.bit_len() });
    }
    Ok(key)
}

fn parse_uri(text: &str) -> Result<ParsedSetupKey, SetupKeyError> {
    let url = Url::parse(text).map_err(|e| SetupKeyError::MalformedUri(e.to_string()))?;
    match url.host_str().map(str::to_ascii_lowercase).as_deref() {
        Some("totp") => {}
        Some("hotp") => return Err(SetupKeyError::Hotp),
        Some(other) => return Err(SetupKeyError::UnsupportedUriType(other.to_string())),
        None => return Err(SetupKeyError::MalformedUri("no type after otpauth://".into())),
    }

    let label = percent_decode_str(url.path().trim_start_matches('/'))
        .decode_utf8_lossy()
        .into_owned();
    let (label_issuer, account) = match label.split_once(':') {
        Some((issuer, account)) => (Some(issuer.trim().to_string()), account.trim().to_string()),
        None => (None, label.trim().to_string()),
    };

    let mut params = OtpParams::default();
    let mut secret = None;
    let mut issuer = None;
    for (name, value) in url.query_pairs() {
        match name.to_ascii_lowercase().as_str() {
            "secret" => secret = Some(zeroize::Zeroizing::new(value.into_owned())),
            "issuer" => issuer = Some(value.trim().to_string()),
            "algorithm" => {
                params.algorithm = value
                    .parse()
                    .map_err(|_| SetupKeyError::UnknownAlgorithm(value.to_string()))?;
            }
            "digits" => params.digits = check_digits(&value)?,
            "period" => params.period = check_period(&value)?,
            _ => {} // image=, counter= and vendor extensions carry nothing we need
        }
    }
    let secret = secret.ok_or(SetupKeyError::MissingSecret)?;
    let key = decode_base32(&fold_full_width(&secret))?;
    Ok(ParsedSetupKey {
        key,
        params,
        issuer: issuer
            .filter(|s| !s.is_empty())
            .or(label_issuer.filter(|s| !s.is_empty())),
        label: Some(account).filter(|s| !s.is_empty()),
        warnings: Vec::new(),
    })
}

fn check_digits(text: &str) -> Result<u8, SetupKeyError> {
    match text.trim().parse::<u8>() {
        Ok(digits) if DIGITS_RANGE.contains(&digits) => Ok(digits),
        _ => Err(SetupKeyError::Digits(text.trim().to_string())),
    }
}

fn check_period(text: &str) -> Result<u32, SetupKeyError> {
    match text.trim().parse::<u32>() {
        Ok(period) if PERIOD_RANGE.contains(&period) => Ok(period),
        _ => Err(SetupKeyError::Period(text.trim().to_string())),
    }
}

#[cfg(test)]
mod tests {
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
    fn otpauth_uri_defaults_to_60_seconds_and_label_issuer() {
        let uri = format!("OTPAUTH://TOTP/Broker:taro?SECRET={}", SEED_B32.to_lowercase());
        let parsed = parse(&uri, ParamOverrides::default()).expect("parses");
        assert_eq!(parsed.params, OtpParams::default());
        assert_eq!(parsed.issuer.as_deref(), Some("Broker"));
        assert_eq!(parsed.label.as_deref(), Some("taro"));
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
}
