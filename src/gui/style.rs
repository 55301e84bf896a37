//! How every form looks, in one place: the colours of the light and the dark
//! theme, the text sizes and the field borders, and the theme the system asks
//! for. The forms draw with egui's own widgets; [`apply`] gives them this look
//! once per window (`gui::native`), and the unit tests below check the very
//! [`visuals`] the forms get.
//!
//! The rules (issue 19):
//! - every text colour (body, hint and placeholder, error, warning,
//!   disabled, link) reaches WCAG's 4.5:1 against the background it is drawn
//!   on, in both themes; the colours are Windows 11's own (Fluent) where it
//!   has one: caution #9D5D00, critical #C42B1C, accent text #005FB8;
//! - body text is 14 px at 100 % scale, nothing is under 12 px (the
//!   monitor's scale factor multiplies these: eframe follows it);
//! - text fields have a visible border (3:1 against the window and the
//!   field, WCAG's rule for the edge of a control), and a placeholder is
//!   greyed and italic ([`placeholder`]) so an empty field looks empty.

use std::collections::BTreeMap;

use egui::{Color32, FontFamily, FontId, RichText, Stroke, TextStyle, Theme, Visuals};

/// The smallest text the forms draw, in points (px at 100 % scale).
pub const SMALL_SIZE: f32 = 12.0;
/// Body text, field text and buttons.
pub const BODY_SIZE: f32 = 14.0;

/// The text sizes of every form.
pub fn text_styles() -> BTreeMap<TextStyle, FontId> {
    use FontFamily::{Monospace, Proportional};
    [
        (TextStyle::Small, FontId::new(SMALL_SIZE, Proportional)),
        (TextStyle::Body, FontId::new(BODY_SIZE, Proportional)),
        (TextStyle::Button, FontId::new(BODY_SIZE, Proportional)),
        (TextStyle::Heading, FontId::new(20.0, Proportional)),
        (TextStyle::Monospace, FontId::new(BODY_SIZE, Monospace)),
    ]
    .into()
}

/// The colours of `theme`, as the forms use them.
pub fn visuals(theme: Theme) -> Visuals {
    match theme {
        Theme::Light => light(),
        Theme::Dark => dark(),
    }
}

fn light() -> Visuals {
    let mut v = Visuals::light();
    let text = Color32::from_gray(0x1f);
    v.widgets.noninteractive.fg_stroke.color = text;
    v.widgets.inactive.fg_stroke.color = Color32::from_gray(0x1a);
    v.widgets.hovered.fg_stroke.color = Color32::BLACK;
    v.widgets.active.fg_stroke.color = Color32::BLACK;
    v.widgets.open.fg_stroke.color = Color32::BLACK;
    // Hints and placeholders.
    v.weak_text_color = Some(Color32::from_gray(0x5f));
    // Fluent's caution, critical and accent-text colours (light).
    v.warn_fg_color = Color32::from_rgb(0x9d, 0x5d, 0x00);
    v.error_fg_color = Color32::from_rgb(0xc4, 0x2b, 0x1c);
    v.hyperlink_color = Color32::from_rgb(0x00, 0x5f, 0xb8);
    // Borders: fields and buttons have an edge, darker under the pointer.
    v.widgets.inactive.bg_stroke = Stroke::new(1.0, Color32::from_gray(0x8a));
    v.widgets.hovered.bg_stroke = Stroke::new(1.0, Color32::from_gray(0x5f));
    v.selection.stroke = Stroke::new(2.0, Color32::from_rgb(0x00, 0x5f, 0xb8));
    v.selection.bg_fill = Color32::from_rgb(0xcc, 0xe4, 0xf7);
    // Disabled text stays readable (4.5:1): faded, not washed out.
    v.disabled_alpha = 0.65;
    v
}

fn dark() -> Visuals {
    let mut v = Visuals::dark();
    let text = Color32::from_gray(0xe6);
    v.widgets.noninteractive.fg_stroke.color = text;
    v.widgets.inactive.fg_stroke.color = Color32::from_gray(0xf0);
    v.widgets.hovered.fg_stroke.color = Color32::WHITE;
    v.widgets.active.fg_stroke.color = Color32::WHITE;
    v.widgets.open.fg_stroke.color = Color32::WHITE;
    v.weak_text_color = Some(Color32::from_gray(0xa8));
    // Fluent's caution, critical and accent-text colours (dark).
    v.warn_fg_color = Color32::from_rgb(0xfc, 0xe1, 0x00);
    v.error_fg_color = Color32::from_rgb(0xff, 0x99, 0xa4);
    v.hyperlink_color = Color32::from_rgb(0x60, 0xcd, 0xff);
    v.widgets.inactive.bg_stroke = Stroke::new(1.0, Color32::from_gray(0x8a));
    v.widgets.hovered.bg_stroke = Stroke::new(1.0, Color32::from_gray(0xc8));
    v.selection.stroke = Stroke::new(2.0, Color32::from_rgb(0x60, 0xcd, 0xff));
    v.selection.bg_fill = Color32::from_rgb(0x1f, 0x4e, 0x79);
    v.disabled_alpha = 0.65;
    v
}

/// A field's placeholder: greyed (the theme's hint colour) and italic, so it
/// never reads as a value already typed in.
pub fn placeholder(text: &str) -> RichText {
    RichText::new(text).italics()
}

/// Gives `ctx` the forms' look in both themes, and follows the system's
/// theme: `system` is what the platform says when the window system does
/// not tell eframe (X11 never does; on Windows winit reads it itself).
pub fn apply(ctx: &egui::Context, system: Option<Theme>) {
    ctx.set_visuals_of(Theme::Light, visuals(Theme::Light));
    ctx.set_visuals_of(Theme::Dark, visuals(Theme::Dark));
    ctx.all_styles_mut(|style| {
        style.text_styles = text_styles();
        // Room for the larger text, and fields as tall as buttons.
        style.spacing.interact_size.y = 26.0;
        style.spacing.button_padding = egui::vec2(10.0, 4.0);
    });
    if let Some(theme) = system {
        ctx.options_mut(|options| options.fallback_theme = theme);
    }
}

/// WCAG 2.x relative luminance of an opaque sRGB colour.
pub fn luminance(colour: Color32) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(colour.r()) + 0.7152 * channel(colour.g()) + 0.0722 * channel(colour.b())
}

/// WCAG 2.x contrast ratio of `fg` drawn over the opaque `bg` (a
/// translucent `fg`, egui's premultiplied colour, is blended first).
pub fn contrast(fg: Color32, bg: Color32) -> f64 {
    let fg = over(fg, bg);
    let (a, b) = (luminance(fg), luminance(bg));
    let (hi, lo) = if a > b { (a, b) } else { (b, a) };
    (hi + 0.05) / (lo + 0.05)
}

/// `fg` (premultiplied, maybe translucent) blended over the opaque `bg`.
pub fn over(fg: Color32, bg: Color32) -> Color32 {
    let keep = 1.0 - f32::from(fg.a()) / 255.0;
    let mix = |f: u8, b: u8| (f32::from(f) + f32::from(b) * keep).round().min(255.0) as u8;
    Color32::from_rgb(mix(fg.r(), bg.r()), mix(fg.g(), bg.g()), mix(fg.b(), bg.b()))
}

/// Every text colour the forms draw, with the background it is drawn on:
/// `(what, text, background)`.
pub fn text_pairs(v: &Visuals) -> Vec<(&'static str, Color32, Color32)> {
    let panel = v.panel_fill;
    let field = v.text_edit_bg_color();
    let disabled_panel = over(v.disable(v.widgets.inactive.weak_bg_fill), panel);
    vec![
        ("body", v.text_color(), panel),
        ("body on a window", v.text_color(), v.window_fill),
        ("field text", v.widgets.inactive.text_color(), field),
        ("placeholder", v.weak_text_color(), field),
        ("hint", v.weak_text_color(), panel),
        ("error", v.error_fg_color, panel),
        ("warning", v.warn_fg_color, panel),
        ("link", v.hyperlink_color, panel),
        ("strong", v.strong_text_color(), panel),
        (
            "button",
            v.widgets.inactive.text_color(),
            v.widgets.inactive.weak_bg_fill,
        ),
        (
            "button, hovered",
            v.widgets.hovered.text_color(),
            v.widgets.hovered.weak_bg_fill,
        ),
        (
            "button, pressed",
            v.widgets.active.text_color(),
            v.widgets.active.weak_bg_fill,
        ),
        ("disabled", v.disable(v.text_color()), panel),
        (
            "disabled button",
            v.disable(v.widgets.inactive.text_color()),
            disabled_panel,
        ),
        (
            "disabled field",
            v.disable(v.widgets.inactive.text_color()),
            over(v.disable(field), panel),
        ),
        ("selected text", v.text_color(), v.selection.bg_fill),
        ("selected item", v.selection.stroke.color, v.selection.bg_fill),
    ]
}

/// The edges of the controls: `(what, border, background)`.
pub fn border_pairs(v: &Visuals) -> Vec<(&'static str, Color32, Color32)> {
    vec![
        (
            "field border on the window",
            v.widgets.inactive.bg_stroke.color,
            v.panel_fill,
        ),
        (
            "field border on the field",
            v.widgets.inactive.bg_stroke.color,
            v.text_edit_bg_color(),
        ),
        ("focused field border", v.selection.stroke.color, v.panel_fill),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_contrast_formula_gives_wcags_known_values() {
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 1e-9);
        assert!((contrast(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 1e-9);
        // egui's own error red on its light panel, the 3.8:1.
        let red = contrast(Color32::from_rgb(255, 0, 0), Color32::from_gray(248));
        assert!((3.7..3.9).contains(&red), "{red}");
        // Half-transparent black over white is mid grey.
        assert_eq!(
            over(Color32::from_black_alpha(128), Color32::WHITE),
            Color32::from_gray(127)
        );
    }

    /// What the issue measured is now too pale to pass, so the check can fail.
    #[test]
    fn eguis_default_light_colours_fail_the_check() {
        let failing: Vec<_> = text_pairs(&Visuals::light())
            .into_iter()
            .filter(|(_, fg, bg)| contrast(*fg, *bg) < 4.5)
            .map(|(what, ..)| what)
            .collect();
        assert!(
            failing.contains(&"error") && failing.contains(&"warning"),
            "{failing:?}"
        );
    }

    #[test]
    fn every_text_colour_of_the_forms_reaches_4_5_to_1_in_both_themes() {
        for theme in [Theme::Light, Theme::Dark] {
            let v = visuals(theme);
            assert_eq!(v.dark_mode, theme == Theme::Dark);
            for (what, fg, bg) in text_pairs(&v) {
                let ratio = contrast(fg, bg);
                assert!(ratio >= 4.5, "{theme:?} {what}: {fg:?} on {bg:?} is {ratio:.2}:1");
            }
            for (what, fg, bg) in border_pairs(&v) {
                let ratio = contrast(fg, bg);
                assert!(ratio >= 3.0, "{theme:?} {what}: {fg:?} on {bg:?} is {ratio:.2}:1");
            }
            assert!(
                v.widgets.inactive.bg_stroke.width >= 1.0,
                "{theme:?}: fields have a border"
            );
        }
    }

    #[test]
    fn no_text_is_under_12_px_and_body_text_is_14() {
        let styles = text_styles();
        let smallest = styles.values().map(|f| f.size).fold(f32::INFINITY, f32::min);
        assert!(smallest >= 12.0, "smallest text {smallest} px");
        for style in [TextStyle::Body, TextStyle::Button, TextStyle::Monospace] {
            assert!(styles[&style].size >= 14.0, "{style:?} is {} px", styles[&style].size);
        }
        // What a form really gets once `apply` ran, in either theme.
        let ctx = egui::Context::default();
        apply(&ctx, Some(Theme::Light));
        for theme in [Theme::Light, Theme::Dark] {
            let style = ctx.style_of(theme);
            assert!(style.text_styles.values().all(|f| f.size >= 12.0));
            assert_eq!(style.text_styles[&TextStyle::Body].size, BODY_SIZE);
            assert_eq!(style.visuals, visuals(theme));
        }
        assert_eq!(ctx.theme(), Theme::Light, "the system's light theme is followed");
        apply(&ctx, Some(Theme::Dark));
        assert_eq!(ctx.theme(), Theme::Dark, "the system's dark theme is followed");
    }
}
