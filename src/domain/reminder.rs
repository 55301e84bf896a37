//! When to remind the user to make a backup.
//!
//! A DPAPI vault dies with its Windows user profile (a new PC, a reinstall,
//! a password reset), so the tray reminds people to keep a `trayotp backup`.
//! This is the rule, kept pure so it can be tested without a clock or a
//! tray; the tray supplies the inputs (from the vault and its state file,
//! see `vault::state`) and shows the toast and the menu item.
//!
//! A reminder is due when there is something to lose (at least one
//! account) and the newest backup is missing, older than the interval, or
//! holds fewer accounts than the vault has now. Once shown, it is not shown
//! again for an interval, unless a backup made since then has gone stale in
//! turn. An interval of 0 days turns reminders off.

use serde::{Deserialize, Serialize};

const SECONDS_PER_DAY: u64 = 24 * 60 * 60;

/// The newest backup made with `trayotp backup`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupRecord {
    /// Unix time the backup was written.
    pub at: u64,
    /// How many accounts it holds.
    pub accounts: usize,
}

/// Whether a backup reminder is due at Unix time `now`, for a vault of
/// `accounts` accounts. `last_reminded` is the Unix time a reminder was
/// last shown. Times in the future (a clock set back) count as recent.
pub fn backup_reminder_due(
    accounts: usize,
    newest_backup: Option<BackupRecord>,
    interval_days: u32,
    last_reminded: Option<u64>,
    now: u64,
) -> bool {
    if accounts == 0 || interval_days == 0 {
        return false;
    }
    let interval = u64::from(interval_days) * SECONDS_PER_DAY;
    let recent = |at: u64| now.saturating_sub(at) < interval;
    let backup_is_enough = newest_backup.is_some_and(|backup| recent(backup.at) && backup.accounts >= accounts);
    // A reminder answered by a backup no longer counts: only one shown since
    // the newest backup holds the next one back.
    let snoozed =
        last_reminded.is_some_and(|shown| recent(shown) && newest_backup.is_none_or(|backup| shown >= backup.at));
    !backup_is_enough && !snoozed
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: u64 = SECONDS_PER_DAY;
    const NOW: u64 = 1_750_000_000;

    fn backup(days_ago: u64, accounts: usize) -> Option<BackupRecord> {
        Some(BackupRecord {
            at: NOW - days_ago * DAY,
            accounts,
        })
    }

    fn due(accounts: usize, newest: Option<BackupRecord>, reminded_days_ago: Option<u64>) -> bool {
        backup_reminder_due(accounts, newest, 30, reminded_days_ago.map(|d| NOW - d * DAY), NOW)
    }

    #[test]
    fn nothing_to_lose_means_no_reminder() {
        assert!(!due(0, None, None));
        assert!(
            !backup_reminder_due(3, None, 0, None, NOW),
            "interval 0 turns reminders off"
        );
    }

    #[test]
    fn no_backup_is_due_at_once_then_snoozed_for_an_interval() {
        assert!(due(1, None, None));
        assert!(!due(1, None, Some(1)));
        assert!(!due(1, None, Some(29)));
        assert!(due(1, None, Some(30)));
    }

    #[test]
    fn a_recent_complete_backup_is_enough() {
        assert!(!due(3, backup(0, 3), None));
        assert!(!due(3, backup(29, 3), None));
        assert!(due(3, backup(30, 3), None), "stale after the interval");
        assert!(!due(2, backup(1, 3), None), "accounts removed since: still complete");
    }

    #[test]
    fn accounts_added_since_the_backup_make_it_due() {
        assert!(due(4, backup(1, 3), None));
        // A reminder shown before that backup was answered by it.
        assert!(due(4, backup(1, 3), Some(2)));
        // One shown after it holds the next one back.
        assert!(!due(4, backup(2, 3), Some(1)));
    }

    #[test]
    fn a_clock_set_back_does_not_nag() {
        let future = Some(BackupRecord {
            at: NOW + 10 * DAY,
            accounts: 1,
        });
        assert!(!backup_reminder_due(1, future, 30, None, NOW));
        assert!(!backup_reminder_due(1, None, 30, Some(NOW + DAY), NOW));
    }
}
