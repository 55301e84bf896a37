//! A closed stdout is not a crash: `trayotp list | head -0` (a pipe whose
//! reader has gone), `trayotp list >&-` (no stdout at all) and
//! `trayotp list >/dev/full` (a stdout that cannot be written). `println!`
//! panicked in each; now a broken pipe ends quietly and successfully, and a
//! failed write ends non-zero with one line on stderr. Real pipes and real
//! closed descriptors, for the commands that print: `list`, `list --json`,
//! `code`, `settings get` and `paths`.

use std::process::{Output, Stdio};

use crate::common::{self, SEED_B32, TestVault};

const COMMANDS: &[&[&str]] = &[
    &["list"],
    &["list", "--json"],
    &["code", "Example"],
    &["code", "Example", "--json"],
    &["settings", "get"],
    &["paths"],
    &["paths", "--json"],
];

fn vault_with_one_account() -> TestVault {
    let vault = TestVault::new();
    common::assert_ok(&vault.add("Example", SEED_B32));
    vault
}

fn assert_no_panic(what: &str, output: &Output) {
    let stderr = common::stderr(output);
    assert!(
        !stderr.contains("panicked") && output.status.code() != Some(101),
        "{what}: panicked ({:?}): {stderr}",
        output.status
    );
}

/// A pipe whose reading end is closed before the command writes: the first
/// write fails with a broken pipe (EPIPE; ERROR_NO_DATA on Windows).
#[test]
fn a_pipe_closed_by_its_reader_ends_quietly() {
    let vault = vault_with_one_account();
    for args in COMMANDS {
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let output = vault
            .command()
            .args(*args)
            .stdout(Stdio::from(writer))
            .stderr(Stdio::piped())
            .output()
            .expect("trayotp runs");
        let what = format!("trayotp {} | head -0", args.join(" "));
        assert_no_panic(&what, &output);
        assert!(output.status.success(), "{what}: {:?}", output.status);
        assert_eq!(common::stderr(&output), "", "{what}: nothing on stderr");
    }
}

/// `>&-`: the program starts with descriptor 1 closed. It must neither
/// panic nor write its output into whatever file then gets descriptor 1
/// (the vault, the settings file).
#[cfg(target_os = "linux")]
#[test]
fn a_closed_stdout_descriptor_is_not_a_crash() {
    let vault = vault_with_one_account();
    let before = vault.bytes();
    let settings_before = vault.settings_text();
    for args in COMMANDS {
        let mut inner = vault.command();
        inner.args(*args);
        let mut shell = std::process::Command::new("sh");
        shell
            .args(["-c", "exec \"$@\" >&-", "sh"])
            .arg(inner.get_program())
            .args(inner.get_args())
            .stdin(Stdio::null())
            .stderr(Stdio::piped());
        for (name, value) in inner.get_envs() {
            match value {
                Some(value) => shell.env(name, value),
                None => shell.env_remove(name),
            };
        }
        let output = shell.output().expect("sh runs");
        let what = format!("trayotp {} >&-", args.join(" "));
        assert_no_panic(&what, &output);
        assert!(
            output.status.success(),
            "{what}: {:?} {}",
            output.status,
            common::stderr(&output)
        );
    }
    assert_eq!(vault.bytes(), before, "the vault is untouched");
    assert_eq!(vault.settings_text(), settings_before, "the settings are untouched");
}

/// `>/dev/full`: every write fails with ENOSPC. Not a pipe, so not quiet:
/// non-zero, one line naming the problem and what to do.
#[cfg(target_os = "linux")]
#[test]
fn a_stdout_that_cannot_be_written_is_one_line() {
    let vault = vault_with_one_account();
    for args in COMMANDS {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let output = vault
            .command()
            .args(*args)
            .stdout(Stdio::from(full))
            .stderr(Stdio::piped())
            .output()
            .expect("trayotp runs");
        let what = format!("trayotp {} >/dev/full", args.join(" "));
        assert_no_panic(&what, &output);
        assert!(!output.status.success(), "{what}: must fail");
        let line = common::assert_one_line_error(&output, "cannot write the output");
        common::assert_contains(&line, "run again");
    }
}
