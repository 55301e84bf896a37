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
//! is the period of every account read here.
//!
//! trayotp writes the same: one link per line, a new link (a "batch", one
//! QR code) every [`ACCOUNTS_PER_LINK`] accounts or [`MAX_PAYLOAD_BYTES`],
//! all with one random batch id, version 1. The format has no period, and
//! no 7-digit codes: such accounts are reported by [`ExportFormat::lossy`]
//! (the 60-second accounts brokerages use would get wrong codes in Google
//! Authenticator), and the command refuses them unless forced.

use std::collections::BTreeSet;

use std::ops::Range;

use base64ct::{Base64, Base64Unpadded, Encoding};
use percent_encoding::{NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use zeroize::Zeroizing;

use super::protobuf::{Reader, Value, WireError, bytes_field_len, put_bytes, put_varint, varint_field_len};
use super::{
    Entry, EntryKind, ExportFormat, FormatError, FormatId, ImportFormat, Imported, Lossy, for_each_link,
    starts_with_scheme,
};
use crate::domain::{Account, AccountList, Algorithm, OtpParams, SecretKey};
use crate::protect::passphrase::PassphrasePrompt;

const SCHEME: &str = "otpauth-migration://";
/// What Google Authenticator makes of an entry: always 30-second codes (the
/// format has no period), and 6 digits and SHA-1 when `digits` or
/// `algorithm` is left unspecified (0), as its own exports of ordinary
/// accounts do.
const DEFAULTS: OtpParams = OtpParams {
    algorithm: Algorithm::Sha1,
    digits: 6,
    period: 30,
};
/// Google Authenticator's own export puts at most 10 accounts in one QR
/// code (Aegis's Google-compatible export copies that).
const ACCOUNTS_PER_LINK: usize = 10;
/// And at most this much protobuf per link (ten typical accounts take
/// 400-600 bytes), so that long names or 512-bit keys do not make a QR
/// code too dense to scan off a screen: 600 bytes become a link of about
/// 850 characters, a version-23 QR code (109 x 109 modules) at error
/// correction M, where the largest, version 40, is 177 x 177 (the tests
/// check version 24 or less). One account alone, whatever its names
/// (64 characters at most) and key, stays under that.
const MAX_PAYLOAD_BYTES: usize = 600;
/// `MigrationPayload.version` as Google Authenticator writes it.
const PAYLOAD_VERSION: u64 = 1;
/// `OtpParameters.type`: TOTP.
const TYPE_TOTP: u64 = 2;

pub struct Google;

impl ImportFormat for Google {
    fn id(&self) -> FormatId {
        FormatId::Google
    }

    fn detect(&self, bytes: &[u8]) -> bool {
        // Past leading `#` comments, as the links are read: extract_otp_secrets
        // and other tools write the accounts as comments above each link.
        starts_with_scheme(bytes, SCHEME)
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
        0 => String::new(),
        1 => "SHA1".to_string(),
        2 => "SHA256".to_string(),
        3 => "SHA512".to_string(),
        4 => "MD5".to_string(),
        other => format!("algorithm {other}"),
    };
    imported.add_entry(Entry {
        defaults: DEFAULTS,
        kind: match kind {
            0 | 2 => EntryKind::Totp,
            1 => EntryKind::Hotp,
            other => EntryKind::Other(format!("type {other}")),
        },
        issuer: Some(&issuer),
        account: Some(&name),
        secret: Some(&secret),
        algorithm: Some(&algorithm),
        digits: match digits {
            0 => None,
            1 => Some(6),
            2 => Some(8),
            other => Some(i64::try_from(other).unwrap_or(i64::MAX)),
        },
        period: None,
    });
    Ok(())
}

impl ExportFormat for Google {
    fn id(&self) -> FormatId {
        FormatId::Google
    }

    fn lossy(&self, accounts: &AccountList) -> Vec<Lossy> {
        accounts
            .iter()
            .filter_map(|account| {
                let mut reasons = Vec::new();
                if account.period != DEFAULTS.period {
                    reasons.push(format!(
                        "its codes last {} seconds, and Google Authenticator makes only 30-second codes",
                        account.period
                    ));
                }
                if digits_value(account.digits).is_none() {
                    reasons.push(format!(
                        "it has {}-digit codes, and Google Authenticator makes only 6- or 8-digit ones",
                        account.digits
                    ));
                }
                (!reasons.is_empty()).then(|| Lossy {
                    name: account.name.clone(),
                    reason: reasons.join("; "),
                })
            })
            .collect()
    }

    fn export(&self, accounts: &AccountList) -> Result<Zeroizing<Vec<u8>>, FormatError> {
        let entries: Vec<Zeroizing<Vec<u8>>> = accounts.iter().map(encode_parameters).collect();
        let batches = batches(&entries);
        let batch_id = random_batch_id()?;
        let payloads: Vec<Zeroizing<Vec<u8>>> = batches
            .iter()
            .enumerate()
            .map(|(index, range)| encode_payload(&entries[range.clone()], batches.len(), index, batch_id))
            .collect();
        let links: Vec<Zeroizing<String>> = payloads.iter().map(|payload| link(payload)).collect();
        // Sized up front: a growing buffer would leave copies of keys behind.
        let mut out = Zeroizing::new(Vec::with_capacity(links.iter().map(|l| l.len() + 1).sum()));
        for link in &links {
            out.extend_from_slice(link.as_bytes());
            out.push(b'\n');
        }
        Ok(out)
    }
}

/// `OtpParameters.digits`: 1 six, 2 eight; `None` for what it cannot say.
fn digits_value(digits: u8) -> Option<u64> {
    match digits {
        6 => Some(1),
        8 => Some(2),
        _ => None,
    }
}

/// One account as an `OtpParameters` message.
fn encode_parameters(account: &Account) -> Zeroizing<Vec<u8>> {
    let secret = account.key.as_bytes();
    let issuer = account.issuer.as_deref().unwrap_or_default();
    let algorithm = match account.algorithm {
        Algorithm::Sha1 => 1,
        Algorithm::Sha256 => 2,
        Algorithm::Sha512 => 3,
    };
    // Unspecified (0) for 7 digits: only written when the user insisted.
    let digits = digits_value(account.digits).unwrap_or(0);
    let len = bytes_field_len(1, secret.len())
        + bytes_field_len(2, account.name.len())
        + bytes_field_len(3, issuer.len())
        + varint_field_len(4, algorithm)
        + varint_field_len(5, digits)
        + varint_field_len(6, TYPE_TOTP);
    let mut out = Zeroizing::new(Vec::with_capacity(len));
    put_bytes(&mut out, 1, secret);
    put_bytes(&mut out, 2, account.name.as_bytes());
    if !issuer.is_empty() {
        put_bytes(&mut out, 3, issuer.as_bytes());
    }
    put_varint(&mut out, 4, algorithm);
    if digits != 0 {
        put_varint(&mut out, 5, digits);
    }
    put_varint(&mut out, 6, TYPE_TOTP);
    out
}

/// Consecutive runs of entries, one link each: at most
/// [`ACCOUNTS_PER_LINK`] entries and [`MAX_PAYLOAD_BYTES`] (unless one
/// entry alone is larger). No entries give one empty batch.
fn batches(entries: &[Zeroizing<Vec<u8>>]) -> Vec<Range<usize>> {
    let mut batches = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (index, entry) in entries.iter().enumerate() {
        let size = bytes_field_len(1, entry.len());
        if index > start && (index - start == ACCOUNTS_PER_LINK || bytes + size > MAX_PAYLOAD_BYTES) {
            batches.push(start..index);
            (start, bytes) = (index, 0);
        }
        bytes += size;
    }
    batches.push(start..entries.len());
    batches
}

/// A random, positive `batch_id` (an int32, as Google Authenticator's).
fn random_batch_id() -> Result<u64, FormatError> {
    let mut bytes = [0u8; 4];
    getrandom::fill(&mut bytes).map_err(|e| FormatError::Random(e.to_string()))?;
    Ok(u64::from(u32::from_le_bytes(bytes) & 0x7fff_ffff))
}

/// One `MigrationPayload`: the entries, then version and batch fields.
fn encode_payload(entries: &[Zeroizing<Vec<u8>>], size: usize, index: usize, id: u64) -> Zeroizing<Vec<u8>> {
    let (size, index) = (size as u64, index as u64);
    let len = entries.iter().map(|e| bytes_field_len(1, e.len())).sum::<usize>()
        + varint_field_len(2, PAYLOAD_VERSION)
        + varint_field_len(3, size)
        + varint_field_len(4, index)
        + varint_field_len(5, id);
    let mut out = Zeroizing::new(Vec::with_capacity(len));
    for entry in entries {
        put_bytes(&mut out, 1, entry);
    }
    put_varint(&mut out, 2, PAYLOAD_VERSION);
    put_varint(&mut out, 3, size);
    put_varint(&mut out, 4, index);
    put_varint(&mut out, 5, id);
    out
}

/// `otpauth-migration://offline?data=` and the payload in standard,
/// padded Base64, percent-encoded as Google Authenticator writes it.
fn link(payload: &[u8]) -> Zeroizing<String> {
    const PREFIX: &str = "otpauth-migration://offline?data=";
    let mut base64 = Zeroizing::new(vec![0u8; Base64::encoded_len(payload)]);
    // The buffer is exactly as long as the encoding: this cannot fail.
    let text = Base64::encode(payload, &mut base64).unwrap_or_default();
    // '+', '/' and '=' each become three characters.
    let mut link = Zeroizing::new(String::with_capacity(PREFIX.len() + 3 * text.len()));
    link.push_str(PREFIX);
    for piece in utf8_percent_encode(text, NON_ALPHANUMERIC) {
        link.push_str(piece);
    }
    link
}

#[cfg(test)]
#[path = "google_tests.rs"]
mod tests;
