//! Linux: the variable's original bytes, which `/proc/<pid>/environ` shows, zeroed.

/// Removes `name` from the environment. On Linux the variable's original
/// bytes, which `/proc/<pid>/environ` keeps showing after `unsetenv`, are
/// overwritten with zeros too.
///
/// # Safety
///
/// No other thread may exist.
pub unsafe fn wipe_original(name: &'static str) {
    unsafe extern "C" {
        fn getenv(name: *const std::ffi::c_char) -> *mut std::ffi::c_char;
    }
    let Ok(c_name) = std::ffi::CString::new(name) else {
        return;
    };
    // SAFETY: a NUL-terminated name; libc returns a pointer into the
    // environment (the process's original block, or a string setenv made,
    // which glibc never frees), valid until changed.
    // Every entry "NAME=…": an environment may hold the name more than
    // once, and `unsetenv` removes them all, the first one only being what
    // `getenv` shows.
    let mut values = Vec::new();
    loop {
        // SAFETY: a NUL-terminated name; libc returns a pointer into the
        // environment, valid until it is changed.
        let value = unsafe { getenv(c_name.as_ptr()) };
        if value.is_null() || values.len() >= 64 {
            break;
        }
        values.push(value);
        // Hide this entry from the next `getenv` by breaking its name's
        // first byte (its bytes are zeroed below in any case).
        // SAFETY: `value` points right after "NAME=" in a writable entry.
        unsafe { *value.sub(name.len() + 1) = b'\0' as std::ffi::c_char };
    }
    // SAFETY: no other thread exists (the caller's promise).
    unsafe { std::env::remove_var(name) };
    for value in values {
        // SAFETY: `value` points at "VALUE\0" right after "NAME=" in an
        // entry of writable memory that nothing reads any more.
        unsafe {
            let length = std::ffi::CStr::from_ptr(value).to_bytes().len();
            let entry = value.sub(name.len() + 1);
            std::ptr::write_bytes(entry, 0, name.len() + 1 + length);
        }
    }
}
