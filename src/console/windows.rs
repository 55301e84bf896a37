//! Windows: a GUI-subsystem .exe attaches to the console it was started from (`AttachConsole`) and
//! points its unusable standard handles at it.

use windows_sys::Win32::Foundation::{GENERIC_READ, GENERIC_WRITE, HANDLE, INVALID_HANDLE_VALUE};
use windows_sys::Win32::Storage::FileSystem::{
    CreateFileW, FILE_SHARE_READ, FILE_SHARE_WRITE, FILE_TYPE_UNKNOWN, GetFileType, OPEN_EXISTING,
};
use windows_sys::Win32::System::Console::{
    ATTACH_PARENT_PROCESS, AttachConsole, GetStdHandle, STD_ERROR_HANDLE, STD_HANDLE, STD_INPUT_HANDLE,
    STD_OUTPUT_HANDLE, SetStdHandle,
};

/// A handle we were given that leads somewhere: a pipe, a file, the NUL
/// device, a console. A GUI program started from a console without
/// redirection gets none (null), or one that leads nowhere (unknown type).
fn usable(handle: HANDLE) -> bool {
    if handle.is_null() || handle == INVALID_HANDLE_VALUE {
        return false;
    }
    // SAFETY: GetFileType only inspects the handle; a dead one gives FILE_TYPE_UNKNOWN.
    unsafe { GetFileType(handle) != FILE_TYPE_UNKNOWN }
}

/// Opens the attached console's input (`CONIN$`) or output (`CONOUT$`).
fn open_console(name: &str) -> Option<HANDLE> {
    let wide: Vec<u16> = name.encode_utf16().chain(Some(0)).collect();
    // SAFETY: `wide` is NUL-terminated and outlives the call; no security
    // attributes or template file.
    let handle = unsafe {
        CreateFileW(
            wide.as_ptr(),
            GENERIC_READ | GENERIC_WRITE,
            FILE_SHARE_READ | FILE_SHARE_WRITE,
            std::ptr::null(),
            OPEN_EXISTING,
            0,
            std::ptr::null_mut(),
        )
    };
    (handle != INVALID_HANDLE_VALUE && !handle.is_null()).then_some(handle)
}

pub fn attach() {
    let slots: [(STD_HANDLE, &str); 3] = [
        (STD_INPUT_HANDLE, "CONIN$"),
        (STD_OUTPUT_HANDLE, "CONOUT$"),
        (STD_ERROR_HANDLE, "CONOUT$"),
    ];
    // SAFETY: GetStdHandle has no preconditions.
    let given = slots.map(|(slot, _)| unsafe { GetStdHandle(slot) });
    if given.iter().all(|&handle| usable(handle)) {
        return;
    }
    // SAFETY: no preconditions; fails harmlessly when there is no parent
    // console or we already have one.
    if unsafe { AttachConsole(ATTACH_PARENT_PROCESS) } == 0 {
        return;
    }
    for ((slot, device), handle) in slots.into_iter().zip(given) {
        // Keep what we were given where it leads somewhere (AttachConsole
        // may have replaced it); give the console to the rest. Rust's
        // std asks GetStdHandle on every write, so this takes effect at once.
        let chosen = if usable(handle) {
            Some(handle)
        } else {
            open_console(device)
        };
        if let Some(chosen) = chosen {
            // SAFETY: `chosen` is a handle this process owns.
            unsafe { SetStdHandle(slot, chosen) };
        }
    }
}
