//! The forms as a screen reader sees them (Linux, AT-SPI): under Xvfb with
//! the accessibility bus of the session bus (at-spi2-core's
//! at-spi-bus-launcher, started on demand), `tests/a11y/dump.py` reads the
//! "Add account" window through pyatspi, the library Orca is built on, and
//! listens for what its live regions announce.

#![cfg(target_os = "linux")]

use crate::common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::a11y::turn_on_accessibility;
use common::*;

/// The reader looks at the one application called "trayotp" on the bus:
/// the tests take turns.
static ONE_WINDOW: Mutex<()> = Mutex::new(());

fn turn() -> std::sync::MutexGuard<'static, ()> {
    ONE_WINDOW.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn add_window(vault: &TestVault, lang: &str) -> Background {
    Background(
        vault
            .command()
            .args(["window", "add", "--lang", lang])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("window starts"),
    )
}

/// The reader's output so far, gathered as it comes.
struct Reader {
    _process: Background,
    lines: Arc<Mutex<Vec<String>>>,
}

impl Reader {
    /// `dump.py trayotp-gui SECONDS [listen]`.
    fn start(seconds: u32, listen: bool) -> Self {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/a11y/dump.py");
        let mut command = Command::new("/usr/bin/python3");
        // AccessKit names the application after its executable's file: the
        // forms run in the GUI executable, `trayotp-gui` (see src/cli/gui.rs).
        command.arg(script).arg("trayotp-gui").arg(seconds.to_string());
        if listen {
            command.arg("listen");
        }
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("/usr/bin/python3 with python3-pyatspi");
        let lines = Arc::new(Mutex::new(Vec::new()));
        if let Some(out) = child.stdout.take() {
            let lines = lines.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(out).lines().map_while(Result::ok) {
                    lines.lock().unwrap_or_else(|p| p.into_inner()).push(line);
                }
            });
        }
        Reader {
            _process: Background(child),
            lines,
        }
    }

    fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Waits (bounded) for a line starting with `prefix`.
    fn wait_for(&self, prefix: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(45);
        loop {
            if let Some(line) = self.lines().into_iter().find(|l| l.starts_with(prefix)) {
                return line;
            }
            assert!(
                Instant::now() < deadline,
                "the screen reader never got {prefix:?}; it read:\n{}",
                self.lines().join("\n")
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

/// The role and name a screen reader reads for a node (its states follow).
fn node(role: &str, name: &str) -> String {
    format!("{role}\t{name}\t")
}

#[test]
fn the_add_form_names_its_fields_and_buttons_for_screen_readers_in_both_languages() {
    let _turn = turn();
    turn_on_accessibility();
    for (lang, name, key, register) in [
        ("ja", "表示名", "ワンタイムパスワード設定用番号", "登録"),
        ("en", "Display name", "Setup number", "Register"),
    ] {
        let vault = TestVault::new();
        let window = add_window(&vault, lang);
        let reader = Reader::start(40, false);
        let field = reader.wait_for(&node("entry", name));
        assert!(field.contains("editable"), "{field}");
        // The setup number is masked: a password field, named all the same.
        reader.wait_for(&node("password text", key));
        reader.wait_for(&node("push button", register));
        drop((window, reader));
    }
}

#[test]
fn an_error_under_a_field_is_announced() {
    let _turn = turn();
    turn_on_accessibility();
    let vault = TestVault::new();
    let _window = add_window(&vault, "en");
    let reader = Reader::start(30, true);
    reader.wait_for("listening");
    let window = common::xwindow::wait_for_window("Add account — trayotp");
    common::xwindow::focus(&window);
    common::xwindow::type_text("Taro");
    common::xwindow::keys(&["Tab"]);
    common::xwindow::type_text("GEZD GNBV GY3T QOJ8");
    let heard = reader.wait_for("announcement\t");
    // Assertive (2), and the sentence shown under the field.
    assert!(
        heard.starts_with("announcement\t2\tCharacter 19 ('8') cannot be in a setup number"),
        "{heard}"
    );
}
