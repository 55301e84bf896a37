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
use super::reading::{self, Encoding, Reading};

/// Keys shorter than this are refused (RFC 4226 §4 requires 128; many
/// issuers still hand out 80-bit keys, so those are accepted with a warning).
pub const MIN_KEY_BITS: usize = 80;
pub const RECOMMENDED_KEY_BITS: usize = 128;

/// What an `otpauth://totp/` link means when it leaves out `period=`,
/// `digits=` or `algorithm=`: the Key URI Format's defaults (30 s, 6
/// digits, SHA-1), which Ente Auth, Stratum and other apps rely on when they
/// write 30-second accounts. A bare key keeps [`OtpParams::default`], the
/// brokerages' 60 seconds.
pub const KEY_URI_DEFAULTS: OtpParams = OtpParams {
    algorithm: Algorithm::Sha1,
    digits: 6,
    period: 30,
};

/// A setup number of this many decimal digits or fewer is not read as a key:
/// it is most likely an activation code, which only the issuer's own app can
/// turn into a key (a key of 12 ASCII digits would hold under 40 bits).
pub const MAX_ACTIVATION_CODE_DIGITS: usize = 12;

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
    #[error(
        "the setup number is only {digits} digits, too short to be a key: it is most likely an activation code, which only the brokerage's official app can use; nothing was registered: ask the brokerage for a setup number for other authenticator apps (a key or an otpauth:// link), or keep using the official app"
    )]
    ActivationCode { digits: usize },
    #[error(
        "the setup number has {digits} hex digits, an odd number, which cannot be a whole key: check that you copied all of it"
    )]
    OddHexDigits { digits: usize },
    #[error("the setup number has a character '{character}' at position {position} that a {encoding} key cannot have{}", encoding_alphabet(*.encoding))]
    NotInEncoding {
        encoding: Encoding,
        character: char,
        position: usize,
    },
    #[error(
        "the setup number can be read {} ways ({}), and trayotp does not guess: add --check-code CODE with a code the official app or the brokerage's site shows now, or say how to read it with --encoding base32|hex|ascii|number",
        .0.len(), names(.0)
    )]
    Ambiguous(Vec<Encoding>),
    #[error("an otpauth:// link always holds a Base32 key: leave out the encoding")]
    EncodingOfLink,
    #[error("the setup number has {digits} digits, far more than any key: check what you copied")]
    TooLong { digits: usize },
}

fn names(encodings: &[Encoding]) -> String {
    encodings.iter().map(|e| e.name()).collect::<Vec<_>>().join(", ")
}

fn encoding_alphabet(encoding: Encoding) -> &'static str {
    match encoding {
        Encoding::Base32 => " (only A-Z and 2-7)",
        Encoding::Hex => " (only 0-9 and A-F)",
        Encoding::Ascii | Encoding::Number => " (only the digits 0-9)",
    }
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
    apply(&mut parsed, overrides)?;
    Ok(parsed)
}

/// Applies what the user set over the defaults or the link's values, and
/// warns about a short key.
pub(crate) fn apply(parsed: &mut ParsedSetupKey, overrides: ParamOverrides) -> Result<(), SetupKeyError> {
    if let Some(algorithm) = overrides.algorithm {
        parsed.params.algorithm = algorithm;
    }
    if let Some(digits) = overrides.digits {
        parsed.params.digits = check_digits(&digits.to_string())?;
    }
    if let Some(period) = overrides.period {
        parsed.params.period = check_period(&period.to_string())?;
    }
    parsed.warnings = key_warnings(&parsed.key);
    Ok(())
}

/// The warnings an acceptable key earns (a short one).
pub fn key_warnings(key: &SecretKey) -> Vec<SetupKeyWarning> {
    if key.bit_len() < RECOMMENDED_KEY_BITS {
        vec![SetupKeyWarning::ShortKey { bits: key.bit_len() }]
    } else {
        Vec::new()
    }
}

/// A bare key with the defaults (60 s, 6 digits, SHA1) and `overrides`.
pub fn bare(key: SecretKey, overrides: ParamOverrides) -> Result<ParsedSetupKey, SetupKeyError> {
    let mut parsed = ParsedSetupKey {
        key,
        params: OtpParams::default(),
        issuer: None,
        label: None,
        warnings: Vec::new(),
    };
    apply(&mut parsed, overrides)?;
    Ok(parsed)
}

/// What a pasted setup number can be: a link, which says everything, or a
/// bare key, which may be read in more than one way.
#[derive(Debug, Clone)]
pub enum SetupNumber {
    /// An `otpauth://totp/` link (its own parameters, nothing overridden yet).
    Link(ParsedSetupKey),
    Bare(BareKey),
}

/// Every reading a bare setup number fits (at least one).
#[derive(Debug, Clone)]
pub struct BareKey {
    pub readings: Vec<Reading>,
    /// Only decimal digits: always ambiguous (the digits as text, or as a
    /// number, or, for some, hex or Base32), even when only one of those
    /// readings gives a key long enough.
    pub digits_only: bool,
}

impl BareKey {
    /// Whether the setup number leaves a choice that trayotp must not make.
    pub fn is_ambiguous(&self) -> bool {
        self.digits_only || self.readings.len() > 1
    }

    /// The reading to use when there is no choice to make.
    pub fn only(&self) -> Option<&Reading> {
        match self.readings.as_slice() {
            [one] if !self.is_ambiguous() => Some(one),
            _ => None,
        }
    }

    /// The encodings that fit: what an ambiguity is between.
    pub fn encodings(&self) -> Vec<Encoding> {
        let mut encodings: Vec<Encoding> = self.readings.iter().map(|r| r.encoding).collect();
        if self.digits_only {
            // Named even when too short to be a key: it is what the user
            // may think the digits mean.
            for encoding in [Encoding::Ascii, Encoding::Number] {
                if !encodings.contains(&encoding) {
                    encodings.push(encoding);
                }
            }
            encodings.sort();
        }
        encodings
    }
}

/// Reads a pasted setup number every way it fits: an `otpauth://` link, or
/// a bare key as Base32, hex, and (digits only) ASCII digits and a number.
/// A reading giving a key under [`MIN_KEY_BITS`] does not fit. When none
/// fits, the error is the one for the reading the input looks most like.
pub fn read(input: &str) -> Result<SetupNumber, SetupKeyError> {
    let text = fold_full_width(input);
    let text = text.trim();
    if text.is_empty() {
        return Err(SetupKeyError::Empty);
    }
    if is_link(text) {
        return Ok(SetupNumber::Link(parse(text, ParamOverrides::default())?));
    }
    let digits = reading::digits_only(text);
    if let Some(digits) = &digits
        && digits.len() <= MAX_ACTIVATION_CODE_DIGITS
    {
        return Err(SetupKeyError::ActivationCode { digits: digits.len() });
    }
    let long_enough = |key: SecretKey| (key.bit_len() >= MIN_KEY_BITS).then_some(key);
    let mut readings = Vec::new();
    let base32 = decode_base32(text);
    if let Ok(key) = &base32 {
        readings.push(Reading {
            encoding: Encoding::Base32,
            key: key.clone(),
        });
    }
    let hex = reading::hex_digits(text);
    if let Some(key) = hex
        .as_deref()
        .and_then(|h| reading::decode_hex(h))
        .and_then(long_enough)
    {
        readings.push(Reading {
            encoding: Encoding::Hex,
            key,
        });
    }
    if let Some(digits) = &digits {
        readings.push(Reading {
            encoding: Encoding::Ascii,
            key: SecretKey::new(digits.as_bytes().to_vec()),
        });
        if let Some(key) = reading::decode_number(digits).and_then(long_enough) {
            readings.push(Reading {
                encoding: Encoding::Number,
                key,
            });
        }
    }
    if !readings.is_empty() {
        return Ok(SetupNumber::Bare(BareKey {
            readings,
            digits_only: digits.is_some(),
        }));
    }
    // Nothing fits: explain as hex what can only be hex (it has 0, 1, 8 or
    // 9, which Base32 never has), the rest as Base32.
    if let Some(hex) = hex.filter(|h| h.bytes().any(|b| matches!(b, b'0' | b'1' | b'8' | b'9'))) {
        return Err(if !hex.len().is_multiple_of(2) {
            SetupKeyError::OddHexDigits { digits: hex.len() }
        } else {
            SetupKeyError::TooShort { bits: hex.len() * 4 }
        });
    }
    Err(base32.expect_err("no reading fits, so Base32 does not"))
}

/// Reads a bare setup number exactly as `encoding` says (`--encoding`),
/// with the defaults (60 s, 6 digits, SHA1) and `overrides`.
pub fn parse_as(input: &str, encoding: Encoding, overrides: ParamOverrides) -> Result<ParsedSetupKey, SetupKeyError> {
    let text = fold_full_width(input);
    let text = text.trim();
    if text.is_empty() {
        return Err(SetupKeyError::Empty);
    }
    if is_link(text) {
        return Err(SetupKeyError::EncodingOfLink);
    }
    let key = decode_as(text, encoding)?;
    if key.bit_len() < MIN_KEY_BITS {
        return Err(SetupKeyError::TooShort { bits: key.bit_len() });
    }
    bare(key, overrides)
}

/// [`read`] with the user's choice of encoding: the one reading it gives.
pub fn read_as(input: &str, encoding: Encoding) -> Result<SetupNumber, SetupKeyError> {
    let parsed = parse_as(input, encoding, ParamOverrides::default())?;
    Ok(SetupNumber::Bare(BareKey {
        readings: vec![Reading {
            encoding,
            key: parsed.key,
        }],
        digits_only: false,
    }))
}

fn decode_as(text: &str, encoding: Encoding) -> Result<SecretKey, SetupKeyError> {
    let first_bad = |allowed: fn(char) -> bool, skip_prefix: bool| {
        let mut chars: Vec<(usize, char)> = text.chars().enumerate().collect();
        if skip_prefix && (text.starts_with("0x") || text.starts_with("0X")) {
            chars.drain(..2);
        }
        chars
            .into_iter()
            .find(|&(_, c)| !reading::is_separator(c) && !allowed(c))
            .map(|(index, character)| SetupKeyError::NotInEncoding {
                encoding,
                character,
                position: index + 1,
            })
    };
    match encoding {
        Encoding::Base32 => decode_base32(text),
        Encoding::Hex => {
            if let Some(error) = first_bad(|c| c.is_ascii_hexdigit(), true) {
                return Err(error);
            }
            let digits = reading::hex_digits(text).ok_or(SetupKeyError::Empty)?;
            reading::decode_hex(&digits).ok_or(SetupKeyError::OddHexDigits { digits: digits.len() })
        }
        Encoding::Ascii | Encoding::Number => {
            if let Some(error) = first_bad(|c| c.is_ascii_digit(), false) {
                return Err(error);
            }
            let digits = reading::digits_only(text).ok_or(SetupKeyError::Empty)?;
            if digits.len() <= MAX_ACTIVATION_CODE_DIGITS {
                return Err(SetupKeyError::ActivationCode { digits: digits.len() });
            }
            if encoding == Encoding::Ascii {
                Ok(SecretKey::new(digits.as_bytes().to_vec()))
            } else {
                reading::decode_number(&digits).ok_or(SetupKeyError::TooLong { digits: digits.len() })
            }
        }
    }
}

fn is_link(text: &str) -> bool {
    text.contains("://")
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

    let mut params = KEY_URI_DEFAULTS;
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
}
