//! A list of `otpauth://` links, one per line (the Key URI Format most apps
//! export and every app reads). Blank lines and lines starting with `#` are
//! ignored. Each link is read exactly as `trayotp add` reads one: a
//! parameter left out takes the Key URI Format's default (30 s, 6 digits,
//! SHA-1; Ente Auth and Stratum leave `period=` out of 30-second accounts).
//! The display name is "Issuer: account" from the link's label and issuer;
//! a link left out (HOTP, Steam, 9 digits, a bad key) is reported by that
//! name and its line. WinAuth writes Steam Guard accounts as 5-digit
//! `totp` links with its own `deviceid=`: those are Steam too. The other
//! readers whose entries are links (Bitwarden, Proton, KeePass, Ente,
//! WinAuth) go through the same `add_link`.
//!
//! Written with the issuer and the display name in the label
//! ("Issuer:name") and every parameter spelled out, so that apps which
//! assume a 30-second period still get the 60-second one right.

use std::fmt::Write as _;

use percent_encoding::{NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use zeroize::Zeroizing;

use super::{
    ExportFormat, FormatError, FormatId, ImportFormat, Imported, SkipReason, Skipped, for_each_link, starts_with_scheme,
};
use crate::domain::merge::name_from_parts;
use crate::domain::setup_key::{self, ParamOverrides, SetupKeyError};
use crate::domain::{Account, AccountList};
use crate::protect::passphrase::PassphrasePrompt;

const SCHEME: &str = "otpauth://";

pub struct Uris;

impl ImportFormat for Uris {
    fn id(&self) -> FormatId {
        FormatId::Uris
    }

    fn detect(&self, bytes: &[u8]) -> bool {
        starts_with_scheme(bytes, SCHEME)
    }

    fn import(&self, bytes: &[u8], _: &dyn PassphrasePrompt) -> Result<Imported, FormatError> {
        let mut imported = Imported::default();
        let links = for_each_link(bytes, SCHEME, &mut imported, |imported, line_name, line| {
            add_link(imported, line, None, Some(&line_name));
            Ok(())
        })?;
        if links == 0 {
            return Err(FormatError::NotThisFormat {
                expected: "a list of otpauth:// links",
            });
        }
        Ok(imported)
    }
}

/// Adds the account an `otpauth://` link makes, named "Issuer: account"
/// from the link (`fallback` when the link names nothing), or records why
/// the link was left out, by the name it gives and `place` ("line 3").
pub(crate) fn add_link(imported: &mut Imported, link: &str, fallback: Option<&str>, place: Option<&str>) {
    let parsed = if is_steam_link(link) {
        Err(SetupKeyError::UnsupportedUriType("steam".into()))
    } else {
        setup_key::parse(link, ParamOverrides::default())
    };
    match parsed {
        Ok(parsed) => {
            let named = parsed.issuer.as_deref().is_some_and(|i| !i.trim().is_empty())
                || parsed.label.as_deref().is_some_and(|l| !l.trim().is_empty());
            let name = if named || fallback.is_none() {
                name_from_parts(parsed.issuer.as_deref(), parsed.label.as_deref())
            } else {
                name_from_parts(fallback, None)
            };
            imported
                .warnings
                .extend(parsed.warnings.iter().map(|warning| format!("'{name}': {warning}")));
            imported.accounts.push(Account::new(name, parsed));
        }
        Err(error) => {
            let name = link_name(link).or_else(|| fallback.map(|f| name_from_parts(Some(f), None)));
            imported.skipped.push(Skipped {
                name: match (name, place) {
                    (Some(name), Some(place)) => format!("{name} ({place})"),
                    (Some(name), None) => name,
                    (None, Some(place)) => place.to_string(),
                    (None, None) => "an entry without a name".to_string(),
                },
                reason: match error {
                    SetupKeyError::Hotp => SkipReason::Hotp,
                    SetupKeyError::UnsupportedUriType(kind) if kind.eq_ignore_ascii_case("steam") => SkipReason::Steam,
                    other => SkipReason::BadKey(other),
                },
            })
        }
    }
}

/// Whether a `totp` link is a Steam Guard account in disguise: WinAuth
/// writes those with its own `deviceid=` (and `data=`) parameters and 5
/// digits.
fn is_steam_link(link: &str) -> bool {
    url::Url::parse(link).is_ok_and(|url| url.query_pairs().any(|(key, _)| key.eq_ignore_ascii_case("deviceid")))
}

/// The display name a link would get ("Issuer: account"), read even from a
/// link trayotp refuses (HOTP, Steam, 9 digits, a bad key), so that what
/// is left out is named as the other app named it.
fn link_name(line: &str) -> Option<String> {
    let url = url::Url::parse(line).ok()?;
    let label = percent_decode_str(url.path().trim_start_matches('/'))
        .decode_utf8_lossy()
        .into_owned();
    let (label_issuer, account) = match label.split_once(':') {
        Some((issuer, account)) => (Some(issuer.trim().to_string()), account.trim().to_string()),
        None => (None, label.trim().to_string()),
    };
    let issuer = url
        .query_pairs()
        .find(|(key, _)| key.eq_ignore_ascii_case("issuer"))
        .map(|(_, value)| value.trim().to_string())
        .filter(|issuer| !issuer.is_empty())
        .or(label_issuer.filter(|issuer| !issuer.is_empty()));
    if issuer.is_none() && account.is_empty() {
        return None;
    }
    Some(name_from_parts(issuer.as_deref(), Some(&account)))
}

impl ExportFormat for Uris {
    fn id(&self) -> FormatId {
        FormatId::Uris
    }

    fn export(&self, accounts: &AccountList) -> Result<Zeroizing<Vec<u8>>, FormatError> {
        let links: Vec<Zeroizing<String>> = accounts.iter().map(link).collect();
        // Sized up front: a growing buffer would leave copies of keys behind.
        let mut out = Zeroizing::new(String::with_capacity(links.iter().map(|l| l.len() + 1).sum()));
        for link in &links {
            out.push_str(link);
            out.push('\n');
        }
        Ok(Zeroizing::new(std::mem::take(&mut *out).into_bytes()))
    }
}

/// The `otpauth://totp/` link of one account.
pub fn link(account: &Account) -> Zeroizing<String> {
    let encode = |text: &str| utf8_percent_encode(text, NON_ALPHANUMERIC).to_string();
    let label = match &account.issuer {
        Some(issuer) => format!("{}:{}", encode(issuer), encode(&account.name)),
        None => encode(&account.name),
    };
    let secret = account.key.to_base32();
    // Sized up front (the issuer appears twice): growing would leave copies of the key behind.
    let mut link = Zeroizing::new(String::with_capacity(2 * label.len() + secret.len() + 96));
    let _ = write!(link, "otpauth://totp/{label}?secret=");
    link.push_str(&secret);
    if let Some(issuer) = &account.issuer {
        let _ = write!(link, "&issuer={}", encode(issuer));
    }
    let _ = write!(
        link,
        "&algorithm={}&digits={}&period={}",
        account.algorithm, account.digits, account.period
    );
    link
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::testing::assert_accounts;
    use crate::protect::passphrase::FixedPassphrase;

    const FIXTURE: &[u8] = include_bytes!("../../tests/fixtures/uris.txt");

    fn import(bytes: &[u8]) -> Result<Imported, FormatError> {
        Uris.import(bytes, &FixedPassphrase(Zeroizing::new(String::new())))
    }

    #[test]
    fn reads_the_fixture() {
        assert!(Uris.detect(FIXTURE), "a comment line first is fine");
        let imported = import(FIXTURE).expect("imports");
        assert_accounts(
            &imported,
            &[
                ("Example Bank: taro@example.com", "SHA1", 6, 60),
                ("楽天証券: 山田", "SHA512", 8, 30),
                ("Example Bank: taro@example.com", "SHA1", 6, 60),
            ],
        );
        let skipped: Vec<String> = imported.skipped.iter().map(ToString::to_string).collect();
        assert_eq!(
            skipped,
            [
                "skipped 'Counter: me (line 5)': HOTP (counter-based) accounts are not supported, only time-based (TOTP) ones",
                "skipped 'Broken: me (line 6)': the setup number has an invalid character '0' at position 12: Base32 keys use only the letters A-Z and the digits 2-7 (0, 1, 8 and 9 never appear; did you mean O, I or B?)",
                "skipped 'line 7': it is not an otpauth:// link",
            ]
            .map(String::from)
            .to_vec(),
        );
    }

    #[test]
    fn export_then_import_keeps_keys_and_parameters() {
        let imported = import(FIXTURE).expect("imports");
        let mut list = AccountList::default();
        crate::domain::merge::merge(&mut list, imported.accounts, Default::default());
        let exported = Uris.export(&list).expect("exports");
        let text = std::str::from_utf8(&exported).expect("utf-8");
        assert!(text.starts_with("otpauth://totp/Example%20Bank:Example%20Bank%3A%20taro%40example%2Ecom?secret=GEZD"));
        assert!(text.contains("&period=60"), "{text}");
        let again = import(&exported).expect("imports");
        assert_eq!(again.accounts.len(), 2);
        for (a, b) in list.iter().zip(&again.accounts) {
            assert!(a.same_codes_as(b));
        }
    }

    #[test]
    fn not_a_list() {
        assert!(!Uris.detect(b"{\"db\": 1}"));
        assert!(!Uris.detect(b"# only a comment"));
        assert!(import(b"\n# nothing\n").is_err());
        assert!(import(b"\xff\xfe").is_err());
    }
}
