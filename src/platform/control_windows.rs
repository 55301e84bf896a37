//! The control channel on Windows: a named pipe `\\.\pipe\trayotp-<id>`.
//!
//! - Its DACL grants access to the current user's SID only (SDDL
//!   `D:P(A;;GA;;;<sid>)`), so other users on the PC cannot ask for codes.
//! - `PIPE_REJECT_REMOTE_CLIENTS`: nothing from the network.
//! - One tray per vault: a named mutex `Local\trayotp-<id>` held for the
//!   tray's life (Wine ignores `FILE_FLAG_FIRST_PIPE_INSTANCE`, which is set
//!   too, so the mutex is what the tests can rely on).

use std::fs::{File, OpenOptions};
use std::io;
use std::os::windows::io::FromRawHandle;
use std::ptr;
use std::time::{Duration, Instant};

use windows_sys::Win32::Foundation::ERROR_ALREADY_EXISTS;
use windows_sys::Win32::Foundation::{
    CloseHandle, ERROR_ACCESS_DENIED, ERROR_FILE_NOT_FOUND, ERROR_PIPE_BUSY, ERROR_PIPE_CONNECTED, GetLastError,
    HANDLE, HLOCAL, INVALID_HANDLE_VALUE, LocalFree,
};
use windows_sys::Win32::Security::Authorization::{
    ConvertSidToStringSidW, ConvertStringSecurityDescriptorToSecurityDescriptorW, SDDL_REVISION_1,
};
use windows_sys::Win32::Security::{
    GetTokenInformation, PSECURITY_DESCRIPTOR, SECURITY_ATTRIBUTES, TOKEN_QUERY, TOKEN_USER, TokenUser,
};
use windows_sys::Win32::Storage::FileSystem::{FILE_FLAG_FIRST_PIPE_INSTANCE, PIPE_ACCESS_DUPLEX};
use windows_sys::Win32::System::Pipes::{
    ConnectNamedPipe, CreateNamedPipeW, PIPE_READMODE_BYTE, PIPE_REJECT_REMOTE_CLIENTS, PIPE_TYPE_BYTE,
    PIPE_UNLIMITED_INSTANCES, PIPE_WAIT,
};
use windows_sys::Win32::System::Threading::{CreateMutexW, GetCurrentProcess, OpenProcessToken};

use super::{ControlError, Incoming};

fn pipe_path(id: &str) -> String {
    format!(r"\\.\pipe\trayotp-{id}")
}

fn pipe_name(id: &str) -> Vec<u16> {
    pipe_path(id).encode_utf16().chain(Some(0)).collect()
}

pub fn connect(id: &str) -> Result<File, ControlError> {
    let name = pipe_path(id);
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        match OpenOptions::new().read(true).write(true).open(&name) {
            Ok(file) => return Ok(file),
            Err(e) if e.raw_os_error() == Some(ERROR_FILE_NOT_FOUND as i32) => return Err(ControlError::NotRunning),
            // Every instance is busy serving someone: wait a moment.
            Err(e) if e.raw_os_error() == Some(ERROR_PIPE_BUSY as i32) && Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// A security descriptor that admits only the current user, freed on drop.
struct UserOnlyDescriptor(PSECURITY_DESCRIPTOR);

impl UserOnlyDescriptor {
    fn new() -> io::Result<Self> {
        let sid = current_user_sid()?;
        let sddl: Vec<u16> = format!("D:P(A;;GA;;;{sid})").encode_utf16().chain(Some(0)).collect();
        let mut descriptor: PSECURITY_DESCRIPTOR = ptr::null_mut();
        // SAFETY: `sddl` is NUL-terminated; on success the API allocates the
        // descriptor with LocalAlloc, which `Drop` frees.
        let ok = unsafe {
            ConvertStringSecurityDescriptorToSecurityDescriptorW(
                sddl.as_ptr(),
                SDDL_REVISION_1,
                &mut descriptor,
                ptr::null_mut(),
            )
        };
        if ok == 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(Self(descriptor))
    }
}

impl Drop for UserOnlyDescriptor {
    fn drop(&mut self) {
        // SAFETY: allocated by ConvertStringSecurityDescriptorToSecurityDescriptorW.
        unsafe { LocalFree(self.0 as HLOCAL) };
    }
}

/// The current user's SID as a string (`S-1-5-21-…`).
fn current_user_sid() -> io::Result<String> {
    // SAFETY: standard token query; every buffer is sized by the API's answer
    // and every handle and allocation is released before returning.
    unsafe {
        let mut token: HANDLE = ptr::null_mut();
        if OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut token) == 0 {
            return Err(io::Error::last_os_error());
        }
        let mut needed = 0u32;
        GetTokenInformation(token, TokenUser, ptr::null_mut(), 0, &mut needed);
        // u64 elements keep the buffer aligned for TOKEN_USER.
        let mut buffer = vec![0u64; (needed as usize).div_ceil(8).max(1)];
        let ok = GetTokenInformation(token, TokenUser, buffer.as_mut_ptr().cast(), needed, &mut needed);
        CloseHandle(token);
        if ok == 0 {
            return Err(io::Error::last_os_error());
        }
        let user = &*(buffer.as_ptr() as *const TOKEN_USER);
        let mut text: *mut u16 = ptr::null_mut();
        if ConvertSidToStringSidW(user.User.Sid, &mut text) == 0 {
            return Err(io::Error::last_os_error());
        }
        let len = (0..).take_while(|&i| *text.add(i) != 0).count();
        let sid = String::from_utf16_lossy(std::slice::from_raw_parts(text, len));
        LocalFree(text as HLOCAL);
        Ok(sid)
    }
}

pub struct Listener {
    /// Held (never released) while the tray lives: the single-instance lock.
    _instance: HANDLE,
    name: Vec<u16>,
    descriptor: UserOnlyDescriptor,
    /// The instance waiting for the next client.
    next: HANDLE,
}

// SAFETY: the descriptor and the pipe handle are plain kernel objects owned
// by this value; they are used from one thread at a time.
unsafe impl Send for Listener {}

impl Listener {
    pub fn bind(id: &str) -> Result<Self, ControlError> {
        let mutex_name: Vec<u16> = format!(r"Local\trayotp-{id}").encode_utf16().chain(Some(0)).collect();
        // SAFETY: a NUL-terminated name; the handle is kept for the process's life.
        let instance = unsafe { CreateMutexW(ptr::null(), 0, mutex_name.as_ptr()) };
        if instance.is_null() {
            return Err(ControlError::Io(io::Error::last_os_error()));
        }
        // SAFETY: trivially safe FFI call, right after CreateMutexW.
        if unsafe { GetLastError() } == ERROR_ALREADY_EXISTS {
            // SAFETY: we own this handle and drop our reference to the mutex.
            unsafe { CloseHandle(instance) };
            return Err(ControlError::AlreadyRunning);
        }
        let descriptor = UserOnlyDescriptor::new()?;
        let name = pipe_name(id);
        let first = create_instance(&name, &descriptor, true).map_err(|e| {
            if e.raw_os_error() == Some(ERROR_ACCESS_DENIED as i32) {
                ControlError::AlreadyRunning
            } else {
                ControlError::Io(e)
            }
        })?;
        Ok(Self {
            _instance: instance,
            name,
            descriptor,
            next: first,
        })
    }

    pub fn accept_loop(mut self, deliver: &(dyn Fn(Incoming) + Send + Sync)) {
        loop {
            let handle = self.next;
            // SAFETY: `handle` is a pipe instance we created and own.
            let connected = unsafe { ConnectNamedPipe(handle, ptr::null_mut()) } != 0
                || unsafe { GetLastError() } == ERROR_PIPE_CONNECTED;
            // Make the next instance before serving, so clients never find none.
            match create_instance(&self.name, &self.descriptor, false) {
                Ok(next) => self.next = next,
                Err(_) => return,
            }
            // SAFETY: we own `handle`; File closes it when dropped.
            let stream = unsafe { File::from_raw_handle(handle as _) };
            if connected {
                super::serve_one(stream, deliver);
            }
        }
    }
}

fn create_instance(name: &[u16], descriptor: &UserOnlyDescriptor, first: bool) -> io::Result<HANDLE> {
    let attributes = SECURITY_ATTRIBUTES {
        nLength: size_of::<SECURITY_ATTRIBUTES>() as u32,
        lpSecurityDescriptor: descriptor.0,
        bInheritHandle: 0,
    };
    let open_mode = PIPE_ACCESS_DUPLEX | if first { FILE_FLAG_FIRST_PIPE_INSTANCE } else { 0 };
    // SAFETY: `name` is NUL-terminated and `attributes` outlives the call.
    let handle = unsafe {
        CreateNamedPipeW(
            name.as_ptr(),
            open_mode,
            PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT | PIPE_REJECT_REMOTE_CLIENTS,
            PIPE_UNLIMITED_INSTANCES,
            4096,
            4096,
            0,
            &attributes,
        )
    };
    if handle == INVALID_HANDLE_VALUE {
        Err(io::Error::last_os_error())
    } else {
        Ok(handle)
    }
}
