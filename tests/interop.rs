//! Imports every export file that other apps and tools wrote, kept in
//! `shared/interop/` beside the repository (read in place, never copied
//! into the project), with the real binary natively and the .exe under
//! Wine. For each file the test states what its source repository says it
//! holds (names, issuer, key, algorithm, digits, period, the entries to be
//! left out) and checks:
//! - the accounts `trayotp list --json` shows, and the entries reported as
//!   skipped, by name and reason;
//! - the key trayotp read (`trayotp export --format uris`) against the
//!   secret the source states;
//! - `trayotp code NAME --at T` against `oathtool` (on the key trayotp read)
//!   and `pyotp` (on the source's secret).
//!
//! The folder is found through `TRAYOTP_INTEROP_DIR`, or as `shared/interop`
//! beside the repository or one of its parents (a worktree sits deeper than
//! the main checkout). If it is missing, the tests fail: interop is proven
//! on those files or not at all.
//!
//! Under Wine, the .exe cannot wait for a Linux program, but Wine does
//! start one: the references run in `/bin/sh`, which writes their codes to
//! files in a folder both sides see, and the test waits for them (bounded).
//! That harness is `tests/common/interop.rs`, shared with `tests/interop_peers.rs`.
//!
//! Not on a native Windows runner (the MSVC job of .github/workflows/ci.yml):
//! it has neither `shared/interop/` (not part of the repository) nor
//! `/bin/sh`, `oathtool` and `pyotp`. Windows builds of this test are the
//! GNU ones run under Wine, on Linux, where all three are at hand.
#![cfg(any(unix, target_env = "gnu"))]

use crate::common;

use std::path::PathBuf;
use std::process::Output;

use common::interop::{self, *};
use common::*;

/// The password of the encrypted Aegis vaults (Aegis's and Stratum's tests).
const AEGIS_PASSWORD: &str = "test";

const ISSUU_KEY: &str = "YOOMIXWS5GN6RTBPUFFWKTW5M4";
const AIR_CANADA_KEY: &str = "KUVJJOM753IHTNDSZVCNKL7GII";
const WWE_KEY: &str = "5VAML3X35THCEBVRLV24CGBKOY";
// extract_otp_secrets's example (its tests' expected output).
const PI_KEY: &str = "7KSQL2JTUDIS5EF65KLMRQIIGY";
const RASPBERRY: Want = totp("raspberrypi: pi@raspberrypi", Some("raspberrypi"), PI_KEY, PLAIN);
const SCITO_SKIPPED: &[&str] = &[
    "skipped 'hotp demo': HOTP",
    // The same key again: one account, whatever the names.
    "skipped 'pi@raspberrypi': it is already in the vault as 'raspberrypi: pi@raspberrypi'",
    "skipped 'raspberrypi: pi@raspberrypi': it is already in the vault",
    "skipped 'encoding: ¿äÄéÉ? (demo)': it is already in the vault as 'raspberrypi: pi@raspberrypi'",
];

/// otpauth_migration's list1Of3 + list2Of3 + list3Of3 (account, key).
const ACME: [(&str, &str); 22] = [
    ("ACME: one@example.com", "IAGLPK22QIFXMRGJOI5KOP4AVK4KZMA5"),
    ("ACME: two@example.com", "6ZUPZ3NSDAXDGK2ZPCPOMD4YE2HQE24W"),
    ("ACME: three@example.com", "GU6ZC4RAKB7NJF7GSYNZ35RSPEE2266M"),
    ("ACME: four@example.com", "O5SI6Y6RPZQOM5ERZBEDXIRUCYSV52JG"),
    ("ACME: five@example.com", "IZK5YWF2SF4QG5KN2RN4EB5SRYKHETAQ"),
    ("ACME: six@example.com", "6W5S5WAHT75DRM2VAC7GYG74CDGEWE5B"),
    ("ACME: seven@example.com", "HZNJRPUUVLSPYOKTQ6YPPIB5WXEPRNRC"),
    ("ACME: eight@example.com", "UY7C4A5GFDQTXD2ACN2WLMH7NMCCQCV6"),
    ("ACME: nine@example.com", "YMS3K3GIDQMLONKPX4PMJDABDBAH7DI5"),
    ("ACME: ten@example.com", "Q62RMEJWYH3BFBEN3FG4QMVI76HIRAZ6"),
    ("ACME: eleven@example.com", "THLTHCVECVY26KLRXX2YRKO5R6YLW3N6"),
    ("ACME: twelve@example.com", "BAW7FHQ6WUIR45XAAZLPP6RIPGOINTJR"),
    ("ACME: thirteen@example.com", "DG4YO57CIZP6EXQVPNX2CAIDHQVVTNPY"),
    ("ACME: fourteen@example.com", "JOG5SC47ILJDTYMIERJEILRQWFESAICZ"),
    ("ACME: fifteen@example.com", "BVY4GXU3IMOG4PD56DL6HPJQL7CB6PUJ"),
    ("ACME: sixteen@example.com", "IA5EG43T2JSN6SUQBEKMYDMHNVBI3OTT"),
    ("ACME: seventeen@example.com", "IGJ6T66PYDCPVKEV2RPE6TIDKCU55URT"),
    ("ACME: eighteen@example.com", "YPGFOQQC7JF4Z5T72L3EIMQUC6VB5ZTH"),
    ("ACME: nineteen@example.com", "RRD5MACKXUFS274VWKK2KILZ4RGIB46N"),
    ("ACME: twenty@example.com", "SG77VLHMDQWUHG7SMGY7DBLTHQRXFPDB"),
    ("ACME: twenty-one@example.com", "NY3N2UB6TJAW5KUZOEF6PYB34AJKDJ7T"),
    ("ACME: twenty-two@example.com", "M6KEUVYSKYX3H6KFYYAYOLTNIC7TJSOC"),
];

/// An encrypted file of the Aegis and Stratum tests.
fn encrypted(case: Case) -> Case {
    interop::encrypted(AEGIS_PASSWORD, case)
}

const AEGIS: &str = "Aegis vault";
const TWOFAS: &str = "2FAS backup";
const GOOGLE: &str = "Google Authenticator export";
const URIS: &str = "otpauth:// list";

fn aegis_cases() -> Vec<Case> {
    // The last one has an empty issuer: the name alone.
    let username = totp("Username", None, "BBBBBBBBBBBBBBBBBBBBBBBB", PLAIN);
    let stratum = [LONG_PERIOD, SHA256, SHA512, STANDARD, NO_ISSUER, username];
    let stratum_skipped: &[&str] = &[
        "skipped 'Many: Digits': '9' digits is not supported",
        "skipped 'Standard: Hotp': HOTP",
        "skipped 'Motp': 'motp' codes are not supported",
        "skipped 'Yandex': 'yandex' codes are not supported",
        "skipped 'Steam': Steam",
    ];
    vec![
        case("aegis-app_aegis_plain.json", AEGIS, AEGIS_TOTP, AEGIS_SKIPPED),
        case(
            "aegis-app_aegis_plain_grouped_v2.json",
            AEGIS,
            AEGIS_TOTP,
            AEGIS_SKIPPED,
        ),
        encrypted(case("aegis-app_aegis_encrypted.json", AEGIS, AEGIS_TOTP, AEGIS_SKIPPED)),
        case("stratum_aegis.unencrypted.json", AEGIS, &stratum, stratum_skipped),
        encrypted(case("stratum_aegis.encrypted.json", AEGIS, &stratum, stratum_skipped)),
    ]
}

fn twofas_cases() -> Vec<Case> {
    // Schema 1 has no parameters at all, and no HOTP: Aegis's test reads every
    // entry as TotpInfo(secret), 30 s, 6 digits, SHA-1.
    let schema1: Vec<Want> = [
        ("Deno: Mason", "Deno", DENO.secret),
        ("SPDX: James", "SPDX", SPDX.secret),
        ("Airbnb: Elijah", "Airbnb", AIRBNB.secret),
        ("Issuu: James", "Issuu", ISSUU_KEY),
        ("Air Canada: Benjamin", "Air Canada", AIR_CANADA_KEY),
        ("WWE: Mason", "WWE", WWE_KEY),
    ]
    .into_iter()
    .map(|(name, issuer, secret)| totp(name, Some(issuer), secret, PLAIN))
    .collect();
    // Schema 2 has no HOTP either: the vectors' HOTP entries are TOTP with
    // their algorithm and digits and 2FAS's default period, 30 s.
    let schema2 = [
        DENO,
        AIRBNB,
        totp("Issuu: James", Some("Issuu"), ISSUU_KEY, PLAIN),
        totp("WWE: Mason", Some("WWE"), WWE_KEY, ("SHA512", 8, 30)),
    ];
    let hotp: &[&str] = &[
        "skipped 'Issuu: James': HOTP",
        "skipped 'Air Canada: Benjamin': HOTP",
        "skipped 'WWE: Mason': HOTP",
    ];
    vec![
        case("aegis-app_2fas_authenticator_schema1.json", TWOFAS, &schema1, &[]),
        case("aegis-app_2fas_authenticator_plain_schema2.2fas", TWOFAS, &schema2, &[]),
        case("aegis-app_2fas_authenticator_plain_v3.2fas", TWOFAS, AEGIS_TOTP, hotp),
        case(
            "aegis-app_2fas_authenticator_plain_v4.2fas",
            TWOFAS,
            &[DENO],
            AEGIS_SKIPPED,
        ),
        case(
            "stratum_twofas.unencrypted.2fas",
            TWOFAS,
            &[STANDARD, NO_ISSUER, SHA256, SHA512, LONG_PERIOD],
            &["skipped 'Standard: Hotp': HOTP"],
        ),
    ]
}

fn google_cases() -> Vec<Case> {
    let acme: Vec<Want> = ACME
        .iter()
        .map(|&(name, secret)| totp(name, Some("ACME"), secret, PLAIN))
        .collect();
    let misc = [
        // 80-bit keys: imported, with a warning.
        totp("My Test Account", None, "ZEBIZQGVMZJ5LXHE", PLAIN),
        totp(
            "ACME Co: john@example.com",
            Some("ACME Co"),
            "NHCKM5GMIOZIHAXDK2O5O4Q3ECNUSUW2",
            PLAIN,
        ),
        totp(
            "Beta Ltd.: homer@example.com",
            Some("Beta Ltd."),
            "LZEP5ZGGGZVLYCUOZHD5TIHMNZXJGASW",
            PLAIN,
        ),
        totp(
            "Cats & Dogs: marge@example.com",
            Some("Cats & Dogs"),
            "GDC4WNINHYDCQI32X4UGDQLVYNKPNG2W",
            PLAIN,
        ),
        totp(
            "Daily Bugle: peter@example.com",
            Some("Daily Bugle"),
            "XJY7G3TOMH6LKDWTFCSSZQR6OWDFRVPC",
            PLAIN,
        ),
        totp(
            "ACME Co: john.doe@example.com",
            Some("ACME Co"),
            "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ",
            PLAIN,
        ),
        totp("Example: alice@google.com", Some("Example"), "JBSWY3DPEHPK3PXP", PLAIN),
    ];
    let serenity: Vec<Want> = [
        (
            "SerenityLabs: test1@serenitylabs.co.uk",
            "A4RFDYMF4GSLUIBQV4ZP67OJEZ2XUQVM",
        ),
        (
            "SerenityLabs: test2@serenitylabs.co.uk",
            "SCDDZ7PW5MOZLE3PQCAZM7L4S35K3UDX",
        ),
        (
            "SerenityLabs: test3@serenitylabs.co.uk",
            "TR76272RVYO6EAEY2FX7W7R7KUDEGPJ4",
        ),
        (
            "SerenityLabs: test4@serenitylabs.co.uk",
            "N2ILWSXSJUQUB7S6NONPJSC62NPG7EXN",
        ),
    ]
    .into_iter()
    .map(|(name, secret)| totp(name, Some("SerenityLabs"), secret, PLAIN))
    .collect();
    let mut scito = case("scito_example_export.txt", GOOGLE, &[RASPBERRY], SCITO_SKIPPED);
    scito.skipped_count = 5;
    vec![
        // dim13's TestConvert states the link; its key is 80 bits.
        case(
            "dim13_convert_test.txt",
            GOOGLE,
            &[totp(
                "Example: alice@google.com",
                Some("Example"),
                "JBSWY3DPEHPK3PXP",
                PLAIN,
            )],
            &["'Example: alice@google.com': the key is only 80 bits long"],
        ),
        // TestStdBase64 states only that the link reads; its key is the
        // protobuf's 20 bytes (11cc4272…78f4), Base32 as below.
        case(
            "dim13_std_base64.txt",
            GOOGLE,
            &[totp(
                "Example: alice@google.com",
                Some("Example"),
                "CHGEE4VO72DVNFA76NJS7HL6EREGQ6HU",
                PLAIN,
            )],
            &[],
        ),
        case("johncallahan_3part_export.txt", GOOGLE, &acme, &[]),
        case("johncallahan_3part_export_raw.txt", GOOGLE, &acme, &[]),
        case(
            "johncallahan_misc.txt",
            GOOGLE,
            &misc,
            &["'My Test Account': the key is only 80 bits"],
        ),
        // `#` comment lines first: detected as a Google export all the same.
        scito,
        case("scito_test_plus_problem_export.txt", GOOGLE, &serenity, &[]),
        // Google's format has no period: Stratum's 60-second account comes
        // out as Google Authenticator's 30 seconds.
        case(
            "stratum_googleauthenticator.txt",
            GOOGLE,
            &[
                SHA512,
                SHA256,
                STANDARD,
                totp("NoIssuer", None, NO_ISSUER.secret, PLAIN),
                totp("Long: Period", Some("Long"), LONG_PERIOD.secret, PLAIN),
            ],
            &["skipped 'Standard: Hotp': HOTP"],
        ),
    ]
}

fn uri_cases() -> Vec<Case> {
    let ente_skipped: &[&str] = &[
        "skipped 'Air Canada: Benjamin (line 1)': HOTP",
        "skipped 'Boeing: Sophia (line 3)': Steam",
        "skipped 'Issuu: James (line 5)': HOTP",
        "skipped 'WWE: Mason (line 7)': HOTP",
    ];
    let plain_skipped: &[&str] = &[
        "skipped 'Issuu: James (line 4)': HOTP",
        "skipped 'Air Canada: Benjamin (line 5)': HOTP",
        "skipped 'WWE: Mason (line 6)': HOTP",
        "skipped 'Boeing: Sophia (line 7)': Steam",
    ];
    let mut scito = case(
        "scito_url_list_output.txt",
        URIS,
        &[RASPBERRY],
        &[
            "skipped 'hotp demo (line 5)': HOTP",
            "skipped 'pi@raspberrypi': it is already in the vault as 'raspberrypi: pi@raspberrypi'",
            "skipped 'raspberrypi: pi@raspberrypi': it is already in the vault",
            "skipped 'encoding: ¿äÄéÉ? (demo)': it is already in the vault as",
        ],
    );
    scito.skipped_count = 5;
    vec![
        // Ente Auth writes every parameter, plus its own codeDisplay=.
        case("aegis-app_ente_auth.txt", URIS, &[AIRBNB, DENO, SPDX], ente_skipped),
        case("aegis-app_plain.txt", URIS, AEGIS_TOTP, plain_skipped),
        scito,
        // Stratum's Ente export and URI list leave period=, digits= and
        // algorithm= out where they are the defaults: its Aegis export of
        // the same accounts states 30 s, 6 digits, SHA-1 for them.
        case(
            "stratum_ente.unencrypted.txt",
            URIS,
            &[LONG_PERIOD, NO_ISSUER, SHA256, SHA512, STANDARD],
            &[
                "skipped 'Many: Digits (line 2)': '9' digits is not supported",
                "skipped 'Standard: Hotp (line 6)': HOTP",
            ],
        ),
        case(
            "stratum_urilist.txt",
            URIS,
            &[LONG_PERIOD, SHA256, SHA512, STANDARD, NO_ISSUER],
            &[
                "skipped 'Many: Digits (line 2)': '9' digits is not supported",
                "skipped 'Standard: Hotp (line 5)': HOTP",
            ],
        ),
    ]
}

/// The files trayotp refuses, and a part of the one-line reason.
const REFUSED: &[(&str, &str)] = &[(
    "aegis-app_2fas_authenticator_encrypted_v4.2fas",
    "this 2FAS backup is protected by a password, which trayotp cannot read: in 2FAS, export a backup without a password",
)];

/// `shared/interop` (`TRAYOTP_INTEROP_DIR`).
fn interop_dir() -> PathBuf {
    shared_dir("interop", "TRAYOTP_INTEROP_DIR")
}

/// `trayotp` with the Aegis files' password, whichever file (the password
/// is asked only by an encrypted one).
fn run(vault: &TestVault, _password: Option<&str>, args: &[&str]) -> Output {
    let mut command = vault.command();
    command.env("TRAYOTP_BACKUP_PASSPHRASE", AEGIS_PASSWORD).args(args);
    command.output().expect("trayotp runs")
}

#[test]
fn aegis_vaults_import_with_their_codes() {
    check_all(&interop_dir(), &aegis_cases(), run);
}

#[test]
fn twofas_backups_import_with_their_codes() {
    check_all(&interop_dir(), &twofas_cases(), run);
}

#[test]
fn google_exports_import_with_their_codes() {
    check_all(&interop_dir(), &google_cases(), run);
}

#[test]
fn uri_lists_import_with_their_codes() {
    check_all(&interop_dir(), &uri_cases(), run);
}

#[test]
fn the_encrypted_2fas_backup_is_refused_with_a_reason_and_changes_nothing() {
    assert_refused(&interop_dir(), REFUSED, None, run);
}

#[test]
fn every_file_in_the_folder_has_its_expectations() {
    let covered = [aegis_cases(), twofas_cases(), google_cases(), uri_cases()]
        .into_iter()
        .flatten()
        .map(|case| case.file.to_string())
        .chain(REFUSED.iter().map(|(file, _)| file.to_string()));
    assert_holds_exactly(&interop_dir(), covered, 24);
}

#[test]
fn a_link_without_period_adds_and_imports_as_30_seconds() {
    // As Ente Auth and Stratum write 30-second accounts.
    let link = "otpauth://totp/Standard%3ATotp?secret=54VEGZFJHM3BGDONFERMPUOKNGDJETGM&issuer=Standard";
    let added = TestVault::new();
    let output = added.run(&["--protector", "passphrase", "add", "Standard", "--key", link]);
    assert_ok(&output);
    assert_contains(&stdout(&output), "(SHA1, 6 digits, 30 s)");

    let imported = TestVault::new();
    let file = imported.dir.path().join("one.txt");
    std::fs::write(&file, format!("{link}\n")).expect("write");
    let output = run(
        &imported,
        None,
        &["--protector", "passphrase", "import", file.to_str().expect("utf-8")],
    );
    assert_ok(&output);

    let (oath, py) = reference_codes(&[Request {
        secret: "54VEGZFJHM3BGDONFERMPUOKNGDJETGM".into(),
        algorithm: "SHA1",
        digits: 6,
        period: 30,
    }]);
    assert_eq!(oath, py);
    for (vault, name) in [(&added, "Standard"), (&imported, "Standard: Totp")] {
        let code = vault.run(&["code", name, "--at", &AT.to_string(), "--json"]);
        assert_ok(&code);
        let json: serde_json::Value = serde_json::from_str(&stdout(&code)).expect("json");
        assert_eq!(json["period"], 30, "{name}");
        assert_eq!(json["code"], oath[0].as_str(), "{name}");
    }
}
