//! Tests of the import entry point and its shared rules (`formats/mod.rs`).

use super::*;

/// A format whose app assumes 45 s, 7 digits and SHA-256, so that the
/// test tells its defaults from anyone else's.
const ODD_DEFAULTS: OtpParams = OtpParams {
    algorithm: Algorithm::Sha256,
    digits: 7,
    period: 45,
};

fn entry(kind: EntryKind, secret: &'static str) -> Entry<'static> {
    Entry {
        defaults: ODD_DEFAULTS,
        kind,
        issuer: Some("Bank"),
        account: Some("taro"),
        secret: Some(secret),
        algorithm: None,
        digits: None,
        period: None,
    }
}

const SEED_B32: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

#[test]
fn entries_are_checked_like_trayotp_add() {
    let mut imported = Imported::default();
    imported.add_entry(entry(EntryKind::Totp, SEED_B32));
    imported.add_entry(entry(EntryKind::Hotp, SEED_B32));
    imported.add_entry(entry(EntryKind::Steam, SEED_B32));
    imported.add_entry(entry(EntryKind::from_name("yandex"), SEED_B32));
    imported.add_entry(entry(EntryKind::Totp, "GEZDGNBV0Y3TQOJQ"));
    imported.add_entry(Entry {
        digits: Some(300),
        ..entry(EntryKind::Totp, SEED_B32)
    });
    imported.add_entry(Entry {
        algorithm: Some("MD5"),
        ..entry(EntryKind::Totp, SEED_B32)
    });
    imported.add_entry(Entry {
        period: Some(-1),
        ..entry(EntryKind::Totp, SEED_B32)
    });
    imported.add_entry(entry(EntryKind::Totp, "GEZDGNBVGY3TQOJQ"));

    let names: Vec<_> = imported.accounts.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Bank: taro", "Bank: taro"]);
    assert_eq!(imported.accounts[0].issuer.as_deref(), Some("Bank"));
    assert_eq!(
        imported.accounts[0].params(),
        ODD_DEFAULTS,
        "the format's defaults when the file says nothing, not the bare key's 60 s"
    );
    let reasons: Vec<String> = imported.skipped.iter().map(ToString::to_string).collect();
    assert_eq!(reasons.len(), 7, "{reasons:#?}");
    assert!(reasons[0].contains("HOTP"), "{}", reasons[0]);
    assert!(reasons[1].contains("Steam"), "{}", reasons[1]);
    assert!(reasons[2].contains("'yandex' codes"), "{}", reasons[2]);
    assert!(reasons[3].contains("invalid character '0'"), "{}", reasons[3]);
    assert!(reasons[4].contains("'300' digits"), "{}", reasons[4]);
    assert!(reasons[5].contains("unknown algorithm 'MD5'"), "{}", reasons[5]);
    assert!(reasons[6].contains("'-1' seconds"), "{}", reasons[6]);
    assert_eq!(imported.warnings.len(), 1);
    assert!(
        imported.warnings[0].contains("only 80 bits"),
        "{}",
        imported.warnings[0]
    );
    for line in reasons.iter().chain(&imported.warnings) {
        assert!(line.starts_with("skipped 'Bank: taro'") || line.starts_with("'Bank: taro'"));
        assert!(!line.contains("GEZD"), "{line}");
    }
}

#[test]
fn hex() {
    assert_eq!(decode_hex("00ffA0").map(|v| v.to_vec()), Some(vec![0, 255, 160]));
    assert!(decode_hex("0").is_none());
    assert!(decode_hex("zz").is_none());
    assert!(decode_hex("é1").is_none());
}

#[test]
fn link_detection_skips_comment_and_blank_lines() {
    let text = b"\xEF\xBB\xBF# exported by a tool\r\n\n  # another\n\notpauth-migration://offline?data=x";
    assert!(starts_with_scheme(text, "OTPAUTH-MIGRATION://"));
    assert!(!starts_with_scheme(text, "otpauth://"));
    assert!(starts_with_scheme(b"otpauth://totp/x", "otpauth://"));
    assert!(
        !starts_with_scheme(b"# otpauth://totp/x", "otpauth://"),
        "a link in a comment"
    );
    assert!(!starts_with_scheme(b"# only a comment\n# and another", "otpauth://"));
    assert!(!starts_with_scheme(b"", "otpauth://"));
    assert!(!starts_with_scheme(b"text\notpauth://totp/x", "otpauth://"));
}

#[test]
fn detection_looks_at_the_start_and_the_keys() {
    assert_eq!(head(b"\xEF\xBB\xBF \n {\"a\"", 2), b"{\"");
    assert!(json_mentions(b" {\"header\": {}, \"db\": 1}", &["header", "db"]));
    assert!(!json_mentions(b"[\"header\", \"db\"]", &["header", "db"]));
    assert!(!json_mentions(b"{\"header\": 1}", &["header", "db"]));
}
