//! Bringing accounts from elsewhere (a trayotp backup, another
//! authenticator's export) into the account list without losing any.
//!
//! Every incoming account first gets a valid display name ([`valid_name`],
//! [`name_from_parts`]): other apps allow names we refuse (empty, too long,
//! with line breaks), and an import must never fail on a name. Then a name
//! already taken is resolved the way the user chose ([`OnConflict`]), and
//! every account that was not simply added is reported ([`MergeOutcome`]).
//! An account that makes exactly the same codes as one already in the list
//! is recognised whatever its name, so importing the same file twice adds
//! nothing.

use std::fmt;

use super::account::{Account, AccountList, MAX_NAME_CHARS, NameError, is_invisible};

/// The name given to an imported account that has neither a name nor an issuer.
pub const FALLBACK_NAME: &str = "Imported account";

/// What to do with an incoming account whose display name is already taken
/// by an account with another key.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum OnConflict {
    /// Keep the existing account; leave the incoming one out (and say so).
    #[default]
    Skip,
    /// Add the incoming account under a free name, e.g. "Work (2)".
    Rename,
    /// Put the incoming account in place of the existing one.
    Replace,
}

/// What happened to one incoming account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeOutcome {
    Added {
        name: String,
    },
    /// Added under `name` because `wanted` was taken.
    Renamed {
        wanted: String,
        name: String,
    },
    /// Took the place of the account of the same name.
    Replaced {
        name: String,
    },
    /// Left out: the name is taken by an account with another key.
    NameTaken {
        name: String,
    },
    /// Left out: an account with the same key and parameters is already there.
    AlreadyPresent {
        name: String,
        existing: String,
    },
    /// Left out: the name could not be used (should not happen after
    /// [`valid_name`], but reported rather than dropped if it does).
    Refused {
        name: String,
        reason: NameError,
    },
}

impl MergeOutcome {
    /// Whether the account is now in the list.
    pub fn is_added(&self) -> bool {
        matches!(
            self,
            MergeOutcome::Added { .. } | MergeOutcome::Renamed { .. } | MergeOutcome::Replaced { .. }
        )
    }
}

impl fmt::Display for MergeOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MergeOutcome::Added { name } => write!(f, "added '{name}'"),
            MergeOutcome::Renamed { wanted, name } => {
                write!(
                    f,
                    "added '{wanted}' as '{name}': an account named '{wanted}' already exists"
                )
            }
            MergeOutcome::Replaced { name } => {
                write!(f, "replaced '{name}' with the account of the same name being imported")
            }
            MergeOutcome::NameTaken { name } => write!(
                f,
                "skipped '{name}': an account with that name and another key exists (--on-conflict rename keeps both)"
            ),
            MergeOutcome::AlreadyPresent { name, existing } if name.eq_ignore_ascii_case(existing) => {
                write!(f, "skipped '{name}': it is already in the vault")
            }
            MergeOutcome::AlreadyPresent { name, existing } => {
                write!(f, "skipped '{name}': it is already in the vault as '{existing}'")
            }
            MergeOutcome::Refused { name, reason } => write!(f, "skipped '{name}': {reason}"),
        }
    }
}

/// Makes any text a valid display name: control characters (line breaks,
/// tabs) become one space, bidirectional and zero-width characters
/// (`account::is_invisible`) go, surrounding space goes, and the name is cut to
/// [`MAX_NAME_CHARS`] characters; nothing left gives [`FALLBACK_NAME`].
pub fn valid_name(raw: &str) -> String {
    let mut cleaned = String::with_capacity(raw.len());
    let mut after_control = false;
    for c in raw.chars().filter(|&c| !is_invisible(c)) {
        if c.is_control() {
            if !after_control {
                cleaned.push(' ');
            }
            after_control = true;
        } else {
            cleaned.push(c);
            after_control = false;
        }
    }
    let name = truncate_chars(cleaned.trim(), MAX_NAME_CHARS).trim_end();
    if name.is_empty() {
        FALLBACK_NAME.to_string()
    } else {
        name.to_string()
    }
}

/// A display name for an account another app knows by an issuer (the
/// service, "Google") and an account name ("me@example.com"):
/// "Google: me@example.com", or whichever of the two there is. An account
/// name that already starts with "Issuer:" is not prefixed twice.
pub fn name_from_parts(issuer: Option<&str>, account: Option<&str>) -> String {
    let issuer = issuer.map(valid_part).unwrap_or_default();
    let mut account = account.map(valid_part).unwrap_or_default();
    if !issuer.is_empty()
        && let Some(rest) = strip_prefix_ignore_case(&account, &issuer).and_then(|r| r.strip_prefix(':'))
    {
        account = rest.trim().to_string();
    }
    let joined = match (issuer.is_empty(), account.is_empty()) {
        (false, false) if issuer.to_lowercase() == account.to_lowercase() => issuer,
        (false, false) => format!("{issuer}: {account}"),
        (false, true) => issuer,
        (true, _) => account,
    };
    valid_name(&joined)
}

fn valid_part(text: &str) -> String {
    let name = valid_name(text);
    if name == FALLBACK_NAME && text.trim() != FALLBACK_NAME {
        String::new()
    } else {
        name
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

fn truncate_chars(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((cut, _)) => &text[..cut],
        None => text,
    }
}

/// The first of "name (2)", "name (3)", … that no account uses, cut so that
/// it stays within [`MAX_NAME_CHARS`].
fn free_name(list: &AccountList, name: &str) -> String {
    (2..)
        .map(|n| {
            let suffix = format!(" ({n})");
            let base = truncate_chars(name, MAX_NAME_CHARS.saturating_sub(suffix.chars().count())).trim_end();
            format!("{base}{suffix}")
        })
        .find(|candidate| list.position(candidate).is_none())
        .unwrap_or_else(|| FALLBACK_NAME.to_string())
}

/// Adds `incoming` to `list` in order, resolving taken names by
/// `on_conflict`. Returns one outcome per incoming account, in order.
pub fn merge(list: &mut AccountList, incoming: Vec<Account>, on_conflict: OnConflict) -> Vec<MergeOutcome> {
    incoming
        .into_iter()
        .map(|account| merge_one(list, account, on_conflict))
        .collect()
}

fn merge_one(list: &mut AccountList, mut account: Account, on_conflict: OnConflict) -> MergeOutcome {
    account.name = valid_name(&account.name);
    if let Some(existing) = list.iter().find(|a| a.same_codes_as(&account)) {
        return MergeOutcome::AlreadyPresent {
            name: account.name,
            existing: existing.name.clone(),
        };
    }
    let wanted = account.name.clone();
    let Some(index) = list.position(&wanted) else {
        return match list.push(account) {
            Ok(added) => MergeOutcome::Added {
                name: added.name.clone(),
            },
            Err(reason) => MergeOutcome::Refused { name: wanted, reason },
        };
    };
    match on_conflict {
        OnConflict::Skip => MergeOutcome::NameTaken { name: wanted },
        OnConflict::Rename => {
            account.name = free_name(list, &wanted);
            match list.push(account) {
                Ok(added) => MergeOutcome::Renamed {
                    wanted,
                    name: added.name.clone(),
                },
                Err(reason) => MergeOutcome::Refused { name: wanted, reason },
            }
        }
        OnConflict::Replace => match list.replace(index, account) {
            Ok(_) => MergeOutcome::Replaced { name: wanted },
            Err(super::account::AccountError::Name(reason)) => MergeOutcome::Refused { name: wanted, reason },
            Err(super::account::AccountError::NotFound(_) | super::account::AccountError::Reading(_)) => {
                MergeOutcome::Refused {
                    name: wanted.clone(),
                    reason: NameError::Duplicate { existing: wanted },
                }
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::setup_key::{self, ParamOverrides};

    const KEY_A: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    const KEY_B: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    fn account(name: &str, key: &str) -> Account {
        let setup = setup_key::parse(key, ParamOverrides::default()).expect("valid key");
        Account::new(name.to_string(), setup)
    }

    fn names(list: &AccountList) -> Vec<&str> {
        list.names().collect()
    }

    #[test]
    fn invalid_names_become_valid_ones() {
        assert_eq!(valid_name("  Work  "), "Work");
        assert_eq!(valid_name("a\r\nb\tc"), "a b c");
        assert_eq!(valid_name("\n\u{7}"), FALLBACK_NAME);
        assert_eq!(valid_name(""), FALLBACK_NAME);
        let long = "長".repeat(70);
        assert_eq!(valid_name(&long), "長".repeat(64));
        // The ideographic space is a normal character in a Japanese name.
        assert_eq!(valid_name("三菱\u{3000}太郎"), "三菱\u{3000}太郎");
        for raw in ["", "\u{0}", &"x ".repeat(100), "a\u{85}b", " \u{3000} "] {
            let name = valid_name(raw);
            assert!(
                AccountList::default().check_name(&name, None).is_ok(),
                "{raw:?} -> {name:?}"
            );
        }
    }

    #[test]
    fn names_from_issuer_and_account() {
        assert_eq!(
            name_from_parts(Some("Google"), Some("me@example.com")),
            "Google: me@example.com"
        );
        assert_eq!(
            name_from_parts(Some("Google"), Some("Google:me@example.com")),
            "Google: me@example.com"
        );
        assert_eq!(name_from_parts(Some("google"), Some("Google: me")), "google: me");
        assert_eq!(name_from_parts(Some("Bank"), Some("bank")), "Bank");
        assert_eq!(name_from_parts(Some(" Bank "), None), "Bank");
        assert_eq!(name_from_parts(None, Some("taro")), "taro");
        assert_eq!(name_from_parts(Some(""), Some("\n")), FALLBACK_NAME);
        assert_eq!(name_from_parts(None, None), FALLBACK_NAME);
        assert_eq!(name_from_parts(Some("楽天証券"), Some("山田")), "楽天証券: 山田");
        assert_eq!(
            name_from_parts(Some(&"i".repeat(40)), Some(&"a".repeat(40)))
                .chars()
                .count(),
            64
        );
    }

    #[test]
    fn new_names_are_added_in_order() {
        let mut list = AccountList::default();
        let outcomes = merge(
            &mut list,
            vec![account("b", KEY_A), account("a\n", KEY_B)],
            OnConflict::Skip,
        );
        assert_eq!(
            outcomes,
            [
                MergeOutcome::Added { name: "b".into() },
                MergeOutcome::Added { name: "a".into() }
            ]
        );
        assert_eq!(names(&list), ["b", "a"]);
    }

    #[test]
    fn the_same_account_twice_is_recognised_whatever_the_policy() {
        for policy in [OnConflict::Skip, OnConflict::Rename, OnConflict::Replace] {
            let mut list = AccountList::default();
            merge(&mut list, vec![account("Work", KEY_A)], policy);
            let again = merge(&mut list, vec![account("WORK", KEY_A), account("Other", KEY_A)], policy);
            assert_eq!(
                again,
                [
                    MergeOutcome::AlreadyPresent {
                        name: "WORK".into(),
                        existing: "Work".into()
                    },
                    MergeOutcome::AlreadyPresent {
                        name: "Other".into(),
                        existing: "Work".into()
                    }
                ]
            );
            assert!(again[0].to_string().contains("already in the vault"));
            assert!(again[1].to_string().contains("as 'Work'"));
            assert_eq!(names(&list), ["Work"]);
        }
    }

    #[test]
    fn taken_names_are_skipped_renamed_or_replaced() {
        let mut list = AccountList::default();
        merge(
            &mut list,
            vec![account("Work", KEY_A), account("Home", KEY_A)],
            OnConflict::Skip,
        );
        assert_eq!(names(&list), ["Work"], "Home has Work's key");

        let skipped = merge(&mut list, vec![account("work", KEY_B)], OnConflict::Skip);
        assert_eq!(skipped, [MergeOutcome::NameTaken { name: "work".into() }]);
        assert!(!skipped[0].is_added());

        let renamed = merge(&mut list, vec![account("work", KEY_B)], OnConflict::Rename);
        assert_eq!(
            renamed,
            [MergeOutcome::Renamed {
                wanted: "work".into(),
                name: "work (2)".into()
            }]
        );
        assert!(renamed[0].is_added());

        let key_c = "MFRGGZDFMZTWQ2LKMFRGGZDFMZTWQ2LK";
        let third = merge(&mut list, vec![account("Work", key_c)], OnConflict::Rename);
        assert_eq!(
            third,
            [MergeOutcome::Renamed {
                wanted: "Work".into(),
                name: "Work (3)".into()
            }]
        );

        let replaced = merge(
            &mut list,
            vec![account("WORK", KEY_B), account("Work (3)", KEY_A)],
            OnConflict::Replace,
        );
        // KEY_B is already there as "work (2)"; KEY_A as "Work": nothing changes.
        assert!(matches!(replaced[0], MergeOutcome::AlreadyPresent { .. }));
        let key_d = "MZXW6YTBOJUWU23MNU3TMOBZGAYDCMRT";
        let replaced = merge(&mut list, vec![account("WORK (3)", key_d)], OnConflict::Replace);
        assert_eq!(
            replaced,
            [MergeOutcome::Replaced {
                name: "WORK (3)".into()
            }]
        );
        assert_eq!(names(&list), ["Work", "work (2)", "WORK (3)"]);
        assert_eq!(
            list.find("work (3)").map(|a| a.key.to_base32().to_string()),
            Some(key_d.into())
        );
    }

    #[test]
    fn renamed_names_stay_within_the_limit() {
        let long = "長".repeat(64);
        let mut list = AccountList::default();
        merge(&mut list, vec![account(&long, KEY_A)], OnConflict::Rename);
        let outcome = merge(&mut list, vec![account(&long, KEY_B)], OnConflict::Rename);
        let MergeOutcome::Renamed { name, .. } = &outcome[0] else {
            panic!("renamed: {outcome:?}");
        };
        assert_eq!(name.chars().count(), 64);
        assert!(name.ends_with("長 (2)"), "{name}");
    }
}
