//! Window rules: per account, text that the title of the focused window
//! contains (a browser's title carries the page's, e.g. 「出金 -
//! 三菱UFJモルガン・スタンレー証券 - Google Chrome」), so that the hotkey can
//! pick the account by the window it is pressed over.
//!
//! A rule and a title are compared *folded*, as the picker's search folds
//! (`super::search::fold`: case, full-/half-width and hiragana/katakana
//! alike); `*` in a rule stands for any text. A title that is empty or holds
//! a control character matches no rule: the hotkey then does what it does
//! without rules.

use super::AccountList;
use super::search::fold;

/// The longest rule kept (a window title is rarely longer).
pub const MAX_RULE_CHARS: usize = 200;

/// Why a window rule was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("the window rule contains a control character: use printable characters only")]
    ControlCharacter,
    #[error("the window rule is {chars} characters long: use at most {MAX_RULE_CHARS}")]
    TooLong { chars: usize },
}

/// Checks a rule as a person typed it: `None` clears it (empty or spaces).
pub fn check(rule: &str) -> Result<Option<String>, RuleError> {
    let trimmed = rule.trim();
    if trimmed.chars().any(char::is_control) {
        return Err(RuleError::ControlCharacter);
    }
    let chars = trimmed.chars().count();
    if chars > MAX_RULE_CHARS {
        return Err(RuleError::TooLong { chars });
    }
    Ok((!trimmed.is_empty()).then(|| trimmed.to_string()))
}

/// A window title as the rules read it: `None` when there is nothing to
/// match (empty, or a control character in it).
fn usable_title(title: &str) -> Option<String> {
    if title.trim().is_empty() || title.chars().any(char::is_control) {
        return None;
    }
    Some(fold(title))
}

/// Whether `rule` matches the (already folded) `title`: the rule's pieces
/// between `*`s occur in the title in order.
fn matches_folded(rule: &str, title: &str) -> bool {
    let rule = fold(rule);
    if rule.trim().is_empty() {
        return false;
    }
    let mut rest = title;
    for piece in rule.split('*').filter(|piece| !piece.is_empty()) {
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    true
}

/// Whether `rule` matches `title`.
pub fn matches(rule: &str, title: &str) -> bool {
    usable_title(title).is_some_and(|title| matches_folded(rule, &title))
}

/// The positions of the accounts whose rule matches `title`.
pub fn matching(accounts: &AccountList, title: &str) -> Vec<usize> {
    let Some(title) = usable_title(title) else {
        return Vec::new();
    };
    accounts
        .iter()
        .enumerate()
        .filter(|(_, account)| {
            account
                .window_rule
                .as_deref()
                .is_some_and(|rule| matches_folded(rule, &title))
        })
        .map(|(index, _)| index)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_is_text_the_title_contains_folded_alike() {
        let title = "出金 - 三菱UFJモルガン・スタンレー証券 - Google Chrome";
        assert!(matches("三菱UFJモルガン", title));
        assert!(matches("三菱ｕｆｊﾓﾙｶﾞﾝ", title), "width and case");
        assert!(matches("もるがん", title), "hiragana for katakana");
        assert!(!matches("三井", title));
        assert!(matches("出金*chrome", title), "* stands for any text");
        assert!(!matches("chrome*出金", title), "the pieces in order");
        assert!(matches("*", title));
    }

    #[test]
    fn an_empty_title_or_one_with_control_characters_matches_nothing() {
        assert!(!matches("*", ""));
        assert!(!matches("*", "   "));
        assert!(!matches("Example", "Example\u{7}証券"));
        assert!(!matches("Example", "Exa\nmple"));
        assert!(!matches("", "Example"), "an empty rule is no rule");
    }

    #[test]
    fn rules_are_checked_as_typed() {
        assert_eq!(check("  Example証券 "), Ok(Some("Example証券".into())));
        assert_eq!(check(""), Ok(None));
        assert_eq!(check("  "), Ok(None));
        assert_eq!(check("a\tb"), Err(RuleError::ControlCharacter));
        assert_eq!(
            check(&"x".repeat(MAX_RULE_CHARS + 1)),
            Err(RuleError::TooLong {
                chars: MAX_RULE_CHARS + 1
            })
        );
    }
}
