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
#[path = "setup_key_tests.rs"]
mod tests;
