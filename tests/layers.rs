//! The layers `src/lib.rs` states, checked (and the size of every file of
//! `src/`, 600 lines at most but for the text tables): every `crate::MODULE` path in
//! `src/` (outside comments) names a module on a lower row of the table
//! there. A module missing from the table, an import on the same row or
//! upward, and therefore any cycle between top-level modules, fail here
//! with the file and line that broke the rule.
//!
//! And the one layout of per-OS code (`src/platform/mod.rs`): an OS `cfg`
//! outside a per-OS file (`windows.rs`, `linux.rs`, `unix.rs`, `other.rs`)
//! only picks such a file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The table from `src/lib.rs`: module → layer.
fn layers(lib: &str) -> BTreeMap<String, usize> {
    let mut table = BTreeMap::new();
    for line in lib.lines() {
        let Some(row) = line.trim_start_matches("//!").trim().strip_prefix("layer ") else {
            continue;
        };
        let (number, modules) = row.split_once(':').expect("`layer N: modules`");
        let number: usize = number.trim().parse().expect("a layer number");
        for module in modules.split_whitespace() {
            assert!(
                table.insert(module.to_string(), number).is_none(),
                "{module} is in the table twice"
            );
        }
    }
    table
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// The top-level module a file of `src/` belongs to (`None`: the crate
/// root and the executables).
fn owner(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).expect("under src");
    let first = relative.components().next()?.as_os_str().to_str()?.to_string();
    match first.as_str() {
        "lib.rs" | "main.rs" | "bin" => None,
        _ => Some(first.trim_end_matches(".rs").to_string()),
    }
}

/// Every `crate::NAME` on a line that is not a comment.
fn imports(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("//") {
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            // `$crate::`, `trayotp_crate::` and the like are not ours.
            let before = rest[..at].chars().last();
            if !name.is_empty() && !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$') {
                found.push((index + 1, name));
            }
            rest = after;
        }
    }
    found
}

/// The breaches of `table` in the files of `src`, one line each.
fn breaches(src: &Path, table: &BTreeMap<String, usize>) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut found = Vec::new();
    for file in files {
        let Some(module) = owner(src, &file) else {
            continue;
        };
        // Shown with `/` on every OS (Windows writes `src\app.rs`).
        let shown = file
            .strip_prefix(src.parent().expect("root"))
            .unwrap_or(&file)
            .display()
            .to_string()
            .replace('\\', "/");
        let Some(&layer) = table.get(&module) else {
            found.push(format!("{shown}: module `{module}` is not in the table of src/lib.rs"));
            continue;
        };
        let text = std::fs::read_to_string(&file).expect("read");
        for (line, name) in imports(&text) {
            if name == module {
                continue;
            }
            match table.get(&name) {
                // `crate::SomeType` re-exported at the root, or a macro: not a module.
                None if !is_module(src, &name) => {}
                None => found.push(format!("{shown}:{line}: `crate::{name}` is not in the table of src/lib.rs")),
                Some(&theirs) if theirs >= layer => found.push(format!(
                    "{shown}:{line}: `{module}` (layer {layer}) imports `crate::{name}` (layer {theirs}): only lower layers may be imported"
                )),
                Some(_) => {}
            }
        }
    }
    found
}

fn is_module(src: &Path, name: &str) -> bool {
    src.join(format!("{name}.rs")).is_file() || src.join(name).is_dir()
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn the_table() -> BTreeMap<String, usize> {
    let lib = std::fs::read_to_string(src().join("lib.rs")).expect("read lib.rs");
    let table = layers(&lib);
    assert!(table.len() > 10, "no table found in src/lib.rs: {table:?}");
    table
}

#[test]
fn every_import_in_src_goes_to_a_lower_layer_of_the_table_in_lib_rs() {
    let found = breaches(&src(), &the_table());
    assert!(found.is_empty(), "imports against the layers:\n{}", found.join("\n"));
}

#[test]
fn every_top_level_module_is_in_the_table() {
    let table = the_table();
    let lib = std::fs::read_to_string(src().join("lib.rs")).expect("read lib.rs");
    let declared: Vec<&str> = lib
        .lines()
        .filter_map(|line| line.trim().strip_prefix("pub mod "))
        .map(|rest| rest.trim_end_matches(';'))
        .collect();
    assert!(declared.len() > 10, "{declared:?}");
    for module in declared {
        assert!(
            table.contains_key(module),
            "`{module}` is declared in lib.rs but not in its layer table"
        );
    }
}

/// The checker itself catches what it is for: an upward import, one on the
/// same row, a comment that only mentions a module, and a module missing
/// from the table, in a scratch `src/`.
#[test]
fn an_upward_or_sideways_import_is_caught_and_a_comment_is_not() {
    let scratch = tempfile::tempdir().expect("temp");
    let src = scratch.path().join("src");
    std::fs::create_dir_all(src.join("domain")).expect("mkdir");
    std::fs::write(
        src.join("lib.rs"),
        "//! layer 2: tray\n//! layer 1: app gui\n//! layer 0: domain\npub mod app;\n",
    )
    .expect("write");
    std::fs::create_dir_all(src.join("tray")).expect("mkdir");
    std::fs::write(
        src.join("tray.rs"),
        "use crate::app::App;\nuse crate::domain::Account;\n",
    )
    .expect("write");
    std::fs::write(src.join("gui.rs"), "").expect("write");
    std::fs::write(
        src.join("app.rs"),
        "// crate::tray is only named here\nuse crate::domain::X;\nuse crate::gui::Y;\n",
    )
    .expect("write");
    std::fs::write(src.join("domain").join("mod.rs"), "fn f() { crate::tray::run(); }\n").expect("write");
    std::fs::write(src.join("extra.rs"), "").expect("write");
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("read");
    let found = breaches(&src, &layers(&lib));
    assert_eq!(
        found,
        [
            "src/app.rs:3: `app` (layer 1) imports `crate::gui` (layer 1): only lower layers may be imported",
            "src/domain/mod.rs:1: `domain` (layer 0) imports `crate::tray` (layer 2): only lower layers may be imported",
            "src/extra.rs: module `extra` is not in the table of src/lib.rs",
        ]
    );
}

/// The per-language text tables may be long; every other file of `src/`
/// stays short enough to read in one sitting.
const MAX_LINES: usize = 600;

/// The text tables: `src/i18n/` (a file per screen), and the command
/// line's errors in Japanese (`cli/texts.rs`, `cli/error_texts.rs`).
fn is_text_table(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    matches!(name, "texts.rs" | "error_texts.rs") || path.components().any(|c| c.as_os_str() == "i18n")
}

#[test]
fn no_file_in_src_is_over_600_lines_but_the_text_tables() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let long: Vec<String> = files
        .iter()
        .filter(|file| !is_text_table(file))
        .filter_map(|file| {
            let lines = std::fs::read_to_string(file).expect("read").lines().count();
            (lines > MAX_LINES).then(|| format!("{} ({lines} lines)", file.display()))
        })
        .collect();
    assert!(long.is_empty(), "split these: {long:?}");
    assert!(files.iter().any(|f| is_text_table(f)), "the text tables are found");
}

/// The one file layout of per-OS code (`src/platform/mod.rs` states it): a
/// module whose code differs by OS is a folder whose `mod.rs` is portable
/// and picks one file per OS, named for the `cfg` that picks it. A file
/// named so holds one OS's code and may carry any `cfg`.
fn is_os_file(path: &Path) -> bool {
    let stem = path.file_stem().and_then(|n| n.to_str()).unwrap_or("");
    ["windows", "linux", "unix", "other"]
        .iter()
        .any(|os| stem == *os || stem.strip_prefix(os).is_some_and(|rest| rest.starts_with('_')))
}

/// Whether an attribute's text is a `cfg` on the OS (`windows`, `unix`,
/// `target_os = …`, alone or inside `not`/`any`/`all`, with `test` too).
fn is_os_cfg(attribute: &str) -> bool {
    let compact: String = attribute.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(inside) = compact
        .strip_prefix("#[cfg(")
        .or_else(|| compact.strip_prefix("#![cfg("))
    else {
        return false;
    };
    inside
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .any(|word| matches!(word, "windows" | "unix" | "target_os" | "target_family"))
}

/// What an OS `cfg` outside the per-OS files may stand on: the lines that
/// pick an OS file (`mod windows;`) or name what it offers (`use …`).
fn picks_an_os_file(item: &str) -> bool {
    let item = item.trim_start();
    let item = item
        .strip_prefix("pub(crate) ")
        .or_else(|| item.strip_prefix("pub(super) "))
        .or_else(|| item.strip_prefix("pub "))
        .unwrap_or(item);
    item.starts_with("use ") || (item.starts_with("mod ") && item.trim_end().ends_with(';'))
}

/// Files (under `src/`, `/`-separated) that may keep an OS `cfg` on other
/// code, each with why. None today: every one was moved into a per-OS file.
const OS_CFG_ALLOWED: &[(&str, &str)] = &[];

/// Every OS `cfg` attribute in a file of `src` that is not a per-OS file
/// and stands on something other than a `mod NAME;` or `use` line.
fn os_cfg_breaches(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut found = Vec::new();
    for file in files.iter().filter(|file| !is_os_file(file)) {
        let shown = file
            .strip_prefix(src)
            .unwrap_or(file)
            .display()
            .to_string()
            .replace('\\', "/");
        if OS_CFG_ALLOWED.iter().any(|(allowed, _)| *allowed == shown) {
            continue;
        }
        let text = std::fs::read_to_string(file).expect("read");
        let lines: Vec<&str> = text.lines().collect();
        let mut index = 0;
        while index < lines.len() {
            let line = lines[index].trim_start();
            if !(line.starts_with("#[") || line.starts_with("#![")) {
                index += 1;
                continue;
            }
            // The whole attribute, over as many lines as its brackets take.
            let start = index;
            let mut attribute = String::new();
            let mut depth = 0i32;
            loop {
                let part = lines[index];
                attribute.push_str(part);
                depth += part.matches('[').count() as i32 - part.matches(']').count() as i32;
                index += 1;
                if depth <= 0 || index == lines.len() {
                    break;
                }
            }
            if !is_os_cfg(&attribute) {
                continue;
            }
            // The item under it: past further attributes and doc comments.
            let item = lines[index..]
                .iter()
                .find(|l| {
                    let l = l.trim_start();
                    !(l.starts_with("#[") || l.starts_with("///") || l.is_empty())
                })
                .copied()
                .unwrap_or("");
            if attribute.trim_start().starts_with("#![") || !picks_an_os_file(item) {
                found.push(format!(
                    "src/{shown}:{}: `{}` on `{}`: per-OS code goes in a per-OS file (see src/platform/mod.rs)",
                    start + 1,
                    attribute.trim(),
                    item.trim()
                ));
            }
        }
    }
    found
}

#[test]
fn os_cfg_only_picks_per_os_files_outside_them() {
    let found = os_cfg_breaches(&src());
    assert!(
        found.is_empty(),
        "OS cfg outside the per-OS files:\n{}",
        found.join("\n")
    );
    for (allowed, why) in OS_CFG_ALLOWED {
        assert!(
            src().join(allowed).is_file(),
            "{allowed} (allowed because {why}) is gone"
        );
    }
}

/// The layout checker catches OS code in a portable file (a function, an
/// inline `mod imp { … }`, an OS-only test, a whole file), and lets pass the
/// lines that pick an OS file, `cfg!`, other `cfg`s and the per-OS files.
#[test]
fn os_code_in_a_portable_file_is_caught_and_the_picking_lines_are_not() {
    let scratch = tempfile::tempdir().expect("temp");
    let src = scratch.path().join("src");
    std::fs::create_dir_all(src.join("clip")).expect("mkdir");
    std::fs::write(
        src.join("clip").join("mod.rs"),
        "#[cfg(windows)]\nmod windows;\n#[cfg(not(any(windows, target_os = \"linux\")))]\nmod other;\n\
         #[cfg(windows)]\npub use windows::{a,\n    b};\n#[cfg(windows)]\n/// Doc.\npub(crate) use windows as imp;\n\
         #[cfg(feature = \"gui\")]\npub fn gui() {}\n#[cfg(test)]\nmod tests {}\n\
         pub fn f() -> bool { cfg!(windows) }\n\
         #[cfg(unix)]\nfn g() {}\n\
         #[cfg(all(\n    test,\n    target_os = \"linux\"\n))]\nmod tests_linux {\n}\n\
         #[cfg(windows)]\nmod imp {\n}\n\
         #[cfg(test)]\nmod more {\n    #[cfg(windows)]\n    #[test]\n    fn only_on_windows() {}\n}\n",
    )
    .expect("write");
    std::fs::write(src.join("clip").join("windows.rs"), "#[cfg(windows)]\nfn h() {}\n").expect("write");
    std::fs::write(
        src.join("clip").join("windows_ime.rs"),
        "#[cfg(test)]\n#[cfg(windows)]\nfn i() {}\n",
    )
    .expect("write");
    std::fs::write(src.join("whole.rs"), "#![cfg(target_os = \"linux\")]\nfn j() {}\n").expect("write");
    std::fs::write(src.join("windowsill.rs"), "#[cfg(windows)]\nfn k() {}\n").expect("write");
    assert_eq!(
        os_cfg_breaches(&src),
        [
            "src/clip/mod.rs:16: `#[cfg(unix)]` on `fn g() {}`: per-OS code goes in a per-OS file (see src/platform/mod.rs)",
            "src/clip/mod.rs:18: `#[cfg(all(    test,    target_os = \"linux\"))]` on `mod tests_linux {`: per-OS code goes in a per-OS file (see src/platform/mod.rs)",
            "src/clip/mod.rs:24: `#[cfg(windows)]` on `mod imp {`: per-OS code goes in a per-OS file (see src/platform/mod.rs)",
            "src/clip/mod.rs:29: `#[cfg(windows)]` on `fn only_on_windows() {}`: per-OS code goes in a per-OS file (see src/platform/mod.rs)",
            "src/whole.rs:1: `#![cfg(target_os = \"linux\")]` on `fn j() {}`: per-OS code goes in a per-OS file (see src/platform/mod.rs)",
            "src/windowsill.rs:1: `#[cfg(windows)]` on `fn k() {}`: per-OS code goes in a per-OS file (see src/platform/mod.rs)",
        ]
    );
}
