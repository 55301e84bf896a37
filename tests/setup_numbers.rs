//! Setup numbers in every encoding a brokerage may use (Base32, hex, ASCII
//! digits, a decimal number), checked against a code (`--check-code`) or
//! read as the user says (`--encoding`), on the real binary: natively and,
//! for the .exe, under Wine. Where the refused cases are concerned, the
//! vault must stay byte-identical. The codes come from `oathtool` and
//! `pyotp` with keys made here (Linux; Wine cannot run them) and, under
//! both, from trayotp's own generator, which `reference_totp.rs` checks
//! against those two.

use crate::common;

use common::*;
use trayotp::domain::{Algorithm, OtpParams, SecretKey, otp};

/// 2025-11-24 16:02:03 UTC, 3 s into a 60 s step.
const AT: u64 = 1_764_000_123;
/// When a second candidate of the hex key `100..120` makes the same 6-digit
/// code as the true one (see `domain::check`'s tests).
const COINCIDENCE_AT: u64 = 1_765_504_503;

fn code(key: &[u8], algorithm: Algorithm, digits: u8, period: u32, at: u64) -> String {
    let params = OtpParams {
        algorithm,
        digits,
        period,
    };
    otp::generate(&SecretKey::new(key.to_vec()), params, at)
        .digits()
        .to_string()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A vault holding one account, so that its bytes can be compared.
fn vault_with_one() -> TestVault {
    let vault = TestVault::new();
    assert_ok(&vault.add("first", SEED_B32));
    vault
}

fn json(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_str(&stdout(output)).unwrap_or_else(|e| panic!("JSON ({e}): {}", stdout(output)))
}

fn account_json(vault: &TestVault, name: &str) -> serde_json::Value {
    let listed = vault.run(&["list", "--json"]);
    assert_ok(&listed);
    json(&listed)
        .as_array()
        .expect("array")
        .iter()
        .find(|a| a["name"] == name)
        .cloned()
        .unwrap_or_else(|| panic!("no account {name}"))
}

fn code_at(vault: &TestVault, name: &str, at: u64) -> String {
    let output = vault.run(&["code", name, "--at", &at.to_string()]);
    assert_ok(&output);
    stdout(&output).trim().to_string()
}

/// Asserts a refusal on one line that shows neither `secrets`, and that
/// the vault file did not change.
fn assert_refused(vault: &TestVault, before: &[u8], output: &std::process::Output, needle: &str, secrets: &[&str]) {
    let line = assert_one_line_error(output, needle);
    for secret in secrets {
        assert!(!line.contains(secret), "the line shows a secret: {line}");
    }
    assert_eq!(vault.bytes(), before, "a refusal leaves the vault byte-identical");
}

#[test]
fn a_code_picks_the_one_reading_and_says_which() {
    let vault = vault_with_one();
    // Digits only: ASCII, and as a number (134 bits), and hex (20 bytes).
    let digits = "3141592653589793238462643383279502884197";
    let truth = code(digits.as_bytes(), Algorithm::Sha256, 8, 30, AT);
    let output = vault.run(&[
        "add",
        "digits",
        "--key",
        digits,
        "--check-code",
        &truth,
        "--at",
        &AT.to_string(),
    ]);
    assert_ok(&output);
    assert_contains(
        &stdout(&output),
        "matched exactly one way of reading the setup number: digits-as-text (ASCII) key, SHA256, 8 digits, 30 s",
    );
    assert_contains(
        &stdout(&output),
        "Added 'digits' (digits-as-text (ASCII) key, SHA256, 8 digits, 30 s).",
    );
    assert_contains(&stdout(&output), "Before you remove the old app");
    let account = account_json(&vault, "digits");
    assert_eq!(
        (
            account["algorithm"].as_str(),
            account["digits"].as_u64(),
            account["period"].as_u64()
        ),
        (Some("SHA256"), Some(8), Some(30))
    );
    for at in [0, AT + 3600, 2_000_000_000] {
        assert_eq!(
            code_at(&vault, "digits", at),
            code(digits.as_bytes(), Algorithm::Sha256, 8, 30, at)
        );
    }

    // The same digits as a number, SHA1, 6 digits, 60 s, the code one step late.
    let number = trayotp::domain::setup_key::parse_as(digits, trayotp::domain::Encoding::Number, Default::default())
        .expect("a number")
        .key;
    let late = code(number.as_bytes(), Algorithm::Sha1, 6, 60, AT - 60);
    let output = vault.run(&[
        "add",
        "number",
        "--key",
        digits,
        "--check-code",
        &late,
        "--at",
        &AT.to_string(),
    ]);
    assert_ok(&output);
    assert_contains(&stdout(&output), "decimal-number key, SHA1, 6 digits, 60 s");
    assert_eq!(
        code_at(&vault, "number", AT + 600),
        code(number.as_bytes(), Algorithm::Sha1, 6, 60, AT + 600)
    );
}

#[test]
fn no_match_several_and_activation_codes_register_nothing() {
    let vault = vault_with_one();
    let before = vault.bytes();
    let at = AT.to_string();

    // Ambiguous without a code: refused, naming both ways out.
    let digits = "12345678901234567890";
    let line = assert_one_line_error(&vault.run(&["add", "x", "--key", digits]), "--check-code");
    assert!(
        line.contains("--encoding base32|hex|ascii|number") && line.contains("(hex, ascii, number)"),
        "{line}"
    );
    assert!(!line.contains(digits), "{line}");
    assert_eq!(vault.bytes(), before);

    // None: a code no reading makes.
    let truth = code(digits.as_bytes(), Algorithm::Sha1, 6, 60, AT);
    let wrong = format!("{:06}", (truth.parse::<u32>().expect("digits") + 500_000) % 1_000_000);
    let output = vault.run(&["add", "x", "--key", digits, "--check-code", &wrong, "--at", &at]);
    assert_refused(
        &vault,
        &before,
        &output,
        "none of 12 way(s) (hex and ascii key; SHA1/SHA256/SHA512; 30 s and 60 s; 6 digits)",
        &[digits, &wrong],
    );

    // Several: at this time two candidates make the code; the next code decides.
    let key: Vec<u8> = (100..120).collect();
    let setup = hex(&key);
    let first = code(&key, Algorithm::Sha1, 6, 60, COINCIDENCE_AT);
    let output = vault.run(&[
        "add",
        "x",
        "--key",
        &setup,
        "--check-code",
        &first,
        "--at",
        &COINCIDENCE_AT.to_string(),
    ]);
    assert_refused(
        &vault,
        &before,
        &output,
        "2 ways of reading the setup number make that code",
        &[&setup, &first],
    );
    assert_contains(&stderr(&output), "--check-code EARLIER --check-code NEXT");
    let next = code(&key, Algorithm::Sha1, 6, 60, COINCIDENCE_AT + 60);
    let later = (COINCIDENCE_AT + 60).to_string();
    let output = vault.run(&[
        "add",
        "x",
        "--key",
        &setup,
        "--check-code",
        &first,
        "--check-code",
        &next,
        "--at",
        &later,
    ]);
    assert_ok(&output);
    assert_contains(&stdout(&output), "hex key, SHA1, 6 digits, 60 s");
    let registered = vault.bytes();

    // Short digits: an activation code, in any width.
    for short in ["123456", "1234 5678 9012", "１２３４５６７８"] {
        let output = vault.run(&["add", "y", "--key", short]);
        assert_refused(&vault, &registered, &output, "activation code", &[short]);
        assert_contains(&stderr(&output), "nothing was registered");
        let output = vault.run(&["add", "y", "--key", short, "--check-code", "123456", "--at", &at]);
        assert_refused(&vault, &registered, &output, "activation code", &[short]);
    }

    // Codes that are not codes.
    for (bad, needle) in [("12a456", "only the digits 0-9"), ("12345", "6 to 8 digits, not 5")] {
        let output = vault.run(&["add", "y", "--key", digits, "--check-code", bad, "--at", &at]);
        assert_refused(&vault, &registered, &output, needle, &[digits, bad]);
    }
    // A link's code must be the link's: checked with its own parameters.
    let link = format!("otpauth://totp/x?secret={SEED_B32}&period=30");
    let link_code = code(b"12345678901234567890", Algorithm::Sha1, 6, 60, AT);
    let output = vault.run(&["add", "y", "--key", &link, "--check-code", &link_code, "--at", &at]);
    assert_refused(
        &vault,
        &registered,
        &output,
        "the otpauth:// link's key",
        &[SEED_B32, &link_code],
    );
}

#[test]
fn hex_that_is_also_base32_needs_a_code_and_a_hex_only_key_does_not() {
    let vault = vault_with_one();
    let before = vault.bytes();
    let both = "ABCDEF234567ABCDEF234567ABCDEF23";
    let line = assert_one_line_error(&vault.run(&["add", "x", "--key", both]), "(base32, hex)");
    assert!(!line.contains(both), "{line}");
    assert_eq!(vault.bytes(), before);
    // 0, 1, 8 and 9 make it hex only: no choice, no "did you mean O" hint.
    let key: Vec<u8> = (0x80..0x94).collect();
    let output = vault.run(&["add", "hex", "--key", &hex(&key).to_uppercase()]);
    assert_ok(&output);
    assert_contains(&stdout(&output), "Added 'hex' (hex key, SHA1, 6 digits, 60 s).");
    assert_eq!(code_at(&vault, "hex", AT), code(&key, Algorithm::Sha1, 6, 60, AT));
    let odd = &hex(&key)[1..];
    let line = assert_one_line_error(
        &vault.run(&["add", "odd", "--key", odd]),
        "39 hex digits, an odd number",
    );
    assert!(!line.contains("did you mean"), "{line}");
}

/// RFC 6238 Appendix B: the seeds are the digits "1234567890" repeated to
/// 20, 32 and 64 bytes; 8 digits, 30 s.
const RFC_VECTORS: &[(u64, &str, &str, &str)] = &[
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
];

fn rfc_seed(len: usize) -> String {
    "1234567890".chars().cycle().take(len).collect()
}

#[test]
fn rfc_6238_appendix_b_through_encoding_ascii() {
    let vault = TestVault::new();
    for (name, algorithm, len) in [("sha1", "SHA1", 20), ("sha256", "SHA256", 32), ("sha512", "SHA512", 64)] {
        let output = vault.run(&[
            "--protector",
            "passphrase",
            "add",
            name,
            "--key",
            &rfc_seed(len),
            "--encoding",
            "ascii",
            "--period",
            "30",
            "--digits",
            "8",
            "--algorithm",
            algorithm,
        ]);
        assert_ok(&output);
        assert_contains(
            &stdout(&output),
            &format!("(digits-as-text (ASCII) key, {algorithm}, 8 digits, 30 s)"),
        );
    }
    for &(at, sha1, sha256, sha512) in RFC_VECTORS {
        assert_eq!(code_at(&vault, "sha1", at), sha1, "SHA1 at {at}");
        assert_eq!(code_at(&vault, "sha256", at), sha256, "SHA256 at {at}");
        assert_eq!(code_at(&vault, "sha512", at), sha512, "SHA512 at {at}");
    }
}

#[test]
fn check_says_now_earlier_later_or_not_at_all() {
    let vault = vault_with_one();
    let seed = b"12345678901234567890";
    let cases: [(u64, i32, serde_json::Value, &str); 4] = [
        (
            AT,
            0,
            serde_json::json!({"matches": true, "step_offset": 0}),
            "is the current code of 'first'",
        ),
        (
            AT - 60,
            1,
            serde_json::json!({"matches": true, "step_offset": -1}),
            "previous code",
        ),
        (
            AT + 60,
            1,
            serde_json::json!({"matches": true, "step_offset": 1}),
            "next code",
        ),
        (
            AT + 600,
            1,
            serde_json::json!({"matches": false, "step_offset": null}),
            "is not a code of 'first'",
        ),
    ];
    for (shown_at, exit, want, words) in cases {
        let shown = code(seed, Algorithm::Sha1, 6, 60, shown_at);
        let output = vault.run(&["check", "first", &shown, "--at", &AT.to_string()]);
        assert_eq!(output.status.code(), Some(exit), "{}", stderr(&output));
        assert_contains(&stdout(&output), words);
        assert_eq!(stderr(&output), "", "the verdict is said once, on stdout");
        if exit == 1 && want["matches"] == true {
            assert_contains(&stdout(&output), "clock");
        }
        let output = vault.run(&["check", "first", &shown, "--at", &AT.to_string(), "--json"]);
        assert_eq!(output.status.code(), Some(exit));
        assert_eq!(json(&output), want);
    }
    // The real clock: this minute's code, made just now (a step boundary
    // passing in between is the one-step case, exit 1, and said so).
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    let output = vault.run(&["check", "first", &code(seed, Algorithm::Sha1, 6, 60, now), "--json"]);
    let verdict = json(&output);
    assert_eq!(verdict["matches"], true, "{verdict}");
    // Not a code, an unknown account: one line, exit 1.
    assert_one_line_error(&vault.run(&["check", "first", "12-34-5x"]), "only the digits 0-9");
    assert_one_line_error(&vault.run(&["check", "nobody", "123456"]), "no account named 'nobody'");
}

#[test]
fn help_names_the_readings_and_the_check() {
    let vault = TestVault::new();
    let help = stdout(&vault.run(&["add", "--help"]));
    for needle in [
        "--check-code",
        "--encoding",
        "base32",
        "hex",
        "ascii",
        "number",
        "30 s",
        "60 s",
    ] {
        assert_contains(&help, needle);
    }
    let help = stdout(&vault.run(&["check", "--help"]));
    assert_contains(&help, "--json");
    assert_contains(&help, "step_offset");
}

/// Against oathtool and pyotp, with keys made here: each reading, checked
/// by a code the reference makes, then later codes compared.
#[cfg(unix)]
mod reference {
    use super::*;
    use std::process::Command;

    fn oathtool(hex_key: &str, algorithm: &str, digits: u8, period: u32, at: u64) -> String {
        let output = Command::new("oathtool")
            .arg(format!("--totp={algorithm}"))
            .args([
                "-d",
                &digits.to_string(),
                "-s",
                &format!("{period}s"),
                &format!("--now=@{at}"),
                hex_key,
            ])
            .output()
            .expect("oathtool is installed (.ci/install-deps)");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    }

    fn python(script: &str) -> String {
        let python = if std::path::Path::new("/usr/bin/python3").exists() {
            "/usr/bin/python3"
        } else {
            "python3"
        };
        let output = Command::new(python).args(["-c", script]).output().expect("python3");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    }

    /// The setup number for `key` written as `encoding`, by Python (an
    /// independent conversion).
    fn written(key: &[u8], encoding: &str) -> String {
        let hex = hex(key);
        match encoding {
            "hex" => hex,
            "base32" => python(&format!(
                "import base64; print(base64.b32encode(bytes.fromhex('{hex}')).decode().rstrip('='))"
            )),
            "number" => python(&format!("print(int('{hex}', 16))")),
            "ascii" => String::from_utf8(key.to_vec()).expect("digits"),
            other => panic!("{other}"),
        }
    }

    fn pyotp(base32: &str, algorithm: &str, digits: u8, period: u32, at: u64) -> String {
        python(&format!(
            "import hashlib, pyotp; print(pyotp.TOTP('{base32}', digits={digits}, digest=hashlib.{}, interval={period}).at({at}))",
            algorithm.to_lowercase()
        ))
    }

    #[test]
    fn every_reading_against_oathtool_and_pyotp() {
        let mut rng = fastrand::Rng::with_seed(11);
        let vault = vault_with_one();
        let combos = [
            ("SHA1", 8u8, 60u32),
            ("SHA256", 6, 30),
            ("SHA512", 7, 60),
            ("SHA1", 6, 30),
        ];
        for (i, encoding) in ["hex", "ascii", "number", "base32"].into_iter().enumerate() {
            let key: Vec<u8> = match encoding {
                "ascii" => (0..rng.usize(16..40)).map(|_| b'0' + rng.u8(0..10)).collect(),
                // A number has no leading zero byte.
                _ => (0..rng.usize(16..40))
                    .map(|j| if j == 0 { rng.u8(1..) } else { rng.u8(..) })
                    .collect(),
            };
            let setup = written(&key, encoding);
            let (algorithm, digits, period) = combos[i];
            let hex_key = hex(&key);
            let base32 = written(&key, "base32");

            // Checked: the reference's code now picks the reading.
            let name = format!("checked-{encoding}");
            let shown = oathtool(&hex_key, algorithm, digits, period, AT);
            let output = vault.run(&[
                "add",
                &name,
                "--key",
                &setup,
                "--check-code",
                &shown,
                "--at",
                &AT.to_string(),
            ]);
            assert_ok(&output);
            assert_contains(&stdout(&output), &format!("{algorithm}, {digits} digits, {period} s"));
            // Explicit: exactly what the user said.
            let explicit = format!("explicit-{encoding}");
            let output = vault.run(&[
                "add",
                &explicit,
                "--key",
                &setup,
                "--encoding",
                encoding,
                "--algorithm",
                algorithm,
                "--digits",
                &digits.to_string(),
                "--period",
                &period.to_string(),
            ]);
            assert_ok(&output);
            for at in [59, AT + 7 * 86_400, 4_000_000_000] {
                let want = oathtool(&hex_key, algorithm, digits, period, at);
                assert_eq!(code_at(&vault, &name, at), want, "{encoding} checked at {at}");
                assert_eq!(code_at(&vault, &explicit, at), want, "{encoding} explicit at {at}");
                assert_eq!(pyotp(&base32, algorithm, digits, period, at), want, "pyotp agrees");
            }
        }
    }
}
