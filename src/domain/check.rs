//! 照合: checking a setup number, or an account, against codes the user can
//! see elsewhere right now (the official Smart OTP app, the brokerage's
//! site, a phone app).
//!
//! A setup number that can be read several ways, with an algorithm and a
//! period nobody states, gives several *candidates*. A wrong guess is worse
//! than a refusal (the user finds out at the withdrawal screen, where failed
//! attempts can lock the account), so a candidate is taken only when it is
//! the one, of every reading × SHA1/SHA256/SHA512 × 30 s and 60 s, that
//! makes the code(s) given, at the current time step or one either side
//! (a clock a little off). None: refuse. Several: ask for the next code.
//!
//! Time is a parameter (each code says when it was seen), so every rule is
//! tested with a fixed clock.

use zeroize::Zeroizing;

use super::otp::{self, Algorithm, OtpParams};
use super::reading::Encoding;
use super::setup_key::{self, ParamOverrides, ParsedSetupKey, SetupKeyError, SetupNumber};
use super::{SecretKey, otp::DIGITS_RANGE};

/// The algorithms tried when none is given.
pub const ALGORITHMS: [Algorithm; 3] = [Algorithm::Sha1, Algorithm::Sha256, Algorithm::Sha512];
/// The periods tried when none is given: the common one and the brokerages'.
pub const PERIODS: [u32; 2] = [30, 60];

/// A code the user saw elsewhere, and the Unix time they saw it.
#[derive(Clone, PartialEq, Eq)]
pub struct SeenCode {
    digits: Zeroizing<String>,
    pub at: u64,
}

impl std::fmt::Debug for SeenCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SeenCode")
            .field("digits", &"<redacted>")
            .field("at", &self.at)
            .finish()
    }
}

/// Why a typed code is not a code. Never shows the code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("the code is empty: type the 6 to 8 digits the other app or site shows")]
    Empty,
    #[error("a code has only the digits 0-9: check what you typed")]
    NotDigits,
    #[error("a code has 6 to 8 digits, not {0}: check what you typed")]
    Length(usize),
    #[error("the codes given have different lengths: give codes of one account")]
    MixedLengths,
}

impl SeenCode {
    /// A typed code: spaces and hyphens (`123 456`) and full-width digits
    /// are allowed, nothing else.
    pub fn new(text: &str, at: u64) -> Result<Self, CodeError> {
        let mut digits = Zeroizing::new(String::new());
        for c in text.chars() {
            match c {
                '0'..='9' => digits.push(c),
                '０'..='９' => digits.push(char::from(b'0' + (c as u32 - '０' as u32) as u8)),
                c if c.is_whitespace() || c == '-' => {}
                _ => return Err(CodeError::NotDigits),
            }
        }
        if digits.is_empty() {
            return Err(CodeError::Empty);
        }
        let length = digits.chars().count();
        if !DIGITS_RANGE.contains(&u8::try_from(length).unwrap_or(u8::MAX)) {
            return Err(CodeError::Length(length));
        }
        Ok(Self { digits, at })
    }

    /// How many digits the code has, which is how many the account's codes have.
    pub fn digit_count(&self) -> u8 {
        self.digits.len() as u8
    }

    pub fn digits(&self) -> &str {
        &self.digits
    }

    /// Whether `key` with `params` made this code at time step `step`.
    fn made_by(&self, key: &SecretKey, params: OtpParams, step: u64) -> bool {
        let period = u64::from(params.period.max(1));
        otp::generate(key, params, step.saturating_mul(period)).digits() == self.digits.as_str()
    }
}

/// The digit count of a sequence of codes (all of one length).
pub fn digit_count(seen: &[SeenCode]) -> Result<u8, CodeError> {
    let first = seen.first().ok_or(CodeError::Empty)?.digit_count();
    if seen.iter().any(|code| code.digit_count() != first) {
        return Err(CodeError::MixedLengths);
    }
    Ok(first)
}

/// One way a setup number could make codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// How the key was read; `None` for an `otpauth://` link.
    pub encoding: Option<Encoding>,
    pub key: SecretKey,
    pub params: OtpParams,
}

impl Candidate {
    /// What was found, for a sentence: "hex key, SHA1, 8 digits, 60 s".
    pub fn describe(&self) -> String {
        format!(
            "{}, {}, {} digits, {} s",
            self.encoding.map_or("otpauth:// link", Encoding::key_words),
            self.params.algorithm,
            self.params.digits,
            self.params.period
        )
    }

    /// The setup this candidate stands for, ready to register (the issuer
    /// and label of a link are kept).
    pub fn into_setup(self, setup: &SetupNumber) -> ParsedSetupKey {
        let (issuer, label) = match setup {
            SetupNumber::Link(link) => (link.issuer.clone(), link.label.clone()),
            SetupNumber::Bare(_) => (None, None),
        };
        ParsedSetupKey {
            warnings: setup_key::key_warnings(&self.key),
            key: self.key,
            params: self.params,
            issuer,
            label,
        }
    }
}

/// Every candidate of `setup` for codes of `digits` digits: each reading ×
/// each algorithm × each period, narrowed by what the user set (an
/// encoding, `overrides`). A link is one candidate: its own parameters,
/// with the overrides.
pub fn candidates(
    setup: &SetupNumber,
    encoding: Option<Encoding>,
    overrides: ParamOverrides,
    digits: u8,
) -> Result<Vec<Candidate>, SetupKeyError> {
    match setup {
        SetupNumber::Link(link) => {
            if encoding.is_some() {
                return Err(SetupKeyError::EncodingOfLink);
            }
            let mut link = link.clone();
            setup_key::apply(&mut link, overrides)?;
            Ok(vec![Candidate {
                encoding: None,
                key: link.key,
                params: link.params,
            }])
        }
        SetupNumber::Bare(bare) => {
            // Range-check the overrides once, as `trayotp add` would.
            let checked = setup_key::bare(SecretKey::new(Vec::new()), overrides)?.params;
            let algorithms: Vec<Algorithm> = overrides.algorithm.map_or(ALGORITHMS.to_vec(), |a| vec![a]);
            let periods: Vec<u32> = overrides.period.map_or(PERIODS.to_vec(), |_| vec![checked.period]);
            let digits = overrides.digits.map_or(digits, |_| checked.digits);
            let mut all = Vec::new();
            for reading in bare
                .readings
                .iter()
                .filter(|r| encoding.is_none_or(|e| e == r.encoding))
            {
                for &algorithm in &algorithms {
                    for &period in &periods {
                        all.push(Candidate {
                            encoding: Some(reading.encoding),
                            key: reading.key.clone(),
                            params: OtpParams {
                                algorithm,
                                digits,
                                period,
                            },
                        });
                    }
                }
            }
            Ok(all)
        }
    }
}

/// The outcome of checking candidates against codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Search {
    /// Exactly one candidate makes the codes.
    Found(Candidate),
    /// None does.
    NoMatch,
    /// Several do: one more code tells them apart.
    Several(Vec<Candidate>),
}

/// Whether `candidate` made `seen`, in order: each code at the time step it
/// was seen or one either side, each at a later step than the one before
/// (two consecutive codes given at once are the previous and the current).
pub fn makes(candidate: &Candidate, seen: &[SeenCode]) -> bool {
    let period = u64::from(candidate.params.period.max(1));
    let mut last: Option<u64> = None;
    for code in seen {
        let step = code.at / period;
        let found = [step.saturating_sub(1), step, step + 1]
            .into_iter()
            .filter(|&s| last.is_none_or(|l| s > l))
            .find(|&s| code.made_by(&candidate.key, candidate.params, s));
        match found {
            Some(s) => last = Some(s),
            None => return false,
        }
    }
    !seen.is_empty()
}

/// Checks every candidate against the codes seen.
pub fn search(candidates: Vec<Candidate>, seen: &[SeenCode]) -> Search {
    let mut matching: Vec<Candidate> = Vec::new();
    for candidate in candidates {
        if makes(&candidate, seen) && !matching.contains(&candidate) {
            matching.push(candidate);
        }
    }
    match matching.len() {
        0 => Search::NoMatch,
        1 => Search::Found(matching.remove(0)),
        _ => Search::Several(matching),
    }
}

/// What a search tried, for the sentence that refuses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tried {
    pub count: usize,
    pub encodings: Vec<Encoding>,
    pub link: bool,
    pub algorithms: Vec<Algorithm>,
    pub periods: Vec<u32>,
    pub digits: Vec<u8>,
}

impl Tried {
    pub fn of(candidates: &[Candidate]) -> Self {
        fn unique<T: PartialEq + Copy>(items: impl Iterator<Item = T>) -> Vec<T> {
            let mut out = Vec::new();
            for item in items {
                if !out.contains(&item) {
                    out.push(item);
                }
            }
            out
        }
        Self {
            count: candidates.len(),
            encodings: unique(candidates.iter().filter_map(|c| c.encoding)),
            link: candidates.iter().any(|c| c.encoding.is_none()),
            algorithms: unique(candidates.iter().map(|c| c.params.algorithm)),
            periods: unique(candidates.iter().map(|c| c.params.period)),
            digits: unique(candidates.iter().map(|c| c.params.digits)),
        }
    }
}

impl std::fmt::Display for Tried {
    /// "6 ways (hex and ascii keys; SHA1/SHA256/SHA512; 30 s and 60 s; 8 digits)".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let join = |items: Vec<String>, sep: &str| items.join(sep);
        let mut what: Vec<String> = self.encodings.iter().map(|e| e.name().to_string()).collect();
        if self.link {
            what.push("the otpauth:// link's".into());
        }
        write!(
            f,
            "{} way(s) ({} key; {}; {}; {} digits)",
            self.count,
            join(what, " and "),
            join(self.algorithms.iter().map(|a| a.name().to_string()).collect(), "/"),
            join(self.periods.iter().map(|p| format!("{p} s")).collect(), " and "),
            join(self.digits.iter().map(u8::to_string).collect(), "/"),
        )
    }
}

/// What a code would be checked against for `setup`, before any code is
/// given: the same candidates [`choose`] tries once codes come (every
/// reading × [`ALGORITHMS`] × [`PERIODS`], narrowed by `overrides`), so a
/// sentence that asks for a code counts the ways as the refusal will.
pub fn to_try(setup: &SetupNumber, overrides: ParamOverrides) -> Result<Tried, SetupKeyError> {
    // The digit count comes with the first code; it does not change the count.
    let digits = overrides.digits.unwrap_or(otp::DEFAULT_DIGITS);
    Ok(Tried::of(&candidates(setup, None, overrides, digits)?))
}

/// What to do with a setup number, given the codes seen (maybe none).
#[derive(Debug, Clone)]
pub enum Choice {
    /// Register this. `found` is the candidate the codes picked, if codes
    /// were given.
    Register {
        setup: Box<ParsedSetupKey>,
        found: Option<Candidate>,
    },
    /// A bare key that can be read these ways, and no code to choose with.
    Ambiguous(Vec<Encoding>),
    /// No candidate makes the codes.
    NoMatch(Tried),
    /// Several candidates make the codes: ask for the next one.
    Several(usize),
}

/// Decides what a setup number registers as: with codes, the one candidate
/// that makes them; without, the setup itself when it leaves no choice (a
/// link, a key with one reading), the defaults and `overrides` applied.
pub fn choose(setup: &SetupNumber, overrides: ParamOverrides, seen: &[SeenCode]) -> Result<Choice, ChooseError> {
    if seen.is_empty() {
        return Ok(match setup {
            SetupNumber::Link(link) => {
                let mut link = link.clone();
                setup_key::apply(&mut link, overrides)?;
                Choice::Register {
                    setup: Box::new(link),
                    found: None,
                }
            }
            SetupNumber::Bare(bare) => match bare.only() {
                Some(reading) => Choice::Register {
                    setup: Box::new(setup_key::bare(reading.key.clone(), overrides)?),
                    found: None,
                },
                None => Choice::Ambiguous(bare.encodings()),
            },
        });
    }
    let digits = digit_count(seen)?;
    let all = candidates(setup, None, overrides, digits)?;
    let tried = Tried::of(&all);
    Ok(match search(all, seen) {
        Search::Found(found) => Choice::Register {
            setup: Box::new(found.clone().into_setup(setup)),
            found: Some(found),
        },
        Search::NoMatch => Choice::NoMatch(tried),
        Search::Several(several) => Choice::Several(several.len()),
    })
}

/// Why [`choose`] could not decide.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChooseError {
    #[error(transparent)]
    SetupKey(#[from] SetupKeyError),
    #[error(transparent)]
    Code(#[from] CodeError),
}

/// Where, relative to the current time step, an account made `code`:
/// `Some(0)` now, `Some(-1)` one step earlier, `Some(1)` one step later,
/// `None` not at all (now is looked at first).
pub fn step_offset(key: &SecretKey, params: OtpParams, code: &SeenCode) -> Option<i8> {
    if code.digit_count() != params.digits {
        return None;
    }
    let step = code.at / u64::from(params.period.max(1));
    [(0i8, Some(step)), (-1, step.checked_sub(1)), (1, Some(step + 1))]
        .into_iter()
        .find_map(|(offset, s)| s.filter(|&s| code.made_by(key, params, s)).map(|_| offset))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::setup_key::read;

    const NOW: u64 = 1_764_000_123;

    fn code_of(key: &[u8], algorithm: Algorithm, digits: u8, period: u32, at: u64) -> String {
        let params = OtpParams {
            algorithm,
            digits,
            period,
        };
        otp::generate(&SecretKey::new(key.to_vec()), params, at)
            .digits()
            .to_string()
    }

    fn seen(code: &str, at: u64) -> SeenCode {
        SeenCode::new(code, at).expect("a code")
    }

    fn search_for(setup: &str, codes: &[SeenCode]) -> Search {
        let setup = read(setup).expect("readable");
        let digits = digit_count(codes).expect("digits");
        search(
            candidates(&setup, None, ParamOverrides::default(), digits).expect("candidates"),
            codes,
        )
    }

    /// The count a form gives when it asks for a code is the count it
    /// gives when no candidate makes that code.
    #[test]
    fn the_ways_asked_about_are_the_ways_tried() {
        let setup = read("12345678901234567890").expect("readable");
        let before = to_try(&setup, ParamOverrides::default()).expect("ways");
        assert!(before.encodings.len() > 1, "a 20-digit number has several readings");
        let code = seen("000000", NOW);
        match choose(&setup, ParamOverrides::default(), &[code]).expect("choice") {
            Choice::NoMatch(after) => {
                assert_eq!(after.count, before.count);
                assert_eq!(after.encodings, before.encodings);
            }
            other => panic!("000000 was expected to match nothing: {other:?}"),
        }
        assert_eq!(before.count, before.encodings.len() * ALGORITHMS.len() * PERIODS.len());
    }

    #[test]
    fn a_hex_key_with_sha1_8_digits_and_60_s_is_found_and_described() {
        let key: Vec<u8> = (0..20).map(|i| i * 7 + 3).collect();
        let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
        let code = code_of(&key, Algorithm::Sha1, 8, 60, NOW);
        match search_for(&hex, &[seen(&code, NOW)]) {
            Search::Found(found) => {
                assert_eq!(found.key.as_bytes(), key.as_slice());
                assert_eq!(found.describe(), "hex key, SHA1, 8 digits, 60 s");
            }
            other => panic!("expected one match, got {other:?}"),
        }
    }

    #[test]
    fn digits_are_told_apart_as_text_or_number_by_the_code() {
        let digits = "31415926535897932384626433832795028841971";
        let ascii = digits.as_bytes().to_vec();
        let code = code_of(&ascii, Algorithm::Sha256, 6, 30, NOW);
        assert!(
            matches!(search_for(digits, &[seen(&code, NOW)]), Search::Found(c) if c.encoding == Some(Encoding::Ascii))
        );
        let number = crate::domain::reading::decode_number(digits).expect("number");
        let code = code_of(number.as_bytes(), Algorithm::Sha512, 7, 60, NOW);
        assert!(
            matches!(search_for(digits, &[seen(&code, NOW)]), Search::Found(c) if c.encoding == Some(Encoding::Number))
        );
    }

    #[test]
    fn one_step_either_side_is_accepted_two_are_not() {
        let key = b"12345678901234567890123456";
        let digits = std::str::from_utf8(key).expect("ascii");
        for (offset, found) in [(-60i64, true), (60, true), (-120, false), (120, false)] {
            let at = NOW.checked_add_signed(offset).expect("time");
            let code = code_of(key, Algorithm::Sha1, 6, 60, at);
            let result = search_for(digits, &[seen(&code, NOW)]);
            // A 30 s candidate could match by chance; the 60 s one is what counts.
            let found_60 = match &result {
                Search::Found(c) => c.params.period == 60,
                Search::Several(all) => all.iter().any(|c| c.params.period == 60),
                Search::NoMatch => false,
            };
            assert_eq!(found_60, found, "offset {offset}: {result:?}");
        }
    }

    #[test]
    fn a_wrong_code_matches_nothing() {
        let key: Vec<u8> = (0..20).collect();
        let hex: String = key.iter().map(|b| format!("{b:02X}")).collect();
        let right = code_of(&key, Algorithm::Sha1, 6, 60, NOW);
        let wrong = format!("{:06}", (right.parse::<u32>().expect("digits") + 1) % 1_000_000);
        // The wrong code could, by a one-in-many chance, be another
        // candidate's: this one is not (checked once, and fixed here).
        assert_eq!(search_for(&hex, &[seen(&wrong, NOW)]), Search::NoMatch);
    }

    /// A time at which a second candidate of the hex key `100..120` makes
    /// the same 6-digit code as the true one (SHA1, 60 s): found once by
    /// stepping forward from `NOW` minute by minute until `search` said
    /// `Several` (about 25,000 minutes; too slow to repeat in every run).
    pub(crate) const COINCIDENCE_AT: u64 = 1_765_504_503;

    #[test]
    fn two_codes_tell_apart_candidates_that_one_code_cannot() {
        let key: Vec<u8> = (100..120).collect();
        let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
        let setup = read(&hex).expect("hex");
        let all = candidates(&setup, None, ParamOverrides::default(), 6).expect("candidates");
        let truth = all
            .iter()
            .find(|c| c.params == OtpParams::default() && c.encoding == Some(Encoding::Hex))
            .expect("the true candidate")
            .clone();
        let at = COINCIDENCE_AT;
        let code = code_of(&key, Algorithm::Sha1, 6, 60, at);
        match search(all.clone(), &[seen(&code, at)]) {
            Search::Several(found) => {
                assert_eq!(found.len(), 2);
                assert!(found.contains(&truth));
            }
            other => panic!("expected two matches, got {other:?}"),
        }
        // A minute earlier, the same key's code has one match.
        let before = code_of(&key, Algorithm::Sha1, 6, 60, at - 60);
        assert_eq!(
            search(all.clone(), &[seen(&before, at - 60)]),
            Search::Found(truth.clone())
        );
        // The next code decides, given later or both at once.
        let next = code_of(&key, Algorithm::Sha1, 6, 60, at + 60);
        assert_eq!(
            search(all.clone(), &[seen(&code, at), seen(&next, at + 60)]),
            Search::Found(truth.clone())
        );
        assert_eq!(
            search(all.clone(), &[seen(&code, at + 60), seen(&next, at + 60)]),
            Search::Found(truth.clone())
        );
        let truth_of = |_: &[Candidate]| truth.clone();
        // The same code twice is not two consecutive codes.
        assert!(!makes(&truth_of(&all), &[seen(&code, at), seen(&code, at)]));
    }

    #[test]
    fn a_link_is_checked_with_its_own_parameters() {
        let link = "otpauth://totp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&period=30&digits=8";
        let code = code_of(b"12345678901234567890", Algorithm::Sha1, 8, 30, NOW);
        assert!(matches!(search_for(link, &[seen(&code, NOW)]), Search::Found(c) if c.encoding.is_none()));
        let other = code_of(b"12345678901234567890", Algorithm::Sha1, 8, 60, NOW);
        assert_eq!(search_for(link, &[seen(&other, NOW)]), Search::NoMatch);
    }

    #[test]
    fn overrides_narrow_the_search() {
        let setup = read("1234567890123456789012345").expect("digits");
        let all = candidates(&setup, None, ParamOverrides::default(), 6).expect("all");
        // ascii and number (83 bits) readings × 3 × 2.
        assert_eq!(all.len(), 12);
        let narrowed = candidates(
            &setup,
            Some(Encoding::Ascii),
            ParamOverrides {
                period: Some(60),
                ..Default::default()
            },
            6,
        )
        .expect("narrowed");
        assert_eq!(narrowed.len(), 3);
        let tried = Tried::of(&narrowed).to_string();
        assert_eq!(tried, "3 way(s) (ascii key; SHA1/SHA256/SHA512; 60 s; 6 digits)");
    }

    #[test]
    fn step_offsets_of_an_account() {
        let key = SecretKey::new(b"12345678901234567890".to_vec());
        let params = OtpParams::default();
        for (shift, want) in [(0i64, Some(0i8)), (-60, Some(-1)), (60, Some(1)), (180, None)] {
            let at = NOW.checked_add_signed(shift).expect("time");
            let code = code_of(key.as_bytes(), Algorithm::Sha1, 6, 60, at);
            assert_eq!(step_offset(&key, params, &seen(&code, NOW)), want, "shift {shift}");
        }
        let eight = code_of(key.as_bytes(), Algorithm::Sha1, 8, 60, NOW);
        assert_eq!(step_offset(&key, params, &seen(&eight, NOW)), None, "wrong length");
    }

    #[test]
    fn typed_codes_are_checked_and_never_shown() {
        assert_eq!(seen("123 456", 0).digits(), "123456");
        assert_eq!(seen("１２３４５６７８", 0).digits(), "12345678");
        assert_eq!(SeenCode::new("12345", 0), Err(CodeError::Length(5)));
        assert_eq!(SeenCode::new("123456789", 0), Err(CodeError::Length(9)));
        assert_eq!(SeenCode::new("12a456", 0), Err(CodeError::NotDigits));
        assert_eq!(SeenCode::new("  ", 0), Err(CodeError::Empty));
        assert!(!format!("{:?}", seen("654321", 0)).contains("654321"));
        assert_eq!(
            digit_count(&[seen("123456", 0), seen("12345678", 0)]),
            Err(CodeError::MixedLengths)
        );
    }
}
