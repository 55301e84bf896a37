//! `trayotp autostart on|off|status` for real: the XDG autostart file on
//! Linux (in a temporary `$XDG_CONFIG_HOME`), and the `HKCU\…\Run` value
//! with Task Manager's `StartupApproved` flag under Wine (the Wine
//! prefix's own HKCU, cleaned up afterwards; on a real Windows these tests
//! do nothing, to leave the user's login entry alone).

use crate::common;

#[cfg(target_os = "linux")]
mod linux {
    use std::path::PathBuf;

    use super::common::tray::Tray;
    use super::common::*;

    fn desktop_file(vault: &TestVault) -> PathBuf {
        vault.xdg_config().join("autostart").join("trayotp.desktop")
    }

    fn exe() -> String {
        std::fs::canonicalize(env!("CARGO_BIN_EXE_trayotp"))
            .expect("the binary")
            .display()
            .to_string()
    }

    #[test]
    fn on_off_status_and_a_disabled_entry() {
        let vault = TestVault::new();
        let status = vault.run(&["autostart", "status"]);
        assert_ok(&status);
        assert_contains(&stdout(&status), "Start at login: off");

        let on = vault.run(&["autostart", "on"]);
        assert_ok(&on);
        assert_contains(&stdout(&on), "Start at login: on (");
        let file = desktop_file(&vault);
        let text = std::fs::read_to_string(&file).expect("the autostart file");
        assert_eq!(
            text,
            format!(
                "[Desktop Entry]\nType=Application\nName=trayotp\nComment=One-time passwords from the notification area\n\
                 Exec=\"{}\" --background\nTerminal=false\nX-GNOME-Autostart-enabled=true\n",
                exe()
            )
        );
        assert_contains(&stdout(&vault.run(&["autostart", "status"])), "Start at login: on");

        // Switched off in the desktop's startup applications: said, and `on` undoes it.
        std::fs::write(&file, text.replace("enabled=true", "enabled=false")).expect("write");
        assert_contains(
            &stdout(&vault.run(&["autostart", "status"])),
            "Start at login: disabled in your startup applications",
        );
        assert_ok(&vault.run(&["autostart", "on"]));
        assert_eq!(std::fs::read_to_string(&file).expect("file"), text);

        let off = vault.run(&["autostart", "off"]);
        assert_ok(&off);
        assert_contains(&stdout(&off), "Start at login: off");
        assert!(!file.exists());
        assert_ok(&vault.run(&["autostart", "off"])); // twice is fine
    }

    #[test]
    fn off_all_removes_the_entry_and_says_there_is_nothing_else_here() {
        let vault = TestVault::new();
        assert_ok(&vault.run(&["autostart", "on"]));
        let refused = vault.run(&["autostart", "on", "--all"]);
        assert_eq!(refused.status.code(), Some(1), "{refused:?}");
        assert_eq!(
            stderr(&refused),
            "trayotp: error: --all goes with off only: `trayotp autostart off --all`\n"
        );
        assert!(desktop_file(&vault).exists(), "a refused command changed nothing");
        let off = vault.run(&["autostart", "off", "--all"]);
        assert_ok(&off);
        assert_eq!(
            stdout(&off).lines().last(),
            Some("Notifications: nothing registered on this system.")
        );
        assert!(!desktop_file(&vault).exists());
    }

    #[test]
    fn the_tray_menu_shows_the_entry_and_follows_the_command_line() {
        let vault = TestVault::new();
        assert_ok(&vault.add("a", SEED_B32));
        let tray = Tray::start(&vault);
        assert!(tray.status().menu.contains(&"[ ] Start at login".to_string()));
        assert_ok(&vault.run(&["autostart", "on"]));
        tray.wait_for_status("the ticked item", |s| {
            s.menu.contains(&"[x] Start at login".to_string())
        });
        assert_ok(&vault.run(&["autostart", "off"]));
        tray.wait_for_status("the unticked item", |s| {
            s.menu.contains(&"[ ] Start at login".to_string())
        });
    }

    /// A tray of the *default* vault and settings (what the login entry
    /// starts: no --vault, no --config), inside the test's own XDG folders.
    fn default_tray(vault: &TestVault) -> Tray {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_trayotp"));
        command
            .env("XDG_DATA_HOME", vault.dir.path().join("xdg-data"))
            .env("XDG_CONFIG_HOME", vault.xdg_config())
            .env_remove("TRAYOTP_VAULT")
            .env_remove("TRAYOTP_CONFIG")
            .stdin(std::process::Stdio::null());
        Tray::start_with(vault, command)
    }

    #[test]
    fn an_entry_left_behind_by_a_move_is_repointed_at_start_and_another_copys_is_not() {
        let mut vault = TestVault::new();
        vault.path = vault.dir.path().join("xdg-data").join("trayotp").join("vault.trayotp");
        let settings = vault.xdg_config().join("trayotp").join("settings.toml");
        std::fs::create_dir_all(settings.parent().expect("dir")).expect("dir");
        std::fs::write(&settings, "hotkey = \"\"\n").expect("settings");
        let file = desktop_file(&vault);
        std::fs::create_dir_all(file.parent().expect("dir")).expect("dir");

        // Another copy that still exists: its entry, not ours to take.
        let other = trayotp::autostart::desktop_entry("/bin/true");
        std::fs::write(&file, &other).expect("write");
        let tray = default_tray(&vault);
        assert!(
            tray.status()
                .menu
                .contains(&"[ ] Start at login (set for a trayotp in another folder)".to_string()),
            "{:?}",
            tray.status()
        );
        drop(tray);
        assert_eq!(std::fs::read_to_string(&file).expect("file"), other);
        let status = vault.run(&["autostart", "status"]);
        assert_contains(&stdout(&status), "set for another trayotp");
        assert_contains(&stdout(&status), "runs /bin/true;");

        // This copy was moved: its old path is gone, the entry follows it.
        std::fs::write(&file, trayotp::autostart::desktop_entry("/gone/old place/trayotp")).expect("write");
        let tray = default_tray(&vault);
        assert!(tray.status().menu.contains(&"[x] Start at login".to_string()));
        drop(tray);
        assert_eq!(
            std::fs::read_to_string(&file).expect("file"),
            trayotp::autostart::desktop_entry(&exe())
        );
    }
}

#[cfg(windows)]
mod windows {
    use std::process::Command;

    use super::common::*;

    const RUN: &str = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Run";
    const APPROVED: &str = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run";

    /// `reg query KEY /v trayotp`, as printed (`None` if there is no value).
    fn reg_query(key: &str) -> Option<String> {
        let output = output_of(Command::new("reg").args(["query", key, "/v", "trayotp"])).expect("reg.exe runs");
        let text = String::from_utf8_lossy(&output.stdout).replace("\r\n", "\n");
        println!("reg query {key} /v trayotp:\n{text}");
        output.status.success().then_some(text)
    }

    fn reg_delete(key: &str) {
        let _ = output_of(Command::new("reg").args(["delete", key, "/v", "trayotp", "/f"]));
    }

    /// The prefix's Run value is one for all tests: those that change it
    /// (`autostart off --all` deletes it too) take turns.
    static RUN_VALUE: std::sync::Mutex<()> = std::sync::Mutex::new(());

    fn run_value_turn() -> std::sync::MutexGuard<'static, ()> {
        RUN_VALUE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Leaves the prefix's registry as it was, whatever happens.
    struct CleanUp;

    impl Drop for CleanUp {
        fn drop(&mut self) {
            reg_delete(RUN);
            reg_delete(APPROVED);
        }
    }

    fn run_exe(vault: &TestVault, exe: &std::path::Path, args: &[&str]) -> std::process::Output {
        output_of(vault.command_with(exe).args(args)).expect("trayotp runs")
    }

    #[test]
    fn run_value_on_off_status_task_manager_and_a_moved_copy() {
        if std::env::var_os("WINEPREFIX").is_none() {
            return; // on a real Windows, leave the user's login entry alone
        }
        let _turn = run_value_turn();
        let _clean = CleanUp;
        reg_delete(RUN);
        reg_delete(APPROVED);
        let vault = TestVault::new();

        // A copy of trayotp.exe in a folder whose name has spaces.
        let folder = vault.dir.path().join("My Programs (x86)").join("trayotp folder");
        std::fs::create_dir_all(&folder).expect("folder");
        let exe = folder.join("trayotp.exe");
        std::fs::copy(env!("CARGO_BIN_EXE_trayotp"), &exe).expect("copy the exe");
        let exe_text = exe.display().to_string();

        let status = run_exe(&vault, &exe, &["autostart", "status"]);
        assert_ok(&status);
        assert_contains(&stdout(&status), "Start at login: off");
        assert_eq!(reg_query(RUN), None);

        let on = run_exe(&vault, &exe, &["autostart", "on"]);
        assert_ok(&on);
        assert_contains(&stdout(&on), "Start at login: on (");
        let query = reg_query(RUN).expect("the Run value");
        assert_contains(&query, &format!("trayotp    REG_SZ    \"{exe_text}\" --background"));
        assert_contains(
            &stdout(&run_exe(&vault, &exe, &["autostart", "status"])),
            "Start at login: on",
        );

        // Disabled in Task Manager: said truthfully; `on` enables it again.
        let added = output_of(Command::new("reg").args([
            "add",
            APPROVED,
            "/v",
            "trayotp",
            "/t",
            "REG_BINARY",
            "/d",
            "030000000000000000000000",
            "/f",
        ]))
        .expect("reg add");
        assert!(added.status.success());
        let status = run_exe(&vault, &exe, &["autostart", "status"]);
        assert_contains(&stdout(&status), "Start at login: disabled in Task Manager");
        assert_ok(&run_exe(&vault, &exe, &["autostart", "on"]));
        assert_contains(
            &reg_query(APPROVED).expect("kept, enabled"),
            "REG_BINARY    020000000000000000000000",
        );
        assert_contains(
            &stdout(&run_exe(&vault, &exe, &["autostart", "status"])),
            "Start at login: on",
        );

        // The copy moves away: the original exe sees an entry for another trayotp.
        std::fs::remove_file(&exe).expect("the copy moves away");
        let status = vault.run(&["autostart", "status"]);
        assert_contains(&stdout(&status), "set for another trayotp");
        assert_contains(&stdout(&status), &exe_text);
        assert_ok(&vault.run(&["autostart", "on"]));
        let here = std::path::absolute(env!("CARGO_BIN_EXE_trayotp")).expect("path");
        let query = reg_query(RUN).expect("the Run value");
        assert!(
            query
                .to_lowercase()
                .contains(&format!("\"{}\" --background", here.display()).to_lowercase()),
            "{query}"
        );

        let off = vault.run(&["autostart", "off"]);
        assert_ok(&off);
        assert_contains(&stdout(&off), "Start at login: off");
        assert_eq!(reg_query(RUN), None, "the Run value is gone");
        assert_eq!(reg_query(APPROVED), None, "and its StartupApproved flag");
    }

    /// Toasts without the installer (`platform::app_identity`): a tray with
    /// no Start-menu shortcut carrying its ID registers it (Wine's shortcuts
    /// never carry one), with the icon in the vault's folder; `autostart off
    /// --all` removes both.
    #[test]
    fn the_tray_registers_its_app_user_model_id_and_off_all_removes_it() {
        if std::env::var_os("WINEPREFIX").is_none() {
            return; // on a real Windows, leave the user's registry alone
        }
        let _turn = run_value_turn();
        const KEY: &str = r"HKCU\Software\Classes\AppUserModelId\trayotp.trayotp";
        let query = |value: &str| -> Option<String> {
            let output = output_of(Command::new("reg").args(["query", KEY, "/v", value])).expect("reg.exe runs");
            let text = String::from_utf8_lossy(&output.stdout).replace("\r\n", "\n");
            output.status.success().then(|| {
                text.lines()
                    .find_map(|line| line.trim().strip_prefix(value).map(|rest| rest.trim().to_string()))
                    .unwrap_or_default()
            })
        };
        let _ = output_of(Command::new("reg").args(["delete", KEY, "/f"]));
        let vault = TestVault::new();
        assert_ok(&vault.add("a", SEED_B32));
        let tray = super::common::tray::Tray::start(&vault);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while query("DisplayName").is_none() {
            assert!(
                std::time::Instant::now() < deadline,
                "no {KEY} 30 s after the tray started"
            );
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
        assert_eq!(query("DisplayName").as_deref(), Some("REG_SZ    trayotp"));
        let icon = vault.path.parent().expect("the vault's folder").join("toast-icon.png");
        let uri = query("IconUri").expect("IconUri");
        assert!(uri.ends_with("toast-icon.png"), "{uri}");
        assert_eq!(&std::fs::read(&icon).expect("the icon")[..4], b"\x89PNG");
        drop(tray);
        let off = vault.run(&["autostart", "off", "--all"]);
        assert_ok(&off);
        assert_contains(
            &stdout(&off),
            "Notifications: removed HKEY_CURRENT_USER\\Software\\Classes\\AppUserModelId\\trayotp.trayotp",
        );
        assert!(query("DisplayName").is_none(), "the key is still there");
        assert!(!icon.exists(), "the icon is still there");
    }
}
