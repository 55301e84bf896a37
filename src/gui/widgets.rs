//! The few drawing helpers every form shares, so the forms look alike: an
//! error or warning line under a field, and the OK/Cancel row at the bottom
//! right (the primary button rightmost, as on Windows).
//!
//! Error and warning lines are *live regions* in the accessibility tree
//! (AccessKit): a screen reader announces them when they appear or change,
//! without the user moving to them.

use egui::{Align, Layout, RichText};

/// A red line under a field (wrapped, never cut off).
pub fn error_line(ui: &mut egui::Ui, text: &str) {
    let colour = ui.visuals().error_fg_color;
    let line = ui.label(RichText::new(text).color(colour));
    announce(&line, egui::accesskit::Live::Assertive);
}

/// An amber line under a field.
pub fn warning_line(ui: &mut egui::Ui, text: &str) {
    let colour = ui.visuals().warn_fg_color;
    let line = ui.label(RichText::new(text).color(colour));
    announce(&line, egui::accesskit::Live::Polite);
}

/// How a message is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Error,
    Warning,
    Info,
}

/// A message in plain words, with its technical detail (if any) behind a
/// collapsed 「詳しく」 / "Details" (`details_label`).
pub fn message(ui: &mut egui::Ui, tone: Tone, worded: &super::texts::Worded, details_label: &str) {
    match tone {
        Tone::Error => error_line(ui, &worded.main),
        Tone::Warning => warning_line(ui, &worded.main),
        Tone::Info => {
            ui.label(&worded.main);
        }
    }
    if let Some(details) = &worded.details {
        egui::CollapsingHeader::new(details_label)
            .id_salt(("details", &worded.main))
            .default_open(false)
            .show(ui, |ui| {
                ui.label(details);
            });
    }
}

/// Marks a line as a live region: screen readers say it when it changes.
pub fn announce(line: &egui::Response, live: egui::accesskit::Live) {
    line.ctx.accesskit_node_builder(line.id, |node| node.set_live(live));
}

/// The bottom row: `secondary` then `primary`, right-aligned. Returns
/// whether each was clicked.
pub fn dialog_buttons(ui: &mut egui::Ui, primary: &str, secondary: &str) -> (bool, bool) {
    ui.add_space(8.0);
    ui.separator();
    // One row high: the form's room may be taller than its content (it
    // scrolls past a screen's height), and the row must not centre in it.
    let row = egui::vec2(ui.available_width(), ui.spacing().interact_size.y);
    ui.allocate_ui_with_layout(row, Layout::right_to_left(Align::Center), |ui| {
        let primary = ui.add(egui::Button::new(RichText::new(primary).strong()).min_size([88.0, 0.0].into()));
        let secondary = ui.add(egui::Button::new(secondary).min_size([88.0, 0.0].into()));
        (primary.clicked(), secondary.clicked())
    })
    .inner
}

/// A single-line field for a secret (a passphrase, a setup number), masked
/// unless `configure` turns `password` off (a Show toggle), with the input
/// method off while it has the focus, as Windows does for a password box:
/// a secret typed through an IME would stand in clear in its window and
/// be kept in its learning history.
///
/// Two things egui would otherwise leave behind are avoided: the buffer is
/// sized up front for `max_chars` characters, so typing never reallocates
/// it (a reallocation leaves the old copy in freed memory); and the field's
/// undo history, which egui fills with copies of the text every frame, is
/// emptied after each frame.
pub fn secret_field(
    ui: &mut egui::Ui,
    text: &mut zeroize::Zeroizing<String>,
    max_chars: usize,
    configure: impl FnOnce(egui::TextEdit<'_>) -> egui::TextEdit<'_>,
) -> egui::Response {
    reserve_secret(text, max_chars);
    let edit = egui::TextEdit::singleline(&mut **text)
        .password(true)
        .char_limit(max_chars);
    let response = ui.add(configure(edit));
    forget_undo_history(ui.ctx(), response.id);
    keep_input_method_off(ui, &response);
    response
}

/// Turns the input method off while `field` has the focus, for a field
/// whose text must not leave the form: a setup number, a passphrase.
/// egui turns it on for every focused text field, and winit ignores the
/// password purpose on X11 and Windows: with Mozc on (fcitx5), a masked
/// setup number stood in clear in Mozc's window, offered as candidates
/// with full-width digits. Without an IME request egui asks winit to
/// disallow the IME, and keys reach the field as typed (tests/ime_linux.rs).
fn keep_input_method_off(ui: &egui::Ui, field: &egui::Response) {
    if field.has_focus() {
        ui.output_mut(|output| output.ime = None);
    }
}

/// Gives `text` room for `max_chars` characters of up to four bytes each.
/// When it must grow, the text moves into a new buffer and the old one is
/// wiped (it is a `Zeroizing` too).
pub fn reserve_secret(text: &mut zeroize::Zeroizing<String>, max_chars: usize) {
    let wanted = max_chars.saturating_mul(4);
    if text.capacity() < wanted {
        let mut roomy = zeroize::Zeroizing::new(String::with_capacity(wanted));
        roomy.push_str(text);
        *text = roomy;
    }
}

/// Empties the undo history egui keeps for the text field `id`.
pub fn forget_undo_history(ctx: &egui::Context, id: egui::Id) {
    if let Some(mut state) = egui::TextEdit::load_state(ctx, id) {
        state.clear_undoer();
        state.store(ctx, id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zeroize::Zeroizing;

    #[test]
    fn a_reserved_secret_does_not_move_while_it_grows() {
        let mut text = Zeroizing::new(String::from("JBSW"));
        reserve_secret(&mut text, 64);
        let buffer = text.as_ptr();
        for _ in 0..64 - 4 {
            text.push('あ');
        }
        assert_eq!(text.as_ptr(), buffer, "growing within the limit reallocated");
        assert!(text.starts_with("JBSW"));
    }

    /// Typing into a secret field leaves no undo history behind (egui keeps
    /// a copy of the text per undo point).
    #[test]
    fn a_secret_field_keeps_no_undo_history() {
        let ctx = egui::Context::default();
        let id = egui::Id::unique("secret");
        let mut text = Zeroizing::new(String::new());
        let frame = |events: Vec<egui::Event>, text: &mut Zeroizing<String>| {
            let input = egui::RawInput {
                events,
                ..Default::default()
            };
            let mut output = ctx.run_ui(input, |ui| {
                let response = secret_field(ui, text, 64, |edit| edit.id(id));
                response.request_focus();
            });
            output.textures_delta.clear();
        };
        frame(Vec::new(), &mut text);
        frame(Vec::new(), &mut text);
        frame(vec![egui::Event::Text("s3cret".into())], &mut text);
        frame(Vec::new(), &mut text);
        assert_eq!(text.as_str(), "s3cret", "the field took the typing");
        let state = egui::TextEdit::load_state(&ctx, id).expect("the field's state");
        let now = (egui::text::CCursorRange::default(), String::from("something else"));
        assert!(
            !state.undoer().has_undo(&now),
            "egui kept undo points (copies of the secret)"
        );
    }

    /// A focused secret field asks for no input method (egui then tells
    /// winit to disallow it), where a focused plain field asks for one:
    /// tests/ime_linux.rs sees no Mozc window over a setup number for this.
    #[test]
    fn a_focused_secret_field_keeps_the_input_method_off_and_a_plain_one_does_not() {
        let ctx = egui::Context::default();
        let ime_requested = |secret: bool| {
            let mut text = Zeroizing::new(String::new());
            let mut plain = String::new();
            let mut requested = false;
            for _ in 0..3 {
                let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
                    let response = if secret {
                        secret_field(ui, &mut text, 64, |edit| edit)
                    } else {
                        ui.add(egui::TextEdit::singleline(&mut plain))
                    };
                    response.request_focus();
                });
                requested = output.platform_output.ime.is_some();
                output.textures_delta.clear();
            }
            requested
        };
        assert!(ime_requested(false), "a plain focused field asks for the IME");
        assert!(!ime_requested(true), "a secret field asked for the IME");
    }
}
