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

/// Marks a line as a live region: screen readers say it when it changes.
pub fn announce(line: &egui::Response, live: egui::accesskit::Live) {
    line.ctx.accesskit_node_builder(line.id, |node| node.set_live(live));
}

/// The bottom row: `secondary` then `primary`, right-aligned. Returns
/// whether each was clicked.
pub fn dialog_buttons(ui: &mut egui::Ui, primary: &str, secondary: &str) -> (bool, bool) {
    ui.add_space(8.0);
    ui.separator();
    ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
        let primary = ui.add(egui::Button::new(RichText::new(primary).strong()).min_size([88.0, 0.0].into()));
        let secondary = ui.add(egui::Button::new(secondary).min_size([88.0, 0.0].into()));
        (primary.clicked(), secondary.clicked())
    })
    .inner
}
