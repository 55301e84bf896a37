//! trayotp's own backup file: every account, encrypted with a passphrase,
//! so that it can be restored on any PC, whatever protected the vault it
//! came from (a DPAPI vault cannot leave its Windows user).
//!
//! It is the vault's envelope (`vault::envelope`, same tested code) with
//! its own magic, `"TRAYBAK\x1a"`, and the passphrase protector's Argon2id
//! key derivation, whose parameters and salt are stored in the header:
//!
//! ```text
//! "TRAYBAK\x1a" | version 1 | protector 3 (passphrase) | Argon2id params + salt
//! | key check | XChaCha20-Poly1305 nonce | ciphertext of {"created", "accounts"}
//! ```
//!
//! The accounts are stored exactly as in the vault, unknown fields
//! included, so a backup loses nothing a newer trayotp wrote.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::{FormatError, FormatId, ImportFormat, Imported, SkipReason};
use crate::domain::AccountList;
use crate::protect::passphrase::{FixedPassphrase, PassphrasePrompt, PassphraseProtector, PassphrasePurpose};
use crate::protect::{DataKey, KeyProtector, ProtectError, ProtectorKind};
use crate::vault::envelope::{BACKUP, EnvelopeError, Header, VAULT};

pub struct Backup;

/// What a backup holds.
#[derive(Debug, Serialize, Deserialize)]
pub struct Contents {
    /// Unix time the backup was made.
    pub created: u64,
    pub accounts: AccountList,
}

/// Encrypts `accounts` under `passphrase` into a complete backup file, and
/// checks that the result opens again before handing it over.
pub fn write(accounts: &AccountList, passphrase: &Zeroizing<String>, created: u64) -> Result<Vec<u8>, FormatError> {
    let protector = PassphraseProtector::new(Box::new(FixedPassphrase(passphrase.clone())));
    let (key, params) = protector.new_key()?;
    let header = Header::new(ProtectorKind::Passphrase, params, &key);
    let mut json = Zeroizing::new(Vec::with_capacity(1024 + 256 * accounts.len()));
    let contents = ContentsRef { created, accounts };
    serde_json::to_writer(&mut *json, &contents)
        .map_err(|_| FormatError::damaged(FormatId::Backup, "the accounts could not be written as JSON"))?;
    let sealed = BACKUP.seal(&header, &key, &json).map_err(envelope_error)?;
    let check = open_with_key(&sealed, &key)?;
    if check.accounts.len() != accounts.len() {
        return Err(FormatError::damaged(
            FormatId::Backup,
            "it did not read back as written",
        ));
    }
    Ok(sealed)
}

#[derive(Serialize)]
struct ContentsRef<'a> {
    created: u64,
    accounts: &'a AccountList,
}

/// Decrypts a backup, asking `passphrase` for its passphrase.
pub fn read(bytes: &[u8], passphrase: &dyn PassphrasePrompt) -> Result<Contents, FormatError> {
    if bytes.starts_with(VAULT.magic) {
        return Err(FormatError::Unsupported(
            "this is a trayotp vault, not a backup: on the PC it comes from, run `trayotp backup FILE` and restore that file (a passphrase vault also opens as it is with --vault)".into(),
        ));
    }
    let header = BACKUP.read_header(bytes).map_err(envelope_error)?;
    if header.protector != ProtectorKind::Passphrase {
        return Err(FormatError::damaged(FormatId::Backup, "its key protection is unknown"));
    }
    let damaged_params = |e| match e {
        ProtectError::BadParams => FormatError::damaged(FormatId::Backup, "its key parameters are damaged"),
        other => other.into(),
    };
    crate::protect::passphrase::check_header_params(&header.protector_params).map_err(damaged_params)?;
    let typed = passphrase.passphrase(PassphrasePurpose::Unlock)?;
    let key = PassphraseProtector::new(Box::new(FixedPassphrase(typed)))
        .unlock_key(&header.protector_params)
        .map_err(damaged_params)?;
    open_with_key(bytes, &key)
}

/// Decrypts a backup with its data key (after the KDF; the fuzz targets call
/// it with a fixed key).
pub fn open_with_key(bytes: &[u8], key: &DataKey) -> Result<Contents, FormatError> {
    let json = BACKUP.open(bytes, key).map_err(envelope_error)?;
    serde_json::from_slice(&json).map_err(|e| FormatError::json(FormatId::Backup, &e))
}

fn envelope_error(error: EnvelopeError) -> FormatError {
    match error {
        EnvelopeError::WrongMagic => FormatError::NotThisFormat {
            expected: "a trayotp backup",
        },
        EnvelopeError::NewerFormat(version) => FormatError::UnsupportedVersion {
            format: FormatId::Backup.title(),
            version: u64::from(version),
            supported: u64::from(BACKUP.version),
        },
        EnvelopeError::WrongKey => FormatError::WrongPassphrase {
            format: FormatId::Backup.title(),
        },
        other => FormatError::damaged(FormatId::Backup, other.to_string()),
    }
}

impl ImportFormat for Backup {
    fn id(&self) -> FormatId {
        FormatId::Backup
    }

    /// A backup, or a vault given by mistake (which [`read`] explains).
    fn detect(&self, bytes: &[u8]) -> bool {
        bytes.starts_with(BACKUP.magic) || bytes.starts_with(VAULT.magic)
    }

    /// Every account is checked like those of every other format (digits,
    /// period, key length): one that fails is skipped, with its reason.
    fn import(&self, bytes: &[u8], passphrase: &dyn PassphrasePrompt) -> Result<Imported, FormatError> {
        let contents = read(bytes, passphrase)?;
        let mut imported = Imported {
            encrypted: true,
            ..Imported::default()
        };
        for account in contents.accounts.into_vec() {
            match account.check_params() {
                Ok(()) => imported.accounts.push(account),
                Err(error) => imported.skip(account.name.clone(), SkipReason::BadKey(error)),
            }
        }
        Ok(imported)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::setup_key::{self, ParamOverrides};

    fn passphrase(text: &str) -> FixedPassphrase {
        FixedPassphrase(Zeroizing::new(text.into()))
    }

    fn accounts() -> AccountList {
        let mut list = AccountList::default();
        let uri = "otpauth://totp/Bank:taro?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Bank&digits=8&period=30";
        list.add(
            "三菱 太郎",
            setup_key::parse(uri, ParamOverrides::default()).expect("key"),
        )
        .expect("name");
        let key = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        list.add("Work", setup_key::parse(key, ParamOverrides::default()).expect("key"))
            .expect("name");
        list
    }

    /// One Argon2id derivation (64 MiB) per test is enough: the backup is
    /// made once and every case reads it.
    #[test]
    fn round_trip_wrong_passphrase_and_damage() {
        let list = accounts();
        let file = write(&list, &Zeroizing::new("backup pass".into()), 1_750_000_000).expect("writes");
        assert!(file.starts_with(b"TRAYBAK\x1a"));
        assert!(Backup.detect(&file));
        assert!(
            !file.windows(4).any(|w| w == b"GEZD" || w == b"Work"),
            "nothing in the clear"
        );

        let contents = read(&file, &passphrase("backup pass")).expect("reads");
        assert_eq!(contents.created, 1_750_000_000);
        let names: Vec<_> = contents.accounts.names().collect();
        assert_eq!(names, ["三菱 太郎", "Work"]);
        for (a, b) in list.iter().zip(contents.accounts.iter()) {
            assert!(a.same_codes_as(b));
            assert_eq!(a.issuer, b.issuer);
            assert_eq!(a.code_at(1_111_111_109).digits(), b.code_at(1_111_111_109).digits());
        }

        let wrong = read(&file, &passphrase("Backup pass")).expect_err("wrong passphrase");
        assert_eq!(
            wrong.to_string(),
            "wrong passphrase: the trayotp backup could not be decrypted with it; nothing was changed, try again"
        );

        let mut flipped = file.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        let damaged = read(&flipped, &passphrase("backup pass")).expect_err("damaged");
        assert_eq!(
            damaged.to_string(),
            "the trayotp backup is damaged (the contents fail their integrity check): use another copy"
        );

        let truncated = read(&file[..40], &passphrase("backup pass")).expect_err("truncated");
        assert!(truncated.to_string().contains("damaged"), "{truncated}");

        let mut newer = file.clone();
        newer[8] = 2;
        let newer = read(&newer, &passphrase("backup pass")).expect_err("newer");
        assert!(
            newer
                .to_string()
                .contains("trayotp backup version 2 is newer than this trayotp reads (up to 1)"),
            "{newer}"
        );
    }

    #[test]
    fn accounts_with_impossible_parameters_are_skipped_with_their_reason() {
        let mut list = accounts();
        let template = list.iter().next().expect("an account").clone();
        let mut push = |name: &str, change: &dyn Fn(&mut crate::domain::Account)| {
            let mut account = template.clone();
            account.name = name.into();
            change(&mut account);
            list.push(account).expect("name");
        };
        push("ten digits", &|a| a.digits = 10);
        push("no period", &|a| a.period = 0);
        push("empty key", &|a| a.key = crate::domain::SecretKey::new(Vec::new()));
        let file = write(&list, &Zeroizing::new("backup pass".into()), 0).expect("writes");
        let imported = Backup.import(&file, &passphrase("backup pass")).expect("reads");
        let names: Vec<_> = imported.accounts.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["三菱 太郎", "Work"]);
        let skipped: Vec<String> = imported.skipped.iter().map(ToString::to_string).collect();
        assert_eq!(
            skipped,
            [
                "skipped 'ten digits': '10' digits is not supported: codes have 6 to 8 digits",
                "skipped 'no period': a period of '0' seconds is not supported: use 1 to 300 seconds",
                "skipped 'empty key': the key is only 0 bits long; at least 80 bits (16 Base32 characters) are needed: check that you copied all of it",
            ]
        );
    }

    #[test]
    fn a_backup_asking_argon2_for_4_gib_is_refused_before_the_passphrase() {
        struct NeverAsked;
        impl PassphrasePrompt for NeverAsked {
            fn passphrase(&self, _: PassphrasePurpose) -> Result<Zeroizing<String>, ProtectError> {
                panic!("asked for the passphrase of a hostile backup")
            }
        }
        let mut params = Vec::new();
        for word in [4u32 * 1024 * 1024, 3, 1] {
            params.extend_from_slice(&word.to_le_bytes());
        }
        params.extend_from_slice(&[0; 16]);
        let key = crate::protect::random_data_key().expect("random");
        let header = Header::new(ProtectorKind::Passphrase, params, &key);
        let file = BACKUP.seal(&header, &key, b"{}").expect("seal");
        let message = read(&file, &NeverAsked).expect_err("refused").to_string();
        assert!(
            message.starts_with(
                "the file asks for a key derivation of 4096 MiB, 3 passes, 1 lanes, more than trayotp allows"
            ),
            "{message}"
        );
        assert!(!message.contains('\n'), "{message}");
    }

    #[test]
    fn an_empty_passphrase_is_refused_and_a_vault_is_explained() {
        let empty = write(&accounts(), &Zeroizing::new(String::new()), 0).expect_err("empty");
        assert!(empty.to_string().contains("passphrase is empty"), "{empty}");

        let vault_bytes = b"TRAYOTP\x1a\x01\x00\x03\x00\x00";
        assert!(Backup.detect(vault_bytes));
        let message = read(vault_bytes, &passphrase("x")).expect_err("a vault").to_string();
        assert!(message.contains("is a trayotp vault, not a backup"), "{message}");
        let message = read(b"hello", &passphrase("x")).expect_err("foreign").to_string();
        assert!(message.contains("it is not a trayotp backup"), "{message}");
    }
}
