//! "Back up" (バックアップ, `gui::backup`): where the file goes, the backup
//! passphrase, automatic backups into the folder, and the toast after it
//! (the file, never a key or the passphrase).

use super::Texts;

impl Texts {
    pub fn backup_intro(self) -> &'static str {
        self.pick(
            "Every account goes into one file, locked with a passphrase you choose (a phrase, like a password, \
             needed to open the file). Keep the file and the passphrase apart from this PC: with both, your \
             accounts come back on any PC.",
            "すべてのアカウントを 1 つのファイルに保存し、ご自分で決めたパスフレーズ（ファイルを開くための合言葉）で\
             保護します。ファイルとパスフレーズはこのPC以外の場所に保管してください。両方があれば、どのPCでも\
             アカウントを元に戻せます。",
        )
    }

    pub fn backup_file_label(self) -> &'static str {
        self.pick("Save to", "保存先")
    }

    pub fn backup_choose_file(self) -> &'static str {
        self.pick("Change…", "変更…")
    }

    pub fn backup_file_filter(self) -> &'static str {
        self.pick("trayotp backup", "trayotp バックアップ")
    }

    pub fn backup_passphrase_label(self) -> &'static str {
        self.pick("Backup passphrase", "バックアップのパスフレーズ")
    }

    pub fn backup_repeat_label(self) -> &'static str {
        self.pick("Repeat the passphrase", "パスフレーズ（確認のため再入力）")
    }

    pub fn backup_passphrase_empty(self) -> &'static str {
        self.pick(
            "Type a passphrase for the backup: the file opens only with it.",
            "バックアップのパスフレーズを入力してください。ファイルはこのパスフレーズでしか開けません。",
        )
    }

    pub fn backup_passphrase_mismatch(self) -> &'static str {
        self.pick(
            "The two passphrases differ: type the same one twice.",
            "2 つのパスフレーズが一致しません。同じものを 2 回入力してください。",
        )
    }

    pub fn backup_passphrase_short(self) -> String {
        use crate::domain::backup_passphrase::MIN_CHARS as N;
        self.pick(
            format!(
                "A backup passphrase needs at least {N} characters: whoever finds the file can guess a shorter one. A few words are safer."
            ),
            format!(
                "バックアップのパスフレーズは {N} 文字以上にしてください。短いと、ファイルを手に入れた人に推測されてしまいます。いくつかの単語を組み合わせると安全です。"
            ),
        )
    }

    pub fn backup_no_accounts(self) -> &'static str {
        self.pick(
            "There are no accounts to back up yet.",
            "バックアップするアカウントがまだありません。",
        )
    }

    pub fn backup_write(self) -> &'static str {
        self.pick("Back up", "バックアップ")
    }

    /// The Back up form's check box for `trayotp auto-backup on FOLDER`.
    pub fn backup_automatic(self, keep: u32) -> String {
        self.pick(
            format!("Also back up into this folder after every change (the newest {keep} are kept)"),
            format!("変更のたびにこのフォルダーへ自動でバックアップする（新しい {keep} 件を残します）"),
        )
    }

    /// The backup was written, but automatic backups could not be turned on.
    pub fn backup_automatic_failed(self, error: &str) -> String {
        self.pick(
            format!("The backup was written, but automatic backups could not be turned on: {error}"),
            format!("バックアップは保存しましたが、自動バックアップを有効にできませんでした：{error}"),
        )
    }

    /// The toast after a backup: the file, never a key or the passphrase.
    pub fn backed_up(self, accounts: usize, file: &str) -> String {
        self.pick(
            format!("Backed up {accounts} account(s) to {file}. Keep it, and its passphrase, apart from this PC."),
            format!(
                "{accounts} 件のアカウントを {file} にバックアップしました。ファイルとパスフレーズはこのPC以外の場所に保管してください。"
            ),
        )
    }

    /// Why the backup was not written, in one line.
    pub fn backup_failed(self, error: &crate::transfer::TransferError) -> String {
        use crate::transfer::TransferError;
        match error {
            TransferError::Exists(path) => self.pick(
                format!("{} already exists: choose another file with Change….", path.display()),
                format!(
                    "{} はすでにあります。「変更…」で別のファイルを選んでください。",
                    path.display()
                ),
            ),
            TransferError::IsTheVault(_) => self
                .pick(
                    "That is the file your accounts are kept in: choose another file with Change….",
                    "そのファイルはアカウントの保存ファイルです。「変更…」で別のファイルを選んでください。",
                )
                .into(),
            TransferError::Io { path, source, .. } => self.pick(
                format!(
                    "Cannot write {}: {source}. Choose another folder with Change….",
                    path.display()
                ),
                format!(
                    "{} に書き込めません（{source}）。「変更…」で別の場所を選んでください。",
                    path.display()
                ),
            ),
            other => self.pick(
                format!("The backup was not written: {other}"),
                format!("バックアップを作成できませんでした：{other}"),
            ),
        }
    }
}
