//! End-to-end tests of the command line on the real binary: the same tests
//! run natively on Linux and, cross-compiled, on the .exe under Wine.

use crate::common;

use common::*;
use trayotp::domain::{Algorithm, OtpParams, SecretKey, otp};

fn expected_code(key: &[u8], params: OtpParams, at: u64) -> String {
    otp::generate(&SecretKey::new(key.to_vec()), params, at)
        .digits()
        .to_string()
}

#[test]
fn add_from_stdin_then_list_then_code_json() {
    let vault = TestVault::new();
    let added = vault.add("三菱 太郎", &format!("{SEED_B32}\n"));
    assert_ok(&added);
    assert!(
        stdout(&added).contains("Added '三菱 太郎' (SHA1, 6 digits, 60 s)"),
        "{}",
        stdout(&added)
    );

    let listed = vault.run(&["list"]);
    assert_ok(&listed);
    assert_eq!(stdout(&listed), "三菱 太郎\n");

    let at = 1_111_111_109;
    let code = vault.run(&["code", "三菱 太郎", "--at", "1111111109", "--json"]);
    assert_ok(&code);
    let json: serde_json::Value = serde_json::from_str(&stdout(&code)).expect("json");
    let want = expected_code(b"12345678901234567890", OtpParams::default(), at);
    assert_eq!(json["code"], want.as_str());
    assert_eq!(json["name"], "三菱 太郎");
    assert_eq!(json["period"], 60);
    assert_eq!(json["valid_from"], 1_111_111_080);
    assert_eq!(json["valid_until"], 1_111_111_140);
    assert_eq!(json["remaining"], 31);

    let plain = vault.run(&["code", "三菱 太郎", "--at", "1111111109"]);
    assert_eq!(stdout(&plain), format!("{want}\n"));
}

#[test]
fn key_flag_uri_and_overrides() {
    let vault = TestVault::new();
    let uri = format!("otpauth://totp/Bank:taro?secret={SEED_B32}&issuer=Bank&digits=8&period=30&algorithm=SHA256");
    assert_ok(&vault.run(&["--protector", "passphrase", "add", "taro", "--key", &uri]));
    assert_ok(&vault.run(&[
        "add",
        "short",
        "--key",
        SEED_B32,
        "--period",
        "30",
        "--digits",
        "7",
        "--algorithm",
        "sha512",
    ]));

    let listed = vault.run(&["list", "--json"]);
    assert_ok(&listed);
    let json: serde_json::Value = serde_json::from_str(&stdout(&listed)).expect("json");
    assert_eq!(json[0]["name"], "taro");
    assert_eq!(json[0]["issuer"], "Bank");
    assert_eq!(json[0]["algorithm"], "SHA256");
    assert_eq!(json[0]["digits"], 8);
    assert_eq!(json[0]["period"], 30);
    assert_eq!(json[1]["algorithm"], "SHA512");
    assert_eq!(json[1]["digits"], 7);
    let text = stdout(&listed);
    assert!(
        !text.contains(SEED_B32) && !text.to_lowercase().contains("secret"),
        "list --json must not show keys: {text}"
    );

    let code = vault.run(&["code", "SHORT", "--at", "59"]);
    let params = OtpParams {
        algorithm: Algorithm::Sha512,
        digits: 7,
        period: 30,
    };
    assert_eq!(stdout(&code).trim(), expected_code(b"12345678901234567890", params, 59));
}

#[test]
fn bad_input_is_one_line_nonzero_and_never_echoes_the_key() {
    let vault = TestVault::new();
    assert_ok(&vault.add("Work", SEED_B32));
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["add", "x"],
            "GEZDGNBVGY3T0OJQGEZDGNBVGY3TQOJQ",
            "invalid character '0' at position 13",
        ),
        (&["add", "x"], "GEZDGNBVGY3TQOI=", "only 72 bits"),
        (&["add", "x"], "", "setup number is empty"),
        (
            &["add", "x"],
            "otpauth://hotp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=3",
            "HOTP",
        ),
        (
            &["add", "x"],
            "otpauth://totp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&algorithm=MD5",
            "unknown algorithm 'MD5'",
        ),
        (&["add", "x", "--digits", "9"], SEED_B32, "6 to 8 digits"),
        (&["add", "x", "--period", "0"], SEED_B32, "use 1 to 300 seconds"),
        (&["add", " WORK "], SEED_B32, "an account named 'Work' already exists"),
        (&["add", "   "], SEED_B32, "display name is empty"),
        (&["add", "a\u{7}b"], SEED_B32, "control character"),
        (&["code", "nobody"], "", "no account named 'nobody'"),
        (&["rename", "nobody", "x"], "", "no account named 'nobody'"),
        (&["remove", "Work"], "", "without confirmation: run again with --yes"),
    ];
    for (args, stdin, needle) in cases {
        let output = vault.run_with_stdin(args, stdin);
        let line = assert_one_line_error(&output, needle);
        assert!(!line.contains("GEZDGNBV"), "{line}");
        assert!(line.starts_with("trayotp: error: "), "{line}");
    }
    // The failed commands changed nothing.
    assert_eq!(stdout(&vault.run(&["list"])), "Work\n");
}

#[test]
fn short_key_is_accepted_with_a_warning() {
    let vault = TestVault::new();
    let output = vault.add("eighty", "GEZDGNBVGY3TQOJQ");
    assert_ok(&output);
    assert!(
        stderr(&output).contains("warning: the key is only 80 bits"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn rename_and_remove() {
    let vault = TestVault::new();
    assert_ok(&vault.add("a", SEED_B32));
    assert_ok(&vault.add("b", SEED_B32));
    assert_ok(&vault.run(&["rename", "A", "三菱 太郎"]));
    assert_one_line_error(&vault.run(&["rename", "b", "三菱 太郎"]), "already exists");
    assert_ok(&vault.run(&["remove", "B", "--yes"]));
    assert_eq!(stdout(&vault.run(&["list"])), "三菱 太郎\n");
}

#[test]
fn parallel_adds_lose_nothing() {
    let vault = TestVault::new();
    assert_ok(&vault.add("first", SEED_B32));
    let children: Vec<_> = (0..6)
        .map(|i| {
            let mut command = vault.command();
            command.args(["add", &format!("parallel-{i}"), "--key", SEED_B32]);
            command
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped());
            command.spawn().expect("spawn")
        })
        .collect();
    for child in children {
        assert_ok(&child.wait_with_output().expect("finish"));
    }
    let names = stdout(&vault.run(&["list"]));
    let mut names: Vec<&str> = names.lines().collect();
    names.sort();
    assert_eq!(
        names,
        [
            "first",
            "parallel-0",
            "parallel-1",
            "parallel-2",
            "parallel-3",
            "parallel-4",
            "parallel-5"
        ]
    );
}

#[test]
fn damaged_vault_is_never_overwritten_and_the_backup_is_offered() {
    let vault = TestVault::new();
    assert_ok(&vault.add("one", SEED_B32));
    assert!(!vault.backup().exists(), "no backup before the first change");
    assert_ok(&vault.add("two", SEED_B32));
    assert!(vault.backup().exists(), "the previous version is kept");

    let mut damaged = vault.bytes();
    let middle = damaged.len() - 20;
    damaged[middle] ^= 0x40;
    std::fs::write(&vault.path, &damaged).expect("damage the vault");

    for args in [
        &["list"][..],
        &["add", "three", "--key", SEED_B32],
        &["remove", "one", "--yes"],
    ] {
        let line = assert_one_line_error(&vault.run(args), "is damaged");
        assert!(line.contains("restore-backup"), "{line}");
        assert_eq!(
            vault.bytes(),
            damaged,
            "{args:?} must leave the damaged vault byte-identical"
        );
    }

    let restored = vault.run(&["restore-backup"]);
    assert_ok(&restored);
    assert_eq!(
        stdout(&vault.run(&["list"])),
        "one\n",
        "the backup holds the version before the last change"
    );
    let kept = file_names(vault.path.parent().expect("dir"));
    assert!(kept.iter().any(|n| n.starts_with("vault.trayotp.damaged-")), "{kept:?}");
}

#[test]
fn truncated_and_foreign_and_newer_files_are_refused_untouched() {
    let vault = TestVault::new();
    assert_ok(&vault.add("one", SEED_B32));
    let good = vault.bytes();

    std::fs::write(&vault.path, &good[..good.len() / 2]).expect("truncate");
    let line = assert_one_line_error(&vault.run(&["add", "x", "--key", SEED_B32]), "is damaged");
    assert!(line.contains("no intact backup"), "{line}");
    assert_eq!(vault.bytes(), &good[..good.len() / 2]);

    std::fs::write(&vault.path, b"name,secret\nfoo,bar\n").expect("foreign");
    assert_one_line_error(&vault.run(&["list"]), "is not a trayotp vault");
    assert_eq!(vault.bytes(), b"name,secret\nfoo,bar\n");

    let mut newer = good.clone();
    newer[8] = 9;
    std::fs::write(&vault.path, &newer).expect("newer");
    assert_one_line_error(
        &vault.run(&["add", "x", "--key", SEED_B32]),
        "newer trayotp (vault format 9)",
    );
    assert_eq!(vault.bytes(), newer);
}

#[test]
fn wrong_passphrase_is_named_and_changes_nothing() {
    let vault = TestVault::new();
    assert_ok(&vault.add("one", SEED_B32));
    let before = vault.bytes();
    let output = vault
        .command()
        .env("TRAYOTP_PASSPHRASE", "not the passphrase")
        .args(["add", "two", "--key", SEED_B32])
        .output()
        .expect("runs");
    assert_one_line_error(&output, "wrong passphrase");
    assert_eq!(vault.bytes(), before);
}

#[test]
fn no_passphrase_without_a_terminal_is_a_clear_error() {
    let vault = TestVault::new();
    let output = vault
        .command()
        .env_remove("TRAYOTP_PASSPHRASE")
        .args(["--protector", "passphrase", "add", "x", "--key", SEED_B32])
        .output()
        .expect("runs");
    assert_one_line_error(&output, "TRAYOTP_PASSPHRASE");
    assert!(!vault.path.exists());
}

#[test]
fn missing_vault_with_a_backup_is_not_silently_recreated() {
    let vault = TestVault::new();
    assert_ok(&vault.add("one", SEED_B32));
    assert_ok(&vault.add("two", SEED_B32));
    std::fs::remove_file(&vault.path).expect("lose the vault");
    assert_one_line_error(&vault.run(&["add", "x", "--key", SEED_B32]), "restore-backup");
    assert!(!vault.path.exists());
    assert_ok(&vault.run(&["restore-backup"]));
    assert_eq!(stdout(&vault.run(&["list"])), "one\n");
}

#[test]
fn protector_of_an_existing_vault_comes_from_its_header() {
    let vault = TestVault::new();
    assert_ok(&vault.add("one", SEED_B32));
    assert_eq!(vault.bytes()[10], 3, "passphrase protector tag");
    let other = if cfg!(windows) { "dpapi" } else { "keyring" };
    let line = assert_one_line_error(
        &vault.run(&["--protector", other, "add", "x", "--key", SEED_B32]),
        "protected by passphrase",
    );
    assert!(line.contains("only applies when a new vault is created"), "{line}");
}

#[test]
fn list_of_a_missing_vault_is_empty_and_code_says_what_to_do() {
    let vault = TestVault::new();
    let listed = vault.run(&["list"]);
    assert_ok(&listed);
    assert_eq!(stdout(&listed), "");
    assert_one_line_error(&vault.run(&["code", "x"]), "add an account first");
}

/// The platform's default protector, for real: DPAPI on Windows (under Wine
/// in CI), the Secret Service keyring on Linux (gnome-keyring in CI).
#[test]
fn default_protector_round_trip() {
    let vault = TestVault::new();
    let output = vault
        .command()
        .env_remove("TRAYOTP_PASSPHRASE")
        .args(["add", "default", "--key", SEED_B32])
        .output()
        .expect("runs");
    assert_ok(&output);
    let tag = vault.bytes()[10];
    assert_eq!(
        tag,
        if cfg!(windows) { 1 } else { 2 },
        "dpapi on Windows, keyring on Linux"
    );
    let code = vault
        .command()
        .env_remove("TRAYOTP_PASSPHRASE")
        .args(["code", "default", "--at", "59"])
        .output()
        .expect("runs");
    assert_ok(&code);
    assert_eq!(
        stdout(&code).trim(),
        expected_code(b"12345678901234567890", OtpParams::default(), 59)
    );
    assert!(
        !vault.bytes().windows(SEED_B32.len()).any(|w| w == SEED_B32.as_bytes()),
        "the key is not stored in the clear"
    );
}

#[test]
fn help_lists_every_command() {
    let vault = TestVault::new();
    let help = vault.run(&["--help"]);
    assert_ok(&help);
    let text = stdout(&help);
    for command in [
        "add",
        "list",
        "code",
        "rename",
        "remove",
        "restore-backup",
        "backup",
        "restore",
        "import",
        "export",
        "--vault",
        "--protector",
    ] {
        assert!(text.contains(command), "--help lacks {command}: {text}");
    }
}

#[test]
fn a_change_that_changes_nothing_keeps_the_file_and_its_backup() {
    let vault = TestVault::new();
    assert_ok(&vault.add("one", SEED_B32));
    assert_ok(&vault.add("two", SEED_B32));
    let (main, backup) = (vault.bytes(), std::fs::read(vault.backup()).expect("backup"));
    assert_ok(&vault.run(&["rename", "two", "two"]));
    assert_eq!(vault.bytes(), main, "nothing to write");
    assert_eq!(
        std::fs::read(vault.backup()).expect("backup"),
        backup,
        "the previous version is still the backup"
    );
}

#[test]
fn add_edit_and_list_json_carry_the_reading() {
    let vault = TestVault::new();
    assert_ok(&vault.run(&[
        "--protector",
        "passphrase",
        "add",
        "三菱 太郎",
        "--key",
        SEED_B32,
        "--reading",
        " みつびし たろう ",
    ]));
    assert_ok(&vault.add("Work", SEED_B32));
    let listed = |vault: &TestVault| -> serde_json::Value {
        let output = vault.run(&["list", "--json"]);
        assert_ok(&output);
        serde_json::from_str(&stdout(&output)).expect("json")
    };
    let json = listed(&vault);
    assert_eq!(json[0]["name"], "三菱 太郎");
    assert_eq!(json[0]["reading"], "みつびし たろう", "trimmed");
    assert_eq!(json[1]["reading"], serde_json::Value::Null);

    let edited = vault.run(&["edit", "work", "--reading", "わーく"]);
    assert_ok(&edited);
    assert_contains(&stdout(&edited), "'Work'");
    assert_eq!(listed(&vault)[1]["reading"], "わーく");
    assert_ok(&vault.run(&["edit", "三菱 太郎", "--reading", ""]));
    assert_eq!(
        listed(&vault)[0]["reading"],
        serde_json::Value::Null,
        "an empty reading removes it"
    );

    assert_one_line_error(&vault.run(&["edit", "Work"]), "--reading");
    assert_one_line_error(&vault.run(&["edit", "nobody", "--reading", "x"]), "nobody");
    assert_one_line_error(
        &vault.run(&["edit", "Work", "--reading", "a\u{7}b"]),
        "control character at position 2",
    );
    assert_eq!(listed(&vault)[1]["reading"], "わーく", "a refused edit changes nothing");
}

/// `trayotp` with `args`, the language coming from `lang` (a locale name on
/// Linux; the `language` setting under Wine, where LANG is Wine's business).
fn run_in(vault: &TestVault, lang: &str, args: &[&str]) -> std::process::Output {
    let mut command = vault.command();
    for variable in ["LANGUAGE", "LC_ALL", "LC_MESSAGES"] {
        command.env_remove(variable);
    }
    if cfg!(windows) {
        let language = if lang.starts_with("ja") { "ja" } else { "en" };
        std::fs::write(&vault.settings, format!("language = \"{language}\"\n")).expect("settings");
    } else {
        command.env("LANG", lang);
    }
    command.args(args).output().expect("trayotp runs")
}

#[test]
fn the_command_line_answers_in_the_users_language_with_the_same_json() {
    let mut seen = Vec::new();
    for lang in ["ja_JP.UTF-8", "C"] {
        let japanese = lang.starts_with("ja");
        let says = |output: &std::process::Output, japanese_text: &str, english_text: &str| {
            let want = if japanese { japanese_text } else { english_text };
            assert_contains(&format!("{}{}", stdout(output), stderr(output)), want);
        };
        let vault = TestVault::new();
        let added = run_in(
            &vault,
            lang,
            &[
                "--protector",
                "passphrase",
                "add",
                "三菱 太郎",
                "--key",
                SEED_B32,
                "--reading",
                "みつびし",
            ],
        );
        assert_ok(&added);
        says(
            &added,
            "「三菱 太郎」を追加しました（SHA1、6 桁、60 秒）。",
            "Added '三菱 太郎' (SHA1, 6 digits, 60 s).",
        );
        assert_ok(&run_in(
            &vault,
            lang,
            &["--protector", "passphrase", "add", "Work", "--key", SEED_B32],
        ));
        let edited = run_in(&vault, lang, &["edit", "work", "--reading", "わーく"]);
        says(
            &edited,
            "「Work」のよみを「わーく」にしました。",
            "The reading of 'Work' is now 'わーく'.",
        );
        let renamed = run_in(&vault, lang, &["rename", "work", "仕事"]);
        says(
            &renamed,
            "「work」の表示名を「仕事」に変更しました。",
            "Renamed 'work' to '仕事'.",
        );

        let unknown = run_in(&vault, lang, &["code", "nobody"]);
        let line = assert_one_line_error(&unknown, "nobody");
        says(
            &unknown,
            "trayotp: エラー: 「nobody」というアカウントはありません。",
            "trayotp: error: no account named 'nobody'",
        );
        assert_eq!(unknown.status.code(), Some(1), "{line}");
        let taken = run_in(&vault, lang, &["rename", "仕事", "三菱 太郎"]);
        says(
            &taken,
            "「三菱 太郎」というアカウントがすでにあります。",
            "an account named '三菱 太郎' already exists",
        );
        let unconfirmed = run_in(&vault, lang, &["remove", "仕事"]);
        says(
            &unconfirmed,
            "確認がないため「仕事」を削除しませんでした。",
            "not removing '仕事' without confirmation",
        );
        let not_running = run_in(&vault, lang, &["status"]);
        says(
            &not_running,
            "この保管庫の trayotp は起動していません。",
            "no trayotp is running for this vault",
        );
        assert_eq!(not_running.status.code(), Some(1));

        let list = run_in(&vault, lang, &["list", "--json"]);
        let code = run_in(&vault, lang, &["code", "三菱 太郎", "--at", "1111111109", "--json"]);
        let removed = run_in(&vault, lang, &["remove", "仕事", "--yes"]);
        says(&removed, "「仕事」を削除しました。", "Removed '仕事'.");
        let names = run_in(&vault, lang, &["list"]);
        seen.push((stdout(&list), stdout(&code), stdout(&names)));
    }
    assert_eq!(seen[0], seen[1], "--json and the names do not change with the language");
    assert_contains(&seen[0].0, "\"reading\": \"みつびし\"");
}

/// Whether `line` holds an English sentence: three English words in a row
/// (`trayotp edit`, a file or a name quoted in 「」 or `` ` `` aside).
fn has_english_sentence(line: &str) -> bool {
    let mut plain = String::new();
    let mut quoted: Option<char> = None;
    for c in line.chars() {
        match (quoted, c) {
            (None, '「') => quoted = Some('」'),
            (None, '`') => quoted = Some('`'),
            (Some(end), c) if c == end => quoted = None,
            (Some(_), _) => {}
            (None, c) => plain.push(c),
        }
    }
    let words: Vec<&str> = plain.split(' ').collect();
    words.windows(3).any(|three| {
        three
            .iter()
            .all(|word| word.len() >= 2 && word.chars().all(|c| c.is_ascii_lowercase()))
    })
}

fn has_japanese(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}'))
}

/// Each failing command a person may meet (a missing account, a mistyped
/// setup number or code, a wrong passphrase, a missing file, a bad setting,
/// a folder that is not one, a file that is not a vault…) says its one
/// error line in Japanese under a Japanese locale, with no English
/// sentence left in it, and in English under `LANG=C`; the exit status is
/// the same.
#[test]
fn every_command_line_error_is_said_in_the_users_language() {
    let vault = TestVault::new();
    assert_ok(&vault.run(&["--protector", "passphrase", "add", "Work", "--key", SEED_B32]));
    let dir = vault.dir.path();
    let missing = dir.join("missing.txt").display().to_string();
    let no_folder = dir.join("no-such-folder").display().to_string();
    let existing = dir.join("taken.txt");
    std::fs::write(&existing, "x").expect("file");
    let existing = existing.display().to_string();
    let failing: Vec<Vec<&str>> = vec![
        vec!["code", "nobody"],
        vec!["add", "X", "--key", "GEZDGNBVGY3TQOJ1"],
        vec!["add", "X", "--key", "ABC"],
        vec!["add", "X", "--key", "31415926535897932384"],
        vec!["add", "X", "--key", "31415926535897932384", "--check-code", "12"],
        vec!["add", "X", "--key", "31415926535897932384", "--check-code", "12a456"],
        vec!["add", "X", "--key", "otpauth://hotp/X?secret=GEZDGNBVGY3TQOJQ"],
        vec!["add", "Work", "--key", SEED_B32],
        vec!["import", &missing],
        vec!["export", &existing, "--format", "uris"],
        vec!["settings", "set", "no_such_setting", "1"],
        vec!["settings", "set", "time_check", "maybe"],
        vec!["auto-backup", "on", &no_folder],
        vec!["time", "--server", "a:b:c"],
        vec!["edit", "Work"],
        vec!["remove", "Work"],
        vec!["status"],
    ];
    let mut exits = Vec::new();
    for lang in ["ja_JP.UTF-8", "C"] {
        let japanese = lang.starts_with("ja");
        let mut run = |args: &[&str], output: std::process::Output| {
            let line = stderr(&output);
            let line = line.trim_end();
            assert!(!output.status.success(), "{args:?} failed");
            assert_eq!(line.lines().count(), 1, "{args:?}: one line: {line}");
            if japanese {
                assert!(line.starts_with("trayotp: エラー: "), "{args:?}: {line}");
                assert!(has_japanese(line), "{args:?} in Japanese: {line}");
                assert!(!has_english_sentence(line), "{args:?}: English left in: {line}");
            } else {
                assert!(line.starts_with("trayotp: error: "), "{args:?}: {line}");
                assert!(!has_japanese(line), "{args:?} in English: {line}");
            }
            exits.push((args.join(" "), output.status.code()));
        };
        for args in &failing {
            run(args, run_in(&vault, lang, args));
        }
        // A wrong passphrase, and a file that is not a vault.
        let mut wrong = vault.command();
        wrong.env("TRAYOTP_PASSPHRASE", "not the passphrase").arg("list");
        for variable in ["LANGUAGE", "LC_ALL", "LC_MESSAGES"] {
            wrong.env_remove(variable);
        }
        if cfg!(windows) {
            let language = if japanese { "ja" } else { "en" };
            std::fs::write(&vault.settings, format!("language = \"{language}\"\n")).expect("settings");
        } else {
            wrong.env("LANG", lang);
        }
        run(&["list (wrong passphrase)"], wrong.output().expect("runs"));
        let junk = TestVault::new();
        std::fs::create_dir_all(junk.path.parent().expect("dir")).expect("dir");
        std::fs::write(&junk.path, b"not a vault at all").expect("junk");
        run(&["list (not a vault)"], run_in(&junk, lang, &["list"]));
    }
    let half = exits.len() / 2;
    assert_eq!(exits[..half], exits[half..], "the same exit status in either language");
}
