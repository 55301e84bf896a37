//! Elsewhere than Windows: no DPAPI; a DPAPI vault is refused with a clear reason.

use crate::protect::ProtectError;

pub fn protect(_: &[u8], _: &[u8]) -> Result<Vec<u8>, ProtectError> {
    Err(ProtectError::DpapiNotHere)
}

pub fn unprotect(_: &[u8], _: &[u8]) -> Result<zeroize::Zeroizing<Vec<u8>>, ProtectError> {
    Err(ProtectError::DpapiNotHere)
}

#[cfg(test)]
mod tests {
    use super::super::*;

    #[test]
    fn dpapi_is_refused_off_windows_with_a_clear_reason() {
        let err = DpapiProtector::new().err().expect("not on windows");
        assert!(err.to_string().contains("only be opened on Windows"), "{err}");
    }
}
