//! Linux: the tray's event loop needs a graphical session, and GTK's
//! application must register without the session bus.

/// Why this session cannot host a tray, if it cannot (no X11 or Wayland).
pub fn check_session() -> Result<(), String> {
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        return Err(
            "there is no graphical session (neither DISPLAY nor WAYLAND_DISPLAY is set): start trayotp from \
                    your desktop; `trayotp copy NAME` works without one"
                .into(),
        );
    }
    Ok(())
}

/// Held while the event loop is built: see [`GtkApplicationOffTheBus`].
pub fn before_event_loop() -> GtkApplicationOffTheBus {
    GtkApplicationOffTheBus::new()
}

/// Nothing to allow: X11 has no foreground lock.
pub fn allow_others_to_take_focus() {}

/// The desktop pops the menu up itself (the app never asks on Linux).
pub fn pop_up_menu(_tray: &tray_icon::TrayIcon, _menu: &tray_icon::menu::Menu) {}

/// tao runs GTK as a `GtkApplication`, which, once registered on the
/// session bus, looks for a session manager to inhibit logout and, finding
/// none (a plain X session, Xvfb), starts `xdg-desktop-portal` for its
/// Inhibit interface, waiting for it, with the document portal and the GTK
/// backend in tow: a hundred milliseconds or more of start-up and three
/// resident processes that trayotp never uses (it inhibits nothing).
/// Without a session bus GApplication runs as a plain non-unique
/// application. So: GTK is initialised first with the real environment (its
/// accessibility bridge finds the AT-SPI bus through the session bus), then
/// the application is registered while `DBUS_SESSION_BUS_ADDRESS` names no
/// bus, and the address is put back (the tray icon, toasts and the keyring
/// use it afterwards).
pub struct GtkApplicationOffTheBus {
    address: Option<std::ffi::OsString>,
}

impl GtkApplicationOffTheBus {
    const VAR: &str = "DBUS_SESSION_BUS_ADDRESS";

    pub fn new() -> Self {
        // tao calls gtk::init() again; the second call does nothing.
        if gtk::init().is_err() {
            return Self { address: None };
        }
        let address = std::env::var_os(Self::VAR);
        if address.is_some() {
            // SAFETY: called (through `before_event_loop`) from `tray::run` before any thread of ours is
            // started (the control server, toasts, alarm and the keyring
            // client come later), and GTK's initialisation starts none that
            // reads the environment. GLib's D-Bus address parser refuses
            // "disabled:", so GApplication registers without the bus.
            unsafe { std::env::set_var(Self::VAR, "disabled:") };
        }
        Self { address }
    }
}

impl Drop for GtkApplicationOffTheBus {
    fn drop(&mut self) {
        if let Some(address) = self.address.take() {
            // SAFETY: as in `new`: still the only thread of ours.
            unsafe { std::env::set_var(Self::VAR, address) };
        }
    }
}
