//! Asking time servers for the time: SNTP (RFC 4330) over UDP, one request
//! to each server in the order given (two to the only one, when one is
//! named), and the replies judged together by `domain::clock::agree`: a
//! measurement is two or more replies with round trips under a second that
//! agree, never one reply alone.
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

use crate::domain::clock::{Agreement, MAX_ROUND_TRIP_MS, Reply, agree, parse_server};

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
    exchange(server, address, &socket)
}

/// One request and its reply over `socket`, checked by `sntpc`.
fn exchange(server: &str, address: SocketAddr, socket: &impl sntpc::NtpUdpSocket) -> Result<Measurement, SntpError> {
    let context = sntpc::NtpContext::new(PcClock::default());
    let result = sntpc::sync::get_time(address, socket, context).map_err(SntpError::Reply)?;
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

/// A measurement the replies agreed on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Agreed {
    /// The first server whose reply went into it.
    pub server: String,
    /// The agreed offset (the median of the usable replies).
    pub offset_ms: i64,
    /// The longest round trip among the replies.
    pub round_trip_ms: u64,
    pub measured_at: u64,
    /// How many replies agreed.
    pub replies: usize,
}

/// Why a measurement gave no offset; `Display` is one phrase.
#[derive(Debug)]
pub enum MeasureError {
    /// Not one reply: each server's failure.
    NoAnswer(Vec<(String, SntpError)>),
    /// Fewer than two replies with a round trip under a second.
    TooFew {
        replies: Vec<Measurement>,
        failures: Vec<(String, SntpError)>,
    },
    /// The replies are further apart than `domain::clock::AGREEMENT_MS`.
    Disagree(Vec<Measurement>),
}

fn describe_replies(replies: &[Measurement]) -> String {
    replies
        .iter()
        .map(|r| format!("{}: {:+} ms, round trip {} ms", r.server, r.offset_ms, r.round_trip_ms))
        .collect::<Vec<_>>()
        .join("; ")
}

impl std::fmt::Display for MeasureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MeasureError::NoAnswer(failures) => write!(f, "no time server answered ({})", describe_failures(failures)),
            MeasureError::TooFew { replies, failures } => {
                let mut all = describe_replies(replies);
                if !failures.is_empty() {
                    all = format!("{all}; {}", describe_failures(failures));
                }
                write!(
                    f,
                    "too few usable replies ({all}); a measurement needs two that agree, each within {} ms",
                    crate::domain::clock::MAX_ROUND_TRIP_MS
                )
            }
            MeasureError::Disagree(replies) => {
                write!(
                    f,
                    "the time servers disagree ({}); nothing was kept",
                    describe_replies(replies)
                )
            }
        }
    }
}

/// A "socket" that answers with given bytes, for the fuzz target and the
/// tests: the reply's originate timestamp is set to the request's own, so
/// that every other check of the reply is what gets exercised.
struct Canned {
    reply: std::cell::RefCell<Vec<u8>>,
    from: SocketAddr,
}

impl sntpc::NtpUdpSocket for Canned {
    async fn send_to(&self, request: &[u8], _: SocketAddr) -> sntpc::Result<usize> {
        let mut reply = self.reply.borrow_mut();
        if let (Some(sent), Some(originate)) = (request.get(40..48), reply.get_mut(24..32)) {
            originate.copy_from_slice(sent);
        }
        Ok(request.len())
    }

    async fn recv_from(&self, buffer: &mut [u8]) -> sntpc::Result<(usize, SocketAddr)> {
        let reply = self.reply.borrow();
        let length = reply.len().min(buffer.len());
        buffer[..length].copy_from_slice(&reply[..length]);
        Ok((length, self.from))
    }
}

/// What a server's `reply` (any bytes) makes, as [`query`] would judge it
/// had it come over the network: for the fuzz target and the tests.
#[doc(hidden)]
pub fn judge_reply(reply: &[u8]) -> Result<Measurement, SntpError> {
    let from = SocketAddr::from((std::net::Ipv4Addr::LOCALHOST, 123));
    let canned = Canned {
        reply: std::cell::RefCell::new(reply.to_vec()),
        from,
    };
    exchange("127.0.0.1:123", from, &canned)
}

/// Asks each server once (the only one twice), within [`TOTAL_BUDGET`],
/// and returns the offset the replies agree on (`domain::clock::agree`).
pub fn measure(servers: &[String]) -> Result<Agreed, MeasureError> {
    let started = std::time::Instant::now();
    let mut failures = Vec::new();
    let mut replies: Vec<Measurement> = Vec::new();
    let mut asks: Vec<&String> = servers.iter().collect();
    if let [only] = servers {
        asks.push(only);
    }
    for server in asks {
        let left = TOTAL_BUDGET.saturating_sub(started.elapsed());
        if left.is_zero() {
            break;
        }
        match query(server, TIMEOUT.min(left)) {
            Ok(measurement) => replies.push(measurement),
            Err(error) => failures.push((server.clone(), error)),
        }
    }
    let judged: Vec<Reply> = replies
        .iter()
        .map(|r| Reply {
            offset_ms: r.offset_ms,
            round_trip_ms: r.round_trip_ms,
        })
        .collect();
    match agree(&judged) {
        Agreement::Agreed {
            offset_ms,
            replies: count,
        } => {
            let usable = || replies.iter().filter(|r| r.round_trip_ms <= MAX_ROUND_TRIP_MS);
            let first = usable().next().map(|r| r.server.clone()).unwrap_or_default();
            Ok(Agreed {
                server: first,
                offset_ms,
                round_trip_ms: usable().map(|r| r.round_trip_ms).max().unwrap_or(0),
                measured_at: usable().map(|r| r.measured_at).max().unwrap_or(0),
                replies: count,
            })
        }
        Agreement::TooFew { .. } if replies.is_empty() => Err(MeasureError::NoAnswer(failures)),
        Agreement::TooFew { .. } => Err(MeasureError::TooFew { replies, failures }),
        Agreement::Disagree { .. } => Err(MeasureError::Disagree(replies)),
    }
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
