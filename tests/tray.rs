//! End-to-end tests of the tray process: start it for real (under Xvfb on
//! Linux, under Wine + Xvfb for the .exe), drive it through the control
//! channel like `trayotp copy NAME` does, and read the real clipboard back.

use crate::common;

use std::time::{Duration, Instant};

use common::tray::*;
use common::*;
use trayotp::platform::control::{self, Request};

#[test]
fn copy_puts_the_current_code_in_the_clipboard_and_it_is_cleared_at_expiry() {
    let _turn = clipboard_turn();
    let vault = TestVault::new();
    assert_ok(&vault.add("三菱 太郎", SEED_B32));
    assert_ok(&vault.add_with_period("fast", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", 4));
    let tray = Tray::start(&vault);

    let status = tray.status();
    assert_eq!(
        status.menu,
        [
            "三菱 太郎",
            "fast",
            "Add account…",
            "Show code…",
            "Manage accounts…",
            "Back up…",
            "Settings…",
            "[ ] Start at login",
            "Help",
            "Quit"
        ]
    );

    // The 60-second account: the clipboard holds the code of this step.
    let before = code_json(&vault, "三菱 太郎");
    let message = stdout(&copy(&vault, "三菱 太郎"));
    if message.contains("the next code") {
        // Clicked in the last seconds: the fresh code follows at the step's end.
        std::thread::sleep(Duration::from_secs(6));
    } else {
        assert!(message.contains("Copied the code for '三菱 太郎' ("), "{message}");
        assert!(message.contains(" of 60 left)"), "{message}");
    }
    let after = code_json(&vault, "三菱 太郎");
    let copied = clipboard_text().expect("the clipboard holds text");
    assert!(
        copied == before["code"] || copied == after["code"],
        "clipboard {copied:?} vs {before} / {after}"
    );
    assert!(!message.contains(&copied), "the reply never shows the digits");

    // The 4-second account (no grace period): copied, then cleared at expiry.
    let message = stdout(&copy(&vault, "fast"));
    let copied = clipboard_text().expect("text");
    assert_eq!(copied.len(), 6);
    std::thread::sleep(Duration::from_millis(seconds_left(&message) * 1000 + 2500));
    assert_ne!(
        clipboard_text().as_deref(),
        Some(copied.as_str()),
        "the expired code was cleared"
    );
}

#[test]
fn a_copy_in_the_last_seconds_delivers_the_next_code() {
    let _turn = clipboard_turn();
    let vault = TestVault::new();
    // A 30 s period has a 5 s grace: a copy with 2-3 s left waits for the next code.
    assert_ok(&vault.add_with_period("p30", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", 30));
    let tray = Tray::start(&vault);
    // A loaded machine may miss the window: try a few steps.
    for _attempt in 0..4 {
        let deadline = Instant::now() + Duration::from_secs(40);
        while !matches!(code_json(&vault, "p30")["remaining"].as_u64(), Some(2..=3)) {
            assert!(Instant::now() < deadline, "never saw the last seconds of a step");
            std::thread::sleep(Duration::from_millis(100));
        }
        let reply = control::send(&tray.vault, &Request::Copy { name: "p30".into() }).expect("reply");
        if !reply.message.contains("the next code will be in the clipboard then") {
            // The step ended before the request arrived: that copy was of a fresh code.
            assert!(reply.message.contains("Copied the code for 'p30'"), "{reply:?}");
            continue;
        }
        std::thread::sleep(Duration::from_millis(seconds_until_step_end(&vault) * 1000 + 1500));
        let now = code_json(&vault, "p30");
        assert_eq!(
            clipboard_text().as_deref(),
            now["code"].as_str(),
            "the fresh code, not the dying one"
        );
        assert!(now["remaining"].as_u64().is_some_and(|r| r >= 20), "{now}");
        return;
    }
    panic!("no copy request reached the tray within a code's last seconds in four tries");
}

/// Seconds left in the current step of "p30" (0 if it just ended).
fn seconds_until_step_end(vault: &TestVault) -> u64 {
    let json = code_json(vault, "p30");
    let remaining = json["remaining"].as_u64().unwrap_or(0);
    // Already in the next step (remaining near 30)? Then nothing to wait for.
    if remaining > 25 { 0 } else { remaining }
}

#[test]
fn expiry_leaves_what_the_user_copied_since() {
    let _turn = clipboard_turn();
    let vault = TestVault::new();
    assert_ok(&vault.add_with_period("fast", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", 4));
    let tray = Tray::start(&vault);
    let message = stdout(&copy(&vault, "fast"));
    set_clipboard("the user's own text");
    std::thread::sleep(Duration::from_millis(seconds_left(&message) * 1000 + 2500));
    assert_eq!(clipboard_text().as_deref(), Some("the user's own text"));
    drop(tray);
}

#[test]
fn second_start_exits_and_the_first_tray_keeps_running() {
    let vault = TestVault::new();
    assert_ok(&vault.add("a", SEED_B32));
    let tray = Tray::start(&vault);
    let second = vault.command().output().expect("second start");
    assert_ok(&second);
    assert!(stdout(&second).contains("already running"), "{}", stdout(&second));
    // On Windows the first tray answered by popping its menu up (see
    // tests/input_windows.rs); a menu holds the tray until it is closed.
    #[cfg(windows)]
    {
        std::thread::sleep(std::time::Duration::from_millis(800));
        common::input::tap(windows_sys::Win32::UI::Input::KeyboardAndMouse::VK_ESCAPE);
    }
    assert!(tray.status().ok, "the first tray still answers");
}

#[test]
fn status_says_whether_a_tray_runs() {
    let vault = TestVault::new();
    assert_ok(&vault.add("a", SEED_B32));
    let none = vault.run(&["status"]);
    assert_eq!(none.status.code(), Some(1));
    assert_eq!(stderr(&none), "trayotp: error: no trayotp is running for this vault\n");
    assert_ok(&vault.run(&["settings", "set", "hotkey", "Ctrl+Shift+F8"]));
    let tray = Tray::start(&vault);
    let running = vault.run(&["status"]);
    assert_ok(&running);
    assert_eq!(
        stdout(&running),
        "trayotp is running for this vault (hotkey: Ctrl+Shift+F8).\n"
    );
    drop(tray);
}

#[test]
fn vault_changes_from_the_cli_appear_in_the_menu_without_a_restart() {
    let vault = TestVault::new();
    assert_ok(&vault.add("first", SEED_B32));
    let tray = Tray::start(&vault);
    assert_ok(&vault.run(&["add", "Tom & Jerry", "--key", SEED_B32]));
    tray.wait_for_status("the new account", |s| s.menu.contains(&"Tom && Jerry".to_string()));
    assert_ok(&vault.run(&["remove", "first", "--yes"]));
    let status = tray.wait_for_status("the removal", |s| !s.menu.contains(&"first".to_string()));
    assert_eq!(status.tooltip.as_deref(), Some("trayotp — 1 account"));
}

#[test]
fn unknown_account_is_a_one_line_error() {
    let vault = TestVault::new();
    assert_ok(&vault.add("a", SEED_B32));
    let _tray = Tray::start(&vault);
    assert_one_line_error(&vault.run(&["copy", "nobody"]), "no account named 'nobody'");
}

#[test]
fn without_a_tray_copy_does_it_itself_and_says_so() {
    let _turn = clipboard_turn();
    let vault = TestVault::new();
    assert_ok(&vault.add("solo", SEED_B32));
    let output = vault.run(&["copy", "solo"]);
    assert_ok(&output);
    assert!(
        stdout(&output).contains("No tray is running: copied the code for 'solo'"),
        "{}",
        stdout(&output)
    );
    let code = code_json(&vault, "solo");
    // The background holder owns the clipboard; give it a moment to take it.
    let deadline = Instant::now() + Duration::from_secs(10);
    while clipboard_text().as_deref() != code["code"].as_str() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(clipboard_text().as_deref(), code["code"].as_str());
}

/// Under Wine, WinRT toasts fail: the copy still happens and the tooltip
/// (and a status line atop the menu) says what the toast would have said.
#[cfg(windows)]
#[test]
fn under_wine_a_failed_toast_falls_back_to_the_tooltip() {
    if std::env::var_os("WINEPREFIX").is_none() {
        return; // On real Windows toasts work; this test is about Wine.
    }
    let _turn = clipboard_turn();
    let vault = TestVault::new();
    assert_ok(&vault.add("三菱 太郎", SEED_B32));
    let tray = Tray::start(&vault);
    copy(&vault, "三菱 太郎");
    // "code copied", not just "copied": a copy in a code's last seconds first
    // says "the next code will be copied then".
    let status = tray.wait_for_status("the fallback", |s| {
        s.tooltip.as_deref().is_some_and(|t| t.contains("code copied"))
    });
    let tooltip = status.tooltip.unwrap_or_default();
    assert!(tooltip.starts_with("三菱 太郎: code copied — "), "{tooltip}");
    assert_eq!(status.menu.first(), Some(&tooltip), "status line atop the menu");
    assert!(
        clipboard_text().is_some_and(|c| !tooltip.contains(&c)),
        "no digits in the fallback"
    );
}

/// The copy scenario against a DPAPI vault (Windows' default protector):
/// the tray unlocks it with no passphrase and the clipboard gets the code.
#[cfg(windows)]
#[test]
fn dpapi_vault_copy_through_the_tray() {
    let _turn = clipboard_turn();
    let vault = TestVault::new();
    let mut add = vault.command();
    add.env_remove("TRAYOTP_PASSPHRASE")
        .args(["add", "三菱 太郎", "--key", SEED_B32]);
    assert_ok(&add.output().expect("add"));
    assert_eq!(vault.bytes()[10], 1, "a DPAPI vault");
    let mut start = vault.command();
    start.env_remove("TRAYOTP_PASSPHRASE");
    let tray = Tray::start_with(&vault, start);
    assert!(tray.status().menu.contains(&"三菱 太郎".to_string()));
    let reply = control::send(
        &tray.vault,
        &Request::Copy {
            name: "三菱 太郎".into(),
        },
    )
    .expect("reply");
    assert!(reply.ok, "{reply:?}");
    if reply.message.contains("the next code") {
        std::thread::sleep(Duration::from_secs(6));
    }
    let mut code = vault.command();
    code.env_remove("TRAYOTP_PASSPHRASE").args(["code", "三菱 太郎"]);
    let expected = stdout(&code.output().expect("code")).trim().to_string();
    assert_eq!(clipboard_text().as_deref(), Some(expected.as_str()));
}

/// The backup reminder end to end: a tray with an account and no backup
/// marks "Back up…" and records that it reminded (so a restart does not
/// remind again); `trayotp backup` tells the tray, and the mark goes.
#[test]
fn the_backup_item_is_marked_until_a_backup_is_made() {
    let vault = TestVault::new();
    assert_ok(&vault.add("a", SEED_B32));
    assert_ok(&vault.run(&["settings", "set", "backup_reminder_days", "30"]));
    let state_file = vault.path.with_file_name("vault.trayotp.state.json");
    let reminded = || -> Option<u64> {
        let bytes = std::fs::read(&state_file).ok()?;
        let state: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
        state["last_backup_reminder"].as_u64()
    };
    let marked = "Back up… (recommended)".to_string();
    let plain = "Back up…".to_string();

    let tray = Tray::start(&vault);
    tray.wait_for_status("the marked item", |s| s.menu.contains(&marked));
    let first = reminded().expect("the reminder was recorded in the state file");
    drop(tray);

    std::thread::sleep(Duration::from_millis(1100));
    let tray = Tray::start(&vault);
    let status = tray.wait_for_status("the marked item", |s| s.menu.contains(&marked));
    assert!(!status.menu.contains(&plain));
    assert_eq!(reminded(), Some(first), "not reminded again after a restart");

    let file = vault.dir.path().join("accounts.trayotp-backup");
    let backup = vault
        .command()
        .env("TRAYOTP_BACKUP_PASSPHRASE", "four words make it")
        .arg("backup")
        .arg(&file)
        .output()
        .expect("runs");
    assert_ok(&backup);
    let status = tray.wait_for_status("the plain item", |s| s.menu.contains(&plain));
    assert!(!status.menu.contains(&marked), "{status:?}");
    assert_eq!(
        status.menu,
        [
            "a",
            "Add account…",
            "Show code…",
            "Manage accounts…",
            "Back up…",
            "Settings…",
            "[ ] Start at login",
            "Help",
            "Quit"
        ]
    );
}

/// 60 accounts, each with its own key, imported from otpauth:// links.
fn vault_of_60() -> TestVault {
    let vault = TestVault::new();
    let links: String = (1..=60)
        .map(|i| {
            // 16 fixed Base32 characters, then the number as 8 letters.
            let number: String = format!("{i:08}")
                .chars()
                .map(|d| (b'A' + (d as u8 - b'0')) as char)
                .collect();
            format!("otpauth://totp/Bank:account-{i}?secret=JBSWY3DPEHPK3PXP{number}&issuer=Bank\n")
        })
        .collect();
    let file = vault.dir.path().join("links.txt");
    std::fs::write(&file, links).expect("links");
    assert_ok(&vault.run(&["--protector", "passphrase", "import", file.to_str().expect("utf-8")]));
    assert_eq!(
        stdout(&vault.run(&["list"])).lines().count(),
        60,
        "60 distinct accounts"
    );
    vault
}

/// The menu with 60 accounts on a laptop's 1366 × 768 screen, for real: an
/// X server of this test's own at that size, `trayer` as the notification
/// area (at the bottom, as a taskbar), a right click on the icon. GTK
/// shows a menu taller than the screen as tall as the screen, with scroll
/// arrows; this one is shorter, and its first item is 「アカウントを検索…」.
#[cfg(target_os = "linux")]
#[test]
fn a_menu_of_60_accounts_fits_a_1366_by_768_screen_with_find_account_first() {
    use x11rb::connection::Connection;
    use x11rb::protocol::xproto::{ConnectionExt as _, MapState};

    let vault = vault_of_60();
    std::fs::write(&vault.settings, vault.settings_text() + "language = \"ja\"\n").expect("settings");
    let display = common::xwindow::Display::start("1366x768x24");
    let _panel = Background(
        display
            .command("trayer")
            .args([
                "--edge",
                "bottom",
                "--align",
                "right",
                "--widthtype",
                "request",
                "--height",
                "28",
            ])
            .args(["--SetDockType", "true", "--transparent", "false", "--tint", "0x303030"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("trayer (package trayer) starts"),
    );
    std::thread::sleep(Duration::from_secs(1));
    let mut command = vault.command();
    command.env("DISPLAY", &display.name).env_remove("WAYLAND_DISPLAY");
    let tray = Tray::start_with(&vault, command);
    let status = tray.status();
    assert_find_account_first_and_some_accounts(&status);

    // The icon sits at the right end of trayer's 28-pixel bar.
    let (connection, screen) = x11rb::rust_connection::RustConnection::connect(Some(&display.name)).expect("X");
    let root = connection.setup().roots[screen].root;
    let menu = (0..40)
        .find_map(|_| {
            display.xdotool(&["mousemove", "1352", "754", "click", "3"]);
            std::thread::sleep(Duration::from_millis(500));
            let children = connection.query_tree(root).ok()?.reply().ok()?.children;
            children.into_iter().find_map(|window| {
                let attributes = connection.get_window_attributes(window).ok()?.reply().ok()?;
                let geometry = connection.get_geometry(window).ok()?.reply().ok()?;
                (attributes.override_redirect && attributes.map_state == MapState::VIEWABLE && geometry.height > 200)
                    .then_some(geometry)
            })
        })
        .expect("the menu opened on a right click on the icon");
    let shot = std::env::temp_dir().join("trayotp-menu-1366x768.png");
    let _ = display.command("import").args(["-window", "root"]).arg(&shot).status();
    eprintln!(
        "the menu: {}x{} at {},{} ({})",
        menu.width,
        menu.height,
        menu.x,
        menu.y,
        shot.display()
    );
    assert!(menu.y >= 0, "{menu:?}");
    assert!(
        i32::from(menu.y) + i32::from(menu.height) <= 768 && menu.height < 768 - 28,
        "the menu does not fit: {menu:?}"
    );
    display.xdotool(&["key", "Escape"]);
    drop(tray);
}

/// The same 60 accounts for the `.exe` (on Windows, and under Wine with
/// Xvfb at 1366 × 768, as README's test command runs it): the menu the tray
/// pops up for real (`TrackPopupMenu`, at the pointer, as when trayotp is
/// started again) is found by its window class (`#32768`) and lies within
/// the work area, and its first item is 「アカウントを検索…」.
#[cfg(windows)]
#[test]
fn under_windows_a_menu_of_60_accounts_fits_the_work_area_with_find_account_first() {
    use windows_sys::Win32::Foundation::RECT;
    use windows_sys::Win32::UI::WindowsAndMessaging::{
        FindWindowW, GetWindowRect, IsWindowVisible, SPI_GETWORKAREA, SystemParametersInfoW,
    };

    let _turn = clipboard_turn(); // the menu takes the keyboard while it is up
    let vault = vault_of_60();
    std::fs::write(&vault.settings, vault.settings_text() + "language = \"ja\"\n").expect("settings");
    let tray = Tray::start(&vault);
    let status = tray.status();
    assert_find_account_first_and_some_accounts(&status);

    let mut work = RECT {
        left: 0,
        top: 0,
        right: 0,
        bottom: 0,
    };
    // SAFETY: SPI_GETWORKAREA writes one RECT through the pointer.
    let read = unsafe { SystemParametersInfoW(SPI_GETWORKAREA, 0, (&raw mut work).cast(), 0) };
    assert_ne!(read, 0);
    // Starting trayotp again pops the menu up at the pointer.
    assert_ok(&vault.command().output().expect("second start"));
    let class: Vec<u16> = "#32768".encode_utf16().chain(Some(0)).collect();
    let deadline = Instant::now() + Duration::from_secs(20);
    let menu = loop {
        // SAFETY: a NUL-terminated class name; no window name.
        let window = unsafe { FindWindowW(class.as_ptr(), std::ptr::null()) };
        // SAFETY: a window handle (or null, which IsWindowVisible refuses).
        if !window.is_null() && unsafe { IsWindowVisible(window) } != 0 {
            let mut rect = RECT {
                left: 0,
                top: 0,
                right: 0,
                bottom: 0,
            };
            // SAFETY: the handle of a live window and a RECT of ours.
            if unsafe { GetWindowRect(window, &raw mut rect) } != 0 && rect.bottom - rect.top > 200 {
                break rect;
            }
        }
        assert!(Instant::now() < deadline, "the menu never popped up");
        std::thread::sleep(Duration::from_millis(200));
    };
    eprintln!(
        "the menu: {}x{} at {},{}; the work area: {},{} to {},{}",
        menu.right - menu.left,
        menu.bottom - menu.top,
        menu.left,
        menu.top,
        work.left,
        work.top,
        work.right,
        work.bottom
    );
    common::input::tap(windows_sys::Win32::UI::Input::KeyboardAndMouse::VK_ESCAPE);
    assert!(
        menu.top >= work.top && menu.bottom <= work.bottom,
        "the menu {}..{} does not fit the work area {}..{}",
        menu.top,
        menu.bottom,
        work.top,
        work.bottom
    );
    drop(tray);
}

/// The Japanese menu of [`vault_of_60`]: 「アカウントを検索…」 first,
/// 「その他のアカウント…」 for the rest, and only some of the 60 shown.
fn assert_find_account_first_and_some_accounts(status: &trayotp::platform::control::Response) {
    assert_eq!(
        status.menu.first().map(String::as_str),
        Some("アカウントを検索…"),
        "{status:?}"
    );
    assert!(
        status.menu.iter().any(|item| item == "その他のアカウント…"),
        "{status:?}"
    );
    let accounts = status
        .menu
        .iter()
        .filter(|item| item.starts_with("Bank: account-"))
        .count();
    assert!((5..60).contains(&accounts), "{accounts} accounts in {status:?}");
}
