//! Tests of `google.rs`, beside it so that the module stays short.

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
fn comment_lines_before_the_links_are_skipped_by_detection_too() {
    let text = std::str::from_utf8(FIXTURE).expect("utf-8");
    let commented = format!("# Secret key: (an account)\n# otpauth://totp/x?secret=AAAA\n\n{text}");
    assert!(Google.detect(commented.as_bytes()));
    let detected = crate::formats::detect(commented.as_bytes()).expect("detected");
    assert_eq!(detected.id(), FormatId::Google);
    assert_eq!(import(commented.as_bytes()).expect("imports").accounts.len(), 2);
    assert!(
        !Google.detect(b"# otpauth-migration://offline?data=x"),
        "only a comment"
    );
}

#[test]
fn unspecified_algorithm_and_digits_take_googles_defaults() {
    // One OtpParameters with only a key and a name (no algorithm,
    // digits or type), as some tools write them.
    let otp = b"\x0a\x141234567890abcdefghij\x12\x04none";
    let mut payload = vec![0x0a, otp.len() as u8];
    payload.extend_from_slice(otp);
    let link = format!(
        "otpauth-migration://offline?data={}",
        base64ct::Base64::encode_string(&payload)
    );
    let imported = import(link.as_bytes()).expect("imports");
    assert_eq!(imported.accounts.len(), 1);
    assert_eq!(imported.accounts[0].params(), DEFAULTS);
    assert_eq!(imported.accounts[0].name, "none");
    assert_eq!(imported.accounts[0].key.as_bytes(), b"1234567890abcdefghij");
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

use crate::domain::Algorithm;
use crate::formats::testing::{account, list};

const SEED: &[u8] = b"12345678901234567890";

/// An `OtpParameters`' fields, in order (varints as one byte).
type Fields = Vec<(u64, Vec<u8>)>;

/// Every field of every `OtpParameters` in a link, and the batch fields.
fn decode(link: &str) -> (Vec<Fields>, Vec<(u64, u64)>) {
    let payload = decode_link(link).expect("a link");
    let (mut entries, mut batch) = (Vec::new(), Vec::new());
    let mut reader = Reader::new(&payload);
    while let Some(field) = reader.next_field().expect("well-formed") {
        match field {
            (1, Value::Bytes(message)) => {
                let mut fields = Vec::new();
                let mut inner = Reader::new(message);
                while let Some(field) = inner.next_field().expect("well-formed") {
                    fields.push(match field {
                        (number, Value::Bytes(bytes)) => (number, bytes.to_vec()),
                        (number, Value::Varint(value)) => (number, vec![value as u8]),
                        (number, Value::Fixed) => panic!("fixed field {number}"),
                    });
                }
                entries.push(fields);
            }
            (number, Value::Varint(value)) => batch.push((number, value)),
            other => panic!("unexpected {other:?}"),
        }
    }
    (entries, batch)
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).expect("utf-8")
}

#[test]
fn export_writes_googles_field_values_and_reads_back() {
    let accounts = list([
        account("Work", Some("Bank"), SEED, (Algorithm::Sha256, 8, 30)),
        account("三菱 太郎", None, &[0xAB; 64], (Algorithm::Sha512, 6, 30)),
        account("plain", None, &[7; 20], (Algorithm::Sha1, 6, 30)),
    ]);
    assert!(Google.lossy(&accounts).is_empty());
    let exported = Google.export(&accounts).expect("exports");
    let file = text(&exported);
    assert_eq!(file.lines().count(), 1, "{file}");
    assert!(file.starts_with("otpauth-migration://offline?data="), "{file}");
    let data = file.trim().split_once("data=").expect("data").1;
    assert!(!data.contains(['+', '/', '=']), "Base64 percent-encoded: {file}");

    let (entries, batch) = decode(file.trim());
    assert_eq!(
        entries[0],
        [
            (1, SEED.to_vec()),
            (2, b"Work".to_vec()),
            (3, b"Bank".to_vec()),
            (4, vec![2]), // SHA256
            (5, vec![2]), // EIGHT
            (6, vec![2]), // TOTP
        ]
    );
    assert_eq!(
        entries[1],
        [
            (1, vec![0xAB; 64]),
            (2, "三菱 太郎".as_bytes().to_vec()),
            (4, vec![3]),
            (5, vec![1]),
            (6, vec![2]),
        ]
    );
    assert_eq!(entries[2][2], (4, vec![1]), "SHA1");
    assert_eq!(batch[..4], [(2, 1), (3, 1), (4, 0), (5, batch[3].1)]);

    let imported = import(&exported).expect("imports");
    crate::formats::testing::assert_accounts(
        &imported,
        &[
            ("Bank: Work", "SHA256", 8, 30),
            ("三菱 太郎", "SHA512", 6, 30),
            ("plain", "SHA1", 6, 30),
        ],
    );
    for (a, b) in accounts.iter().zip(&imported.accounts) {
        assert!(a.same_codes_as(b), "{}", a.name);
    }
    assert!(
        imported.skipped.is_empty() && imported.warnings.is_empty(),
        "{:?}",
        imported.warnings
    );
}

#[test]
fn sixty_seconds_and_seven_digits_are_lossy() {
    let accounts = list([
        account("三菱 太郎", None, SEED, (Algorithm::Sha1, 6, 60)),
        account("ok", None, SEED, (Algorithm::Sha1, 8, 30)),
        account("seven", None, SEED, (Algorithm::Sha1, 7, 45)),
    ]);
    let lossy: Vec<String> = Google.lossy(&accounts).iter().map(ToString::to_string).collect();
    assert_eq!(
        lossy,
        [
            "'三菱 太郎': its codes last 60 seconds, and Google Authenticator makes only 30-second codes",
            "'seven': its codes last 45 seconds, and Google Authenticator makes only 30-second codes; it has 7-digit codes, and Google Authenticator makes only 6- or 8-digit ones",
        ]
    );
    // Written anyway (forced): no period, and 7 digits left unspecified.
    let exported = Google.export(&accounts).expect("exports");
    let (entries, _) = decode(text(&exported).trim());
    assert!(entries[2].iter().all(|(number, _)| *number != 5), "{:?}", entries[2]);
    assert!(entries.iter().flatten().all(|(number, _)| *number <= 6));
}

#[test]
fn large_exports_are_split_like_googles_into_scannable_links() {
    // 23 short accounts: 10 + 10 + 3, as Google Authenticator splits them.
    let many = list((0..23).map(|i| account(&format!("account {i}"), Some("Bank"), SEED, (Algorithm::Sha1, 6, 30))));
    let exported = Google.export(&many).expect("exports");
    let links: Vec<&str> = text(&exported).lines().collect();
    let batches: Vec<(usize, Vec<(u64, u64)>)> = links
        .iter()
        .map(|link| {
            let (entries, batch) = decode(link);
            (entries.len(), batch)
        })
        .collect();
    assert_eq!(batches.iter().map(|b| b.0).collect::<Vec<_>>(), [10, 10, 3]);
    let id = batches[0].1[3].1;
    assert!(id <= i32::MAX as u64);
    for (index, (_, batch)) in batches.iter().enumerate() {
        assert_eq!(batch, &[(2, 1), (3, 3), (4, index as u64), (5, id)]);
    }
    let imported = import(&exported).expect("imports");
    assert_eq!(imported.accounts.len(), 23);
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    let first_two = links[..2].join("\n");
    let partial = import(first_two.as_bytes()).expect("imports");
    assert!(partial.warnings[0].contains("has 3 parts (QR codes) and the file holds 2"));

    // Long names and 512-bit keys: split by size, each link a QR code of
    // version 24 or less (113 x 113 modules) at error correction M
    // (23 when this was written).
    let name = "楽".repeat(64);
    let issuer = "証".repeat(64);
    let big = list((0..10).map(|i| {
        account(
            &format!("{i}{}", &name[..name.len() - 3]),
            Some(&issuer),
            &[0xFF; 64],
            (Algorithm::Sha512, 8, 30),
        )
    }));
    let exported = Google.export(&big).expect("exports");
    let links: Vec<&str> = text(&exported).lines().collect();
    assert_eq!(links.len(), 10, "one account of ~460 bytes a link");
    let mut largest = 0;
    for link in &links {
        let code =
            qrcode::QrCode::with_error_correction_level(link.as_bytes(), qrcode::EcLevel::M).expect("fits a QR code");
        let qrcode::Version::Normal(version) = code.version() else {
            panic!("micro QR")
        };
        largest = largest.max(version);
        assert!(link.len() <= 870, "{}", link.len());
    }
    assert!(largest <= 24, "version {largest}");
    assert_eq!(import(&exported).expect("imports").accounts.len(), 10);

    // The most a link can hold under the byte limit.
    let full = list((0..10).map(|i| {
        account(
            &format!("{i}{}", "x".repeat(9)),
            Some(&"y".repeat(16)),
            &[1; 20],
            (Algorithm::Sha1, 6, 30),
        )
    }));
    let exported = Google.export(&full).expect("exports");
    let link = text(&exported).trim();
    assert_eq!(link.lines().count(), 1);
    let code = qrcode::QrCode::with_error_correction_level(link.as_bytes(), qrcode::EcLevel::M).expect("fits");
    assert!(
        matches!(code.version(), qrcode::Version::Normal(v) if v <= 24),
        "{:?} for {}",
        code.version(),
        link.len()
    );
}

#[test]
fn an_empty_list_is_one_empty_batch() {
    let exported = Google.export(&AccountList::default()).expect("exports");
    let (entries, batch) = decode(text(&exported).trim());
    assert!(entries.is_empty());
    assert_eq!(batch[..3], [(2, 1), (3, 1), (4, 0)]);
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
