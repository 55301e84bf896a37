//! `trayotp import DB.kdbx --key-file PATH`: a KeePass database locked with
//! a password and a key file, made here with the `keepass` crate (KDBX 4,
//! AES-KDF at a low cost), holding a TOTP in each of the three forms
//! trayotp reads. Without the key file the import is refused in one line
//! and the vault is unchanged; with it every account arrives with its
//! parameters. (The real KDBX files of other apps are read by
//! `tests/interop_peers.rs`.)

use crate::common;

use common::*;
use keepass::config::{DatabaseConfig, KdfConfig};
use keepass::{Database, DatabaseKey};

const PASSWORD: &str = "kdbx password";

fn database(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let key_file = dir.join("db.key");
    // Neither XML nor 32 or 64 hex bytes: KeePass hashes the whole file.
    std::fs::write(&key_file, b"a key file of some other length, 43 bytes..").expect("key file");
    let mut config = DatabaseConfig::default();
    config.kdf_config = KdfConfig::Aes { rounds: 1000 };
    let mut db = Database::with_config(config);
    let mut root = db.root_mut();
    let mut entry = root.add_entry();
    entry.set_unprotected("Title", "Bank");
    entry.set_unprotected("UserName", "taro");
    entry.set_protected(
        "otp",
        format!("otpauth://totp/Bank:taro?secret={SEED_B32}&period=60&digits=8&issuer=Bank"),
    );
    let mut entry = root.add_entry();
    entry.set_unprotected("Title", "Shop");
    entry.set_unprotected("UserName", "me");
    entry.set_protected("otp", format!("key={SEED_B32}&size=7&step=45&otpHashMode=Sha256"));
    let mut entry = root.add_entry();
    entry.set_unprotected("Title", "Old");
    entry.set_unprotected("UserName", "u");
    entry.set_protected("TOTP Seed", SEED_B32);
    entry.set_unprotected("TOTP Settings", "30;6");
    let mut entry = root.add_entry();
    entry.set_unprotected("Title", "Just a password");
    entry.set_protected("Password", "x");
    let key = DatabaseKey::new()
        .with_password(PASSWORD)
        .with_keyfile(&mut std::fs::File::open(&key_file).expect("key file"))
        .expect("key");
    let path = dir.join("db.kdbx");
    db.save(&mut std::fs::File::create(&path).expect("create"), key)
        .expect("save");
    (path, key_file)
}

#[test]
fn a_key_file_opens_the_database_and_its_absence_changes_nothing() {
    let vault = TestVault::new();
    assert_ok(&vault.add("keep me", SEED_B32));
    let (db, key_file) = database(vault.dir.path());
    let import = |extra: &[&str]| {
        let mut command = vault.command();
        command
            .env("TRAYOTP_BACKUP_PASSPHRASE", PASSWORD)
            .args(["import", db.to_str().expect("utf-8")])
            .args(extra);
        command.output().expect("trayotp runs")
    };

    let before = vault.bytes();
    let line = assert_one_line_error(
        &import(&[]),
        "wrong passphrase: the KeePass database could not be decrypted",
    );
    assert!(line.contains("db.kdbx"), "{line}");
    assert_eq!(vault.bytes(), before, "a refused import changed the vault");

    let output = import(&["--key-file", key_file.to_str().expect("utf-8")]);
    assert_ok(&output);
    assert_contains(&stdout(&output), "(KeePass database): 3 added, 0 replaced, 0 skipped.");
    let listed = vault.run(&["list", "--json"]);
    assert_ok(&listed);
    let list: serde_json::Value = serde_json::from_str(&stdout(&listed)).expect("json");
    let got: Vec<(String, String, u64, u64)> = list
        .as_array()
        .expect("array")
        .iter()
        .map(|a| {
            (
                a["name"].as_str().expect("name").to_string(),
                a["algorithm"].as_str().expect("algorithm").to_string(),
                a["digits"].as_u64().expect("digits"),
                a["period"].as_u64().expect("period"),
            )
        })
        .collect();
    let expected = [
        ("Bank: taro", "SHA1", 8, 60),
        ("Old: u", "SHA1", 6, 30),
        ("Shop: me", "SHA256", 7, 45),
    ];
    for (name, algorithm, digits, period) in expected {
        assert!(
            got.contains(&(name.to_string(), algorithm.to_string(), digits, period)),
            "{name} not in {got:?}"
        );
    }
}

#[test]
fn a_key_file_for_another_format_is_refused() {
    let vault = TestVault::new();
    let file = vault.dir.path().join("links.txt");
    std::fs::write(&file, format!("otpauth://totp/A?secret={SEED_B32}\n")).expect("write");
    let output = vault.run(&[
        "--protector",
        "passphrase",
        "import",
        file.to_str().expect("utf-8"),
        "--key-file",
        file.to_str().expect("utf-8"),
    ]);
    assert_one_line_error(
        &output,
        "--key-file is only for KeePass databases, and this file is read as: otpauth:// list; leave it out",
    );
    assert!(!vault.path.exists(), "no vault was made");
}
