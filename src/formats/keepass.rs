//! KeePass and KeePassXC databases (KDBX 3.1 and 4), opened with their
//! password (and a key file, `--key-file`) through the `keepass` crate.
//!
//! Before the password is asked for, the outer header (plain in the file)
//! is read here for its key derivation: AES-KDF's rounds, or Argon2's
//! memory, passes and lanes, each bounded (see `peer_crypto`;
//! AES-KDF at most [`MAX_AES_KDF_ROUNDS`]). Only then does the crate
//! derive the key and decrypt.
//!
//! An entry makes an account when it has an `otp` field (KeePassXC: an
//! `otpauth://` link; KeeOtp: `key=BASE32&size=6&step=30&otpHashMode=Sha256`)
//! or the legacy `TOTP Seed` with `TOTP Settings` ("30;6", or "30;S" for
//! Steam). A link is named as it says; the other forms "Title: user name".
//! Missing parameters take KeePass's defaults (SHA-1, 6 digits, 30 s).
//! Entries in the recycle bin and entries' history are passed over, and
//! entries without a TOTP are passed over without a word.

use zeroize::Zeroizing;

use super::bounded::MAX_ENTRIES;
use super::peer_crypto::{self, Argon2Cost};
use super::{Entry, EntryKind, FormatError, FormatId, ImportFormat, Imported, SkipReason};
use crate::domain::merge::name_from_parts;
use crate::domain::{Algorithm, OtpParams};
use crate::protect::passphrase::{PassphrasePrompt, PassphrasePurpose};

const FORMAT: FormatId = FormatId::KeePass;
const DEFAULTS: OtpParams = OtpParams {
    algorithm: Algorithm::Sha1,
    digits: 6,
    period: 30,
};
const SIGNATURE: [u8; 8] = [0x03, 0xD9, 0xA2, 0x9A, 0x67, 0xFB, 0x4B, 0xB5];
/// AES-KDF rounds: KeePassXC's one-second benchmark writes tens of
/// millions on a fast PC; 200 million is several seconds.
pub const MAX_AES_KDF_ROUNDS: u64 = 200_000_000;
const AES_KDF: [u8; 16] = [
    0xc9, 0xd9, 0xf3, 0x9a, 0x62, 0x8a, 0x44, 0x60, 0xbf, 0x74, 0x0d, 0x08, 0xc1, 0x8a, 0x4f, 0xea,
];
const ARGON2D: [u8; 16] = [
    0xef, 0x63, 0x6d, 0xdf, 0x8c, 0x29, 0x44, 0x4b, 0x91, 0xf7, 0xa9, 0xa4, 0x03, 0xe3, 0x0a, 0x0c,
];
const ARGON2ID: [u8; 16] = [
    0x9e, 0x29, 0x8b, 0x19, 0x56, 0xdb, 0x47, 0x73, 0xb2, 0x3d, 0xfc, 0x3e, 0xc6, 0xf0, 0xa1, 0xe6,
];

/// The reader; `key_file` holds the bytes of `--key-file`, if given.
pub struct KeePass {
    pub key_file: Option<Zeroizing<Vec<u8>>>,
}

/// The reader without a key file.
pub static KEEPASS: KeePass = KeePass { key_file: None };

fn damaged(detail: &'static str) -> FormatError {
    FormatError::damaged(FORMAT, detail)
}

/// Little-endian reads that say "damaged" when the header ends early.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], FormatError> {
        if self.0.len() < n {
            return Err(damaged("its header ends early"));
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn u8(&mut self) -> Result<u8, FormatError> {
        Ok(self.take(1)?[0])
    }

    fn u16(&mut self) -> Result<u16, FormatError> {
        let b = self.take(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    fn u32(&mut self) -> Result<u32, FormatError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}

fn le_u64(bytes: &[u8]) -> Option<u64> {
    match bytes.len() {
        8 => Some(u64::from_le_bytes(bytes.try_into().ok()?)),
        4 => Some(u64::from(u32::from_le_bytes(bytes.try_into().ok()?))),
        _ => None,
    }
}

/// Checks the key derivation the outer header states against the bounds.
fn check_kdf(bytes: &[u8]) -> Result<(), FormatError> {
    let mut reader = Reader(bytes);
    reader.take(SIGNATURE.len())?;
    let version = reader.u32()?;
    let major = version >> 16;
    if !(3..=4).contains(&major) {
        return Err(FormatError::Unsupported(format!(
            "this KeePass database is KDBX {major}, which trayotp does not read (only KDBX 3.1 and 4): save it again with KeePassXC or KeePass 2"
        )));
    }
    loop {
        let id = reader.u8()?;
        let len = if major == 3 {
            usize::from(reader.u16()?)
        } else {
            reader.u32()? as usize
        };
        let data = reader.take(len)?;
        match (major, id) {
            (_, 0) => return Err(damaged("its header names no key derivation")),
            (3, 6) => {
                let rounds = le_u64(data).ok_or_else(|| damaged("its AES-KDF rounds are not a number"))?;
                return check_aes_rounds(rounds);
            }
            (4, 11) => return check_variant_dictionary(data),
            _ => {}
        }
    }
}

fn check_aes_rounds(rounds: u64) -> Result<(), FormatError> {
    if (1..=MAX_AES_KDF_ROUNDS).contains(&rounds) {
        Ok(())
    } else {
        Err(FormatError::Unsupported(format!(
            "the KeePass database's AES-KDF rounds ({rounds}) are outside what trayotp accepts (1 to {MAX_AES_KDF_ROUNDS}): lower them in the database settings, or export the TOTP entries another way"
        )))
    }
}

/// KDBX 4's KDF parameters: a "variant dictionary" of typed values.
fn check_variant_dictionary(data: &[u8]) -> Result<(), FormatError> {
    let mut reader = Reader(data);
    reader.u16()?;
    let (mut uuid, mut rounds, mut iterations, mut memory, mut lanes) = (None, None, None, None, None);
    loop {
        let kind = reader.u8()?;
        if kind == 0 {
            break;
        }
        let key_len = reader.u32()? as usize;
        let key = reader.take(key_len)?;
        let value_len = reader.u32()? as usize;
        let value = reader.take(value_len)?;
        match key {
            b"$UUID" => uuid = Some(value),
            b"R" => rounds = le_u64(value),
            b"I" => iterations = le_u64(value),
            b"M" => memory = le_u64(value),
            b"P" => lanes = le_u64(value),
            _ => {}
        }
    }
    match uuid {
        Some(uuid) if uuid == AES_KDF => check_aes_rounds(rounds.unwrap_or(0)),
        Some(uuid) if uuid == ARGON2D || uuid == ARGON2ID => {
            let cost = Argon2Cost {
                memory_kib: memory.unwrap_or(0) / 1024,
                passes: iterations.unwrap_or(0),
                lanes: lanes.unwrap_or(0),
            };
            cost.check(FORMAT).map(|_| ())
        }
        _ => Err(FormatError::Unsupported(
            "this KeePass database uses a key derivation trayotp does not know (neither AES-KDF nor Argon2)".into(),
        )),
    }
}

impl ImportFormat for KeePass {
    fn id(&self) -> FormatId {
        FORMAT
    }

    fn detect(&self, bytes: &[u8]) -> bool {
        bytes.starts_with(&SIGNATURE)
    }

    fn import(&self, bytes: &[u8], passphrase: &dyn PassphrasePrompt) -> Result<Imported, FormatError> {
        if !self.detect(bytes) {
            return Err(FormatError::NotThisFormat {
                expected: "a KeePass database (.kdbx)",
            });
        }
        check_kdf(bytes)?;
        let password = passphrase.passphrase(PassphrasePurpose::Unlock)?;
        let mut key = keepass::DatabaseKey::new();
        if !password.is_empty() || self.key_file.is_none() {
            key = key.with_password(&password);
        }
        if let Some(key_file) = &self.key_file {
            key = key
                .with_keyfile(&mut key_file.as_slice())
                .map_err(|_| damaged("its key file could not be read"))?;
        }
        let db = keepass::Database::parse(bytes, key).map_err(open_error)?;
        if db.num_entries() > MAX_ENTRIES {
            return Err(FormatError::damaged(
                FORMAT,
                format!("it has more than {MAX_ENTRIES} entries"),
            ));
        }
        let mut imported = Imported {
            encrypted: true,
            ..Imported::default()
        };
        let recycle_bin = db.recycle_bin().map(|group| group.id());
        // Depth first from the root, in the database's order.
        let mut pending = vec![db.root().id()];
        while let Some(id) = pending.pop() {
            if Some(id) == recycle_bin {
                continue;
            }
            let Some(group) = db.group(id) else { continue };
            for entry in group.entries() {
                add(&mut imported, entry.get("Title"), entry.get("UserName"), |field| {
                    entry.get(field)
                });
            }
            let children: Vec<_> = group.group_ids().collect();
            pending.extend(children.into_iter().rev());
        }
        Ok(imported)
    }
}

fn open_error(error: keepass::error::DatabaseOpenError) -> FormatError {
    use keepass::error::DatabaseOpenError as E;
    match error {
        E::Key(keepass::error::DatabaseKeyError::IncorrectKey) => peer_crypto::wrong_password(FORMAT),
        // KDBX 3.1 checks the key only after AES-CBC: a wrong one mostly
        // shows as bad padding first.
        E::Cryptography(_) => peer_crypto::wrong_password(FORMAT),
        E::Key(_) => FormatError::Unsupported(
            "the KeePass database's key could not be made: check the password and --key-file".into(),
        ),
        E::UnsupportedVersion => FormatError::Unsupported(
            "this KeePass database's version is one trayotp does not read (only KDBX 3.1 and 4): save it again with KeePassXC or KeePass 2".into(),
        ),
        _ => damaged("it could not be decrypted or read"),
    }
}

/// One entry's TOTP, whichever of its forms it has.
fn add<'a>(
    imported: &mut Imported,
    title: Option<&'a str>,
    user: Option<&'a str>,
    field: impl Fn(&str) -> Option<&'a str>,
) {
    let title = title.filter(|t| !t.trim().is_empty());
    let user = user.filter(|u| !u.trim().is_empty());
    if let Some(otp) = field("otp").map(str::trim).filter(|o| !o.is_empty()) {
        if otp.get(..10).is_some_and(|s| s.eq_ignore_ascii_case("otpauth://")) {
            super::uris::add_link(imported, otp, title, None);
        } else {
            add_keeotp(imported, otp, title, user);
        }
        return;
    }
    let Some(seed) = field("TOTP Seed").map(str::trim).filter(|s| !s.is_empty()) else {
        return;
    };
    let settings = field("TOTP Settings").unwrap_or("30;6");
    let mut parts = settings.split(';').map(str::trim);
    let period = parts.next().and_then(|p| p.parse().ok());
    let size = parts.next().unwrap_or("6");
    if size.eq_ignore_ascii_case("S") {
        imported.skip(name_from_parts(title, user), SkipReason::Steam);
        return;
    }
    imported.add_entry(Entry {
        defaults: DEFAULTS,
        kind: EntryKind::Totp,
        issuer: title,
        account: user,
        secret: Some(seed),
        algorithm: None,
        digits: Some(size.parse().unwrap_or(-1)),
        period,
    });
}

/// KeeOtp's `key=…&size=…&step=…&otpHashMode=…&type=…`.
fn add_keeotp(imported: &mut Imported, otp: &str, title: Option<&str>, user: Option<&str>) {
    let pairs: Vec<(String, Zeroizing<String>)> = url::form_urlencoded::parse(otp.as_bytes())
        .map(|(k, v)| (k.to_ascii_lowercase(), Zeroizing::new(v.into_owned())))
        .take(16)
        .collect();
    let get = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    let kind = get("type").map_or(EntryKind::Totp, EntryKind::from_name);
    imported.add_entry(Entry {
        defaults: DEFAULTS,
        kind,
        issuer: title,
        account: user,
        secret: get("key"),
        algorithm: get("otphashmode"),
        digits: get("size").map(|s| s.trim().parse().unwrap_or(-1)),
        period: get("step").map(|s| s.trim().parse().unwrap_or(-1)),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::testing::assert_skipped;

    fn entries(fields: &[&[(&str, &str)]]) -> Imported {
        let mut imported = Imported::default();
        for entry in fields {
            let get = |name: &str| entry.iter().find(|(k, _)| *k == name).map(|(_, v)| *v);
            add(&mut imported, get("Title"), get("UserName"), get);
        }
        imported
    }

    #[test]
    fn the_three_forms_of_a_totp() {
        let seed = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        let link = format!("otpauth://totp/Bank:taro?secret={seed}&period=60&digits=8&issuer=Bank");
        let keeotp = format!("key={seed}&size=7&step=45&otpHashMode=Sha256");
        let imported = entries(&[
            &[("Title", "Ignored"), ("otp", &link)],
            &[("Title", "Shop"), ("UserName", "me"), ("otp", &keeotp)],
            &[
                ("Title", "Old"),
                ("UserName", "u"),
                ("TOTP Seed", seed),
                ("TOTP Settings", "30;6"),
            ],
            &[("Title", "Game"), ("TOTP Seed", seed), ("TOTP Settings", "30;S")],
            &[("Title", "Plain login"), ("Password", "x")],
        ]);
        crate::formats::testing::assert_accounts(
            &imported,
            &[
                ("Bank: taro", "SHA1", 8, 60),
                ("Shop: me", "SHA256", 7, 45),
                ("Old: u", "SHA1", 6, 30),
            ],
        );
        assert_skipped(&imported, &["skipped 'Game': Steam"]);
    }

    #[test]
    fn kdf_bounds_are_read_from_the_header() {
        let mut v4 = SIGNATURE.to_vec();
        v4.extend_from_slice(&0x0004_0000u32.to_le_bytes());
        let mut dict = vec![0x00, 0x01];
        let mut item = |kind: u8, key: &[u8], value: &[u8]| {
            dict.push(kind);
            dict.extend_from_slice(&(key.len() as u32).to_le_bytes());
            dict.extend_from_slice(key);
            dict.extend_from_slice(&(value.len() as u32).to_le_bytes());
            dict.extend_from_slice(value);
        };
        item(0x42, b"$UUID", &ARGON2D);
        item(0x05, b"M", &(4u64 << 30).to_le_bytes());
        item(0x05, b"I", &2u64.to_le_bytes());
        item(0x04, b"P", &2u32.to_le_bytes());
        dict.push(0);
        v4.push(11);
        v4.extend_from_slice(&(dict.len() as u32).to_le_bytes());
        v4.extend_from_slice(&dict);
        let message = check_kdf(&v4).expect_err("4 GiB").to_string();
        assert!(message.contains("Argon2 parameters (4194304 KiB"), "{message}");

        let mut v3 = SIGNATURE.to_vec();
        v3.extend_from_slice(&0x0003_0001u32.to_le_bytes());
        v3.push(6);
        v3.extend_from_slice(&8u16.to_le_bytes());
        v3.extend_from_slice(&u64::MAX.to_le_bytes());
        let message = check_kdf(&v3).expect_err("rounds").to_string();
        assert!(message.contains("AES-KDF rounds (18446744073709551615)"), "{message}");
        assert!(check_kdf(&v3[..20]).is_err(), "cut short");
    }
}
