//! Whether the desktop asks for a light or a dark look, for the forms.
//!
//! On Windows the window system says so itself (winit reads the "apps use
//! light theme" setting and eframe follows it, also when it changes), so
//! this returns `None` there. X11 has no such setting; GNOME-like desktops
//! keep it in GSettings (`org.gnome.desktop.interface color-scheme`, also
//! what the desktop portal reports), and a GTK theme can be forced for one
//! program with `GTK_THEME=Adwaita:dark`. Without either, light: the
//! default of Windows and of most Linux desktops.

use egui::Theme;

/// The theme the desktop asks for, when the window system does not say.
pub fn system_theme() -> Option<Theme> {
    if cfg!(windows) {
        return None;
    }
    let gtk_theme = std::env::var("GTK_THEME").ok();
    let color_scheme = || {
        std::process::Command::new("gsettings")
            .args(["get", "org.gnome.desktop.interface", "color-scheme"])
            .stderr(std::process::Stdio::null())
            .output()
            .ok()
            .filter(|out| out.status.success())
            .map(|out| String::from_utf8_lossy(&out.stdout).into_owned())
    };
    Some(decide(gtk_theme.as_deref(), color_scheme))
}

/// `GTK_THEME` first (`Name:dark`, or a name ending in "dark"), then the
/// GSettings colour scheme (`'prefer-dark'`), else light.
fn decide(gtk_theme: Option<&str>, color_scheme: impl FnOnce() -> Option<String>) -> Theme {
    if let Some(name) = gtk_theme.map(str::to_ascii_lowercase).filter(|n| !n.is_empty()) {
        return if name.ends_with(":dark") || name.ends_with("-dark") || name.ends_with("dark") {
            Theme::Dark
        } else {
            Theme::Light
        };
    }
    match color_scheme() {
        Some(scheme) if scheme.contains("prefer-dark") => Theme::Dark,
        _ => Theme::Light,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gtk_theme_then_the_colour_scheme_then_light() {
        let never = || -> Option<String> { panic!("GTK_THEME decides alone") };
        assert_eq!(decide(Some("Adwaita:dark"), never), Theme::Dark);
        assert_eq!(decide(Some("Adwaita-dark"), never), Theme::Dark);
        assert_eq!(decide(Some("Adwaita"), never), Theme::Light);
        assert_eq!(decide(None, || Some("'prefer-dark'\n".into())), Theme::Dark);
        assert_eq!(decide(Some(""), || Some("'prefer-dark'\n".into())), Theme::Dark);
        assert_eq!(decide(None, || Some("'default'\n".into())), Theme::Light);
        assert_eq!(decide(None, || None), Theme::Light);
    }
}
