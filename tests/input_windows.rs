//! The hotkey and the pop-up menu driven by real keyboard and mouse input
//! (`SendInput`, as a person's keyboard would), on Windows and under Wine:
//! the hotkey copies the default account, with several accounts and no
//! default it opens the quick picker, where typing chooses, and starting
//! trayotp again pops the menu up too, where the keyboard picks an account.
#![cfg(windows)]

use crate::common;

use std::time::Duration;

use windows_sys::Win32::UI::Input::KeyboardAndMouse::{VIRTUAL_KEY, VK_CONTROL, VK_DOWN, VK_MENU, VK_RETURN};

use common::input::*;
use common::tray::*;
use common::*;

const OTHER_KEY: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const VK_O: VIRTUAL_KEY = b'O' as VIRTUAL_KEY;

/// A vault with "first" and "second" (codes differ) and the hotkey on.
fn two_accounts_with_hotkey() -> TestVault {
    two_accounts_with_hotkey_in("passphrase")
}

/// Two accounts in a vault whose key `protector` guards (`dpapi`, as on
/// most Windows PCs, opens a window without asking for a passphrase).
fn two_accounts_with_hotkey_in(protector: &str) -> TestVault {
    let vault = TestVault::new();
    assert_ok(&vault.run_with_stdin(&["--protector", protector, "add", "first"], SEED_B32));
    assert_ok(&vault.run(&["add", "second", "--key", OTHER_KEY]));
    assert_ne!(code_json(&vault, "first")["code"], code_json(&vault, "second")["code"]);
    assert_ok(&vault.run(&["settings", "set", "hotkey", "Ctrl+Alt+O"]));
    vault
}

#[test]
fn the_hotkey_copies_the_default_account() {
    let _turn = clipboard_turn();
    let vault = two_accounts_with_hotkey();
    assert_ok(&vault.run(&["settings", "set", "default_account", "second"]));
    let tray = Tray::start(&vault);
    assert_eq!(tray.status().hotkey.as_deref(), Some("Ctrl+Alt+O"));
    set_clipboard("before");
    chord(&[VK_CONTROL, VK_MENU, VK_O]);
    wait_for_code_of(&vault, "second");
    set_clipboard("again");
    std::thread::sleep(Duration::from_millis(1000));
    chord(&[VK_CONTROL, VK_MENU, VK_O]);
    wait_for_code_of(&vault, "second");
}

#[test]
fn without_a_default_the_hotkey_opens_the_picker_where_typing_chooses() {
    let _turn = clipboard_turn();
    // A DPAPI vault: the tray hands a passphrase to no window (issue 14, M3),
    // so with a passphrase vault the picker would first ask for it.
    let vault = two_accounts_with_hotkey_in("dpapi");
    let tray = Tray::start(&vault);
    assert_eq!(tray.status().hotkey.as_deref(), Some("Ctrl+Alt+O"));
    set_clipboard("before");
    chord(&[VK_CONTROL, VK_MENU, VK_O]);
    // The picker answers on its own endpoint once its window is up.
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while !trayotp::platform::control::send_to(
        &vault.path,
        trayotp::platform::control::Role::Form("pick"),
        &trayotp::platform::control::Request::Status,
    )
    .is_ok_and(|status| status.ok && status.menu.len() == 2)
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the hotkey never opened the picker"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        clipboard_text().as_deref(),
        Some("before"),
        "nothing copied before a choice"
    );
    // "sec" leaves "second"; Enter copies it.
    for key in [b'S', b'E', b'C'] {
        tap(key as VIRTUAL_KEY);
    }
    std::thread::sleep(Duration::from_millis(500));
    tap(VK_RETURN);
    wait_for_code_of(&vault, "second");
    drop(tray);
}

#[test]
fn starting_again_pops_the_menu_up_and_the_keyboard_picks_an_account() {
    let _turn = clipboard_turn();
    let vault = two_accounts_with_hotkey();
    let tray = Tray::start(&vault);
    set_clipboard("before");
    let second = vault.command().output().expect("second start");
    assert_ok(&second);
    std::thread::sleep(Duration::from_millis(800));
    tap(VK_DOWN);
    tap(VK_DOWN);
    tap(VK_RETURN);
    wait_for_code_of(&vault, "second");
    assert!(tray.status().ok, "the first tray still answers");
}
