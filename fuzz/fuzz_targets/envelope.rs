//! The vault envelope: header parsing of any bytes, opening with a key, and
//! sealing then opening any plaintext (which must give it back).
#![no_main]

use libfuzzer_sys::fuzz_target;
use trayotp::protect::ProtectorKind;
use trayotp::vault::envelope::{BACKUP, Header, VAULT};

fuzz_target!(|data: &[u8]| {
    let key = trayotp::protect::data_key_from(&[7; 32]).expect("32 bytes");
    for kind in [VAULT, BACKUP] {
        let _ = kind.read_header(data);
        let _ = kind.open(data, &key);
    }
    let params = data.get(..data.len().min(64)).unwrap_or_default().to_vec();
    let header = Header::new(ProtectorKind::Dpapi, params, &key);
    let sealed = VAULT.seal(&header, &key, data).expect("seals");
    assert_eq!(VAULT.read_header(&sealed).as_ref(), Ok(&header));
    assert_eq!(VAULT.open(&sealed, &key).expect("opens").as_slice(), data);
});
