//! The ways a bare setup number (no `otpauth://` link) can spell a key's
//! bytes, and the decoding of each.
//!
//! Brokerages never say how their 「ワンタイムパスワード設定用番号」 encodes the
//! key. It may be Base32 (what authenticator apps expect), hex (what other
//! issuers print), or a string of decimal digits: either the digit
//! characters themselves are the key bytes (RFC 6238's own test key
//! `12345678901234567890`), or the digits are one big-endian number. Many
//! inputs fit more than one of these; [`read`](super::setup_key::read) lists every one that
//! fits, and the caller decides (a code to check against, or the user's
//! explicit choice). Nothing here guesses.
//!
//! The decimal and hex conversions are written out here rather than taken
//! from a big-integer crate because the bytes are a secret: every buffer
//! they pass through is wiped when dropped (`Zeroizing`), which a general
//! big-integer type does not do for its internal (re)allocations.

use std::fmt;
use std::str::FromStr;

use zeroize::Zeroizing;

use super::SecretKey;

/// A decimal setup number longer than this is not read as one number
/// (about 3,300 bits: far beyond any key, and the conversion is quadratic).
pub const MAX_NUMBER_DIGITS: usize = 1000;

/// How the characters of a bare setup number become the key's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Encoding {
    /// RFC 4648 Base32 (A–Z, 2–7), what authenticator apps use.
    Base32,
    /// Two hex digits (0–9, A–F) per byte, optionally after `0x`.
    Hex,
    /// Decimal digits whose characters are the key bytes ("1" is 0x31), as
    /// RFC 6238's test keys.
    Ascii,
    /// Decimal digits read as one big-endian integer.
    Number,
}

impl Encoding {
    pub const ALL: [Encoding; 4] = [Encoding::Base32, Encoding::Hex, Encoding::Ascii, Encoding::Number];

    /// The name `--encoding` takes.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Base32 => "base32",
            Encoding::Hex => "hex",
            Encoding::Ascii => "ascii",
            Encoding::Number => "number",
        }
    }

    /// How a sentence names a key read this way: "hex key".
    pub fn key_words(self) -> &'static str {
        match self {
            Encoding::Base32 => "Base32 key",
            Encoding::Hex => "hex key",
            Encoding::Ascii => "digits-as-text (ASCII) key",
            Encoding::Number => "decimal-number key",
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Error for an encoding name we do not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown encoding '{0}': use base32, hex, ascii or number")]
pub struct UnknownEncoding(pub String);

impl FromStr for Encoding {
    type Err = UnknownEncoding;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Encoding::ALL
            .into_iter()
            .find(|e| e.name().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| UnknownEncoding(text.trim().to_string()))
    }
}

/// One way of reading a setup number, and the key it gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub encoding: Encoding,
    pub key: SecretKey,
}

/// Whether `c` only separates groups of a setup number (`1234 5678`, `ABCD-EFGH`).
pub(crate) fn is_separator(c: char) -> bool {
    c.is_whitespace() || c == '-'
}

/// The characters of `text` (already folded to ASCII) without separators.
pub(crate) fn without_separators(text: &str) -> Zeroizing<String> {
    Zeroizing::new(text.chars().filter(|&c| !is_separator(c)).collect())
}

/// The decimal digits of `text` when it holds nothing else (separators apart).
pub(crate) fn digits_only(text: &str) -> Option<Zeroizing<String>> {
    let clean = without_separators(text);
    (!clean.is_empty() && clean.bytes().all(|b| b.is_ascii_digit())).then_some(clean)
}

/// The hex digits of `text` (an optional `0x` dropped) when it holds nothing
/// else, whatever their count.
pub(crate) fn hex_digits(text: &str) -> Option<Zeroizing<String>> {
    let clean = without_separators(text);
    let body = clean
        .strip_prefix("0x")
        .or_else(|| clean.strip_prefix("0X"))
        .unwrap_or(&clean);
    (!body.is_empty() && body.bytes().all(|b| b.is_ascii_hexdigit())).then(|| Zeroizing::new(body.to_string()))
}

/// Hex digits (an even count, either case) to bytes: the crate's one hex
/// decoder (the `hex` crate), for setup numbers and for the files other
/// apps write (`formats`). `None` if the text is not that.
pub fn decode_hex_bytes(digits: &str) -> Option<Zeroizing<Vec<u8>>> {
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    let mut bytes = Zeroizing::new(vec![0u8; digits.len() / 2]);
    hex::decode_to_slice(digits, &mut bytes[..]).ok()?;
    Some(bytes)
}

/// Hex digits (an even count of them) to a key.
pub(crate) fn decode_hex(digits: &str) -> Option<SecretKey> {
    let mut bytes = decode_hex_bytes(digits)?;
    Some(SecretKey::new(std::mem::take(&mut *bytes)))
}

/// Decimal digits to the big-endian bytes of that number, without leading
/// zero bytes (the number 0 is one zero byte).
pub(crate) fn decode_number(digits: &str) -> Option<SecretKey> {
    if digits.is_empty() || digits.len() > MAX_NUMBER_DIGITS || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Little-endian base-256 accumulator: value = value * 10 + digit.
    let mut value: Zeroizing<Vec<u8>> = Zeroizing::new(Vec::with_capacity(digits.len() / 2 + 1));
    for digit in digits.bytes() {
        let mut carry = u32::from(digit - b'0');
        for byte in value.iter_mut() {
            let product = u32::from(*byte) * 10 + carry;
            *byte = (product & 0xff) as u8;
            carry = product >> 8;
        }
        while carry > 0 {
            value.push((carry & 0xff) as u8);
            carry >>= 8;
        }
    }
    if value.is_empty() {
        value.push(0);
    }
    value.reverse();
    Some(SecretKey::new(std::mem::take(&mut *value)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_convert_to_big_endian_bytes() {
        assert_eq!(decode_number("0").expect("0").as_bytes(), [0]);
        assert_eq!(decode_number("255").expect("255").as_bytes(), [0xff]);
        assert_eq!(decode_number("256").expect("256").as_bytes(), [1, 0]);
        assert_eq!(
            decode_number("00065535").expect("leading zeros").as_bytes(),
            [0xff, 0xff]
        );
        // 2^64 + 1.
        assert_eq!(
            decode_number("18446744073709551617").expect("2^64+1").as_bytes(),
            [1, 0, 0, 0, 0, 0, 0, 0, 1]
        );
        assert!(decode_number("12a").is_none());
        assert!(decode_number(&"9".repeat(MAX_NUMBER_DIGITS + 1)).is_none());
    }

    #[test]
    fn numbers_round_trip_through_u128() {
        let mut rng = fastrand::Rng::with_seed(11);
        for _ in 0..200 {
            let n = rng.u128(..);
            let bytes = decode_number(&n.to_string()).expect("digits");
            let want: Vec<u8> = n.to_be_bytes().into_iter().skip_while(|&b| b == 0).collect();
            let want = if want.is_empty() { vec![0] } else { want };
            assert_eq!(bytes.as_bytes(), want.as_slice(), "{n}");
        }
    }

    #[test]
    fn hex_takes_an_optional_prefix_separators_and_either_case() {
        let digits = hex_digits("0x31 32-33 3a3B").expect("hex");
        assert_eq!(decode_hex(&digits).expect("even").as_bytes(), b"123:;");
        assert!(hex_digits("31 3g").is_none());
        assert!(decode_hex("313").is_none(), "odd count");
        assert_eq!(digits_only(" 12 34-56 ").as_deref().map(|s| s.as_str()), Some("123456"));
        assert!(digits_only("12a4").is_none());
    }

    #[test]
    fn encoding_names_parse() {
        for encoding in Encoding::ALL {
            assert_eq!(encoding.name().to_uppercase().parse::<Encoding>(), Ok(encoding));
        }
        assert_eq!(
            "octal".parse::<Encoding>().expect_err("unknown").to_string(),
            "unknown encoding 'octal': use base32, hex, ascii or number"
        );
    }
}
