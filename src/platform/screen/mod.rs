//! How tall the screen is, for the tray menu to fit it (`app::menu` decides
//! how many accounts that makes): the work area (the screen less the taskbar
//! or panels) and the height of one menu row, in the same pixels.
//!
//! Windows: `SystemParametersInfoW(SPI_GETWORKAREA)` (the primary monitor,
//! where the notification area is) and the menu bar's height
//! (`SM_CYMENU`), which scale together with the DPI. Linux (X11, XWayland):
//! the root window's `_NET_WORKAREA` (set by the window manager), else the
//! screen's own height. `None` when neither can be asked (the caller then
//! uses `app::menu::MenuScreen::FALLBACK`).

/// The work area's height and one menu row's height, in pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WorkArea {
    pub height: u32,
    pub menu_item_height: u32,
}

#[cfg(windows)]
pub fn work_area() -> Option<WorkArea> {
    use windows_sys::Win32::Foundation::RECT;
    use windows_sys::Win32::UI::WindowsAndMessaging::{
        GetSystemMetrics, SM_CYMENU, SPI_GETWORKAREA, SystemParametersInfoW,
    };
    let mut rect = RECT {
        left: 0,
        top: 0,
        right: 0,
        bottom: 0,
    };
    // SAFETY: SPI_GETWORKAREA writes one RECT through the pointer, which
    // points at ours for the call's duration.
    let ok = unsafe { SystemParametersInfoW(SPI_GETWORKAREA, 0, (&raw mut rect).cast(), 0) };
    if ok == 0 {
        return None;
    }
    let height = u32::try_from(rect.bottom.saturating_sub(rect.top))
        .ok()
        .filter(|&h| h > 0)?;
    // SAFETY: no pointers.
    let bar = unsafe { GetSystemMetrics(SM_CYMENU) };
    // A pop-up menu's rows are taller than the menu bar (Windows 11 pads
    // them more): 8/5 of it, 32 pixels at 100 %, errs on the tall side.
    let bar = u32::try_from(bar).ok().filter(|&b| b > 0).unwrap_or(20);
    Some(WorkArea {
        height,
        menu_item_height: bar * 8 / 5,
    })
}

/// GTK's menu rows at scale 1, as drawn by the Adwaita theme and by the
/// panels that show an AppIndicator's menu, with room to spare.
#[cfg(not(windows))]
const GTK_MENU_ITEM_HEIGHT: u32 = 30;

#[cfg(not(windows))]
pub fn work_area() -> Option<WorkArea> {
    // GDK_SCALE (an integer) doubles every row on a HiDPI X session; the
    // X work area is in device pixels.
    let scale = std::env::var("GDK_SCALE")
        .ok()
        .and_then(|s| s.trim().parse::<u32>().ok())
        .filter(|s| (1..=4).contains(s))
        .unwrap_or(1);
    Some(WorkArea {
        height: x11_work_area_height()?,
        menu_item_height: GTK_MENU_ITEM_HEIGHT * scale,
    })
}

/// `_NET_WORKAREA`'s height for the current desktop (the first, if the
/// window manager says no more), else the screen's height.
#[cfg(target_os = "linux")]
fn x11_work_area_height() -> Option<u32> {
    use x11rb::connection::Connection;
    use x11rb::protocol::xproto::{AtomEnum, ConnectionExt as _};
    std::env::var_os("DISPLAY")?;
    let (connection, screen) = x11rb::rust_connection::RustConnection::connect(None).ok()?;
    let root = connection.setup().roots.get(screen)?;
    let screen_height = u32::from(root.height_in_pixels);
    let atom = |name: &[u8]| -> Option<u32> { Some(connection.intern_atom(true, name).ok()?.reply().ok()?.atom) };
    let work_area = (|| {
        let workarea = atom(b"_NET_WORKAREA").filter(|&a| a != 0)?;
        // x, y, width, height per desktop: 4 × 32 bits each, at most 64 desktops.
        let reply = connection
            .get_property(false, root.root, workarea, AtomEnum::CARDINAL, 0, 4 * 64)
            .ok()?
            .reply()
            .ok()?;
        let values: Vec<u32> = reply.value32()?.collect();
        let desktop = atom(b"_NET_CURRENT_DESKTOP")
            .filter(|&a| a != 0)
            .and_then(|current| {
                let reply = connection
                    .get_property(false, root.root, current, AtomEnum::CARDINAL, 0, 1)
                    .ok()?
                    .reply()
                    .ok()?;
                reply.value32()?.next()
            })
            .unwrap_or(0) as usize;
        let chunk = values
            .chunks_exact(4)
            .nth(desktop)
            .or_else(|| values.chunks_exact(4).next())?;
        Some(chunk[3]).filter(|&h| h > 0)
    })();
    Some(work_area.unwrap_or(screen_height).min(screen_height.max(1)))
}

#[cfg(all(not(windows), not(target_os = "linux")))]
fn x11_work_area_height() -> Option<u32> {
    None
}
