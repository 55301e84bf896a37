//! WinAuth's password-protected export: a zip file (ZipCrypto) holding its
//! text export, one `otpauth://` link a line. WinAuth writes no `period=`
//! (the Key URI Format's 30 s applies) and writes Steam Guard accounts as
//! 5-digit `totp` links with its own `deviceid=` and `data=`: those are
//! named as Steam and skipped. The links are read by [`super::uris`]; its
//! plain export needs nothing else.
//!
//! The zip is read through the `zip` crate; the text inside is read up to
//! [`super::MAX_FILE_BYTES`], whatever its header claims.

use std::io::Read;

use zeroize::Zeroizing;

use super::peer_crypto;
use super::{FormatError, FormatId, ImportFormat, Imported, MAX_FILE_BYTES};
use crate::protect::passphrase::{PassphrasePrompt, PassphrasePurpose};

const FORMAT: FormatId = FormatId::WinAuth;
const ZIP_SIGNATURE: &[u8] = b"PK\x03\x04";

pub struct WinAuth;

impl ImportFormat for WinAuth {
    fn id(&self) -> FormatId {
        FORMAT
    }

    fn detect(&self, bytes: &[u8]) -> bool {
        bytes.starts_with(ZIP_SIGNATURE)
    }

    fn import(&self, bytes: &[u8], passphrase: &dyn PassphrasePrompt) -> Result<Imported, FormatError> {
        let damaged = |detail: &'static str| FormatError::damaged(FORMAT, detail);
        let mut archive =
            zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| damaged("it is not a readable zip file"))?;
        let index = (0..archive.len().min(16))
            .find(|&i| {
                archive.by_index_raw(i).is_ok_and(|file| {
                    !file.is_dir() && file.name().is_ok_and(|n| n.to_ascii_lowercase().ends_with(".txt"))
                })
            })
            .ok_or_else(|| damaged("it holds no .txt export"))?;
        let encrypted = archive.by_index_raw(index).is_ok_and(|file| file.encrypted());
        let mut text = Zeroizing::new(Vec::new());
        if encrypted {
            let password = passphrase.passphrase(PassphrasePurpose::Unlock)?;
            let file = match archive.by_index_decrypt(index, password.as_bytes()) {
                Ok(file) => file,
                Err(zip::result::ZipError::InvalidPassword) => return Err(peer_crypto::wrong_password(FORMAT)),
                Err(_) => return Err(damaged("its export could not be read")),
            };
            // ZipCrypto checks one byte of the password: a wrong one that
            // passes shows as a bad checksum or bad compressed data.
            file.take(MAX_FILE_BYTES)
                .read_to_end(&mut text)
                .map_err(|_| peer_crypto::wrong_password(FORMAT))?;
        } else {
            let file = archive
                .by_index(index)
                .map_err(|_| damaged("its export could not be read"))?;
            file.take(MAX_FILE_BYTES)
                .read_to_end(&mut text)
                .map_err(|_| damaged("its export could not be read"))?;
        }
        let mut imported = super::uris::Uris.import(&text, passphrase)?;
        imported.encrypted = encrypted;
        Ok(imported)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::testing::assert_skipped;

    #[test]
    fn steam_links_in_disguise_are_named_and_skipped() {
        let text = "otpauth://totp/Steam:gamer?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=5&deviceid=android%3Ax&data=%7B%7D&issuer=Steam\r\n\
                    otpauth://totp/Bank:taro?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Bank&icon=WinAuth\r\n";
        let imported = super::super::uris::Uris
            .import(
                text.as_bytes(),
                &crate::protect::passphrase::FixedPassphrase(Zeroizing::new(String::new())),
            )
            .expect("imports");
        let got: Vec<_> = imported.accounts.iter().map(|a| (a.name.as_str(), a.period)).collect();
        assert_eq!(got, [("Bank: taro", 30)]);
        assert_skipped(&imported, &["skipped 'Steam: gamer (line 1)': Steam"]);
    }
}
