//! Google Authenticator's "Transfer accounts" export: one or more QR codes,
//! each an `otpauth-migration://offline?data=…` link whose data is a Base64
//! protobuf `MigrationPayload`:
//!
//! ```text
//! MigrationPayload { repeated OtpParameters otp_parameters = 1; int32 version = 2;
//!                    int32 batch_size = 3; int32 batch_index = 4; int32 batch_id = 5; }
//! OtpParameters    { bytes secret = 1; string name = 2; string issuer = 3;
//!                    Algorithm algorithm = 4;  // 1 SHA1, 2 SHA256, 3 SHA512, 4 MD5
//!                    DigitCount digits = 5;    // 1 six, 2 eight
//!                    OtpType type = 6;         // 1 HOTP, 2 TOTP
//!                    int64 counter = 7; }
//! ```
//!
//! trayotp reads a text file with one such link per line (what a QR code
//! reader gives). Google Authenticator only makes 30-second codes, so that
//! is the period of every account read here. Writing this format is not
//! supported (it cannot carry the 60-second period brokerages use).

use std::collections::BTreeSet;

use base64ct::{Base64Unpadded, Encoding};
use percent_encoding::percent_decode_str;
use zeroize::Zeroizing;

use super::protobuf::{Reader, Value, WireError};
use super::{Entry, EntryKind, FormatError, FormatId, ImportFormat, Imported, for_each_link, head};
use crate::domain::SecretKey;
use crate::protect::passphrase::PassphrasePrompt;

const SCHEME: &str = "otpauth-migration://";
/// Google Authenticator's fixed period.
const PERIOD: i64 = 30;

pub struct Google;

impl ImportFormat for Google {
    fn id(&self) -> FormatId {
        FormatId::Google
    }

    fn detect(&self, bytes: &[u8]) -> bool {
        head(bytes, SCHEME.len()).eq_ignore_ascii_case(SCHEME.as_bytes())
    }

    fn import(&self, bytes: &[u8], _: &dyn PassphrasePrompt) -> Result<Imported, FormatError> {
        let not_this = || FormatError::NotThisFormat {
            expected: "a Google Authenticator export (otpauth-migration:// links)",
        };
        let mut imported = Imported::default();
        let mut parts = BTreeSet::new();
        let mut batch_size = 1;
        let links = for_each_link(bytes, SCHEME, &mut imported, |imported, line_name, line| {
            let payload = decode_link(line)
                .map_err(|detail| FormatError::damaged(FormatId::Google, format!("{line_name}: {detail}")))?;
            let batch = read_payload(&payload, imported).map_err(|e| {
                FormatError::damaged(FormatId::Google, format!("{line_name}: its data is not readable ({e})"))
            })?;
            batch_size = batch_size.max(batch.size);
            parts.insert((batch.id, batch.index));
            Ok(())
        })?;
        if links == 0 {
            return Err(not_this());
        }
        if (parts.len() as u64) < batch_size {
            imported.warnings.push(format!(
                "this Google Authenticator export has {batch_size} parts (QR codes) and the file holds {}: import the others too",
                parts.len()
            ));
        }
        Ok(imported)
    }
}

/// The payload of one link: the `data` parameter, percent-decoded, then
/// Base64 (standard or URL-safe, padded or not; a '+' turned into a space
/// by a form decoder is put back).
fn decode_link(link: &str) -> Result<Zeroizing<Vec<u8>>, &'static str> {
    let query = link.split_once('?').map(|(_, query)| query).unwrap_or_default();
    let data = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("data="))
        .ok_or("the link has no data= parameter")?;
    let decoded = Zeroizing::new(percent_decode_str(data).collect::<Vec<u8>>());
    let base64: Zeroizing<String> = Zeroizing::new(
        decoded
            .iter()
            .filter(|&&b| b != b'=' && b != b'\n' && b != b'\r')
            .map(|&b| match b {
                b'-' | b' ' => '+',
                b'_' => '/',
                other => other as char,
            })
            .collect(),
    );
    Base64Unpadded::decode_vec(&base64)
        .map(Zeroizing::new)
        .map_err(|_| "its data is not valid Base64 (is the link complete?)")
}

/// Which part of a multi-part export a payload is.
struct Batch {
    size: u64,
    index: u64,
    id: u64,
}

fn read_payload(payload: &[u8], imported: &mut Imported) -> Result<Batch, WireError> {
    let mut batch = Batch {
        size: 1,
        index: 0,
        id: 0,
    };
    let mut reader = Reader::new(payload);
    while let Some(field) = reader.next_field()? {
        match field {
            (1, Value::Bytes(parameters)) => read_parameters(parameters, imported)?,
            (3, Value::Varint(size)) => batch.size = size,
            (4, Value::Varint(index)) => batch.index = index,
            (5, Value::Varint(id)) => batch.id = id,
            _ => {} // version and fields added later carry nothing we need
        }
    }
    Ok(batch)
}

fn read_parameters(message: &[u8], imported: &mut Imported) -> Result<(), WireError> {
    let mut secret: &[u8] = &[];
    let (mut name, mut issuer) = (String::new(), String::new());
    let (mut algorithm, mut digits, mut kind) = (0, 0, 0);
    let mut reader = Reader::new(message);
    while let Some(field) = reader.next_field()? {
        match field {
            (1, Value::Bytes(bytes)) => secret = bytes,
            (2, Value::Bytes(bytes)) => name = String::from_utf8_lossy(bytes).into_owned(),
            (3, Value::Bytes(bytes)) => issuer = String::from_utf8_lossy(bytes).into_owned(),
            (4, Value::Varint(value)) => algorithm = value,
            (5, Value::Varint(value)) => digits = value,
            (6, Value::Varint(value)) => kind = value,
            _ => {}
        }
    }
    let secret = SecretKey::new(secret.to_vec()).to_base32();
    let algorithm = match algorithm {
        0 | 1 => "SHA1".to_string(),
        2 => "SHA256".to_string(),
        3 => "SHA512".to_string(),
        4 => "MD5".to_string(),
        other => format!("algorithm {other}"),
    };
    imported.add_entry(Entry {
        kind: match kind {
            0 | 2 => EntryKind::Totp,
            1 => EntryKind::Hotp,
            other => EntryKind::Other(format!("type {other}")),
        },
        issuer: Some(&issuer),
        account: Some(&name),
        secret: Some(&secret),
        algorithm: Some(&algorithm),
        digits: Some(match digits {
            0 | 1 => 6,
            2 => 8,
            other => i64::try_from(other).unwrap_or(i64::MAX),
        }),
        period: Some(PERIOD),
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::testing::{assert_accounts, assert_skipped};
    use crate::protect::passphrase::FixedPassphrase;

    const FIXTURE: &[u8] = include_bytes!("../../tests/fixtures/google-migration.txt");

    fn no_passphrase() -> FixedPassphrase {
        FixedPassphrase(Zeroizing::new(String::new()))
    }

    fn import(bytes: &[u8]) -> Result<Imported, FormatError> {
        Google.import(bytes, &no_passphrase())
    }

    #[test]
    fn reads_the_fixture_built_from_the_published_schema() {
        assert!(Google.detect(FIXTURE));
        let imported = import(FIXTURE).expect("imports");
        assert_accounts(
            &imported,
            &[
                ("Example: taro@example.com", "SHA1", 6, 30),
                ("楽天証券: yamada", "SHA512", 8, 30),
            ],
        );
        assert_eq!(imported.accounts[0].issuer.as_deref(), Some("Example"));
        assert_eq!(imported.accounts[1].key.bit_len(), 512);
        assert_skipped(
            &imported,
            &["skipped 'Counter': HOTP", "unknown algorithm 'MD5'", "only 40 bits"],
        );
        assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
        assert!(!imported.encrypted);
    }

    #[test]
    fn tolerates_url_safe_unpadded_and_form_decoded_base64() {
        let text = std::str::from_utf8(FIXTURE).expect("utf-8");
        let data = text.trim().split("data=").nth(1).expect("data");
        let plain = percent_decode_str(data).decode_utf8().expect("utf-8").into_owned();
        for variant in [
            plain.trim_end_matches('=').to_string(),
            plain.replace('+', "-").replace('/', "_"),
            plain.replace('+', " "),
        ] {
            let link = format!("OTPAUTH-MIGRATION://offline?data={variant}");
            assert_eq!(import(link.as_bytes()).expect("imports").accounts.len(), 2, "{variant}");
        }
    }

    #[test]
    fn damaged_links_are_refused_with_the_line() {
        let text = std::str::from_utf8(FIXTURE).expect("utf-8").trim();
        let truncated = format!("\n{}\n", &text[..text.len() - 40]);
        let message = import(truncated.as_bytes()).expect_err("truncated").to_string();
        assert!(
            message.contains("damaged (line 2: its data is not readable"),
            "{message}"
        );
        let message = import(b"otpauth-migration://offline?data=***")
            .expect_err("bad")
            .to_string();
        assert!(message.contains("not valid Base64"), "{message}");
        let message = import(b"otpauth-migration://offline").expect_err("no data").to_string();
        assert!(message.contains("no data= parameter"), "{message}");
        assert!(import(b"hello").is_err());
        assert!(!Google.detect(b"otpauth://totp/x?secret=A"));
    }

    #[test]
    fn a_missing_part_is_a_warning() {
        // One entry, batch_size 2, batch_index 0.
        let otp = b"\x0a\x0a1234567890\x12\x01a\x20\x01\x28\x01\x30\x02";
        let mut payload = vec![0x0a, otp.len() as u8];
        payload.extend_from_slice(otp);
        payload.extend_from_slice(b"\x18\x02\x20\x00\x28\x07");
        let link = format!(
            "otpauth-migration://offline?data={}",
            base64ct::Base64::encode_string(&payload)
        );
        let imported = import(link.as_bytes()).expect("imports");
        assert_eq!(imported.accounts.len(), 1);
        assert!(
            imported
                .warnings
                .iter()
                .any(|w| w.contains("has 2 parts (QR codes) and the file holds 1")),
            "{:?}",
            imported.warnings
        );
    }
}
