//! The native window around a [`FormWindow`]: eframe with the glow
//! (OpenGL) renderer, one window per form, one process per window.
//!
//! - **One window per form.** The process claims the form's control
//!   endpoint (`control::Role::Form`, the same private socket / named pipe
//!   machinery as the tray's, so also per user and per vault). If another
//!   process holds it, the form is already open: this one asks it to come
//!   to the front (`Request::Show`) and exits.
//! - **Focus.** The window opens active and in front, with the cursor in
//!   the first field; a second "Add account…" brings the open one forward.
//! - **Size.** Each form has a fixed width and the height its content
//!   needs, adjusted when an error line appears or goes.
//! - **Theme and DPI.** The forms follow the system's light or dark theme
//!   (on Windows as winit reads it; on Linux as `platform::theme` finds it)
//!   and the monitor's scale (the .exe's manifest declares per-monitor DPI
//!   awareness); their colours and text sizes are `gui::style`'s.
//! - **Clipboard.** eframe's `clipboard` feature: Ctrl+C/X/V in every text
//!   field reach the system clipboard (`gui::widgets` adds the rest).
//! - **IME.** egui turns on the input method when a text field has the
//!   focus (winit's `set_ime_allowed`) and tells it where the text cursor
//!   is (`set_ime_cursor_area`), so the candidate window opens at the
//!   field; the field shows the composition where the input method hands
//!   it over (on X11, fcitx5's default XIM style draws it in its own
//!   window instead). Japanese names are typed as usual:
//!   `tests/ime_linux.rs` types one through fcitx5 with Mozc.

use std::sync::Mutex;
use std::sync::mpsc::{self, Receiver};

use egui::ViewportCommand;

use crate::app::{Form, Millis};
use crate::platform::control::{self, ControlError, ControlServer, ErrorKind, Incoming, Request, Response, Role};

use super::desktop::SystemDesktop;
use super::window::{self, FormWindow, WindowConfig};

#[derive(Debug, thiserror::Error)]
pub enum GuiError {
    #[error("cannot open the window: {0}")]
    Window(String),
}

fn now_millis() -> Millis {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as Millis)
        .unwrap_or(0)
}

/// The width of each form's window, in points.
fn width(form: Form) -> f32 {
    match form {
        Form::Add => 480.0,
        Form::Manage => 440.0,
        Form::Show => 320.0,
        Form::Settings => 460.0,
        Form::Backup => 480.0,
        Form::Pick => 420.0,
    }
}

/// Opens the form's window and returns when it is closed (or at once, when
/// that form is already open: it is brought to the front instead).
pub fn run(config: WindowConfig) -> Result<(), GuiError> {
    let role = Role::Form(config.form.arg());
    let server = match ControlServer::bind_as(config.vault.main(), role) {
        Ok(server) => Some(server),
        Err(ControlError::AlreadyRunning) => {
            crate::platform::tray_host::allow_others_to_take_focus();
            if control::send_to(config.vault.main(), role, &Request::Show).is_ok_and(|r| r.ok) {
                return Ok(());
            }
            // It did not answer (closing right now?): open one anyway.
            None
        }
        // No single-instance guard (no runtime folder…): still open the form.
        Err(_) => None,
    };

    let form = config.form;
    let texts = crate::i18n::Texts(config.language);
    let (width, height) = (width(form), 200.0);
    let mut viewport = egui::ViewportBuilder::default()
        .with_title(texts.title(form))
        .with_app_id("trayotp")
        .with_inner_size([width, height])
        .with_resizable(form == Form::Manage)
        .with_maximize_button(false)
        .with_minimize_button(form != Form::Add)
        .with_active(true);
    if matches!(form, Form::Show | Form::Pick) {
        viewport = viewport.with_always_on_top();
    }
    let (rgba, icon_width, icon_height) = crate::icon::tray_icon_rgba();
    viewport = viewport.with_icon(egui::IconData {
        rgba,
        width: icon_width,
        height: icon_height,
    });
    let options = eframe::NativeOptions {
        viewport,
        renderer: eframe::Renderer::Glow,
        centered: true,
        run_and_return: true,
        ..Default::default()
    };

    let toast = std::rc::Rc::new(std::cell::RefCell::new(None));
    let toast_out = toast.clone();
    eframe::run_native(
        "trayotp",
        options,
        Box::new(move |cc| {
            super::fonts::install(&cc.egui_ctx);
            super::style::apply(&cc.egui_ctx, crate::platform::theme::system_theme());
            if form == Form::Show {
                keep_out_of_screen_capture(cc);
            }
            let inbox = server.map(|server| serve(server, cc.egui_ctx.clone()));
            let window = FormWindow::new(config, Box::new(SystemDesktop), Box::new(now_millis));
            Ok(Box::new(NativeWindow {
                window,
                inbox,
                toast: toast_out,
                width,
            }))
        }),
    )
    .map_err(|e| GuiError::Window(e.to_string()))?;

    if let Some(message) = toast.borrow_mut().take() {
        // The tray's menu already shows the change; the toast confirms it.
        crate::platform::notify::show_once(&message);
    }
    Ok(())
}

/// Serves the form's endpoint: requests reach the window through a channel,
/// and wake it up.
fn serve(server: ControlServer, ctx: egui::Context) -> Receiver<Incoming> {
    let (sender, inbox) = mpsc::channel();
    let sender = Mutex::new(sender);
    let served = server.serve(move |incoming| {
        let delivered = sender.lock().map(|s| s.send(incoming));
        if let Ok(Err(mpsc::SendError(incoming))) = delivered {
            incoming.answer(&Response::refused(ErrorKind::ShuttingDown, "the window is closing"));
        }
        ctx.request_repaint();
    });
    if served.is_err() {
        crate::log_file::warning("a second window of this form cannot find this one");
    }
    inbox
}

/// The Show code window holds codes: keep it out of screenshots, screen
/// sharing and recordings (Windows; elsewhere there is no such request).
fn keep_out_of_screen_capture(cc: &eframe::CreationContext<'_>) {
    use raw_window_handle::{HasWindowHandle, RawWindowHandle};
    // Only a Win32 window has a handle of this kind.
    if let Ok(handle) = cc.window_handle()
        && let RawWindowHandle::Win32(win32) = handle.as_raw()
        && !crate::platform::harden::exclude_from_capture(win32.hwnd.get())
    {
        crate::log_file::warning("the code window could not be kept out of screen capture");
    }
}

struct NativeWindow {
    window: FormWindow,
    inbox: Option<Receiver<Incoming>>,
    toast: std::rc::Rc<std::cell::RefCell<Option<String>>>,
    width: f32,
}

impl NativeWindow {
    fn serve_requests(&mut self, ctx: &egui::Context) {
        let Some(inbox) = &self.inbox else {
            return;
        };
        while let Ok(incoming) = inbox.try_recv() {
            match incoming.request {
                Request::Show => {
                    ctx.send_viewport_cmd(ViewportCommand::Minimized(false));
                    ctx.send_viewport_cmd(ViewportCommand::Visible(true));
                    ctx.send_viewport_cmd(ViewportCommand::Focus);
                    incoming.answer(&Response::ok("shown"));
                }
                Request::Quit => {
                    ctx.send_viewport_cmd(ViewportCommand::Close);
                    incoming.answer(&Response::ok("closing"));
                }
                Request::Status => {
                    let mut response = Response::ok(self.window.form().arg());
                    response.menu = self
                        .window
                        .store()
                        .map(|s| s.accounts().names().map(str::to_string).collect())
                        .unwrap_or_default();
                    incoming.answer(&response);
                }
                _ => incoming.answer(&Response::refused(
                    ErrorKind::UnknownRequest,
                    "a form window does not do that",
                )),
            }
        }
    }
}

impl eframe::App for NativeWindow {
    /// Windows' Shift+Insert, Ctrl+Insert and Shift+Delete in every text
    /// field, on Linux too (egui maps them only on Windows).
    fn raw_input_hook(&mut self, ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        if super::widgets::windows_clipboard_keys(&mut raw_input.events) {
            ctx.send_viewport_cmd(ViewportCommand::RequestPaste);
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.serve_requests(&ctx);
        let panel = egui::CentralPanel::default().show(ui, |ui| {
            let request = self.window.ui(ui);
            (request, ui.min_rect().height())
        });
        let (request, content_height) = panel.inner;
        match request {
            window::Request::Stay => {}
            window::Request::Close { toast } => {
                *self.toast.borrow_mut() = toast;
                ctx.send_viewport_cmd(ViewportCommand::Close);
            }
            window::Request::OpenAdd => {
                let vault = self.window.store().map(|s| s.path().main().to_path_buf());
                if let Some(vault) = vault {
                    let settings = self.window.config().settings.clone();
                    let _ = crate::platform::forms::open(&vault, &settings, Form::Add, std::sync::Arc::new(|| {}));
                }
            }
            window::Request::OpenShow(name) => {
                let vault = self.window.store().map(|s| s.path().main().to_path_buf());
                if let Some(vault) = vault {
                    let settings = self.window.config().settings.clone();
                    let _ = crate::platform::forms::open_with(
                        &vault,
                        &settings,
                        Form::Show,
                        Some(&name),
                        std::sync::Arc::new(|| {}),
                    );
                }
            }
        }
        // Fit the window to its content (margins: the panel's frame).
        let wanted = (content_height + 2.0 * ctx.global_style().spacing.window_margin.top as f32).ceil();
        let current = ctx.input(|i| i.viewport().inner_rect.map(|r| r.height()));
        if current.is_some_and(|h| (h - wanted).abs() > 1.0) {
            ctx.send_viewport_cmd(ViewportCommand::InnerSize([self.width, wanted].into()));
            keep_on_screen(&ctx, wanted);
        }
    }
}

/// The height kept free for the taskbar at the bottom of the screen.
const TASKBAR_HEIGHT: f32 = 48.0;

/// Moves the window up when growing to `inner_height` would take its
/// bottom under the taskbar (it opens centred, and grows downwards).
fn keep_on_screen(ctx: &egui::Context, inner_height: f32) {
    let (outer, inner, monitor) = ctx.input(|i| {
        let viewport = i.viewport();
        (viewport.outer_rect, viewport.inner_rect, viewport.monitor_size)
    });
    let (Some(outer), Some(inner), Some(monitor)) = (outer, inner, monitor) else {
        return;
    };
    let frame = (outer.height() - inner.height()).max(0.0);
    let limit = monitor.y - TASKBAR_HEIGHT;
    if outer.top() + frame + inner_height > limit {
        let top = (limit - frame - inner_height).max(0.0);
        ctx.send_viewport_cmd(ViewportCommand::OuterPosition(egui::pos2(outer.left(), top)));
    }
}
