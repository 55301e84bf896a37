//! What the command line says to a person, in English and Japanese, with the
//! tray's mechanism (`i18n::Texts`, whose `i18n::cli` holds the sentences):
//! the `language` setting, or with `auto` the system's (`LANG`/`LC_ALL`/
//! `LC_MESSAGES` on Linux, the UI language on Windows). Only the sentences
//! change: `--help` stays English, and what scripts read (`--json`, the exit
//! status, a bare code or name) never does.
//!
//! Errors ([`error_line`]) are said in Japanese from their variant (here and
//! in `error_texts`); one not translated there keeps its English detail
//! behind a Japanese lead-in.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::CliError;
use crate::domain::NameError;
use crate::domain::account::{AccountError, ReadingError};
use crate::i18n::{Language, Texts};
use crate::platform::control::ControlError;

/// The settings file of this run, once `cli::run` knows it.
static SETTINGS: OnceLock<PathBuf> = OnceLock::new();
/// The language, read from it once.
static LANGUAGE: OnceLock<Language> = OnceLock::new();

/// Remembers where the settings are (read only if something is said).
pub fn set_settings_path(path: &Path) {
    let _ = SETTINGS.set(path.to_path_buf());
}

/// The texts in the command line's language.
pub fn texts() -> Texts {
    Texts(*LANGUAGE.get_or_init(|| {
        let os = Language::from_os();
        match SETTINGS.get() {
            Some(path) => crate::settings::file::load(path).settings.language(os),
            None => os,
        }
    }))
}

/// The one line `main` prints for `error`.
pub fn error_line(error: &CliError) -> String {
    let texts = texts();
    let english = error.to_string();
    let said = match texts.0 {
        Language::English => english,
        Language::Japanese => japanese_error(error)
            .or_else(|| super::error_texts::japanese(error))
            .unwrap_or_else(|| format!("処理できませんでした。詳しい内容（英語）: {english}")),
    };
    texts.pick(format!("trayotp: error: {said}"), format!("trayotp: エラー: {said}"))
}

fn japanese_error(error: &CliError) -> Option<String> {
    Some(match error {
        CliError::Account(AccountError::NotFound(name)) => not_found(name),
        CliError::Account(AccountError::Name(name)) | CliError::Name(name) => japanese_name_error(name),
        CliError::Account(AccountError::Reading(reading)) => japanese_reading_error(reading),
        CliError::NoVault(path) => format!(
            "{} にはまだ保管庫がありません。先に `trayotp add 表示名` でアカウントを追加してください。",
            path.display()
        ),
        CliError::NotConfirmed(name) => {
            format!("確認がないため「{name}」を削除しませんでした。--yes を付けてもう一度実行してください。")
        }
        CliError::ClockBeforeEpoch => {
            "パソコンの時計が 1970 年より前になっています。日付と時刻を正しく設定してください。".into()
        }
        CliError::Control(ControlError::NotRunning) => {
            "この保管庫の trayotp は起動していません。".into()
        }
        CliError::Control(ControlError::NoAnswer) => "起動中の trayotp が応答しません。メニューから終了して（またはタスク マネージャーで終了して）、もう一度起動してください。".into(),
        CliError::NothingToEdit => "変更する内容がありません。--reading よみ か --window-rule 文字 を付けてください。".into(),
        _ => return None,
    })
}

fn not_found(name: &str) -> String {
    format!("「{name}」というアカウントはありません。`trayotp list` で表示名を確認できます。")
}

fn japanese_name_error(error: &NameError) -> String {
    match error {
        NameError::Empty => "表示名が空です。アカウントの名前（たとえばご自分の名前）を入力してください。".into(),
        NameError::ControlCharacter { position } => {
            format!("表示名の {position} 文字目に制御文字があります。表示できる文字だけを使ってください。")
        }
        NameError::TooLong { chars } => format!(
            "表示名が {chars} 文字あります。{} 文字以内にしてください。",
            crate::domain::account::MAX_NAME_CHARS
        ),
        NameError::Duplicate { existing } => {
            format!("「{existing}」というアカウントがすでにあります。別の表示名にしてください。")
        }
    }
}

fn japanese_reading_error(error: &ReadingError) -> String {
    match error {
        ReadingError::ControlCharacter { position } => {
            format!("よみの {position} 文字目に制御文字があります。表示できる文字だけを使ってください。")
        }
        ReadingError::TooLong { chars } => format!(
            "よみが {chars} 文字あります。{} 文字以内にしてください。",
            crate::domain::account::MAX_NAME_CHARS
        ),
    }
}
