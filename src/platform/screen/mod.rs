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

#[cfg(target_os = "linux")]
mod linux;
#[cfg(not(any(windows, target_os = "linux")))]
mod other;
#[cfg(windows)]
mod windows;
#[cfg(target_os = "linux")]
use linux as imp;
#[cfg(not(any(windows, target_os = "linux")))]
use other as imp;
#[cfg(windows)]
use windows as imp;

/// The work area and the menu row's height, `None` when they cannot be asked.
pub fn work_area() -> Option<WorkArea> {
    imp::work_area()
}
