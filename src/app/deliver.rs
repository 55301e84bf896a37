//! What the hotkey does with the code (`hotkey_action`): copy it (the
//! default), paste it (clipboard, then Ctrl+V to the focused window) or type
//! it (the digits as characters, whatever the keyboard layout). The app
//! decides which and when; the shell's `crate::platform::input` waits for
//! the hotkey's keys to be let go and sends the keys.
//!
//! The window the hotkey was pressed over is the target: if the picker
//! opened first, the code goes to that window, never to trayotp's own.

pub use crate::choices::{Delivery, HotkeyAction};

use zeroize::Zeroizing;

use super::copy::{Asker, DefaultCopy, Delivering};
use super::{App, Effect, Millis, group_digits};

/// How long to wait for the hotkey's keys to be let go before typing: a
/// modifier still held would turn the digits into shortcuts.
pub const RELEASE_WAIT_MS: u64 = 2000;

/// How a paste or typing went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeliverOutcome {
    Done,
    /// The hotkey's keys were still held after [`RELEASE_WAIT_MS`]: nothing sent.
    KeysHeld,
    /// The window could not be given the keys (one line, no code in it).
    Failed(String),
}

impl App {
    /// The hotkey: the account whose window rule the title matches, else
    /// the default one (see the module documentation).
    pub(super) fn hotkey_pressed(
        &mut self,
        title: Option<&str>,
        over_ours: bool,
        now: Millis,
        effects: &mut Vec<Effect>,
    ) {
        self.pick_delivery = None;
        let delivery = self.config.hotkey_action.delivery().filter(|_| !over_ours);
        let asker = delivery.map_or(Asker::Click, Asker::Deliver);
        let matching = title.map(|t| crate::domain::window_rule::matching(&self.accounts, t));
        match matching.as_deref() {
            Some([index]) => self.copy(*index, now, asker, effects),
            Some(several @ [_, _, ..]) => {
                let names = several
                    .iter()
                    .filter_map(|&i| self.accounts.iter().nth(i).map(|a| a.name.clone()))
                    .collect();
                self.pick_delivery = delivery;
                effects.push(Effect::OpenPicker(names));
            }
            _ => {
                if self.config.default_account.is_none() && self.accounts.len() > 1 {
                    self.pick_delivery = delivery;
                }
                self.copy_default(DefaultCopy::Hotkey, asker, now, effects);
            }
        }
    }

    pub(super) fn deliver(
        &mut self,
        name: String,
        code: Zeroizing<String>,
        how: Delivery,
        expires_at: Millis,
        effects: &mut Vec<Effect>,
    ) {
        self.delivering = Some(Delivering {
            name,
            code: code.clone(),
            how,
            expires_at,
        });
        effects.push(Effect::Deliver {
            code,
            how,
            wait_ms: RELEASE_WAIT_MS,
        });
    }

    /// The paste or typing ended: the toast says how.
    pub(super) fn delivered(&mut self, outcome: DeliverOutcome, now: Millis, effects: &mut Vec<Effect>) {
        let Some(done) = self.delivering.take() else {
            return;
        };
        let texts = self.texts();
        match outcome {
            DeliverOutcome::Done => {
                let digits = self.config.show_digits_in_toast.then(|| group_digits(&done.code));
                let left = done.expires_at.saturating_sub(now) / 1000;
                let message = texts.code_typed(&done.name, digits.as_deref(), left);
                self.toast(effects, message, Some(done.expires_at));
            }
            DeliverOutcome::KeysHeld => {
                let message = texts.keys_still_held(&done.name, done.how == Delivery::Paste);
                self.toast(effects, message, None);
            }
            DeliverOutcome::Failed(detail) => {
                let message = texts.type_failed(&done.name, &detail);
                self.toast(effects, message, None);
            }
        }
    }
}
