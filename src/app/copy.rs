//! Copying a code: the clipboard write and its clearing at expiry, the
//! wait for the next code in a code's last seconds, the toast, the control
//! channel's reply, and the one timer that serves them all.

use zeroize::Zeroizing;

use super::*;

/// Our code is in the clipboard until `expires_at` (the shell knows it
/// as its own by the OS's mark; the app keeps only when to clear it).
pub(super) struct ClipboardGuard {
    pub(super) expires_at: Millis,
}

/// A copy that waits for the next time step.
pub(super) struct DelayedCopy {
    pub(super) index: usize,
    pub(super) at: Millis,
    pub(super) asker: Asker,
}

/// Who asked for a copy: that decides what else is said about it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Asker {
    /// A menu click, a left click, the hotkey: the toast is the answer.
    Click,
    /// `trayotp copy NAME`: the control channel gets a reply too.
    Control,
    /// The hotkey with `hotkey_action` paste or type: the code goes on
    /// into the window, and the toast follows [`Event::Delivered`].
    Deliver(Delivery),
}

/// A paste or typing under way.
pub(super) struct Delivering {
    pub(super) name: String,
    pub(super) code: Zeroizing<String>,
    pub(super) how: Delivery,
    pub(super) expires_at: Millis,
}

/// A copy whose clipboard write is under way.
pub(super) struct CopyInFlight {
    pub(super) name: String,
    pub(super) code: Zeroizing<String>,
    pub(super) expires_at: Millis,
    pub(super) seconds_left: u64,
    pub(super) period: u32,
    pub(super) asker: Asker,
}

/// What asked to copy the default account.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum DefaultCopy {
    IconClick,
    Hotkey,
}

impl App {
    /// The hotkey or a left click: copy the default account's code (see
    /// the module documentation for the choice without one).
    pub(super) fn copy_default(&mut self, source: DefaultCopy, asker: Asker, now: Millis, effects: &mut Vec<Effect>) {
        if self.accounts.is_empty() {
            // Nothing to copy yet: the first thing to do is add one.
            effects.push(Effect::OpenWindow(Form::Add));
            return;
        }
        if let Some(name) = self.config.default_account.clone() {
            match self.accounts.position(&name) {
                Some(index) => self.copy(index, now, asker, effects),
                None => self.toast(effects, self.texts().default_account_missing(&name), None),
            }
            return;
        }
        if self.accounts.len() > 1 && source == DefaultCopy::Hotkey {
            // Several and none chosen: the user picks, by typing.
            effects.push(Effect::OpenWindow(Form::Pick));
            return;
        }
        self.copy(0, now, asker, effects);
    }

    /// Starts copying the code of the account at `index`.
    pub(super) fn copy(&mut self, index: usize, now: Millis, asker: Asker, effects: &mut Vec<Effect>) {
        let Some(account) = self.accounts.iter().nth(index).cloned() else {
            return;
        };
        let code = account.code_at(now / 1000);
        let left_ms = (code.valid_until * 1000).saturating_sub(now);
        let grace_ms = Self::grace_seconds(account.period) * 1000;
        if self.config.last_seconds == LastSecondsPolicy::WaitForNext && left_ms < grace_ms {
            let wait = left_ms.div_ceil(1000);
            self.delayed = Some(DelayedCopy {
                index,
                at: code.valid_until * 1000,
                // The requester is answered now ("copying next").
                asker: if asker == Asker::Control { Asker::Click } else { asker },
            });
            let message = self.texts().waiting_for_fresh_code(&account.name, wait);
            self.toast(effects, message, None);
            if asker == Asker::Control {
                effects.push(Effect::Reply(Reply::CopyingNext {
                    name: account.name.clone(),
                    seconds: wait,
                }));
            }
            return;
        }
        let text = Zeroizing::new(code.digits().to_string());
        if asker == Asker::Deliver(Delivery::Type) {
            // Typed: the clipboard is not touched.
            self.deliver(
                account.name.clone(),
                text,
                Delivery::Type,
                code.valid_until * 1000,
                effects,
            );
            self.recheck_clock(now, effects);
            return;
        }
        self.in_flight = Some(CopyInFlight {
            name: account.name.clone(),
            code: text.clone(),
            expires_at: code.valid_until * 1000,
            seconds_left: left_ms / 1000,
            period: account.period,
            asker,
        });
        effects.push(Effect::SetClipboard(text));
        // After the copy, never before it: the measurement reports back later.
        self.recheck_clock(now, effects);
    }

    pub(super) fn clipboard_set(&mut self, ok: bool, effects: &mut Vec<Effect>) {
        let Some(copy) = self.in_flight.take() else {
            return;
        };
        if !ok {
            self.toast(effects, self.texts().clipboard_busy(), None);
            if copy.asker == Asker::Control {
                effects.push(Effect::Reply(Reply::ClipboardBusy));
            }
            return;
        }
        if copy.asker == Asker::Deliver(Delivery::Paste) {
            // In the clipboard, with its clearing as for a copy; the toast
            // follows the paste.
            self.deliver(copy.name, copy.code.clone(), Delivery::Paste, copy.expires_at, effects);
            self.guard = Some(ClipboardGuard {
                expires_at: copy.expires_at,
            });
            return;
        }
        let digits = self.config.show_digits_in_toast.then(|| group_digits(&copy.code));
        let mut message = self
            .texts()
            .code_copied(&copy.name, digits.as_deref(), copy.seconds_left, copy.period);
        if let Some(note) = self.corrected_note(self.pc_now) {
            message.push_str(&note);
        }
        self.toast(effects, message, Some(copy.expires_at));
        if copy.asker == Asker::Control {
            effects.push(Effect::Reply(Reply::Copied {
                name: copy.name,
                seconds_left: copy.seconds_left,
                period: copy.period,
            }));
        }
        self.guard = Some(ClipboardGuard {
            expires_at: copy.expires_at,
        });
    }

    pub(super) fn timer_fired(&mut self, now: Millis, effects: &mut Vec<Effect>) {
        if self.guard.take_if(|g| g.expires_at <= now).is_some() {
            if self.config.clear_clipboard {
                effects.push(Effect::ClearClipboardIfUnchanged);
            }
            effects.push(Effect::CloseToast);
            if self.status_line.is_some() {
                self.show_status(None, effects);
            }
        }
        if let Some(delayed) = self.delayed.take_if(|d| d.at <= now) {
            self.copy(delayed.index, now, delayed.asker, effects);
        }
        self.check_backup(now, effects);
    }

    /// Emits [`Effect::SetTimer`] when the earliest deadline, or the clock
    /// offset the shell measures it by, changed.
    pub(super) fn update_timer(&mut self, effects: &mut Vec<Effect>) {
        let next = [
            self.guard.as_ref().map(|g| g.expires_at),
            self.delayed.as_ref().map(|d| d.at),
            self.backup_deadline(),
        ]
        .into_iter()
        .flatten()
        .min();
        let offset = self.applied_offset(self.pc_now);
        if next != self.timer || (next.is_some() && offset != self.timer_offset) {
            self.timer = next;
            self.timer_offset = offset;
            effects.push(Effect::SetTimer(next));
        }
    }
}

/// "123456" → "123 456", "12345678" → "1234 5678": easier to read and type.
pub fn group_digits(code: &str) -> String {
    let split = match code.len() {
        6 => 3,
        7 => 3,
        8 => 4,
        _ => return code.to_string(),
    };
    format!("{} {}", &code[..split], &code[split..])
}
