//! The control channel on Windows: a named pipe
//! `\\.\pipe\trayotp-<id>-s<session>`.
//!
//! - Its DACL grants access to the current user's SID only, and its owner
//!   is that SID (SDDL `O:<sid>D:P(A;;GA;;;<sid>)`), so other users on the
//!   PC cannot ask for codes.
//! - `PIPE_REJECT_REMOTE_CLIENTS`: nothing from the network.
//! - One tray per vault and logon session: a named mutex
//!   `Local\trayotp-<id>-s<session>` held for the tray's life (Wine ignores
//!   `FILE_FLAG_FIRST_PIPE_INSTANCE`, which is set too, so the mutex is what
//!   the tests can rely on). The session id in both names gives the same
//!   user signed in twice (console and remote desktop) a tray per session.
//! - The pipe namespace is machine-wide, so another user can create our
//!   name first. A client therefore opens the pipe at the *anonymous*
//!   impersonation level (a server can never act as us), and before it
//!   sends a byte checks that the pipe's owner and the server process's
//!   user are both this user. A name taken by someone else is reported as
//!   [`ControlError::TakenByAnotherUser`], never as "already running".
//! - Each connection is served on its own thread, and a client that sends
//!   no request within the timeout is cut off (`CancelIoEx`): named pipes
//!   have no read timeout of their own.

use std::fs::{File, OpenOptions};
use std::io;
use std::os::windows::fs::OpenOptionsExt;
use std::os::windows::io::{AsRawHandle, FromRawHandle};
use std::ptr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use windows_sys::Win32::Foundation::{
    CloseHandle, ERROR_ACCESS_DENIED, ERROR_ALREADY_EXISTS, ERROR_FILE_NOT_FOUND, ERROR_PIPE_BUSY,
    ERROR_PIPE_CONNECTED, GetLastError, HANDLE, HLOCAL, INVALID_HANDLE_VALUE, LocalFree,
};
use windows_sys::Win32::Security::Authorization::{GetSecurityInfo, SE_KERNEL_OBJECT};
use windows_sys::Win32::Security::{OWNER_SECURITY_INFORMATION, PSECURITY_DESCRIPTOR, PSID, SECURITY_ATTRIBUTES};
use windows_sys::Win32::Storage::FileSystem::{FILE_FLAG_FIRST_PIPE_INSTANCE, PIPE_ACCESS_DUPLEX};
use windows_sys::Win32::System::IO::CancelIoEx;
use windows_sys::Win32::System::Pipes::{
    ConnectNamedPipe, CreateNamedPipeW, GetNamedPipeServerProcessId, PIPE_READMODE_BYTE, PIPE_REJECT_REMOTE_CLIENTS,
    PIPE_TYPE_BYTE, PIPE_UNLIMITED_INSTANCES, PIPE_WAIT,
};
use windows_sys::Win32::System::RemoteDesktop::ProcessIdToSessionId;
use windows_sys::Win32::System::Threading::{
    CreateMutexW, GetCurrentProcessId, OpenProcess, PROCESS_QUERY_LIMITED_INFORMATION,
};

use super::{ControlError, Deliver};
use crate::vault::owner_only::{UserOnlyDescriptor, UserSid, wide};

/// `SECURITY_ANONYMOUS` (`SecurityAnonymous << 16`): the server may not
/// even identify us, let alone impersonate us. std adds
/// `SECURITY_SQOS_PRESENT`, without which Windows would allow full
/// impersonation.
const SECURITY_ANONYMOUS: u32 = 0;

/// This process's logon session (0 if Windows cannot say).
fn session_id() -> u32 {
    let mut session = 0u32;
    // SAFETY: writes one u32 we own.
    unsafe { ProcessIdToSessionId(GetCurrentProcessId(), &mut session) };
    session
}

/// The pipe's path for endpoint `id` in this logon session.
pub fn pipe_path(id: &str) -> String {
    format!(r"\\.\pipe\trayotp-{id}-s{}", session_id())
}

/// The pipe a tray for `vault` serves in this logon session, for tests and
/// diagnostics (`control::pipe_path`).
pub fn pipe_path_of_vault(vault: &std::path::Path) -> String {
    pipe_path(&super::endpoint_id(vault))
}

pub fn connect(id: &str) -> Result<File, ControlError> {
    let name = pipe_path(id);
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        match OpenOptions::new()
            .read(true)
            .write(true)
            .security_qos_flags(SECURITY_ANONYMOUS)
            .open(&name)
        {
            Ok(file) => {
                // Nothing is sent before we know who listens.
                return match served_by_this_user(file.as_raw_handle() as HANDLE) {
                    Ok(true) => Ok(file),
                    Ok(false) => Err(ControlError::TakenByAnotherUser),
                    Err(e) => Err(e.into()),
                };
            }
            Err(e) if e.raw_os_error() == Some(ERROR_FILE_NOT_FOUND as i32) => return Err(ControlError::NotRunning),
            // A pipe whose DACL shuts us out is not ours.
            Err(e) if e.raw_os_error() == Some(ERROR_ACCESS_DENIED as i32) => {
                return Err(ControlError::TakenByAnotherUser);
            }
            // Every instance is busy serving someone: wait a moment.
            Err(e) if e.raw_os_error() == Some(ERROR_PIPE_BUSY as i32) && Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// Whether the pipe behind `pipe` (a client handle) belongs to this user:
/// the pipe object's owner, and the user of the process serving it.
fn served_by_this_user(pipe: HANDLE) -> io::Result<bool> {
    let us = UserSid::current()?;
    // SAFETY: GetSecurityInfo allocates the descriptor (freed below); the
    // owner pointer points into it and is used before the free.
    let owner_is_us = unsafe {
        let mut owner: PSID = ptr::null_mut();
        let mut descriptor: PSECURITY_DESCRIPTOR = ptr::null_mut();
        let status = GetSecurityInfo(
            pipe,
            SE_KERNEL_OBJECT,
            OWNER_SECURITY_INFORMATION,
            &mut owner,
            ptr::null_mut(),
            ptr::null_mut(),
            ptr::null_mut(),
            &mut descriptor,
        );
        if status != 0 {
            return Err(io::Error::from_raw_os_error(status as i32));
        }
        let same = us.equals(owner);
        LocalFree(descriptor as HLOCAL);
        same
    };
    if !owner_is_us {
        return Ok(false);
    }
    let mut pid = 0u32;
    // SAFETY: writes one u32 we own.
    if unsafe { GetNamedPipeServerProcessId(pipe, &mut pid) } == 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: the handle is closed before returning.
    unsafe {
        let process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid);
        if process.is_null() {
            // Another user's process is not ours to query.
            return Ok(false);
        }
        let theirs = UserSid::of_process(process);
        CloseHandle(process);
        Ok(theirs.is_ok_and(|theirs| us.equals(theirs.sid())))
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
        let path = pipe_path(id);
        let mutex_name = wide(&format!(r"Local\trayotp-{id}-s{}", session_id()));
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
        let refuse = |error: ControlError| {
            // SAFETY: we own this handle; the lock is not ours to keep.
            unsafe { CloseHandle(instance) };
            error
        };
        // We hold this session's lock, so no tray of ours has the name: a
        // pipe already there is someone else's (Wine would let us create a
        // second instance beside it instead of failing).
        match connect(id) {
            Err(ControlError::NotRunning) => {}
            Ok(_) => return Err(refuse(ControlError::AlreadyRunning)),
            Err(ControlError::TakenByAnotherUser) => return Err(refuse(ControlError::TakenByAnotherUser)),
            Err(_) => return Err(refuse(ControlError::TakenByAnotherUser)),
        }
        let descriptor = UserOnlyDescriptor::new().map_err(|e| refuse(e.into()))?;
        let name = wide(&path);
        let first = create_instance(&name, &descriptor, true).map_err(|e| {
            refuse(if e.raw_os_error() == Some(ERROR_ACCESS_DENIED as i32) {
                ControlError::TakenByAnotherUser
            } else {
                ControlError::Io(e)
            })
        })?;
        Ok(Self {
            _instance: instance,
            name,
            descriptor,
            next: first,
        })
    }

    pub fn accept_loop(mut self, deliver: Deliver) {
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
                serve_with_timeout(stream, deliver.clone());
            }
        }
    }
}

/// Serves one client on its own thread; cuts it off if its request has not
/// arrived within [`super::REQUEST_TIMEOUT`].
fn serve_with_timeout(stream: File, deliver: Deliver) {
    let raw = stream.as_raw_handle() as usize;
    // `true` once the request is read: from then on the handle may close,
    // and the watchdog must not touch it.
    let read = Arc::new(Mutex::new(false));
    let (done, finished) = std::sync::mpsc::channel::<()>();
    let read_by_server = read.clone();
    let on_read = move || {
        if let Ok(mut read) = read_by_server.lock() {
            *read = true;
        }
        let _ = done.send(());
    };
    let served = super::spawn_connection(move || super::serve_one(stream, &*deliver, on_read));
    if served.is_err() {
        return;
    }
    let _ = std::thread::Builder::new()
        .name("trayotp-control-watchdog".into())
        .spawn(move || {
            if finished.recv_timeout(super::REQUEST_TIMEOUT).is_err()
                && let Ok(read) = read.lock()
                && !*read
            {
                // SAFETY: the request is not read yet, so the serving thread
                // still owns the open handle (it sets `read` before it can
                // close it, under this lock).
                unsafe { CancelIoEx(raw as HANDLE, ptr::null()) };
            }
        });
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
