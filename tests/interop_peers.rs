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
//! writes their codes to files both sides see.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use common::*;

/// The time at which codes are compared.
const AT: u64 = 1_700_000_000;

/// One account a file must import as.
#[derive(Clone, Copy, Debug)]
struct Want {
    name: &'static str,
    issuer: Option<&'static str>,
    /// The key as the source states it (Base32).
    secret: &'static str,
    algorithm: &'static str,
    digits: u8,
    period: u32,
}

const fn totp(
    name: &'static str,
    issuer: Option<&'static str>,
    secret: &'static str,
    (algorithm, digits, period): (&'static str, u8, u32),
) -> Want {
    Want {
        name,
        issuer,
        secret,
        algorithm,
        digits,
        period,
    }
}

/// The Key URI Format's / the apps' defaults.
const PLAIN: (&str, u8, u32) = ("SHA1", 6, 30);

// Aegis's test vectors (app/src/test/java/.../vectors/VaultEntries.java, and
// DatabaseImporterTest.initVectors): three TOTP entries, three HOTP, one Steam.
const DENO: Want = totp("Deno: Mason", Some("Deno"), "4SJHB4GSD43FZBAI7C2HLRJGPQ", PLAIN);
const SPDX: Want = totp(
    "SPDX: James",
    Some("SPDX"),
    "5OM4WOOGPLQEF6UGN3CPEOOLWU",
    ("SHA256", 7, 20),
);
const AIRBNB: Want = totp(
    "Airbnb: Elijah",
    Some("Airbnb"),
    "7ELGJSGXNCCTV3O6LKJWYFV2RA",
    ("SHA512", 8, 50),
);
const AEGIS_TOTP: &[Want] = &[DENO, SPDX, AIRBNB];
const AEGIS_SKIPPED: &[&str] = &[
    "skipped 'Issuu: James': HOTP",
    "skipped 'Air Canada: Benjamin': HOTP",
    "skipped 'WWE: Mason': HOTP",
    "skipped 'Boeing: Sophia': Steam",
];

const LONG_PERIOD: Want = totp(
    "Long: Period",
    Some("Long"),
    "JGRMXBLPPYQIFMRBFQDHNP3MPPYQYNUN",
    ("SHA1", 6, 60),
);
const SHA256: Want = totp(
    "Sha: 256",
    Some("Sha"),
    "RJNZJM7PAGJUBG32XHQWHFZVLYOMGIUQ",
    ("SHA256", 6, 30),
);
const SHA512: Want = totp(
    "Sha: 512",
    Some("Sha"),
    "UW33SR5O4EKTDXNCBBS5FSPUKAYXIWOH",
    ("SHA512", 6, 30),
);
const STANDARD: Want = totp(
    "Standard: Totp",
    Some("Standard"),
    "54VEGZFJHM3BGDONFERMPUOKNGDJETGM",
    PLAIN,
);
const NO_ISSUER: Want = totp("NoIssuer", Some("NoIssuer"), "KY2QJPMNQLSGSZE2C5F7AYBLBVEEDHFX", PLAIN);

const AEGIS_HOTP: &[&str] = &[
    "skipped 'Issuu: James': HOTP",
    "skipped 'Air Canada: Benjamin': HOTP",
    "skipped 'WWE: Mason': HOTP",
];
/// What one file must give.
struct Case {
    file: &'static str,
    /// The format's title in the summary (detected, not passed).
    format: &'static str,
    accounts: Vec<Want>,
    /// A part of each line reported about an entry left out, in order.
    skipped: &'static [&'static str],
    /// How many entries are left out (the summary's count).
    skipped_count: usize,
    /// The password the source's test uses, for an encrypted file.
    password: Option<&'static str>,
}

fn case(file: &'static str, format: &'static str, accounts: &[Want], skipped: &'static [&'static str]) -> Case {
    Case {
        file,
        format,
        accounts: accounts.to_vec(),
        skipped,
        skipped_count: skipped.iter().filter(|s| s.starts_with("skipped '")).count(),
        password: None,
    }
}

fn encrypted(password: &'static str, case: Case) -> Case {
    Case {
        password: Some(password),
        ..case
    }
}

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

/// A path as the program under test opens it: under Wine, a Unix path
/// through the Z: drive, which maps /.
fn for_program(path: &Path) -> String {
    let text = path.to_str().expect("utf-8 path").to_string();
    if cfg!(windows) && text.starts_with('/') {
        format!("Z:{}", text.replace('/', "\\"))
    } else {
        text
    }
}

/// One code to compute with the references.
struct Request {
    secret: String,
    algorithm: &'static str,
    digits: u8,
    period: u32,
}

/// Codes from `oathtool` and `pyotp`, for each request, at [`AT`].
fn reference_codes(requests: &[Request]) -> (Vec<String>, Vec<String>) {
    let scratch = tempfile::Builder::new()
        .prefix("interop-peers-reference")
        .tempdir_in(for_program(Path::new(env!("CARGO_TARGET_TMPDIR"))))
        .expect("scratch folder");
    // The folder as /bin/sh sees it (CARGO_TARGET_TMPDIR is a Unix path,
    // also under Wine, where the test itself opens it through Z:).
    let unix = format!(
        "{}/{}",
        env!("CARGO_TARGET_TMPDIR").trim_end_matches('/'),
        scratch.path().file_name().and_then(|n| n.to_str()).expect("name")
    );
    let lines: String = requests
        .iter()
        .map(|r| format!("{} {} {} {} {AT}\n", r.secret, r.algorithm, r.digits, r.period))
        .collect();
    std::fs::write(scratch.path().join("requests.txt"), lines).expect("requests");
    std::fs::write(
        scratch.path().join("codes.py"),
        "import sys, hashlib, pyotp\n\
         for line in sys.stdin:\n    k, alg, d, p, t = line.split()\n    \
         print(pyotp.TOTP(k, digits=int(d), digest=getattr(hashlib, alg.lower()), interval=int(p)).at(int(t)))\n",
    )
    .expect("script");
    let script = format!(
        "cd '{unix}' || exit 1\n\
         while read -r key alg digits period at; do\n  \
           /usr/bin/oathtool --totp=\"$alg\" -b -d \"$digits\" -s \"${{period}}s\" --now=\"@$at\" \"$key\" || echo oathtool-failed\n\
         done < requests.txt > oathtool.part 2> errors.txt\n\
         /usr/bin/python3 codes.py < requests.txt > pyotp.part 2>> errors.txt || echo pyotp-failed >> pyotp.part\n\
         mv oathtool.part oathtool.txt && mv pyotp.part pyotp.txt && : > done\n"
    );
    std::fs::write(scratch.path().join("run.sh"), script).expect("script");
    let started = std::process::Command::new("/bin/sh")
        .arg(format!("{unix}/run.sh"))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
    // Natively the status is the script's; under Wine the start of a Linux
    // program reports "invalid handle" though it runs: the done file tells.
    if cfg!(unix) {
        assert!(started.is_ok_and(|s| s.success()), "the reference script failed");
    }
    let deadline = Instant::now() + Duration::from_secs(120);
    while !scratch.path().join("done").exists() {
        assert!(
            Instant::now() < deadline,
            "oathtool/pyotp gave no codes in 120 s (errors: {:?}); are they installed (.ci/install-deps)?",
            std::fs::read_to_string(scratch.path().join("errors.txt")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let read = |name: &str| -> Vec<String> {
        let text = std::fs::read_to_string(scratch.path().join(name)).expect("codes");
        text.lines().map(str::to_string).collect()
    };
    let (oath, py) = (read("oathtool.txt"), read("pyotp.txt"));
    let errors = std::fs::read_to_string(scratch.path().join("errors.txt")).unwrap_or_default();
    assert_eq!(oath.len(), requests.len(), "oathtool: {oath:?} {errors}");
    assert_eq!(py.len(), requests.len(), "pyotp: {py:?} {errors}");
    (oath, py)
}

/// The keys `trayotp export --format uris` writes, by display name.
fn exported_keys(vault: &TestVault) -> BTreeMap<String, String> {
    let file = vault.dir.path().join("keys.txt");
    let file_arg = file.to_str().expect("utf-8").to_string();
    let output = run(vault, None, &["export", "--format", "uris", &file_arg]);
    assert_ok(&output);
    let text = std::fs::read_to_string(&file).expect("exported");
    text.lines()
        .map(|line| {
            let url = url::Url::parse(line).expect("a link");
            let label = percent_encoding::percent_decode_str(url.path().trim_start_matches('/'))
                .decode_utf8()
                .expect("utf-8")
                .into_owned();
            let query: BTreeMap<String, String> = url.query_pairs().into_owned().collect();
            let name = match query.get("issuer") {
                Some(issuer) => label
                    .strip_prefix(issuer.as_str())
                    .and_then(|rest| rest.strip_prefix(':'))
                    .unwrap_or(&label)
                    .to_string(),
                None => label,
            };
            (name, query["secret"].clone())
        })
        .collect()
}

/// Base32 as written by different apps: upper case, no padding.
fn normal_base32(text: &str) -> String {
    text.trim().trim_end_matches('=').to_ascii_uppercase()
}

/// Imports one file into a new vault and checks everything the module
/// comment lists; returns a description of every difference.
fn check(dir: &Path, case: &Case) -> Vec<String> {
    let mut problems = Vec::new();
    let file = case.file;
    let vault = TestVault::new();
    let path = for_program(&dir.join(file));
    let output = run(&vault, case.password, &["--protector", "passphrase", "import", &path]);
    if !output.status.success() {
        return vec![format!("{file}: import failed: {}", stderr(&output))];
    }
    let (out, err) = (stdout(&output), stderr(&output));
    let summary = format!(
        "({}): {} added, 0 replaced, {} skipped.",
        case.format,
        case.accounts.len(),
        case.skipped_count
    );
    if !out.trim().ends_with(&summary) {
        problems.push(format!("{file}: summary {out:?}, expected it to end with {summary:?}"));
    }
    // Every note in order, each on its own line.
    let mut lines = err.lines();
    for note in case.skipped {
        if !lines.any(|line| line.contains(note)) {
            problems.push(format!("{file}: {note:?} not reported (in order) in {err:?}"));
        }
    }
    let reported = err.lines().filter(|l| l.starts_with("trayotp: skipped '")).count();
    if reported != case.skipped_count {
        problems.push(format!(
            "{file}: {reported} entries reported skipped, expected {}: {err}",
            case.skipped_count
        ));
    }
    if err.contains("is not encrypted") == case.password.is_some() {
        problems.push(format!(
            "{file}: encrypted is {}, stderr: {err}",
            case.password.is_some()
        ));
    }
    for want in &case.accounts {
        if err.contains(want.secret) || out.contains(want.secret) {
            problems.push(format!("{file}: a key appears in the output"));
        }
    }

    if case.accounts.is_empty() {
        // Nothing to add: no vault was made.
        if vault.path.exists() {
            problems.push(format!("{file}: a vault was written though nothing was added"));
        }
        return problems;
    }
    let listed = run(&vault, None, &["list", "--json"]);
    assert_ok(&listed);
    let list: serde_json::Value = serde_json::from_str(&stdout(&listed)).expect("json");
    let got: BTreeMap<String, (Option<String>, String, u64, u64)> = list
        .as_array()
        .expect("array")
        .iter()
        .map(|a| {
            (
                a["name"].as_str().expect("name").to_string(),
                (
                    a["issuer"].as_str().map(String::from),
                    a["algorithm"].as_str().expect("algorithm").to_string(),
                    a["digits"].as_u64().expect("digits"),
                    a["period"].as_u64().expect("period"),
                ),
            )
        })
        .collect();
    let wanted: BTreeMap<String, (Option<String>, String, u64, u64)> = case
        .accounts
        .iter()
        .map(|w| {
            (
                w.name.to_string(),
                (
                    w.issuer.map(String::from),
                    w.algorithm.to_string(),
                    u64::from(w.digits),
                    u64::from(w.period),
                ),
            )
        })
        .collect();
    if got != wanted {
        problems.push(format!("{file}: accounts\n  got      {got:?}\n  expected {wanted:?}"));
        return problems;
    }

    let keys = exported_keys(&vault);
    let mut requests = Vec::new();
    for want in &case.accounts {
        let read = keys.get(want.name).map(|k| normal_base32(k)).unwrap_or_default();
        if read != normal_base32(want.secret) {
            problems.push(format!(
                "{file}: '{}' has another key than its source states",
                want.name
            ));
        }
        requests.push(Request {
            secret: read,
            algorithm: want.algorithm,
            digits: want.digits,
            period: want.period,
        });
        requests.push(Request {
            secret: normal_base32(want.secret),
            algorithm: want.algorithm,
            digits: want.digits,
            period: want.period,
        });
    }
    let (oath, py) = reference_codes(&requests);
    for (index, want) in case.accounts.iter().enumerate() {
        let code = run(&vault, None, &["code", want.name, "--at", &AT.to_string()]);
        assert_ok(&code);
        let ours = stdout(&code).trim().to_string();
        // oathtool on the key trayotp read, pyotp on the source's secret.
        let (on_read, on_stated) = (&oath[2 * index], &py[2 * index + 1]);
        if &ours != on_read || &ours != on_stated {
            problems.push(format!(
                "{file}: '{}' at {AT}: trayotp {ours}, oathtool {on_read}, pyotp {on_stated}",
                want.name
            ));
        }
    }
    problems
}

/// Checks `cases` two at a time (each in its own vault), and fails with
/// every difference found.
fn check_all(cases: &[Case]) {
    const WORKERS: usize = 2;
    let dir = peers_dir();
    let problems: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..WORKERS)
            .map(|first| {
                let dir = &dir;
                scope.spawn(move || {
                    cases
                        .iter()
                        .skip(first)
                        .step_by(WORKERS)
                        .flat_map(|case| check(dir, case))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    });
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn run(vault: &TestVault, password: Option<&str>, args: &[&str]) -> Output {
    let mut command = vault.command();
    if let Some(password) = password {
        command.env("TRAYOTP_BACKUP_PASSPHRASE", password);
    }
    command.args(args).output().expect("trayotp runs")
}

/// `shared/interop-peers`, found as the module comment says; a clear failure if not.
fn peers_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("TRAYOTP_INTEROP_PEERS_DIR") {
        let dir = PathBuf::from(dir);
        assert!(
            dir.join("README.md").is_file(),
            "TRAYOTP_INTEROP_PEERS_DIR={} has no README.md: point it at the shared/interop-peers folder",
            dir.display()
        );
        return dir;
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = manifest
        .ancestors()
        .map(|dir| dir.join("shared").join("interop-peers"))
        .find(|dir| dir.join("README.md").is_file());
    found.unwrap_or_else(|| {
        panic!(
            "the interop files are missing: no shared/interop-peers/README.md beside {} or any parent, and TRAYOTP_INTEROP_PEERS_DIR is not set. \
             Check out the shared folder next to the repository (CI: shared/ beside the clone), or set TRAYOTP_INTEROP_PEERS_DIR",
            manifest.display()
        )
    })
}

#[test]
fn bitwarden_exports_import_with_their_codes() {
    check_all(&bitwarden_cases());
}

#[test]
fn proton_backups_import_with_their_codes() {
    check_all(&proton_cases());
}

#[test]
fn ente_exports_import_with_their_codes() {
    check_all(&ente_cases());
}

#[test]
fn lastpass_exports_import_with_their_codes() {
    check_all(&lastpass_cases());
}

#[test]
fn authenticator_pro_backups_import_with_their_codes() {
    check_all(&authpro_cases());
}

#[test]
fn andotp_backups_import_with_their_codes() {
    check_all(&andotp_cases());
}

#[test]
fn freeotp_exports_import_with_their_codes() {
    check_all(&freeotp_cases());
}

#[test]
fn keepass_databases_import_with_their_codes() {
    check_all(&keepass_cases());
}

#[test]
fn the_winauth_zip_imports_with_its_code() {
    check_all(&winauth_cases());
}

#[test]
fn the_account_key_bitwarden_file_is_refused_with_advice_and_changes_nothing() {
    let dir = peers_dir();
    for (file, reason) in REFUSED {
        let vault = TestVault::new();
        assert_ok(&vault.add("keep me", SEED_B32));
        let before = vault.bytes();
        let output = run(&vault, Some("any password"), &["import", &for_program(&dir.join(file))]);
        let line = assert_one_line_error(&output, reason);
        assert!(line.contains(file), "{line}");
        assert_eq!(vault.bytes(), before, "{file}: the vault changed");
    }
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
    let dir = peers_dir();
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .expect("read the interop-peers folder")
        .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name != "README.md")
        .collect();
    on_disk.sort();
    let mut covered: Vec<String> = all_cases()
        .into_iter()
        .map(|case| case.file.to_string())
        .chain(REFUSED.iter().map(|(file, _)| file.to_string()))
        .collect();
    covered.sort();
    assert_eq!(on_disk, covered, "files in {} vs files this test checks", dir.display());
    assert_eq!(on_disk.len(), 29);
    // The README names each file's source, which states what it holds.
    let readme = std::fs::read_to_string(dir.join("README.md")).expect("README");
    for file in &on_disk {
        assert!(readme.contains(&format!("`{file}`")), "{file} is not in the README");
    }
}
