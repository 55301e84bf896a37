//! Reading a setup number from a picture of a QR code: a PNG or JPEG file,
//! or an image in the clipboard (a screenshot of the brokerage's page).
//!
//! Pure Rust end to end (`image` with only its PNG and JPEG decoders,
//! `rqrr` for the QR code), so nothing here depends on the OS. A QR code
//! holds either an `otpauth://` link (filled in as it is: `setup_key::parse`
//! reads it when the user registers) or a Google Authenticator
//! `otpauth-migration://` export, of which the first account is turned into
//! an `otpauth://` link through `formats::google`. Nothing returned by
//! `Display` or `Debug` contains the decoded text.

use std::io::Cursor;

use zeroize::Zeroizing;

use crate::domain::merge::name_from_parts;
use crate::domain::setup_key::{self, ParamOverrides};
use crate::formats::{ImportFormat, google::Google, uris};
use crate::protect::ProtectError;
use crate::protect::passphrase::{PassphrasePrompt, PassphrasePurpose};

/// Pictures larger than this (in either direction) are refused before
/// they are decoded: a screenshot is a few thousand pixels wide.
const MAX_SIDE: u32 = 10_000;

/// Pictures of more pixels than this (an 8K screenshot is 33 million) are
/// refused before anything is allocated for them: a 10 000 × 10 000
/// picture would cost about 1 GB to decode (review N8).
pub const MAX_PIXELS: u64 = 40_000_000;

/// Whether a picture of `width` × `height` may be read.
fn size_allowed(width: u64, height: u64) -> bool {
    width > 0
        && height > 0
        && width <= u64::from(MAX_SIDE)
        && height <= u64::from(MAX_SIDE)
        && width * height <= MAX_PIXELS
}

/// Why no setup number came out of a picture.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QrError {
    #[error("not a PNG or JPEG image")]
    NotAnImage,
    #[error("no QR code in the image")]
    NoQrCode,
    #[error("the QR code holds no otpauth:// link")]
    NotASetupCode,
    #[error("the Google Authenticator QR code holds no usable account")]
    Migration,
    #[error("the file cannot be read")]
    Unreadable,
    #[error("the picture is too large (more than 40 million pixels): crop it to the QR code")]
    TooLarge,
}

/// What a QR code gave: the text for the setup-number field, a suggested
/// display name, and how many accounts the code held (Google exports hold
/// several; the first is used).
pub struct QrSetup {
    pub text: Zeroizing<String>,
    pub name: Option<String>,
    pub accounts: usize,
}

impl std::fmt::Debug for QrSetup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QrSetup")
            .field("name", &self.name)
            .field("accounts", &self.accounts)
            .finish_non_exhaustive()
    }
}

/// Reads the setup number from an encoded PNG or JPEG picture.
pub fn from_file_bytes(bytes: &[u8]) -> Result<QrSetup, QrError> {
    let reader = || {
        image::ImageReader::new(Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|_| QrError::NotAnImage)
    };
    // The size from the header, before a pixel is decoded.
    let (width, height) = reader()?.into_dimensions().map_err(|_| QrError::NotAnImage)?;
    if !size_allowed(width.into(), height.into()) {
        return Err(QrError::TooLarge);
    }
    let mut reader = reader()?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_PIXELS * 8);
    reader.limits(limits);
    let picture = reader.decode().map_err(|_| QrError::NotAnImage)?.to_rgba8();
    let (width, height) = picture.dimensions();
    from_rgba(width as usize, height as usize, picture.as_raw())
}

/// Reads the setup number from raw RGBA pixels (what the clipboard holds).
pub fn from_rgba(width: usize, height: usize, rgba: &[u8]) -> Result<QrSetup, QrError> {
    if !size_allowed(width as u64, height as u64) {
        return Err(if width == 0 || height == 0 {
            QrError::NotAnImage
        } else {
            QrError::TooLarge
        });
    }
    if rgba.len() < width * height * 4 {
        return Err(QrError::NotAnImage);
    }
    // Transparent pixels count as white paper (PNG screenshots of QR codes
    // often have a transparent background).
    let grey = |x: usize, y: usize| {
        let p = &rgba[(y * width + x) * 4..][..4];
        let luma = (u32::from(p[0]) * 299 + u32::from(p[1]) * 587 + u32::from(p[2]) * 114) / 1000;
        let alpha = u32::from(p[3]);
        ((luma * alpha + 255 * (255 - alpha)) / 255) as u8
    };
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(width, height, grey);
    let grids = prepared.detect_grids();
    if grids.is_empty() {
        return Err(QrError::NoQrCode);
    }
    // Several codes in one screenshot: the first that holds a setup number.
    let mut last = QrError::NoQrCode;
    for grid in grids {
        let mut content = Zeroizing::new(Vec::new());
        if grid.decode_to(&mut *content).is_err() {
            continue;
        }
        match setup_from_text(&content) {
            Ok(setup) => return Ok(setup),
            Err(error) => last = error,
        }
    }
    Err(last)
}

/// Turns the text of a QR code into a setup number.
fn setup_from_text(content: &[u8]) -> Result<QrSetup, QrError> {
    let text = std::str::from_utf8(content).map_err(|_| QrError::NotASetupCode)?.trim();
    let starts_with = |prefix: &str| text.get(..prefix.len()).is_some_and(|s| s.eq_ignore_ascii_case(prefix));
    if starts_with("otpauth-migration://") {
        return from_migration(text.as_bytes());
    }
    if !starts_with("otpauth://") {
        return Err(QrError::NotASetupCode);
    }
    // The name suggestion comes from the link; a link with errors is still
    // filled in, and the form then says what is wrong with it.
    let name = setup_key::parse(text, ParamOverrides::default())
        .ok()
        .map(|parsed| name_from_parts(parsed.issuer.as_deref(), parsed.label.as_deref()));
    Ok(QrSetup {
        text: Zeroizing::new(text.to_string()),
        name,
        accounts: 1,
    })
}

/// Google exports are never encrypted: a passphrase is never asked.
struct NoPassphrase;

impl PassphrasePrompt for NoPassphrase {
    fn passphrase(&self, _: PassphrasePurpose) -> Result<Zeroizing<String>, ProtectError> {
        Err(ProtectError::EmptyPassphrase)
    }
}

fn from_migration(link: &[u8]) -> Result<QrSetup, QrError> {
    let imported = Google.import(link, &NoPassphrase).map_err(|_| QrError::Migration)?;
    let count = imported.accounts.len();
    let first = imported.accounts.into_iter().next().ok_or(QrError::Migration)?;
    Ok(QrSetup {
        text: uris::link(&first),
        name: Some(first.name.clone()),
        accounts: count,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_is_not_a_setup_link_is_refused() {
        assert_eq!(
            setup_from_text(b"https://example.com/").err(),
            Some(QrError::NotASetupCode)
        );
        assert_eq!(setup_from_text(&[0xff, 0xfe]).err(), Some(QrError::NotASetupCode));
        let setup =
            setup_from_text(b" otpauth://totp/Bank:taro?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ ").expect("a link");
        assert_eq!(setup.name.as_deref(), Some("Bank: taro"));
        assert!(setup.text.starts_with("otpauth://"));
        assert!(!format!("{setup:?}").contains("GEZD"), "Debug hides the key");
    }

    #[test]
    fn garbage_and_blank_pictures_are_told_apart() {
        assert_eq!(from_file_bytes(b"not an image").err(), Some(QrError::NotAnImage));
        let white = vec![255u8; 64 * 64 * 4];
        assert_eq!(from_rgba(64, 64, &white).err(), Some(QrError::NoQrCode));
        assert_eq!(from_rgba(64, 64, &white[..10]).err(), Some(QrError::NotAnImage));
    }

    /// A PNG that is only a header: signature, IHDR for `width` × `height`
    /// (8-bit RGBA), an empty IDAT and an IEND.
    fn png_header(width: u32, height: u32) -> Vec<u8> {
        fn crc32(bytes: &[u8]) -> u32 {
            let mut crc = !0u32;
            for &byte in bytes {
                crc ^= u32::from(byte);
                for _ in 0..8 {
                    crc = if crc & 1 != 0 {
                        (crc >> 1) ^ 0xEDB8_8320
                    } else {
                        crc >> 1
                    };
                }
            }
            !crc
        }
        fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
            out.extend_from_slice(&(data.len() as u32).to_be_bytes());
            let mut body = kind.to_vec();
            body.extend_from_slice(data);
            out.extend_from_slice(&body);
            out.extend_from_slice(&crc32(&body).to_be_bytes());
        }
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&width.to_be_bytes());
        ihdr.extend_from_slice(&height.to_be_bytes());
        ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
        chunk(&mut png, b"IHDR", &ihdr);
        chunk(&mut png, b"IDAT", &[]);
        chunk(&mut png, b"IEND", &[]);
        png
    }

    /// N8: a picture of 10 000 × 10 000 pixels is refused from its header,
    /// before anything is allocated for its pixels.
    #[test]
    fn a_huge_picture_is_refused_before_it_is_decoded() {
        assert_eq!(
            from_file_bytes(&png_header(10_000, 10_000)).err(),
            Some(QrError::TooLarge)
        );
        assert_eq!(
            from_file_bytes(&png_header(10_000, 4_001)).err(),
            Some(QrError::TooLarge)
        );
        assert_eq!(from_file_bytes(&png_header(20_000, 10)).err(), Some(QrError::TooLarge));
        // Within the bound: read (and found to be cut short), not refused for its size.
        assert_eq!(from_file_bytes(&png_header(64, 64)).err(), Some(QrError::NotAnImage));
        assert_eq!(from_rgba(10_000, 10_000, &[]).err(), Some(QrError::TooLarge));
    }
}
