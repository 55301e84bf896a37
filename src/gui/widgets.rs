//! The few drawing helpers every form shares, so the forms look alike: an
//! error or warning line under a field, and the OK/Cancel row at the bottom
//! right (the primary button rightmost, as on Windows).
//!
//! Error and warning lines are *live regions* in the accessibility tree
//! (AccessKit): a screen reader announces them when they appear or change,
//! without the user moving to them.
//!
//! Text fields behave like a Windows text box: Ctrl+C/X/V/A (egui, with
//! eframe's `clipboard` feature reading and writing the system clipboard),
//! Shift+Insert, Ctrl+Insert and Shift+Delete ([`windows_clipboard_keys`],
//! which egui only maps on Windows), and a right-click menu
//! ([`edit_menu`]: 切り取り / コピー / 貼り付け / すべて選択). A secret field
//! takes a paste but gives nothing out: no copy, no cut, as a password box.

use egui::text::CCursorRange;
use egui::{Align, Event, Key, Layout, RichText, TextBuffer as _, ViewportCommand};

use crate::i18n::{Language, Texts};

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
pub fn message(ui: &mut egui::Ui, tone: Tone, worded: &crate::i18n::Worded, details_label: &str) {
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
    refuse_copy_out_of_a_secret(ui);
    let edit = egui::TextEdit::singleline(&mut **text)
        .password(true)
        .char_limit(max_chars);
    let commands_before = ui.ctx().output(|output| output.commands.len());
    let response = ui.add(configure(edit));
    // A selection in a shown secret would go to X11's PRIMARY selection
    // (middle-click paste) as it settles: not from this field.
    ui.ctx().output_mut(|output| {
        let mut at = 0;
        output.commands.retain(|command| {
            at += 1;
            at <= commands_before || !matches!(command, egui::OutputCommand::TextSelectionSettled(_))
        });
    });
    ui.ctx()
        .data_mut(|data| data.insert_temp(secret_marker(response.id), true));
    forget_undo_history(ui.ctx(), response.id);
    keep_input_method_off(ui, &response);
    menu(&response, text, true);
    response
}

/// Where a secret field notes that it is one (for the next frames).
fn secret_marker(field: egui::Id) -> egui::Id {
    field.with("trayotp-secret-field")
}

/// While a secret field has the keyboard, Ctrl+C and Ctrl+X (and the
/// menu's, which arrive as the same events) do nothing: egui's masked field
/// already copies nothing, but a secret shown with its Show toggle would be
/// copied, and a cut would delete it. Runs before the field is drawn.
fn refuse_copy_out_of_a_secret(ui: &mut egui::Ui) {
    let focused = ui.memory(|memory| memory.focused());
    let secret = focused.is_some_and(|id| {
        ui.ctx()
            .data(|data| data.get_temp::<bool>(secret_marker(id)) == Some(true))
    });
    if secret {
        ui.input_mut(|input| input.events.retain(|event| !matches!(event, Event::Copy | Event::Cut)));
    }
}

/// The language of the forms' menus, set once per frame by the window
/// ([`set_language`]); English if nothing set it (a bare test context).
fn texts(ctx: &egui::Context) -> Texts {
    Texts(
        ctx.data(|data| data.get_temp::<Language>(language_id()))
            .unwrap_or(Language::English),
    )
}

fn language_id() -> egui::Id {
    egui::Id::unique("trayotp-form-language")
}

/// Tells the widgets which language the window speaks.
pub fn set_language(ctx: &egui::Context, language: Language) {
    ctx.data_mut(|data| data.insert_temp(language_id(), language));
}

/// A plain text field's right-click menu: 切り取り / コピー / 貼り付け /
/// すべて選択, as in every Windows text box. Call it with the field's
/// response and its text, right after the field is added.
pub fn edit_menu(field: &egui::Response, text: &mut String) {
    menu(field, text, false);
}

/// The right-click menu of `field`; `secret` greys out Cut and Copy.
///
/// The menu acts on the selection the field had when it was right-clicked
/// (egui forgets a selection once a field loses the keyboard, which a click
/// in the menu does). Paste asks the window for the clipboard
/// (`RequestPaste`), which reaches the field, given the keyboard back, as
/// the same paste event as Ctrl+V: the forms treat both alike.
fn menu(field: &egui::Response, text: &mut String, secret: bool) {
    let ctx = field.ctx.clone();
    let id = field.id;
    let saved = id.with("trayotp-menu-selection");
    if field.secondary_clicked() {
        let range = egui::TextEdit::load_state(&ctx, id).and_then(|state| state.cursor.char_range());
        ctx.data_mut(|data| data.insert_temp(saved, range));
    }
    let texts = texts(&ctx);
    field.context_menu(|ui| {
        let range: Option<CCursorRange> = ctx.data(|data| data.get_temp(saved)).flatten();
        let selected = range.filter(|r| !r.is_empty());
        let can_give_out = !secret && selected.is_some();
        let select = |range: CCursorRange| {
            if let Some(mut state) = egui::TextEdit::load_state(&ctx, id) {
                state.cursor.set_char_range(Some(range));
                state.store(&ctx, id);
            }
            ctx.memory_mut(|memory| memory.request_focus(id));
        };
        if ui
            .add_enabled(can_give_out, egui::Button::new(texts.menu_cut()))
            .clicked()
            && let Some(range) = selected
        {
            ctx.copy_text(range.slice_str(text.as_str()).to_owned());
            let at = text.delete_selected(&range);
            select(CCursorRange::one(at));
            ui.close();
        }
        if ui
            .add_enabled(can_give_out, egui::Button::new(texts.menu_copy()))
            .clicked()
            && let Some(range) = selected
        {
            ctx.copy_text(range.slice_str(text.as_str()).to_owned());
            select(range);
            ui.close();
        }
        if ui.button(texts.menu_paste()).clicked() {
            if let Some(range) = range {
                select(range);
            } else {
                ctx.memory_mut(|memory| memory.request_focus(id));
            }
            ctx.send_viewport_cmd(ViewportCommand::RequestPaste);
            ui.close();
        }
        if ui.button(texts.menu_select_all()).clicked() {
            select(CCursorRange::select_all_str(text.as_str()));
            ui.close();
        }
    });
}

/// The text pasted into `field` this frame (Ctrl+V, Shift+Insert or the
/// right-click menu's Paste), if it has the keyboard.
pub fn pasted_into(ui: &egui::Ui, field: &egui::Response) -> Option<String> {
    if !field.has_focus() {
        return None;
    }
    ui.input(|input| {
        input.events.iter().find_map(|event| match event {
            Event::Paste(text) if !text.is_empty() => Some(text.clone()),
            _ => None,
        })
    })
}

/// Windows' older clipboard keys, which egui maps only on Windows:
/// Shift+Insert pastes, Ctrl+Insert copies, Shift+Delete cuts. Rewrites
/// `events` (a frame's raw input) in place; returns whether a paste was
/// asked for (the window then asks for the clipboard: `RequestPaste`).
pub fn windows_clipboard_keys(events: &mut Vec<Event>) -> bool {
    let mut paste = false;
    events.retain_mut(|event| {
        let Event::Key {
            key,
            pressed,
            modifiers,
            ..
        } = event
        else {
            return true;
        };
        let only_shift = modifiers.shift && !modifiers.ctrl && !modifiers.alt && !modifiers.command;
        let only_ctrl = modifiers.ctrl && !modifiers.shift && !modifiers.alt;
        match (*key, only_shift, only_ctrl) {
            (Key::Insert, true, _) => {
                paste |= *pressed;
                false
            }
            (Key::Insert, _, true) if *pressed => {
                *event = Event::Copy;
                true
            }
            (Key::Delete, true, _) if *pressed => {
                *event = Event::Cut;
                true
            }
            (Key::Insert, _, true) | (Key::Delete, true, _) => false,
            _ => true,
        }
    });
    paste
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

    /// Runs frames of one field (`secret` or plain, shown unmasked either
    /// way) with the keyboard in it, and returns what went to the clipboard
    /// (copied, or offered as the PRIMARY selection) and the text left.
    fn clipboard_out(secret: bool, events: Vec<egui::Event>) -> (Vec<String>, String) {
        let ctx = egui::Context::default();
        let mut text = Zeroizing::new(String::from("JBSWY3DP"));
        let mut plain = String::from("JBSWY3DP");
        let mut out = Vec::new();
        let mut frame = |events: Vec<egui::Event>| {
            let input = egui::RawInput {
                events,
                ..Default::default()
            };
            let mut output = ctx.run_ui(input, |ui| {
                let response = if secret {
                    secret_field(ui, &mut text, 64, |edit| edit.password(false))
                } else {
                    ui.add(egui::TextEdit::singleline(&mut plain))
                };
                response.request_focus();
            });
            output.textures_delta.clear();
            for command in output.platform_output.commands {
                match command {
                    egui::OutputCommand::CopyText(t) | egui::OutputCommand::TextSelectionSettled(t) => out.push(t),
                    _ => {}
                }
            }
        };
        let select_all = egui::Event::Key {
            key: Key::A,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: egui::Modifiers::COMMAND,
        };
        frame(Vec::new());
        frame(Vec::new());
        frame(vec![select_all]);
        frame(events);
        frame(Vec::new());
        let left = if secret { text.to_string() } else { plain };
        (out, left)
    }

    #[test]
    fn a_secret_field_gives_nothing_out_even_shown_where_a_plain_one_copies_and_cuts() {
        let (out, left) = clipboard_out(false, vec![egui::Event::Copy]);
        assert!(out.iter().any(|t| t == "JBSWY3DP"), "a plain field copies: {out:?}");
        assert_eq!(left, "JBSWY3DP");
        let (out, left) = clipboard_out(false, vec![egui::Event::Cut]);
        assert!(out.iter().any(|t| t == "JBSWY3DP"), "a plain field cuts: {out:?}");
        assert_eq!(left, "");
        for event in [egui::Event::Copy, egui::Event::Cut] {
            let (out, left) = clipboard_out(true, vec![event.clone()]);
            assert!(out.is_empty(), "{event:?} gave the secret out: {out:?}");
            assert_eq!(left, "JBSWY3DP", "{event:?} took the secret away");
        }
        // A paste goes in, as into any field.
        let (_, left) = clipboard_out(true, vec![egui::Event::Paste("GEZDGNBV".into())]);
        assert_eq!(left, "GEZDGNBV");
    }

    fn key(key: Key, modifiers: egui::Modifiers) -> egui::Event {
        egui::Event::Key {
            key,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers,
        }
    }

    #[test]
    fn windows_clipboard_keys_become_paste_copy_and_cut() {
        let mut events = vec![key(Key::Insert, egui::Modifiers::SHIFT)];
        assert!(windows_clipboard_keys(&mut events), "Shift+Insert pastes");
        assert!(events.is_empty(), "{events:?}");
        let mut events = vec![
            key(Key::Insert, egui::Modifiers::CTRL),
            key(Key::Delete, egui::Modifiers::SHIFT),
            key(Key::Delete, egui::Modifiers::NONE),
            key(Key::Insert, egui::Modifiers::NONE),
        ];
        assert!(!windows_clipboard_keys(&mut events));
        assert_eq!(events[0], egui::Event::Copy);
        assert_eq!(events[1], egui::Event::Cut);
        assert_eq!(events[2], key(Key::Delete, egui::Modifiers::NONE), "plain Delete stays");
        assert_eq!(events[3], key(Key::Insert, egui::Modifiers::NONE));
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
