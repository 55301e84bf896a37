//! Pasting a setup number as a person does, into the real Add form window
//! (eframe, OpenGL): the number is put on the system clipboard (xclip on
//! Linux; the Win32 clipboard under Wine), the setup number field gets the
//! keyboard, Ctrl+V is pressed as real keys (xdotool on X11; `SendInput`
//! under Wine), then Enter registers. The account is then in the vault with
//! the right code (against `oathtool` on Linux, and RFC 4226's published
//! value for the key under Wine, where oathtool cannot run), and the
//! clipboard no longer holds the setup number, as after the Paste button.
//!
//! On Linux the right-click menu's 貼り付け does the same: a right click on
//! the field (xdotool click 3) opens it, and a click on its 貼り付け (found
//! as a screen reader finds it, AT-SPI) pastes.

use crate::common;

use std::time::{Duration, Instant};

use common::tray::{clipboard_text, clipboard_turn};
use common::*;

/// RFC 4226's key "12345678901234567890" ([`SEED_B32`]).
const SETUP_NUMBER: &str = SEED_B32;

/// A vault with one account (so the form opens it with the test's
/// passphrase and asks for no new one).
fn vault_with_an_account() -> TestVault {
    let vault = TestVault::new();
    assert_ok(&vault.add("Work", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"));
    vault
}

fn listed(vault: &TestVault) -> Vec<String> {
    stdout(&vault.run(&["list"])).lines().map(str::to_string).collect()
}

/// Waits (bounded) until `name` is in the vault.
fn wait_until_registered(vault: &TestVault, name: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !listed(vault).iter().any(|n| n == name) {
        assert!(
            Instant::now() < deadline,
            "{name} was never registered; the vault has {:?}",
            listed(vault)
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// The registered account makes RFC 4226's codes: at T = 59 s with the
/// default 60 s step it is counter 0, "755224" (RFC 4226, Appendix D), and
/// natively `oathtool` agrees at another moment too.
fn assert_right_code(vault: &TestVault, name: &str) {
    let at_59 = vault.run(&["code", name, "--at", "59"]);
    assert_ok(&at_59);
    assert_eq!(stdout(&at_59).trim(), "755224", "RFC 4226's code for counter 0");
    #[cfg(unix)]
    {
        let at = "1700000000";
        let ours = vault.run(&["code", name, "--at", at]);
        assert_ok(&ours);
        let reference = std::process::Command::new("oathtool")
            .args([
                "--totp",
                "-b",
                "-s",
                "60s",
                "-d",
                "6",
                &format!("--now=@{at}"),
                SEED_B32,
            ])
            .output()
            .expect("oathtool is installed (.ci/install-deps)");
        assert!(reference.status.success());
        assert_eq!(stdout(&ours).trim(), String::from_utf8_lossy(&reference.stdout).trim());
    }
}

/// After Register the form clears the pasted setup number from the clipboard.
fn assert_clipboard_cleared() {
    let deadline = Instant::now() + Duration::from_secs(10);
    while clipboard_text().as_deref() == Some(SETUP_NUMBER) {
        assert!(
            Instant::now() < deadline,
            "the setup number stayed on the clipboard after Register"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[cfg(target_os = "linux")]
mod linux {
    use std::io::Write;
    use std::process::{Command, Stdio};

    use trayotp::app::Form;
    use trayotp::i18n::{Language, Texts};

    use super::common::a11y::turn_on_accessibility;
    use super::common::xwindow;
    use super::*;

    const JA: Texts = Texts(Language::Japanese);

    /// Puts `text` on the CLIPBOARD selection with xclip (which stays to
    /// serve it until another program takes the selection).
    fn xclip(text: &str) {
        let mut child = Command::new("xclip")
            .args(["-selection", "clipboard", "-in"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("xclip is installed (.ci/install-deps)");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
            .expect("write to xclip");
        assert!(child.wait().expect("xclip").success());
        // xclip's parent exits before its child owns the selection: wait
        // (bounded) until the clipboard serves the text.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while clipboard_text().as_deref() != Some(text) && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        assert_eq!(clipboard_text().as_deref(), Some(text), "xclip set the clipboard");
    }

    /// The Add form in Japanese, its window found and given the keyboard
    /// (it opens with the cursor in the display name).
    fn add_form(vault: &TestVault) -> (Background, String) {
        let child = vault
            .command()
            .args(["window", "add", "--lang", "ja"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("trayotp window add starts");
        let window = xwindow::wait_for_window(JA.title(Form::Add));
        xwindow::focus(&window);
        (Background(child), window)
    }

    #[test]
    fn ctrl_v_pastes_a_setup_number_that_registers_and_is_then_cleared_from_the_clipboard() {
        let _turn = clipboard_turn();
        let vault = vault_with_an_account();
        xclip(SETUP_NUMBER);
        let (_form, _) = add_form(&vault);
        xwindow::type_text("broker");
        xwindow::keys(&["Tab", "ctrl+v", "Return"]);
        wait_until_registered(&vault, "broker");
        assert_right_code(&vault, "broker");
        assert_clipboard_cleared();
    }

    #[test]
    fn shift_insert_pastes_too() {
        let _turn = clipboard_turn();
        let vault = vault_with_an_account();
        xclip(SETUP_NUMBER);
        let (_form, _) = add_form(&vault);
        xwindow::type_text("insert");
        xwindow::keys(&["Tab", "shift+Insert", "Return"]);
        wait_until_registered(&vault, "insert");
        assert_right_code(&vault, "insert");
    }

    /// Every node named `name` in the form, as a screen reader finds it:
    /// `(role, x, y, width, height)`.
    fn places(name: &str) -> Vec<(String, i32, i32, i32, i32)> {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/a11y/places.py");
        let out = Command::new("/usr/bin/python3")
            .args([script, "trayotp-gui", name, "30"])
            .stdin(Stdio::null())
            .output()
            .expect("/usr/bin/python3 with python3-pyatspi");
        let said = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(out.status.success(), "{said}");
        said.lines()
            .filter_map(|line| {
                let mut parts = line.split('\t');
                let role = parts.next()?.to_string();
                let n: Vec<i32> = parts.filter_map(|p| p.parse().ok()).collect();
                (n.len() == 4).then(|| (role, n[0], n[1], n[2], n[3]))
            })
            .collect()
    }

    fn xdotool(args: &[&str]) {
        let status = Command::new("xdotool").args(args).status().expect("xdotool");
        assert!(status.success(), "xdotool {args:?}");
        std::thread::sleep(Duration::from_millis(400));
    }

    fn click(button: &str, (x, y): (i32, i32)) {
        xdotool(&["mousemove", "--sync", &x.to_string(), &y.to_string()]);
        xdotool(&["click", button]);
    }

    #[test]
    fn the_fields_right_click_menu_pastes_a_setup_number_that_registers() {
        let _turn = clipboard_turn();
        turn_on_accessibility();
        let vault = vault_with_an_account();
        xclip(SETUP_NUMBER);
        let (_form, _) = add_form(&vault);
        xwindow::type_text("menu");

        let fields = places(JA.key_label());
        let (_, x, y, width, height) = fields
            .iter()
            .find(|(role, ..)| role.contains("text"))
            .cloned()
            .unwrap_or_else(|| panic!("no setup number field: {fields:?}"));
        // The form's own 貼り付け button is there before the menu opens.
        let before = places(JA.menu_paste());
        click("3", (x + width / 2, y + height / 2));
        let deadline = Instant::now() + Duration::from_secs(20);
        let item = loop {
            let now = places(JA.menu_paste());
            if let Some(item) = now.iter().find(|p| !before.contains(p)) {
                break item.clone();
            }
            assert!(Instant::now() < deadline, "no menu with 貼り付け opened: {now:?}");
            std::thread::sleep(Duration::from_millis(300));
        };
        let (_, ix, iy, iw, ih) = item;
        click("1", (ix + iw / 2, iy + ih / 2));
        std::thread::sleep(Duration::from_millis(600));
        // The field has the keyboard again: Enter registers.
        xwindow::keys(&["Return"]);
        wait_until_registered(&vault, "menu");
        assert_right_code(&vault, "menu");
        assert_clipboard_cleared();
    }
}

#[cfg(windows)]
mod windows {
    use std::process::Stdio;

    use windows_sys::Win32::UI::Input::KeyboardAndMouse::{VIRTUAL_KEY, VK_CONTROL, VK_RETURN, VK_TAB};

    use super::common::input::{chord, tap};
    use super::common::tray::{set_clipboard, wait_for_form_window};
    use super::*;

    const VK_V: VIRTUAL_KEY = b'V' as VIRTUAL_KEY;

    #[test]
    fn ctrl_v_pastes_a_setup_number_into_the_exe_that_registers_and_is_then_cleared() {
        let _turn = clipboard_turn();
        let vault = vault_with_an_account();
        set_clipboard(SETUP_NUMBER);
        let mut child = vault
            .command()
            .args(["window", "add", "--lang", "en"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("trayotp window add starts");
        wait_for_form_window(&vault, "add", &mut child);
        let form = Background(child);
        // The window opens active, with the cursor in the display name.
        std::thread::sleep(Duration::from_millis(2500));
        for letter in "BROKER".bytes() {
            tap(VIRTUAL_KEY::from(letter));
        }
        tap(VK_TAB);
        chord(&[VK_CONTROL, VK_V]);
        std::thread::sleep(Duration::from_millis(500));
        tap(VK_RETURN);
        wait_until_registered(&vault, "broker");
        assert_right_code(&vault, "broker");
        assert_clipboard_cleared();
        drop(form);
    }
}
