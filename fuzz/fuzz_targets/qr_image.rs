//! A picture of a QR code (the Add form's file and clipboard paths): any
//! bytes as a PNG or JPEG file, and any bytes as raw RGBA pixels of a size
//! taken from the input. A picture too large is refused from its header,
//! before its pixels are allocated (libFuzzer's -malloc_limit_mb catches a
//! miss); every error is one line.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trayotp::formats::qr;

fuzz_target!(|data: &[u8]| {
    match qr::from_file_bytes(data) {
        Ok(setup) => assert!(setup.accounts >= 1),
        Err(error) => assert!(!error.to_string().contains('\n')),
    }
    if let [w1, w2, h1, h2, pixels @ ..] = data {
        let width = usize::from(u16::from_le_bytes([*w1, *w2]));
        let height = usize::from(u16::from_le_bytes([*h1, *h2]));
        let _ = qr::from_rgba(width, height, pixels);
    }
});
