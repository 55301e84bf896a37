//! Windows: `CryptProtectData`/`CryptUnprotectData` for the current user, no UI.

use std::ptr;

use windows_sys::Win32::Foundation::{GetLastError, HLOCAL, LocalFree};
use windows_sys::Win32::Security::Cryptography::{
    CRYPT_INTEGER_BLOB, CRYPTPROTECT_UI_FORBIDDEN, CryptProtectData, CryptUnprotectData,
};
use zeroize::Zeroizing;

use crate::protect::ProtectError;

fn blob(bytes: &[u8]) -> CRYPT_INTEGER_BLOB {
    CRYPT_INTEGER_BLOB {
        cbData: bytes.len() as u32,
        pbData: bytes.as_ptr() as *mut u8,
    }
}

/// Copies a DPAPI output blob and frees it (wiping it first).
///
/// # Safety
/// `out` must have been filled by a successful DPAPI call.
unsafe fn take(out: CRYPT_INTEGER_BLOB) -> Zeroizing<Vec<u8>> {
    // SAFETY: DPAPI returned `cbData` readable bytes at `pbData`, allocated
    // with LocalAlloc; we copy, wipe and free them exactly once.
    unsafe {
        let slice = std::slice::from_raw_parts_mut(out.pbData, out.cbData as usize);
        let copy = Zeroizing::new(slice.to_vec());
        zeroize::Zeroize::zeroize(slice);
        LocalFree(out.pbData as HLOCAL);
        copy
    }
}

/// Wraps `secret` for the current user.
pub fn protect(secret: &[u8], entropy: &[u8]) -> Result<Vec<u8>, ProtectError> {
    let input = blob(secret);
    let entropy = blob(entropy);
    let description: Vec<u16> = "trayotp vault key\0".encode_utf16().collect();
    let mut out = CRYPT_INTEGER_BLOB {
        cbData: 0,
        pbData: ptr::null_mut(),
    };
    // SAFETY: all pointers are valid for the duration of the call; `out`
    // is written by the API and released in `take`.
    let ok = unsafe {
        CryptProtectData(
            &input,
            description.as_ptr(),
            &entropy,
            ptr::null(),
            ptr::null(),
            CRYPTPROTECT_UI_FORBIDDEN,
            &mut out,
        )
    };
    if ok == 0 {
        // SAFETY: trivially safe FFI call.
        return Err(ProtectError::DpapiFailed(unsafe { GetLastError() }));
    }
    // SAFETY: the call succeeded.
    Ok(unsafe { take(out) }.to_vec())
}

/// Unwraps a blob made by [`protect`] with the same entropy.
pub fn unprotect(wrapped: &[u8], entropy: &[u8]) -> Result<Zeroizing<Vec<u8>>, ProtectError> {
    let input = blob(wrapped);
    let entropy = blob(entropy);
    let mut out = CRYPT_INTEGER_BLOB {
        cbData: 0,
        pbData: ptr::null_mut(),
    };
    // SAFETY: as in `protect`.
    let ok = unsafe {
        CryptUnprotectData(
            &input,
            ptr::null_mut(),
            &entropy,
            ptr::null(),
            ptr::null(),
            CRYPTPROTECT_UI_FORBIDDEN,
            &mut out,
        )
    };
    if ok == 0 {
        return Err(ProtectError::DpapiWrongUser);
    }
    // SAFETY: the call succeeded.
    Ok(unsafe { take(out) })
}

#[cfg(test)]
mod tests {
    use super::super::*;
    use super::*;

    #[test]
    fn round_trip_for_the_current_user() {
        let wrapped = protect(b"sixteen byte key", APP_ENTROPY).expect("protect");
        assert_ne!(wrapped.as_slice(), b"sixteen byte key");
        assert!(
            !wrapped.windows(16).any(|w| w == b"sixteen byte key"),
            "the blob must not contain the secret"
        );
        let back = unprotect(&wrapped, APP_ENTROPY).expect("unprotect");
        assert_eq!(back.as_slice(), b"sixteen byte key");
    }

    #[test]
    fn wrong_entropy_fails() {
        let wrapped = protect(b"sixteen byte key", APP_ENTROPY).expect("protect");
        assert!(matches!(
            unprotect(&wrapped, b"another program"),
            Err(ProtectError::DpapiWrongUser)
        ));
    }

    #[test]
    fn damaged_blob_fails() {
        let mut wrapped = protect(b"sixteen byte key", APP_ENTROPY).expect("protect");
        let last = wrapped.len() - 1;
        wrapped[last] ^= 0x55;
        assert!(unprotect(&wrapped, APP_ENTROPY).is_err());
    }

    #[test]
    fn protector_round_trips_a_data_key() {
        let protector = DpapiProtector::new().expect("on windows");
        let (key, params) = protector.new_key().expect("new key");
        assert_eq!(*protector.unlock_key(&params).expect("unlock"), *key);
    }
}
