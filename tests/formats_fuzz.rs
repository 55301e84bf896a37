//! Fuzz-style robustness: the backup and import readers never panic,
//! whatever the bytes. Bounded in cases so the suite stays fast (natively
//! and under Wine); a failure prints the smallest input proptest found.
//!
//! Inputs are arbitrary bytes, arbitrary bytes behind each format's own
//! opening (so the readers get past detection), and the committed fixtures
//! with one byte changed or cut short. The encrypted Aegis fixture is left
//! to a unit test in `formats::aegis` that uses a cheaper scrypt cost.

use proptest::prelude::*;
use trayotp::formats::{self, FormatId};
use trayotp::protect::passphrase::FixedPassphrase;
use zeroize::Zeroizing;

const FIXTURES: [(&[u8], FormatId); 5] = [
    (include_bytes!("fixtures/aegis-plain.json"), FormatId::Aegis),
    (include_bytes!("fixtures/google-migration.txt"), FormatId::Google),
    (include_bytes!("fixtures/2fas.2fas"), FormatId::TwoFas),
    (include_bytes!("fixtures/uris.txt"), FormatId::Uris),
    (include_bytes!("fixtures/uris.txt"), FormatId::Google),
];

const OPENINGS: [&[u8]; 7] = [
    b"TRAYBAK\x1a\x01\x00\x03",
    b"TRAYOTP\x1a",
    b"otpauth-migration://offline?data=",
    b"otpauth://totp/x?secret=",
    br#"{"version": 1, "header": {"slots": null, "params": null}, "db": "#,
    br#"{"schemaVersion": 4, "services": [{"secret": "#,
    b"{\"services\":[],\"schemaVersion\":",
];

fn passphrase() -> FixedPassphrase {
    FixedPassphrase(Zeroizing::new("fuzz".into()))
}

/// Runs every reader (and auto-detection) on `bytes`. Any result is fine;
/// a panic fails the test, and no message may contain the fuzzing key.
fn read_everything(bytes: &[u8]) {
    let _ = formats::detect(bytes);
    for importer in formats::importers() {
        let _ = importer.detect(bytes);
        if let Err(error) = importer.import(bytes, &passphrase()) {
            let message = error.to_string();
            assert!(!message.contains("GEZDGNBV"), "{message}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        read_everything(&bytes);
    }

    #[test]
    fn arbitrary_bytes_after_a_known_opening(
        opening in prop::sample::select(OPENINGS.to_vec()),
        rest in prop::collection::vec(any::<u8>(), 0..256),
        text in "[ -~]{0,64}",
    ) {
        let mut bytes = opening.to_vec();
        bytes.extend_from_slice(text.as_bytes());
        read_everything(&bytes);
        bytes.extend_from_slice(&rest);
        read_everything(&bytes);
    }

    #[test]
    fn fixtures_with_one_byte_changed_or_cut(
        fixture in prop::sample::select(FIXTURES.to_vec()),
        index in any::<prop::sample::Index>(),
        byte in any::<u8>(),
        cut in any::<bool>(),
    ) {
        let (original, format) = fixture;
        let mut bytes = original.to_vec();
        let at = index.index(bytes.len());
        if cut { bytes.truncate(at) } else { bytes[at] = byte }
        read_everything(&bytes);
        // The named reader on its own file: never more accounts than the original.
        let importer = formats::importer(format);
        let before = importer.import(original, &passphrase()).map(|i| i.accounts.len()).unwrap_or(0);
        if let Ok(imported) = importer.import(&bytes, &passphrase()) {
            prop_assert!(imported.accounts.len() <= before.max(1) + 1);
        }
    }
}
