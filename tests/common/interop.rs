//! What `tests/interop.rs` and `tests/interop_peers.rs` share (and the Add
//! form's import test): finding a folder of real export files beside the
//! repository (`shared/interop/`, `shared/interop-peers/`, read in place,
//! never copied into the project) and checking it holds exactly the files
//! the test knows; importing one file with the real binary and checking
//! the accounts (`trayotp list --json`), the keys (`trayotp export`), the
//! entries left out and the codes against `oathtool` and `pyotp`.
//!
//! Under Wine, the .exe cannot wait for a Linux program, but Wine does
//! start one: the references run in `/bin/sh`, which writes their codes to
//! files in a folder both sides see, and the test waits for them (bounded).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use super::*;

/// The time at which codes are compared.
pub const AT: u64 = 1_700_000_000;

/// One account a file must import as.
#[derive(Clone, Copy, Debug)]
pub struct Want {
    pub name: &'static str,
    pub issuer: Option<&'static str>,
    /// The key as the source states it (Base32).
    pub secret: &'static str,
    pub algorithm: &'static str,
    pub digits: u8,
    pub period: u32,
}

pub const fn totp(
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
pub const PLAIN: (&str, u8, u32) = ("SHA1", 6, 30);

// Aegis's test vectors (app/src/test/java/.../vectors/VaultEntries.java, and
// DatabaseImporterTest.initVectors): three TOTP entries, three HOTP, one Steam.
pub const DENO: Want = totp("Deno: Mason", Some("Deno"), "4SJHB4GSD43FZBAI7C2HLRJGPQ", PLAIN);
pub const SPDX: Want = totp(
    "SPDX: James",
    Some("SPDX"),
    "5OM4WOOGPLQEF6UGN3CPEOOLWU",
    ("SHA256", 7, 20),
);
pub const AIRBNB: Want = totp(
    "Airbnb: Elijah",
    Some("Airbnb"),
    "7ELGJSGXNCCTV3O6LKJWYFV2RA",
    ("SHA512", 8, 50),
);
pub const AEGIS_TOTP: &[Want] = &[DENO, SPDX, AIRBNB];
pub const AEGIS_SKIPPED: &[&str] = &[
    "skipped 'Issuu: James': HOTP",
    "skipped 'Air Canada: Benjamin': HOTP",
    "skipped 'WWE: Mason': HOTP",
    "skipped 'Boeing: Sophia': Steam",
];

// Stratum's test data (Stratum.Test/data): one set of accounts exported in
// each format; its Aegis file states every parameter, the others leave
// defaults out. Stratum's tests count 11 entries in the Aegis files, 7 in
// the Ente and URI lists, 6 in the 2FAS and Google files.
pub const LONG_PERIOD: Want = totp(
    "Long: Period",
    Some("Long"),
    "JGRMXBLPPYQIFMRBFQDHNP3MPPYQYNUN",
    ("SHA1", 6, 60),
);
pub const SHA256: Want = totp(
    "Sha: 256",
    Some("Sha"),
    "RJNZJM7PAGJUBG32XHQWHFZVLYOMGIUQ",
    ("SHA256", 6, 30),
);
pub const SHA512: Want = totp(
    "Sha: 512",
    Some("Sha"),
    "UW33SR5O4EKTDXNCBBS5FSPUKAYXIWOH",
    ("SHA512", 6, 30),
);
pub const STANDARD: Want = totp(
    "Standard: Totp",
    Some("Standard"),
    "54VEGZFJHM3BGDONFERMPUOKNGDJETGM",
    PLAIN,
);
pub const NO_ISSUER: Want = totp("NoIssuer", Some("NoIssuer"), "KY2QJPMNQLSGSZE2C5F7AYBLBVEEDHFX", PLAIN);

/// What one file must give.
pub struct Case {
    pub file: &'static str,
    /// The format's title in the summary (detected, not passed).
    pub format: &'static str,
    pub accounts: Vec<Want>,
    /// A part of each line reported about an entry left out, in order.
    pub skipped: &'static [&'static str],
    /// How many entries are left out (the summary's count).
    pub skipped_count: usize,
    /// The password of an encrypted file (`None`: the file is not encrypted).
    pub password: Option<&'static str>,
}

pub fn case(file: &'static str, format: &'static str, accounts: &[Want], skipped: &'static [&'static str]) -> Case {
    Case {
        file,
        format,
        accounts: accounts.to_vec(),
        skipped,
        skipped_count: skipped.iter().filter(|s| s.starts_with("skipped '")).count(),
        password: None,
    }
}

pub fn encrypted(password: &'static str, case: Case) -> Case {
    Case {
        password: Some(password),
        ..case
    }
}

/// How a module runs `trayotp` on a vault, with a file's password (if any).
pub type Run = fn(&TestVault, Option<&str>, &[&str]) -> Output;

/// `shared/FOLDER` (`interop`, `interop-peers`) beside the repository or one
/// of its parents (a worktree sits deeper than the main checkout), or where
/// the environment variable `variable` points; a clear failure if missing:
/// interop is proven on those files or not at all.
pub fn shared_dir(folder: &str, variable: &str) -> PathBuf {
    if let Some(dir) = std::env::var_os(variable) {
        let dir = PathBuf::from(dir);
        assert!(
            dir.join("README.md").is_file(),
            "{variable}={} has no README.md: point it at the shared/{folder} folder",
            dir.display()
        );
        return dir;
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = manifest
        .ancestors()
        .map(|dir| dir.join("shared").join(folder))
        .find(|dir| dir.join("README.md").is_file());
    found.unwrap_or_else(|| {
        panic!(
            "the interop files are missing: no shared/{folder}/README.md beside {} or any parent, and {variable} is not set. \
             Check out the shared folder next to the repository (CI: shared/ beside the clone), or set {variable}",
            manifest.display()
        )
    })
}

/// `shared/interop-peers` (`TRAYOTP_INTEROP_PEERS_DIR`).
pub fn peers_dir() -> PathBuf {
    shared_dir("interop-peers", "TRAYOTP_INTEROP_PEERS_DIR")
}

/// Fails unless `dir` holds exactly the files `covered` (and its README),
/// `count` of them, each named in the README (which names its source).
pub fn assert_holds_exactly(dir: &Path, covered: impl IntoIterator<Item = String>, count: usize) {
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("read {}: {error}", dir.display()))
        .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name != "README.md")
        .collect();
    on_disk.sort();
    let mut covered: Vec<String> = covered.into_iter().collect();
    covered.sort();
    assert_eq!(on_disk, covered, "files in {} vs files this test checks", dir.display());
    assert_eq!(on_disk.len(), count);
    // The README names each file's source, which states what it holds.
    let readme = std::fs::read_to_string(dir.join("README.md")).expect("README");
    for file in &on_disk {
        assert!(readme.contains(&format!("`{file}`")), "{file} is not in the README");
    }
}

/// Imports each file of `refused` (name, part of the one-line reason) into
/// a vault holding one account: refused in one line naming the file, the
/// vault unchanged.
pub fn assert_refused(dir: &Path, refused: &[(&str, &str)], password: Option<&str>, run: Run) {
    for (file, reason) in refused {
        let vault = TestVault::new();
        assert_ok(&vault.add("keep me", SEED_B32));
        let before = vault.bytes();
        let output = run(&vault, password, &["import", &for_program(&dir.join(file))]);
        let line = assert_one_line_error(&output, reason);
        assert!(line.contains(file), "{line}");
        assert_eq!(vault.bytes(), before, "{file}: the vault changed");
    }
}

/// A path as the program under test opens it: under Wine, a Unix path
/// through the Z: drive, which maps /.
pub fn for_program(path: &Path) -> String {
    let text = path.to_str().expect("utf-8 path").to_string();
    if cfg!(windows) && text.starts_with('/') {
        format!("Z:{}", text.replace('/', "\\"))
    } else {
        text
    }
}

/// One code to compute with the references.
pub struct Request {
    pub secret: String,
    pub algorithm: &'static str,
    pub digits: u8,
    pub period: u32,
}

/// Codes from `oathtool` and `pyotp`, for each request, at [`AT`].
pub fn reference_codes(requests: &[Request]) -> (Vec<String>, Vec<String>) {
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
fn exported_keys(vault: &TestVault, run: Run) -> BTreeMap<String, String> {
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
fn check(dir: &Path, case: &Case, run: Run) -> Vec<String> {
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

    let keys = exported_keys(&vault, run);
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
pub fn check_all(dir: &Path, cases: &[Case], run: Run) {
    const WORKERS: usize = 2;
    let problems: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..WORKERS)
            .map(|first| {
                scope.spawn(move || {
                    cases
                        .iter()
                        .skip(first)
                        .step_by(WORKERS)
                        .flat_map(|case| check(dir, case, run))
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
