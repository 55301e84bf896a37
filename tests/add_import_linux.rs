//! "From a file of another app…" in the real Add form (`trayotp window
//! add`), on the X display the tests run on (Xvfb), driven with real key
//! presses (xdotool) as a person would: Tab to 「その他の方法」 / "Other ways",
//! open it, Tab to the button, press Space; in the system's own file dialog
//! (GTK's, through rfd) type the file's path and press Enter; for an
//! encrypted file, type its password into the field the form then shows.
//! The files are real exports of `shared/interop-peers/`, read in place.
//! Then `trayotp list --json` shows the accounts their sources state, and
//! `trayotp code` gives the codes `oathtool` and `pyotp` give on the keys
//! the sources state (`tests/common/interop.rs`).

#![cfg(target_os = "linux")]

use crate::common;

use std::process::Stdio;
use std::time::{Duration, Instant};

use common::interop::{
    AIRBNB, AT, DENO, LONG_PERIOD, NO_ISSUER, PLAIN, Request, SHA256, SHA512, SPDX, STANDARD, Want, peers_dir,
    reference_codes, totp,
};
use common::*;
use trayotp::app::Form;
use trayotp::i18n::{Language, Texts};

const EN: Texts = Texts(Language::English);

/// The form's window and the file dialog share the display with no other
/// test of this module.
static DISPLAY: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The X windows whose title is exactly `title` (xdotool's `--name` is a
/// regular expression: the dialog's English title has no special character).
fn windows_titled(title: &str) -> Vec<String> {
    let out = std::process::Command::new("xdotool")
        .args(["search", "--onlyvisible", "--name", title])
        .output()
        .expect("xdotool runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

/// Opens the Add form in English, opens "Other ways" and presses "From a
/// file of another app…" with the keyboard; types `file`'s path into the
/// file dialog that opens, and Enter. Returns the form (ended when dropped)
/// and its window, which has the keyboard again.
fn import_through_the_dialog(vault: &TestVault, file: &std::path::Path) -> (Background, String) {
    let child = vault
        .command()
        .args(["window", "add", "--lang", "en"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("trayotp window add starts");
    let form = Background(child);
    let window = xwindow::wait_for_window(EN.title(Form::Add));
    xwindow::focus(&window);
    // Display name → setup number → Show → Paste → "Other ways": open it;
    // then past the code field and the two QR buttons to the new button.
    xwindow::keys(&["Tab", "Tab", "Tab", "Tab", "space"]);
    xwindow::keys(&["Tab", "Tab", "Tab", "Tab", "space"]);
    let title = EN.app_file_dialog_title();
    let deadline = Instant::now() + Duration::from_secs(30);
    let dialog = loop {
        if let Some(dialog) = windows_titled(title).pop() {
            break dialog;
        }
        assert!(Instant::now() < deadline, "no file dialog titled {title:?} opened");
        std::thread::sleep(Duration::from_millis(200));
    };
    xwindow::focus(&dialog);
    // GTK's file chooser opens its location field when a path is typed.
    xwindow::type_text(file.to_str().expect("utf-8 path"));
    xwindow::keys(&["Return"]);
    let deadline = Instant::now() + Duration::from_secs(30);
    while !windows_titled(title).is_empty() {
        assert!(Instant::now() < deadline, "the file dialog stayed open");
        std::thread::sleep(Duration::from_millis(200));
    }
    xwindow::focus(&window);
    (form, window)
}

/// The vault's accounts as `trayotp list --json` gives them:
/// (name, issuer, algorithm, digits, period).
fn listed(vault: &TestVault) -> Vec<(String, Option<String>, String, u64, u64)> {
    let output = vault.run(&["list", "--json"]);
    assert_ok(&output);
    let list: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("json");
    list.as_array()
        .expect("array")
        .iter()
        .map(|a| {
            (
                a["name"].as_str().expect("name").to_string(),
                a["issuer"].as_str().map(String::from),
                a["algorithm"].as_str().expect("algorithm").to_string(),
                a["digits"].as_u64().expect("digits"),
                a["period"].as_u64().expect("period"),
            )
        })
        .collect()
}

fn wanted(wants: &[Want]) -> Vec<(String, Option<String>, String, u64, u64)> {
    wants
        .iter()
        .map(|w| {
            (
                w.name.to_string(),
                w.issuer.map(String::from),
                w.algorithm.to_string(),
                u64::from(w.digits),
                u64::from(w.period),
            )
        })
        .collect()
}

/// Waits (bounded) until the vault lists `count` accounts.
fn wait_for_accounts(vault: &TestVault, count: usize) -> Vec<(String, Option<String>, String, u64, u64)> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let list = listed(vault);
        if list.len() >= count {
            return list;
        }
        assert!(
            Instant::now() < deadline,
            "the vault never held {count} accounts: {list:?}"
        );
        std::thread::sleep(Duration::from_millis(300));
    }
}

/// `trayotp code NAME --at AT` for each, against oathtool and pyotp on the
/// key the source states.
fn assert_codes(vault: &TestVault, wants: &[Want]) {
    let requests: Vec<Request> = wants
        .iter()
        .map(|w| Request {
            secret: w.secret.to_string(),
            algorithm: w.algorithm,
            digits: w.digits,
            period: w.period,
        })
        .collect();
    let (oath, py) = reference_codes(&requests);
    for (index, want) in wants.iter().enumerate() {
        let code = vault.run(&["code", want.name, "--at", &AT.to_string()]);
        assert_ok(&code);
        let ours = stdout(&code).trim().to_string();
        assert_eq!(ours, oath[index], "{}: trayotp vs oathtool", want.name);
        assert_eq!(ours, py[index], "{}: trayotp vs pyotp", want.name);
    }
}

#[test]
fn a_plain_and_an_encrypted_file_of_other_apps_import_through_the_real_file_dialog() {
    let _display = DISPLAY.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let dir = peers_dir();
    let vault = TestVault::new();
    assert_ok(&vault.add("Work", SEED_B32));
    let work = listed(&vault);

    // Stratum's LastPass Authenticator export, not encrypted: five accounts,
    // and a 9-digit one left out.
    let (form, _) = import_through_the_dialog(&vault, &dir.join("stratum_lastpass.json"));
    let lastpass = [
        STANDARD,
        LONG_PERIOD,
        totp("NoIssuer", None, NO_ISSUER.secret, PLAIN),
        SHA256,
        SHA512,
    ];
    let mut list = wait_for_accounts(&vault, 6);
    let mut expected = work.clone();
    expected.extend(wanted(&lastpass));
    list.sort();
    expected.sort();
    assert_eq!(list, expected);
    drop(form);

    // Stratum's encrypted backup as Aegis's tests read it: the form asks
    // for the password; "test", as the folder's README gives it.
    let before = vault.bytes();
    let (form, _) = import_through_the_dialog(&vault, &dir.join("aegis_stratum_encrypted.bin"));
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(vault.bytes(), before, "nothing is added before the password");
    // The password field has the keyboard: a wrong password first.
    xwindow::type_text("wrong");
    xwindow::keys(&["Return"]);
    std::thread::sleep(Duration::from_secs(4));
    assert_eq!(vault.bytes(), before, "a wrong password changes nothing");
    xwindow::type_text("test");
    xwindow::keys(&["Return"]);
    let aegis = [DENO, SPDX, AIRBNB];
    let mut list = wait_for_accounts(&vault, 9);
    expected.extend(wanted(&aegis));
    list.sort();
    expected.sort();
    assert_eq!(list, expected);
    drop(form);

    let mut all = lastpass.to_vec();
    all.extend(aegis);
    assert_codes(&vault, &all);
}
