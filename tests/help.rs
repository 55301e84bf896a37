//! The tray menu's 「使い方」 / "Help", chosen for real in the popped-up menu
//! with the keyboard: the guide of the user's language, the HTML page the
//! release puts beside the executable (`guide::locate`), is handed to the
//! system's own opener. On Linux that is the real `xdg-open`, whose default
//! program for `text/html` is, in a scratch `XDG_CONFIG_HOME` and
//! `XDG_DATA_HOME`, a script that writes down the file it was given. On
//! Windows (the `.exe` under Wine) it is `ShellExecuteW("open")`, and the
//! program registered for `.html` (for this test, under Wine only) is
//! `cmd /c echo %1>FILE`.

use crate::common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::tray::*;
use common::*;

/// A release's layout: the tray's executable with `guide-ja.html` and
/// `guide-en.html` beside it (a hard link to the built one, else a copy).
fn release_beside_the_guides(vault: &TestVault, exe: &str) -> PathBuf {
    let dir = vault.dir.path().join("release");
    std::fs::create_dir_all(&dir).expect("release dir");
    let built = Path::new(exe);
    let placed = dir.join(built.file_name().expect("a file name"));
    if std::fs::hard_link(built, &placed).is_err() {
        std::fs::copy(built, &placed).expect("copy the executable");
    }
    for stem in ["guide-ja", "guide-en"] {
        std::fs::write(
            dir.join(format!("{stem}.html")),
            format!("<!DOCTYPE html>\n<html><head><title>{stem}</title></head><body><h1>{stem}</h1></body></html>\n"),
        )
        .expect("guide page");
    }
    placed
}

/// What the recorder wrote (bounded wait): one line per file opened.
fn wait_for_opened(record: &Path) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(text) = std::fs::read_to_string(record)
            && !text.trim().is_empty()
        {
            return text.lines().map(str::to_string).collect();
        }
        assert!(
            Instant::now() < deadline,
            "nothing was opened ({} is empty)",
            record.display()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// `xdg-open`'s default for `text/html`, in the vault's own XDG folders:
/// a desktop entry whose program appends its argument to `record`.
#[cfg(target_os = "linux")]
fn recording_browser(vault: &TestVault, record: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let data = vault.dir.path().join("xdg-data");
    let applications = data.join("applications");
    std::fs::create_dir_all(&applications).expect("applications dir");
    let script = vault.dir.path().join("record-browser.sh");
    std::fs::write(
        &script,
        format!("#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n", record.display()),
    )
    .expect("script");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    std::fs::write(
        applications.join("trayotp-test-browser.desktop"),
        format!(
            "[Desktop Entry]\nType=Application\nName=Recording browser\nExec={} %f\nMimeType=text/html;\n",
            script.display()
        ),
    )
    .expect("desktop entry");
    std::fs::create_dir_all(vault.xdg_config()).expect("xdg config");
    std::fs::write(
        vault.xdg_config().join("mimeapps.list"),
        "[Default Applications]\ntext/html=trayotp-test-browser.desktop\n",
    )
    .expect("mimeapps.list");
    data
}

/// For each language: a tray on an X server of its own with `trayer` as
/// the notification area, a right click on its icon, ↑ ↑ (from the bottom:
/// 終了, then 使い方) and Enter; `xdg-open` was given that language's page.
#[cfg(target_os = "linux")]
#[test]
fn help_in_the_menu_opens_the_guide_page_of_the_users_language() {
    for (language, item, page) in [("ja", "使い方", "guide-ja.html"), ("en", "Help", "guide-en.html")] {
        let vault = TestVault::new();
        assert_ok(&vault.add("a", SEED_B32));
        std::fs::write(
            &vault.settings,
            vault.settings_text() + &format!("language = \"{language}\"\n"),
        )
        .expect("settings");
        let exe = release_beside_the_guides(&vault, env!("CARGO_BIN_EXE_trayotp-gui"));
        let record = vault.dir.path().join("opened.txt");
        let data = recording_browser(&vault, &record);

        let display = common::xwindow::Display::start("1024x640x24");
        let _panel = Background(
            display
                .command("trayer")
                .args(["--edge", "bottom", "--align", "right", "--widthtype", "request"])
                .args(["--height", "28", "--SetDockType", "true"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .expect("trayer (package trayer) starts"),
        );
        std::thread::sleep(Duration::from_secs(1));
        let mut command = vault.command_with(&exe);
        command
            .env("DISPLAY", &display.name)
            .env("XDG_DATA_HOME", &data)
            .env_remove("WAYLAND_DISPLAY")
            .env_remove("XDG_CURRENT_DESKTOP")
            .env_remove("DESKTOP_SESSION")
            .env_remove("BROWSER");
        let tray = Tray::start_with(&vault, command);
        let menu = tray.status().menu;
        assert_eq!(
            menu[menu.len() - 2..],
            [
                item.to_string(),
                ["終了", "Quit"][usize::from(language == "en")].to_string()
            ],
            "{menu:?}"
        );

        // The icon sits at the right end of trayer's bar; the menu opens on
        // a right click and takes the keyboard.
        let (connection, screen) = x11rb::rust_connection::RustConnection::connect(Some(&display.name)).expect("X");
        let root = x11rb::connection::Connection::setup(&connection).roots[screen].root;
        let popped = (0..20).any(|_| {
            display.xdotool(&["mousemove", "1010", "626", "click", "3"]);
            std::thread::sleep(Duration::from_millis(700));
            a_menu_is_mapped(&connection, root)
        });
        assert!(popped, "the menu opened on a right click on the icon");
        for key in ["Up", "Up", "Return"] {
            display.xdotool(&["key", key]);
            std::thread::sleep(Duration::from_millis(300));
        }
        let opened = wait_for_opened(&record);
        assert_eq!(
            opened,
            [exe.with_file_name(page).display().to_string()],
            "{language}: the page beside the executable, once"
        );
        drop(tray);
    }
}

/// Whether a pop-up menu (a mapped override-redirect window taller than a
/// row) is on the screen.
#[cfg(target_os = "linux")]
fn a_menu_is_mapped(connection: &x11rb::rust_connection::RustConnection, root: u32) -> bool {
    use x11rb::protocol::xproto::{ConnectionExt as _, MapState};
    let Some(children) = connection
        .query_tree(root)
        .ok()
        .and_then(|cookie| cookie.reply().ok())
        .map(|tree| tree.children)
    else {
        return false;
    };
    children.into_iter().any(|window| {
        let attributes = connection
            .get_window_attributes(window)
            .ok()
            .and_then(|c| c.reply().ok());
        let geometry = connection.get_geometry(window).ok().and_then(|c| c.reply().ok());
        matches!((attributes, geometry), (Some(a), Some(g))
            if a.override_redirect && a.map_state == MapState::VIEWABLE && g.height > 100)
    })
}

/// Under Wine, `.html` opens (until dropped) with a command that writes
/// the file's path into `record`. Wine 8 reads associations from
/// HKLM\Software\Classes only (not the user's HKCU one), and a fresh prefix
/// has none for `.html`: what was there is put back. Not on a real
/// Windows: there the association is the person's own.
#[cfg(windows)]
struct RecordingHtmlHandler {
    /// The `.html` key's default value before, if it had one.
    before: Option<String>,
}

#[cfg(windows)]
impl RecordingHtmlHandler {
    const CLASS: &str = r"HKLM\Software\Classes\.html";
    const PROGID: &str = r"HKLM\Software\Classes\trayotp.test-browser";

    fn reg(args: &[&str]) -> std::process::Output {
        std::process::Command::new("reg").args(args).output().expect("reg runs")
    }

    fn install(record: &Path) -> Self {
        let query = Self::reg(&["query", Self::CLASS, "/ve"]);
        let before = query.status.success().then(|| {
            let text = String::from_utf8_lossy(&query.stdout).into_owned();
            text.lines()
                .find_map(|line| line.split_once("REG_SZ").map(|(_, value)| value.trim().to_string()))
                .unwrap_or_default()
        });
        let command = format!("cmd.exe /c echo %1>{}", record.display());
        for args in [
            ["add", Self::CLASS, "/ve", "/d", "trayotp.test-browser", "/f"],
            [
                "add",
                &format!(r"{}\shell\open\command", Self::PROGID),
                "/ve",
                "/d",
                &command,
                "/f",
            ],
        ] {
            assert!(Self::reg(&args).status.success(), "reg {args:?}");
        }
        RecordingHtmlHandler { before }
    }
}

#[cfg(windows)]
impl Drop for RecordingHtmlHandler {
    fn drop(&mut self) {
        let _ = Self::reg(&["delete", Self::PROGID, "/f"]);
        let _ = match &self.before {
            Some(value) => Self::reg(&["add", Self::CLASS, "/ve", "/d", value, "/f"]),
            None => Self::reg(&["delete", Self::CLASS, "/f"]),
        };
    }
}

/// The same through `ShellExecuteW` for the `.exe` under Wine: the menu is
/// popped up by starting trayotp again (as a person can; Wine does not pass
/// the icon's right click on), ↑ ↑ Enter choose 使い方 / Help.
#[cfg(windows)]
#[test]
fn under_wine_help_in_the_menu_opens_the_guide_page_of_the_users_language() {
    use common::input::tap;
    use windows_sys::Win32::UI::Input::KeyboardAndMouse::{VK_RETURN, VK_UP};
    if std::env::var_os("WINEPREFIX").is_none() {
        return; // On a real Windows the .html association is the person's own.
    }
    let _turn = clipboard_turn(); // the menu takes the keyboard while it is up
    for (language, page) in [("ja", "guide-ja.html"), ("en", "guide-en.html")] {
        let vault = TestVault::new();
        assert_ok(&vault.add("a", SEED_B32));
        std::fs::write(
            &vault.settings,
            vault.settings_text() + &format!("language = \"{language}\"\n"),
        )
        .expect("settings");
        let exe = release_beside_the_guides(&vault, env!("CARGO_BIN_EXE_trayotp-gui"));
        let record = vault.dir.path().join("opened.txt");
        let _handler = RecordingHtmlHandler::install(&record);
        let tray = Tray::start_with(&vault, vault.command_with(&exe));
        assert_ok(&vault.command().output().expect("second start"));
        std::thread::sleep(Duration::from_millis(1500));
        tap(VK_UP);
        tap(VK_UP);
        tap(VK_RETURN);
        let opened: Vec<String> = wait_for_opened(&record)
            .into_iter()
            .map(|line| line.trim().trim_matches('"').to_string())
            .collect();
        assert_eq!(
            opened,
            [exe.with_file_name(page).display().to_string()],
            "{language}: the page beside the executable, once"
        );
        drop(tray);
    }
}
