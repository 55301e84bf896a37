//! X11 (XWayland too): the root window's `_NET_WORKAREA`, GTK's menu rows.

use super::WorkArea;

/// GTK's menu rows at scale 1, as drawn by the Adwaita theme and by the
/// panels that show an AppIndicator's menu, with room to spare.
const GTK_MENU_ITEM_HEIGHT: u32 = 30;

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
