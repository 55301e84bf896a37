//! trayotp backups: the header and its Argon2 parameters as read (no
//! password, so a hostile header is refused before any KDF), and the
//! decrypted contents, by sealing the input under a fixed key first, so the
//! JSON reader and the account checks see arbitrary data.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use trayotp::formats::backup;
use trayotp::formats::{self, FormatId};
use trayotp::protect::ProtectorKind;
use trayotp::vault::envelope::{BACKUP, Header};

fuzz_target!(|data: &[u8]| {
    common::check(formats::importer(FormatId::Backup).import(data, &common::NoPassword));

    let key = trayotp::protect::data_key_from(&[7; 32]).expect("32 bytes");
    let header = Header::new(ProtectorKind::Passphrase, vec![0; 28], &key);
    let sealed = BACKUP.seal(&header, &key, data).expect("seals");
    if let Ok(contents) = backup::open_with_key(&sealed, &key) {
        for account in contents.accounts.iter() {
            if account.check_params().is_ok() {
                let _ = account.code_at(1_750_000_000);
            }
        }
    }
});
