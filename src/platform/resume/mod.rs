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

/// Calls `on_resume` (on some other thread) each time the PC resumes.
pub fn watch(on_resume: impl Fn() + Send + Sync + 'static) -> Result<(), String> {
    imp::watch(Box::new(on_resume))
}

#[cfg(windows)]
mod imp {
    use std::sync::OnceLock;

    use windows_sys::Win32::System::Power::{
        DEVICE_NOTIFY_SUBSCRIBE_PARAMETERS, PowerRegisterSuspendResumeNotification,
    };
    use windows_sys::Win32::UI::WindowsAndMessaging::{DEVICE_NOTIFY_CALLBACK, PBT_APMRESUMEAUTOMATIC};

    type Callback = Box<dyn Fn() + Send + Sync>;

    /// The one callback of the process (the registration lives as long).
    static ON_RESUME: OnceLock<Callback> = OnceLock::new();

    unsafe extern "system" fn power_event(
        _context: *const core::ffi::c_void,
        kind: u32,
        _setting: *const core::ffi::c_void,
    ) -> u32 {
        if kind == PBT_APMRESUMEAUTOMATIC
            && let Some(callback) = ON_RESUME.get()
        {
            callback();
        }
        0
    }

    pub fn watch(on_resume: Callback) -> Result<(), String> {
        if ON_RESUME.set(on_resume).is_err() {
            return Err("already watching".into());
        }
        // The system keeps reading the parameters: they live for the process.
        let parameters: &'static mut DEVICE_NOTIFY_SUBSCRIBE_PARAMETERS =
            Box::leak(Box::new(DEVICE_NOTIFY_SUBSCRIBE_PARAMETERS {
                Callback: Some(power_event),
                Context: std::ptr::null_mut(),
            }));
        let mut registration = std::ptr::null_mut();
        // SAFETY: with DEVICE_NOTIFY_CALLBACK the recipient is a pointer to
        // the parameters, which are leaked above and so outlive the
        // registration; the handle is written to a local.
        let status = unsafe {
            PowerRegisterSuspendResumeNotification(
                DEVICE_NOTIFY_CALLBACK,
                std::ptr::from_mut(parameters).cast(),
                &mut registration,
            )
        };
        if status == 0 {
            Ok(())
        } else {
            Err(format!(
                "PowerRegisterSuspendResumeNotification failed (error {status})"
            ))
        }
    }
}

#[cfg(target_os = "linux")]
mod imp {
    /// Connects on a thread of its own (the system bus may be slow or
    /// absent: start-up never waits for it), then blocks on the signals.
    pub fn watch(on_resume: Box<dyn Fn() + Send + Sync>) -> Result<(), String> {
        std::thread::Builder::new()
            .name("resume".into())
            .spawn(move || {
                if let Err(why) = listen(&*on_resume) {
                    crate::platform::sntp::debug_log(&format!("no news of resume from sleep: {why}"));
                }
            })
            .map(|_| ())
            .map_err(|e| format!("cannot start a thread ({e})"))
    }

    fn listen(on_resume: &dyn Fn()) -> Result<(), String> {
        let connection = zbus::blocking::Connection::system().map_err(|e| format!("no system bus ({e})"))?;
        let proxy = zbus::blocking::Proxy::new(
            &connection,
            "org.freedesktop.login1",
            "/org/freedesktop/login1",
            "org.freedesktop.login1.Manager",
        )
        .map_err(|e| format!("no logind ({e})"))?;
        let signals = proxy
            .receive_signal("PrepareForSleep")
            .map_err(|e| format!("cannot watch logind ({e})"))?;
        for message in signals {
            // `PrepareForSleep(true)` before sleeping, `(false)` after.
            if let Ok(false) = message.body().deserialize::<bool>() {
                on_resume();
            }
        }
        Ok(())
    }
}

#[cfg(not(any(windows, target_os = "linux")))]
mod imp {
    pub fn watch(_on_resume: Box<dyn Fn() + Send + Sync>) -> Result<(), String> {
        Err("not supported on this system".into())
    }
}
