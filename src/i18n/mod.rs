//! Every sentence trayotp shows a person, in English and Japanese, in one
//! type: [`Texts`], for one [`Language`] (the OS locale's unless settings
//! override it). Each screen's sentences are an `impl Texts` block in a file
//! of their own, named after the screen:
//!
//! - `tray`: the tray's menu, tooltip, toasts and notices (`app`, `tray`);
//! - `forms`: what every form shares (window titles, Cancel/Close/Save,
//!   「詳しく」, the vault's errors); then one file per form: `add` (with
//!   `check`, `reading` and `import` for its code check, reading and
//!   "From a file of another app…"), `show`, `manage`, `settings`,
//!   `backup`, `pick`, `unlock`, `new_passphrase`, and `edit_menu` (a text
//!   field's right-click menu);
//! - [`glossary`]: the technical words no message's main text uses;
//! - `cli`: the command line's sentences (what `trayotp add`, `rename`,
//!   `status`, … say to a person).
//!
//! The command line's errors in Japanese stay in the command line
//! (`cli::texts::error_line`, and `cli::error_texts` for the variants of the
//! layers below): they are read off `CliError`, which holds the command
//! line's own error types and the control channel's and the clipboard's
//! (`platform`), all above this layer. So the command line keeps that
//! dispatcher over its errors, and this module holds no type of a layer
//! above it.
//!
//! The rules every text here keeps:
//!
//! - Japanese is polite (です/ます), with full-width punctuation (、。：
//!   （）), and puts in 「」 the names a sentence quotes (an account, a
//!   menu item, a button); English puts them in '…' or "…".
//! - No secret and no code in any text: a name, a file, a count, a
//!   reason; the digits only where the user asked for them
//!   (`show_digits_in_toast`).
//! - Errors are worded from the error's *variant* and its facts (which
//!   character, at which position), never by translating its English
//!   `Display`, so a Japanese user gets a Japanese sentence with the same
//!   facts. Where an error carries only a one-line detail from the OS or a
//!   file (`detail`), that line is shown as it is, inside the sentence. One
//!   exception: `hotkey_refused` knows the running tray's line for a
//!   hotkey another program holds by comparing it with
//!   `HotkeyProblem::Taken`'s `Display`.
//! - A form's message has its main text in words the user knows, and any
//!   technical detail behind 「詳しく」 / "Details" ([`Worded`]); the main
//!   text never uses a word of [`glossary::AVOID`] (a test checks).
//! - The words follow the brokerage guide the users have in front of them
//!   (表示名, ワンタイムパスワード設定用番号, 登録, OTPを表示, クリップボードに
//!   OTPをコピー, 有効時間), so the product reads like the app it replaces.
//!
//! This module sits on its layer (`src/lib.rs`) below the app and the
//! forms, and above everything whose errors and values it words (`domain`,
//! `vault`, `settings`, `formats`, `transfer`).

pub use crate::choices::Language;

mod cli;
mod tray;

// The forms' sentences: only the build that has the forms carries them.
#[cfg(feature = "gui")]
mod add;
#[cfg(feature = "gui")]
mod backup;
#[cfg(feature = "gui")]
mod check;
#[cfg(feature = "gui")]
mod edit_menu;
#[cfg(feature = "gui")]
mod forms;
#[cfg(feature = "gui")]
pub mod glossary;
#[cfg(feature = "gui")]
mod import;
#[cfg(feature = "gui")]
mod manage;
#[cfg(feature = "gui")]
mod new_passphrase;
#[cfg(feature = "gui")]
mod pick;
#[cfg(feature = "gui")]
mod reading;
#[cfg(feature = "gui")]
mod settings;
#[cfg(feature = "gui")]
mod show;
#[cfg(feature = "gui")]
mod unlock;

#[cfg(all(test, feature = "gui"))]
mod tests;

/// The texts for one language.
#[derive(Clone, Copy, Debug)]
pub struct Texts(pub Language);

impl Texts {
    /// The English or the Japanese of a sentence (a `&'static str` or a
    /// `String` alike).
    pub(crate) fn pick<T>(self, english: T, japanese: T) -> T {
        match self.0 {
            Language::English => english,
            Language::Japanese => japanese,
        }
    }
}

/// A message in two layers: its main text in words the user knows, and the
/// technical detail (a reading, an algorithm, a file's own error line)
/// behind 「詳しく」 / "Details", if any. The main text never uses a word of
/// [`glossary::AVOID`].
#[cfg(feature = "gui")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Worded {
    pub main: String,
    pub details: Option<String>,
}

#[cfg(feature = "gui")]
impl Worded {
    pub fn plain(main: impl Into<String>) -> Self {
        Self {
            main: main.into(),
            details: None,
        }
    }

    pub fn with_details(main: impl Into<String>, details: impl Into<String>) -> Self {
        Self {
            main: main.into(),
            details: Some(details.into()),
        }
    }
}
