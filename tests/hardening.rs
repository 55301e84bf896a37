//! The tray under the security review's findings (issue 14): a passphrase
//! vault unlocked in the tray's own window, the passphrase kept out of the
//! environment, a control channel that misbehaving clients cannot stall,
//! and (Windows, under Wine) a pipe name squatted by another user.

use crate::common;

use std::io::{Read, Write};
#[cfg(target_os = "linux")]
use std::process::Command;
use std::process::Stdio;
use std::time::Duration;
#[cfg(target_os = "linux")]
use std::time::Instant;

use common::tray::*;
use common::*;
use trayotp::platform::control::{self, Request};

/// A raw connection to the tray's control endpoint, as a misbehaving
/// client would open it.
#[cfg(unix)]
fn raw_connection(vault: &TestVault) -> std::os::unix::net::UnixStream {
    let runtime = std::env::var_os("XDG_RUNTIME_DIR").expect("tests run with XDG_RUNTIME_DIR");
    let id = control::endpoint_id(&vault.path);
    let socket = std::path::Path::new(&runtime)
        .join("trayotp")
        .join(format!("{id}.sock"));
    std::os::unix::net::UnixStream::connect(socket).expect("connect to the tray")
}

#[cfg(windows)]
fn raw_connection(vault: &TestVault) -> std::fs::File {
    // Every pipe instance can be taken for a moment, until the tray puts up
    // the next (ERROR_PIPE_BUSY, 231): a client waits, as `control::send` does.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        match std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(control::pipe_path(&vault.path))
        {
            Ok(pipe) => return pipe,
            Err(e) if e.raw_os_error() == Some(231) && std::time::Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(e) => panic!("connect to the tray: {e:?}"),
        }
    }
}

/// L6: clients that connect and say nothing do not keep others waiting,
/// and are cut off after the request timeout.
#[test]
fn silent_clients_do_not_block_the_tray() {
    let vault = TestVault::new();
    assert_ok(&vault.add("a", SEED_B32));
    let tray = Tray::start(&vault);
    let mut silent: Vec<_> = (0..3).map(|_| raw_connection(&vault)).collect();
    std::thread::sleep(Duration::from_millis(200));
    let status = control::send(&vault.path, &Request::Status).expect("answered beside silent clients");
    assert_eq!(status.menu.first().map(String::as_str), Some("a"));
    // Each silent client is cut off (end of stream or an error), within a bound.
    let (done, finished) = std::sync::mpsc::channel();
    let mut first = silent.remove(0);
    std::thread::spawn(move || {
        let mut byte = [0u8; 1];
        let _ = done.send(first.read(&mut byte).map(|n| n == 0).unwrap_or(true));
    });
    let cut_off = finished.recv_timeout(Duration::from_secs(30));
    assert_eq!(cut_off, Ok(true), "a silent client was never cut off");
    assert!(tray.status().ok);
}

/// N4: clients that trickle a byte every second (never a whole line) are
/// cut off at the request deadline in all, not per read, so that as many
/// of them as there are connection slots do not stall the tray.
#[cfg(unix)]
#[test]
fn trickling_clients_are_cut_off_at_a_total_deadline() {
    let vault = TestVault::new();
    assert_ok(&vault.add("a", SEED_B32));
    let tray = Tray::start(&vault);
    let (cut, cut_off) = std::sync::mpsc::channel();
    for _ in 0..control::MAX_CONNECTIONS {
        let mut client = raw_connection(&vault);
        let cut = cut.clone();
        std::thread::spawn(move || {
            // 30 bytes over 30 s unless the tray cuts the connection first.
            for sent in 0..30 {
                if client.write_all(b"x").is_err() {
                    let _ = cut.send(sent);
                    return;
                }
                std::thread::sleep(Duration::from_secs(1));
            }
        });
    }
    drop(cut);
    std::thread::sleep(control::REQUEST_TIMEOUT + Duration::from_secs(3));
    // The slots are free again while the trickling clients still want to go on.
    let status = control::send(&vault.path, &Request::Status).expect("answered after the deadline");
    assert_eq!(status.menu.first().map(String::as_str), Some("a"));
    let first = cut_off
        .recv_timeout(Duration::from_secs(25))
        .expect("a trickling client was cut off");
    assert!(first < 20, "cut off after {first} bytes");
    assert!(tray.status().ok);
}

/// L6: a request without an end is refused after 4096 bytes, not read on.
#[test]
fn an_oversized_request_is_refused() {
    let vault = TestVault::new();
    assert_ok(&vault.add("a", SEED_B32));
    let tray = Tray::start(&vault);
    let mut client = raw_connection(&vault);
    let (answer, answered) = std::sync::mpsc::channel();
    let mut reader = client.try_clone().expect("clone");
    std::thread::spawn(move || {
        let mut text = String::new();
        let mut byte = [0u8; 1];
        while let Ok(1) = reader.read(&mut byte) {
            text.push(byte[0] as char);
            if byte[0] == b'\n' {
                break;
            }
        }
        let _ = answer.send(text);
    });
    // 8 KiB of one "line" that never ends; the writer may be cut off.
    let _ = client.write_all(&[b'x'; 8192]);
    let text = answered.recv_timeout(Duration::from_secs(20)).expect("an answer");
    assert!(text.contains("too long"), "{text}");
    assert!(tray.status().ok, "the tray still answers");
}

/// L6: a burst of `Reload` requests is answered, each of them.
#[test]
fn a_burst_of_reloads_is_answered() {
    let vault = TestVault::new();
    assert_ok(&vault.add("a", SEED_B32));
    let _tray = Tray::start(&vault);
    let path = vault.path.clone();
    let clients: Vec<_> = (0..8)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || control::send(&path, &Request::Reload))
        })
        .collect();
    for client in clients {
        let response = client.join().expect("client").expect("answered");
        assert!(response.ok, "{response:?}");
        assert!(response.message.contains("1 account"), "{response:?}");
    }
}

/// M3: the tray's environment holds no passphrase (so no child, and no
/// reader of /proc/<pid>/environ, finds it there).
#[cfg(target_os = "linux")]
#[test]
fn the_tray_keeps_the_passphrase_out_of_its_environment() {
    let vault = TestVault::new();
    assert_ok(&vault.add("a", SEED_B32));
    let tray = Tray::start(&vault);
    let environ = std::fs::read(format!("/proc/{}/environ", tray.child.id())).expect("environ (tests run as root)");
    let text = String::from_utf8_lossy(&environ);
    assert!(text.contains("TRAYOTP_CONFIG="), "not the tray's environment?");
    assert!(
        !text.contains("TRAYOTP_PASSPHRASE"),
        "the passphrase is still in the environment"
    );
    assert!(!text.contains(PASSPHRASE));
    assert_eq!(
        tray.status().menu.first().map(String::as_str),
        Some("a"),
        "unlocked from it"
    );
}

/// M3: a tray started without TRAYOTP_PASSPHRASE (at login, say) asks for
/// the passphrase in its own window, again after a wrong one, and then runs.
#[cfg(target_os = "linux")]
#[test]
fn a_passphrase_vault_is_unlocked_in_the_trays_window() {
    let vault = TestVault::new();
    assert_ok(&vault.add("三菱 太郎", SEED_B32));
    let mut start = vault.command();
    start
        .arg("--background")
        .env_remove("TRAYOTP_PASSPHRASE")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = start.spawn().expect("tray starts");
    // (xdotool matches a regex; the title is "Unlock — trayotp".)
    let window = wait_for_window("^Unlock", &mut child);
    xdotool(&["windowfocus", "--sync", &window]);
    xdotool(&["type", "--window", &window, "--delay", "20", "not it"]);
    xdotool(&["key", "--window", &window, "Return"]);
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        child.try_wait().expect("wait").is_none(),
        "the tray gave up after a wrong passphrase"
    );
    assert!(
        xdotool(&["search", "--name", "^Unlock"]).contains(&window),
        "the unlock window closed after a wrong passphrase"
    );
    xdotool(&["type", "--window", &window, "--delay", "20", PASSPHRASE]);
    xdotool(&["key", "--window", &window, "Return"]);
    let deadline = Instant::now() + Duration::from_secs(60);
    while xdotool(&["search", "--name", "^Unlock"]).contains(&window) {
        assert!(
            Instant::now() < deadline,
            "the right passphrase did not close the window"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let _tray = Tray {
        child,
        vault: vault.path.clone(),
    };
    let status = loop {
        match control::send(&vault.path, &Request::Status) {
            Ok(status) if status.ok && !status.menu.is_empty() => break status,
            _ if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(200)),
            other => panic!("the unlocked tray does not answer: {other:?}"),
        }
    };
    assert_eq!(status.menu[0], "三菱 太郎");
}

#[cfg(target_os = "linux")]
fn xdotool(args: &[&str]) -> String {
    let output = Command::new("xdotool").args(args).output().expect("xdotool runs");
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

/// Waits (bounded) for a window titled `title`; fails if the tray ends first.
#[cfg(target_os = "linux")]
fn wait_for_window(title: &str, child: &mut std::process::Child) -> String {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let found = xdotool(&["search", "--name", title]);
        if let Some(id) = found.lines().next().filter(|l| !l.is_empty()) {
            // Let it draw its first frame and take the focus.
            std::thread::sleep(Duration::from_millis(700));
            return id.to_string();
        }
        if let Some(status) = child.try_wait().expect("wait") {
            let mut stderr = String::new();
            if let Some(mut pipe) = child.stderr.take() {
                let _ = pipe.read_to_string(&mut stderr);
            }
            panic!("the tray ended ({status}) without an unlock window: {stderr}");
        }
        assert!(Instant::now() < deadline, "no window '{title}' within a minute");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// M1 (Windows, run under Wine): another user created the tray's pipe
/// first (here: a pipe whose owner and DACL are Everyone's). The tray
/// refuses to start with a clear error instead of "already running", and
/// neither it nor `trayotp copy` sends the squatter a single byte.
#[cfg(windows)]
#[test]
fn a_pipe_squatted_by_another_user_gets_nothing() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use windows_sys::Win32::Foundation::{INVALID_HANDLE_VALUE, LocalFree};
    use windows_sys::Win32::Security::Authorization::{
        ConvertStringSecurityDescriptorToSecurityDescriptorW, SDDL_REVISION_1,
    };
    use windows_sys::Win32::Security::{PSECURITY_DESCRIPTOR, SECURITY_ATTRIBUTES};
    use windows_sys::Win32::Storage::FileSystem::{PIPE_ACCESS_DUPLEX, ReadFile};
    use windows_sys::Win32::System::Pipes::{
        ConnectNamedPipe, CreateNamedPipeW, DisconnectNamedPipe, PIPE_TYPE_BYTE, PIPE_UNLIMITED_INSTANCES, PIPE_WAIT,
    };

    let vault = TestVault::new();
    assert_ok(&vault.add("a", SEED_B32));
    let name: Vec<u16> = control::pipe_path(&vault.path).encode_utf16().chain(Some(0)).collect();
    // Owner: Everyone (S-1-1-0), not us; everyone may connect.
    let sddl: Vec<u16> = "O:WDD:(A;;GA;;;WD)".encode_utf16().chain(Some(0)).collect();
    let mut descriptor: PSECURITY_DESCRIPTOR = std::ptr::null_mut();
    // SAFETY: NUL-terminated input; the descriptor is freed at the end.
    let ok = unsafe {
        ConvertStringSecurityDescriptorToSecurityDescriptorW(
            sddl.as_ptr(),
            SDDL_REVISION_1,
            &mut descriptor,
            std::ptr::null_mut(),
        )
    };
    assert_ne!(ok, 0, "SDDL");
    let attributes = SECURITY_ATTRIBUTES {
        nLength: size_of::<SECURITY_ATTRIBUTES>() as u32,
        lpSecurityDescriptor: descriptor,
        bInheritHandle: 0,
    };
    // SAFETY: valid name and attributes for the call.
    let pipe = unsafe {
        CreateNamedPipeW(
            name.as_ptr(),
            PIPE_ACCESS_DUPLEX,
            PIPE_TYPE_BYTE | PIPE_WAIT,
            PIPE_UNLIMITED_INSTANCES,
            4096,
            4096,
            0,
            &attributes,
        )
    };
    assert_ne!(pipe, INVALID_HANDLE_VALUE, "the squatter's pipe");
    let received = Arc::new(AtomicUsize::new(0));
    let connections = Arc::new(AtomicUsize::new(0));
    let (seen, counted) = (received.clone(), connections.clone());
    let pipe_value = pipe as usize;
    std::thread::spawn(move || {
        let pipe = pipe_value as windows_sys::Win32::Foundation::HANDLE;
        loop {
            // SAFETY: our pipe handle, alive for the test's life.
            unsafe { ConnectNamedPipe(pipe, std::ptr::null_mut()) };
            counted.fetch_add(1, Ordering::SeqCst);
            let mut buffer = [0u8; 512];
            let mut read = 0u32;
            // SAFETY: the buffer outlives the call.
            while unsafe { ReadFile(pipe, buffer.as_mut_ptr(), 512, &mut read, std::ptr::null_mut()) } != 0 && read > 0
            {
                seen.fetch_add(read as usize, Ordering::SeqCst);
            }
            // SAFETY: as above.
            unsafe { DisconnectNamedPipe(pipe) };
        }
    });

    let start = vault
        .command()
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("tray runs");
    let message = assert_one_line_error(&start, "the control channel is taken by another user");
    assert!(!message.contains("already running"), "{message}");
    let copy = vault.run(&["copy", "a"]);
    assert_one_line_error(&copy, "the control channel is taken by another user");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        received.load(Ordering::SeqCst),
        0,
        "a request (Show, Copy) reached the squatter"
    );
    println!(
        "squatter: {} connection(s), 0 bytes received; tray said: {message}",
        connections.load(Ordering::SeqCst)
    );
    // SAFETY: allocated by the SDDL conversion above.
    unsafe { LocalFree(descriptor as _) };
}
