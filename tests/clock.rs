//! The clock check end to end (issues 12 and 21): real SNTP responders on
//! 127.0.0.1 whose clocks are 150 s ahead (or 2 days, or 10 years, or that
//! disagree, answer slowly or wrongly), the real `trayotp time`, `code`,
//! `copy` and tray, the real clipboard; the code is checked against
//! `oathtool` (Linux; under Wine, `trayotp code --at`).

use crate::common;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use common::sntp::{Answer, Responder};
use common::tray::*;
use common::*;

const AHEAD_MS: i64 = 150_000;

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs()
}

/// The 60 s code of [`SEED_B32`] at `at`, from an independent program.
fn reference_code(vault: &TestVault, at: u64) -> String {
    #[cfg(unix)]
    {
        let _ = vault;
        let output = std::process::Command::new("oathtool")
            .args(["--totp", "-b", "-s", "60s", "-d", "6"])
            .arg(format!("--now=@{at}"))
            .arg(SEED_B32)
            .output()
            .expect("oathtool is installed (.ci/install-deps)");
        assert!(output.status.success());
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    }
    #[cfg(windows)]
    {
        // Wine cannot run oathtool; the CLI's `--at` is checked against it on Linux.
        let output = vault.run(&["code", "broker", "--at", &at.to_string()]);
        assert_ok(&output);
        stdout(&output).trim().to_string()
    }
}

/// Whether `code` is the code at one of the times `from..=to` (seconds).
fn is_code_between(vault: &TestVault, code: &str, from: u64, to: u64) -> bool {
    (from..=to + 60)
        .step_by(30)
        .chain(Some(to))
        .any(|at| reference_code(vault, at) == code)
}

/// Copies `broker`'s code (through the tray if one runs) and returns what
/// the clipboard then holds (bounded wait: the copy lands a moment later).
fn copy_and_read(vault: &TestVault) -> String {
    set_clipboard("not a code");
    let output = vault.run(&["copy", "broker"]);
    assert_ok(&output);
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(text) = clipboard_text().filter(|t| t.len() == 6 && t.bytes().all(|b| b.is_ascii_digit())) {
            return text;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no code in the clipboard after: {}",
            stdout(&output)
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn vault_with_account() -> TestVault {
    let vault = TestVault::new();
    assert_ok(&vault.add("broker", SEED_B32));
    vault
}

fn set(vault: &TestVault, key: &str, value: &str) {
    assert_ok(&vault.run(&["settings", "set", key, value]));
}

#[test]
fn time_reports_the_offset_of_a_server_150_s_ahead_and_keeps_it() {
    let responder = Responder::start(Answer::Correct { offset_ms: AHEAD_MS });
    let vault = TestVault::new();
    let output = vault.run(&["time", "--server", &responder.address(), "--json"]);
    assert_ok(&output);
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("json");
    assert_eq!(report["server"], responder.address());
    let offset = report["offset_ms"].as_i64().expect("offset_ms");
    assert!((offset - AHEAD_MS).abs() < 2_000, "offset {offset} ms");
    assert!(report["round_trip_ms"].as_u64().is_some(), "{report}");
    assert_eq!(report.as_object().map(|o| o.len()), Some(3), "{report}");

    let output = vault.run(&["time", "--server", &responder.address()]);
    assert_ok(&output);
    assert_contains(&stdout(&output), "this PC's clock is 150 s slow (offset +1");
    assert_eq!(responder.requests(), 4, "the only server is asked twice each time");
    // Kept per machine, in the local folder, never beside the vault.
    let kept = std::fs::read_to_string(vault.local_dir().join("clock.json")).expect("kept locally");
    let kept: serde_json::Value = serde_json::from_str(&kept).expect("clock json");
    let offset = kept["offset_ms"].as_i64().expect("kept");
    assert!((offset - AHEAD_MS).abs() < 2_000, "{kept}");
    assert!(
        !vault.path.with_file_name("vault.trayotp.state.json").exists(),
        "nothing beside the vault"
    );
}

/// What `code --json` applies after `time` measured `servers` (none: not
/// measured again) and `clock_correction` was turned on.
fn applied_after(vault: &TestVault, servers: &[&str]) -> (bool, i64) {
    let mut args = vec!["time"];
    for server in servers {
        args.extend(["--server", server]);
    }
    let measured = servers.is_empty() || vault.run(&args).status.success();
    set(vault, "clock_correction", "on");
    let corrected = code_json(vault, "broker");
    let before = unix_now();
    let pcs = is_code_between(vault, corrected["code"].as_str().expect("code"), before - 2, unix_now());
    let offset = corrected["clock_offset_ms"].as_i64().expect("offset");
    assert_eq!(pcs, offset == 0, "{corrected}");
    (measured, offset)
}

#[test]
fn a_responder_ten_years_or_two_days_ahead_gives_no_correction() {
    for (ahead_ms, shown) in [
        (315_576_000_000_i64, "this PC's clock is 315576000 s slow"),
        (172_800_000, "this PC's clock is 172800 s slow"),
        (-172_800_000, "this PC's clock is 172800 s fast"),
    ] {
        let responder = Responder::start(Answer::Correct { offset_ms: ahead_ms });
        let vault = vault_with_account();
        let output = vault.run(&["time", "--server", &responder.address()]);
        assert_ok(&output);
        // Shown, with the advice to set the PC's clock ...
        assert_contains(&stdout(&output), shown);
        assert_contains(
            &stdout(&output),
            "never corrects codes by more than 60 minutes: set this PC's clock",
        );
        // ... and never applied.
        set(&vault, "clock_correction", "on");
        let corrected = code_json(&vault, "broker");
        assert_eq!(corrected["clock_offset_ms"], 0, "{ahead_ms}: {corrected}");
        let before = unix_now();
        assert!(is_code_between(
            &vault,
            corrected["code"].as_str().expect("code"),
            before - 2,
            unix_now()
        ));
    }
}

#[test]
fn two_responders_that_disagree_give_no_correction() {
    let first = Responder::start(Answer::Correct { offset_ms: AHEAD_MS });
    let second = Responder::start(Answer::Correct {
        offset_ms: AHEAD_MS + 50_000,
    });
    let vault = vault_with_account();
    let output = vault.run(&["time", "--server", &first.address(), "--server", &second.address()]);
    assert_eq!(output.status.code(), Some(1));
    let line = assert_one_line_error(&output, "the time servers disagree");
    assert_contains(&line, &second.address());
    assert!(!vault.local_dir().join("clock.json").exists(), "nothing was kept");
    let (_, offset) = applied_after(&vault, &[]);
    assert_eq!(offset, 0);
}

#[test]
fn two_responders_that_agree_at_150_s_give_one_correction_within_the_cap() {
    let first = Responder::start(Answer::Correct { offset_ms: AHEAD_MS });
    let second = Responder::start(Answer::Correct {
        offset_ms: AHEAD_MS + 300,
    });
    let vault = vault_with_account();
    let (measured, offset) = applied_after(&vault, &[&first.address(), &second.address()]);
    assert!(measured);
    assert!((offset - AHEAD_MS).abs() < 2_000, "{offset}");
    assert!(offset.unsigned_abs() <= 3_600_000, "within the cap");
    assert_eq!((first.requests(), second.requests()), (1, 1), "each server once");
}

#[test]
fn one_reply_alone_or_replies_slower_than_a_second_give_no_correction() {
    // Of two servers only one answers: one reply is never enough.
    let good = Responder::start(Answer::Correct { offset_ms: AHEAD_MS });
    let silent = Responder::start(Answer::Short);
    let vault = vault_with_account();
    let output = vault.run(&["time", "--server", &good.address(), "--server", &silent.address()]);
    assert_eq!(output.status.code(), Some(1));
    assert_one_line_error(&output, "too few usable replies");
    let (_, offset) = applied_after(&vault, &[]);
    assert_eq!(offset, 0);

    // Round trips of 1.3 s: ignored.
    let slow = Responder::start(Answer::Delayed {
        offset_ms: AHEAD_MS,
        delay_ms: 1_300,
    });
    let vault = vault_with_account();
    let output = vault.run(&["time", "--server", &slow.address()]);
    assert_eq!(output.status.code(), Some(1));
    let line = assert_one_line_error(&output, "too few usable replies");
    assert_contains(&line, "round trip 13");
    let (_, offset) = applied_after(&vault, &[]);
    assert_eq!(offset, 0);
}

#[test]
fn a_changed_offset_is_not_applied_until_correction_is_turned_on_again() {
    let first = Responder::start(Answer::Correct { offset_ms: AHEAD_MS });
    let vault = vault_with_account();
    let (_, offset) = applied_after(&vault, &[&first.address()]);
    assert!((offset - AHEAD_MS).abs() < 2_000);
    // The clock is now measured 90 s further off: asked again.
    let moved = Responder::start(Answer::Correct {
        offset_ms: AHEAD_MS + 90_000,
    });
    assert_ok(&vault.run(&["time", "--server", &moved.address()]));
    assert_eq!(code_json(&vault, "broker")["clock_offset_ms"], 0);
    set(&vault, "clock_correction", "on");
    let offset = code_json(&vault, "broker")["clock_offset_ms"].as_i64().expect("offset");
    assert!((offset - AHEAD_MS - 90_000).abs() < 2_000, "{offset}");
}

#[test]
fn time_tries_the_next_server_and_fails_in_one_line_when_none_answers() {
    let short = Responder::start(Answer::Short);
    let wrong = Responder::start(Answer::WrongOriginate { offset_ms: AHEAD_MS });
    let silent = Responder::start(Answer::Silent);
    let vault = TestVault::new();
    let output = vault.run(&[
        "time",
        "--server",
        &short.address(),
        "--server",
        &wrong.address(),
        "--server",
        &silent.address(),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let line = assert_one_line_error(&output, "no time server answered");
    for responder in [&short, &wrong, &silent] {
        assert_contains(&line, &responder.address());
        assert_eq!(responder.requests(), 1);
    }
    assert!(
        !vault.path.with_file_name("vault.trayotp.state.json").exists(),
        "nothing was kept"
    );

    // Good servers after a bad one answer (two agreeing replies).
    let good = Responder::start(Answer::Correct { offset_ms: -20_000 });
    let also_good = Responder::start(Answer::Correct { offset_ms: -20_000 });
    let output = vault.run(&[
        "time",
        "--server",
        &wrong.address(),
        "--server",
        &good.address(),
        "--server",
        &also_good.address(),
        "--json",
    ]);
    assert_ok(&output);
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("json");
    assert_eq!(report["server"], good.address());
    assert!((report["offset_ms"].as_i64().expect("offset") + 20_000).abs() < 2_000);

    assert_one_line_error(
        &vault.run(&["time", "--server", "a b"]),
        "--server a b: use host or host:port",
    );
}

#[test]
fn code_json_applies_the_stored_offset_only_with_clock_correction_on() {
    let responder = Responder::start(Answer::Correct { offset_ms: AHEAD_MS });
    let vault = vault_with_account();
    assert_ok(&vault.run(&["time", "--server", &responder.address()]));

    let before = unix_now();
    let plain = code_json(&vault, "broker");
    assert_eq!(plain["clock_offset_ms"], 0);
    assert!(is_code_between(
        &vault,
        plain["code"].as_str().expect("code"),
        before,
        unix_now()
    ));

    set(&vault, "clock_correction", "on");
    let before = unix_now();
    let corrected = code_json(&vault, "broker");
    let offset = corrected["clock_offset_ms"].as_i64().expect("offset");
    assert!((offset - AHEAD_MS).abs() < 2_000, "{corrected}");
    let code = corrected["code"].as_str().expect("code");
    assert!(
        is_code_between(&vault, code, before + 148, unix_now() + 152),
        "{corrected}"
    );
    assert!(
        !is_code_between(&vault, code, before - 2, unix_now() + 2),
        "not the PC's code"
    );
}

#[test]
fn copy_without_a_tray_puts_the_servers_code_with_correction_on_and_the_pcs_without() {
    let _turn = clipboard_turn();
    let responder = Responder::start(Answer::Correct { offset_ms: AHEAD_MS });
    let vault = vault_with_account();
    assert_ok(&vault.run(&["time", "--server", &responder.address()]));

    let before = unix_now();
    let copied = copy_and_read(&vault);
    assert!(is_code_between(&vault, &copied, before, unix_now()), "PC clock's code");

    set(&vault, "clock_correction", "on");
    let before = unix_now();
    let copied = copy_and_read(&vault);
    assert!(
        is_code_between(&vault, &copied, before + 148, unix_now() + 152),
        "the code for the server's time, now + 150 s"
    );
}

/// A tray whose clock check asks `server`.
fn tray_asking(vault: &TestVault, server: &str) -> Tray {
    set(vault, "time_check", "on");
    set(vault, "time_servers", server);
    Tray::start(vault)
}

fn has_clock_line(menu: &[String]) -> bool {
    menu.iter().any(|line| line.contains("clock is"))
}

#[test]
fn a_tray_warns_in_the_menu_and_copies_the_servers_code_once_corrected() {
    let _turn = clipboard_turn();
    let responder = Responder::start(Answer::Correct { offset_ms: AHEAD_MS });
    let vault = vault_with_account();
    #[cfg(target_os = "linux")]
    let toasts = common::toasts::Toasts::watch();
    let tray = tray_asking(&vault, &responder.address());
    let status = tray.wait_for_status("the clock line", |s| has_clock_line(&s.menu));
    assert_eq!(
        status.menu[..3],
        [
            "This PC's clock is 150 s slow",
            if cfg!(windows) {
                "Open the system's date && time settings"
            } else {
                "Fix the system clock: timedatectl set-ntp true"
            },
            "Correct codes in trayotp",
        ]
    );
    #[cfg(target_os = "linux")]
    toasts.wait_for("This PC's clock is 150 s slow; codes may be refused");
    assert_eq!(responder.requests(), 2, "the only server, asked twice");

    // Correction off: the PC clock's code.
    let before = unix_now();
    let copied = copy_and_read(&vault);
    assert!(is_code_between(&vault, &copied, before, unix_now()), "PC clock's code");

    // "Correct codes in trayotp" sets clock_correction = on; so does this.
    set(&vault, "clock_correction", "on");
    let status = tray.wait_for_status("the corrected line", |s| {
        s.menu
            .first()
            .is_some_and(|l| l.starts_with("Codes corrected by +150 s"))
    });
    assert!(
        !status.menu.iter().any(|l| l == "Correct codes in trayotp"),
        "{status:?}"
    );
    let before = unix_now();
    let copied = copy_and_read(&vault);
    assert!(
        is_code_between(&vault, &copied, before + 148, unix_now() + 152),
        "the code for the server's time"
    );
    #[cfg(target_os = "linux")]
    toasts.wait_for("broker: code copied — ");
    #[cfg(target_os = "linux")]
    toasts.wait_for("(time-corrected by +150 s)");
    assert_eq!(responder.requests(), 2, "copies within hours ask no server");
}

#[test]
fn bad_or_missing_servers_are_ignored_and_the_tray_copies_anyway() {
    let _turn = clipboard_turn();
    for answer in [
        Answer::Silent,
        Answer::Short,
        Answer::WrongOriginate { offset_ms: AHEAD_MS },
    ] {
        let responder = Responder::start(answer);
        let vault = vault_with_account();
        set(&vault, "clock_correction", "on");
        let tray = tray_asking(&vault, &responder.address());
        responder.wait_for_requests(2);
        // Past the tray's timeout for the second ask: its answer (none) is in.
        std::thread::sleep(Duration::from_millis(3_500));
        let status = tray.status();
        assert!(status.ok, "{answer:?}: the tray is alive");
        assert!(!has_clock_line(&status.menu), "{answer:?}: {status:?}");
        let before = unix_now();
        let copied = copy_and_read(&vault);
        assert!(
            is_code_between(&vault, &copied, before, unix_now()),
            "{answer:?}: PC clock's code"
        );
        drop(tray);
    }
    // No responder at all: nothing listens on the port.
    let port = std::net::UdpSocket::bind("127.0.0.1:0")
        .and_then(|s| s.local_addr())
        .expect("a free port")
        .port();
    let vault = vault_with_account();
    let tray = tray_asking(&vault, &format!("127.0.0.1:{port}"));
    std::thread::sleep(Duration::from_millis(7_000));
    assert!(tray.status().ok);
    let copied = copy_and_read(&vault);
    let before = unix_now();
    assert!(is_code_between(&vault, &copied, before.saturating_sub(15), unix_now()));
}

#[test]
fn an_idle_tray_asks_no_server() {
    let responder = Responder::start(Answer::Correct { offset_ms: 0 });
    let vault = vault_with_account();
    let tray = tray_asking(&vault, &responder.address());
    responder.wait_for_requests(2);
    // Idle (status requests are the control channel, not the network).
    std::thread::sleep(Duration::from_secs(6));
    assert!(tray.status().ok);
    assert_eq!(
        responder.requests(),
        2,
        "one check (two asks) at start, none while idle"
    );
    assert!(!has_clock_line(&tray.status().menu), "a right clock earns no line");
}

/// `trayotp check broker` with the code of the step after this one; made
/// and checked again if a step boundary passed in between (the "next" code
/// would then be the current one).
fn check_next_code(vault: &TestVault) -> std::process::Output {
    loop {
        let step = unix_now() / 60;
        let next = reference_code(vault, unix_now() + 60);
        let output = vault.run(&["check", "broker", &next]);
        if unix_now() / 60 == step {
            return output;
        }
    }
}

#[test]
fn check_uses_the_corrected_time_and_names_the_measured_offset_one_step_off() {
    let responder = Responder::start(Answer::Correct { offset_ms: AHEAD_MS });
    let vault = vault_with_account();

    // Not measured yet: a code one step later points at the clock, and says how to measure it.
    let output = check_next_code(&vault);
    assert!(!output.status.success(), "one step off is not a match now");
    assert_contains(&stdout(&output), "trayotp time");

    assert_ok(&vault.run(&["time", "--server", &responder.address()]));
    let output = check_next_code(&vault);
    assert!(!output.status.success());
    assert_contains(&stdout(&output), "150 s slow");

    // With correction on, the server's code is the current one (retried once
    // across a step boundary between making the code and checking it).
    set(&vault, "clock_correction", "on");
    let matched = (0..2).any(|_| {
        let servers = reference_code(&vault, unix_now() + 150);
        vault.run(&["check", "broker", &servers]).status.success()
    });
    assert!(
        matched,
        "with clock_correction on, the code for the server's time matches"
    );
}
