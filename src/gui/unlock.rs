//! The tray's unlock window: a tray whose vault is protected by a
//! passphrase (started at login, say, with no console to type into) asks
//! for it in the same passphrase window the forms use, in its own process.
//!
//! The passphrase typed here stays in the tray process: it is checked by
//! `check` (which opens the vault) and handed back to the tray only; forms
//! the tray opens later ask for it themselves.

use egui::ViewportCommand;
use zeroize::Zeroizing;

use crate::i18n::{Language, Texts};

use super::window::{Unlock, unlock_ui};

/// What the check says about a passphrase typed into the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// It opens the vault (or the vault has a problem the passphrase cannot
    /// fix, which the caller reports): close the window.
    Accepted,
    /// Wrong: say so and ask again.
    Wrong,
}

/// Decides about a typed passphrase (by trying to open the vault with it).
pub type Checker = Box<dyn FnMut(&Zeroizing<String>) -> Check>;

/// Opens the unlock window and returns the accepted passphrase, or `None`
/// when the user cancelled (or no window can be shown).
pub fn ask(language: Language, check: Checker) -> Option<Zeroizing<String>> {
    let texts = Texts(language);
    let (rgba, width, height) = crate::icon::tray_icon_rgba();
    let viewport = egui::ViewportBuilder::default()
        .with_title(texts.unlock_title())
        .with_app_id("trayotp")
        .with_inner_size([400.0, 170.0])
        .with_resizable(false)
        .with_maximize_button(false)
        .with_active(true)
        .with_icon(egui::IconData { rgba, width, height });
    let options = eframe::NativeOptions {
        viewport,
        renderer: eframe::Renderer::Glow,
        centered: true,
        run_and_return: true,
        ..Default::default()
    };
    let accepted = std::rc::Rc::new(std::cell::RefCell::new(None));
    let out = accepted.clone();
    let ran = eframe::run_native(
        "trayotp",
        options,
        Box::new(move |cc| {
            super::fonts::install(&cc.egui_ctx);
            Ok(Box::new(UnlockWindow {
                texts,
                unlock: Unlock::default(),
                check,
                accepted: out,
            }))
        }),
    );
    if let Err(error) = ran {
        crate::log_file::warning(&format!("the unlock window cannot be shown ({error})"));
    }
    accepted.borrow_mut().take()
}

struct UnlockWindow {
    texts: Texts,
    unlock: Unlock,
    check: Checker,
    accepted: std::rc::Rc<std::cell::RefCell<Option<Zeroizing<String>>>>,
}

impl eframe::App for UnlockWindow {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        let (asked, cancel) = egui::CentralPanel::default()
            .show(ui, |ui| unlock_ui(&mut self.unlock, ui, self.texts))
            .inner;
        if asked {
            if self.unlock.passphrase.is_empty() {
                self.unlock.empty = true;
                self.unlock.wrong = false;
            } else {
                let typed = std::mem::take(&mut self.unlock.passphrase);
                match (self.check)(&typed) {
                    Check::Accepted => {
                        *self.accepted.borrow_mut() = Some(typed);
                        ctx.send_viewport_cmd(ViewportCommand::Close);
                    }
                    Check::Wrong => {
                        self.unlock = Unlock::after_wrong();
                    }
                }
            }
        }
        if cancel || ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            ctx.send_viewport_cmd(ViewportCommand::Close);
        }
    }
}
