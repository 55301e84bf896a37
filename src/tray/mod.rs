//! The tray process: a tao event loop with a tray-icon icon and a muda menu.
//!
//! This is the imperative shell around [`crate::app::App`]: it turns OS
//! events (menu clicks, icon clicks, the global hotkey, control-channel
//! requests, the timer, toast failures) into [`app::Event`]s and carries out
//! the [`Effect`]s that come back. It makes no decisions of its own.
//!
//! It also reads `settings.toml` (at start and on `ReloadSettings`),
//! registers the hotkey on this thread (Windows needs it on the thread that
//! pumps messages) and reports the login entry's state.
//!
//! Idle, it sleeps (`ControlFlow::Wait`): the only timer it ever arms is the
//! one the app asks for (see `alarm.rs`), to clear the clipboard when a code
//! expires or to copy the next code after a click in a code's last seconds,
//! or (days away) when the next backup reminder falls due (`app::backup`).
//!
//! A passphrase vault is unlocked in the tray's own unlock window (or from
//! `TRAYOTP_PASSPHRASE`, for scripts); the passphrase stays in this process
//! ([`keys`]). `Reload` requests read the vault on a worker thread, one read
//! for every burst of them ([`reload`]), so the menu never waits for a KDF.
//! Each event is handled under `catch_unwind` (`crash::guard`): a bug in
//! one handler is logged, our code is cleared from the clipboard, a toast
//! says so, and the tray goes on.

mod alarm;

mod keys;
mod reload;

use std::collections::VecDeque;
use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tao::event::Event as OsEvent;
use tao::event_loop::{ControlFlow, EventLoop, EventLoopBuilder};
use tray_icon::menu::{CheckMenuItem, Menu, MenuEvent, MenuItem, PredefinedMenuItem};
use tray_icon::{MouseButton, MouseButtonState, TrayIcon, TrayIconBuilder, TrayIconEvent};

use crate::app::menu::{MenuEntry, MenuScreen};
use crate::app::{self, App, AppConfig, Effect, Millis, Notice, Reply};
use crate::domain::AccountList;
use crate::domain::clock::ClockRecord;
use crate::i18n::{Language, Texts};
use crate::platform::autostart;
use crate::platform::clipboard::{self, Clipboard, SystemClipboard};
use crate::platform::control::{ControlError, ControlServer, Incoming, Request, Response};
use crate::platform::hotkey::HotkeyRegistration;
use crate::platform::input;
use crate::platform::notify::Notifier;
use crate::platform::{clock_settings, forms, resume, sntp};
use crate::protect::ProtectError;
use crate::settings::{self, HotkeyProblem, Settings};
use crate::vault::{ProtectorChooser, Vault, VaultError, VaultPath, state};
use keys::TrayPassphrase;

/// Why the tray could not start.
#[derive(Debug, thiserror::Error)]
pub enum TrayError {
    #[error(transparent)]
    Vault(#[from] VaultError),
    #[error(transparent)]
    Control(#[from] ControlError),
    #[error("cannot start the tray: {0}")]
    Start(String),
}

/// Where the tray's settings are, and what it may do on its own.
pub struct TrayOptions {
    /// `settings.toml`.
    pub settings: PathBuf,
    /// Whether to repoint a login entry left behind by a move (only the
    /// tray of the default vault: the entry starts that one).
    pub repair_login_entry: bool,
    /// Started by the user (not `--background`): a first start with no
    /// accounts then opens "Add account" and says where the icon is.
    pub started_by_user: bool,
}

/// What the OS side sends into the loop.
enum UserEvent {
    Menu(String),
    IconClicked,
    Hotkey(u32),
    Control(Incoming),
    ToastFailed,
    AlarmRang,
    /// A form's process could not start its window.
    FormFailed,
    /// A clock measurement finished (on its own thread).
    ClockMeasured(Option<ClockRecord>),
    /// The PC woke from sleep.
    Resumed,
    /// A paste or typing into the focused window ended (on its thread).
    Delivered(app::DeliverOutcome),
    /// The worker read the vault for these `Reload` requests.
    Reloaded(Result<AccountList, VaultError>, Vec<Incoming>),
}

fn now_millis() -> Millis {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as Millis)
        .unwrap_or(0)
}

/// The running tray answers a second start by popping its menu up, which
/// needs the foreground; Windows lets a background process take it only
/// when the foreground one (this process, just started by the user) allows it.
fn allow_running_tray_to_take_focus() {
    #[cfg(windows)]
    // SAFETY: no pointers; failure only means the menu may open behind.
    unsafe {
        windows_sys::Win32::UI::WindowsAndMessaging::AllowSetForegroundWindow(
            windows_sys::Win32::UI::WindowsAndMessaging::ASFW_ANY,
        );
    }
}

/// A menu popped up by the hotkey would see the hotkey's own key-ups (Alt's
/// closes a menu): wait until the keys are let go (at most a second), then
/// drop the keyboard messages they left in this thread's queue.
#[cfg(windows)]
fn wait_for_hotkey_release() {
    use windows_sys::Win32::UI::Input::KeyboardAndMouse::{
        GetAsyncKeyState, VK_CONTROL, VK_LWIN, VK_MENU, VK_RWIN, VK_SHIFT,
    };
    use windows_sys::Win32::UI::WindowsAndMessaging::{MSG, PM_REMOVE, PeekMessageW, WM_KEYFIRST, WM_KEYLAST};
    let held = |key: u16| {
        // SAFETY: no pointers.
        let state = unsafe { GetAsyncKeyState(i32::from(key)) };
        state < 0
    };
    for _ in 0..50 {
        if ![VK_CONTROL, VK_MENU, VK_SHIFT, VK_LWIN, VK_RWIN].into_iter().any(held) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // SAFETY: MSG is plain data; a null window means any of this thread's.
    unsafe {
        let mut message: MSG = std::mem::zeroed();
        while PeekMessageW(&mut message, std::ptr::null_mut(), WM_KEYFIRST, WM_KEYLAST, PM_REMOVE) != 0 {}
    }
}

/// The screen the menu must fit, or a laptop's when it cannot be measured.
fn menu_screen() -> MenuScreen {
    crate::platform::screen::work_area().map_or(MenuScreen::FALLBACK, |area| MenuScreen {
        work_area_height: area.height,
        item_height: area.menu_item_height,
    })
}

/// Reads the vault's accounts (an absent vault is an empty list).
fn read_accounts(vault: &VaultPath, choose: &ProtectorChooser) -> Result<AccountList, VaultError> {
    Ok(Vault::open(vault, choose)?
        .map(|v| v.accounts().clone())
        .unwrap_or_default())
}

/// Opens the vault for the tray. A passphrase vault without
/// `TRAYOTP_PASSPHRASE` opens the unlock window, which asks again after a
/// wrong passphrase; the accepted one is kept in `keys`.
fn unlock(vault: &VaultPath, keys: &TrayPassphrase, language: Language) -> Result<AccountList, TrayError> {
    match read_accounts(vault, &keys.chooser()) {
        Err(VaultError::Protect(ProtectError::NoPassphrase(_))) => {}
        other => return Ok(other?),
    }
    let outcome = std::rc::Rc::new(std::cell::RefCell::new(None));
    let seen = outcome.clone();
    let (vault_for_check, keys_for_check) = (vault.clone(), keys.clone());
    let check = move |typed: &zeroize::Zeroizing<String>| {
        keys_for_check.set(typed.clone());
        match read_accounts(&vault_for_check, &keys_for_check.chooser()) {
            Err(VaultError::Protect(ProtectError::WrongPassphrase)) => {
                keys_for_check.forget();
                crate::gui::unlock::Check::Wrong
            }
            result => {
                *seen.borrow_mut() = Some(result);
                crate::gui::unlock::Check::Accepted
            }
        }
    };
    let accepted = crate::gui::unlock::ask(language, Box::new(check));
    match (accepted, outcome.borrow_mut().take()) {
        (Some(_), Some(result)) => Ok(result?),
        _ => {
            keys.forget();
            Err(TrayError::Start(
                "the vault stays locked (its passphrase was not given): start trayotp again to unlock it".into(),
            ))
        }
    }
}

/// Starts the tray for `vault`. If a tray already runs for it, asks that one
/// to show itself and returns `Ok(false)`; otherwise runs until Quit (the
/// process exits from inside the event loop).
pub fn run(vault: VaultPath, options: TrayOptions) -> Result<bool, TrayError> {
    set_app_user_model_id();
    let server = match ControlServer::bind(vault.main()) {
        Ok(server) => server,
        Err(ControlError::AlreadyRunning) => {
            allow_running_tray_to_take_focus();
            crate::platform::control::send(vault.main(), &Request::Show)?;
            return Ok(false);
        }
        // Including a name taken by another user: nothing is sent to it.
        Err(other) => return Err(other.into()),
    };
    // The event loop first, while this is the only thread of ours (see
    // `build_event_loop`); the keyring's D-Bus client starts threads.
    let event_loop = build_event_loop()?;
    let loaded = settings::file::load(&options.settings);
    let menu_screen = menu_screen();
    let config = AppConfig {
        menu_screen,
        ..AppConfig::from_settings(&loaded.settings, Language::from_os())
    };
    let language = config.language;
    let keys = TrayPassphrase::default();
    let accounts = unlock(&vault, &keys, config.language)?;

    let proxy = event_loop.create_proxy();
    MenuEvent::set_event_handler(Some(move |event: MenuEvent| {
        let _ = proxy.send_event(UserEvent::Menu(event.id.0));
    }));
    let proxy = event_loop.create_proxy();
    TrayIconEvent::set_event_handler(Some(move |event| {
        if let TrayIconEvent::Click {
            button: MouseButton::Left,
            button_state: MouseButtonState::Up,
            ..
        } = event
        {
            let _ = proxy.send_event(UserEvent::IconClicked);
        }
    }));
    let proxy = std::sync::Mutex::new(event_loop.create_proxy());
    let hotkeys = HotkeyRegistration::new(std::sync::Arc::new(move |id| {
        let proxy = proxy.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let _ = proxy.send_event(UserEvent::Hotkey(id));
    }));
    let proxy = event_loop.create_proxy();
    server
        .serve(move |incoming| {
            if let Err(closed) = proxy.send_event(UserEvent::Control(incoming))
                && let UserEvent::Control(incoming) = closed.0
            {
                incoming.answer(&Response::error("the tray is shutting down"));
            }
        })
        .map_err(|e| TrayError::Start(e.to_string()))?;
    register_app_identity(&vault);
    let proxy = event_loop.create_proxy();
    let notifier = Notifier::spawn(Texts(config.language).app_name().to_string(), move || {
        let _ = proxy.send_event(UserEvent::ToastFailed);
    })
    .map_err(|e| TrayError::Start(e.to_string()))?;

    let proxy = event_loop.create_proxy();
    let alarm = alarm::Alarm::spawn(move || {
        let _ = proxy.send_event(UserEvent::AlarmRang);
    })
    .map_err(|e| TrayError::Start(e.to_string()))?;

    let proxy = event_loop.create_proxy();
    if let Err(why) = resume::watch(move || {
        let _ = proxy.send_event(UserEvent::Resumed);
    }) {
        sntp::debug_log(&format!("no news of resume from sleep: {why}"));
    }

    let proxy = event_loop.create_proxy();
    let clock_measured = std::sync::Arc::new(move |record| {
        let _ = proxy.send_event(UserEvent::ClockMeasured(record));
    });
    let proxy = event_loop.create_proxy();
    let delivered = std::sync::Arc::new(move |outcome| {
        let _ = proxy.send_event(UserEvent::Delivered(outcome));
    });
    let proxy = event_loop.create_proxy();
    let mut shell = Shell {
        delivered,
        target: None,
        clock_measured,
        form_failed: std::sync::Arc::new(move || {
            let _ = proxy.send_event(UserEvent::FormFailed);
        }),
        app: App::new(config),
        tray: None,
        menu: Vec::new(),
        popup: None,
        tooltip: String::new(),
        clipboard: None,
        notifier,
        pending: None,
        alarm,
        exit: false,
        reloads: reload::Reloads::default(),
        reloaded: {
            let proxy = event_loop.create_proxy();
            std::sync::Arc::new(move |result, answered| {
                let _ = proxy.send_event(UserEvent::Reloaded(result, answered));
            })
        },
        auto_backup_failed: state::load(&vault).auto_backup_failed,
        vault,
        keys,
        language,
        hotkeys,
        settings_path: options.settings,
        menu_screen,
    };
    let mut start = Some((accounts, loaded, options.repair_login_entry));
    let started_by_user = options.started_by_user;

    event_loop.run(move |event, _, control_flow| {
        let handled = crate::platform::crash::guard("tray event", || {
            // On the first event, whichever it is: tao can deliver a control
            // request (a `trayotp status` sent at once) before `Init`, and it
            // must find the icon and the menu there.
            if let Some((accounts, loaded, repair)) = start.take() {
                shell.create_tray();
                shell.dispatch(app::Event::Started(accounts));
                shell.start(loaded, repair);
                shell.greet_the_user(started_by_user);
                // After the warnings, which hold the reminder back a minute.
                shell.dispatch(app::Event::BackupState(shell.backup_state()));
                // The clock check starts on a thread of its own.
                let stored = crate::platform::clock_store::load();
                shell.dispatch(app::Event::StoredClock(stored));
            }
            match event {
                OsEvent::UserEvent(UserEvent::Hotkey(id)) if shell.hotkeys.is_ours(id) => {
                    // The window it was pressed over: the target of a paste
                    // or typing, and its title for the window rules (handed
                    // to the app, not kept).
                    let focused = input::focused();
                    shell.target = focused.as_ref().map(|f| f.target);
                    let over_ours = focused.as_ref().is_some_and(|f| f.ours);
                    let title = focused.and_then(|f| f.title);
                    shell.dispatch(app::Event::HotkeyPressed { title, over_ours })
                }
                OsEvent::UserEvent(UserEvent::Delivered(outcome)) => shell.dispatch(app::Event::Delivered(outcome)),
                OsEvent::UserEvent(UserEvent::AlarmRang) => shell.dispatch(app::Event::TimerFired),
                OsEvent::UserEvent(UserEvent::Menu(id)) => {
                    if id == "quit" {
                        shell.dispatch(app::Event::QuitRequested);
                    } else if id == HELP_ID {
                        shell.dispatch(app::Event::HelpRequested);
                    } else if id == START_AT_LOGIN_ID {
                        shell.dispatch(app::Event::StartAtLoginClicked);
                    } else if let Some(index) = id.strip_prefix("account:").and_then(|i| i.parse().ok()) {
                        shell.dispatch(app::Event::AccountClicked(index));
                    } else if let Some(form) = id.strip_prefix("form:").and_then(form_named) {
                        shell.dispatch(app::Event::FormRequested(form));
                    } else if id == CLOCK_SYSTEM_SETTINGS_ID {
                        shell.dispatch(app::Event::ClockActionClicked(app::ClockAction::SystemSettings));
                    } else if id == CLOCK_CORRECT_ID {
                        shell.dispatch(app::Event::ClockActionClicked(app::ClockAction::CorrectInTrayotp));
                    }
                }
                OsEvent::UserEvent(UserEvent::IconClicked) => shell.dispatch(app::Event::IconClicked),
                OsEvent::UserEvent(UserEvent::ToastFailed) => {
                    log::info!("a notification could not be shown");
                    shell.dispatch(app::Event::ToastFailed)
                }
                OsEvent::UserEvent(UserEvent::FormFailed) => shell.dispatch(app::Event::FormFailed),
                OsEvent::UserEvent(UserEvent::ClockMeasured(record)) => {
                    shell.dispatch(app::Event::ClockMeasured(record))
                }
                OsEvent::UserEvent(UserEvent::Resumed) => shell.dispatch(app::Event::Resumed),
                OsEvent::UserEvent(UserEvent::Control(incoming)) => shell.serve(incoming),
                OsEvent::UserEvent(UserEvent::Reloaded(result, answered)) => shell.reloaded(result, answered),
                _ => {}
            }
        });
        if handled.is_err() {
            shell.after_crash();
        }
        *control_flow = if shell.exit {
            shell.tray.take();
            ControlFlow::Exit
        } else {
            ControlFlow::Wait
        };
    })
}

struct Shell {
    app: App,
    tray: Option<TrayIcon>,
    /// The menu as last built, for `Status` requests.
    menu: Vec<MenuEntry>,
    /// The same menu, to pop up at the pointer (the hotkey, a second start).
    popup: Option<Menu>,
    tooltip: String,
    /// Created on first use: X11 needs it alive to serve what we copied.
    clipboard: Option<SystemClipboard>,
    notifier: Notifier,
    /// The control request waiting for the app's [`Effect::Reply`].
    pending: Option<Incoming>,
    alarm: alarm::Alarm,
    exit: bool,
    /// `Reload` requests waiting for, or being served by, the worker.
    reloads: reload::Reloads,
    /// How the worker reports back to the loop.
    reloaded: reload::Report,
    vault: VaultPath,
    keys: TrayPassphrase,
    /// The language of the tray's own messages (the app has its copy).
    language: Language,
    hotkeys: HotkeyRegistration,
    settings_path: PathBuf,
    /// The screen the menu fits, measured at start.
    menu_screen: MenuScreen,
    /// Tells the loop that a form's process failed (called on its watcher thread).
    form_failed: std::sync::Arc<dyn Fn() + Send + Sync>,
    /// Tells the loop a paste or typing ended (called on its thread).
    delivered: std::sync::Arc<dyn Fn(app::DeliverOutcome) + Send + Sync>,
    /// The window the hotkey was last pressed over.
    target: Option<input::Target>,
    /// Tells the loop a clock measurement finished (called on its thread).
    clock_measured: std::sync::Arc<dyn Fn(Option<ClockRecord>) + Send + Sync>,
    /// When an automatic backup last failed, as last told (one toast each).
    auto_backup_failed: Option<u64>,
}

const START_AT_LOGIN_ID: &str = "start-at-login";
const HELP_ID: &str = "help";
const CLOCK_SYSTEM_SETTINGS_ID: &str = "clock:system-settings";
const CLOCK_CORRECT_ID: &str = "clock:correct";

/// Asks the time servers on a thread of its own (never on the click path)
/// and reports back; no answer is silent but for a debug line.
fn spawn_clock_measurement(servers: Vec<String>, report: std::sync::Arc<dyn Fn(Option<ClockRecord>) + Send + Sync>) {
    let spawned = std::thread::Builder::new().name("clock-check".into()).spawn(move || {
        let record = match sntp::measure(&servers) {
            Ok(measurement) => {
                sntp::debug_log(&format!(
                    "clock check: {} replies agree the offset is {} ms (round trip up to {} ms)",
                    measurement.replies, measurement.offset_ms, measurement.round_trip_ms
                ));
                Some(ClockRecord::measured(measurement.offset_ms, measurement.measured_at))
            }
            Err(error) => {
                log::info!("clock check: {error}");
                sntp::debug_log(&format!("clock check: {error}"));
                None
            }
        };
        report(record);
    });
    if let Err(error) = spawned {
        sntp::debug_log(&format!("clock check: no thread ({error})"));
    }
}

/// The settings file's problems as the app reports them.
fn settings_notices(loaded: &settings::file::Loaded) -> Vec<Notice> {
    loaded
        .problems
        .iter()
        .map(|problem| Notice::Settings {
            file: loaded.path.display().to_string(),
            detail: problem.to_string(),
        })
        .collect()
}

impl Shell {
    /// Pops the tray menu up at the mouse pointer (Windows; the app asks only
    /// where [`app::AppConfig::pop_up_menu`] is set). Runs the menu's modal
    /// loop; the choice arrives as a normal menu event.
    fn pop_up_menu(&self) {
        #[cfg(windows)]
        if let (Some(tray), Some(menu)) = (&self.tray, &self.popup) {
            use tray_icon::menu::ContextMenu;
            use windows_sys::Win32::UI::WindowsAndMessaging::{PostMessageW, WM_NULL};
            let window = tray.window_handle();
            wait_for_hotkey_release();
            // SAFETY: the tray's own hidden window, alive as long as `tray`.
            unsafe {
                menu.show_context_menu_for_hwnd(window as isize, None);
                // Without a message after the menu's loop, the next pop-up
                // can close as soon as it opens (Microsoft KB Q135788).
                PostMessageW(window, WM_NULL, 0, 0);
            }
        }
    }

    /// After the menu is up: the hotkey, the login entry, and whatever
    /// went wrong with them or with the settings file.
    fn start(&mut self, loaded: settings::file::Loaded, repair_login_entry: bool) {
        let mut notices = settings_notices(&loaded);
        if let Err(problem) = self.hotkeys.set(loaded.settings.hotkey.as_ref()) {
            log::info!("hotkey: {problem}");
            notices.push(Notice::Hotkey(problem));
        }
        if !notices.is_empty() {
            self.dispatch(app::Event::Notices(notices));
        }
        let status = if repair_login_entry {
            autostart::repair_if_moved()
        } else {
            autostart::status()
        };
        self.dispatch(match status {
            Ok(status) => app::Event::AutostartChanged(status),
            Err(error) => app::Event::AutostartFailed(error.to_string()),
        });
    }

    /// The first start's welcome (the app decides whether there is one):
    /// after the start-up warnings, so its toast is the one left on screen.
    fn greet_the_user(&mut self, started_by_user: bool) {
        if started_by_user {
            self.dispatch(app::Event::StartedByUser);
        }
    }

    /// What the vault's state file says about backups (missing reads as none).
    fn backup_state(&self) -> app::BackupState {
        let state = state::load(&self.vault);
        app::BackupState {
            last_backup: state.last_backup,
            last_reminded: state.last_backup_reminder,
        }
    }

    /// `ReloadSettings`: reads the file again and applies it.
    fn reload_settings(&mut self) -> Response {
        let loaded = settings::file::load(&self.settings_path);
        let config = AppConfig {
            menu_screen: self.menu_screen,
            ..AppConfig::from_settings(&loaded.settings, Language::from_os())
        };
        self.language = config.language;
        let notices = settings_notices(&loaded);
        self.dispatch(app::Event::ConfigChanged(config));
        if !notices.is_empty() {
            self.dispatch(app::Event::Notices(notices));
        }
        // `trayotp autostart on|off` asks for this too, for the check item.
        if let Ok(status) = autostart::status() {
            self.dispatch(app::Event::AutostartChanged(status));
        }
        self.apply_hotkey(&loaded.settings)
    }

    fn apply_hotkey(&mut self, settings: &Settings) -> Response {
        match self.hotkeys.set(settings.hotkey.as_ref()) {
            Ok(()) => Response::ok(match self.hotkeys.current() {
                Some(hotkey) => format!("settings applied; hotkey {hotkey}"),
                None => "settings applied; no hotkey".to_string(),
            }),
            // Not this hotkey's fault: the session has none (the start-up toast said so).
            Err(problem @ (HotkeyProblem::Wayland | HotkeyProblem::NoDisplay)) => {
                Response::ok(format!("settings applied; {problem}"))
            }
            Err(problem) => {
                log::info!("hotkey: {problem}");
                Response::error(problem.to_string())
            }
        }
    }

    fn create_tray(&mut self) {
        let mut builder = TrayIconBuilder::new();
        if let Some(icon) = tray_icon() {
            builder = builder.with_icon(icon);
        }
        let built = builder
            .with_tooltip(Texts(crate::i18n::Language::English).app_name())
            .with_menu(Box::new(Menu::new()))
            .with_menu_on_left_click(false)
            .build();
        match built {
            Ok(tray) => self.tray = Some(tray),
            // No notification area (a bare X server, a desktop without
            // one): the tray keeps serving the control channel and hotkey.
            Err(error) => crate::log_file::warning(&format!("no tray icon ({error}); `trayotp copy NAME` still works")),
        }
    }

    /// Feeds one event to the app and carries out the effects, including the
    /// events those effects report back.
    fn dispatch(&mut self, event: app::Event) {
        let mut queue = VecDeque::from([event]);
        while let Some(event) = queue.pop_front() {
            for effect in self.app.handle(event, now_millis()) {
                if let Some(follow_up) = self.perform(effect) {
                    queue.push_back(follow_up);
                }
            }
        }
        // Every request gets an answer, even one the app had nothing to say to.
        if let Some(incoming) = self.pending.take() {
            incoming.answer(&Response::ok("done"));
        }
    }

    fn clipboard(&mut self) -> Option<&mut SystemClipboard> {
        if self.clipboard.is_none() {
            self.clipboard = SystemClipboard::new().ok();
        }
        self.clipboard.as_mut()
    }

    fn perform(&mut self, effect: Effect) -> Option<app::Event> {
        match effect {
            Effect::SetClipboard(text) => {
                let ok = self.clipboard().is_some_and(|c| c.set_secret_text(&text).is_ok());
                if !ok {
                    log::info!("a code could not be put in the clipboard (another program may hold it)");
                }
                return Some(app::Event::ClipboardSet { ok });
            }
            Effect::ClearClipboardIfUnchanged(_) => {
                if let Some(clipboard) = self.clipboard() {
                    clipboard::clear_if_still_ours(clipboard);
                }
            }
            Effect::ShowToast { body, expires_at } => self.notifier.show(body, expires_at),
            Effect::CloseToast => self.notifier.close(),
            Effect::SetTooltip(text) => {
                if let Some(tray) = &self.tray {
                    let _ = tray.set_tooltip(Some(&text));
                }
                self.tooltip = text;
            }
            Effect::SetMenu(entries) => {
                if let Some(tray) = &self.tray {
                    let menu = build_menu(&entries);
                    tray.set_menu(Some(Box::new(menu.clone())));
                    self.popup = Some(menu);
                }
                self.menu = entries;
            }
            Effect::Deliver { code, how, wait_ms } => {
                let (target, report) = (self.target, self.delivered.clone());
                let hotkey = self.hotkeys.current().cloned();
                let started = std::thread::Builder::new().name("trayotp-type".into()).spawn(move || {
                    let wait = Duration::from_millis(wait_ms);
                    report(input::deliver(target, &code, how, hotkey.as_ref(), wait));
                });
                if started.is_err() {
                    return Some(app::Event::Delivered(app::DeliverOutcome::Failed("no thread".into())));
                }
            }
            Effect::OpenPicker(names) => {
                let only = names.join("\n");
                let opened = forms::open_with(
                    self.vault.main(),
                    &self.settings_path,
                    app::Form::Pick,
                    Some(&only),
                    self.form_failed.clone(),
                );
                if opened.is_err() {
                    return Some(app::Event::FormFailed);
                }
            }
            Effect::ShowMenu => self.pop_up_menu(),
            Effect::SetStartAtLogin(on) => {
                let result = if on { autostart::enable() } else { autostart::disable() };
                return Some(match result {
                    Ok(status) => app::Event::AutostartChanged(status),
                    Err(error) => app::Event::AutostartFailed(error.to_string()),
                });
            }
            Effect::SetTimer(at) => {
                self.alarm.set(at.map(|at| {
                    let now = self.app.corrected_now(now_millis());
                    Instant::now() + Duration::from_millis(at.saturating_sub(now))
                }));
            }
            Effect::Reply(reply) => {
                if let Some(incoming) = self.pending.take() {
                    incoming.answer(&response_for(reply, self.language));
                }
            }
            Effect::OpenWindow(form) => {
                if forms::open(self.vault.main(), &self.settings_path, form, self.form_failed.clone()).is_err() {
                    return Some(app::Event::FormFailed);
                }
            }
            Effect::RecordBackupReminder(at) => {
                if let Err(error) = state::record_reminder(&self.vault, at) {
                    crate::log_file::warning(&format!("the backup reminder could not be recorded: {error}"));
                }
            }
            Effect::MeasureClock(servers) => spawn_clock_measurement(servers, self.clock_measured.clone()),
            Effect::RecordClock(record) => {
                if let Err(error) = crate::platform::clock_store::save(&record) {
                    crate::log_file::warning(&format!("the clock measurement could not be recorded: {error}"));
                }
            }
            Effect::OpenDateTimeSettings => {
                if let Err(error) = clock_settings::open() {
                    crate::log_file::warning(&error.to_string());
                }
            }
            Effect::SetClockCorrection(on) => {
                let value = if on { "on" } else { "off" };
                match settings::file::set(&self.settings_path, "clock_correction", value) {
                    Ok(_) => {
                        self.reload_settings();
                    }
                    Err(error) => {
                        return Some(app::Event::Notices(vec![Notice::Settings {
                            file: self.settings_path.display().to_string(),
                            detail: error.to_string(),
                        }]));
                    }
                }
            }
            Effect::OpenHelp(language) => {
                let opened = match crate::guide::locate(language) {
                    Some(path) => crate::platform::open::open(&path),
                    None => Err(format!("no {}.html beside trayotp.exe", crate::guide::stem(language))),
                };
                if let Err(detail) = opened {
                    return Some(app::Event::HelpFailed(detail));
                }
            }
            Effect::Exit => self.exit = true,
        }
        None
    }

    fn serve(&mut self, incoming: Incoming) {
        match incoming.request.clone() {
            Request::Copy { name } => {
                self.pending = Some(incoming);
                self.dispatch(app::Event::CopyRequested(name));
            }
            Request::Pick { name } => {
                self.pending = Some(incoming);
                self.dispatch(app::Event::PickChosen(name));
            }
            Request::Show => {
                self.pending = Some(incoming);
                self.dispatch(app::Event::ShowRequested);
            }
            Request::Reload => {
                if let Some(batch) = self.reloads.request(incoming) {
                    self.start_reload(batch);
                }
            }
            Request::ReloadSettings => {
                let response = self.reload_settings();
                incoming.answer(&response);
            }
            Request::Status => {
                let mut response = Response::ok("running");
                response.tooltip = Some(self.tooltip.clone());
                response.hotkey = self.hotkeys.current().map(ToString::to_string);
                response.menu = self.menu.iter().filter_map(menu_text).collect();
                incoming.answer(&response);
            }
            Request::Quit => {
                incoming.answer(&Response::ok("quitting"));
                self.dispatch(app::Event::QuitRequested);
            }
        }
    }
}

impl Shell {
    /// Reads the vault on a worker thread for `batch`; the result comes
    /// back as [`UserEvent::Reloaded`].
    fn start_reload(&mut self, batch: Vec<Incoming>) {
        let (vault, keys, report) = (self.vault.clone(), self.keys.clone(), self.reloaded.clone());
        let started = std::thread::Builder::new()
            .name("trayotp-reload".into())
            .spawn(move || {
                let result = read_accounts(&vault, &keys.chooser());
                report(result, batch);
            });
        if started.is_err() {
            // No thread to be had: those clients see their channel close;
            // the next request starts afresh.
            self.reloads = reload::Reloads::default();
        }
    }

    /// The worker's read: apply it, answer its requests, and start one more
    /// read if requests came in meanwhile (the vault may have changed again).
    fn reloaded(&mut self, result: Result<AccountList, VaultError>, answered: Vec<Incoming>) {
        let response = match result {
            Ok(accounts) => {
                let count = accounts.len();
                self.dispatch(app::Event::VaultReloaded(accounts));
                self.dispatch(app::Event::BackupState(self.backup_state()));
                self.tell_auto_backup_failure();
                log::debug!("reloaded {count} account(s)");
                Response::ok(format!("reloaded {count} account(s)"))
            }
            Err(error) => {
                let message = error.to_string();
                log::info!("the vault could not be read: {message}");
                self.dispatch(app::Event::VaultUnreadable(message.clone()));
                Response::error(message)
            }
        };
        for incoming in answered {
            incoming.answer(&response);
        }
        if let Some(batch) = self.reloads.finished() {
            self.start_reload(batch);
        }
    }

    /// One toast when a form's change could not write its automatic backup
    /// (the form's process recorded it in the state file; the command line
    /// says it on stderr itself).
    fn tell_auto_backup_failure(&mut self) {
        let failed = state::load(&self.vault).auto_backup_failed;
        if failed.is_some() && failed != self.auto_backup_failed {
            self.auto_backup_failed = failed;
            log::info!("an automatic backup could not be written");
            self.notifier.show(Texts(self.language).auto_backup_failed(), None);
        }
    }

    /// After a handler panicked (the hook logged it and cleared our code):
    /// answer the request it was serving, and tell the user.
    fn after_crash(&mut self) {
        if let Some(incoming) = self.pending.take() {
            incoming.answer(&Response::error("trayotp hit an internal error; see its log file"));
        }
        let log = crate::platform::crash::log_path()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let body = Texts(self.language).internal_error(&log);
        self.notifier.show(body, None);
    }
}

fn form_named(arg: &str) -> Option<app::Form> {
    [
        app::Form::Add,
        app::Form::Show,
        app::Form::Manage,
        app::Form::Backup,
        app::Form::Settings,
        app::Form::Pick,
    ]
    .into_iter()
    .find(|form| form.arg() == arg)
}

/// Makes the event loop, or says why the desktop cannot host a tray. tao
/// panics when GTK cannot start (no X or Wayland display): that becomes a
/// one-line error instead of a panic message.
fn build_event_loop() -> Result<EventLoop<UserEvent>, TrayError> {
    #[cfg(target_os = "linux")]
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        return Err(TrayError::Start(
            "there is no graphical session (neither DISPLAY nor WAYLAND_DISPLAY is set): start trayotp from your \
             desktop; `trayotp copy NAME` works without one"
                .into(),
        ));
    }
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let built = std::panic::catch_unwind(|| {
        #[cfg(target_os = "linux")]
        let _no_bus = GtkApplicationOffTheBus::new();
        EventLoopBuilder::<UserEvent>::with_user_event().build()
    });
    std::panic::set_hook(previous_hook);
    built.map_err(|_| {
        TrayError::Start(
            "the desktop's windowing system could not be reached (GTK or the display failed to start)".into(),
        )
    })
}

/// tao runs GTK as a `GtkApplication`, which, once registered on the
/// session bus, looks for a session manager to inhibit logout and, finding
/// none (a plain X session, Xvfb), starts `xdg-desktop-portal` for its
/// Inhibit interface, waiting for it, with the document portal and the GTK
/// backend in tow: a hundred milliseconds or more of start-up and three
/// resident processes that trayotp never uses (it inhibits nothing).
/// Without a session bus GApplication runs as a plain non-unique
/// application. So: GTK is initialised first with the real environment (its
/// accessibility bridge finds the AT-SPI bus through the session bus), then
/// the application is registered while `DBUS_SESSION_BUS_ADDRESS` names no
/// bus, and the address is put back (the tray icon, toasts and the keyring
/// use it afterwards).
#[cfg(target_os = "linux")]
struct GtkApplicationOffTheBus {
    address: Option<std::ffi::OsString>,
}

#[cfg(target_os = "linux")]
impl GtkApplicationOffTheBus {
    const VAR: &str = "DBUS_SESSION_BUS_ADDRESS";

    fn new() -> Self {
        // tao calls gtk::init() again; the second call does nothing.
        if gtk::init().is_err() {
            return Self { address: None };
        }
        let address = std::env::var_os(Self::VAR);
        if address.is_some() {
            // SAFETY: called from `tray::run` before any thread of ours is
            // started (the control server, toasts, alarm and the keyring
            // client come later), and GTK's initialisation starts none that
            // reads the environment. GLib's D-Bus address parser refuses
            // "disabled:", so GApplication registers without the bus.
            unsafe { std::env::set_var(Self::VAR, "disabled:") };
        }
        Self { address }
    }
}

#[cfg(target_os = "linux")]
impl Drop for GtkApplicationOffTheBus {
    fn drop(&mut self) {
        if let Some(address) = self.address.take() {
            // SAFETY: as in `new`: still the only thread of ours.
            unsafe { std::env::set_var(Self::VAR, address) };
        }
    }
}

/// The icon from `icons/`, as tray-icon wants it.
fn tray_icon() -> Option<tray_icon::Icon> {
    let (rgba, width, height) = crate::icon::tray_icon_rgba();
    tray_icon::Icon::from_rgba(rgba, width, height).ok()
}

/// Our toasts carry our name and icon only if the process says who it is
/// (the installer puts the same id on the Start-menu shortcut).
#[cfg(windows)]
fn set_app_user_model_id() {
    use windows_sys::Win32::UI::Shell::SetCurrentProcessExplicitAppUserModelID;
    let id: Vec<u16> = crate::app_id::APP_USER_MODEL_ID.encode_utf16().chain(Some(0)).collect();
    // SAFETY: a NUL-terminated UTF-16 string that outlives the call.
    unsafe { SetCurrentProcessExplicitAppUserModelID(id.as_ptr()) };
}

#[cfg(not(windows))]
fn set_app_user_model_id() {}

/// Without the installer's Start-menu shortcut (the portable zip), Windows
/// knows our toasts' ID only once it is registered
/// (`platform::app_identity`): done on a thread of its own, so the Start-menu
/// scan never delays the menu.
fn register_app_identity(vault: &VaultPath) {
    if !cfg!(windows) {
        return;
    }
    let Some(folder) = vault.main().parent().map(std::path::Path::to_path_buf) else {
        return;
    };
    let spawned = std::thread::Builder::new().name("app-identity".into()).spawn(move || {
        if let Err(error) = crate::platform::app_identity::ensure_registered(&folder) {
            eprintln!("trayotp: warning: toasts may not show: {error}");
        }
    });
    if let Err(error) = spawned {
        eprintln!("trayotp: warning: toasts may not show: {error}");
    }
}

fn menu_text(entry: &MenuEntry) -> Option<String> {
    match entry {
        MenuEntry::Account { label, .. }
        | MenuEntry::NoAccounts { label }
        | MenuEntry::Status { label }
        | MenuEntry::Form { label, .. }
        | MenuEntry::Clock { label, .. }
        | MenuEntry::Help { label }
        | MenuEntry::Quit { label } => Some(label.clone()),
        MenuEntry::StartAtLogin { checked, label } => Some(format!("[{}] {label}", if *checked { "x" } else { " " })),
        MenuEntry::Separator => None,
    }
}

fn build_menu(entries: &[MenuEntry]) -> Menu {
    let menu = Menu::new();
    for entry in entries {
        let appended = match entry {
            MenuEntry::Account { index, label } => {
                menu.append(&MenuItem::with_id(format!("account:{index}"), label, true, None))
            }
            MenuEntry::NoAccounts { label } | MenuEntry::Status { label } => {
                menu.append(&MenuItem::new(label, false, None))
            }
            MenuEntry::Separator => menu.append(&PredefinedMenuItem::separator()),
            MenuEntry::StartAtLogin { checked, label } => {
                menu.append(&CheckMenuItem::with_id(START_AT_LOGIN_ID, label, true, *checked, None))
            }
            MenuEntry::Form { form, label } => {
                menu.append(&MenuItem::with_id(format!("form:{}", form.arg()), label, true, None))
            }
            MenuEntry::Clock { action, label } => {
                let id = match action {
                    app::ClockAction::SystemSettings => CLOCK_SYSTEM_SETTINGS_ID,
                    app::ClockAction::CorrectInTrayotp => CLOCK_CORRECT_ID,
                };
                menu.append(&MenuItem::with_id(id, label, true, None))
            }
            MenuEntry::Help { label } => menu.append(&MenuItem::with_id(HELP_ID, label, true, None)),
            MenuEntry::Quit { label } => menu.append(&MenuItem::with_id("quit", label, true, None)),
        };
        if let Err(error) = appended {
            crate::log_file::warning(&format!("a menu item could not be added ({error})"));
        }
    }
    menu
}

/// The control channel's answer to the app's reply, for the terminal: a
/// copy's result in the tray's language (the command line's, as both follow
/// the `language` setting).
fn response_for(reply: Reply, language: Language) -> Response {
    let texts = Texts(language);
    match reply {
        Reply::Copied {
            name,
            seconds_left,
            period,
        } => Response::ok(texts.reply_copied(&name, seconds_left, period)),
        Reply::CopyingNext { name, seconds } => Response::ok(texts.reply_copying_next(&name, seconds)),
        Reply::UnknownAccount(name) => Response::error(texts.pick(
            format!("no account named '{name}': `trayotp list` shows the names"),
            format!(
                "{} `trayotp list` で表示名を確認できます。",
                texts.unknown_account(&name)
            ),
        )),
        Reply::ClipboardBusy => Response::error(texts.pick(
            "another program is holding the clipboard: the code was not copied, try again".into(),
            texts.clipboard_busy(),
        )),
        Reply::Shown => Response::ok("trayotp is already running in the notification area."),
    }
}
