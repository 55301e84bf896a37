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
//!
//! Not on a native Windows runner (the MSVC job of .github/workflows/ci.yml):
//! it has neither `shared/interop/` (not part of the repository) nor
//! `/bin/sh`, `oathtool` and `pyotp`. Windows builds of this test are the
//! GNU ones run under Wine, on Linux, where all three are at hand.
#![cfg(any(unix, target_env = "gnu"))]

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use common::*;

/// The password of the encrypted Aegis vaults (Aegis's and Stratum's tests).
const AEGIS_PASSWORD: &str = "test";
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
const ISSUU_KEY: &str = "YOOMIXWS5GN6RTBPUFFWKTW5M4";
const AIR_CANADA_KEY: &str = "KUVJJOM753IHTNDSZVCNKL7GII";
const WWE_KEY: &str = "5VAML3X35THCEBVRLV24CGBKOY";
const AEGIS_TOTP: &[Want] = &[DENO, SPDX, AIRBNB];
const AEGIS_SKIPPED: &[&str] = &[
    "skipped 'Issuu: James': HOTP",
    "skipped 'Air Canada: Benjamin': HOTP",
    "skipped 'WWE: Mason': HOTP",
    "skipped 'Boeing: Sophia': Steam",
];

// Stratum's test data (Stratum.Test/data): one set of accounts exported in
// each format; its Aegis file states every parameter, the others leave
// defaults out. Stratum's tests count 11 entries in the Aegis files, 7 in
// the Ente and URI lists, 6 in the 2FAS and Google files.
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
    encrypted: bool,
}

fn case(file: &'static str, format: &'static str, accounts: &[Want], skipped: &'static [&'static str]) -> Case {
    Case {
        file,
        format,
        accounts: accounts.to_vec(),
        skipped,
        skipped_count: skipped.iter().filter(|s| s.starts_with("skipped '")).count(),
        encrypted: false,
    }
}

fn encrypted(case: Case) -> Case {
    Case {
        encrypted: true,
        ..case
    }
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

/// `shared/interop`, found as the module comment says; a clear failure if not.
fn interop_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("TRAYOTP_INTEROP_DIR") {
        let dir = PathBuf::from(dir);
        assert!(
            dir.join("README.md").is_file(),
            "TRAYOTP_INTEROP_DIR={} has no README.md: point it at the shared/interop folder",
            dir.display()
        );
        return dir;
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = manifest
        .ancestors()
        .map(|dir| dir.join("shared").join("interop"))
        .find(|dir| dir.join("README.md").is_file());
    found.unwrap_or_else(|| {
        panic!(
            "the interop files are missing: no shared/interop/README.md beside {} or any parent, and TRAYOTP_INTEROP_DIR is not set. \
             Check out the shared folder next to the repository (CI: shared/ beside the clone), or set TRAYOTP_INTEROP_DIR",
            manifest.display()
        )
    })
}

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

fn run(vault: &TestVault, args: &[&str]) -> Output {
    let mut command = vault.command();
    command.env("TRAYOTP_BACKUP_PASSPHRASE", AEGIS_PASSWORD).args(args);
    command.output().expect("trayotp runs")
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
        .prefix("interop-reference")
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
    let output = run(vault, &["export", "--format", "uris", &file_arg]);
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
    let output = run(&vault, &["--protector", "passphrase", "import", &path]);
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
    if err.contains("is not encrypted") == case.encrypted {
        problems.push(format!("{file}: encrypted is {}, stderr: {err}", case.encrypted));
    }
    for want in &case.accounts {
        if err.contains(want.secret) || out.contains(want.secret) {
            problems.push(format!("{file}: a key appears in the output"));
        }
    }

    let listed = run(&vault, &["list", "--json"]);
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
        let code = run(&vault, &["code", want.name, "--at", &AT.to_string()]);
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
    let dir = interop_dir();
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

#[test]
fn aegis_vaults_import_with_their_codes() {
    check_all(&aegis_cases());
}

#[test]
fn twofas_backups_import_with_their_codes() {
    check_all(&twofas_cases());
}

#[test]
fn google_exports_import_with_their_codes() {
    check_all(&google_cases());
}

#[test]
fn uri_lists_import_with_their_codes() {
    check_all(&uri_cases());
}

#[test]
fn the_encrypted_2fas_backup_is_refused_with_a_reason_and_changes_nothing() {
    let dir = interop_dir();
    for (file, reason) in REFUSED {
        let vault = TestVault::new();
        assert_ok(&vault.add("keep me", SEED_B32));
        let before = vault.bytes();
        let output = run(&vault, &["import", &for_program(&dir.join(file))]);
        let line = assert_one_line_error(&output, reason);
        assert!(line.contains(file), "{line}");
        assert_eq!(vault.bytes(), before, "{file}: the vault changed");
    }
}

#[test]
fn every_file_in_the_folder_has_its_expectations() {
    let dir = interop_dir();
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .expect("read the interop folder")
        .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name != "README.md")
        .collect();
    on_disk.sort();
    let mut covered: Vec<String> = [aegis_cases(), twofas_cases(), google_cases(), uri_cases()]
        .into_iter()
        .flatten()
        .map(|case| case.file.to_string())
        .chain(REFUSED.iter().map(|(file, _)| file.to_string()))
        .collect();
    covered.sort();
    assert_eq!(on_disk, covered, "files in {} vs files this test checks", dir.display());
    assert_eq!(on_disk.len(), 24);
    // The README names each file's source, which states what it holds.
    let readme = std::fs::read_to_string(dir.join("README.md")).expect("README");
    for file in &on_disk {
        assert!(readme.contains(&format!("`{file}`")), "{file} is not in the README");
    }
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
