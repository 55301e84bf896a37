//! Process hardening at start, in the style of KeePassXC: cheap steps that
//! keep other programs of the same user (which the threat model mostly
//! leaves out of scope) from reading this process's memory for free.
//!
//! - Linux: `prctl(PR_SET_DUMPABLE, 0)`: no core dumps, no ptrace by the
//!   same user, and `/proc/<pid>/mem`, `environ` and friends become root's.
//! - Windows: `SetDefaultDllDirectories(LOAD_LIBRARY_SEARCH_SYSTEM32)`: a
//!   DLL loaded at run time (eframe's `opengl32.dll`, say) comes from
//!   System32, never from the folder the .exe sits in (a portable zip
//!   unpacked into Downloads, beside whatever else was downloaded).
//! - Windows: `exclude_from_capture` keeps a window that shows codes out
//!   of screenshots, screen sharing and recordings.

/// Applies the process-wide steps; failures are ignored (hardening is a
/// bonus, never a reason not to start).
pub fn process() {
    imp::process();
}

#[cfg(target_os = "linux")]
mod imp {
    pub fn process() {
        let _ = rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable);
    }
}

#[cfg(windows)]
mod imp {
    pub fn process() {
        use windows_sys::Win32::System::LibraryLoader::{LOAD_LIBRARY_SEARCH_SYSTEM32, SetDefaultDllDirectories};
        // SAFETY: no pointers; affects later LoadLibrary calls only.
        unsafe { SetDefaultDllDirectories(LOAD_LIBRARY_SEARCH_SYSTEM32) };
    }
}

#[cfg(not(any(windows, target_os = "linux")))]
mod imp {
    pub fn process() {}
}

/// Windows: asks that the window `hwnd` be left out of screen capture
/// (`WDA_EXCLUDEFROMCAPTURE`, Windows 10 2004 and later; older systems get
/// `WDA_MONITOR`, which blacks it out). Returns whether Windows agreed.
#[cfg(windows)]
pub fn exclude_from_capture(hwnd: isize) -> bool {
    use windows_sys::Win32::UI::WindowsAndMessaging::{SetWindowDisplayAffinity, WDA_EXCLUDEFROMCAPTURE, WDA_MONITOR};
    let hwnd = hwnd as windows_sys::Win32::Foundation::HWND;
    // SAFETY: a window of this process; failure leaves it as it was.
    unsafe {
        SetWindowDisplayAffinity(hwnd, WDA_EXCLUDEFROMCAPTURE) != 0 || SetWindowDisplayAffinity(hwnd, WDA_MONITOR) != 0
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_os = "linux")]
    #[test]
    fn linux_process_is_not_dumpable() {
        super::process();
        assert_eq!(
            rustix::process::dumpable_behavior().expect("prctl"),
            rustix::process::DumpableBehavior::NotDumpable
        );
    }
}
