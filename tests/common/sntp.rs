//! A local SNTP responder on 127.0.0.1 for the clock tests: a real UDP
//! server whose clock is deliberately off, or that answers wrongly, and
//! that counts the requests it gets (to prove an idle tray sends none).

use std::net::UdpSocket;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Seconds from 1900 (NTP's epoch) to 1970.
const NTP_TO_UNIX: u64 = 2_208_988_800;

/// How the responder answers.
#[derive(Clone, Copy, Debug)]
pub enum Answer {
    /// A correct server reply, from a clock `offset_ms` ahead of ours.
    Correct { offset_ms: i64 },
    /// Never answers (the requests are still counted).
    Silent,
    /// Sends back 10 bytes.
    Short,
    /// A reply like `Correct` but whose originate timestamp is not ours.
    WrongOriginate { offset_ms: i64 },
    /// A correct reply, sent `delay_ms` after the request came (a round
    /// trip that long).
    Delayed { offset_ms: i64, delay_ms: u64 },
}

pub struct Responder {
    pub port: u16,
    requests: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Responder {
    pub fn start(answer: Answer) -> Self {
        let socket = UdpSocket::bind("127.0.0.1:0").expect("bind a UDP port on 127.0.0.1");
        socket
            .set_read_timeout(Some(Duration::from_millis(100)))
            .expect("read timeout");
        let port = socket.local_addr().expect("address").port();
        let requests = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (requests, stop) = (requests.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut buffer = [0u8; 512];
                while !stop.load(Ordering::SeqCst) {
                    let Ok((n, from)) = socket.recv_from(&mut buffer) else {
                        continue;
                    };
                    requests.fetch_add(1, Ordering::SeqCst);
                    if let Answer::Delayed { delay_ms, .. } = answer {
                        std::thread::sleep(Duration::from_millis(delay_ms));
                    }
                    if let Some(reply) = reply(answer, &buffer[..n]) {
                        let _ = socket.send_to(&reply, from);
                    }
                }
            })
        };
        Responder {
            port,
            requests,
            stop,
            thread: Some(thread),
        }
    }

    /// `127.0.0.1:PORT`, as `--server` and `time_servers` take it.
    pub fn address(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// Waits (bounded) until at least `count` requests came.
    pub fn wait_for_requests(&self, count: usize) {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while self.requests() < count {
            assert!(
                std::time::Instant::now() < deadline,
                "the responder got {} request(s), not {count}",
                self.requests()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Responder {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// An NTP timestamp for our clock shifted by `offset_ms`.
fn ntp_now(offset_ms: i64) -> u64 {
    let since = SystemTime::now().duration_since(UNIX_EPOCH).expect("after 1970");
    let micros = (since.as_micros() as i64 + offset_ms * 1000) as u64;
    let seconds = micros / 1_000_000 + NTP_TO_UNIX;
    let fraction = ((micros % 1_000_000) << 32) / 1_000_000;
    (seconds << 32) | fraction
}

fn reply(answer: Answer, request: &[u8]) -> Option<Vec<u8>> {
    let offset_ms = match answer {
        Answer::Silent => return None,
        Answer::Short => return Some(vec![0x24; 10]),
        Answer::Correct { offset_ms } | Answer::WrongOriginate { offset_ms } | Answer::Delayed { offset_ms, .. } => {
            offset_ms
        }
    };
    if request.len() < 48 {
        return None;
    }
    let mut packet = vec![0u8; 48];
    packet[0] = 0x24; // leap indicator 0, version 4, mode 4 (server)
    packet[1] = 1; // stratum 1: a primary server
    packet[2] = 6; // poll
    packet[3] = 0xEC; // precision 2^-20 s
    packet[12..16].copy_from_slice(b"TEST");
    let received = ntp_now(offset_ms);
    packet[16..24].copy_from_slice(&(received - (1 << 32)).to_be_bytes()); // reference: a second ago
    // Originate: the client's transmit timestamp, or something else.
    match answer {
        Answer::WrongOriginate { .. } => {
            let mut wrong = [0u8; 8];
            wrong.copy_from_slice(&request[40..48]);
            wrong[0] ^= 0x55;
            packet[24..32].copy_from_slice(&wrong);
        }
        _ => packet[24..32].copy_from_slice(&request[40..48]),
    }
    packet[32..40].copy_from_slice(&received.to_be_bytes());
    packet[40..48].copy_from_slice(&ntp_now(offset_ms).to_be_bytes());
    Some(packet)
}
