//! `trayotp auto-backup` (issue 21, item 6): after `on`, every change to the
//! accounts writes an encrypted backup that `trayotp restore` reads; the
//! newest `auto_backup_keep` stay, nothing else in the folder is touched;
//! a folder that cannot be written costs one warning, never the change.

use crate::common;

use std::path::{Path, PathBuf};

use common::{SEED_B32, TestVault, assert_ok, file_names, stderr, stdout};

const BACKUP_PASSPHRASE: &str = "a long backup passphrase";

fn auto_backup_on(vault: &TestVault, folder: &Path) -> std::process::Output {
    vault
        .command()
        .args(["auto-backup", "on"])
        .arg(folder)
        .env("TRAYOTP_BACKUP_PASSPHRASE", BACKUP_PASSPHRASE)
        .output()
        .expect("runs")
}

fn ours(folder: &Path) -> Vec<String> {
    file_names(folder)
        .into_iter()
        .filter(|n| {
            n.starts_with("trayotp-auto-")
                && n.ends_with(".trayotp-backup")
                && n.len() == "trayotp-auto-2026-12-02-004812-345.trayotp-backup".len()
        })
        .collect()
}

fn newest(folder: &Path) -> PathBuf {
    folder.join(ours(folder).pop().expect("an automatic backup"))
}

fn code_at(vault: &TestVault, name: &str) -> String {
    let output = vault.run(&["code", name, "--at", "1800000000"]);
    assert_ok(&output);
    stdout(&output).trim().to_string()
}

#[test]
fn on_then_add_writes_a_backup_that_restore_reads_into_a_new_vault_with_the_same_codes() {
    let vault = TestVault::new();
    assert_ok(&vault.add("alpha", SEED_B32));
    let folder = vault.dir.path().join("stick");
    std::fs::create_dir(&folder).expect("folder");
    let on = auto_backup_on(&vault, &folder);
    assert_ok(&on);
    assert_eq!(ours(&folder).len(), 1, "the first backup is written at once");

    let added = vault.add("beta", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    assert_ok(&added);
    assert_eq!(stderr(&added).trim(), "", "no warning when the backup is written");
    assert_eq!(ours(&folder).len(), 2);

    let other = TestVault::new();
    let restored = other
        .command()
        .args(["--protector", "passphrase", "restore"])
        .arg(newest(&folder))
        .env("TRAYOTP_BACKUP_PASSPHRASE", BACKUP_PASSPHRASE)
        .output()
        .expect("restore runs");
    assert_ok(&restored);
    for name in ["alpha", "beta"] {
        assert_eq!(code_at(&other, name), code_at(&vault, name), "{name}");
    }
    // The passphrase is not readable in the clear anywhere beside the vault.
    for file in file_names(vault.path.parent().expect("data")) {
        let bytes = std::fs::read(vault.path.with_file_name(&file)).expect("read");
        assert!(
            !bytes
                .windows(BACKUP_PASSPHRASE.len())
                .any(|w| w == BACKUP_PASSPHRASE.as_bytes()),
            "{file}"
        );
    }
    // The reminder counts it: the state file records a backup of 2 accounts.
    let state: serde_json::Value =
        serde_json::from_slice(&std::fs::read(vault.path.with_file_name("vault.trayotp.state.json")).expect("state"))
            .expect("json");
    assert_eq!(state["last_backup"]["accounts"], 2, "{state}");
}

#[test]
fn the_sixth_change_leaves_five_files_and_nothing_else_is_touched() {
    let vault = TestVault::new();
    assert_ok(&vault.add("a0", SEED_B32));
    let folder = vault.dir.path().join("backups");
    std::fs::create_dir(&folder).expect("folder");
    let foreign = [
        "notes.txt",
        "trayotp-backup-2026-01-01.trayotp-backup",
        "trayotp-auto-latest.trayotp-backup",
    ];
    for name in foreign {
        std::fs::write(folder.join(name), b"mine").expect("foreign file");
    }
    assert_ok(&auto_backup_on(&vault, &folder));
    let first = ours(&folder);
    assert_eq!(first.len(), 1);
    let changes: [&[&str]; 6] = [
        &[
            "--protector",
            "passphrase",
            "add",
            "a1",
            "--key",
            "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
        ],
        &["rename", "a1", "b1"],
        &[
            "--protector",
            "passphrase",
            "add",
            "a2",
            "--key",
            "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU",
        ],
        &[
            "--protector",
            "passphrase",
            "add",
            "a3",
            "--key",
            "MFRGGZDFMZTWQ2LKMFRGGZDFMZTWQ2LK",
        ],
        &["remove", "a2", "--yes"],
        &[
            "--protector",
            "passphrase",
            "add",
            "a4",
            "--key",
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJA",
        ],
    ];
    for (i, change) in changes.iter().enumerate() {
        assert_ok(&vault.run(change));
        assert_eq!(ours(&folder).len(), (i + 2).min(5), "after change {}", i + 1);
    }
    let kept = ours(&folder);
    assert!(!kept.contains(&first[0]), "the oldest went first");
    for name in foreign {
        assert_eq!(
            std::fs::read(folder.join(name)).expect("still there"),
            b"mine",
            "{name}"
        );
    }
    // status --json: folder, last, count.
    let status = vault.run(&["auto-backup", "status", "--json"]);
    assert_ok(&status);
    let json: serde_json::Value = serde_json::from_str(&stdout(&status)).expect("json");
    assert_eq!(json["count"], 5, "{json}");
    assert_eq!(
        json["folder"].as_str().map(PathBuf::from),
        Some(std::path::absolute(&folder).expect("absolute"))
    );
    assert!(json["last"].as_u64().is_some_and(|t| t > 1_700_000_000), "{json}");

    // auto_backup_keep = 2: the next change leaves two.
    assert_ok(&vault.run(&["settings", "set", "auto_backup_keep", "2"]));
    assert_ok(&vault.run(&["rename", "a3", "b3"]));
    assert_eq!(ours(&folder).len(), 2);

    // Off: changes write nothing more.
    assert_ok(&vault.run(&["auto-backup", "off"]));
    assert_ok(&vault.run(&["rename", "b3", "c3"]));
    assert_eq!(ours(&folder).len(), 2);
    let status = vault.run(&["auto-backup", "status", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&status)).expect("json");
    assert_eq!(json["folder"], serde_json::Value::Null, "{json}");
    assert_eq!(json["count"], 0, "{json}");
}

#[test]
fn a_folder_that_is_gone_costs_one_warning_and_the_change_still_succeeds() {
    let vault = TestVault::new();
    assert_ok(&vault.add("alpha", SEED_B32));
    let folder = vault.dir.path().join("usb");
    std::fs::create_dir(&folder).expect("folder");
    assert_ok(&auto_backup_on(&vault, &folder));
    std::fs::remove_dir_all(&folder).expect("the stick is taken out");

    let added = vault.add("beta", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    assert_ok(&added);
    let err = stderr(&added);
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(lines[0].contains("no automatic backup could be written"), "{err}");
    assert!(!folder.exists(), "the folder is never created again");
    assert!(!err.contains(BACKUP_PASSPHRASE));
    let list = vault.run(&["list"]);
    assert_eq!(stdout(&list), "alpha\nbeta\n");

    // Turning it on for a missing folder is refused in one line.
    let refused = auto_backup_on(&vault, &folder);
    common::assert_one_line_error(&refused, "is not a folder");
    // And a passphrase the backup rule refuses.
    let weak = vault
        .command()
        .args(["auto-backup", "on"])
        .arg(vault.dir.path())
        .env("TRAYOTP_BACKUP_PASSPHRASE", "short")
        .output()
        .expect("runs");
    common::assert_one_line_error(&weak, "at least 10");
}

/// Item 6 from the forms' side: a change made in the Add form while the
/// automatic backup's folder is gone (a USB stick taken out) is saved, and
/// the running tray says so in one toast (the form's process records the
/// failure; the tray reads it when told to reload). Linux: the toasts are
/// read on the session bus.
#[cfg(target_os = "linux")]
#[test]
fn a_form_change_with_the_folder_gone_is_saved_and_the_tray_says_so_in_one_toast() {
    use std::process::Stdio;
    use trayotp::app::Form;
    use trayotp::i18n::{Language, Texts};

    let vault = TestVault::new();
    assert_ok(&vault.add("alpha", SEED_B32));
    let folder = vault.dir.path().join("usb");
    std::fs::create_dir(&folder).expect("folder");
    assert_ok(&auto_backup_on(&vault, &folder));
    let _tray = common::tray::Tray::start(&vault);
    let toasts = common::toasts::Toasts::watch();
    std::fs::remove_dir_all(&folder).expect("the stick is taken out");

    let title = Texts(Language::English).title(Form::Add);
    let form = vault
        .command()
        .args(["window", "add", "--lang", "en"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("trayotp window add starts");
    let _form = common::Background(form);
    let window = common::xwindow::wait_for_window(title);
    common::xwindow::focus(&window);
    common::xwindow::type_text("beta");
    common::xwindow::keys(&["Tab"]);
    common::xwindow::type_text("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    common::xwindow::keys(&["Return"]);

    let said = Texts(Language::English).auto_backup_failed();
    let needle = &said[..40];
    toasts.wait_for(needle);
    let list = vault.run(&["list"]);
    assert_eq!(stdout(&list), "alpha\nbeta\n", "the change is saved");
    assert!(!folder.exists(), "the folder is never created again");
    std::thread::sleep(std::time::Duration::from_secs(2));
    assert_eq!(
        toasts.text().matches(needle).count(),
        1,
        "one toast:\n{}",
        toasts.text()
    );
}
