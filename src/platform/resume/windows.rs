//! Windows: `PowerRegisterSuspendResumeNotification`.

use std::sync::OnceLock;

use windows_sys::Win32::System::Power::{DEVICE_NOTIFY_SUBSCRIBE_PARAMETERS, PowerRegisterSuspendResumeNotification};
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
