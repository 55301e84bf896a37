//! Drawing the Add form: the fields, the messages below them, Other ways
//! and Advanced, the file password, and the screen after Register. Every
//! decision is the form's (`mod.rs`); this only lays it out.

use super::*;

/// Draws the form; returns what the window should do.
///
/// At start it has the guide's fields only: 表示名, ワンタイムパスワード設定用番号
/// with 貼り付け, then 登録 and キャンセル. 照合用のコード appears under them
/// when the setup number needs a code; the QR ways and 詳細設定 wait,
/// collapsed, under 「その他の方法」; messages come below every field.
pub fn ui(
    form: &mut AddForm,
    ui: &mut egui::Ui,
    texts: Texts,
    store: &mut Store,
    desktop: &mut dyn Desktop,
    now: Millis,
) -> AddOutcome {
    if let Some(registered) = &mut form.registered {
        return registered_ui(registered, ui, texts, store, desktop, now);
    }
    let field_width = ui.available_width();
    let name_label = ui.label(texts.name_label());
    let name = ui
        .add(
            TextEdit::singleline(&mut form.name)
                .hint_text(style::placeholder(texts.name_hint()))
                .desired_width(field_width)
                .char_limit(200),
        )
        .labelled_by(name_label.id);
    widgets::edit_menu(&name, &mut form.name);
    if !form.focused_once {
        // The window opens with the cursor in the display name.
        name.request_focus();
        form.focused_once = true;
    }
    ui.add_space(6.0);

    let key_label = ui.label(texts.key_label());
    let key_id = ui.make_persistent_id("setup-number");
    let typing = ui.memory(|m| m.has_focus(key_id));
    let key = ui
        .horizontal(|ui| {
            let buttons_width = 150.0;
            // Masked while typed too, with the input method off
            // (secret_field); the Show toggle reveals it.
            let width = ui.available_width() - buttons_width;
            let response = widgets::secret_field(ui, &mut form.key, 4096, |edit| {
                edit.id(key_id)
                    .password(!form.show_key)
                    .hint_text(style::placeholder(texts.key_hint()))
                    .desired_width(width)
            })
            .labelled_by(key_label.id);
            let toggle = if form.show_key {
                texts.hide_key()
            } else {
                texts.show_key()
            };
            if ui.button(toggle).clicked() {
                form.show_key = !form.show_key;
            }
            if ui.button(texts.paste()).clicked() {
                let clipboard = desktop.clipboard_text();
                form.paste(clipboard);
            }
            response
        })
        .inner;
    if let Some(text) = widgets::pasted_into(ui, &key) {
        // Ctrl+V, Shift+Insert or the field's menu: cleared from the
        // clipboard after Register, as with the Paste button.
        form.pasted_by_keyboard(text);
    }

    let mut left = vec![name.lost_focus(), key.lost_focus()];
    let shown = form.needs_check_field();
    if shown {
        if !form.check_shown && !typing {
            // It just appeared (a pasted number, Register): the code goes here next.
            form.focus_check = true;
        }
        ui.add_space(6.0);
        left.push(check_field(form, ui, texts).lost_focus());
    }
    form.check_shown = shown;
    ui.add_space(6.0);

    egui::CollapsingHeader::new(texts.other_ways())
        .id_salt("other-ways")
        .default_open(form.advanced.open)
        .show(ui, |ui| {
            if !shown {
                // A setup number with one reading can still be checked
                // against a code before it is registered, on request.
                left.push(check_field(form, ui, texts).lost_focus());
            }
            ui.horizontal_wrapped(|ui| {
                if ui.button(texts.from_qr_image()).clicked() {
                    form.qr_from_file(desktop, texts);
                }
                if ui.button(texts.from_clipboard_image()).clicked() {
                    form.qr_from_clipboard(desktop);
                }
                if ui.button(texts.from_app_file()).clicked() {
                    form.app_file_from_dialog(store, desktop, texts);
                }
            });
            if form.app_file.asks_password() {
                app_file_password_ui(form, ui, texts, store);
            }
            advanced_ui(&mut form.advanced, ui, texts);
        });

    if store.needs_new_passphrase() {
        ui.add_space(6.0);
        let fields = new_passphrase::ui(&mut form.new_passphrase, ui, texts, form.attempted);
        left.extend(fields.iter().map(egui::Response::lost_focus));
    }

    for (tone, message) in messages(form, store, texts, typing) {
        widgets::message(ui, tone, &message, texts.details());
    }
    let report = app_file_messages(form, texts);
    if !report.is_empty() {
        // A file can leave out many entries: its report scrolls in a
        // bounded box, so Register and Cancel stay on the screen.
        egui::ScrollArea::vertical()
            .id_salt("app-file-report")
            .max_height(190.0)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                for (tone, message) in report {
                    widgets::message(ui, tone, &message, texts.details());
                }
            });
    }

    let submitted = left.contains(&true) && ui.input(|i| i.key_pressed(Key::Enter));
    let (register, cancel) = widgets::dialog_buttons(ui, texts.register(), texts.cancel());
    if register || submitted {
        return form.register(store, now);
    }
    if cancel || ui.input(|i| i.key_pressed(Key::Escape)) {
        return AddOutcome::Cancelled;
    }
    AddOutcome::Stay
}

/// The file's password (a secret field: masked, input method off) and
/// "Import"; Enter in the field imports too.
fn app_file_password_ui(form: &mut AddForm, ui: &mut egui::Ui, texts: Texts, store: &mut Store) {
    let label = ui.label(texts.app_file_password_label());
    let (field, import) = ui
        .horizontal(|ui| {
            let id = ui.make_persistent_id("app-file-password");
            let field = widgets::secret_field(ui, &mut form.app_file.password, 1024, |edit| {
                edit.id(id).desired_width(220.0)
            })
            .labelled_by(label.id);
            (field, ui.button(texts.app_file_import()).clicked())
        })
        .inner;
    if std::mem::take(&mut form.app_file.focus_password) {
        field.request_focus();
    }
    if field.changed() {
        form.app_file.report = None;
    }
    let entered = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
    if import || entered {
        form.app_file_with_password(store);
    }
}

/// 照合用のコード, its hint under it; takes the focus when asked to.
fn check_field(form: &mut AddForm, ui: &mut egui::Ui, texts: Texts) -> egui::Response {
    let check_label = ui.label(texts.check_label());
    let check = ui
        .add(
            TextEdit::singleline(&mut *form.check_code)
                .hint_text(style::placeholder("123456"))
                .desired_width(120.0)
                .char_limit(32),
        )
        .labelled_by(check_label.id);
    widgets::edit_menu(&check, &mut form.check_code);
    ui.label(texts.check_hint());
    if std::mem::take(&mut form.focus_check) {
        check.request_focus();
    }
    if check.changed() {
        form.check = None;
    }
    check
}

/// "Advanced" (詳細設定): period, digits and algorithm, each "Automatic"
/// unless set.
fn advanced_ui(advanced: &mut Advanced, ui: &mut egui::Ui, texts: Texts) {
    egui::CollapsingHeader::new(texts.advanced())
        .id_salt("advanced")
        .default_open(advanced.open)
        .show(ui, |ui| {
            ui.label(RichText::new(texts.advanced_hint()).small());
            egui::Grid::new("advanced-grid").num_columns(2).show(ui, |ui| {
                let label = ui.label(texts.period_label());
                let period = ui
                    .add(
                        TextEdit::singleline(&mut advanced.period)
                            .hint_text(style::placeholder(texts.automatic()))
                            .desired_width(80.0)
                            .char_limit(6),
                    )
                    .labelled_by(label.id);
                widgets::edit_menu(&period, &mut advanced.period);
                ui.end_row();
                let label = ui.label(texts.digits_label());
                let shown = advanced.digits.map_or(texts.automatic().to_string(), |d| d.to_string());
                ComboBox::from_id_salt("digits")
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut advanced.digits, None, texts.automatic());
                        for digits in crate::domain::otp::DIGITS_RANGE {
                            ui.selectable_value(&mut advanced.digits, Some(digits), digits.to_string());
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.end_row();
                let label = ui.label(texts.algorithm_label());
                let shown = advanced.algorithm.map_or(texts.automatic(), Algorithm::name);
                ComboBox::from_id_salt("algorithm")
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut advanced.algorithm, None, texts.automatic());
                        for algorithm in check::ALGORITHMS {
                            ui.selectable_value(&mut advanced.algorithm, Some(algorithm), algorithm.name());
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.end_row();
                let label = ui.label(texts.yomi_label());
                let reading = ui
                    .add(
                        TextEdit::singleline(&mut advanced.reading)
                            .hint_text(style::placeholder(texts.yomi_hint()))
                            .desired_width(200.0)
                            .char_limit(200),
                    )
                    .labelled_by(label.id);
                widgets::edit_menu(&reading, &mut advanced.reading);
                ui.end_row();
            });
            if let Err(error) = advanced.overrides() {
                widgets::message(ui, Tone::Error, &texts.key_error(&error), texts.details());
            }
            if let Err(error) = check_reading(&advanced.reading) {
                widgets::error_line(ui, &texts.yomi_error(&error));
            }
        });
}

/// After Register: the new account's code, its seconds left and Copy
/// (through the tray, as "Show code" copies), and where to try the code
/// before the old app goes.
fn registered_ui(
    registered: &mut Registered,
    ui: &mut egui::Ui,
    texts: Texts,
    store: &Store,
    desktop: &mut dyn Desktop,
    now: Millis,
) -> AddOutcome {
    ui.ctx().request_repaint_after(ShowForm::next_repaint(now));
    registered.show.tick(store, desktop, now);
    ui.label(RichText::new(texts.registered(&registered.name)).strong());
    if let Some(found) = &registered.found {
        widgets::message(ui, Tone::Info, &texts.found(found), texts.details());
    }
    if let Some(account) = store.accounts().find(&registered.name) {
        let code = account.code_at(now / 1000);
        let left_ms = (code.valid_until * 1000).saturating_sub(now);
        let seconds_left = left_ms.div_ceil(1000);
        ui.add_space(4.0);
        ui.vertical_centered(|ui| {
            ui.label(
                RichText::new(group_digits(code.digits()))
                    .size(40.0)
                    .monospace()
                    .strong(),
            );
        });
        let mut bar = ProgressBar::new(seconds_left as f32 / account.period.max(1) as f32)
            .text(texts.seconds_left(seconds_left, account.period))
            .desired_height(20.0);
        if left_ms < App::grace_seconds(account.period) * 1000 {
            bar = bar.fill(ui.visuals().warn_fg_color);
        }
        ui.add(bar);
        ui.add_space(6.0);
        ui.vertical_centered_justified(|ui| {
            if ui.button(RichText::new(texts.copy()).strong()).clicked() {
                registered.show.copy_clicked(store, desktop, now);
            }
        });
        match &registered.show.copy {
            Some(CopyState::Copied) => {
                ui.label(texts.copied());
            }
            Some(CopyState::Waiting { at, .. }) => {
                ui.label(texts.copying_next(at.saturating_sub(now).div_ceil(1000)));
            }
            Some(CopyState::Failed(_)) => widgets::error_line(ui, &texts.copy_failed()),
            None => {}
        }
    }
    ui.add_space(6.0);
    widgets::warning_line(ui, texts.confirm_before_removing());
    ui.add_space(8.0);
    ui.separator();
    let row = egui::vec2(ui.available_width(), ui.spacing().interact_size.y);
    let close = ui
        .allocate_ui_with_layout(row, egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.add(egui::Button::new(texts.close()).min_size([88.0, 0.0].into()))
                .clicked()
        })
        .inner;
    if close || ui.input(|i| i.key_pressed(Key::Escape)) {
        return AddOutcome::Done(registered.name.clone());
    }
    AddOutcome::Stay
}
