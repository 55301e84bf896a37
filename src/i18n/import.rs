//! The Add form's sentences about "From a file of another app…"
//! (ほかのアプリのファイルから…, `gui::add_import`): the button, the file's
//! password, and the report of what was added and what was not. Each line
//! says it in plain words; the command line's own English line (the same
//! `trayotp import` prints) is behind 「詳しく」 / "Details". The lines
//! themselves come from `transfer::import`.

use crate::domain::merge::MergeOutcome;

use super::{Texts, Worded};
use crate::transfer::import::{Failure, Line, MAX_NAMED, SkipKind};

/// The apps whose files are read, for the line about a file no reader knows.
const READ: &str = "Google Authenticator, Aegis, 2FAS, Bitwarden, KeePass / KeePassXC, Proton Authenticator, Ente Auth, LastPass Authenticator, Authenticator Pro, andOTP, FreeOTP+, WinAuth, otpauth:// lists and trayotp backups";

impl Texts {
    /// The button under 「その他の方法」.
    pub fn from_app_file(self) -> &'static str {
        self.pick("From a file of another app…", "ほかのアプリのファイルから…")
    }

    /// The file dialog's title.
    pub fn app_file_dialog_title(self) -> &'static str {
        self.pick(
            "Choose the file another app exported",
            "ほかのアプリが書き出したファイルを選んでください",
        )
    }

    pub fn app_file_password_label(self) -> &'static str {
        self.pick("The file's password", "ファイルのパスワード")
    }

    /// The button that reads the file with the password typed.
    pub fn app_file_import(self) -> &'static str {
        self.pick("Import", "読み込む")
    }

    /// Under the password field, when the file asks for one.
    pub fn app_file_needs_password(self) -> &'static str {
        self.pick(
            "This file is protected by a password: type the password you chose when you exported it, then press Import.",
            "このファイルはパスワードで保護されています。書き出したときに決めたパスワードを入力して、「読み込む」を押してください。",
        )
    }

    /// One line of the report (`transfer::import::lines`).
    pub fn import_line(self, line: &Line) -> Worded {
        match line {
            Line::Added { format, names } => self.import_added(format.title(), names, MAX_NAMED),
            Line::Skipped { name, kind, line } => self.import_skipped(name, *kind, line),
            Line::Duplicate(outcome) => self.import_duplicate(outcome),
            Line::More(count) => Worded::plain(self.import_more_left_out(*count)),
            Line::Notes(notes) => self.import_notes(notes),
            Line::NotEncrypted => Worded::plain(self.import_not_encrypted()),
            Line::Failed(failure) => self.import_failure(failure),
        }
    }

    /// The first line of the report: what was added, by name.
    pub fn import_added(self, format: &str, added: &[String], max_named: usize) -> Worded {
        let summary = format!("Read as: {format}. {} added.", added.len());
        if added.is_empty() {
            return Worded::with_details(
                self.pick(
                    "No account was added from the file.",
                    "ファイルから追加したアカウントはありません。",
                ),
                summary,
            );
        }
        let more = added.len().saturating_sub(max_named);
        let main = match self.0 {
            crate::i18n::Language::English => {
                let names: Vec<String> = added.iter().take(max_named).map(|n| format!("'{n}'")).collect();
                let tail = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                format!(
                    "Added {} account(s) from the file: {}{tail}.",
                    added.len(),
                    names.join(", ")
                )
            }
            crate::i18n::Language::Japanese => {
                let names: Vec<String> = added.iter().take(max_named).map(|n| format!("「{n}」")).collect();
                let tail = if more > 0 {
                    format!("ほか {more} 件")
                } else {
                    String::new()
                };
                format!(
                    "ファイルから {} 件のアカウントを追加しました：{}{tail}。",
                    added.len(),
                    names.join("、")
                )
            }
        };
        Worded::with_details(main, summary)
    }

    /// An entry the file holds that was not added, and why.
    pub fn import_skipped(self, name: &str, kind: SkipKind, line: &str) -> Worded {
        let main = match kind {
            SkipKind::OtherKind => self.pick(
                format!("'{name}' was not added: this kind of code is not supported."),
                format!("「{name}」は追加していません。この種類のコードには対応していません。"),
            ),
            SkipKind::Unusable => self.pick(
                format!("'{name}' was not added: its setup number or its settings cannot be used."),
                format!("「{name}」は追加していません。設定用番号または設定が使えません。"),
            ),
            SkipKind::Other => self.pick(
                format!("'{name}' was not added: it could not be read."),
                format!("「{name}」は追加していません。読み取れませんでした。"),
            ),
        };
        Worded::with_details(main, line)
    }

    /// An account of the file already here, or whose name is taken.
    pub fn import_duplicate(self, outcome: &MergeOutcome) -> Worded {
        let main = match outcome {
            MergeOutcome::AlreadyPresent { name, existing } if name.eq_ignore_ascii_case(existing) => self.pick(
                format!("'{name}' is already registered."),
                format!("「{name}」はすでに登録されています。"),
            ),
            MergeOutcome::AlreadyPresent { name, existing } => self.pick(
                format!("'{name}' is already registered, as '{existing}'."),
                format!("「{name}」は「{existing}」としてすでに登録されています。"),
            ),
            MergeOutcome::NameTaken { name } => self.pick(
                format!("'{name}' was not added: another account has that name."),
                format!("「{name}」は追加していません。同じ名前の別のアカウントがあります。"),
            ),
            MergeOutcome::Refused { name, .. } => self.pick(
                format!("'{name}' was not added: the name cannot be used."),
                format!("「{name}」は追加していません。この名前は使えません。"),
            ),
            MergeOutcome::Added { name } | MergeOutcome::Renamed { name, .. } | MergeOutcome::Replaced { name } => {
                self.pick(format!("'{name}' was added."), format!("「{name}」を追加しました。"))
            }
        };
        Worded::with_details(main, outcome.to_string())
    }

    /// After the entries named one by one.
    pub fn import_more_left_out(self, count: usize) -> String {
        self.pick(
            format!("… and {count} more were not added."),
            format!("……ほかに {count} 件を追加していません。"),
        )
    }

    /// The readers' notes (a short key, …), behind Details.
    pub fn import_notes(self, notes: &[String]) -> Worded {
        Worded::with_details(
            self.pick(
                format!("{} note(s) about the accounts added: see Details.", notes.len()),
                format!(
                    "追加したアカウントについての注意が {} 件あります。「詳しく」をご覧ください。",
                    notes.len()
                ),
            ),
            notes.join("\n"),
        )
    }

    pub fn import_not_encrypted(self) -> &'static str {
        self.pick(
            "This file has no password: anyone who reads it can make your codes. Delete it once you no longer need it.",
            "このファイルにはパスワードがかかっていません。読んだ人は誰でもコードを作れます。不要になったら削除してください。",
        )
    }

    /// Why nothing was added, in one line.
    pub fn import_failure(self, failure: &Failure) -> Worded {
        match failure {
            Failure::Unreadable => Worded::plain(self.pick(
                "The file cannot be read: nothing was changed.",
                "ファイルを読み込めません。何も変更していません。",
            )),
            Failure::TooLarge => Worded::plain(self.pick(
                "The file is too large to be another app's export (more than 64 MiB): check the file. Nothing was changed.",
                "ほかのアプリが書き出したファイルにしては大きすぎます（64 MiB 超）。ファイルを確かめてください。何も変更していません。",
            )),
            Failure::UnknownFormat => Worded::with_details(
                self.pick(
                    "Which app wrote this file cannot be told: choose a file another authenticator or password manager exported. Nothing was changed.",
                    "どのアプリのファイルかわかりません。ほかの認証アプリやパスワード管理アプリが書き出したファイルを選んでください。何も変更していません。",
                ),
                format!("Read: {READ}."),
            ),
            Failure::WrongPassword => Worded::plain(self.pick(
                "Wrong password: nothing was changed. Type it again.",
                "パスワードが違います。何も変更していません。もう一度入力してください。",
            )),
            Failure::Refused(line) => Worded::with_details(
                self.pick(
                    "This file cannot be read: nothing was changed. Details say why.",
                    "このファイルは読み込めません。何も変更していません。理由は「詳しく」にあります。",
                ),
                line.clone(),
            ),
            Failure::NotSaved(detail) => Worded::plain(self.not_saved(detail)),
            Failure::NewPassphraseFirst => Worded::plain(self.pick(
                "Choose the new passphrase above first: the accounts will be protected by it.",
                "先に上の新しいパスフレーズを決めてください。アカウントはそれで保護されます。",
            )),
        }
    }
}

/// Every main text above, for the texts' tests (no technical word, full-width
/// punctuation in Japanese).
#[cfg(test)]
pub(super) fn every_main_text(t: Texts) -> Vec<String> {
    let mut all: Vec<String> = [
        t.from_app_file(),
        t.app_file_dialog_title(),
        t.app_file_password_label(),
        t.app_file_import(),
        t.app_file_needs_password(),
        t.import_not_encrypted(),
    ]
    .map(String::from)
    .to_vec();
    all.push(t.import_added("x", &[], 20).main);
    all.push(t.import_added("x", &["三菱 太郎".into(), "Work".into()], 1).main);
    for kind in [SkipKind::OtherKind, SkipKind::Unusable, SkipKind::Other] {
        all.push(t.import_skipped("三菱 太郎", kind, "skipped").main);
    }
    for outcome in [
        MergeOutcome::AlreadyPresent {
            name: "A".into(),
            existing: "B".into(),
        },
        MergeOutcome::NameTaken { name: "A".into() },
    ] {
        all.push(t.import_duplicate(&outcome).main);
    }
    all.push(t.import_more_left_out(3));
    all.push(t.import_notes(&["n".into()]).main);
    for failure in [
        Failure::Unreadable,
        Failure::TooLarge,
        Failure::UnknownFormat,
        Failure::WrongPassword,
        Failure::Refused("r".into()),
        Failure::NewPassphraseFirst,
    ] {
        all.push(t.import_failure(&failure).main);
    }
    all
}
