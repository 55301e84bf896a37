//! Japanese typed through a real input method: fcitx5 with fcitx5-mozc
//! (the Mozc engine and its `mozc_server`), on an X display of the test's
//! own (Xvfb), talking to the Add form over XIM, the protocol winit (egui's
//! window layer) speaks on X11 when `XMODIFIERS=@im=fcitx`. xdotool types
//! romaji as a person would, converts with Space and commits with Enter.
//! The display name field then holds 「三菱 太郎」 as a screen reader reads
//! it (AT-SPI, `tests/a11y/field_text.py`). While the candidate list is
//! open, the test reads fcitx5's candidate window's place and checks it
//! sits at the display name field, under the text cursor. Then it types the
//! setup number (where the form keeps the input method off: no candidate
//! window may show it) and registers with Enter: the vault holds the name.
//!
//! Mozc's server refuses to run as root (it exits at once when its
//! effective user id is 0, and fcitx5 then waits for it for good): run as
//! root, the test starts fcitx5 as the user `nobody`, in a home of its own.
//! XIM goes through the X server, so the form (root) and fcitx5 (nobody)
//! need no shared bus or socket.

#![cfg(target_os = "linux")]

use crate::common;

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::a11y::turn_on_accessibility;
use common::*;

const ADD_JA: &str = "アカウントの追加 — trayotp";
/// Half-width space between the family and the given name: the issue's
/// 「三菱 太郎」 and the form's own hint (例: 三菱 太郎). Mozc inserts it with
/// Shift+Space (its "alternate space"; a plain Space in hiragana mode would
/// give the full-width U+3000, kept as typed).
const NAME: &str = "三菱 太郎";
const SETUP_NUMBER: &str = "JBSWY3DPEHPK3PXP";
/// fcitx5's classic UI: one window for the preedit and the candidates.
const CANDIDATE_WINDOW: &str = "Fcitx5 Input Window";

/// A virtual X display of this test alone (no other test types into it).
struct Display {
    server: Child,
    name: String,
}

impl Display {
    fn start() -> Self {
        let mut server = Command::new("Xvfb")
            .args(["-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb (package xvfb) starts");
        let mut number = String::new();
        if let Some(out) = server.stdout.take() {
            let _ = BufReader::new(out).read_line(&mut number);
        }
        let number = number.trim().to_string();
        assert!(!number.is_empty(), "Xvfb said no display number");
        Display {
            server,
            name: format!(":{number}"),
        }
    }

    fn command(&self, program: &str) -> Command {
        let mut command = Command::new(program);
        command.env("DISPLAY", &self.name);
        command
    }

    fn run(&self, program: &str, args: &[&str]) -> Output {
        self.command(program)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|error| panic!("{program} runs: {error}"))
    }

    fn xdotool(&self, args: &[&str]) -> String {
        let out = self.run("xdotool", args);
        assert!(
            out.status.success(),
            "xdotool {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Visible top-level windows whose title is exactly `title`.
    fn windows_named(&self, title: &str) -> Vec<Window> {
        let tree = self.run("xwininfo", &["-root", "-children"]);
        String::from_utf8_lossy(&tree.stdout)
            .lines()
            .filter_map(|line| line.trim().split_once(' '))
            .filter(|(id, rest)| id.starts_with("0x") && rest.starts_with(&format!("\"{title}\"")))
            .filter_map(|(id, _)| self.window(id))
            .filter(|window| window.viewable)
            .collect()
    }

    fn window(&self, id: &str) -> Option<Window> {
        let info = self.run("xwininfo", &["-id", id]);
        let text = String::from_utf8_lossy(&info.stdout);
        let field = |label: &str| {
            text.lines()
                .find_map(|line| line.trim().strip_prefix(label))
                .and_then(|value| value.trim().parse::<i32>().ok())
        };
        Some(Window {
            id: id.to_string(),
            x: field("Absolute upper-left X:")?,
            y: field("Absolute upper-left Y:")?,
            width: field("Width:")?,
            height: field("Height:")?,
            viewable: text.contains("Map State: IsViewable"),
        })
    }

    /// Waits (bounded) for a visible window titled `title`.
    fn wait_for(&self, title: &str, what: &str) -> Window {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(window) = self.windows_named(title).pop() {
                return window;
            }
            assert!(Instant::now() < deadline, "{what}: no window {title:?} appeared");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits (bounded) for Mozc's candidate list: fcitx5's window, taller
    /// than it was for the few suggestions shown while typing.
    fn wait_for_list(&self, suggestions_height: i32) -> Window {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let windows = self.windows_named(CANDIDATE_WINDOW);
            if let Some(list) = windows.iter().find(|w| w.height > suggestions_height + 50) {
                return list.clone();
            }
            assert!(
                Instant::now() < deadline,
                "no candidate list opened for tarou (fcitx5's windows: {windows:?})"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits (bounded) until no visible window is titled `title`.
    fn wait_gone(&self, title: &str, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while !self.windows_named(title).is_empty() {
            assert!(Instant::now() < deadline, "{what}: the window {title:?} stayed open");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Presses keys (xdotool's names) one after the other.
    fn keys(&self, keys: &[&str]) {
        for key in keys {
            self.xdotool(&["key", key]);
            std::thread::sleep(Duration::from_millis(300));
        }
    }

    fn type_text(&self, text: &str) {
        self.xdotool(&["type", "--delay", "80", text]);
        std::thread::sleep(Duration::from_millis(300));
    }

    /// A picture of the screen, cut to the part that `windows` cover.
    fn screenshot(&self, path: &Path, windows: &[&Window]) {
        let left = windows.iter().map(|w| w.x).min().unwrap_or(0);
        let top = windows.iter().map(|w| w.y).min().unwrap_or(0);
        let right = windows.iter().map(|w| w.x + w.width).max().unwrap_or(0);
        let bottom = windows.iter().map(|w| w.y + w.height).max().unwrap_or(0);
        let area = format!("{}x{}+{left}+{top}", right - left, bottom - top);
        let out = self
            .command("import")
            .args(["-window", "root", "-crop", &area, "+repage"])
            .arg(path)
            .output();
        assert!(
            out.is_ok_and(|out| out.status.success()),
            "import (ImageMagick) could not take {}",
            path.display()
        );
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

#[derive(Debug)]
struct Rect {
    x: i32,
    y: i32,
    width: i32,
    height: i32,
}

#[derive(Debug, Clone)]
struct Window {
    id: String,
    x: i32,
    y: i32,
    width: i32,
    height: i32,
    viewable: bool,
}

/// fcitx5 with Mozc as the active input method, on `display`, in a home of
/// its own; its whole process group (fcitx5 and the `mozc_server` it
/// starts) is ended when dropped.
struct InputMethod {
    process: Child,
    log: PathBuf,
    _home: tempfile::TempDir,
}

/// The profile: Mozc in the default group (after the keyboard, as fcitx5
/// wants), Mozc the group's input method when active, active from the
/// start; Ctrl+Space toggles it (the trigger key), as 半角/全角 would.
const PROFILE: &str = "[Groups/0]\nName=Default\nDefault Layout=us\nDefaultIM=mozc\n\n\
[Groups/0/Items/0]\nName=keyboard-us\nLayout=\n\n\
[Groups/0/Items/1]\nName=mozc\nLayout=\n\n\
[GroupOrder]\n0=Default\n";
const CONFIG: &str = "[Hotkey/TriggerKeys]\n0=Control+space\n\n\
[Behavior]\nActiveByDefault=True\nShareInputState=All\n";

/// The user id fcitx5 runs as: ours, or `nobody`'s when we are root (Mozc's
/// server will not run as root).
fn input_method_user() -> Option<(u32, u32)> {
    let id = |args: &[&str]| {
        let out = Command::new("id").args(args).output().expect("id runs");
        String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse::<u32>()
            .expect("id prints a number")
    };
    (id(&["-u"]) == 0).then(|| (id(&["-u", "nobody"]), id(&["-g", "nobody"])))
}

impl InputMethod {
    fn start(display: &Display) -> Self {
        let home = tempfile::tempdir().expect("home for fcitx5");
        let config = home.path().join(".config").join("fcitx5");
        std::fs::create_dir_all(&config).expect("fcitx5 config folder");
        std::fs::write(config.join("profile"), PROFILE).expect("fcitx5 profile");
        std::fs::write(config.join("config"), CONFIG).expect("fcitx5 config");
        let user = input_method_user();
        if let Some((uid, gid)) = user {
            for path in [
                home.path().to_path_buf(),
                home.path().join(".config"),
                config.clone(),
                config.join("profile"),
                config.join("config"),
            ] {
                std::os::unix::fs::chown(&path, Some(uid), Some(gid)).expect("chown to nobody");
            }
        }
        let log = home.path().join("fcitx5.log");
        let log_file = std::fs::File::create(&log).expect("fcitx5 log");
        let mut command = display.command("fcitx5");
        command
            // No D-Bus: XIM is all the form needs, and a bus of another
            // user's would refuse fcitx5 anyway. Nor the Wayland, tray-icon
            // and notification parts.
            .arg("--disable=dbus,dbusfrontend,ibusfrontend,fcitx4frontend,kimpanel,notificationitem,notifications,wayland,waylandim")
            .env_clear()
            .env("DISPLAY", &display.name)
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join(".config"))
            .env("XDG_DATA_HOME", home.path().join(".local/share"))
            .env("XDG_CACHE_HOME", home.path().join(".cache"))
            .env("XDG_RUNTIME_DIR", home.path())
            .env("PATH", "/usr/bin:/bin")
            .env("LANG", "C.UTF-8")
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().expect("log file"))
            .stderr(log_file)
            .process_group(0);
        if let Some((uid, gid)) = user {
            command.uid(uid).gid(gid);
        }
        let process = command.spawn().expect("fcitx5 (packages fcitx5, fcitx5-mozc) starts");
        let input_method = InputMethod {
            process,
            log,
            _home: home,
        };
        // fcitx5 loads Mozc last, once Mozc's server answers.
        let deadline = Instant::now() + Duration::from_secs(60);
        while !input_method.log_text().contains("Loaded addon mozc") {
            assert!(
                Instant::now() < deadline,
                "fcitx5 did not load Mozc within 60 s; its log:\n{}",
                input_method.log_text()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        input_method
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl InputMethod {
    /// Sends `signal` to fcitx5's process group: fcitx5 and the mozc_server
    /// it started (the shell's own `kill` takes a group as `-PGID`;
    /// nobody's processes are ours to end, as root).
    fn signal_group(&self, signal: &str) {
        let group = format!("-{}", self.process.id());
        let _ = Command::new("sh")
            .args(["-c", &format!("kill -{signal} \"$0\""), &group])
            .stderr(Stdio::null())
            .status();
    }
}

impl Drop for InputMethod {
    fn drop(&mut self) {
        self.signal_group("TERM");
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.process.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        self.signal_group("KILL");
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// The Add form on `display`, with the input method's XIM server named.
fn add_form(vault: &TestVault, display: &Display) -> Background {
    Background(
        vault
            .command()
            .args(["--protector", "passphrase", "window", "add", "--lang", "ja"])
            .env("DISPLAY", &display.name)
            .env("XMODIFIERS", "@im=fcitx")
            .env("LC_ALL", "C.UTF-8")
            .env_remove("WAYLAND_DISPLAY")
            .env("XDG_SESSION_TYPE", "x11")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("trayotp window add starts"),
    )
}

/// The form's field named `field` as a screen reader finds it (AT-SPI):
/// its place on the screen, and its text.
fn read_field(field: &str) -> (Rect, String) {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/a11y/field_text.py");
    let out = Command::new("/usr/bin/python3")
        .args([script, "trayotp-gui", field, "30"])
        .stdin(Stdio::null())
        .output()
        .expect("/usr/bin/python3 with python3-pyatspi");
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{said}");
    let (place, text) = said.split_once('\n').unwrap_or((&said, ""));
    let numbers: Vec<i32> = place.split(' ').filter_map(|n| n.parse().ok()).collect();
    let [x, y, width, height] = numbers[..] else {
        panic!("field_text.py said no place: {said:?}");
    };
    (Rect { x, y, width, height }, text.trim_end_matches('\n').to_string())
}

fn listed(vault: &TestVault) -> String {
    String::from_utf8_lossy(&vault.run(&["list"]).stdout).into_owned()
}

#[test]
fn a_name_typed_in_romaji_through_mozc_is_converted_in_the_field_and_registered() {
    turn_on_accessibility();
    let display = Display::start();
    let input_method = InputMethod::start(&display);
    let vault = TestVault::new();
    let _form = add_form(&vault, &display);
    let form = display.wait_for(ADD_JA, "the Add form");
    // No window manager: give the form the keyboard once it has drawn (it
    // opens with the cursor in the display name).
    std::thread::sleep(Duration::from_millis(1500));
    display.xdotool(&["windowfocus", "--sync", &form.id]);
    std::thread::sleep(Duration::from_millis(500));

    // 「みつびし」, then Space: 三菱; Enter commits it into the field.
    display.type_text("mitsubishi");
    let at_start = display.wait_for(CANDIDATE_WINDOW, "typing mitsubishi through Mozc");
    display.keys(&["space"]);
    display.keys(&["Return"]);
    display.wait_gone(CANDIDATE_WINDOW, "committing 三菱");

    // The half-width space, then 「たろう」: Space converts, a second Space
    // opens the candidate list, 1 picks 太郎, Enter commits.
    display.keys(&["shift+space"]);
    display.type_text("tarou");
    display.keys(&["space", "space"]);
    let candidates = display.wait_for_list(at_start.height);
    let shot = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("ime-mozc-candidates-ja-linux.png");
    display.screenshot(&shot, &[&form, &candidates]);
    println!("candidate list open: {}", shot.display());
    display.keys(&["1", "Return"]);
    display.wait_gone(CANDIDATE_WINDOW, "committing 太郎");
    let (field, text) = read_field("表示名");
    assert_eq!(text, NAME, "the display name field after the conversions");

    // The candidate window sits at the display name field: its top left
    // corner within the field (fcitx5 draws it just under the text cursor
    // that egui hands to the input method), and it moved right with the
    // cursor, past 「三菱 」.
    println!("field {field:?}\nat start {at_start:?}\ncandidates {candidates:?}");
    for (what, window) in [("at the start", &at_start), ("after 三菱", &candidates)] {
        assert!(
            (field.x..field.x + field.width).contains(&window.x)
                && (field.y..field.y + field.height + 10).contains(&window.y),
            "the candidate window {what} ({window:?}) is not at the display name field {field:?}"
        );
    }
    assert!(
        candidates.x >= at_start.x + 20,
        "the candidate window did not follow the text cursor past 三菱: {at_start:?} then {candidates:?}"
    );

    // The setup number: to it with Tab, typed with Mozc still on. The form
    // turns the input method off there: no candidate window shows the
    // masked setup number in clear, and the letters reach the field as
    // typed (else Mozc would hold them as 「Jb…」 and nothing would register).
    display.keys(&["Tab"]);
    display.type_text(SETUP_NUMBER);
    std::thread::sleep(Duration::from_millis(500));
    let shown = display.windows_named(CANDIDATE_WINDOW);
    assert!(shown.is_empty(), "the input method took the setup number: {shown:?}");
    display.keys(&["Return"]);
    let deadline = Instant::now() + Duration::from_secs(30);
    while listed(&vault).is_empty() {
        assert!(
            Instant::now() < deadline,
            "nothing was registered; fcitx5's log:\n{}",
            input_method.log_text()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let names = listed(&vault);
    assert_eq!(
        names.lines().collect::<Vec<_>>(),
        [NAME],
        "the vault's names: {names:?}"
    );
    drop(input_method);
}

/// zenity's text entry on `display`, its GTK talking XIM to fcitx5; returns
/// the process (its stdout piped) and its window.
fn zenity_entry(display: &Display, title: &str) -> (Background, String) {
    let child = Background(
        display
            .command("zenity")
            .args(["--entry", "--title", title, "--text", "Code:"])
            .env("XMODIFIERS", "@im=fcitx")
            .env("GTK_IM_MODULE", "xim")
            .env("LC_ALL", "C.UTF-8")
            .env("NO_AT_BRIDGE", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("zenity (package zenity) starts"),
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let found = display.run("xdotool", &["search", "--onlyvisible", "--name", title]);
        if let Some(id) = String::from_utf8_lossy(&found.stdout).lines().next() {
            return (child, id.to_string());
        }
        assert!(Instant::now() < deadline, "no zenity window {title:?}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Enter in the entry: zenity prints its text and ends.
fn entry_text(display: &Display, mut entry: Background) -> String {
    display.keys(&["Return"]);
    let deadline = Instant::now() + Duration::from_secs(10);
    while entry.0.try_wait().ok().flatten().is_none() {
        assert!(
            Instant::now() < deadline,
            "zenity did not end on Enter: something is left in composition"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let mut text = String::new();
    if let Some(mut out) = entry.0.stdout.take() {
        let _ = std::io::Read::read_to_string(&mut out, &mut text);
    }
    text.trim_end_matches('\n').to_string()
}

#[test]
fn the_hotkey_types_and_pastes_half_width_digits_through_mozc_in_hiragana_mode() {
    let display = Display::start();
    let input_method = InputMethod::start(&display);
    let vault = TestVault::new();
    assert_ok(&vault.add("first", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"));
    assert_ok(&vault.run(&["settings", "set", "hotkey", "Ctrl+Alt+K"]));
    let toasts = common::toasts::Toasts::watch();
    let mut command = vault.command();
    command
        .env("DISPLAY", &display.name)
        .env_remove("WAYLAND_DISPLAY")
        .env("XDG_SESSION_TYPE", "x11");
    let tray = common::tray::Tray::start_with(&vault, command);
    assert_eq!(tray.status().hotkey.as_deref(), Some("Ctrl+Alt+K"));

    for (round, action) in ["type", "paste"].into_iter().enumerate() {
        assert_ok(&vault.run(&["settings", "set", "hotkey_action", action]));
        let (entry, window) = zenity_entry(&display, &format!("ime {action}"));
        std::thread::sleep(Duration::from_millis(1500));
        display.xdotool(&["windowfocus", "--sync", &window]);
        std::thread::sleep(Duration::from_millis(500));
        // Mozc is on, in hiragana mode: a digit typed on the keyboard starts
        // a composition (fcitx5's window shows it); Escape drops it.
        display.keys(&["1"]);
        display.wait_for(CANDIDATE_WINDOW, "a digit typed with Mozc on");
        display.keys(&["Escape"]);
        display.wait_gone(CANDIDATE_WINDOW, "Escape in the composition");

        // The hotkey, Ctrl+Alt held 300 ms after K.
        display.xdotool(&["keydown", "ctrl+alt"]);
        display.xdotool(&["key", "k"]);
        std::thread::sleep(Duration::from_millis(300));
        display.xdotool(&["keyup", "alt+ctrl"]);
        let deadline = Instant::now() + Duration::from_secs(15);
        while toasts.text().matches("Typed first's code (").count() <= round {
            assert!(
                Instant::now() < deadline,
                "{action}: no toast said the code was typed; fcitx5's log:\n{}",
                input_method.log_text()
            );
            std::thread::sleep(Duration::from_millis(150));
        }
        std::thread::sleep(Duration::from_millis(500));
        assert!(
            display.windows_named(CANDIDATE_WINDOW).is_empty(),
            "{action}: the digits were left in Mozc's composition"
        );
        let text = entry_text(&display, entry);
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock")
            .as_secs();
        let codes: Vec<String> = [now, now - 60]
            .iter()
            .map(|at| {
                stdout(&vault.run(&["code", "first", "--at", &at.to_string()]))
                    .trim()
                    .to_string()
            })
            .collect();
        assert!(
            codes.contains(&text),
            "{action}: the entry holds {text:?} (half-width digits wanted: {codes:?})"
        );
    }
    drop(tray);
    drop(input_method);
}
