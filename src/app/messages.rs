//! What goes in and out of the app: the [`Event`]s the shell brings, the
//! [`Effect`]s it asks the shell to carry out, and the [`Reply`] to a
//! control-channel request. `Debug` of an effect never shows a code.

use zeroize::Zeroizing;

use super::*;

/// Something that happened.
#[derive(Debug)]
pub enum Event {
    /// The tray has started with these accounts.
    Started(AccountList),
    /// The tray was started by the user (not with `--background`): after
    /// [`Event::Started`] and the start-up warnings.
    StartedByUser,
    /// The account menu item at `index` was clicked.
    AccountClicked(usize),
    /// The tray icon was left-clicked (Windows convention: copy the default).
    IconClicked,
    /// The global hotkey was pressed over a window with this title (`None`:
    /// unknown). The title picks an account by its window rule and is not kept.
    /// `over_ours`: the window is one of trayotp's own (a form): the code
    /// is then copied, never pasted or typed into it.
    HotkeyPressed {
        title: Option<String>,
        over_ours: bool,
    },
    /// The quick picker chose this account (through the control channel).
    PickChosen(String),
    /// The paste or typing asked by [`Effect::Deliver`] ended so.
    Delivered(DeliverOutcome),
    /// The settings changed (read again after `trayotp settings set`).
    ConfigChanged(AppConfig),
    /// Problems found while (re)starting: settings file, hotkey.
    Notices(Vec<Notice>),
    /// The login entry is now in this state (at start, and after a change).
    AutostartChanged(AutostartStatus),
    /// The login entry could not be read or changed; one line.
    AutostartFailed(String),
    /// The "Start at login" check item was clicked.
    StartAtLoginClicked,
    /// `trayotp copy NAME` asked through the control channel.
    CopyRequested(String),
    /// `trayotp code NAME [--at T]` through the control channel: the code
    /// is answered, never copied.
    CodeRequested {
        name: String,
        at: Option<u64>,
    },
    /// The clipboard now holds what [`Effect::SetClipboard`] asked for (or not).
    ClipboardSet {
        ok: bool,
    },
    /// The armed timer fired.
    TimerFired,
    /// A toast could not be shown (no notification service, Wine, Focus Assist).
    ToastFailed,
    /// The vault changed on disk and was read again.
    VaultReloaded(AccountList),
    /// The vault changed on disk but could not be read; the message is one line.
    VaultUnreadable(String),
    /// Another `trayotp` start asked this one to show itself.
    ShowRequested,
    /// A menu item that opens a form was clicked.
    FormRequested(Form),
    /// A form's window could not be opened (or its process failed).
    FormFailed,
    /// The vault's backup record, read from its state file (at start and
    /// after every vault reload): the backup reminder is decided on it.
    BackupState(BackupState),
    /// The last clock measurement from the vault's state file, at start:
    /// the clock check begins (see [`clock`]).
    StoredClock(Option<ClockRecord>),
    /// A clock measurement finished (`None`: no server answered).
    ClockMeasured(Option<ClockRecord>),
    /// The PC woke from sleep.
    Resumed,
    /// One of the clock line's actions was clicked.
    ClockActionClicked(ClockAction),
    /// "Help" was clicked.
    HelpRequested,
    /// The guide could not be found or opened; one line.
    HelpFailed(String),
    QuitRequested,
}

/// Something the shell must do. `Debug` is written by hand (below) so that
/// formatting an effect never prints a code.
#[derive(PartialEq, Eq)]
pub enum Effect {
    /// Put the text in the clipboard (excluded from clipboard history),
    /// then report [`Event::ClipboardSet`].
    SetClipboard(Zeroizing<String>),
    /// Clear the clipboard, but only if it is still as our last copy left
    /// it (nobody copied anything since, not even the same digits): the
    /// shell knows that by the OS's own mark of the clipboard, never by
    /// comparing digits, so the effect carries none.
    ClearClipboardIfUnchanged,
    /// Show a toast, replacing the previous one; it may be dismissed at `expires_at`.
    ShowToast {
        body: String,
        expires_at: Option<Millis>,
    },
    /// Remove our toast from the screen and the notification centre.
    CloseToast,
    SetTooltip(String),
    SetMenu(Vec<MenuEntry>),
    /// Wait (at most `wait_ms`) until the hotkey's keys are let go, then put
    /// the code into the window the hotkey was pressed over: Ctrl+V (the
    /// code is already in the clipboard) or the digits typed. Then report
    /// [`Event::Delivered`].
    Deliver {
        code: Zeroizing<String>,
        how: Delivery,
        wait_ms: u64,
    },
    /// Open the quick picker showing only these accounts (display names).
    OpenPicker(Vec<String>),
    /// Pop the menu up at the pointer (only when [`AppConfig::pop_up_menu`]).
    ShowMenu,
    /// Turn "start at login" on or off, then report [`Event::AutostartChanged`]
    /// or [`Event::AutostartFailed`].
    SetStartAtLogin(bool),
    /// Wake the app with [`Event::TimerFired`] at this time, or never.
    SetTimer(Option<Millis>),
    /// Answer the pending control-channel request.
    Reply(Reply),
    /// Start the form's window (a child process the tray does not wait for).
    OpenWindow(Form),
    /// Remember in the vault's state file that a backup reminder was shown
    /// at this Unix time (seconds), so it is not shown again after a restart.
    RecordBackupReminder(u64),
    /// Ask these time servers (on another thread), then report
    /// [`Event::ClockMeasured`].
    MeasureClock(Vec<String>),
    /// Keep this measurement in the vault's state file.
    RecordClock(ClockRecord),
    /// Open the system's date & time settings (Windows).
    OpenDateTimeSettings,
    /// Set `clock_correction` in the settings file, then apply the settings
    /// ([`Event::ConfigChanged`]).
    SetClockCorrection(bool),
    /// Open the user guide in this language with the system's browser
    /// (the local file, see `crate::guide`); report [`Event::HelpFailed`]
    /// if it cannot be.
    OpenHelp(Language),
    Exit,
}

/// Every digit shown as `#`: a toast or tooltip may hold the code (when the
/// user turned `show_digits_in_toast` on), and a debug line must not.
fn digits_hidden(text: &str) -> String {
    text.chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).collect()
}

impl std::fmt::Debug for Effect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Exhaustive on purpose: a new effect must decide what it shows.
        match self {
            Effect::SetClipboard(_) => f.write_str("SetClipboard(<redacted>)"),
            Effect::ClearClipboardIfUnchanged => f.write_str("ClearClipboardIfUnchanged"),
            Effect::ShowToast { body, expires_at } => f
                .debug_struct("ShowToast")
                .field("body", &digits_hidden(body))
                .field("expires_at", expires_at)
                .finish(),
            Effect::CloseToast => f.write_str("CloseToast"),
            Effect::SetTooltip(text) => f.debug_tuple("SetTooltip").field(&digits_hidden(text)).finish(),
            Effect::SetMenu(entries) => f.debug_tuple("SetMenu").field(entries).finish(),
            Effect::Deliver { how, wait_ms, .. } => f
                .debug_struct("Deliver")
                .field("code", &"<redacted>")
                .field("how", how)
                .field("wait_ms", wait_ms)
                .finish(),
            Effect::OpenPicker(names) => f.debug_tuple("OpenPicker").field(names).finish(),
            Effect::ShowMenu => f.write_str("ShowMenu"),
            Effect::SetStartAtLogin(on) => f.debug_tuple("SetStartAtLogin").field(on).finish(),
            Effect::SetTimer(at) => f.debug_tuple("SetTimer").field(at).finish(),
            Effect::Reply(reply) => f.debug_tuple("Reply").field(reply).finish(),
            Effect::OpenWindow(form) => f.debug_tuple("OpenWindow").field(form).finish(),
            Effect::RecordBackupReminder(at) => f.debug_tuple("RecordBackupReminder").field(at).finish(),
            Effect::MeasureClock(servers) => f.debug_tuple("MeasureClock").field(servers).finish(),
            Effect::RecordClock(record) => f.debug_tuple("RecordClock").field(record).finish(),
            Effect::OpenDateTimeSettings => f.write_str("OpenDateTimeSettings"),
            Effect::SetClockCorrection(on) => f.debug_tuple("SetClockCorrection").field(on).finish(),
            Effect::OpenHelp(language) => f.debug_tuple("OpenHelp").field(language).finish(),
            Effect::Exit => f.write_str("Exit"),
        }
    }
}

/// The answer to a request on the control channel (`trayotp copy NAME`,
/// `trayotp code NAME`, a second start).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    Copied {
        name: String,
        seconds_left: u64,
        period: u32,
    },
    /// The code was about to expire: the fresh one follows in `seconds`.
    CopyingNext {
        name: String,
        seconds: u64,
    },
    UnknownAccount(String),
    ClipboardBusy,
    Shown,
    /// `trayotp code NAME`: the code, for the command to print.
    Code(CodeAnswer),
}
