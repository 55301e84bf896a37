//! The tray icon's pixels, built into the program.
//!
//! Tray APIs (the `tray-icon` crate on Windows and Linux) take raw RGBA
//! pixels, not a file, and a tray app must not depend on an icon file lying
//! beside it. So the PNGs rendered by `icons/generate.sh` are embedded with
//! `include_bytes!` and decoded here with the `png` crate, the smallest
//! decoder that reads them (no image-format zoo). The .exe's own icon (for
//! Explorer, shortcuts, the taskbar) is a separate resource: see `build.rs`.

use std::io::Cursor;

/// 32×32: the tray's size at 200% scaling (16 px × 2) and on most Linux panels.
const PNG_32: &[u8] = include_bytes!("../icons/trayotp-32.png");
/// 64×64: for HiDPI screens, where a 32 px icon would be scaled up blurry.
const PNG_64: &[u8] = include_bytes!("../icons/trayotp-64.png");

/// Which embedded size to decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IconSize {
    Px32,
    Px64,
}

/// Decoded pixels: `width * height * 4` bytes, row by row, R G B A.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rgba {
    pub pixels: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// The 32×32 tray icon as `(rgba, width, height)`, the shape
/// `tray_icon::Icon::from_rgba` takes.
pub fn tray_icon_rgba() -> (Vec<u8>, u32, u32) {
    let icon = rgba(IconSize::Px32);
    (icon.pixels, icon.width, icon.height)
}

/// An embedded icon, decoded.
///
/// The PNGs are part of the program and the unit tests below decode every
/// one of them, so a failure here is a build defect, not something a user or
/// the OS can cause: it panics with a message rather than returning an error
/// every caller would have to invent a fallback for.
pub fn rgba(size: IconSize) -> Rgba {
    let bytes = match size {
        IconSize::Px32 => PNG_32,
        IconSize::Px64 => PNG_64,
    };
    decode(bytes).unwrap_or_else(|error| panic!("embedded {size:?} tray icon is not a readable PNG: {error}"))
}

fn decode(bytes: &[u8]) -> Result<Rgba, String> {
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    // Palette and low bit depths to 8-bit samples, tRNS to an alpha channel.
    decoder.set_transformations(png::Transformations::normalize_to_color8() | png::Transformations::ALPHA);
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let size = reader.output_buffer_size().ok_or("image too large")?;
    let mut buffer = vec![0; size];
    let frame = reader.next_frame(&mut buffer).map_err(|e| e.to_string())?;
    buffer.truncate(frame.buffer_size());
    let pixels = match frame.color_type {
        png::ColorType::Rgba => buffer,
        png::ColorType::Rgb => buffer.chunks_exact(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect(),
        png::ColorType::GrayscaleAlpha => buffer.chunks_exact(2).flat_map(|p| [p[0], p[0], p[0], p[1]]).collect(),
        png::ColorType::Grayscale => buffer.iter().flat_map(|&g| [g, g, g, 255]).collect(),
        // EXPAND turns palettes into RGB(A): never reached.
        png::ColorType::Indexed => return Err("palette left unexpanded".into()),
    };
    Ok(Rgba {
        pixels,
        width: frame.width,
        height: frame.height,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(icon: &Rgba, side: u32) {
        assert_eq!((icon.width, icon.height), (side, side));
        assert_eq!(icon.pixels.len(), (side * side * 4) as usize);
        let alphas: Vec<u8> = icon.pixels.chunks_exact(4).map(|p| p[3]).collect();
        let opaque = alphas.iter().filter(|&&a| a == 255).count();
        // A tile that fills most of the square, with transparent rounded corners.
        assert!(opaque > alphas.len() / 2, "only {opaque} opaque pixels");
        assert!(alphas.contains(&0), "the corners should be transparent");
        // Not one flat colour: a white clock face (top-left quarter) around a
        // blue wedge (bottom-right quarter) on the blue tile.
        let pixel = |x: u32, y: u32| {
            let at = ((y * side + x) * 4) as usize;
            &icon.pixels[at..at + 4]
        };
        assert_eq!(pixel(side * 3 / 8, side * 3 / 8), &[255, 255, 255, 255], "white face");
        let wedge = pixel(side * 5 / 8, side * 5 / 8);
        assert!(
            wedge[2] > wedge[0] + 100 && wedge[3] == 255,
            "blue wedge, got {wedge:?}"
        );
    }

    #[test]
    fn tray_icon_is_32_px_and_visible() {
        let (pixels, width, height) = tray_icon_rgba();
        check(&Rgba { pixels, width, height }, 32);
    }

    #[test]
    fn large_icon_is_64_px_and_visible() {
        check(&rgba(IconSize::Px64), 64);
    }
}
