//! "Start at login", decided without touching the OS: what the login entry
//! must say, whether the one found is ours, turned off by the user, or
//! pointing at another copy of trayotp, and whether to repair it.
//!
//! The entry is exactly what the installer writes: on Windows the value
//! `app_id::RUN_VALUE_NAME` under `HKCU\…\CurrentVersion\Run`, holding
//! `"C:\…\trayotp.exe" --background`, plus the `StartupApproved\Run` value
//! through which Task Manager's Startup tab (and Settings → Apps → Startup)
//! disables an entry without deleting it; on Linux an XDG autostart file
//! `$XDG_CONFIG_HOME/autostart/trayotp.desktop`. `crate::platform::autostart`
//! reads and writes them.

/// What the login entry passes: start the tray quietly.
pub const BACKGROUND_ARG: &str = "--background";

/// The state of the login entry, as the menu's check item and
/// `trayotp autostart status` show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AutostartStatus {
    Off,
    /// On, and it starts this very trayotp.
    On,
    /// The entry is there but the user switched it off in the system's own
    /// list (Task Manager's Startup tab; GNOME's Startup Applications).
    DisabledByUser,
    /// The entry starts another program: trayotp was moved (a portable
    /// copy), or it is another copy's entry.
    Elsewhere {
        program: String,
    },
}

impl AutostartStatus {
    /// Whether the check item is ticked: only when logging in starts *this* trayotp.
    pub fn is_on(&self) -> bool {
        matches!(self, AutostartStatus::On)
    }

    /// An entry that points at a program that no longer exists (this copy
    /// was moved) is repointed at start; one that points at another copy
    /// that still exists is left alone and shown (it is not ours to steal).
    pub fn should_repair(&self, program_exists: bool) -> bool {
        matches!(self, AutostartStatus::Elsewhere { .. }) && !program_exists
    }
}

// ---------------------------------------------------------------- Windows --

/// The Run value for `exe`: `"C:\path with spaces\trayotp.exe" --background`
/// (Windows paths cannot contain `"`, so quoting is all it takes).
pub fn windows_command(exe: &str) -> String {
    format!("\"{exe}\" {BACKGROUND_ARG}")
}

/// The program a Run value starts: the quoted part, or up to the first space.
pub fn windows_program(command: &str) -> &str {
    let command = command.trim_start();
    match command.strip_prefix('"') {
        Some(rest) => rest.split('"').next().unwrap_or(rest),
        None => command.split(' ').next().unwrap_or(command),
    }
}

/// `StartupApproved\Run` data: 12 bytes whose first is even when enabled
/// (0x02, 0x06) and odd when the user disabled it (0x03, 0x07; the other
/// bytes are when). What we write to re-enable an entry.
pub const STARTUP_APPROVED_ENABLED: [u8; 12] = [2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

/// Whether a `StartupApproved\Run` value says the user disabled the entry.
pub fn disabled_in_task_manager(approved: Option<&[u8]>) -> bool {
    approved
        .and_then(|bytes| bytes.first())
        .is_some_and(|first| first & 1 == 1)
}

/// The status from the Run value, the StartupApproved value, and this exe.
pub fn windows_status(run_value: Option<&str>, approved: Option<&[u8]>, exe: &str) -> AutostartStatus {
    let Some(command) = run_value else {
        return AutostartStatus::Off;
    };
    let program = windows_program(command);
    if !same_windows_path(program, exe) {
        AutostartStatus::Elsewhere {
            program: program.to_string(),
        }
    } else if disabled_in_task_manager(approved) {
        AutostartStatus::DisabledByUser
    } else {
        AutostartStatus::On
    }
}

/// Windows paths compare without regard to case or slash direction.
fn same_windows_path(a: &str, b: &str) -> bool {
    let norm = |p: &str| p.trim().replace('/', "\\").to_lowercase();
    norm(a) == norm(b)
}

// ------------------------------------------------------------------ Linux --

/// The autostart file's name in `$XDG_CONFIG_HOME/autostart`.
pub const DESKTOP_FILE: &str = "trayotp.desktop";

/// The XDG autostart entry that starts `exe`.
pub fn desktop_entry(exe: &str) -> String {
    format!(
        "[Desktop Entry]\n\
         Type=Application\n\
         Name=trayotp\n\
         Comment=One-time passwords from the notification area\n\
         Exec={} {BACKGROUND_ARG}\n\
         Terminal=false\n\
         X-GNOME-Autostart-enabled=true\n",
        exec_quote(exe)
    )
}

/// Quotes one argument for an `Exec=` line, per the Desktop Entry spec:
/// inside double quotes, `"` `` ` `` `$` `\` take a backslash; `%` is
/// doubled (it starts field codes, quoted or not); then the value is escaped
/// as a string (`\` → `\\`, so a literal backslash ends up as four, and
/// newline/tab/return as `\n` `\t` `\r`).
pub fn exec_quote(arg: &str) -> String {
    let mut quoted = String::from("\"");
    for c in arg.chars() {
        match c {
            '"' | '`' | '$' | '\\' => {
                quoted.push('\\');
                quoted.push(c);
            }
            '%' => quoted.push_str("%%"),
            _ => quoted.push(c),
        }
    }
    quoted.push('"');
    let mut escaped = String::with_capacity(quoted.len());
    for c in quoted.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            '\n' => escaped.push_str("\\n"),
            '\t' => escaped.push_str("\\t"),
            '\r' => escaped.push_str("\\r"),
            _ => escaped.push(c),
        }
    }
    escaped
}

/// Splits an `Exec=` value into arguments (the inverse of [`exec_quote`]
/// for ours, and good enough to find the program of anyone's). `None` if a
/// quote is left open.
pub fn exec_split(value: &str) -> Option<Vec<String>> {
    // 1. The string-type escapes.
    let mut unescaped = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            unescaped.push(c);
            continue;
        }
        match chars.next() {
            Some('s') => unescaped.push(' '),
            Some('n') => unescaped.push('\n'),
            Some('t') => unescaped.push('\t'),
            Some('r') => unescaped.push('\r'),
            Some('\\') => unescaped.push('\\'),
            Some(other) => {
                unescaped.push('\\');
                unescaped.push(other);
            }
            None => unescaped.push('\\'),
        }
    }
    // 2. Quoting and field codes.
    let mut args = Vec::new();
    let mut current: Option<String> = None;
    let mut chars = unescaped.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                let arg = current.get_or_insert_with(String::new);
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => arg.push(chars.next()?),
                        '%' if chars.peek() == Some(&'%') => {
                            chars.next();
                            arg.push('%');
                        }
                        other => arg.push(other),
                    }
                }
            }
            ' ' | '\t' | '\n' => {
                if let Some(arg) = current.take() {
                    args.push(arg);
                }
            }
            '%' if chars.peek() == Some(&'%') => {
                chars.next();
                current.get_or_insert_with(String::new).push('%');
            }
            other => current.get_or_insert_with(String::new).push(other),
        }
    }
    args.extend(current);
    Some(args)
}

/// The status from the autostart file's text (`None`: no file) and this exe.
pub fn desktop_status(content: Option<&str>, exe: &str) -> AutostartStatus {
    let Some(content) = content else {
        return AutostartStatus::Off;
    };
    let mut in_entry = false;
    let mut exec = None;
    let mut disabled = false;
    for line in content.lines().map(str::trim) {
        if line.starts_with('[') {
            in_entry = line == "[Desktop Entry]";
            continue;
        }
        let Some((key, value)) = line.split_once('=').filter(|_| in_entry) else {
            continue;
        };
        match (key.trim(), value.trim()) {
            ("Exec", value) => exec = Some(value.to_string()),
            ("Hidden", "true") | ("X-GNOME-Autostart-enabled", "false") => disabled = true,
            _ => {}
        }
    }
    let program = exec
        .as_deref()
        .and_then(exec_split)
        .and_then(|args| args.into_iter().next())
        .unwrap_or_default();
    if program != exe {
        AutostartStatus::Elsewhere { program }
    } else if disabled {
        AutostartStatus::DisabledByUser
    } else {
        AutostartStatus::On
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const EXE: &str = r"C:\Users\Taro Mitsubishi\AppData\Local\Programs\trayotp\trayotp.exe";

    #[test]
    fn the_run_value_is_the_installers_quoted_path_and_background() {
        assert_eq!(
            windows_command(EXE),
            r#""C:\Users\Taro Mitsubishi\AppData\Local\Programs\trayotp\trayotp.exe" --background"#
        );
        assert_eq!(windows_program(&windows_command(EXE)), EXE);
        assert_eq!(
            windows_program(r"C:\tools\trayotp.exe --background"),
            r"C:\tools\trayotp.exe"
        );
    }

    #[test]
    fn windows_status_tells_on_off_disabled_and_elsewhere() {
        let ours = windows_command(EXE);
        assert_eq!(windows_status(None, None, EXE), AutostartStatus::Off);
        assert_eq!(windows_status(Some(&ours), None, EXE), AutostartStatus::On);
        assert_eq!(
            windows_status(Some(&ours.to_uppercase()), None, EXE),
            AutostartStatus::On,
            "paths compare without case"
        );
        let enabled = [2u8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        let disabled = [3u8, 0, 0, 0, 0x10, 0x3e, 0x9a, 0x4b, 0x7c, 0x50, 0xdb, 0x01];
        assert_eq!(windows_status(Some(&ours), Some(&enabled), EXE), AutostartStatus::On);
        assert_eq!(windows_status(Some(&ours), Some(&[6]), EXE), AutostartStatus::On);
        assert_eq!(
            windows_status(Some(&ours), Some(&disabled), EXE),
            AutostartStatus::DisabledByUser
        );
        assert_eq!(
            windows_status(Some(&ours), Some(&[7]), EXE),
            AutostartStatus::DisabledByUser
        );
        let moved = windows_status(Some(r#""D:\old place\trayotp.exe" --background"#), None, EXE);
        assert_eq!(
            moved,
            AutostartStatus::Elsewhere {
                program: r"D:\old place\trayotp.exe".into()
            }
        );
        assert!(!moved.is_on());
        assert!(moved.should_repair(false), "the old copy is gone: repoint the entry");
        assert!(!moved.should_repair(true), "another copy still there: not ours to take");
        assert!(!AutostartStatus::On.should_repair(false));
        assert!(
            !AutostartStatus::DisabledByUser.should_repair(false),
            "the user's choice stands"
        );
    }

    #[test]
    fn desktop_entry_is_valid_and_points_here() {
        let exe = "/home/taro/Apps/trayotp";
        let entry = desktop_entry(exe);
        assert_eq!(
            entry,
            "[Desktop Entry]\nType=Application\nName=trayotp\nComment=One-time passwords from the notification area\n\
             Exec=\"/home/taro/Apps/trayotp\" --background\nTerminal=false\nX-GNOME-Autostart-enabled=true\n"
        );
        assert_eq!(desktop_status(Some(&entry), exe), AutostartStatus::On);
        assert_eq!(desktop_status(None, exe), AutostartStatus::Off);
        assert_eq!(
            desktop_status(Some(&entry), "/opt/trayotp"),
            AutostartStatus::Elsewhere { program: exe.into() }
        );
        let hidden = format!("{entry}Hidden=true\n");
        assert_eq!(desktop_status(Some(&hidden), exe), AutostartStatus::DisabledByUser);
        let gnome_off = entry.replace("X-GNOME-Autostart-enabled=true", "X-GNOME-Autostart-enabled=false");
        assert_eq!(desktop_status(Some(&gnome_off), exe), AutostartStatus::DisabledByUser);
        let other_group = format!("{entry}[Desktop Action x]\nExec=/bin/false\nHidden=true\n");
        assert_eq!(desktop_status(Some(&other_group), exe), AutostartStatus::On);
    }

    #[test]
    fn exec_quoting_per_the_desktop_entry_spec() {
        assert_eq!(exec_quote("/opt/my apps/trayotp"), r#""/opt/my apps/trayotp""#);
        assert_eq!(exec_quote("/opt/100%/trayotp"), r#""/opt/100%%/trayotp""#);
        assert_eq!(exec_quote(r#"/opt/say "hi"/trayotp"#), r#""/opt/say \\"hi\\"/trayotp""#);
        assert_eq!(exec_quote("/opt/$HOME/`x`"), r#""/opt/\\$HOME/\\`x\\`""#);
        assert_eq!(
            exec_quote(r"/opt/back\slash"),
            r#""/opt/back\\\\slash""#,
            "four backslashes"
        );
        assert_eq!(exec_quote("/opt/new\nline"), r#""/opt/new\nline""#);
        assert_eq!(exec_quote("/opt/三菱/trayotp"), "\"/opt/三菱/trayotp\"");
        assert_eq!(
            exec_split(r#""/opt/my apps/trayotp" --background %U"#),
            Some(vec!["/opt/my apps/trayotp".into(), "--background".into(), "%U".into()])
        );
        // `\s` is a space, which outside quotes separates arguments.
        assert_eq!(
            exec_split(r"/usr/bin/foo\sbar x"),
            Some(vec!["/usr/bin/foo".into(), "bar".into(), "x".into()])
        );
        assert_eq!(exec_split(r#""/opt/unterminated"#), None);
    }

    proptest! {
        #[test]
        fn exec_quoting_round_trips(path in "/[^\u{0}]{0,40}") {
            let entry = desktop_entry(&path);
            let exec = entry.lines().find_map(|l| l.strip_prefix("Exec=")).expect("Exec line");
            prop_assert_eq!(exec_split(exec), Some(vec![path.clone(), BACKGROUND_ARG.to_string()]));
            prop_assert_eq!(desktop_status(Some(&entry), &path), AutostartStatus::On);
            prop_assert!(!exec.contains('\n'));
        }
    }
}
