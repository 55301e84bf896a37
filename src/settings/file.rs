//! `settings.toml` on disk: the thin adapter around [`super::parse`].
//!
//! Reading never fails (an absent file is the defaults; an unreadable or
//! damaged one is the defaults plus a [`Problem`] naming it). Writing goes
//! through [`crate::vault::file::write_atomically`], so a crash leaves the
//! old file or the new one; and it edits the document in place, so the
//! user's comments and unknown keys survive. A file that is not TOML is
//! never overwritten: the user is told to fix or delete it.
//!
//! This is the API the "Settings…" form uses: [`load`] to fill it,
//! [`Settings::set`] (or the fields) to change it, [`save`] to write, then
//! `Request::ReloadSettings` to the running tray.

use std::io;
use std::path::{Path, PathBuf};

use toml_edit::DocumentMut;

use super::{Key, NEW_FILE_HEADER, Problem, SettingError, Settings};

/// Settings as read from a file, with what was wrong with it.
#[derive(Debug)]
pub struct Loaded {
    pub path: PathBuf,
    pub settings: Settings,
    pub problems: Vec<Problem>,
}

/// Why settings could not be changed; `Display` is one line.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error(transparent)]
    Setting(#[from] SettingError),
    #[error("{path}: {problem}; fix it or delete the file, then try again", path = .0.display(), problem = .1)]
    Damaged(PathBuf, Problem),
    #[error("cannot {0} {path}: {2}", path = .1.display())]
    Io(&'static str, PathBuf, io::Error),
}

/// Reads the settings at `path`.
pub fn load(path: &Path) -> Loaded {
    let (text, mut problems) = match read(path) {
        Ok(text) => (text.unwrap_or_default(), Vec::new()),
        Err(problem) => (String::new(), vec![problem]),
    };
    let parsed = super::parse(&text);
    problems.extend(parsed.problems);
    Loaded {
        path: path.to_path_buf(),
        settings: parsed.settings,
        problems,
    }
}

/// The file's text, `None` if there is no file.
fn read(path: &Path) -> Result<Option<String>, Problem> {
    match std::fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| Problem::Unreadable("it is not UTF-8 text".into())),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(Problem::Unreadable(error.to_string())),
    }
}

/// Writes `settings` to `path`, keeping everything else in the file.
pub fn save(path: &Path, settings: &Settings) -> Result<(), SettingsError> {
    let mut header = "";
    let mut document = match read(path) {
        Ok(None) => {
            header = NEW_FILE_HEADER;
            DocumentMut::new()
        }
        Ok(Some(text)) => {
            let parsed = super::parse(&text);
            match parsed.document {
                Some(document) => document,
                None => {
                    let problem = parsed.problems.into_iter().next().unwrap_or(Problem::Syntax {
                        line: 1,
                        message: String::new(),
                    });
                    return Err(SettingsError::Damaged(path.to_path_buf(), problem));
                }
            }
        }
        Err(problem) => return Err(SettingsError::Damaged(path.to_path_buf(), problem)),
    };
    settings.write_into(&mut document);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::vault::file::create_private_dir(dir)
            .map_err(|e| SettingsError::Io("create the folder for", path.to_path_buf(), e))?;
    }
    let text = format!("{header}{document}");
    crate::vault::file::write_atomically(path, text.as_bytes())
        .map_err(|e| SettingsError::Io("write", path.to_path_buf(), e))
}

/// `settings set KEY VALUE`: changes one key and saves. Returns the
/// settings before and after.
pub fn set(path: &Path, key: &str, value: &str) -> Result<(Settings, Settings), SettingsError> {
    let key = Key::from_name(key)?;
    let before = load(path);
    if let Some(problem) = before
        .problems
        .iter()
        .find(|p| matches!(p, Problem::Syntax { .. } | Problem::Unreadable(_)))
    {
        return Err(SettingsError::Damaged(path.to_path_buf(), problem.clone()));
    }
    let mut after = before.settings.clone();
    after.set(key, value)?;
    save(path, &after)?;
    Ok((before.settings, after))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_file_is_the_defaults_and_set_creates_it_with_only_that_key() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("config").join("settings.toml");
        let loaded = load(&path);
        assert_eq!(loaded.settings, Settings::default());
        assert!(loaded.problems.is_empty());

        let (before, after) = set(&path, "clear_clipboard", "false").expect("set");
        assert!(before.clear_clipboard && !after.clear_clipboard);
        let text = std::fs::read_to_string(&path).expect("written");
        assert!(text.starts_with("# trayotp settings."), "{text}");
        assert!(text.contains("clear_clipboard = false"), "{text}");
        assert!(!text.contains("hotkey"), "defaults are not written out: {text}");
        assert_eq!(load(&path).settings, after);
    }

    #[test]
    fn damaged_file_gives_defaults_and_a_message_and_is_not_overwritten() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("settings.toml");
        let damaged = "clear_clipboard = false\nhotkey = \"Ctrl+Alt+P\n";
        std::fs::write(&path, damaged).expect("write");
        let loaded = load(&path);
        assert_eq!(loaded.settings, Settings::default());
        assert!(
            matches!(loaded.problems.as_slice(), [Problem::Syntax { line: 2, .. }]),
            "{:?}",
            loaded.problems
        );

        let error = set(&path, "language", "ja").expect_err("refused").to_string();
        assert!(error.contains(&path.display().to_string()), "{error}");
        assert!(error.contains("line 2"), "{error}");
        assert!(error.contains("fix it or delete the file"), "{error}");
        assert!(!error.contains('\n'), "{error}");
        assert_eq!(std::fs::read_to_string(&path).expect("kept"), damaged);
    }

    #[test]
    fn not_utf8_is_reported_not_fatal() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("settings.toml");
        std::fs::write(&path, b"hotkey = \"\xff\"\n").expect("write");
        let loaded = load(&path);
        assert_eq!(loaded.settings, Settings::default());
        assert_eq!(loaded.problems, [Problem::Unreadable("it is not UTF-8 text".into())]);
    }

    #[test]
    fn set_refuses_bad_keys_and_values_and_writes_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("settings.toml");
        let error = set(&path, "colour", "blue").expect_err("unknown key").to_string();
        assert!(
            error.starts_with("unknown setting 'colour': the settings are hotkey, language"),
            "{error}"
        );
        let error = set(&path, "language", "fr").expect_err("bad value").to_string();
        assert_eq!(error, "language cannot be 'fr': use auto, ja or en");
        let error = set(&path, "hotkey", "Ctrl+Ctrl+O").expect_err("bad hotkey").to_string();
        assert_eq!(error, "hotkey 'Ctrl+Ctrl+O' names Ctrl twice");
        assert!(!path.exists());
    }
}
