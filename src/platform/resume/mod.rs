//! News that the PC woke from sleep: a clock may be far off after a long
//! sleep, so the tray measures it again then.
//!
//! - Windows: `PowerRegisterSuspendResumeNotification` with a callback, which
//!   the system calls with `PBT_APMRESUMEAUTOMATIC` on every resume (the
//!   same news as the `WM_POWERBROADCAST` message, without needing a
//!   top-level window of our own).
//! - Linux: logind's `PrepareForSleep(false)` signal on the system bus, read
//!   on a thread that blocks on the bus socket (no polling). zbus is already
//!   built for the Secret Service.
//!
//! Both wait for the OS without waking the process. Where there is no such
//! service (no system bus, Wine), [`watch`] says why and the tray does
//! without: the other checks still happen.

#[cfg(target_os = "linux")]
mod linux;
#[cfg(not(any(windows, target_os = "linux")))]
mod other;
#[cfg(windows)]
mod windows;
#[cfg(target_os = "linux")]
use linux as imp;
#[cfg(not(any(windows, target_os = "linux")))]
use other as imp;
#[cfg(windows)]
use windows as imp;

/// Calls `on_resume` (on some other thread) each time the PC resumes.
pub fn watch(on_resume: impl Fn() + Send + Sync + 'static) -> Result<(), String> {
    imp::watch(Box::new(on_resume))
}
