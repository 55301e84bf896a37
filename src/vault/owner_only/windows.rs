//! Windows: what only the current user can open. The user's SID, a
//! security descriptor that admits that SID alone (also the control
//! channel's pipe's), and lock files created with it.

use std::fs::File;
use std::io;
use std::os::windows::io::FromRawHandle;
use std::ptr;

use windows_sys::Win32::Foundation::{CloseHandle, HANDLE, HLOCAL, INVALID_HANDLE_VALUE, LocalFree};
use windows_sys::Win32::Security::Authorization::{
    ConvertSidToStringSidW, ConvertStringSecurityDescriptorToSecurityDescriptorW, SDDL_REVISION_1,
};
use windows_sys::Win32::Security::{
    EqualSid, GetTokenInformation, PSECURITY_DESCRIPTOR, PSID, SECURITY_ATTRIBUTES, TOKEN_QUERY, TOKEN_USER, TokenUser,
};
use windows_sys::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};

/// `text` as a NUL-terminated UTF-16 string for the W APIs.
pub fn wide(text: &str) -> Vec<u16> {
    text.encode_utf16().chain(Some(0)).collect()
}

/// A SID in a buffer that keeps it alive (a `TOKEN_USER` as the token gave it).
pub(crate) struct UserSid {
    /// u64 elements keep the buffer aligned for TOKEN_USER.
    buffer: Vec<u64>,
}

impl UserSid {
    pub(crate) fn of_process(process: HANDLE) -> io::Result<Self> {
        // SAFETY: standard token query; every buffer is sized by the API's
        // answer and the token handle is closed before returning.
        unsafe {
            let mut token: HANDLE = ptr::null_mut();
            if OpenProcessToken(process, TOKEN_QUERY, &mut token) == 0 {
                return Err(io::Error::last_os_error());
            }
            let mut needed = 0u32;
            GetTokenInformation(token, TokenUser, ptr::null_mut(), 0, &mut needed);
            let mut buffer = vec![0u64; (needed as usize).div_ceil(8).max(1)];
            let ok = GetTokenInformation(token, TokenUser, buffer.as_mut_ptr().cast(), needed, &mut needed);
            CloseHandle(token);
            if ok == 0 {
                return Err(io::Error::last_os_error());
            }
            Ok(Self { buffer })
        }
    }

    pub(crate) fn current() -> io::Result<Self> {
        // SAFETY: the pseudo-handle of this process needs no closing.
        Self::of_process(unsafe { GetCurrentProcess() })
    }

    pub(crate) fn sid(&self) -> PSID {
        // SAFETY: the buffer holds a TOKEN_USER filled by GetTokenInformation.
        unsafe { (*(self.buffer.as_ptr() as *const TOKEN_USER)).User.Sid }
    }

    pub(crate) fn equals(&self, other: PSID) -> bool {
        // SAFETY: both are valid SIDs for the duration of the call.
        !other.is_null() && unsafe { EqualSid(self.sid(), other) } != 0
    }

    /// The SID as a string (`S-1-5-21-…`).
    pub(crate) fn to_text(&self) -> io::Result<String> {
        // SAFETY: the SID is valid; the string is freed with LocalFree.
        unsafe {
            let mut text: *mut u16 = ptr::null_mut();
            if ConvertSidToStringSidW(self.sid(), &mut text) == 0 {
                return Err(io::Error::last_os_error());
            }
            let len = (0..).take_while(|&i| *text.add(i) != 0).count();
            let sid = String::from_utf16_lossy(std::slice::from_raw_parts(text, len));
            LocalFree(text as HLOCAL);
            Ok(sid)
        }
    }
}

/// A security descriptor that admits only the current user, freed on drop.
pub struct UserOnlyDescriptor(pub PSECURITY_DESCRIPTOR);

impl UserOnlyDescriptor {
    pub fn new() -> io::Result<Self> {
        let sid = UserSid::current()?.to_text()?;
        // Owner stated, not left to the token's default: clients check it.
        let sddl = wide(&format!("O:{sid}D:P(A;;GA;;;{sid})"));
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

/// Opens (or creates) a lock file: created with a user-only ACL (the
/// owner alone, as 0600 on Unix), and never through a link: a symbolic
/// link or junction (any reparse point) is opened as itself and refused.
pub fn open_lock(path: &std::path::Path) -> io::Result<File> {
    use std::os::windows::ffi::OsStrExt;
    use std::os::windows::fs::MetadataExt;
    use windows_sys::Win32::Foundation::{GENERIC_READ, GENERIC_WRITE};
    use windows_sys::Win32::Storage::FileSystem::{
        CreateFileW, FILE_ATTRIBUTE_NORMAL, FILE_ATTRIBUTE_REPARSE_POINT, FILE_FLAG_OPEN_REPARSE_POINT,
        FILE_SHARE_DELETE, FILE_SHARE_READ, FILE_SHARE_WRITE, OPEN_ALWAYS,
    };
    let descriptor = UserOnlyDescriptor::new()?;
    let attributes = SECURITY_ATTRIBUTES {
        nLength: std::mem::size_of::<SECURITY_ATTRIBUTES>() as u32,
        lpSecurityDescriptor: descriptor.0,
        bInheritHandle: 0,
    };
    let name: Vec<u16> = path.as_os_str().encode_wide().chain(Some(0)).collect();
    // SAFETY: a NUL-terminated name and a valid descriptor that outlives the
    // call; the handle returned is owned by the `File` made from it.
    let handle = unsafe {
        CreateFileW(
            name.as_ptr(),
            GENERIC_READ | GENERIC_WRITE,
            FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
            &attributes,
            OPEN_ALWAYS,
            FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT,
            ptr::null_mut(),
        )
    };
    if handle == INVALID_HANDLE_VALUE {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: a valid handle we own.
    let file = unsafe { File::from_raw_handle(handle as _) };
    if file.metadata()?.file_attributes() & FILE_ATTRIBUTE_REPARSE_POINT != 0 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is a link: remove it, then try again", path.display()),
        ));
    }
    Ok(file)
}
