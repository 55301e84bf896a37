//! The command line's errors in Japanese, from the error's variant and its
//! facts (the English line is each error's `Display`): the vault, its
//! protector, a setup number, a code, files in and out, settings, the clock
//! and the automatic backup. `texts::error_line` asks here first; what is not
//! here keeps its English line behind a Japanese lead-in.

use std::io;
use std::path::Path;

use super::CliError;
use super::auto_backup::AutoBackupCliError;
use super::settings::SettingsCliError;
use super::time::TimeError;
use super::transfer::TransferError;
use crate::domain::check::{ChooseError, CodeError};
use crate::domain::setup_key::SetupKeyError;
use crate::platform::clipboard::ClipboardError;
use crate::platform::control::ControlError;
use crate::protect::ProtectError;
use crate::settings::file::SettingsError;
use crate::settings::{Key, SettingError};
use crate::vault::VaultError;

/// The Japanese line for the errors of this module's kinds.
pub fn japanese(error: &CliError) -> Option<String> {
    Some(match error {
        CliError::Vault(error) => vault(error)?,
        CliError::Protect(error) => protect(error)?,
        CliError::SetupKey(error) | CliError::Choose(ChooseError::SetupKey(error)) => setup_key(error)?,
        CliError::Code(error) | CliError::Choose(ChooseError::Code(error)) => code(error),
        CliError::NoDataDir => {
            "データ用のフォルダーが見つかりません。--vault で保管庫のファイルを指定するか、TRAYOTP_VAULT を設定してください。"
                .into()
        }
        CliError::NoConfigDir => {
            "設定用のフォルダーが見つかりません。--config で設定ファイルを指定するか、TRAYOTP_CONFIG を設定してください。"
                .into()
        }
        CliError::Io(_, source) => format!("処理できませんでした（{}）。", io_problem(source)),
        CliError::Clipboard(ClipboardError::Busy) => {
            "コードをコピーできませんでした。ほかのプログラムがクリップボードを使っています。もう一度試してください。".into()
        }
        CliError::Clipboard(ClipboardError::Unavailable(_)) => {
            "コードをコピーできませんでした。クリップボードが使えません。".into()
        }
        CliError::NoMatch(tried) => format!(
            "入力されたコードは、設定用番号の {} 通りの読み方で今とその前後の時刻に作ったコードの、どれとも一致しませんでした。何も登録していません。公式アプリに今表示されている数字か、パソコンの時計が正しいかを確認してください。",
            tried.count
        ),
        CliError::SeveralMatch(count) => format!(
            "入力されたコードは、設定用番号の {count} 通りの読み方で一致しました。trayotp は推測しないため、何も登録していません。次のコードを待って、2 つのコードを古い順に付けてもう一度実行してください（--check-code 前のコード --check-code 次のコード）。"
        ),
        CliError::Transfer(error) => transfer(error)?,
        CliError::Settings(error) => settings(error)?,
        CliError::SettingsCommand(SettingsCliError::AllWithoutOff) => {
            "--all は off と一緒にだけ使えます（`trayotp autostart off --all`）。".into()
        }
        CliError::SettingsCommand(SettingsCliError::HotkeyRefused { problem }) => {
            format!("ホットキーを登録できませんでした（{problem}）。設定は変更していません。")
        }
        CliError::Time(TimeError::Measure(detail)) => format!(
            "時計のずれを測れませんでした（{detail}）。ネットワークを確認するか、--server ホスト[:ポート] でほかのタイムサーバーを指定してください。"
        ),
        CliError::Time(TimeError::BadServer(server)) => format!(
            "--server「{server}」の形式が正しくありません。ホスト名か ホスト名:ポート で指定してください（例：ntp.nict.jp、127.0.0.1:123）。"
        ),
        CliError::AutoBackup(AutoBackupCliError::NotAFolder(path)) => format!(
            "「{}」はフォルダーではありません。先に作成するか、あるフォルダーを指定してください。",
            path.display()
        ),
        CliError::AutoBackup(AutoBackupCliError::NotUnicode(path)) => format!(
            "フォルダー名「{}」に使えない文字が含まれています。別のフォルダーを指定してください。",
            path.display()
        ),
        CliError::Control(ControlError::AlreadyRunning) => "この保管庫の trayotp はすでに起動しています。".into(),
        CliError::Control(ControlError::BadAnswer) => "起動中の trayotp の応答を読み取れませんでした。".into(),
        _ => return None,
    })
}

/// What went wrong with a file, in words (the OS's own text otherwise).
fn io_problem(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "ファイルまたはフォルダーがありません".into(),
        io::ErrorKind::PermissionDenied => "アクセスが許可されていません".into(),
        io::ErrorKind::AlreadyExists => "同じ名前のファイルがすでにあります".into(),
        io::ErrorKind::StorageFull => "ディスクの空きがありません".into(),
        io::ErrorKind::IsADirectory => "ファイルではなくフォルダーです".into(),
        _ => format!("システムのエラー: {error}"),
    }
}

fn file(path: &Path, source: &io::Error) -> String {
    format!(
        "「{}」を処理できませんでした（{}）。",
        path.display(),
        io_problem(source)
    )
}

fn vault(error: &VaultError) -> Option<String> {
    Some(match error {
        VaultError::Io { path, source, .. } => file(path, source),
        VaultError::NotAVault { path } => format!(
            "「{}」は trayotp の保管庫ではありません。--vault で正しいファイルを指定してください。",
            path.display()
        ),
        VaultError::NewerFormat { path, .. } => format!(
            "「{}」は新しい trayotp で作られた保管庫です。trayotp を更新してから開いてください。ファイルは変更していません。",
            path.display()
        ),
        VaultError::Damaged {
            path,
            backup,
            backup_intact,
            ..
        } => {
            let advice = if *backup_intact {
                format!(
                    "バックアップ「{}」は無事です。`trayotp restore-backup` で戻せます。",
                    backup.display()
                )
            } else {
                "バックアップ（エクスポートしたファイル）から戻してください。".into()
            };
            format!(
                "「{}」は壊れています。ファイルは変更していません。{advice}",
                path.display()
            )
        }
        VaultError::MissingWithBackup { path, backup } => format!(
            "「{}」がありませんが、バックアップ「{}」があります。`trayotp restore-backup` でアカウントを戻せます。",
            path.display(),
            backup.display()
        ),
        VaultError::ProtectorMismatch { .. } => {
            "この保管庫はすでに別の方法で保護されています。--protector は新しい保管庫を作るときだけ使われます。".into()
        }
        VaultError::BackupUnusable { path, .. } => {
            format!("バックアップ「{}」も使えません。", path.display())
        }
        VaultError::Protect(error) => protect(error)?,
    })
}

fn protect(error: &ProtectError) -> Option<String> {
    Some(match error {
        ProtectError::DpapiNotHere => {
            "この保管庫は Windows の DPAPI で保護されています。作成した Windows のユーザーでだけ開けます。".into()
        }
        ProtectError::DpapiWrongUser => "Windows が保管庫の鍵を開けませんでした。別の Windows ユーザーや PC の保管庫か、Windows のパスワードがリセットされています。バックアップからアカウントを戻してください。".into(),
        ProtectError::KeyringNotHere => "この保管庫の鍵は Linux のキーリングにあります。Linux でだけ開けます。".into(),
        ProtectError::KeyringNotRunning => "キーリング（GNOME Keyring、KWallet、KeePassXC）が起動していません。起動するか、--protector passphrase を使ってください。".into(),
        ProtectError::KeyringLocked => "キーリングがロックされています。ログイン キーリングのロックを解除して、もう一度試してください。".into(),
        ProtectError::KeyringKeyMissing => "保管庫の鍵がこのユーザーのキーリングにありません。バックアップからアカウントを戻してください。".into(),
        ProtectError::WrongPassphrase => "パスフレーズが違います。保管庫を開けませんでした。".into(),
        ProtectError::NoPassphrase(variable) => format!(
            "パスフレーズがありません。{variable} を設定するか、端末で trayotp を実行して入力してください。"
        ),
        ProtectError::EmptyPassphrase => "パスフレーズが空です。覚えられるものを決めてください。".into(),
        ProtectError::PassphraseMismatch => "2 つのパスフレーズが一致しません。何も変更していません。もう一度入力してください。".into(),
        ProtectError::PassphraseTooShort { min } => {
            format!("パスフレーズが短すぎます。新しい保管庫のパスフレーズは {min} 文字以上にしてください。")
        }
        ProtectError::BadParams | ProtectError::KdfTooCostly { .. } => {
            "保管庫のファイルの鍵の情報が壊れているか、trayotp で作られたものではありません。別のコピーを使ってください。".into()
        }
        _ => return None,
    })
}

fn setup_key(error: &SetupKeyError) -> Option<String> {
    Some(match error {
        SetupKeyError::Empty => {
            "設定用番号が空です。証券会社のサイトに表示された設定用番号を貼り付けてください。".into()
        }
        SetupKeyError::BadCharacter { character, position } => format!(
            "{position} 文字目の「{character}」は設定用番号に使われない文字です（使われるのは A〜Z と 2〜7 だけです）。{}",
            if matches!(character, '0' | '1' | '8' | '9') {
                "0・1・8・9 は使われません。O・I・B の間違いではありませんか？"
            } else {
                ""
            }
        ),
        SetupKeyError::BadLength { chars } => {
            format!("設定用番号の文字数（{chars} 文字）が正しくありません。すべてコピーできているか確認してください。")
        }
        SetupKeyError::TooShort { .. } => "設定用番号が短すぎます。すべてコピーできているか確認してください。".into(),
        SetupKeyError::Hotp => {
            "この種類の設定用番号には対応していません。trayotp は時刻とともに変わるコードを作ります。".into()
        }
        SetupKeyError::UnsupportedUriType(kind) => {
            format!("「otpauth://{kind}」のリンクには対応していません（otpauth://totp/ のみ）。")
        }
        SetupKeyError::MalformedUri(_) => "リンクの形式が正しくありません。もう一度コピーしてください。".into(),
        SetupKeyError::MissingSecret => "リンクに設定用番号が含まれていません。もう一度コピーしてください。".into(),
        SetupKeyError::UnknownAlgorithm(name) => {
            format!("アルゴリズム「{name}」には対応していません（SHA1・SHA256・SHA512 のみ）。")
        }
        SetupKeyError::Digits(digits) => format!("桁数「{digits}」には対応していません（6〜8 桁）。"),
        SetupKeyError::Period(period) => format!("有効時間「{period}」秒には対応していません（1〜300 秒）。"),
        SetupKeyError::ActivationCode { digits } => format!(
            "設定用番号が {digits} 桁しかありません。証券会社の公式アプリだけが使える利用開始コードのようです。何も登録していません。ほかの認証アプリ用の設定用番号を証券会社にお尋ねいただくか、公式アプリを引き続きお使いください。"
        ),
        SetupKeyError::OddHexDigits { .. } => {
            "設定用番号の桁数が正しくありません。すべてコピーできているか確認してください。".into()
        }
        SetupKeyError::NotInEncoding {
            character, position, ..
        } => {
            format!(
                "{position} 文字目の「{character}」は、指定された読み方（--encoding）の設定用番号には使われない文字です。"
            )
        }
        SetupKeyError::Ambiguous(encodings) => format!(
            "この設定用番号は {} 通りに読めるため、trayotp は推測しません。公式アプリにも同じ設定用番号を登録し、今表示されている 6〜8 桁の数字を --check-code で付けてもう一度実行してください。",
            encodings.len()
        ),
        SetupKeyError::EncodingOfLink => "otpauth:// のリンクには --encoding を付けないでください。".into(),
        SetupKeyError::TooLong { digits } => {
            format!("設定用番号が {digits} 桁あり、長すぎます。コピーした内容を確認してください。")
        }
    })
}

fn code(error: &CodeError) -> String {
    match error {
        CodeError::Empty => {
            "コードが空です。もう一方のアプリやサイトに表示されている 6〜8 桁の数字を入力してください。".into()
        }
        CodeError::NotDigits => "コードは 0〜9 の数字だけです。入力した内容を確認してください。".into(),
        CodeError::Length(length) => {
            format!("コードは 6〜8 桁です（入力は {length} 桁）。入力した内容を確認してください。")
        }
        CodeError::MixedLengths => "コードの桁数がそろっていません。同じアカウントのコードを入力してください。".into(),
    }
}

fn transfer(error: &TransferError) -> Option<String> {
    Some(match error {
        TransferError::Exists(path) => format!(
            "「{}」はすでにあります。別のファイル名にするか、--overwrite を付けて置き換えてください。",
            path.display()
        ),
        TransferError::IsTheVault(path) => format!(
            "「{}」は保管庫かその関連ファイルです。別のファイル名にしてください。",
            path.display()
        ),
        TransferError::Io { path, source, .. } => file(path, source),
        TransferError::TooLarge(path) => format!(
            "「{}」は大きすぎて、認証アプリのエクスポートではありません。ファイル名を確認してください。",
            path.display()
        ),
        TransferError::UnknownFormat(path) => format!(
            "「{}」がどの種類のファイルか分かりません。--format で種類を指定してください（uris、google、aegis、2fas、backup、bitwarden、keepass、proton、ente、lastpass、authpro、andotp、freeotp、winauth）。",
            path.display()
        ),
        TransferError::Lossy { count, .. } => format!(
            "何も書き出していません。この形式では {count} 件のアカウントを正しく書き出せず、コードが合わなくなります。--format aegis、2fas、uris のどれかで書き出すか、--force を付けてください。"
        ),
        TransferError::EmptyPassphrase => "バックアップのパスフレーズが空です。覚えられるものを決めてください。".into(),
        TransferError::WeakPassphrase { chars } => format!(
            "何も書き出していません。パスフレーズが {chars} 文字しかありません。もっと長いもの（いくつかの単語など）にするか、--weak-passphrase を付けてください。"
        ),
        TransferError::Format { path, .. } => format!(
            "「{}」を読み書きできませんでした。ファイルの中身が正しくありません。",
            path.display()
        ),
    })
}

fn settings(error: &SettingsError) -> Option<String> {
    Some(match error {
        SettingsError::Setting(SettingError::UnknownKey(key)) => {
            format!("「{key}」という設定はありません。`trayotp settings get` で設定の一覧を確認できます。")
        }
        SettingsError::Setting(SettingError::BadValue { key, value }) => {
            format!("{} に「{value}」は設定できません。{}", key.name(), allowed(*key))
        }
        SettingsError::Damaged(path, _) => format!(
            "設定ファイル「{}」の内容が正しくありません。直すか削除して、もう一度試してください。",
            path.display()
        ),
        SettingsError::Io(_, path, source) => file(path, source),
        SettingsError::Setting(SettingError::Hotkey(_)) => return None,
    })
}

/// What a setting accepts, in Japanese (its declaration's `allowed_ja`).
fn allowed(key: Key) -> &'static str {
    key.declared().allowed_ja
}
