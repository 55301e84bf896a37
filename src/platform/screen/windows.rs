//! Windows: `SPI_GETWORKAREA` and `SM_CYMENU`.

use super::WorkArea;

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
