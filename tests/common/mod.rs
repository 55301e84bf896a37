//! Helpers shared by the end-to-end tests: run the real `trayotp` binary
//! (natively, or the .exe under Wine) against a vault in a temp folder.

#[cfg(target_os = "linux")]
pub mod a11y;
#[cfg(windows)]
pub mod input;
pub mod interop;
pub mod sntp;
#[cfg(target_os = "linux")]
pub mod toasts;
pub mod tray;
#[cfg(target_os = "linux")]
pub mod xwindow;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const PASSPHRASE: &str = "correct horse battery staple";
/// RFC 6238's SHA-1 seed "12345678901234567890".
pub const SEED_B32: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

pub struct TestVault {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
    /// Its settings file (`--config`); it starts with the hotkey off, so
    /// that trays running side by side do not fight over one combination,
    /// and the backup reminder off, so that its toast and menu mark appear
    /// only in the tests about it (`backup_reminder_days`), and the clock
    /// check off, so that only the clock tests ask a time server (their own,
    /// on 127.0.0.1: `time_check`, `time_servers`).
    pub settings: PathBuf,
}

impl TestVault {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("data").join("vault.trayotp");
        let settings = dir.path().join("config").join("settings.toml");
        std::fs::create_dir_all(dir.path().join("config")).expect("config dir");
        std::fs::write(
            &settings,
            "hotkey = \"\"\nbackup_reminder_days = 0\ntime_check = \"off\"\n",
        )
        .expect("settings");
        Self { dir, path, settings }
    }

    /// Its own local (per-machine) folder, `TRAYOTP_LOCAL_DIR`: where the
    /// clock measurement is kept, so that tests side by side do not share one.
    pub fn local_dir(&self) -> PathBuf {
        self.dir.path().join("local")
    }

    /// The folder that stands for `$XDG_CONFIG_HOME` (Linux autostart).
    pub fn xdg_config(&self) -> PathBuf {
        self.dir.path().join("xdg-config")
    }

    /// Its log file (`TRAYOTP_LOG`), so that trays running side by side
    /// do not write into the user's.
    pub fn log(&self) -> PathBuf {
        self.dir.path().join("logs").join("trayotp.log")
    }

    pub fn settings_text(&self) -> String {
        std::fs::read_to_string(&self.settings).expect("settings file")
    }

    pub fn backup(&self) -> PathBuf {
        self.path.with_file_name("vault.trayotp.bak")
    }

    /// `trayotp --vault <this vault>` with the test passphrase in the
    /// environment and nothing inherited that could point elsewhere: its
    /// own settings file, and (Linux) its own autostart folder.
    pub fn command(&self) -> Command {
        self.command_with(env!("CARGO_BIN_EXE_trayotp"))
    }

    /// [`TestVault::command`] for another copy of the program.
    pub fn command_with(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut command = Command::new(program);
        command
            .arg("--vault")
            .arg(&self.path)
            .env("TRAYOTP_CONFIG", &self.settings)
            .env("XDG_CONFIG_HOME", self.xdg_config())
            .env("TRAYOTP_LOCAL_DIR", self.local_dir())
            .env("TRAYOTP_LOG", self.log())
            .env("TRAYOTP_PASSPHRASE", PASSPHRASE)
            .env_remove("TRAYOTP_BACKUP_PASSPHRASE")
            .env_remove("TRAYOTP_VAULT")
            .stdin(Stdio::null());
        command
    }

    pub fn run(&self, args: &[&str]) -> Output {
        output_of(self.command().args(args)).expect("trayotp runs")
    }

    pub fn run_with_stdin(&self, args: &[&str], stdin: &str) -> Output {
        run_with_stdin(self.command().args(args), stdin)
    }

    /// Adds an account with a passphrase-protected vault, key via stdin.
    pub fn add(&self, name: &str, key: &str) -> Output {
        self.run_with_stdin(&["--protector", "passphrase", "add", name], key)
    }

    /// Adds an account whose codes live `period` seconds (passphrase vault).
    pub fn add_with_period(&self, name: &str, key: &str, period: u32) -> Output {
        let period = period.to_string();
        self.run(&[
            "--protector",
            "passphrase",
            "add",
            name,
            "--key",
            key,
            "--period",
            &period,
        ])
    }

    pub fn bytes(&self) -> Vec<u8> {
        std::fs::read(&self.path).expect("vault exists")
    }
}

/// A background process (a monitor, a helper) killed when dropped.
pub struct Background(pub std::process::Child);

impl Drop for Background {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `command.output()`, started again when Wine's CreateProcess fails with
/// ERROR_INTERNAL_ERROR (1359), as it now and then does under load before
/// the program runs (a Windows `reg.exe` as much as trayotp).
pub fn output_of(command: &mut Command) -> std::io::Result<Output> {
    let mut attempts = 0;
    loop {
        match command.output() {
            Err(error) if error.raw_os_error() == Some(1359) && cfg!(windows) && attempts < 3 => attempts += 1,
            result => return result,
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}

pub fn run_with_stdin(command: &mut Command, stdin: &str) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("trayotp starts");
    child
        .stdin
        .take()
        .expect("stdin piped")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("trayotp finishes")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).replace("\r\n", "\n")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).replace("\r\n", "\n")
}

/// Asserts success, showing stderr if not.
pub fn assert_ok(output: &Output) {
    assert!(
        output.status.success(),
        "expected success, got {:?}: {}",
        output.status,
        stderr(output)
    );
}

/// Asserts a failure reported as exactly one line on stderr that contains
/// `needle`, and returns that line.
pub fn assert_one_line_error(output: &Output, needle: &str) -> String {
    assert!(
        !output.status.success(),
        "expected failure, got success: {}",
        stdout(output)
    );
    let err = stderr(output);
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "expected one line on stderr, got: {err:?}");
    assert!(lines[0].contains(needle), "expected {needle:?} in {:?}", lines[0]);
    lines[0].to_string()
}

/// Asserts that `text` (an output) contains `needle`, showing it if not.
pub fn assert_contains(text: &str, needle: &str) {
    assert!(text.contains(needle), "expected {needle:?} in {text:?}");
}

pub fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
