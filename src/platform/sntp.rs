//! Asking a time server for the time: SNTP (RFC 4330) over UDP, one request
//! per server, in the order given, until one answers.
//!
//! The exchange and its checks are the `sntpc` crate's: it refuses a reply
//! whose originate timestamp is not the one we sent, whose mode is not
//! "server", whose stratum is 0 (a kiss-of-death) or above 15, whose leap
//! indicator is 3 (unsynchronised), or that is shorter than 48 bytes; and it
//! computes the offset and round trip from the four timestamps. What is left
//! here is the socket: resolve `host[:port]`, bind, a read timeout (so a
//! server that never answers costs [`TIMEOUT`] at most), and the PC's clock.
//!
//! This is the only network access trayotp has. It never runs on a click:
//! the tray measures on a thread of its own, `trayotp time` on request.

use std::net::{SocketAddr, ToSocketAddrs, UdpSocket};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::domain::clock::parse_server;

/// How long one server has to answer.
pub const TIMEOUT: Duration = Duration::from_secs(3);

/// Longest a whole measurement may take, however many servers are listed:
/// `trayotp time` promises an answer within 10 s.
pub const TOTAL_BUDGET: Duration = Duration::from_secs(9);

/// One server's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Measurement {
    /// The server as it was named (`host[:port]`).
    pub server: String,
    /// Server time minus PC time, in milliseconds (positive: the PC is slow).
    pub offset_ms: i64,
    pub round_trip_ms: u64,
    /// When it was measured, in Unix seconds by the PC's clock.
    pub measured_at: u64,
}

/// Why a server gave no usable answer; `Display` is a short phrase.
#[derive(Debug, thiserror::Error)]
pub enum SntpError {
    #[error("'{0}' is not host or host:port")]
    BadServer(String),
    #[error("cannot resolve {0}")]
    Resolve(String),
    #[error("cannot open a UDP socket: {0}")]
    Socket(std::io::Error),
    #[error("no valid reply ({0:?})")]
    Reply(sntpc::Error),
}

/// The PC's clock as `sntpc` reads it; before 1970 reads as 1970 (the
/// crate's own generator would panic there), and the reply is refused.
#[derive(Clone, Copy, Default)]
struct PcClock {
    since_epoch: Duration,
}

impl sntpc::NtpTimestampGenerator for PcClock {
    fn init(&mut self) {
        self.since_epoch = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    }

    fn timestamp_sec(&self) -> u64 {
        self.since_epoch.as_secs()
    }

    fn timestamp_subsec_micros(&self) -> u32 {
        self.since_epoch.subsec_micros()
    }
}

/// Asks `server` (`host[:port]`, port 123 by default) once.
pub fn query(server: &str, timeout: Duration) -> Result<Measurement, SntpError> {
    let (host, port) = parse_server(server).ok_or_else(|| SntpError::BadServer(server.to_string()))?;
    let address = (host.as_str(), port)
        .to_socket_addrs()
        .ok()
        .and_then(|mut all| all.next())
        .ok_or_else(|| SntpError::Resolve(server.to_string()))?;
    let local: SocketAddr = if address.is_ipv4() {
        (std::net::Ipv4Addr::UNSPECIFIED, 0).into()
    } else {
        (std::net::Ipv6Addr::UNSPECIFIED, 0).into()
    };
    let socket = UdpSocket::bind(local).map_err(SntpError::Socket)?;
    socket
        .set_read_timeout(Some(timeout.max(Duration::from_millis(1))))
        .map_err(SntpError::Socket)?;
    let socket = sntpc_net_std::UdpSocketWrapper::new(socket);
    let context = sntpc::NtpContext::new(PcClock::default());
    let result = sntpc::sync::get_time(address, &socket, context).map_err(SntpError::Reply)?;
    Ok(Measurement {
        server: server.trim().to_string(),
        offset_ms: result.offset / 1000,
        round_trip_ms: result.roundtrip / 1000,
        measured_at: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0),
    })
}

/// Asks each server in turn until one answers, within [`TOTAL_BUDGET`].
/// Every failure is returned with its server (for a debug line or an error).
pub fn measure(servers: &[String]) -> Result<Measurement, Vec<(String, SntpError)>> {
    let started = std::time::Instant::now();
    let mut failures = Vec::new();
    for server in servers {
        let left = TOTAL_BUDGET.saturating_sub(started.elapsed());
        if left.is_zero() {
            break;
        }
        match query(server, TIMEOUT.min(left)) {
            Ok(measurement) => return Ok(measurement),
            Err(error) => failures.push((server.clone(), error)),
        }
    }
    Err(failures)
}

/// A line on stderr when `TRAYOTP_DEBUG` is set: an unreachable server is
/// otherwise silent.
pub fn debug_log(message: &str) {
    log::debug!("{message}");
    if std::env::var_os("TRAYOTP_DEBUG").is_some() {
        eprintln!("trayotp: debug: {message}");
    }
}

/// The failures as one line: "a: no valid reply (...); b: cannot resolve b".
pub fn describe_failures(failures: &[(String, SntpError)]) -> String {
    failures
        .iter()
        .map(|(server, error)| format!("{server}: {error}"))
        .collect::<Vec<_>>()
        .join("; ")
}
