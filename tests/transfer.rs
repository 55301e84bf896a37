//! End-to-end tests of `trayotp backup | restore | import | export` on the
//! real binary (natively, and the .exe under Wine): moving to a new PC with
//! another key protector, conflicts, every import fixture, malformed files,
//! and plain exports.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::*;

const BACKUP_PASSPHRASE: &str = "a long backup passphrase";
const AEGIS_PASSWORD: &str = "aegis test";
/// Times at which codes are compared.
const TIMES: [&str; 3] = ["59", "1111111109", "2000000000"];

/// Copies a committed fixture into the test's folder (under Wine, a path
/// the .exe can open whatever the drive mapping).
fn fixture(vault: &TestVault, name: &str) -> PathBuf {
    let bytes = match name {
        "aegis-plain.json" => &include_bytes!("fixtures/aegis-plain.json")[..],
        "aegis-encrypted.json" => include_bytes!("fixtures/aegis-encrypted.json"),
        "google-migration.txt" => include_bytes!("fixtures/google-migration.txt"),
        "2fas.2fas" => include_bytes!("fixtures/2fas.2fas"),
        "uris.txt" => include_bytes!("fixtures/uris.txt"),
        other => panic!("no fixture {other}"),
    };
    let path = vault.dir.path().join(name);
    std::fs::write(&path, bytes).expect("write fixture");
    path
}

/// On Unix, an export is readable by its owner only (as the vault is).
fn assert_private(file: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(file).expect("written").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{}", file.display());
    }
    #[cfg(not(unix))]
    assert!(file.exists());
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// Runs with the backup passphrase set, and the vault passphrase `vault_passphrase`
/// (`None`: unset, so a new vault gets the platform's default protector).
fn run(vault: &TestVault, vault_passphrase: Option<&str>, args: &[&str]) -> Output {
    let mut command = vault.command();
    command.env("TRAYOTP_BACKUP_PASSPHRASE", BACKUP_PASSPHRASE);
    match vault_passphrase {
        Some(passphrase) => command.env("TRAYOTP_PASSPHRASE", passphrase),
        None => command.env_remove("TRAYOTP_PASSPHRASE"),
    };
    command.args(args).output().expect("trayotp runs")
}

/// What a vault looks like from outside: `list --json` and every account's
/// code at fixed times.
fn snapshot(vault: &TestVault, vault_passphrase: Option<&str>) -> (serde_json::Value, Vec<String>) {
    let listed = run(vault, vault_passphrase, &["list", "--json"]);
    assert_ok(&listed);
    let list: serde_json::Value = serde_json::from_str(&stdout(&listed)).expect("json");
    let mut codes = Vec::new();
    for account in list.as_array().expect("array") {
        let name = account["name"].as_str().expect("name");
        for at in TIMES {
            let code = run(vault, vault_passphrase, &["code", name, "--at", at]);
            assert_ok(&code);
            codes.push(format!("{name}@{at}={}", stdout(&code).trim()));
        }
    }
    (list, codes)
}

fn source_vault() -> TestVault {
    let vault = TestVault::new();
    assert_ok(&vault.add("三菱 太郎", SEED_B32));
    let uri = format!("otpauth://totp/Bank:taro?secret={SEED_B32}&issuer=Bank&algorithm=SHA256&digits=8&period=30");
    assert_ok(&vault.run(&["add", "Work", "--key", &uri]));
    assert_ok(&vault.run(&["add", "eighty", "--key", "GEZDGNBVGY3TQOJQ"]));
    vault
}

#[test]
fn backup_then_restore_on_other_protectors_gives_identical_accounts_and_codes() {
    let source = source_vault();
    let expected = snapshot(&source, Some(PASSPHRASE));
    assert_eq!(expected.0.as_array().map(Vec::len), Some(3));

    let file = source.dir.path().join("moving.trayotp-backup");
    let made = run(&source, Some(PASSPHRASE), &["backup", arg(&file)]);
    assert_ok(&made);
    assert_contains(&stdout(&made), "Backed up 3 account(s)");
    let bytes = std::fs::read(&file).expect("backup written");
    assert!(bytes.starts_with(b"TRAYBAK\x1a"));
    assert!(
        !bytes.windows(8).any(|w| w == &SEED_B32.as_bytes()[..8]),
        "no key in the clear"
    );

    // The new PC, with a passphrase vault of another passphrase.
    let by_passphrase = TestVault::new();
    let restored = run(
        &by_passphrase,
        Some("another passphrase"),
        &["--protector", "passphrase", "restore", arg(&file)],
    );
    assert_ok(&restored);
    assert_eq!(
        stdout(&restored).trim(),
        format!(
            "Restored {} (trayotp backup): 3 added, 0 replaced, 0 skipped.",
            file.display()
        )
    );
    assert_eq!(snapshot(&by_passphrase, Some("another passphrase")), expected);

    // The new PC, with the platform's own protector: DPAPI on Windows (Wine),
    // the Secret Service keyring on Linux.
    let by_default = TestVault::new();
    assert_ok(&run(&by_default, None, &["restore", arg(&file)]));
    assert_eq!(by_default.bytes()[10], if cfg!(windows) { 1 } else { 2 });
    assert_eq!(snapshot(&by_default, None), expected);

    // And back out of that vault, into a passphrase vault again.
    let second = by_default.dir.path().join("second.bak");
    assert_ok(&run(&by_default, None, &["backup", arg(&second)]));
    let last = TestVault::new();
    assert_ok(&run(
        &last,
        Some("a third passphrase"),
        &["--protector", "passphrase", "restore", arg(&second)],
    ));
    assert_eq!(snapshot(&last, Some("a third passphrase")), expected);
}

/// `trayotp restore FILE --on-conflict POLICY` into a passphrase vault; must succeed.
fn restore(vault: &TestVault, file: &Path, policy: &str) -> Output {
    let output = run(
        vault,
        Some(PASSPHRASE),
        &["restore", arg(file), "--on-conflict", policy],
    );
    assert_ok(&output);
    output
}

#[test]
fn restore_reports_every_conflict_and_drops_nothing_silently() {
    let source = source_vault();
    let file = source.dir.path().join("b.bak");
    assert_ok(&run(&source, Some(PASSPHRASE), &["backup", arg(&file)]));

    let target = TestVault::new();
    let other_key = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    assert_ok(&target.add("work", other_key));
    assert_ok(&target.add("三菱 太郎", SEED_B32));

    let skipped = restore(&target, &file, "skip");
    let err = stderr(&skipped);
    assert!(
        err.contains("skipped '三菱 太郎': it is already in the vault\n"),
        "{err}"
    );
    assert!(
        err.contains(
            "skipped 'Work': an account with that name and another key exists (--on-conflict rename keeps both)"
        ),
        "{err}"
    );
    assert_contains(&stdout(&skipped), "1 added, 0 replaced, 2 skipped.");
    assert_eq!(stdout(&target.run(&["list"])), "work\n三菱 太郎\neighty\n");

    let renamed = restore(&target, &file, "rename");
    assert_contains(
        &stderr(&renamed),
        "added 'Work' as 'Work (2)': an account named 'Work' already exists",
    );
    assert_contains(&stdout(&renamed), "1 added, 0 replaced, 2 skipped.");

    // Replace: the backup's "Work" is already there as "Work (2)", so it is
    // recognised rather than replacing "work".
    let replaced = restore(&target, &file, "replace");
    assert_contains(&stdout(&replaced), "0 added, 0 replaced, 3 skipped.");
    assert_contains(&stderr(&replaced), "already in the vault as 'Work (2)'");

    let fresh = TestVault::new();
    assert_ok(&fresh.add("WORK", other_key));
    let replaced = restore(&fresh, &file, "replace");
    assert_contains(
        &stderr(&replaced),
        "replaced 'Work' with the account of the same name being imported",
    );
    assert_contains(&stdout(&replaced), "2 added, 1 replaced, 0 skipped.");
    assert_eq!(stdout(&fresh.run(&["list"])), "Work\n三菱 太郎\neighty\n");
}

#[test]
fn a_wrong_passphrase_or_a_damaged_backup_changes_nothing() {
    let source = source_vault();
    let file = source.dir.path().join("b.bak");
    assert_ok(&run(&source, Some(PASSPHRASE), &["backup", arg(&file)]));
    let target = TestVault::new();
    assert_ok(&target.add("keep me", SEED_B32));
    let before = target.bytes();

    let wrong = target
        .command()
        .env("TRAYOTP_BACKUP_PASSPHRASE", "not it")
        .args(["restore", arg(&file)])
        .output()
        .expect("runs");
    assert_one_line_error(
        &wrong,
        "wrong passphrase: the trayotp backup could not be decrypted with it",
    );

    let mut damaged = std::fs::read(&file).expect("read");
    let middle = damaged.len() - 30;
    damaged[middle] ^= 0x10;
    std::fs::write(&file, &damaged).expect("damage");
    let line = assert_one_line_error(
        &run(&target, Some(PASSPHRASE), &["restore", arg(&file)]),
        "the trayotp backup is damaged (the contents fail their integrity check): use another copy",
    );
    assert!(line.starts_with("trayotp: error: cannot restore "), "{line}");

    std::fs::write(&file, &damaged[..20]).expect("truncate");
    assert_one_line_error(&run(&target, Some(PASSPHRASE), &["restore", arg(&file)]), "is damaged");

    let missing = target.dir.path().join("no such file");
    assert_one_line_error(
        &run(&target, Some(PASSPHRASE), &["restore", arg(&missing)]),
        "cannot read",
    );

    let no_passphrase = target.run(&["restore", arg(&file)]);
    assert_one_line_error(&no_passphrase, "is damaged");
    std::fs::write(&file, b"TRAYBAK\x1a\x01\x00").expect("header only");
    assert_one_line_error(&run(&target, Some(PASSPHRASE), &["restore", arg(&file)]), "is damaged");

    assert_eq!(target.bytes(), before, "the vault is byte-identical");
}

#[test]
fn backup_asks_for_its_own_passphrase_and_never_overwrites_by_accident() {
    let source = source_vault();
    let file = source.dir.path().join("b.bak");

    // No TRAYOTP_BACKUP_PASSPHRASE and no terminal: the error names it.
    assert_one_line_error(&source.run(&["backup", arg(&file)]), "set TRAYOTP_BACKUP_PASSPHRASE");
    assert!(!file.exists());

    let empty = source
        .command()
        .env("TRAYOTP_BACKUP_PASSPHRASE", "")
        .args(["backup", arg(&file)])
        .output()
        .expect("runs");
    assert_one_line_error(&empty, "passphrase is empty");

    let short = source
        .command()
        .env("TRAYOTP_BACKUP_PASSPHRASE", "123456789")
        .args(["backup", arg(&file)])
        .output()
        .expect("runs");
    assert_one_line_error(
        &short,
        "the passphrase has 9 character(s), and a backup needs at least 10",
    );
    assert_contains(&stderr(&short), "pass --weak-passphrase to use it anyway");
    assert!(!file.exists(), "nothing written under a weak passphrase");
    let weak = source
        .command()
        .env("TRAYOTP_BACKUP_PASSPHRASE", "short")
        .args(["backup", arg(&file), "--weak-passphrase"])
        .output()
        .expect("runs");
    assert_ok(&weak);
    assert_contains(&stderr(&weak), "warning: a passphrase under 10 characters");
    std::fs::remove_file(&file).expect("remove the weak one");
    assert_ok(&run(&source, Some(PASSPHRASE), &["backup", arg(&file)]));

    let first = std::fs::read(&file).expect("written");
    assert_one_line_error(
        &run(&source, Some(PASSPHRASE), &["backup", arg(&file)]),
        "pass --overwrite",
    );
    assert_eq!(std::fs::read(&file).expect("kept"), first);
    assert_ok(&run(&source, Some(PASSPHRASE), &["backup", arg(&file), "--overwrite"]));
    assert_ne!(std::fs::read(&file).expect("replaced"), first);

    for companion in [source.path.clone(), source.backup()] {
        assert_one_line_error(
            &run(&source, Some(PASSPHRASE), &["backup", arg(&companion), "--overwrite"]),
            "is the vault or one of its companion files",
        );
    }

    let state = source.path.with_file_name("vault.trayotp.state.json");
    let state: serde_json::Value = serde_json::from_slice(&std::fs::read(state).expect("state")).expect("json");
    assert_eq!(state["last_backup"]["accounts"], 3);
    assert!(state["last_backup"]["at"].as_u64().is_some_and(|at| at > 1_700_000_000));

    let nothing = TestVault::new();
    let elsewhere = nothing.dir.path().join("b.bak");
    assert_one_line_error(
        &run(&nothing, Some(PASSPHRASE), &["backup", arg(&elsewhere)]),
        "add an account first",
    );
}

/// Imports `name` into a new passphrase vault and returns the output.
fn import_fixture(name: &str, extra: &[&str]) -> (TestVault, Output) {
    let vault = TestVault::new();
    let path = fixture(&vault, name);
    let mut args = vec!["--protector", "passphrase", "import", arg(&path)];
    args.extend_from_slice(extra);
    let mut command = vault.command();
    command.env("TRAYOTP_BACKUP_PASSPHRASE", AEGIS_PASSWORD).args(&args);
    let output = command.output().expect("runs");
    (vault, output)
}

#[test]
fn each_format_imports_from_its_fixture() {
    let bank = "Example Bank: taro@example.com";
    // The plain and the encrypted Aegis fixtures hold the same entries.
    let long_name = format!("line break {}", "x".repeat(53));
    let aegis_accounts: &[&str] = &[bank, "楽天証券: 山田", &long_name];
    let aegis_summary = "(Aegis vault): 3 added, 0 replaced, 3 skipped.";
    let aegis_skipped: &[&str] = &[
        "skipped 'Counter': HOTP",
        "skipped 'Steam: gamer': Steam",
        "skipped 'Broken'",
    ];
    let cases: &[(&str, &[&str], &str, &[&str])] = &[
        ("aegis-plain.json", aegis_accounts, aegis_summary, aegis_skipped),
        ("aegis-encrypted.json", aegis_accounts, aegis_summary, aegis_skipped),
        (
            "google-migration.txt",
            &["Example: taro@example.com", "楽天証券: yamada"],
            "(Google Authenticator export): 2 added, 0 replaced, 3 skipped.",
            &[
                "skipped 'Counter': HOTP",
                "unknown algorithm 'MD5'",
                "only 40 bits",
                "is not encrypted",
            ],
        ),
        (
            "2fas.2fas",
            &[bank, "楽天証券: 山田"],
            "(2FAS backup): 2 added, 0 replaced, 3 skipped.",
            &[
                "skipped 'Counter: me': HOTP",
                "skipped 'Steam: gamer': Steam",
                "skipped 'Broken'",
                "is not encrypted",
            ],
        ),
        (
            "uris.txt",
            &[bank, "楽天証券: 山田"],
            "(otpauth:// list): 2 added, 0 replaced, 4 skipped.",
            &[
                "skipped 'Counter: me (line 5)': HOTP",
                "skipped 'Broken: me (line 6)': the setup number has an invalid character '0'",
                "skipped 'line 7': it is not an otpauth:// link",
                "skipped 'Example Bank: taro@example.com': it is already in the vault",
                "is not encrypted",
            ],
        ),
    ];
    for (name, accounts, summary, notes) in cases {
        let (vault, output) = import_fixture(name, &[]);
        assert_ok(&output);
        assert!(stdout(&output).trim().ends_with(summary), "{name}: {}", stdout(&output));
        let err = stderr(&output);
        for note in *notes {
            assert!(err.contains(note), "{name}: {note:?} not in {err}");
        }
        assert_eq!(
            err.contains("is not encrypted"),
            *name != "aegis-encrypted.json",
            "{err}"
        );
        assert!(!err.contains("GEZD") && !stdout(&output).contains("GEZD"), "{err}");
        let listed = stdout(&vault.run(&["list"]));
        assert_eq!(listed.lines().collect::<Vec<_>>(), *accounts, "{name}");
        // The bank account is RFC 6238's seed: its code proves the key.
        let first = accounts[0];
        let code = vault.run(&["code", first, "--at", "1111111109", "--json"]);
        let json: serde_json::Value = serde_json::from_str(&stdout(&code)).expect("json");
        let period = if *name == "google-migration.txt" { 30 } else { 60 };
        assert_eq!(json["period"], period, "{name}");
        let expected = trayotp::domain::otp::generate(
            &trayotp::domain::SecretKey::new(b"12345678901234567890".to_vec()),
            trayotp::domain::OtpParams {
                period,
                ..Default::default()
            },
            1_111_111_109,
        );
        assert_eq!(json["code"], expected.digits(), "{name}");
    }
}

#[test]
fn malformed_files_are_one_line_errors_that_change_nothing() {
    let vault = TestVault::new();
    assert_ok(&vault.add("keep me", SEED_B32));
    let before = vault.bytes();
    let plain = String::from_utf8(include_bytes!("fixtures/aegis-plain.json").to_vec()).expect("utf-8");
    let twofas = String::from_utf8(include_bytes!("fixtures/2fas.2fas").to_vec()).expect("utf-8");
    let cases: Vec<(&str, Vec<u8>, &[&str], &str)> = vec![
        (
            "truncated.json",
            plain.as_bytes()[..plain.len() / 2].to_vec(),
            &[],
            "it is not a valid Aegis vault (unexpected end at line",
        ),
        (
            "newer.json",
            plain.replacen("\"version\": 1", "\"version\": 7", 1).into_bytes(),
            &[],
            "Aegis vault version 7 is newer than this trayotp reads (up to 1): update trayotp",
        ),
        (
            "newer.2fas",
            twofas
                .replace("\"schemaVersion\": 4", "\"schemaVersion\": 9")
                .into_bytes(),
            &[],
            "2FAS backup version 9 is newer",
        ),
        (
            "locked.2fas",
            br#"{"services": [], "servicesEncrypted": "x", "schemaVersion": 4}"#.to_vec(),
            &[],
            "protected by a password",
        ),
        (
            "random.bin",
            b"\x00\x01\x02 not anything".to_vec(),
            &[],
            "cannot tell what kind of file",
        ),
        (
            "forced.txt",
            b"\x00\x01\x02".to_vec(),
            &["--format", "uris"],
            "it is not a list of otpauth:// links",
        ),
        ("empty.txt", Vec::new(), &[], "cannot tell what kind of file"),
    ];
    for (name, bytes, extra, needle) in cases {
        let path = vault.dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let mut args = vec!["import", arg(&path)];
        args.extend_from_slice(extra);
        let line = assert_one_line_error(&vault.run(&args), needle);
        assert!(line.starts_with("trayotp: error: "), "{line}");
    }

    let encrypted = fixture(&vault, "aegis-encrypted.json");
    let wrong = vault
        .command()
        .env("TRAYOTP_BACKUP_PASSPHRASE", "aegis TEST")
        .args(["import", arg(&encrypted)])
        .output()
        .expect("runs");
    assert_one_line_error(
        &wrong,
        "wrong passphrase: the Aegis vault could not be decrypted with it",
    );
    assert_one_line_error(
        &vault.run(&["import", arg(&encrypted)]),
        "set TRAYOTP_BACKUP_PASSPHRASE",
    );
    assert_eq!(vault.bytes(), before, "the vault is byte-identical");
}

#[test]
fn exports_warn_and_import_back_with_the_same_codes() {
    let source = source_vault();
    let expected = snapshot(&source, Some(PASSPHRASE));
    for format in ["uris", "aegis", "2fas"] {
        let file = source.dir.path().join(format!("export.{format}"));
        let exported = source.run(&["export", arg(&file), "--format", format]);
        assert_ok(&exported);
        assert_eq!(
            stderr(&exported),
            format!(
                "trayotp: warning: {} is NOT encrypted: anyone who reads it can make your codes; import it where you need it, then delete it\n",
                file.display()
            )
        );
        assert_contains(&stdout(&exported), "Exported 3 account(s)");
        assert!(!stdout(&exported).contains("GEZD"));
        assert_private(&file);
        assert_one_line_error(
            &source.run(&["export", arg(&file), "--format", format]),
            "pass --overwrite",
        );

        let target = TestVault::new();
        let imported = run(
            &target,
            Some(PASSPHRASE),
            &["--protector", "passphrase", "import", arg(&file)],
        );
        assert_ok(&imported);
        assert_contains(&stdout(&imported), "3 added, 0 replaced, 0 skipped.");
        let (list, codes) = snapshot(&target, Some(PASSPHRASE));
        // Names gain the issuer ("Bank: Work"); keys, parameters and codes are the same.
        let names: Vec<_> = list
            .as_array()
            .expect("array")
            .iter()
            .map(|a| a["name"].clone())
            .collect();
        assert_eq!(names, ["三菱 太郎", "Bank: Work", "eighty"], "{format}");
        let strip = |codes: &[String]| -> Vec<String> {
            codes
                .iter()
                .map(|c| c.rsplit('@').next().unwrap_or_default().to_string())
                .collect()
        };
        assert_eq!(strip(&codes), strip(&expected.1), "{format}");
    }
}

/// The vault of `source_vault` without its 60-second accounts: what
/// Google Authenticator can hold.
fn thirty_second_vault() -> TestVault {
    let vault = TestVault::new();
    assert_ok(&vault.add_with_period("三菱 太郎", SEED_B32, 30));
    let uri = format!("otpauth://totp/Bank:taro?secret={SEED_B32}&issuer=Bank&algorithm=SHA256&digits=8&period=30");
    assert_ok(&vault.run(&["add", "Work", "--key", &uri]));
    vault
}

#[test]
fn google_export_refuses_accounts_it_would_break_unless_forced() {
    // 三菱 太郎 and eighty have 60-second codes, which Google Authenticator
    // cannot make: refused, naming both, and nothing is written.
    let source = source_vault();
    let file = source.dir.path().join("google.txt");
    let line = assert_one_line_error(
        &source.run(&["export", arg(&file), "--format", "google"]),
        "nothing was written: the Google Authenticator export cannot carry 2 account(s) faithfully, and their codes would be wrong there ('三菱 太郎': its codes last 60 seconds, and Google Authenticator makes only 30-second codes; 'eighty': its codes last 60 seconds, and Google Authenticator makes only 30-second codes); export them with --format aegis, 2fas or uris instead, or pass --force to write them anyway",
    );
    assert!(line.starts_with("trayotp: error: "), "{line}");
    assert!(!file.exists());

    // Forced: written, each such account named on stderr.
    let forced = source.run(&["export", arg(&file), "--format", "google", "--force"]);
    assert_ok(&forced);
    let err = stderr(&forced);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert_eq!(
        lines[0],
        "trayotp: warning: '三菱 太郎': its codes last 60 seconds, and Google Authenticator makes only 30-second codes: its codes in the other app will be wrong (written because of --force)"
    );
    assert!(
        lines[1].starts_with("trayotp: warning: 'eighty': its codes last 60 seconds"),
        "{err}"
    );
    assert_contains(lines[2], "is NOT encrypted");
    assert_private(&file);
    let text = std::fs::read_to_string(&file).expect("written");
    assert!(text.starts_with("otpauth-migration://offline?data="), "{text}");
    assert!(!text.contains("GEZD") && !stdout(&forced).contains("GEZD"));

    // What Google Authenticator would make of it: the keys, at 30 seconds.
    let target = TestVault::new();
    let imported = run(
        &target,
        Some(PASSPHRASE),
        &["--protector", "passphrase", "import", arg(&file)],
    );
    assert_ok(&imported);
    assert_contains(
        &stdout(&imported),
        "(Google Authenticator export): 3 added, 0 replaced, 0 skipped.",
    );
    let list = snapshot(&target, Some(PASSPHRASE)).0;
    let periods: Vec<_> = list
        .as_array()
        .expect("array")
        .iter()
        .map(|a| a["period"].clone())
        .collect();
    assert_eq!(periods, [30, 30, 30]);
}

#[test]
fn google_export_of_30_second_accounts_imports_back_with_the_same_codes() {
    let source = thirty_second_vault();
    let expected = snapshot(&source, Some(PASSPHRASE));
    let file = source.dir.path().join("google.txt");
    let exported = source.run(&["export", arg(&file), "--format", "google"]);
    assert_ok(&exported);
    assert_eq!(
        stderr(&exported),
        format!(
            "trayotp: warning: {} is NOT encrypted: anyone who reads it can make your codes; import it where you need it, then delete it\n",
            file.display()
        )
    );
    assert_contains(&stdout(&exported), "Exported 2 account(s)");
    assert_private(&file);

    let target = TestVault::new();
    let imported = run(
        &target,
        Some(PASSPHRASE),
        &["--protector", "passphrase", "import", arg(&file)],
    );
    assert_ok(&imported);
    assert_contains(&stdout(&imported), "2 added, 0 replaced, 0 skipped.");
    let (list, codes) = snapshot(&target, Some(PASSPHRASE));
    let names: Vec<_> = list
        .as_array()
        .expect("array")
        .iter()
        .map(|a| a["name"].clone())
        .collect();
    assert_eq!(names, ["三菱 太郎", "Bank: Work"]);
    let strip = |codes: &[String]| -> Vec<String> {
        codes
            .iter()
            .map(|c| c.rsplit('@').next().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(strip(&codes), strip(&expected.1));
}

/// Decodes a Google Authenticator export with a protobuf reader written in
/// Python from the published schema (not ours), one JSON object per link.
#[cfg(unix)]
const PYTHON_MIGRATION_DECODER: &str = r#"
import base64, json, sys, urllib.parse

def varint(data, i):
    shift = value = 0
    while True:
        b = data[i]; i += 1
        value |= (b & 0x7F) << shift; shift += 7
        if not b & 0x80:
            return value, i

def fields(data):
    i, out = 0, []
    while i < len(data):
        key, i = varint(data, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = varint(data, i)
        elif wire == 2:
            n, i = varint(data, i)
            value, i = data[i:i + n], i + n
        else:
            raise ValueError("wire type %d" % wire)
        out.append((number, value))
    return out

ALGORITHMS = {0: "unspecified", 1: "SHA1", 2: "SHA256", 3: "SHA512", 4: "MD5"}
DIGITS = {0: "unspecified", 1: 6, 2: 8}
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.strip()
    if not line:
        continue
    query = urllib.parse.urlparse(line).query
    data = base64.b64decode(urllib.parse.parse_qs(query)["data"][0], validate=True)
    payload = {"otp": []}
    for number, value in fields(data):
        if number == 1:
            otp = {"algorithm": "unspecified", "digits": "unspecified", "issuer": ""}
            for n, v in fields(value):
                if n == 1: otp["secret"] = base64.b32encode(v).decode().rstrip("=")
                elif n == 2: otp["name"] = v.decode("utf-8")
                elif n == 3: otp["issuer"] = v.decode("utf-8")
                elif n == 4: otp["algorithm"] = ALGORITHMS[v]
                elif n == 5: otp["digits"] = DIGITS[v]
                elif n == 6: otp["type"] = {1: "HOTP", 2: "TOTP"}[v]
                else: raise ValueError("OtpParameters field %d" % n)
            payload["otp"].append(otp)
        else:
            payload[{2: "version", 3: "batch_size", 4: "batch_index", 5: "batch_id"}[number]] = value
    print(json.dumps(payload, ensure_ascii=False, sort_keys=True))
"#;

#[cfg(unix)]
#[test]
fn google_export_decodes_with_an_independent_python_reader() {
    let source = thirty_second_vault();
    // Twelve more: two links, as Google Authenticator splits at ten.
    for i in 0..12u8 {
        let letter = char::from(b'A' + i);
        let uri = format!(
            "otpauth://totp/S{i}?secret=JBSWY3DPEHPK3PXP{}&algorithm=SHA512&period=30",
            letter.to_string().repeat(16)
        );
        assert_ok(&source.run(&["add", &format!("extra {i}"), "--key", &uri]));
    }
    let file = source.dir.path().join("google.txt");
    assert_ok(&source.run(&["export", arg(&file), "--format", "google"]));

    let python = if Path::new("/usr/bin/python3").exists() {
        "/usr/bin/python3"
    } else {
        "python3"
    };
    let output = std::process::Command::new(python)
        .args(["-c", PYTHON_MIGRATION_DECODER, arg(&file)])
        .output()
        .expect("python3 runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let links: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("json"))
        .collect();
    assert_eq!(links.len(), 2);
    let id = links[0]["batch_id"].clone();
    assert!(id.as_u64().is_some_and(|id| id <= i32::MAX as u64), "{id}");
    for (index, link) in links.iter().enumerate() {
        assert_eq!(link["version"], 1);
        assert_eq!(link["batch_size"], 2);
        assert_eq!(link["batch_index"], index);
        assert_eq!(link["batch_id"], id);
    }
    assert_eq!(links[0]["otp"].as_array().map(Vec::len), Some(10));
    assert_eq!(links[1]["otp"].as_array().map(Vec::len), Some(4));
    assert_eq!(
        links[0]["otp"][0],
        serde_json::json!({"secret": SEED_B32, "name": "三菱 太郎", "issuer": "", "algorithm": "SHA1", "digits": 6, "type": "TOTP"})
    );
    assert_eq!(
        links[0]["otp"][1],
        serde_json::json!({"secret": SEED_B32, "name": "Work", "issuer": "Bank", "algorithm": "SHA256", "digits": 8, "type": "TOTP"})
    );
    assert_eq!(links[1]["otp"][3]["name"], "extra 11");
    assert_eq!(links[1]["otp"][3]["algorithm"], "SHA512");
}

#[test]
fn escape_sequences_from_an_import_file_never_reach_the_terminal() {
    let vault = TestVault::new();
    let file = vault.dir.path().join("links.txt");
    // An unknown algorithm that would retitle the terminal window (OSC 0).
    std::fs::write(
        &file,
        "otpauth://totp/Bank:taro?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&algorithm=%1B%5D0%3Bpwned%07SHA1\n",
    )
    .expect("write");
    let output = vault.command().args(["import", arg(&file)]).output().expect("runs");
    let err = stderr(&output);
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    assert_contains(&err, r"\u{1b}]0;pwned\u{7}SHA1");
}
