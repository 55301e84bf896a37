//! What the forms really draw is readable: every form (drawn headless by
//! egui_kittest with the look the native window gets, `gui::style::apply`),
//! in the light and the dark theme, in Japanese and English, draws no text
//! under 12 px, and every piece of text it draws reaches WCAG's 4.5:1
//! against the window's background. `src/gui/style.rs` checks the colours
//! themselves; this checks that the forms use them and nothing else.

use crate::common;

use egui::epaint::{Shape, TextShape};
use egui::{Color32, Theme};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use trayotp::app::Form;
use trayotp::gui::desktop::SystemDesktop;
use trayotp::gui::style;
use trayotp::gui::window::{FormWindow, WindowConfig};
use trayotp::i18n::Language;
use trayotp::vault::VaultPath;

use common::{PASSPHRASE, SEED_B32, TestVault, assert_ok};

fn texts_in(shape: &Shape, out: &mut Vec<TextShape>) {
    match shape {
        Shape::Vec(shapes) => shapes.iter().for_each(|s| texts_in(s, out)),
        Shape::Text(text) => out.push(text.clone()),
        _ => {}
    }
}

/// Each run of text drawn in the last frame: (its text, size, colour).
fn drawn(harness: &Harness<'_, FormWindow>) -> Vec<(String, f32, Color32)> {
    let mut texts = Vec::new();
    for clipped in &harness.output().shapes {
        texts_in(&clipped.shape, &mut texts);
    }
    let mut runs = Vec::new();
    for text in texts {
        let job = &text.galley.job;
        for section in &job.sections {
            let words = job.text[section.byte_range.start.0..section.byte_range.end.0].to_string();
            if words.trim().is_empty() {
                continue;
            }
            let colour = text
                .override_text_color
                .unwrap_or(if section.format.color == Color32::PLACEHOLDER {
                    text.fallback_color
                } else {
                    section.format.color
                });
            runs.push((
                words,
                section.format.font_id.size,
                colour.gamma_multiply(text.opacity_factor),
            ));
        }
    }
    runs
}

fn harness(form: Form, vault: &VaultPath, language: Language, theme: Theme) -> Harness<'static, FormWindow> {
    let config = WindowConfig {
        form,
        vault: vault.clone(),
        settings: vault.main().with_file_name("settings.toml"),
        language,
        protector: None,
        account: Some("三菱 太郎".into()),
    };
    let window = FormWindow::new(config, Box::new(SystemDesktop), Box::new(|| 1_700_000_000_000));
    let mut harness = Harness::<FormWindow>::builder()
        .with_size([480.0, 640.0])
        .with_theme(theme)
        .with_context_setup(move |ctx| {
            trayotp::gui::fonts::install(ctx).expect("a Japanese font (fonts-noto-cjk)");
            style::apply(ctx, Some(theme));
        })
        .build_ui_state(
            |ui, window: &mut FormWindow| {
                egui::Frame::central_panel(ui.style()).show(ui, |ui| {
                    window.ui(ui);
                });
            },
            window,
        );
    harness.run_steps(2);
    if harness.state().is_locked() && form != Form::Settings {
        let label = match language {
            Language::English => "Passphrase",
            Language::Japanese => "パスフレーズ",
        };
        harness.get_by_label(label).focus();
        harness.run_steps(1);
        harness.get_by_label(label).type_text(PASSPHRASE);
        harness.run_steps(1);
        harness
            .get_by_label(match language {
                Language::English => "Unlock",
                Language::Japanese => "ロック解除",
            })
            .click();
        harness.run_steps(3);
        assert!(!harness.state().is_locked(), "{form:?} unlocked");
    }
    harness.run_steps(2);
    // The forms' own look (egui_kittest only stops the cursor blinking).
    let mut look = style::visuals(theme);
    look.text_cursor.blink = false;
    assert_eq!(harness.ctx.global_style().visuals, look, "the forms' own look");
    harness
}

#[test]
fn every_form_draws_text_of_12_px_or_more_at_4_5_to_1_in_both_themes() {
    let vault = TestVault::new();
    assert_ok(&vault.add("三菱 太郎", SEED_B32));
    let path = VaultPath::new(&vault.path);
    let forms = [
        Form::Add,
        Form::Manage,
        Form::Show,
        Form::Settings,
        Form::Backup,
        Form::Pick,
    ];
    for theme in [Theme::Light, Theme::Dark] {
        let background = style::visuals(theme).panel_fill;
        for language in [Language::Japanese, Language::English] {
            for form in forms {
                let harness = harness(form, &path, language, theme);
                let runs = drawn(&harness);
                assert!(runs.len() >= 3, "{form:?} drew next to nothing: {runs:?}");
                for (words, size, colour) in runs {
                    assert!(
                        size >= style::SMALL_SIZE,
                        "{theme:?} {language:?} {form:?}: {words:?} is {size} px"
                    );
                    let ratio = style::contrast(colour, background);
                    assert!(
                        ratio >= 4.5,
                        "{theme:?} {language:?} {form:?}: {words:?} in {colour:?} is {ratio:.2}:1"
                    );
                }
            }
        }
    }
}
