//! Imports every export file of password managers and other authenticators
//! kept in `shared/interop-peers/` beside the repository (read in place,
//! never copied into the project), with the real binary natively and the
//! .exe under Wine: Bitwarden, Proton Authenticator, Ente Auth, LastPass
//! Authenticator, Authenticator Pro / Stratum, andOTP and FreeOTP+. For each
//! file the test states what its source repository's test says it holds
//! (names, issuer, key, algorithm, digits, period, the entries to be left
//! out; the folder's README names each source) and checks:
//! - the accounts `trayotp list --json` shows, and the entries reported as
//!   skipped, by name and reason;
//! - the key trayotp read (`trayotp export --format uris`) against the
//!   secret the source states;
//! - `trayotp code NAME --at T` against `oathtool` (on the key trayotp read)
//!   and `pyotp` (on the source's secret);
//! - every encrypted file refused with a wrong password, and the Bitwarden
//!   file encrypted with an account key refused, each in one line and
//!   with the vault unchanged.
//!
//! The folder is found through `TRAYOTP_INTEROP_PEERS_DIR`, or as
//! `shared/interop-peers` beside the repository or one of its parents. If
//! it is missing, or holds a file this test does not know, the test fails.
//! Under Wine the references run as in `tests/interop.rs`: `/bin/sh`
//! writes their codes to files both sides see. The harness (finding the
//! folder, importing, checking codes) is `tests/common/interop.rs`, shared
//! with `tests/interop.rs`.

use crate::common;

use std::process::Output;

use common::interop::*;
use common::*;

const AEGIS_HOTP: &[&str] = &[
    "skipped 'Issuu: James': HOTP",
    "skipped 'Air Canada: Benjamin': HOTP",
    "skipped 'WWE: Mason': HOTP",
];
const BITWARDEN: &str = "Bitwarden export";
const PROTON: &str = "Proton Authenticator backup";
const ENTE: &str = "Ente Auth export";
const LASTPASS: &str = "LastPass Authenticator export";
const AUTHPRO: &str = "Authenticator Pro backup";
const ANDOTP: &str = "andOTP backup";
const FREEOTP: &str = "FreeOTP+ export";
const KEEPASS: &str = "KeePass database";
const WINAUTH: &str = "WinAuth export";

fn bitwarden_cases() -> Vec<Case> {
    // Stratum's Bitwarden files: its accounts as links, a bare key, a
    // 9-digit link and steam://, beside a card, an identity and a note
    // (passed over without a word).
    // The item "Secret" with the user name "Only" and a bare key.
    let secret_only = totp(
        "Secret: Only",
        Some("Secret"),
        "JOR2VZXMNHACFNLRAOACFFRDRYAOFMLB",
        PLAIN,
    );
    let stratum = [LONG_PERIOD, NO_ISSUER, secret_only, SHA256, SHA512, STANDARD];
    let stratum_skipped: &[&str] = &[
        "skipped 'Many: Digits': '9' digits is not supported",
        "skipped 'Steam: john@example.com': Steam",
    ];
    // Proton's Bitwarden Authenticator export (JSON and CSV): most keys are
    // under 80 bits; the 80-bit one imports with a warning.
    let seven = totp(
        "SevenDigits: Seven digit username",
        Some("SevenDigits"),
        "SEVENDIGITSECRET",
        ("SHA1", 7, 30),
    );
    // Warnings come first, then the entries left out.
    let proton_skipped: &[&str] = &[
        "'SevenDigits: Seven digit username': the key is only 80 bits long",
        "skipped 'ISSUER: LABEL_256_8_15': the key is only 48 bits long",
        "skipped 'ISSUER_DEFAULT: LABEL_DEFAULT': the key is only 48 bits long",
        "skipped 'SteamName': Steam",
    ];
    // KeePassXC's: one login "KeePassXC" (user name "keepassxc", the same
    // word: named once) whose key is 14 lower-case characters, not a whole
    // Base32 key.
    let keepassxc_encrypted: &[&str] = &["skipped 'KeePassXC': the setup number has 14 Base32 characters"];
    vec![
        case(
            "aegis_bitwarden.json",
            BITWARDEN,
            AEGIS_TOTP,
            &["skipped 'Test Steam': Steam"],
        ),
        case(
            "aegis_bitwarden.csv",
            BITWARDEN,
            AEGIS_TOTP,
            &["skipped 'Test 4': Steam"],
        ),
        case(
            "keepassxc_bitwarden_export.json",
            BITWARDEN,
            &[],
            &["skipped 'Google: myusername@gmail.com': the key is only 32 bits long"],
        ),
        encrypted(
            "a",
            case(
                "keepassxc_bitwarden_encrypted_export.json",
                BITWARDEN,
                &[],
                keepassxc_encrypted,
            ),
        ),
        encrypted(
            "a",
            case(
                "keepassxc_bitwarden_encrypted_argon2id_export.json",
                BITWARDEN,
                &[],
                keepassxc_encrypted,
            ),
        ),
        case("proton_bitwarden.json", BITWARDEN, &[seven], proton_skipped),
        case("proton_bitwarden.csv", BITWARDEN, &[seven], proton_skipped),
        case(
            "proton_bitwarden_app.json",
            BITWARDEN,
            &[totp(
                "ItemWithTOTP: myusername",
                Some("ItemWithTOTP"),
                "KNKVARKSKNCUGUSFKRFUKWJR",
                PLAIN,
            )],
            &[],
        ),
        case(
            "stratum_bitwarden.unencrypted.json",
            BITWARDEN,
            &stratum,
            stratum_skipped,
        ),
        encrypted(
            "rud9^5S6$^Ewmr%d",
            case(
                "stratum_bitwarden.encrypted.pbkdf2.json",
                BITWARDEN,
                &stratum,
                stratum_skipped,
            ),
        ),
    ]
}

fn proton_cases() -> Vec<Case> {
    // Ente's fixture: every value is stated by its test, including the
    // issuers ".env" and "/e/" and a label ":cool@ente.com".
    let accounts = [
        totp(
            ".env: example@ente.io",
            Some(".env"),
            "MI4GCOJSGIZTKLJSGMZWKLJUGEZDQLJYG5STILJSMUYDIYTCMQ3TSOJRGI",
            PLAIN,
        ),
        totp("/e/: cool@ente.com", Some("/e/"), "554VBDOGJRLDG2JV", PLAIN),
        totp(
            "ente: simple@ente.sh",
            Some("ente"),
            "PIBTGMBYQYVSLN5PVZYQUTKYHOBRYYT7",
            PLAIN,
        ),
        totp(
            "reddit: r@ente.com",
            Some("reddit"),
            "J4YFC3TZKVYWCVCNIVBWIV2GHFAXUNDF",
            PLAIN,
        ),
    ];
    let warned: &[&str] = &["'/e/: cool@ente.com': the key is only 80 bits long"];
    vec![
        case("ente_proton_authenticator_backup.json", PROTON, &accounts, warned),
        encrypted(
            "1231246",
            case(
                "ente_proton_authenticator_backup_encrypted_1231246.json",
                PROTON,
                &accounts,
                warned,
            ),
        ),
    ]
}

fn ente_cases() -> Vec<Case> {
    vec![
        // Proton's low-cost file: 1 TOTP (its key under 80 bits), 1 Steam, 1 HOTP.
        encrypted(
            "password",
            case(
                "proton_encrypted.lowcomplexity.txt",
                ENTE,
                &[],
                &[
                    "skipped 'dfdf: adfasdf (line 1)': HOTP",
                    "skipped 'issuertest: accountest (line 2)': the key is only 48 bits long",
                    "skipped 'steam (line 3)': Steam",
                ],
            ),
        ),
        // Stratum's: Argon2id at 1 GiB and 4 passes; inside, the plain
        // export that tests/interop.rs reads as stratum_ente.unencrypted.txt.
        encrypted(
            "test",
            case(
                "stratum_ente.encrypted.json",
                ENTE,
                &[LONG_PERIOD, NO_ISSUER, SHA256, SHA512, STANDARD],
                &[
                    "skipped 'Many: Digits (line 2)': '9' digits is not supported",
                    "skipped 'Standard: Hotp (line 6)': HOTP",
                ],
            ),
        ),
    ]
}

fn lastpass_cases() -> Vec<Case> {
    let no_issuer = totp("NoIssuer", None, NO_ISSUER.secret, PLAIN);
    vec![
        case(
            "proton_lastpass.json",
            LASTPASS,
            // "JDJDDJDJUEJEBDBFNF": 18 characters, 88 bits of key and 2
            // left-over bits every decoder drops; the same key written
            // canonically ends in E.
            &[totp("sha512 name", None, "JDJDDJDJUEJEBDBFNE", ("SHA512", 6, 30))],
            &[
                "skipped 'issuer: account name default': the setup number has 19 Base32 characters",
                "skipped 'other: sha256': the setup number has 17 Base32 characters",
            ],
        ),
        case(
            "proton_lastpass_missing_fields.json",
            LASTPASS,
            &[],
            &["skipped 'sometest': the setup number has 22 Base32 characters"],
        ),
        case(
            "stratum_lastpass.json",
            LASTPASS,
            &[STANDARD, LONG_PERIOD, no_issuer, SHA256, SHA512],
            &["skipped 'Many: Digits': '9' digits is not supported"],
        ),
    ]
}

fn authpro_cases() -> Vec<Case> {
    let no_issuer = totp("NoIssuer", Some("NoIssuer"), NO_ISSUER.secret, PLAIN);
    vec![
        case("aegis_stratum_plain.json", AUTHPRO, AEGIS_TOTP, AEGIS_SKIPPED),
        encrypted(
            "test",
            case("aegis_stratum_encrypted.bin", AUTHPRO, AEGIS_TOTP, AEGIS_SKIPPED),
        ),
        encrypted(
            "test",
            case("aegis_stratum_encrypted_legacy.bin", AUTHPRO, AEGIS_TOTP, AEGIS_SKIPPED),
        ),
        encrypted(
            "test",
            case(
                "stratum_backup.legacy.authpro",
                AUTHPRO,
                &[LONG_PERIOD, SHA256, SHA512, STANDARD, no_issuer],
                &[
                    "skipped 'Many: Digits': '9' digits is not supported",
                    "skipped 'Standard: Hotp': HOTP",
                ],
            ),
        ),
    ]
}

fn andotp_cases() -> Vec<Case> {
    vec![
        case("aegis_andotp_plain.json", ANDOTP, AEGIS_TOTP, AEGIS_SKIPPED),
        encrypted(
            "test",
            case("aegis_andotp_encrypted.bin", ANDOTP, AEGIS_TOTP, AEGIS_SKIPPED),
        ),
        // Old andOTP's labels "Deno - Deno:Mason" read as "Deno: Mason"; it had no Steam entry.
        encrypted(
            "test",
            case("aegis_andotp_encrypted_old.bin", ANDOTP, AEGIS_TOTP, AEGIS_HOTP),
        ),
    ]
}

fn freeotp_cases() -> Vec<Case> {
    // Its tokens in the file's order: the HOTP ones first.
    vec![case(
        "aegis_freeotp_plus.json",
        FREEOTP,
        &[AIRBNB, SPDX, DENO],
        &[
            "skipped 'WWE: Mason': HOTP",
            "skipped 'Air Canada: Benjamin': HOTP",
            "skipped 'Issuu: James': HOTP",
        ],
    )]
}

fn keepass_cases() -> Vec<Case> {
    vec![
        // KeePassXC's "/Sample Entry": the legacy TOTP Seed with "30;6"
        // (KDBX 3.1, AES-KDF); the other entry has no TOTP.
        encrypted(
            "a",
            case(
                "keepassxc_NewDatabase.kdbx",
                KEEPASS,
                &[totp(
                    "Sample Entry: User Name",
                    Some("Sample Entry"),
                    "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ",
                    PLAIN,
                )],
                &[],
            ),
        ),
        // keepass-rs's "sha512 totp" (KDBX 4, Argon2d): its otp link holds
        // a 48-bit key.
        encrypted(
            "test",
            case(
                "keepass-rs_test_db_kdbx4_with_totp_sha512_entry.kdbx",
                KEEPASS,
                &[],
                &["skipped 'sha512 totp: none': the key is only 48 bits long"],
            ),
        ),
    ]
}

fn winauth_cases() -> Vec<Case> {
    // One link without period= (30 s) or algorithm=, and WinAuth's icon=.
    vec![encrypted(
        "test",
        case(
            "stratum_winauth.zip",
            WINAUTH,
            &[totp("Authenticator", None, "TESTTESTTESTTESTTESQ", PLAIN)],
            &[],
        ),
    )]
}

fn all_cases() -> Vec<Case> {
    [
        bitwarden_cases(),
        proton_cases(),
        ente_cases(),
        lastpass_cases(),
        authpro_cases(),
        andotp_cases(),
        freeotp_cases(),
        keepass_cases(),
        winauth_cases(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The files trayotp refuses, and a part of the one-line reason.
const REFUSED: &[(&str, &str)] = &[(
    "stratum_bitwarden.encrypted.accountrestricted.json",
    "this Bitwarden export is encrypted with your Bitwarden account's key, which only Bitwarden can open: in Bitwarden, export again",
)];

fn run(vault: &TestVault, password: Option<&str>, args: &[&str]) -> Output {
    let mut command = vault.command();
    if let Some(password) = password {
        command.env("TRAYOTP_BACKUP_PASSPHRASE", password);
    }
    command.args(args).output().expect("trayotp runs")
}

#[test]
fn bitwarden_exports_import_with_their_codes() {
    check_all(&peers_dir(), &bitwarden_cases(), run);
}

#[test]
fn proton_backups_import_with_their_codes() {
    check_all(&peers_dir(), &proton_cases(), run);
}

#[test]
fn ente_exports_import_with_their_codes() {
    check_all(&peers_dir(), &ente_cases(), run);
}

#[test]
fn lastpass_exports_import_with_their_codes() {
    check_all(&peers_dir(), &lastpass_cases(), run);
}

#[test]
fn authenticator_pro_backups_import_with_their_codes() {
    check_all(&peers_dir(), &authpro_cases(), run);
}

#[test]
fn andotp_backups_import_with_their_codes() {
    check_all(&peers_dir(), &andotp_cases(), run);
}

#[test]
fn freeotp_exports_import_with_their_codes() {
    check_all(&peers_dir(), &freeotp_cases(), run);
}

#[test]
fn keepass_databases_import_with_their_codes() {
    check_all(&peers_dir(), &keepass_cases(), run);
}

#[test]
fn the_winauth_zip_imports_with_its_code() {
    check_all(&peers_dir(), &winauth_cases(), run);
}

#[test]
fn the_account_key_bitwarden_file_is_refused_with_advice_and_changes_nothing() {
    assert_refused(&peers_dir(), REFUSED, Some("any password"), run);
}

#[test]
fn a_wrong_password_is_refused_in_one_line_and_changes_nothing() {
    let dir = peers_dir();
    let cases: Vec<Case> = all_cases().into_iter().filter(|case| case.password.is_some()).collect();
    assert!(cases.len() >= 10, "{} encrypted files", cases.len());
    let vault = TestVault::new();
    assert_ok(&vault.add("keep me", SEED_B32));
    let before = vault.bytes();
    for case in &cases {
        let output = run(
            &vault,
            Some("not the password"),
            &["import", &for_program(&dir.join(case.file))],
        );
        let line = assert_one_line_error(&output, "wrong passphrase");
        assert!(line.contains(case.file), "{line}");
        assert_eq!(vault.bytes(), before, "{}: the vault changed", case.file);
    }
}

#[test]
fn every_file_in_the_folder_has_its_expectations() {
    let covered = all_cases()
        .into_iter()
        .map(|case| case.file.to_string())
        .chain(REFUSED.iter().map(|(file, _)| file.to_string()));
    assert_holds_exactly(&peers_dir(), covered, 29);
}
