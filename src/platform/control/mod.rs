//! The local control channel: how `trayotp copy NAME` (and a second
//! `trayotp` start, and the tests) talk to the running tray, and how the
//! tray makes sure it is the only one for its vault.
//!
//! One request per connection, one JSON line each way. The endpoint is
//! private to the user: a Unix socket in a 0700 folder under
//! `$XDG_RUNTIME_DIR` on Linux; on Windows a named pipe whose DACL admits
//! only the current user and which rejects remote clients. Its name is
//! derived from the vault's path, so there is one tray per user per vault
//! (and tests with their own vaults do not collide).
//!
//! A misbehaving client (of the same user: nobody else can connect) cannot
//! stall the tray: a request is at most [`MAX_REQUEST`] bytes, must arrive
//! whole within [`REQUEST_TIMEOUT`] of connecting (a total deadline, not one
//! per read: a client trickling a byte every few seconds is cut off as a
//! silent one is), and each connection is read on its own
//! thread (at most [`MAX_CONNECTIONS`] at once), so a silent client blocks
//! nobody but itself.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// What a client asks the tray.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "request", rename_all = "kebab-case")]
pub enum Request {
    /// Copy this account's code and show the toast.
    Copy {
        name: String,
    },
    /// The quick picker chose this account: copy its code, or paste or
    /// type it into the window the hotkey was pressed over.
    Pick {
        name: String,
    },
    /// `trayotp code NAME`: answer the code (at `at`, Unix seconds, or
    /// now), copy nothing. A tray whose vault is protected by a passphrase
    /// refuses with [`ErrorKind::NotServed`].
    Code {
        name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<u64>,
    },
    /// Another `trayotp` was started: show yourself.
    Show,
    /// The vault changed: read it again.
    Reload,
    /// The settings file changed: read it again and apply it (hotkey,
    /// language, default account…). Answered `ok: false` with the reason
    /// when the new hotkey cannot be registered.
    ReloadSettings,
    /// What the tray shows now (for tests and `trayotp status`).
    Status,
    Quit,
}

/// The tray's answer. `message` is the one line to print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    pub ok: bool,
    pub message: String,
    /// The tooltip text, for `Status`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tooltip: Option<String>,
    /// The menu's account labels, for `Status`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub menu: Vec<String>,
    /// The hotkey registered now, for `Status`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hotkey: Option<String>,
    /// Why the request failed, for a program to act on (`message` is for
    /// people, in the tray's language).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ErrorKind>,
    /// The answer to [`Request::Code`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<Box<CodeReply>>,
}

/// Why the tray refused a request. An older tray sends none; a newer
/// kind this build does not know reads as [`ErrorKind::Other`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorKind {
    /// No account has that name.
    UnknownAccount,
    /// Another program holds the clipboard.
    ClipboardBusy,
    /// The hotkey in the settings could not be registered.
    HotkeyRefused,
    /// The tray does not serve this request for its vault (`code` for a
    /// passphrase vault): the asker opens the vault itself.
    NotServed,
    /// The tray (or form window) is closing.
    ShuttingDown,
    /// The vault could not be read.
    VaultUnreadable,
    /// A request this endpoint does not know (an older tray, or a form).
    UnknownRequest,
    /// A bug in the tray (its log file has the place).
    Internal,
    /// A kind from a newer trayotp.
    #[serde(other)]
    Other,
}

/// A code as `trayotp code --json` prints it. `Debug` hides the digits.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeReply {
    pub name: String,
    pub code: String,
    pub remaining: u64,
    pub period: u32,
    pub valid_from: u64,
    pub valid_until: u64,
    pub clock_offset_ms: i64,
}

impl std::fmt::Debug for CodeReply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CodeReply")
            .field("name", &self.name)
            .field("code", &"<redacted>")
            .finish_non_exhaustive()
    }
}

impl Response {
    pub fn ok(message: impl Into<String>) -> Self {
        Self {
            ok: true,
            ..Self::error(message)
        }
    }

    /// A refusal of this `kind`.
    pub fn refused(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind: Some(kind),
            ..Self::error(message)
        }
    }

    pub fn error(message: impl Into<String>) -> Self {
        Self {
            ok: false,
            message: message.into(),
            tooltip: None,
            menu: Vec::new(),
            hotkey: None,
            kind: None,
            code: None,
        }
    }
}

/// A stable short name for the endpoint of the tray serving `vault`.
pub fn endpoint_id(vault: &Path) -> String {
    let absolute = std::path::absolute(vault).unwrap_or_else(|_| vault.to_path_buf());
    let digest = Sha256::digest(absolute.to_string_lossy().as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// Who serves an endpoint of a vault: the tray, or one of the forms (each
/// form window holds its own, which keeps it to one window per form).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Tray,
    /// A form window, named by its `trayotp window` argument ("add", …).
    Form(&'static str),
}

fn role_endpoint_id(vault: &Path, role: Role) -> String {
    match role {
        Role::Tray => endpoint_id(vault),
        Role::Form(form) => format!("{}-{form}", endpoint_id(vault)),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ControlError {
    #[error("another trayotp is already running for this vault")]
    AlreadyRunning,
    #[error(
        "the control channel is taken by another user: another account on this PC created trayotp's channel first, so \
         nothing was sent to it; sign that account out (or restart the PC) and start trayotp again"
    )]
    TakenByAnotherUser,
    #[error("no trayotp is running for this vault")]
    NotRunning,
    #[error("the control channel failed: {0}")]
    Io(#[from] io::Error),
    #[error("the tray sent an answer that could not be read")]
    BadAnswer,
    #[error(
        "the running tray did not answer: quit it from its menu (or end it in the task manager) and start it again"
    )]
    NoAnswer,
}

/// How long a client waits for the tray's answer (a copy in a code's last
/// seconds is answered at once, so this is only a guard against a hung tray).
const ANSWER_TIMEOUT: Duration = Duration::from_secs(15);

/// The longest request line the tray reads; anything longer is refused.
pub const MAX_REQUEST: u64 = 4096;

/// How long a client that connected has to send its request.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);

/// At most this many connections are read at once; more are closed at once.
pub const MAX_CONNECTIONS: usize = 32;

/// What the tray does with each request (shared by the connection threads).
type Deliver = Arc<dyn Fn(Incoming) + Send + Sync>;

static OPEN_CONNECTIONS: AtomicUsize = AtomicUsize::new(0);

/// Runs `serve` on a thread of its own, unless [`MAX_CONNECTIONS`] are
/// being read already (then the connection is dropped, i.e. closed).
fn spawn_connection(serve: impl FnOnce() + Send + 'static) -> io::Result<()> {
    if OPEN_CONNECTIONS.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
        OPEN_CONNECTIONS.fetch_sub(1, Ordering::SeqCst);
        return Err(io::Error::other("too many connections"));
    }
    let spawned = std::thread::Builder::new()
        .name("trayotp-control-client".into())
        .spawn(move || {
            // A panic in one request must not end the channel (or leak a slot).
            let _ = crate::platform::crash::guard("control channel", serve);
            OPEN_CONNECTIONS.fetch_sub(1, Ordering::SeqCst);
        });
    if spawned.is_err() {
        OPEN_CONNECTIONS.fetch_sub(1, Ordering::SeqCst);
    }
    spawned.map(drop)
}

/// Asks the running tray of `vault`, if any, to read `settings.toml` again
/// after a change. No tray running is fine: it reads the file when it starts.
pub fn tell_tray_settings_changed(vault: &Path) {
    let _ = send(vault, &Request::ReloadSettings);
}

/// Sends one request to the running tray of `vault`.
pub fn send(vault: &Path, request: &Request) -> Result<Response, ControlError> {
    send_to(vault, Role::Tray, request)
}

/// Sends one request to whoever serves `role` for `vault`.
pub fn send_to(vault: &Path, role: Role, request: &Request) -> Result<Response, ControlError> {
    let stream = imp::connect(&role_endpoint_id(vault, role))?;
    // Named pipes have no read timeout: wait for the answer on a helper
    // thread, on every platform alike.
    let (answer, answered) = std::sync::mpsc::channel();
    let request = request.clone();
    std::thread::spawn(move || {
        let _ = answer.send(exchange(stream, &request));
    });
    answered
        .recv_timeout(ANSWER_TIMEOUT)
        .unwrap_or(Err(ControlError::NoAnswer))
}

fn exchange<S: io::Read + Write + Send + 'static>(mut stream: S, request: &Request) -> Result<Response, ControlError> {
    let mut line = serde_json::to_string(request).map_err(|_| ControlError::BadAnswer)?;
    line.push('\n');
    stream.write_all(line.as_bytes())?;
    stream.flush()?;
    let mut answer = String::new();
    BufReader::new(stream).read_line(&mut answer)?;
    serde_json::from_str(answer.trim()).map_err(|_| ControlError::BadAnswer)
}

/// A request received by the tray, with the way back to its client.
pub struct Incoming {
    pub request: Request,
    answer: Box<dyn FnOnce(&Response) + Send>,
}

impl Incoming {
    pub fn answer(self, response: &Response) {
        (self.answer)(response);
    }
}

impl std::fmt::Debug for Incoming {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Incoming")
            .field("request", &self.request)
            .finish_non_exhaustive()
    }
}

/// Serves one connection: reads the request (at most [`MAX_REQUEST`]
/// bytes), calls `on_read` once reading is over, and hands the request to
/// `deliver`, which must eventually call [`Incoming::answer`].
fn serve_one<S>(stream: S, deliver: &(dyn Fn(Incoming) + Send + Sync), on_read: impl FnOnce())
where
    S: io::Read + Write + Send + 'static,
{
    let (line, stream) = read_request(stream);
    // Reading is over; the stream is still open here (Windows: the
    // watchdog may touch its handle until `on_read` says so).
    on_read();
    let (Some(line), mut stream) = (line, stream) else {
        return;
    };
    // A client that sends garbage gets an error line, never a crash.
    let request = match parse_request(line.as_deref()) {
        Ok(request) => request,
        Err(refusal) => {
            let _ = write_answer(&mut stream, &refusal);
            return;
        }
    };
    deliver(Incoming {
        request,
        answer: Box::new(move |response| {
            let _ = write_answer(&mut stream, response);
        }),
    });
}

/// Reads one request line of at most [`MAX_REQUEST`] bytes. Returns the
/// line (`Some(None)` when it is too long, `None` when reading failed:
/// timed out, cut off, not UTF-8) and the stream, still open: the caller
/// drops it, after telling the watchdog (N5).
fn read_request<S: Read>(stream: S) -> (Option<Option<String>>, S) {
    let mut reader = BufReader::new(stream.take(MAX_REQUEST));
    let mut line = String::new();
    let read = reader.read_line(&mut line);
    let stream = reader.into_inner().into_inner();
    match read {
        Err(_) => (None, stream),
        Ok(_) if !line.ends_with('\n') && line.len() as u64 >= MAX_REQUEST => (Some(None), stream),
        Ok(_) => (Some(Some(line)), stream),
    }
}

/// A request line as the tray reads it (`None`: longer than
/// [`MAX_REQUEST`]), or the answer that refuses it.
fn parse_request(line: Option<&str>) -> Result<Request, Response> {
    match line.map(|line| serde_json::from_str(line.trim())) {
        Some(Ok(request)) => Ok(request),
        Some(Err(_)) => Err(Response::refused(ErrorKind::UnknownRequest, "unknown request")),
        None => Err(Response::error("the request is too long")),
    }
}

/// What the tray makes of a connection that sent `bytes` and then closed
/// it: the request, the answer that refuses it, or `Err(None)` when the
/// connection is dropped unanswered (cut off, not UTF-8). The framing and
/// parsing the tray uses, for the fuzz target and the tests.
#[doc(hidden)]
pub fn frame_request(bytes: &[u8]) -> Result<Request, Option<Response>> {
    match read_request(bytes) {
        (Some(line), _) => parse_request(line.as_deref()).map_err(Some),
        (None, _) => Err(None),
    }
}

fn write_answer<S: Write>(stream: &mut S, response: &Response) -> io::Result<()> {
    let mut line = serde_json::to_string(response).map_err(io::Error::other)?;
    line.push('\n');
    stream.write_all(line.as_bytes())?;
    stream.flush()
}

/// The tray's end of the channel. Holding it means being the only tray for
/// the vault; requests are delivered on a background thread.
pub struct ControlServer {
    listener: imp::Listener,
}

impl ControlServer {
    /// Claims the endpoint for `vault`, or reports that a tray already has it.
    pub fn bind(vault: &Path) -> Result<Self, ControlError> {
        Self::bind_as(vault, Role::Tray)
    }

    /// Claims the endpoint of `role` for `vault`, or reports that another
    /// process already has it.
    pub fn bind_as(vault: &Path, role: Role) -> Result<Self, ControlError> {
        Ok(Self {
            listener: imp::Listener::bind(&role_endpoint_id(vault, role))?,
        })
    }

    /// Serves requests on a background thread for the life of the process.
    pub fn serve(self, deliver: impl Fn(Incoming) + Send + Sync + 'static) -> io::Result<()> {
        let deliver: Deliver = Arc::new(deliver);
        std::thread::Builder::new()
            .name("trayotp-control".into())
            .spawn(move || self.listener.accept_loop(deliver))?;
        Ok(())
    }
}

#[cfg(unix)]
mod unix;
#[cfg(unix)]
use unix as imp;
#[cfg(windows)]
mod windows;
#[cfg(windows)]
use windows as imp;
#[cfg(windows)]
pub use windows::pipe_path_of_vault as pipe_path;
