//! `trayotp code NAME` answered by the running tray: the tray holds the
//! vault's key already, so the command need not unlock it again (a DPAPI
//! or keyring vault; the shell serves no passphrase vault this way). The
//! code is made as a copy's would be: for the corrected time unless the
//! command gave one (`--at`).

use std::fmt;

use zeroize::Zeroizing;

use super::{App, Effect, Millis, Reply};

/// What `trayotp code` prints (plain or `--json`). Its digits never
/// appear in `Debug`, so no log line of an effect can carry them.
#[derive(Clone, PartialEq, Eq)]
pub struct CodeAnswer {
    pub name: String,
    pub digits: Zeroizing<String>,
    pub remaining: u64,
    pub period: u32,
    pub valid_from: u64,
    pub valid_until: u64,
    /// What clock correction added to the PC's clock (0 with `--at`).
    pub clock_offset_ms: i64,
}

impl fmt::Debug for CodeAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CodeAnswer")
            .field("name", &self.name)
            .field("digits", &"<redacted>")
            .field("remaining", &self.remaining)
            .field("period", &self.period)
            .finish_non_exhaustive()
    }
}

impl App {
    /// Answers a code request for `name` at `at` (Unix seconds), or now.
    pub(super) fn code_requested(&self, name: &str, at: Option<u64>, now: Millis, effects: &mut Vec<Effect>) {
        let Some(account) = self.accounts.find(name) else {
            effects.push(Effect::Reply(Reply::UnknownAccount(name.trim().to_string())));
            return;
        };
        let when = at.unwrap_or(now / 1000);
        let code = account.code_at(when);
        effects.push(Effect::Reply(Reply::Code(CodeAnswer {
            name: account.name.clone(),
            digits: Zeroizing::new(code.digits().to_string()),
            remaining: code.seconds_left(when),
            period: code.period,
            valid_from: code.valid_from,
            valid_until: code.valid_until,
            clock_offset_ms: if at.is_some() {
                0
            } else {
                self.applied_offset(self.pc_now)
            },
        })));
    }
}

#[cfg(test)]
mod tests {
    use super::super::*;
    use crate::domain::setup_key::{self, ParamOverrides};

    fn app_with(name: &str) -> App {
        let mut list = AccountList::default();
        let parsed = setup_key::parse("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", ParamOverrides::default()).expect("key");
        list.add(name, parsed).expect("name");
        let mut app = App::new(AppConfig::default());
        app.handle(Event::Started(list), 0);
        app
    }

    #[test]
    fn a_code_request_is_answered_with_the_code_and_copies_nothing() {
        let mut app = app_with("三菱 太郎");
        let effects = app.handle(
            Event::CodeRequested {
                name: " 三菱 太郎 ".into(),
                at: Some(59),
            },
            1_000_000,
        );
        let [Effect::Reply(Reply::Code(answer))] = effects.as_slice() else {
            panic!("one reply and nothing else: {effects:?}");
        };
        let expected = app.accounts.iter().next().expect("one").code_at(59);
        assert_eq!(answer.digits.as_str(), expected.digits());
        assert_eq!((answer.remaining, answer.period, answer.valid_until), (1, 60, 60));
        assert_eq!(answer.name, "三菱 太郎");
        assert_eq!(answer.clock_offset_ms, 0);
        assert!(!format!("{effects:?}").contains(expected.digits()), "{effects:?}");
    }

    #[test]
    fn an_unknown_name_is_reported() {
        let mut app = app_with("a");
        let effects = app.handle(
            Event::CodeRequested {
                name: "b".into(),
                at: None,
            },
            0,
        );
        assert_eq!(effects, vec![Effect::Reply(Reply::UnknownAccount("b".into()))]);
    }
}
