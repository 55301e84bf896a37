//! Where the user guide is, for the tray menu's "Help" (使い方): the HTML
//! page the release puts beside trayotp.exe (`guide-ja.html`,
//! `guide-en.html`, made from `docs/guide-*.md` by
//! `scripts/build-windows-release.sh`), else, for a dev (debug) build run
//! from the source tree, the Markdown in `docs/`. Always a local file: nothing is
//! fetched. `platform::open` hands it to the system's browser.

use std::path::{Path, PathBuf};

use crate::i18n::Language;

/// The guide's file name stem for `language`.
pub fn stem(language: Language) -> &'static str {
    match language {
        Language::English => "guide-en",
        Language::Japanese => "guide-ja",
    }
}

/// Where to look, in order: the HTML beside the executable, then the
/// Markdown of the source tree a dev build was made from.
pub fn candidates(exe_dir: Option<&Path>, source_tree: Option<&Path>, language: Language) -> Vec<PathBuf> {
    let stem = stem(language);
    let mut paths = Vec::new();
    if let Some(dir) = exe_dir {
        paths.push(dir.join(format!("{stem}.html")));
    }
    if let Some(tree) = source_tree {
        paths.push(tree.join("docs").join(format!("{stem}.md")));
    }
    paths
}

/// The source tree of a dev build. A release build carries no path of the
/// machine it was built on (its binaries are the same from any checkout:
/// README, "Reproducible builds"), and ships the HTML instead.
fn source_tree() -> Option<&'static Path> {
    #[cfg(debug_assertions)]
    return Some(Path::new(env!("CARGO_MANIFEST_DIR")));
    #[cfg(not(debug_assertions))]
    return None;
}

/// The first candidate that exists, for this executable.
pub fn locate(language: Language) -> Option<PathBuf> {
    let exe = std::env::current_exe().ok();
    let exe_dir = exe.as_deref().and_then(Path::parent);
    candidates(exe_dir, source_tree(), language)
        .into_iter()
        .find(|path| path.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_html_beside_the_exe_comes_first_then_the_markdown() {
        let found = candidates(
            Some(Path::new("/opt/trayotp")),
            Some(Path::new("/src/trayotp")),
            Language::Japanese,
        );
        assert_eq!(
            found,
            vec![
                PathBuf::from("/opt/trayotp/guide-ja.html"),
                PathBuf::from("/src/trayotp/docs/guide-ja.md")
            ]
        );
        let english = candidates(None, Some(Path::new("/src")), Language::English);
        assert_eq!(english, vec![PathBuf::from("/src/docs/guide-en.md")]);
        assert!(candidates(None, None, Language::English).is_empty());
    }

    #[test]
    fn a_build_from_this_tree_finds_its_guide_in_each_language() {
        // Test binaries live in target/, with no HTML beside them: the
        // Markdown of docs/ is what a dev build opens.
        for language in [Language::English, Language::Japanese] {
            let path = locate(language).expect("a guide is found");
            assert!(
                path.ends_with(format!("docs/{}.md", stem(language))),
                "{}",
                path.display()
            );
        }
    }
}
