//! The tray menu's 「使い方」 / "Help", chosen for real in the popped-up menu
//! with the keyboard: the guide of the user's language, the HTML page the
//! release puts beside the executable (`guide::locate`), is handed to the
//! system's own opener. On Linux that is the real `xdg-open`, whose default
//! program for `text/html` is, in a scratch `XDG_CONFIG_HOME` and
//! `XDG_DATA_HOME`, a script that writes down the file it was given.

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
