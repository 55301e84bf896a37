//! The soak client (`scripts/soak.sh`, issue 21 item 8): N requests (copy,
//! status, reload in turn) from C parallel clients to a running tray over
//! its control channel, and the tray's resident memory, open descriptors
//! and threads (from `/proc`) before and after. Prints one `key=value`
//! line per figure; exits 1 if any request failed.
//!
//! cargo run --example soak -- VAULT TRAY_PID REQUESTS CLIENTS ACCOUNTS

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use trayotp::platform::control::{self, Request};

/// (resident KiB, threads, open descriptors) of process `pid`.
fn figures(pid: u32) -> (u64, u64, usize) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    let fds = std::fs::read_dir(format!("/proc/{pid}/fd")).map_or(0, |d| d.count());
    (field("VmRSS:"), field("Threads:"), fds)
}

/// One copy of account-1 through the tray: how long it took (ms), and
/// whether the tray said it copied.
fn timed_copy(vault: &std::path::Path) -> (f64, bool) {
    let started = Instant::now();
    let copy = control::send(
        vault,
        &Request::Copy {
            name: "account-1".into(),
        },
    );
    (started.elapsed().as_secs_f64() * 1000.0, copy.is_ok_and(|r| r.ok))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 6 {
        eprintln!("usage: soak VAULT TRAY_PID REQUESTS CLIENTS ACCOUNTS");
        std::process::exit(2);
    }
    let vault = Arc::new(std::path::PathBuf::from(&args[1]));
    let parse = |i: usize| -> usize {
        args[i].parse().unwrap_or_else(|_| {
            eprintln!("soak: {} is not a number", args[i]);
            std::process::exit(2)
        })
    };
    let (pid, requests, clients, accounts) = (parse(2) as u32, parse(3), parse(4), parse(5).max(1));

    // One of each first, so that lazily made things (the clipboard, the
    // toast connection) exist before the "before" figures.
    for request in [
        Request::Copy {
            name: "account-1".into(),
        },
        Request::Status,
        Request::Reload,
    ] {
        let _ = control::send(&vault, &request);
    }
    std::thread::sleep(Duration::from_secs(1));
    let before = figures(pid);
    let (copy_before_ms, copy_before_ok) = timed_copy(&vault);

    let failed = Arc::new(AtomicUsize::new(0));
    let first_failure = Arc::new(std::sync::Mutex::new(None::<String>));
    let started = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|client| {
            let (vault, failed, first_failure) = (vault.clone(), failed.clone(), first_failure.clone());
            std::thread::spawn(move || {
                let mut i = client;
                while i < requests {
                    let request = match i % 3 {
                        0 => Request::Copy {
                            name: format!("account-{}", i / 3 % accounts + 1),
                        },
                        1 => Request::Status,
                        _ => Request::Reload,
                    };
                    let problem = match control::send(&vault, &request) {
                        Ok(response) if response.ok => None,
                        Ok(response) => Some(format!("{request:?}: {}", response.message)),
                        Err(error) => Some(format!("{request:?}: {error}")),
                    };
                    if let Some(problem) = problem {
                        failed.fetch_add(1, Ordering::Relaxed);
                        let mut first = first_failure.lock().unwrap_or_else(|p| p.into_inner());
                        first.get_or_insert(problem);
                    }
                    i += clients;
                }
            })
        })
        .collect();
    for thread in threads {
        let _ = thread.join();
    }
    let elapsed = started.elapsed();
    std::thread::sleep(Duration::from_secs(2));
    let after = figures(pid);
    let (copy_after_ms, copy_after_ok) = timed_copy(&vault);

    let failed = failed.load(Ordering::Relaxed);
    println!("requests={requests}");
    println!("clients={clients}");
    println!("seconds={:.1}", elapsed.as_secs_f64());
    println!("per_second={:.0}", requests as f64 / elapsed.as_secs_f64());
    println!("failed={failed}");
    println!("rss_kib_before={}", before.0);
    println!("rss_kib_after={}", after.0);
    println!("threads_before={}", before.1);
    println!("threads_after={}", after.1);
    println!("fds_before={}", before.2);
    println!("fds_after={}", after.2);
    println!("copy_before_ms={copy_before_ms:.1}");
    println!("copy_before_ok={copy_before_ok}");
    println!("copy_after_ms={copy_after_ms:.1}");
    println!("copy_after_ok={copy_after_ok}");
    if let Some(problem) = first_failure.lock().unwrap_or_else(|p| p.into_inner()).take() {
        eprintln!("soak: first failure: {problem}");
    }
    if failed > 0 || !copy_before_ok || !copy_after_ok {
        std::process::exit(1);
    }
}
