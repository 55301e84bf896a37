//! Faults injected at every step of a save (issue 21, item 7): each command
//! that changes the vault or the settings runs under `strace`, once per
//! system call of its save, with that call made to fail (`ENOSPC`, `EIO`)
//! or the process killed there (`SIGKILL`). After each run the files must
//! hold what they held before or what the change makes of them: never
//! fewer accounts, never a file that does not open. A command that fails
//! says so in one line and exits non-zero; one that exits 0 must have saved.
//!
//! How the steps are found: a clean run is traced first (`strace -ff -y`),
//! and every write, fsync, rename, unlink, close, openat and ftruncate the
//! process makes on a file in the test's folder is a step, numbered per
//! system call as strace counts them for `inject=…:when=N`. A step that only
//! happens on a failure (the removal of the temporary file) is found in the
//! failing runs' traces and faulted in turn, together with the first fault.
//! Each run checks that strace really injected the fault into a file of the
//! test's folder, so a change in the save's calls cannot silently skip steps.
//!
//! `TRAYOTP_FAULT_REPORT=FILE` writes the counts as a Markdown table
//! (`docs/fault-injection.md` quotes it).

#![cfg(target_os = "linux")]

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Mutex;

use common::{SEED_B32, TestVault, assert_ok, stderr, stdout};

/// The system calls a save is faulted at.
const SYSCALLS: &[&str] = &[
    "write",
    "fsync",
    "fdatasync",
    "rename",
    "renameat",
    "renameat2",
    "unlink",
    "unlinkat",
    "close",
    "openat",
    "ftruncate",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Fault {
    Enospc,
    Eio,
    Kill,
}

impl Fault {
    const ALL: [Fault; 3] = [Fault::Enospc, Fault::Eio, Fault::Kill];

    fn inject(self, syscall: &str, when: usize) -> String {
        let what = match self {
            Fault::Enospc => "error=ENOSPC",
            Fault::Eio => "error=EIO",
            Fault::Kill => "signal=KILL",
        };
        format!("inject={syscall}:{what}:when={when}")
    }

    fn name(self) -> &'static str {
        match self {
            Fault::Enospc => "ENOSPC",
            Fault::Eio => "EIO",
            Fault::Kill => "SIGKILL",
        }
    }
}

/// One step of a save: the `when`-th `syscall` of the process.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Step {
    syscall: String,
    when: usize,
    /// What it touched (for the failure messages).
    what: String,
}

/// A command that changes files, with the state before it.
struct Scenario {
    name: &'static str,
    args: Vec<String>,
    stdin: Option<String>,
    /// Brings a fresh test vault to the state before the command.
    setup: fn(&TestVault),
    /// Automatic backups are on, into the template's `backups` folder
    /// (which every copy's vault names): its cases run one at a time.
    auto_backup: bool,
}

/// What a test folder holds, compared across runs.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Snapshot {
    /// The vault's bytes and the account names it opens to.
    vault: Vec<u8>,
    names: Vec<String>,
    backup: Option<Vec<u8>>,
    settings: Option<Vec<u8>>,
    /// The automatic backups' folder (the template's).
    auto_backups: Vec<(String, Vec<u8>)>,
}

#[derive(Default, Clone)]
struct Tally {
    cases: usize,
    /// (fault, outcome) -> count.
    outcomes: BTreeMap<(Fault, &'static str), usize>,
    steps: BTreeSet<String>,
    left_temp: usize,
    problems: Vec<String>,
}

fn scenarios() -> Vec<Scenario> {
    vec![
        Scenario {
            name: "add",
            args: args(&["--protector", "passphrase", "add", "gamma"]),
            stdin: Some(SEED_B32.to_string()),
            setup: two_accounts,
            auto_backup: false,
        },
        Scenario {
            name: "rename",
            // beta is the default account: the settings follow the rename.
            args: args(&["rename", "beta", "beta 2"]),
            stdin: None,
            setup: two_accounts,
            auto_backup: false,
        },
        Scenario {
            name: "remove",
            args: args(&["remove", "alpha", "--yes"]),
            stdin: None,
            setup: two_accounts,
            auto_backup: false,
        },
        Scenario {
            name: "import",
            args: args(&["import", "IMPORT"]),
            stdin: None,
            setup: two_accounts,
            auto_backup: false,
        },
        Scenario {
            name: "add, automatic backup",
            args: args(&["--protector", "passphrase", "add", "gamma"]),
            stdin: Some(SEED_B32.to_string()),
            setup: with_auto_backup,
            auto_backup: true,
        },
        Scenario {
            name: "settings set",
            // Not `language`: a saved `ja` would turn the failure's line
            // into Japanese (the command line speaks the setting's language).
            args: args(&["settings", "set", "backup_reminder_days", "14"]),
            stdin: None,
            setup: two_accounts,
            auto_backup: false,
        },
    ]
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// Two accounts (so the vault has a `.bak`), beta the default account, and
/// a file of two links to import.
fn two_accounts(vault: &TestVault) {
    assert_ok(&vault.add("alpha", SEED_B32));
    assert_ok(&vault.add("beta", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"));
    assert_ok(&vault.run(&["settings", "set", "default_account", "beta"]));
    std::fs::write(
        import_file(vault),
        "otpauth://totp/delta?secret=KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU\notpauth://totp/epsilon?secret=MFRGGZDFMZTWQ2LKMFRGGZDFMZTWQ2LK\n",
    )
    .expect("import file");
}

/// [`two_accounts`], with automatic backups on into `backups`, keeping one
/// (so the change writes a backup and removes the older one).
fn with_auto_backup(vault: &TestVault) {
    two_accounts(vault);
    assert_ok(&vault.run(&["settings", "set", "auto_backup_keep", "1"]));
    let folder = backups(vault);
    std::fs::create_dir_all(&folder).expect("backups folder");
    let on = vault
        .command()
        .args(["auto-backup", "on"])
        .arg(&folder)
        .env("TRAYOTP_BACKUP_PASSPHRASE", "a long backup passphrase")
        .output()
        .expect("runs");
    assert_ok(&on);
}

fn backups(vault: &TestVault) -> PathBuf {
    vault.dir.path().join("backups")
}

/// The automatic backups' folder: (name, bytes), sorted.
fn backup_files(folder: &Path) -> Vec<(String, Vec<u8>)> {
    if !folder.exists() {
        return Vec::new();
    }
    common::file_names(folder)
        .into_iter()
        .map(|name| {
            let bytes = std::fs::read(folder.join(&name)).unwrap_or_default();
            (name, bytes)
        })
        .collect()
}

/// Puts the folder back as it was before the command.
fn reset_backups(folder: &Path, files: &[(String, Vec<u8>)]) {
    if folder.exists() {
        for name in common::file_names(folder) {
            std::fs::remove_file(folder.join(name)).expect("reset the backups folder");
        }
    }
    for (name, bytes) in files {
        std::fs::write(folder.join(name), bytes).expect("reset the backups folder");
    }
}

fn import_file(vault: &TestVault) -> PathBuf {
    vault.dir.path().join("import.txt")
}

/// A fresh folder holding a copy of `template`'s files.
fn copy_of(template: &TestVault) -> TestVault {
    let copy = TestVault::new();
    std::fs::create_dir_all(copy.path.parent().expect("data dir")).expect("data dir");
    for (from, to) in [
        (template.path.clone(), copy.path.clone()),
        (template.backup(), copy.backup()),
        (template.settings.clone(), copy.settings.clone()),
        (import_file(template), import_file(&copy)),
    ] {
        if from.exists() {
            std::fs::copy(&from, &to).expect("copy the template");
        }
    }
    copy
}

fn read_optional(path: &Path) -> Option<Vec<u8>> {
    std::fs::read(path).ok()
}

/// The account names the vault opens to, or why it does not open.
fn names(vault: &TestVault) -> Result<Vec<String>, String> {
    let output = vault.run(&["list"]);
    if output.status.success() {
        Ok(stdout(&output).lines().map(str::to_string).collect())
    } else {
        Err(stderr(&output))
    }
}

fn snapshot(vault: &TestVault) -> Snapshot {
    Snapshot {
        vault: std::fs::read(&vault.path).expect("the vault is there"),
        names: names(vault).expect("the vault opens"),
        backup: read_optional(&vault.backup()),
        settings: read_optional(&vault.settings),
        auto_backups: Vec::new(),
    }
}

/// `scenario`'s command under strace, with `strace_args`; the trace goes to
/// files `<trace>.<pid>`.
fn run_traced(vault: &TestVault, scenario: &Scenario, strace_args: &[String], trace: &Path) -> Output {
    let inner = vault.command();
    let mut outer = Command::new("strace");
    outer
        // Not --seccomp-bpf: strace 6.1 then does not deliver an injected signal.
        .args(["-ff", "-qq", "-y", "-e", "signal=none", "-e"])
        .arg(format!("trace={}", SYSCALLS.join(",")))
        .arg("-o")
        .arg(trace)
        .args(strace_args)
        .arg("--")
        .arg(inner.get_program())
        .args(inner.get_args());
    for (key, value) in inner.get_envs() {
        match value {
            Some(value) => outer.env(key, value),
            None => outer.env_remove(key),
        };
    }
    for arg in &scenario.args {
        if arg == "IMPORT" {
            outer.arg(import_file(vault));
        } else {
            outer.arg(arg);
        }
    }
    match &scenario.stdin {
        Some(text) => common::run_with_stdin(&mut outer, text),
        None => outer
            .stdin(Stdio::null())
            .output()
            .expect("strace runs (install it: .ci/install-deps)"),
    }
}

/// The traced calls of each process, in order: (pid, syscall, its line).
fn read_traces(trace: &Path) -> Vec<(String, String, String)> {
    let dir = trace.parent().expect("trace dir");
    let stem = trace.file_name().expect("trace name").to_string_lossy().into_owned();
    let mut calls = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("trace dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&format!("{stem}.")))
        })
        .collect();
    files.sort();
    for file in files {
        let pid = file.extension().expect("pid").to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&file).expect("trace");
        for line in text.lines() {
            let Some(open) = line.find('(') else { continue };
            let syscall = &line[..open];
            if SYSCALLS.contains(&syscall) {
                calls.push((pid.clone(), syscall.to_string(), line.to_string()));
            }
        }
        let _ = std::fs::remove_file(&file);
    }
    calls
}

/// The steps of the save in a trace: calls on a file under `root`, numbered
/// per process and system call as strace's `when=` counts them.
fn steps_in(calls: &[(String, String, String)], roots: &[&Path], only: Option<&[&str]>) -> Vec<Step> {
    let roots: Vec<String> = roots.iter().map(|r| r.to_string_lossy().into_owned()).collect();
    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    // Files written or flushed: closing one of them is a step.
    let mut changed: BTreeSet<String> = BTreeSet::new();
    let mut steps = Vec::new();
    for (pid, syscall, line) in calls {
        let n = counts.entry((pid.clone(), syscall.clone())).or_insert(0);
        *n += 1;
        // Opening a file only to read it, and closing it, are no steps of a
        // save; nor is printing a message that names a file (the file is
        // in the call's data, not in its target).
        let reads_only = syscall == "openat" && !line.contains("O_WRONLY") && !line.contains("O_RDWR");
        let target = match syscall.as_str() {
            "write" => line.split(">, ").next().unwrap_or(line),
            _ => line.as_str(),
        };
        if let Some(path) = fd_path(line)
            && matches!(syscall.as_str(), "write" | "fsync" | "fdatasync" | "ftruncate")
        {
            changed.insert(path);
        }
        let read_close = syscall == "close" && fd_path(line).is_none_or(|path| !changed.contains(&path));
        if roots.iter().any(|root| target.contains(root.as_str()))
            && !reads_only
            && !read_close
            && only.is_none_or(|only| only.contains(&syscall.as_str()))
        {
            let what = roots
                .iter()
                .fold(line.clone(), |what, root| what.replace(root.as_str(), "…"));
            steps.push(Step {
                syscall: syscall.clone(),
                when: *n,
                what: what.chars().take(160).collect(),
            });
        }
    }
    steps.sort();
    steps.dedup_by(|a, b| a.syscall == b.syscall && a.when == b.when);
    steps
}

/// The file a call's first argument, a descriptor, names (`close(3</a/b>)`).
fn fd_path(line: &str) -> Option<String> {
    let start = line.find('<')? + 1;
    let end = start + line[start..].find('>')?;
    Some(line[start..end].to_string())
}

/// Runs one faulted case and checks the folder afterwards.
#[allow(clippy::too_many_arguments)]
fn run_case(
    template: &TestVault,
    scenario: &Scenario,
    before: &Snapshot,
    after: &Snapshot,
    faults: &[(Fault, &Step)],
    shared: &Mutex<Tally>,
) -> Vec<Step> {
    let mut follow_ups = Vec::new();
    let mut tally = Tally::default();
    if scenario.auto_backup {
        reset_backups(&backups(template), &before.auto_backups);
    }
    let vault = copy_of(template);
    let trace = vault.dir.path().join("trace");
    let strace_args: Vec<String> = faults
        .iter()
        .flat_map(|(fault, step)| ["-e".to_string(), fault.inject(&step.syscall, step.when)])
        .collect();
    let output = run_traced(&vault, scenario, &strace_args, &trace);
    let calls = read_traces(&trace);
    let root = vault.dir.path();
    let template_backups = backups(template);
    let roots: Vec<&Path> = if scenario.auto_backup {
        vec![root, &template_backups]
    } else {
        vec![root]
    };
    let label = format!(
        "{} with {}",
        scenario.name,
        faults
            .iter()
            .map(|(f, s)| format!("{} at {}#{} ({})", f.name(), s.syscall, s.when, s.what))
            .collect::<Vec<_>>()
            .join(" + ")
    );
    tally.cases += 1;
    for (_, step) in faults {
        tally
            .steps
            .insert(format!("{} {}#{}", scenario.name, step.syscall, step.when));
    }
    // Each fault must have landed on a file of this folder.
    for (fault, step) in faults {
        let hit = calls.iter().any(|(_, syscall, line)| {
            syscall == &step.syscall
                && roots.iter().any(|r| line.contains(r.to_string_lossy().as_ref()))
                && (*fault == Fault::Kill || line.contains("(INJECTED)"))
        });
        if !hit {
            tally
                .problems
                .push(format!("{label}: the fault did not land on a file of the test folder"));
        }
    }
    if faults.iter().any(|(f, _)| *f == Fault::Kill) && output.status.success() {
        tally.problems.push(format!("{label}: the process was not killed"));
    }
    if faults.len() == 1 && faults[0].0 != Fault::Kill {
        follow_ups.extend(steps_in(&calls, &roots, Some(&["unlink", "unlinkat"])));
    }

    let killed = faults.iter().any(|(f, _)| *f == Fault::Kill) && !output.status.success();
    let outcome: &'static str;
    let vault_bytes = std::fs::read(&vault.path);
    let state = match &vault_bytes {
        Err(error) => Err(format!("the vault is gone ({error})")),
        Ok(bytes) if *bytes == before.vault => Ok("before"),
        Ok(_) => match names(&vault) {
            Ok(names) if names == after.names => Ok("after"),
            Ok(names) if names == before.names => Ok("before"),
            Ok(names) => Err(format!(
                "the vault holds {names:?}, neither {:?} nor {:?}",
                before.names, after.names
            )),
            Err(error) => Err(format!("the vault does not open: {}", error.trim())),
        },
    };
    let backup = read_optional(&vault.backup());
    let backup_ok = backup == before.backup || backup.as_ref() == Some(&before.vault) || backup == after.backup;
    let settings = read_optional(&vault.settings);
    let settings_ok = settings == before.settings || settings == after.settings;
    if scenario.auto_backup {
        // The old backup, a complete new one, or both (killed before the
        // older was removed): never none, never a part of one.
        let now = backup_files(&backups(template));
        let new_len = after.auto_backups.first().map(|(_, b)| b.len());
        let complete = |(name, bytes): &(String, Vec<u8>)| {
            before.auto_backups.iter().any(|(n, b)| n == name && b == bytes)
                || (name.starts_with("trayotp-auto-")
                    && name.ends_with(".trayotp-backup")
                    && bytes.starts_with(b"TRAYBAK\x1a")
                    && Some(bytes.len()) == new_len)
        };
        let ours: Vec<_> = now.iter().filter(|(n, _)| !n.ends_with(".tmp")).collect();
        if ours.is_empty() || !ours.iter().all(|f| complete(f)) {
            tally.problems.push(format!(
                "{label}: the automatic backups are {:?}",
                now.iter().map(|(n, b)| (n, b.len())).collect::<Vec<_>>()
            ));
        }
        if output.status.success()
            && !ours
                .iter()
                .any(|(n, _)| !before.auto_backups.iter().any(|(o, _)| o == n))
        {
            // The change is saved; its backup's failure is one warning.
            if !stderr(&output).contains("no automatic backup could be written") {
                tally
                    .problems
                    .push(format!("{label}: exit 0, no new automatic backup and no warning"));
            }
        }
    }
    let temps: Vec<String> = common::file_names(vault.path.parent().expect("data"))
        .into_iter()
        .chain(common::file_names(vault.settings.parent().expect("config")))
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    let unlink_faulted = faults.iter().any(|(_, s)| s.syscall.starts_with("unlink"));
    if !temps.is_empty() {
        tally.left_temp += 1;
        if !killed && !unlink_faulted {
            tally
                .problems
                .push(format!("{label}: temporary files were left behind: {temps:?}"));
        }
    }
    match state {
        Err(problem) => {
            outcome = "LOST";
            tally.problems.push(format!("{label}: {problem}"));
        }
        Ok(state) => {
            if !backup_ok {
                tally.problems.push(format!(
                    "{label}: the vault's .bak is neither the old backup nor the old vault"
                ));
            }
            if !settings_ok {
                tally.problems.push(format!(
                    "{label}: the settings file is neither the old one nor the new one"
                ));
            }
            if state == "before"
                && after.vault != before.vault
                && settings != before.settings
                && settings == after.settings
            {
                tally
                    .problems
                    .push(format!("{label}: the settings changed but the vault did not"));
            }
            if killed {
                outcome = if state == "before" && settings == before.settings {
                    "killed: before"
                } else {
                    "killed: after"
                };
            } else if output.status.success() {
                // A command that does not write the vault (settings set) leaves it as it was.
                let vault_after = state == "after" || after.vault == before.vault;
                let all_after = vault_after && settings == after.settings;
                if vault_after && scenario.name == "rename" && settings != after.settings {
                    // The rename landed; the settings file could not follow, which
                    // is a warning (the account change is saved).
                    outcome = "saved, settings warned";
                    if !stderr(&output).contains("warning") {
                        tally.problems.push(format!(
                            "{label}: exit 0 but the settings did not follow, and no warning"
                        ));
                    }
                } else if all_after {
                    outcome = "saved";
                } else {
                    outcome = "WRONG";
                    tally.problems.push(format!(
                        "{label}: exit 0 but the change is not saved: {}",
                        stderr(&output).trim()
                    ));
                }
            } else {
                let err = stderr(&output);
                let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
                if lines.len() != 1 || !lines[0].starts_with("trayotp: error: ") {
                    tally.problems.push(format!(
                        "{label}: exit {:?} without exactly one error line: {err:?}",
                        output.status
                    ));
                }
                outcome = if state == "before" && settings == before.settings {
                    "failed: before"
                } else {
                    "failed: after"
                };
            }
        }
    }
    *tally
        .outcomes
        .entry((faults.last().expect("a fault").0, outcome))
        .or_insert(0) += 1;
    let mut shared = shared.lock().unwrap_or_else(|p| p.into_inner());
    shared.add(tally);
    follow_ups
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.cases += other.cases;
        self.left_temp += other.left_temp;
        self.problems.extend(other.problems);
        self.steps.extend(other.steps);
        for (key, n) in other.outcomes {
            *self.outcomes.entry(key).or_insert(0) += n;
        }
    }
}

/// Runs `cases` on a few threads (each case is a process under strace);
/// returns the removals the failing ones made.
fn run_all(
    template: &TestVault,
    scenario: &Scenario,
    before: &Snapshot,
    after: &Snapshot,
    cases: &[Vec<(Fault, Step)>],
    tally: &Mutex<Tally>,
) -> Vec<((Fault, Step), Step)> {
    let threads = if scenario.auto_backup {
        1
    } else {
        std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(2, 4)
    };
    let next = std::sync::atomic::AtomicUsize::new(0);
    let found = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(case) = cases.get(i) else { break };
                    let faults: Vec<(Fault, &Step)> = case.iter().map(|(f, s)| (*f, s)).collect();
                    let steps = run_case(template, scenario, before, after, &faults, tally);
                    let mut found = found.lock().unwrap_or_else(|p| p.into_inner());
                    found.extend(steps.into_iter().map(|step| (case[0].clone(), step)));
                }
            });
        }
    });
    found.into_inner().unwrap_or_else(|p| p.into_inner())
}

#[test]
fn a_save_faulted_at_any_step_keeps_the_accounts() {
    let strace = Command::new("strace").arg("-V").output();
    assert!(
        strace.is_ok_and(|o| o.status.success()),
        "strace is needed: install it (.ci/install-deps)"
    );
    let mut per_scenario = Vec::new();
    let mut total = Tally::default();
    // TRAYOTP_FAULT_ONLY=WORD runs only the commands whose name holds it.
    let only = std::env::var("TRAYOTP_FAULT_ONLY").unwrap_or_default();
    for scenario in scenarios().into_iter().filter(|s| s.name.contains(only.as_str())) {
        let template = TestVault::new();
        (scenario.setup)(&template);
        let mut before = snapshot(&template);
        before.auto_backups = backup_files(&backups(&template));

        // The clean run: what the change makes, and the steps it takes.
        let clean = copy_of(&template);
        let trace = clean.dir.path().join("trace");
        let output = run_traced(&clean, &scenario, &[], &trace);
        assert_ok(&output);
        let mut after = snapshot(&clean);
        if scenario.auto_backup {
            // The clean run wrote into the template's folder: its new file.
            after.auto_backups = backup_files(&backups(&template))
                .into_iter()
                .filter(|(n, _)| !before.auto_backups.iter().any(|(o, _)| o == n))
                .collect();
            assert_eq!(after.auto_backups.len(), 1, "the clean run writes one backup");
            assert_eq!(
                backup_files(&backups(&template)).len(),
                1,
                "and removes the older one (auto_backup_keep = 1)"
            );
        }
        let template_backups = backups(&template);
        let roots: Vec<&Path> = if scenario.auto_backup {
            vec![clean.dir.path(), &template_backups]
        } else {
            vec![clean.dir.path()]
        };
        let mut steps = steps_in(&read_traces(&trace), &roots, None);
        if scenario.auto_backup {
            // The vault's own save is `add`'s: here only the backup's steps
            // (its file, its folder, the state file that records it).
            steps
                .retain(|s| s.what.contains("trayotp-auto") || s.what.contains("state.json") || s.what.contains("<…>"));
        }
        assert!(
            steps.iter().any(|s| s.syscall == "fsync") && steps.iter().any(|s| s.syscall.starts_with("rename")),
            "{}: the clean trace shows no save: {steps:?}",
            scenario.name
        );

        let tally = Mutex::new(Tally::default());
        let first: Vec<Vec<(Fault, Step)>> = steps
            .iter()
            .flat_map(|step| Fault::ALL.map(|fault| vec![(fault, step.clone())]))
            .collect();
        let found = run_all(&template, &scenario, &before, &after, &first, &tally);
        // A removal only a failure makes (the temporary file's): faulted
        // together with the first fault, once per file it removes.
        let mut seen = BTreeSet::new();
        let mut second = Vec::new();
        for (first_fault, removal) in found {
            // A removal the clean run makes is a step of its own already.
            if steps
                .iter()
                .any(|s| s.syscall == removal.syscall && s.when == removal.when)
            {
                continue;
            }
            let target: String = removal
                .what
                .chars()
                .map(|c| if c.is_ascii_digit() { '#' } else { c })
                .collect();
            if seen.insert(target) {
                for fault in [Fault::Eio, Fault::Kill] {
                    second.push(vec![first_fault.clone(), (fault, removal.clone())]);
                }
            }
        }
        run_all(&template, &scenario, &before, &after, &second, &tally);
        let tally = tally.into_inner().unwrap_or_else(|p| p.into_inner());
        eprintln!(
            "{}: {} steps, {} cases, outcomes {:?}",
            scenario.name,
            steps.len(),
            tally.cases,
            tally.outcomes
        );
        total.cases += tally.cases;
        total.left_temp += tally.left_temp;
        total.problems.extend(tally.problems.iter().cloned());
        total.steps.extend(tally.steps.iter().cloned());
        per_scenario.push((scenario.name, steps, tally));
    }
    if let Ok(report) = std::env::var("TRAYOTP_FAULT_REPORT") {
        std::fs::write(report, report_markdown(&per_scenario, &total)).expect("write the report");
    }
    assert!(
        total.problems.is_empty(),
        "{} of {} faulted saves went wrong:\n{}",
        total.problems.len(),
        total.cases,
        total.problems.join("\n")
    );
}

fn report_markdown(per_scenario: &[(&str, Vec<Step>, Tally)], total: &Tally) -> String {
    let mut text = String::from(
        "| command | steps | cases | failed, before | failed, after | saved | killed, before | killed, after | accounts lost |\n\
         | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n",
    );
    let sum = |tally: &Tally, outcome: &str| -> usize {
        tally
            .outcomes
            .iter()
            .filter(|((_, o), _)| o.starts_with(outcome))
            .map(|(_, n)| n)
            .sum()
    };
    for (name, steps, tally) in per_scenario {
        text.push_str(&format!(
            "| `{name}` | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            steps.len(),
            tally.cases,
            sum(tally, "failed: before"),
            sum(tally, "failed: after"),
            sum(tally, "saved"),
            sum(tally, "killed: before"),
            sum(tally, "killed: after"),
            sum(tally, "LOST") + sum(tally, "WRONG"),
        ));
    }
    text.push_str(&format!(
        "\n{} cases in all; {} problems; {} left a temporary file behind (all after a kill or a failed removal).\n",
        total.cases,
        total.problems.len(),
        total.left_temp
    ));
    text
}
