//! Code generation (RFC 6238 TOTP, through totp-rs) and the parameters that
//! shape a code. A code always travels with its validity window, because the
//! whole product is about handing the user a code that will still be accepted
//! by the time it is pasted.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::SecretKey;

/// The period the brokerages' Smart OTP codes use: a code lives 60 seconds.
pub const DEFAULT_PERIOD: u32 = 60;
pub const DEFAULT_DIGITS: u8 = 6;
pub const DIGITS_RANGE: std::ops::RangeInclusive<u8> = 6..=8;
pub const PERIOD_RANGE: std::ops::RangeInclusive<u32> = 1..=300;

/// The HMAC hash of a TOTP key.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Algorithm {
    #[default]
    #[serde(rename = "SHA1")]
    Sha1,
    #[serde(rename = "SHA256")]
    Sha256,
    #[serde(rename = "SHA512")]
    Sha512,
}

impl Algorithm {
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "SHA1",
            Algorithm::Sha256 => "SHA256",
            Algorithm::Sha512 => "SHA512",
        }
    }

    fn to_totp_rs(self) -> totp_rs::Algorithm {
        match self {
            Algorithm::Sha1 => totp_rs::Algorithm::SHA1,
            Algorithm::Sha256 => totp_rs::Algorithm::SHA256,
            Algorithm::Sha512 => totp_rs::Algorithm::SHA512,
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Error for an algorithm name we do not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown algorithm '{0}': use SHA1, SHA256 or SHA512")]
pub struct UnknownAlgorithm(pub String);

impl FromStr for Algorithm {
    type Err = UnknownAlgorithm;

    /// Accepts `SHA1`, `sha-256`, `HmacSHA512` and the like.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let folded: String = text
            .trim()
            .to_ascii_uppercase()
            .chars()
            .filter(|c| *c != '-' && *c != '_')
            .collect();
        match folded.trim_start_matches("HMAC") {
            "SHA1" => Ok(Algorithm::Sha1),
            "SHA256" => Ok(Algorithm::Sha256),
            "SHA512" => Ok(Algorithm::Sha512),
            _ => Err(UnknownAlgorithm(text.trim().to_string())),
        }
    }
}

/// How an account's codes are made, apart from its key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OtpParams {
    pub algorithm: Algorithm,
    pub digits: u8,
    pub period: u32,
}

impl Default for OtpParams {
    fn default() -> Self {
        Self {
            algorithm: Algorithm::Sha1,
            digits: DEFAULT_DIGITS,
            period: DEFAULT_PERIOD,
        }
    }
}

/// One generated code and the time window in which it is valid.
#[derive(Clone, PartialEq, Eq)]
pub struct Code {
    digits: Zeroizing<String>,
    /// The TOTP time step (Unix time / period) the code belongs to.
    pub step: u64,
    /// Unix time of the first second the code is valid.
    pub valid_from: u64,
    /// Unix time of the first second the code is no longer valid.
    pub valid_until: u64,
    pub period: u32,
}

impl Code {
    /// The digits themselves, e.g. `"012345"`. Only for the clipboard, the
    /// show-code window and `trayotp code`: never for a log or a message.
    pub fn digits(&self) -> &str {
        &self.digits
    }

    /// Whole seconds the code stays valid after `now` (0 once expired).
    pub fn seconds_left(&self, now: u64) -> u64 {
        self.valid_until.saturating_sub(now)
    }
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Code")
            .field("digits", &"<redacted>")
            .field("step", &self.step)
            .field("valid_from", &self.valid_from)
            .field("valid_until", &self.valid_until)
            .field("period", &self.period)
            .finish()
    }
}

/// Generates the code for `key` at Unix time `now`.
///
/// `params` should already be validated (digits 6–8, period 1–300), which
/// every way an account comes in checks. It never panics whatever they hold:
/// digits are brought into 6–8 and a period of 0 counts as 1 (totp-rs panics
/// from 10 digits on), so a damaged account gives a wrong code, not a crash.
pub fn generate(key: &SecretKey, params: OtpParams, now: u64) -> Code {
    let period = u64::from(params.period.max(1));
    let digits = params.digits.clamp(*DIGITS_RANGE.start(), *DIGITS_RANGE.end());
    let totp = totp_rs::Builder::new()
        .with_algorithm(params.algorithm.to_totp_rs())
        .with_digits(digits)
        .with_step_duration(period)
        .with_secret(key.as_bytes())
        .build_noncompliant();
    let step = now / period;
    Code {
        digits: Zeroizing::new(totp.generate(now).to_string()),
        step,
        valid_from: step * period,
        valid_until: (step * period).saturating_add(period),
        period: params.period,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 Appendix B: the three seeds, 8 digits, 30 s period.
    const SEED_SHA1: &[u8] = b"12345678901234567890";
    const SEED_SHA256: &[u8] = b"12345678901234567890123456789012";
    const SEED_SHA512: &[u8] = b"1234567890123456789012345678901234567890123456789012345678901234";

    const VECTORS: &[(u64, &str, &str, &str)] = &[
        (59, "94287082", "46119246", "90693936"),
        (1111111109, "07081804", "68084774", "25091201"),
        (1111111111, "14050471", "67062674", "99943326"),
        (1234567890, "89005924", "91819424", "93441116"),
        (2000000000, "69279037", "90698825", "38618901"),
        (20000000000, "65353130", "77737706", "47863826"),
    ];

    fn rfc_params(algorithm: Algorithm) -> OtpParams {
        OtpParams {
            algorithm,
            digits: 8,
            period: 30,
        }
    }

    #[test]
    fn rfc6238_appendix_b_vectors() {
        let sha1 = SecretKey::new(SEED_SHA1.to_vec());
        let sha256 = SecretKey::new(SEED_SHA256.to_vec());
        let sha512 = SecretKey::new(SEED_SHA512.to_vec());
        for &(time, want1, want256, want512) in VECTORS {
            assert_eq!(
                generate(&sha1, rfc_params(Algorithm::Sha1), time).digits(),
                want1,
                "SHA1 at {time}"
            );
            assert_eq!(
                generate(&sha256, rfc_params(Algorithm::Sha256), time).digits(),
                want256,
                "SHA256 at {time}"
            );
            assert_eq!(
                generate(&sha512, rfc_params(Algorithm::Sha512), time).digits(),
                want512,
                "SHA512 at {time}"
            );
        }
    }

    #[test]
    fn validity_window_follows_the_period() {
        let key = SecretKey::new(SEED_SHA1.to_vec());
        let code = generate(&key, OtpParams::default(), 1_000_000_018);
        assert_eq!(code.period, 60);
        assert_eq!(code.step, 1_000_000_018 / 60);
        assert_eq!(code.valid_from, 999_999_960);
        assert_eq!(code.valid_until, 1_000_000_020);
        assert_eq!(code.seconds_left(1_000_000_018), 2);
        assert_eq!(code.seconds_left(1_000_000_020), 0);
        assert_eq!(code.digits().len(), 6);
    }

    #[test]
    fn same_step_same_code_next_step_differs() {
        let key = SecretKey::new(SEED_SHA1.to_vec());
        let params = OtpParams::default();
        let a = generate(&key, params, 1_200);
        let b = generate(&key, params, 1_259);
        let c = generate(&key, params, 1_260);
        assert_eq!(a.digits(), b.digits());
        assert_ne!(a.step, c.step);
    }

    #[test]
    fn algorithm_names_parse_leniently() {
        for (text, want) in [
            ("SHA1", Algorithm::Sha1),
            ("sha-256", Algorithm::Sha256),
            ("HmacSHA512", Algorithm::Sha512),
            (" sha_1 ", Algorithm::Sha1),
        ] {
            assert_eq!(text.parse::<Algorithm>(), Ok(want), "{text}");
        }
        let err = "MD5".parse::<Algorithm>().unwrap_err();
        assert_eq!(err.to_string(), "unknown algorithm 'MD5': use SHA1, SHA256 or SHA512");
    }

    #[test]
    fn generate_never_panics_whatever_the_parameters() {
        let keys = [
            SecretKey::new(Vec::new()),
            SecretKey::new(vec![0]),
            SecretKey::new(SEED_SHA1.to_vec()),
        ];
        for key in &keys {
            for digits in [0, 1, 5, 9, 10, 11, 200, 255] {
                for period in [0, 1, 301, u32::MAX] {
                    for algorithm in [Algorithm::Sha1, Algorithm::Sha256, Algorithm::Sha512] {
                        for now in [0, 59, u64::MAX] {
                            let params = OtpParams {
                                algorithm,
                                digits,
                                period,
                            };
                            let code = generate(key, params, now);
                            assert!(code.digits().chars().all(|c| c.is_ascii_digit()), "{params:?}");
                            assert!(code.valid_from <= now && code.valid_from <= code.valid_until);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn debug_of_a_code_hides_the_digits() {
        let key = SecretKey::new(SEED_SHA1.to_vec());
        let code = generate(&key, OtpParams::default(), 59);
        assert!(!format!("{code:?}").contains(code.digits()));
    }
}
