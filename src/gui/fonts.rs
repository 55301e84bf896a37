//! Japanese glyphs. egui's built-in fonts have no kanji or kana, so the
//! forms load a CJK-capable font installed on the system and add it as a
//! fallback after egui's own (Latin text keeps egui's look; 三菱 太郎 and
//! every Japanese label come from the CJK font).
//!
//! Where it is looked for, first found wins:
//! - Windows: Yu Gothic UI / Yu Gothic, then Meiryo, then MS Gothic, in
//!   `%WINDIR%\Fonts`; then, for Wine (which has no Japanese fonts of its
//!   own), the Linux font folders through Wine's `Z:` drive.
//! - Linux: what fontconfig picks for Japanese (`fc-match`), then the usual
//!   paths of Noto Sans CJK and other Japanese fonts.
//!
//! Nothing found: the forms still work, with boxes for Japanese characters,
//! and one warning line on stderr says so.

use std::path::PathBuf;
use std::sync::Arc;

use egui::epaint::text::{FontInsert, FontPriority, InsertFontFamily};
use egui::{FontData, FontFamily};

/// A font file and the face to use in it (collections hold several).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontFile {
    pub path: PathBuf,
    pub index: u32,
}

fn font(path: impl Into<PathBuf>, index: u32) -> FontFile {
    FontFile {
        path: path.into(),
        index,
    }
}

/// Linux font files known to cover Japanese, in order of preference.
fn linux_paths() -> Vec<FontFile> {
    // In Noto Sans CJK collections, face 0 is the Japanese one.
    [
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
        "/usr/share/fonts/truetype/takao-gothic/TakaoPGothic.ttf",
        "/usr/share/fonts/opentype/ipafont-gothic/ipagp.ttf",
        "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    ]
    .into_iter()
    .map(|path| font(path, 0))
    .collect()
}

/// Where to look, in order, on this platform.
pub fn candidates() -> Vec<FontFile> {
    let mut found = Vec::new();
    if cfg!(windows) {
        let windir = std::env::var_os("WINDIR").map_or_else(|| PathBuf::from(r"C:\Windows"), PathBuf::from);
        let fonts = windir.join("Fonts");
        // YuGothM.ttc: face 1 is "Yu Gothic UI" (face 0 "Yu Gothic Medium").
        found.push(font(fonts.join("YuGothM.ttc"), 1));
        found.push(font(fonts.join("YuGothR.ttc"), 1));
        found.push(font(fonts.join("meiryo.ttc"), 0));
        found.push(font(fonts.join("msgothic.ttc"), 0));
        // Wine: the Linux fonts, through the drive that maps "/".
        found.extend(
            linux_paths()
                .into_iter()
                .map(|f| font(format!("Z:{}", f.path.display()).replace('/', "\\"), f.index)),
        );
    } else {
        if let Some(path) = fontconfig_match() {
            found.push(font(path, 0));
        }
        found.extend(linux_paths());
    }
    found
}

/// What fontconfig chooses for Japanese, if fontconfig is there.
fn fontconfig_match() -> Option<PathBuf> {
    let output = std::process::Command::new("fc-match")
        .args(["-f", "%{file}", "sans-serif:lang=ja"])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    let path = PathBuf::from(String::from_utf8(output.stdout).ok()?.trim());
    // fontconfig falls back to any font at all: only take one that is a CJK face.
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    let japanese = [
        "cjk",
        "gothic",
        "mincho",
        "ipa",
        "takao",
        "vl-",
        "sazanami",
        "droidsansfallback",
    ];
    (output.status.success() && japanese.iter().any(|hint| name.contains(hint))).then_some(path)
}

/// The first candidate that exists and is a font file. A collection with
/// fewer faces than expected (another Windows version) uses its first face.
pub fn find(candidates: &[FontFile]) -> Option<(FontFile, Vec<u8>)> {
    candidates.iter().find_map(|candidate| {
        let bytes = std::fs::read(&candidate.path).ok()?;
        let faces = face_count(&bytes)?;
        let index = if candidate.index < faces { candidate.index } else { 0 };
        Some((font(&candidate.path, index), bytes))
    })
}

/// How many faces a TrueType/OpenType file or collection holds; `None` if
/// it is not one (egui would refuse it).
fn face_count(bytes: &[u8]) -> Option<u32> {
    let word = |at: usize| bytes.get(at..at + 4).map(|b| [b[0], b[1], b[2], b[3]]);
    match &word(0)? {
        b"ttcf" => word(8).map(u32::from_be_bytes).filter(|&n| n > 0),
        [0, 1, 0, 0] | b"OTTO" | b"true" => Some(1),
        _ => None,
    }
}

/// Adds the system's CJK font to `ctx` as a fallback for every family.
/// Returns which file was used.
pub fn install(ctx: &egui::Context) -> Option<FontFile> {
    let Some((file, bytes)) = find(&candidates()) else {
        crate::log_file::warning("no Japanese font found; install Noto Sans CJK (fonts-noto-cjk)");
        return None;
    };
    ctx.add_font(FontInsert {
        name: "system-cjk".into(),
        data: FontData::from_blob(Arc::new(bytes), file.index),
        families: [FontFamily::Proportional, FontFamily::Monospace]
            .into_iter()
            .map(|family| InsertFontFamily {
                family,
                priority: FontPriority::Lowest,
            })
            .collect(),
    });
    Some(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_start_with_the_platform_fonts() {
        let list = candidates();
        if cfg!(windows) {
            assert!(list[0].path.ends_with("YuGothM.ttc"), "{list:?}");
            assert!(
                list.iter()
                    .any(|f| f.path.to_string_lossy().starts_with(r"Z:\usr\share\fonts")),
                "Wine's view of the Linux fonts is a fallback: {list:?}"
            );
        } else {
            assert!(list.iter().any(|f| f.path.ends_with("NotoSansCJK-Regular.ttc")));
        }
    }

    #[test]
    fn missing_files_and_non_fonts_are_skipped_and_a_face_index_is_checked() {
        let dir = tempfile::tempdir().expect("tempdir");
        let not_a_font = dir.path().join("notes.ttf");
        std::fs::write(&not_a_font, b"hello, this is text").expect("write");
        // A collection of two faces: asking for face 5 falls back to face 0.
        let collection = dir.path().join("two.ttc");
        std::fs::write(&collection, [b"ttcf".as_slice(), &[0, 1, 0, 0, 0, 0, 0, 2]].concat()).expect("write");
        let list = [
            font(dir.path().join("missing.ttc"), 1),
            font(&not_a_font, 0),
            font(&collection, 5),
        ];
        let (chosen, _) = find(&list).expect("the collection");
        assert_eq!(chosen, font(&collection, 0));
        assert_eq!(find(&[font(&collection, 1)]).map(|(f, _)| f.index), Some(1));
        assert_eq!(find(&list[..2]), None);
    }

    /// CI installs fonts-noto-cjk, and the Wine tests see it through Z:.
    #[test]
    fn a_japanese_font_is_found_on_this_machine() {
        let (file, _) = find(&candidates()).expect("a CJK font (fonts-noto-cjk)");
        assert!(file.path.exists());
    }
}
