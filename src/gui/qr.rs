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
    let mut reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| QrError::NotAnImage)?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    reader.limits(limits);
    let picture = reader.decode().map_err(|_| QrError::NotAnImage)?.to_rgba8();
    let (width, height) = picture.dimensions();
    from_rgba(width as usize, height as usize, picture.as_raw())
}

/// Reads the setup number from raw RGBA pixels (what the clipboard holds).
pub fn from_rgba(width: usize, height: usize, rgba: &[u8]) -> Result<QrSetup, QrError> {
    if width == 0 || height == 0 || rgba.len() < width * height * 4 {
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
}
