//! The tray's shell state: the app, the icon and menu, the clipboard, the
//! toasts and the control channel's pending answer, and [`Shell::perform`],
//! which carries out each of the app's [`Effect`]s with the OS adapters.
//! The event loop (`tray::run`) feeds it events; it decides nothing itself.

use super::keys::TrayPassphrase;
use super::{alarm, menu, now_millis, read_accounts, reload};
use crate::app::menu::{MenuEntry, MenuScreen};
use crate::app::{self, App, AppConfig, Effect, Notice, Reply};
use crate::domain::AccountList;
use crate::domain::clock::ClockRecord;
use crate::i18n::{Language, Texts};
use crate::platform::autostart;
use crate::platform::clipboard::{self, Clipboard, SystemClipboard};
use crate::platform::control::{CodeReply, ErrorKind, Incoming, Request, Response};
use crate::platform::hotkey::HotkeyRegistration;
use crate::platform::input;
use crate::platform::notify::Notifier;
use crate::platform::{clock_settings, forms, sntp, tray_host};
use crate::protect::ProtectorKind;
use crate::settings::{self, HotkeyProblem, Settings};
use crate::vault::{VaultError, VaultPath, state};
use std::collections::VecDeque;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tray_icon::menu::Menu;
use tray_icon::{TrayIcon, TrayIconBuilder};

pub(super) struct Shell {
    pub(super) app: App,
    pub(super) tray: Option<TrayIcon>,
    /// The menu as last built, for `Status` requests.
    pub(super) menu: Vec<MenuEntry>,
    /// The same menu, to pop up at the pointer (the hotkey, a second start).
    pub(super) popup: Option<Menu>,
    pub(super) tooltip: String,
    /// Created on first use: X11 needs it alive to serve what we copied.
    pub(super) clipboard: Option<SystemClipboard>,
    pub(super) notifier: Notifier,
    /// The control request waiting for the app's [`Effect::Reply`].
    pub(super) pending: Option<Incoming>,
    pub(super) alarm: alarm::Alarm,
    pub(super) exit: bool,
    /// `Reload` requests waiting for, or being served by, the worker.
    pub(super) reloads: reload::Reloads,
    /// How the worker reports back to the loop.
    pub(super) reloaded: reload::Report,
    pub(super) vault: VaultPath,
    pub(super) keys: TrayPassphrase,
    /// The language of the tray's own messages (the app has its copy).
    pub(super) language: Language,
    pub(super) hotkeys: HotkeyRegistration,
    pub(super) settings_path: PathBuf,
    /// The screen the menu fits, measured at start.
    pub(super) menu_screen: MenuScreen,
    /// Tells the loop that a form's process failed (called on its watcher thread).
    pub(super) form_failed: std::sync::Arc<dyn Fn() + Send + Sync>,
    /// Tells the loop a paste or typing ended (called on its thread).
    pub(super) delivered: std::sync::Arc<dyn Fn(app::DeliverOutcome) + Send + Sync>,
    /// The window the hotkey was last pressed over.
    pub(super) target: Option<input::Target>,
    /// Tells the loop a clock measurement finished (called on its thread).
    pub(super) clock_measured: std::sync::Arc<dyn Fn(Option<ClockRecord>) + Send + Sync>,
    /// When an automatic backup last failed, as last told (one toast each).
    pub(super) auto_backup_failed: Option<u64>,
}

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
        if let (Some(tray), Some(menu)) = (&self.tray, &self.popup) {
            tray_host::pop_up_menu(tray, menu);
        }
    }

    /// After the menu is up: the hotkey, the login entry, and whatever
    /// went wrong with them or with the settings file.
    pub(super) fn start(&mut self, loaded: settings::file::Loaded, repair_login_entry: bool) {
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
    pub(super) fn greet_the_user(&mut self, started_by_user: bool) {
        if started_by_user {
            self.dispatch(app::Event::StartedByUser);
        }
    }

    /// What the vault's state file says about backups (missing reads as none).
    pub(super) fn backup_state(&self) -> app::BackupState {
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
                Response::refused(ErrorKind::HotkeyRefused, problem.to_string())
            }
        }
    }

    pub(super) fn create_tray(&mut self) {
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
    pub(super) fn dispatch(&mut self, event: app::Event) {
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
            Effect::ClearClipboardIfUnchanged => {
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
                    let menu = menu::build_menu(&entries);
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

    pub(super) fn serve(&mut self, incoming: Incoming) {
        match incoming.request.clone() {
            Request::Copy { name } => {
                self.pending = Some(incoming);
                self.dispatch(app::Event::CopyRequested(name));
            }
            Request::Pick { name } => {
                self.pending = Some(incoming);
                self.dispatch(app::Event::PickChosen(name));
            }
            Request::Code { name, at } => {
                // Codes go only where unlocking would need nothing the
                // asker lacks: never for a passphrase vault.
                if crate::vault::protector_on_disk(&self.vault) == Some(ProtectorKind::Passphrase) {
                    incoming.answer(&Response::refused(
                        ErrorKind::NotServed,
                        "this vault is protected by a passphrase: open it with the passphrase",
                    ));
                    return;
                }
                self.pending = Some(incoming);
                self.dispatch(app::Event::CodeRequested { name, at });
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
                response.menu = self.menu.iter().filter_map(menu::menu_text).collect();
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
    /// back as `UserEvent::Reloaded`.
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
    pub(super) fn reloaded(&mut self, result: Result<AccountList, VaultError>, answered: Vec<Incoming>) {
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
                Response::refused(ErrorKind::VaultUnreadable, message)
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
    pub(super) fn after_crash(&mut self) {
        if let Some(incoming) = self.pending.take() {
            incoming.answer(&Response::refused(
                ErrorKind::Internal,
                "trayotp hit an internal error; see its log file",
            ));
        }
        let log = crate::platform::crash::log_path()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let body = Texts(self.language).internal_error(&log);
        self.notifier.show(body, None);
    }
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
        Reply::UnknownAccount(name) => Response::refused(
            ErrorKind::UnknownAccount,
            texts.pick(
                format!("no account named '{name}': `trayotp list` shows the names"),
                format!(
                    "{} `trayotp list` で表示名を確認できます。",
                    texts.unknown_account(&name)
                ),
            ),
        ),
        Reply::ClipboardBusy => Response::refused(
            ErrorKind::ClipboardBusy,
            texts.pick(
                "another program is holding the clipboard: the code was not copied, try again".into(),
                texts.clipboard_busy(),
            ),
        ),
        Reply::Shown => Response::ok("trayotp is already running in the notification area."),
        Reply::Code(answer) => Response {
            code: Some(Box::new(CodeReply {
                name: answer.name,
                code: answer.digits.to_string(),
                remaining: answer.remaining,
                period: answer.period,
                valid_from: answer.valid_from,
                valid_until: answer.valid_until,
                clock_offset_ms: answer.clock_offset_ms,
            })),
            ..Response::ok("")
        },
    }
}

/// The icon from `icons/`, as tray-icon wants it.
fn tray_icon() -> Option<tray_icon::Icon> {
    let (rgba, width, height) = crate::icon::tray_icon_rgba();
    tray_icon::Icon::from_rgba(rgba, width, height).ok()
}
