//! The tray process: a tao event loop with a tray-icon icon and a muda menu.
//!
//! This is the imperative shell around [`crate::app::App`]: it turns OS
//! events (menu clicks, icon clicks, the global hotkey, control-channel
//! requests, the timer, toast failures) into [`app::Event`]s and carries out
//! the [`crate::app::Effect`]s that come back. It makes no decisions of its own.
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
//! ([`keys`]). The [`shell`] carries out the app's effects; the menu's items
//! and their typed ids are in [`menu`]; what differs by OS is in
//! `platform::tray_host`, so this folder has no `cfg`. `Reload` requests read the vault on a worker thread, one read
//! for every burst of them ([`reload`]), so the menu never waits for a KDF.
//! Each event is handled under `catch_unwind` (`platform::crash::guard`): a bug in
//! one handler is logged, our code is cleared from the clipboard, a toast
//! says so, and the tray goes on.

mod alarm;

mod keys;
mod menu;
mod reload;
mod shell;

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use tao::event::Event as OsEvent;
use tao::event_loop::{ControlFlow, EventLoop, EventLoopBuilder};
use tray_icon::menu::MenuEvent;
use tray_icon::{MouseButton, MouseButtonState, TrayIconEvent};

use crate::app::menu::MenuScreen;
use crate::app::{self, App, AppConfig, Millis};
use crate::domain::AccountList;
use crate::domain::clock::ClockRecord;
use crate::i18n::{Language, Texts};
use crate::platform::control::{ControlError, ControlServer, ErrorKind, Incoming, Request, Response};
use crate::platform::hotkey::HotkeyRegistration;
use crate::platform::input;
use crate::platform::notify::Notifier;
use crate::platform::{app_identity, resume, sntp, tray_host};
use crate::protect::ProtectError;
use crate::settings::{self};
use crate::vault::{ProtectorChooser, Vault, VaultError, VaultPath, state};
use keys::TrayPassphrase;
use shell::Shell;

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

/// The screen the menu must fit, or a laptop's when it cannot be measured.
fn menu_screen() -> MenuScreen {
    crate::platform::screen::work_area().map_or(MenuScreen::FALLBACK, |area| MenuScreen {
        work_area_height: area.height,
        item_height: area.menu_item_height,
    })
}

/// Reads the vault's accounts (an absent vault is an empty list).
pub(super) fn read_accounts(vault: &VaultPath, choose: &ProtectorChooser) -> Result<AccountList, VaultError> {
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
    app_identity::claim_for_this_process();
    let server = match ControlServer::bind(vault.main()) {
        Ok(server) => server,
        Err(ControlError::AlreadyRunning) => {
            tray_host::allow_others_to_take_focus();
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
                incoming.answer(&Response::refused(ErrorKind::ShuttingDown, "the tray is shutting down"));
            }
        })
        .map_err(|e| TrayError::Start(e.to_string()))?;
    if let Some(folder) = vault.main().parent() {
        app_identity::register_in_background(folder);
    }
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
                OsEvent::UserEvent(UserEvent::Menu(id)) => match id.parse::<menu::MenuId>() {
                    Ok(id) => shell.dispatch(id.event()),
                    Err(_) => log::info!("a click on a menu item of no known id"),
                },
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

/// Makes the event loop, or says why the desktop cannot host a tray. tao
/// panics when GTK cannot start (no X or Wayland display): that becomes a
/// one-line error instead of a panic message.
fn build_event_loop() -> Result<EventLoop<UserEvent>, TrayError> {
    tray_host::check_session().map_err(TrayError::Start)?;
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let built = std::panic::catch_unwind(|| {
        let _prepared = tray_host::before_event_loop();
        EventLoopBuilder::<UserEvent>::with_user_event().build()
    });
    std::panic::set_hook(previous_hook);
    built.map_err(|_| {
        TrayError::Start(
            "the desktop's windowing system could not be reached (GTK or the display failed to start)".into(),
        )
    })
}
