//! The tray icon's pixels.

use tray_icon::Icon;

/// The tray icon, drawn in code: a filled disc with a lighter ring, legible
/// on light and dark taskbars.
pub fn tray_icon() -> Icon {
    const SIZE: u32 = 32;
    let mut rgba = Vec::with_capacity((SIZE * SIZE * 4) as usize);
    let center = (SIZE as f32 - 1.0) / 2.0;
    for y in 0..SIZE {
        for x in 0..SIZE {
            let distance = ((x as f32 - center).powi(2) + (y as f32 - center).powi(2)).sqrt();
            let pixel = if distance > 15.5 {
                [0, 0, 0, 0]
            } else if distance > 13.0 {
                [255, 255, 255, 255]
            } else {
                [0x1f, 0x5f, 0xbf, 255]
            };
            rgba.extend_from_slice(&pixel);
        }
    }
    Icon::from_rgba(rgba, SIZE, SIZE).unwrap_or_else(|_| unreachable!("a 32x32 RGBA buffer is a valid icon"))
}
