//! The second security review's findings (issue 21) against the real
//! executable: the vault's lock file (N2), imports bounded by entries, not
//! by the file's size (N3), arguments that are not UTF-8, invisible
//! characters in names (N6), and the new vault passphrase's minimum on the
//! command line (L8). The clock (N1) is `tests/clock.rs`; the control
//! channel (N4) is `tests/hardening.rs`.

use crate::common;

use std::path::Path;

use common::*;

/// The largest file an import reads is 64 MiB: these stay just under it.
#[cfg(target_os = "linux")]
const NEARLY_64_MIB: usize = 63 * 1024 * 1024;

/// `body` repeated (joined by `separator`) between `head` and `tail`, up to
/// about [`NEARLY_64_MIB`].
#[cfg(target_os = "linux")]
fn amplifier(head: &str, body: &str, separator: &str, tail: &str) -> Vec<u8> {
    let count = (NEARLY_64_MIB - head.len() - tail.len()) / (body.len() + separator.len());
    let mut bytes = Vec::with_capacity(NEARLY_64_MIB);
    bytes.extend_from_slice(head.as_bytes());
    for index in 0..count {
        if index > 0 {
            bytes.extend_from_slice(separator.as_bytes());
        }
        bytes.extend_from_slice(body.as_bytes());
    }
    bytes.extend_from_slice(tail.as_bytes());
    bytes
}

/// N3: files of millions of tiny entries, each just under the size limit,
/// are refused in one line while parsed, in a process limited to 1 GiB of
/// address space (before the fix: 6 GB and an abort for the Aegis one).
#[cfg(target_os = "linux")]
#[test]
fn millions_of_tiny_entries_are_refused_in_one_line_within_1_gib() {
    let vault = TestVault::new();
    assert_ok(&vault.add("mine", SEED_B32));
    let files = [
        (
            "aegis.json",
            amplifier(
                r#"{"version":1,"header":{"slots":null,"params":null},"db":{"version":1,"entries":["#,
                "{}",
                ",",
                "]}}",
            ),
        ),
        (
            "2fas.2fas",
            amplifier(r#"{"schemaVersion":4,"services":["#, "{}", ",", "]}"),
        ),
        ("links.txt", amplifier("", "otpauth://x", "\n", "\n")),
        (
            // Protocol Buffers: field 1, length 0, over and over.
            "google.txt",
            amplifier("otpauth-migration://offline?data=", "CgAKAAoA", "", "\n"),
        ),
    ];
    for (name, bytes) in files {
        let path = vault.dir.path().join(name);
        std::fs::write(&path, &bytes).expect("write the file");
        drop(bytes);
        let output = vault
            .command()
            .arg("import")
            .arg(&path)
            .env_remove("TRAYOTP_BACKUP_PASSPHRASE")
            .output_limited_to_1_gib();
        assert_eq!(
            output.status.code(),
            Some(1),
            "{name}: refused, not aborted: {}",
            stderr(&output)
        );
        assert_one_line_error(&output, "more than 10000 entries");
        std::fs::remove_file(&path).expect("remove");
    }
    let list = vault.run(&["list"]);
    assert_eq!(stdout(&list), "mine\n", "nothing was imported");
}

/// Runs a command under `prlimit --as=1GiB`.
#[cfg(target_os = "linux")]
trait Limited {
    fn output_limited_to_1_gib(&mut self) -> std::process::Output;
}

#[cfg(target_os = "linux")]
impl Limited for std::process::Command {
    fn output_limited_to_1_gib(&mut self) -> std::process::Output {
        let mut limited = std::process::Command::new("prlimit");
        limited
            .arg(format!("--as={}", 1u64 << 30))
            .arg("--")
            .arg(self.get_program());
        limited.args(self.get_args());
        for (key, value) in self.get_envs() {
            match value {
                Some(value) => limited.env(key, value),
                None => limited.env_remove(key),
            };
        }
        limited.stdin(std::process::Stdio::null());
        limited.output().expect("prlimit runs (util-linux)")
    }
}

/// N3: a file at the limit (10 000 entries) is read, and its skipped
/// entries do not flood the terminal.
#[test]
fn ten_thousand_entries_are_read_and_the_skip_lines_are_capped() {
    let vault = TestVault::new();
    let mut json = String::from(r#"{"schemaVersion":4,"services":["#);
    for index in 0..10_000 {
        if index > 0 {
            json.push(',');
        }
        json.push_str(r#"{"name":"x","secret":"","otp":{"tokenType":"HOTP"}}"#);
    }
    json.push_str("]}");
    let path = vault.dir.path().join("many.2fas");
    std::fs::write(&path, json).expect("write");
    let output = vault.run(&["--protector", "passphrase", "import", &path.to_string_lossy()]);
    assert_ok(&output);
    assert_contains(&stdout(&output), "10000 skipped");
    let err = stderr(&output);
    assert!(err.lines().count() <= 25, "{} lines", err.lines().count());
    assert_contains(&err, "… and 9980 more entries skipped");
}

/// N2: the lock file beside the vault holds no argument (a key may be
/// one), is private to the user, and is never opened through a link.
#[cfg(unix)]
#[test]
fn the_lock_file_holds_no_argument_is_private_and_follows_no_link() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let vault = TestVault::new();
    let output = vault.run(&["--protector", "passphrase", "add", "Work", "--key", SEED_B32]);
    assert_ok(&output);
    let lock = vault.path.with_file_name("vault.trayotp.lock");
    let text = std::fs::read_to_string(&lock).expect("the lock file");
    assert!(!text.contains(SEED_B32) && !text.contains("Work"), "{text:?}");
    let mode = std::fs::metadata(&lock).expect("lock").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);

    // A symbolic link where the lock goes: refused, the target untouched.
    let victim = vault.dir.path().join("victim.txt");
    std::fs::write(&victim, "untouched").expect("victim");
    let linked = vault.path.with_file_name("s.trayotp");
    symlink(&victim, linked.with_file_name("s.trayotp.lock")).expect("symlink");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_trayotp"))
        .arg("--vault")
        .arg(&linked)
        .args(["--protector", "passphrase", "add", "Demo", "--key", SEED_B32])
        .env("TRAYOTP_CONFIG", &vault.settings)
        .env("TRAYOTP_LOCAL_DIR", vault.local_dir())
        .env("TRAYOTP_PASSPHRASE", PASSPHRASE)
        .env_remove("TRAYOTP_VAULT")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_one_line_error(&output, "s.trayotp.lock is a symbolic link: remove it");
    assert_eq!(std::fs::read_to_string(&victim).expect("victim"), "untouched");
    assert!(!linked.exists(), "no vault was made");
}

/// Paths and arguments that are not UTF-8: a path is used as it is (any
/// bytes), text is refused in one line; nothing panics.
#[cfg(unix)]
#[test]
fn arguments_that_are_not_utf8_are_an_error_in_one_line_never_a_panic() {
    use std::os::unix::ffi::OsStrExt;
    let vault = TestVault::new();
    let folder = vault.dir.path().join("files");
    std::fs::create_dir_all(&folder).expect("folder");
    let odd = folder.join(std::ffi::OsStr::from_bytes(b"\xfe.txt"));

    // Missing: one line naming the problem.
    let output = vault.command().arg("import").arg(&odd).output().expect("runs");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(!stderr(&output).contains("panicked"));
    assert_one_line_error(&output, ".txt");

    // Present: read like any other file.
    let link = format!("otpauth://totp/Odd?secret={SEED_B32}&period=60\n");
    std::fs::write(&odd, link).expect("write");
    let output = vault
        .command()
        .args(["--protector", "passphrase", "import"])
        .arg(&odd)
        .output()
        .expect("runs");
    assert_ok(&output);
    assert_eq!(stdout(&vault.run(&["list"])), "Odd\n");

    // Text (an account name) must be UTF-8.
    let output = vault
        .command()
        .arg("code")
        .arg(std::ffi::OsStr::from_bytes(b"\xfe"))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(!stderr(&output).contains("panicked"));
    assert_one_line_error(&output, "not UTF-8");
}

/// N6: bidirectional and zero-width characters never reach a name, so
/// 「Bank\u{202e}moc.evil」 cannot read as "Banklive.com".
#[test]
fn bidirectional_and_zero_width_characters_are_stripped_from_names() {
    let vault = TestVault::new();
    assert_ok(&vault.add("Bank\u{202e}moc.evil", SEED_B32));
    assert_ok(&vault.run_with_stdin(&["add", "Wo\u{200b}rk\u{2066}"], SEED_B32));
    let links = vault.dir.path().join("links.txt");
    std::fs::write(
        &links,
        format!("otpauth://totp/Pay%E2%80%8Fpal%EF%BB%BF?secret={SEED_B32}\n"),
    )
    .expect("write");
    assert_ok(&vault.run(&["import", &links.to_string_lossy()]));
    assert_eq!(stdout(&vault.run(&["list"])), "Bankmoc.evil\nWork\nPaypal\n");
    assert_ok(&vault.run(&["code", "Bankmoc.evil"]));
}

/// L8: the command line asks as much of a new vault's passphrase as the
/// form does (`domain::vault_passphrase`).
#[test]
fn a_new_vault_passphrase_needs_as_many_characters_as_the_form_asks() {
    let vault = TestVault::new();
    for short in ["x", "1234567"] {
        let output = run_with_stdin(
            vault
                .command()
                .env("TRAYOTP_PASSPHRASE", short)
                .args(["--protector", "passphrase", "add", "A"]),
            SEED_B32,
        );
        assert_one_line_error(&output, "at least 8 characters");
        assert!(!Path::new(&vault.path).exists(), "no vault was made");
    }
    let output = run_with_stdin(
        vault
            .command()
            .env("TRAYOTP_PASSPHRASE", "12345678")
            .args(["--protector", "passphrase", "add", "A"]),
        SEED_B32,
    );
    assert_ok(&output);
}
