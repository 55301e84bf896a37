//! Elsewhere than Linux: the variable removed (on Windows this rewrites the
//! process's environment block itself).

/// Removes `name` from the environment.
///
/// # Safety
///
/// No other thread may exist.
pub unsafe fn wipe_original(name: &'static str) {
    // SAFETY: no other thread exists (the caller's promise). On Windows
    // this rewrites the process's environment block itself.
    unsafe { std::env::remove_var(name) };
}
