//! The forms, driven the way a person uses them (type, Tab, Enter, click),
//! headless with egui_kittest: the real form code against a real vault in a
//! temp folder, with a fixed clock and a fake desktop (clipboard, file
//! picker). Natively and, for the .exe, under Wine.

use crate::common;

use std::cell::{Cell, RefCell};
use std::io::Cursor;
use std::rc::Rc;

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use zeroize::Zeroizing;

use trayotp::app::{Form, Millis};
use trayotp::domain::AccountList;
use trayotp::domain::setup_key::{self, ParamOverrides};
use trayotp::gui::desktop::{ClipboardRead, CopyError, Desktop, Picture};
use trayotp::gui::window::{FormWindow, Request, WindowConfig};
use trayotp::i18n::Language;
use trayotp::protect::passphrase::FixedPassphrase;
use trayotp::protect::{self, KeyProtector, ProtectError, ProtectorKind};
use trayotp::vault::{self, Vault, VaultError, VaultPath};

use common::tray::{Tray, wait_for_form_window};
use common::{PASSPHRASE, SEED_B32, TestVault, assert_ok};
use trayotp::platform::control::{self, Request as ControlRequest, Role};

/// 2005-03-18 01:58:29 UTC: RFC 6238's test time, 31 s into a 60 s step.
const NOW: Millis = 1_111_111_109_000;

fn chooser(kind: ProtectorKind) -> Result<Box<dyn KeyProtector>, ProtectError> {
    protect::protector_for(kind, Box::new(FixedPassphrase(Zeroizing::new(PASSPHRASE.into()))))
}

/// A passphrase vault with these accounts (SEED_B32 keys, 60 s).
fn vault_with(names: &[&str]) -> (tempfile::TempDir, VaultPath) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = VaultPath::new(dir.path().join("vault.trayotp"));
    vault::modify(&path, &chooser, Some(ProtectorKind::Passphrase), |accounts| {
        for name in names {
            let parsed = setup_key::parse(SEED_B32, ParamOverrides::default()).expect("key");
            accounts.add(name, parsed).expect("name");
        }
        Ok::<_, VaultError>(())
    })
    .expect("vault written");
    (dir, path)
}

fn accounts(path: &VaultPath) -> AccountList {
    Vault::open(path, &chooser)
        .expect("readable")
        .expect("exists")
        .accounts()
        .clone()
}

/// The settings file the tests' windows use: next to the vault.
fn settings_path(path: &VaultPath) -> std::path::PathBuf {
    path.main().with_file_name("settings.toml")
}

fn names(path: &VaultPath) -> Vec<String> {
    accounts(path).names().map(str::to_string).collect()
}

/// What the fake desktop holds and what it was asked to do.
#[derive(Default)]
struct DesktopState {
    text: Option<String>,
    picture: Option<Picture>,
    file: Option<Vec<u8>>,
    /// What the Save dialog answers.
    save: Option<std::path::PathBuf>,
    /// What the Open dialog of "From a file of another app…" answers.
    pick: Option<std::path::PathBuf>,
    copied: Vec<(String, String, u64)>,
}

#[derive(Clone, Default)]
struct FakeDesktop(Rc<RefCell<DesktopState>>);

impl Desktop for FakeDesktop {
    fn clipboard_text(&mut self) -> ClipboardRead<Zeroizing<String>> {
        match &self.0.borrow().text {
            Some(text) => ClipboardRead::Got(Zeroizing::new(text.clone())),
            None => ClipboardRead::Empty,
        }
    }

    fn clipboard_picture(&mut self) -> ClipboardRead<Picture> {
        match self.0.borrow_mut().picture.take() {
            Some(picture) => ClipboardRead::Got(picture),
            None => ClipboardRead::Empty,
        }
    }

    fn pick_picture(&mut self, _: &str) -> Option<std::io::Result<Vec<u8>>> {
        self.0.borrow_mut().file.take().map(Ok)
    }

    fn save_file(&mut self, _: &str, _: &str, _: &std::path::Path) -> Option<std::path::PathBuf> {
        self.0.borrow_mut().save.take()
    }

    fn pick_file(&mut self, _: &str) -> Option<std::path::PathBuf> {
        self.0.borrow_mut().pick.take()
    }

    fn copy_code(&mut self, _: &std::path::Path, name: &str, code: &str, until: u64) -> Result<(), CopyError> {
        self.0
            .borrow_mut()
            .copied
            .push((name.to_string(), code.to_string(), until));
        Ok(())
    }

    fn clear_clipboard_if(&mut self, text: &str) {
        let mut state = self.0.borrow_mut();
        if state.text.as_deref() == Some(text) {
            state.text = None;
        }
    }
}

/// A harness with the system's Japanese font, as the real window has:
/// egui_kittest fails a test on any character without a glyph, so every
/// Japanese text drawn here is checked to have real glyphs.
fn builder<S>() -> egui_kittest::HarnessBuilder<S> {
    Harness::<S>::builder()
        // A laptop screen's height: the forms scroll inside past 620 points.
        .with_size([480.0, 720.0])
        .with_context_setup(|ctx| {
            trayotp::gui::fonts::install(ctx).expect("a Japanese font (fonts-noto-cjk)");
        })
}

struct Open {
    window: FormWindow,
    requests: Vec<Request>,
}

/// A harness drawing `window` as the native window does, collecting what
/// it asks for, after its first frames.
fn harness_for(window: FormWindow) -> Harness<'static, Open> {
    let mut harness = builder().build_ui_state(
        |ui, open: &mut Open| {
            let request = open.window.ui(ui);
            if request != Request::Stay {
                open.requests.push(request);
            }
        },
        Open {
            window,
            requests: Vec::new(),
        },
    );
    harness.run_steps(2);
    harness
}

/// A form's window on `path` at time `clock`, unlocked with the passphrase
/// typed into its passphrase field.
fn open(
    form: Form,
    path: &VaultPath,
    language: Language,
    desktop: FakeDesktop,
    clock: Rc<Cell<Millis>>,
) -> Harness<'static, Open> {
    open_with(form, None, path, language, Box::new(desktop), clock)
}

/// [`open`], with the account a form starts with and any desktop.
fn open_with(
    form: Form,
    account: Option<&str>,
    path: &VaultPath,
    language: Language,
    desktop: Box<dyn Desktop>,
    clock: Rc<Cell<Millis>>,
) -> Harness<'static, Open> {
    let config = WindowConfig {
        form,
        vault: path.clone(),
        settings: settings_path(path),
        language,
        protector: None,
        account: account.map(str::to_string),
    };
    let window = FormWindow::new(config, desktop, Box::new(move || clock.get()));
    let locked = window.is_locked();
    let mut harness = harness_for(window);
    assert!(locked, "a passphrase vault asks for its passphrase first");
    let label = match language {
        Language::English => "Passphrase",
        Language::Japanese => "パスフレーズ",
    };
    type_into(&mut harness, label, PASSPHRASE);
    harness
        .get_by_label(match language {
            Language::English => "Unlock",
            Language::Japanese => "ロック解除",
        })
        .click();
    harness.run_steps(3);
    assert!(!harness.state().window.is_locked(), "unlocked");
    harness
}

fn clock() -> Rc<Cell<Millis>> {
    Rc::new(Cell::new(NOW))
}

fn type_into(harness: &mut Harness<'_, Open>, label: &str, text: &str) {
    harness.get_by_label(label).focus();
    harness.run_steps(1);
    harness.get_by_label(label).type_text(text);
    harness.run_steps(2);
}

fn shows(harness: &Harness<'_, Open>, text: &str) -> bool {
    harness.query_by_label_contains(text).is_some()
}

#[test]
fn add_registers_the_account_in_the_vault_shows_its_code_and_closes_with_a_confirmation() {
    let (_dir, path) = vault_with(&["Work"]);
    let mut harness = open(Form::Add, &path, Language::English, FakeDesktop::default(), clock());
    assert!(
        harness.get_by_label("Display name").is_focused(),
        "the cursor starts in the name"
    );
    harness.get_by_label("Display name").type_text("三菱 太郎");
    harness.run_steps(1);
    harness.key_press(Key::Tab);
    harness.run_steps(1);
    assert!(
        harness.get_by_label("Setup number").is_focused(),
        "Tab goes to the setup number"
    );
    harness
        .get_by_label("Setup number")
        .type_text("gezd gnbv gy3t qojq gezd gnbv gy3t qojq");
    harness.run_steps(1);
    harness.get_by_label("Register").click();
    harness.run_steps(3);

    assert_eq!(names(&path), ["Work", "三菱 太郎"]);
    let added = accounts(&path);
    let account = added.find("三菱 太郎").expect("added");
    assert_eq!(account.key.as_bytes(), b"12345678901234567890", "RFC 6238's seed");
    assert_eq!(account.period, 60);
    // The form stays, with the new account's code to confirm on the site.
    assert!(harness.state().requests.is_empty(), "{:?}", harness.state().requests);
    let code = account.code_at(NOW / 1000);
    assert!(
        shows(&harness, &trayotp::app::group_digits(code.digits())),
        "the new code"
    );
    assert!(shows(&harness, "31 s left (of 60)"));
    assert!(shows(
        &harness,
        "Check that this code is accepted on the withdrawal or e-mail address change screen before you remove the old app."
    ));
    harness.get_by_label("Close").click();
    harness.run_steps(2);
    let toast = match harness.state().requests.as_slice() {
        [Request::Close { toast: Some(toast) }] => toast.clone(),
        other => panic!("expected to close with a toast, got {other:?}"),
    };
    assert_eq!(
        toast,
        "'三菱 太郎' was added: click it in the tray menu to copy its code."
    );
    assert!(!toast.contains("GEZD"), "no key in the toast");
}

#[test]
fn enter_submits_and_escape_cancels() {
    let (_dir, path) = vault_with(&[]);
    let mut harness = open(Form::Add, &path, Language::Japanese, FakeDesktop::default(), clock());
    type_into(&mut harness, "表示名", "Bank");
    type_into(&mut harness, "ワンタイムパスワード設定用番号", SEED_B32);
    harness.key_press(Key::Enter);
    harness.run_steps(3);
    assert_eq!(names(&path), ["Bank"]);
    assert!(shows(&harness, "古いアプリを削除してください"));
    harness.key_press(Key::Escape);
    harness.run_steps(2);
    assert!(matches!(
        harness.state().requests.as_slice(),
        [Request::Close { toast: Some(toast) }] if toast.starts_with("「Bank」を登録しました")
    ));

    let mut harness = open(Form::Add, &path, Language::Japanese, FakeDesktop::default(), clock());
    type_into(&mut harness, "表示名", "Other");
    harness.key_press(Key::Escape);
    harness.run_steps(2);
    assert_eq!(harness.state().requests, [Request::Close { toast: None }]);
    assert_eq!(names(&path), ["Bank"], "nothing written on cancel");
}

/// Each refusal of the core, in both languages, under its field.
#[test]
fn validation_errors_show_under_the_fields_in_japanese_and_english() {
    let (_dir, path) = vault_with(&["三菱 太郎"]);
    // (name, key, Japanese text, English text)
    let cases = [
        ("", "", "表示名を入力してください", "Type a display name"),
        ("", "", "設定用番号を貼り付けてください", "Paste the setup number"),
        (
            " 三菱 太郎 ",
            SEED_B32,
            "「三菱 太郎」というアカウントはすでにあります",
            "'三菱 太郎' already exists",
        ),
        (
            "x",
            "GEZDGNBV1Y3T",
            "9 文字目の「1」は設定用番号に使われない文字です",
            "Character 9 ('1') cannot be",
        ),
        (
            "x",
            "GEZD GNBV",
            "設定用番号が短すぎます。すべてコピーできているか",
            "The setup number is too short",
        ),
        (
            "x",
            "otpauth://hotp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=1",
            "この種類の設定用番号には対応していません",
            "This kind of setup number is not supported",
        ),
    ];
    for (language, pick) in [(Language::Japanese, 0), (Language::English, 1)] {
        for (name, key, japanese, english) in cases {
            let expected = [japanese, english][pick];
            let mut harness = open(Form::Add, &path, language, FakeDesktop::default(), clock());
            let (name_label, key_label) = match language {
                Language::Japanese => ("表示名", "ワンタイムパスワード設定用番号"),
                Language::English => ("Display name", "Setup number"),
            };
            if !name.is_empty() {
                type_into(&mut harness, name_label, name);
            }
            if !key.is_empty() {
                type_into(&mut harness, key_label, key);
            }
            harness.get_by_label(["登録", "Register"][pick]).click();
            harness.run_steps(3);
            assert!(
                shows(&harness, expected),
                "{language:?} {name:?} {key:?}: expected {expected:?}"
            );
            assert!(harness.state().requests.is_empty(), "the form stays open");
        }
    }
    assert_eq!(names(&path), ["三菱 太郎"], "nothing was added");
}

#[test]
fn a_bad_character_shows_while_typing_but_a_short_key_waits() {
    let (_dir, path) = vault_with(&[]);
    let mut harness = open(Form::Add, &path, Language::English, FakeDesktop::default(), clock());
    type_into(&mut harness, "Setup number", "GEZD");
    assert!(!shows(&harness, "too short"), "not while typing");
    harness.get_by_label("Setup number").type_text("8");
    harness.run_steps(2);
    assert!(shows(&harness, "Character 5 ('8')"));
    assert!(shows(&harness, "did you mean O, I or B?"));
}

#[test]
fn a_wrong_passphrase_is_said_plainly() {
    let (_dir, path) = vault_with(&["a"]);
    let config = WindowConfig {
        form: Form::Manage,
        vault: path.clone(),
        settings: settings_path(&path),
        language: Language::Japanese,
        protector: None,
        account: None,
    };
    let window = FormWindow::new(config, Box::new(FakeDesktop::default()), Box::new(|| NOW));
    let mut harness = builder().build_ui_state(
        |ui, window: &mut FormWindow| {
            window.ui(ui);
        },
        window,
    );
    harness.run_steps(2);
    assert!(
        harness.get_by_label("パスフレーズ").is_focused(),
        "the cursor is in the field"
    );
    harness.get_by_label("パスフレーズ").type_text("not it");
    harness.run_steps(1);
    harness.key_press(Key::Enter);
    harness.run_steps(3);
    assert!(harness.state().is_locked());
    assert!(harness.query_by_label_contains("パスフレーズが違います").is_some());
}

#[test]
fn paste_fills_the_setup_number_and_an_empty_clipboard_is_told() {
    let (_dir, path) = vault_with(&[]);
    let desktop = FakeDesktop::default();
    let mut harness = open(Form::Add, &path, Language::English, desktop.clone(), clock());
    harness.get_by_label("Paste").click();
    harness.run_steps(2);
    assert!(shows(&harness, "The clipboard holds no text"));
    desktop.0.borrow_mut().text =
        Some("otpauth://totp/Example%20Bank:taro?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&period=30".into());
    harness.get_by_label("Paste").click();
    harness.run_steps(2);
    harness.get_by_label("Register").click();
    harness.run_steps(3);
    let list = accounts(&path);
    let account = list.find("Example Bank: taro").expect("named from the link");
    assert_eq!(account.period, 30);
    assert_eq!(desktop.0.borrow().text, None, "the pasted key left the clipboard");
}

#[test]
fn a_clipboard_changed_since_paste_is_left_alone() {
    let (_dir, path) = vault_with(&[]);
    let desktop = FakeDesktop::default();
    let mut harness = open(Form::Add, &path, Language::English, desktop.clone(), clock());
    desktop.0.borrow_mut().text = Some(SEED_B32.into());
    harness.get_by_label("Paste").click();
    harness.run_steps(2);
    desktop.0.borrow_mut().text = Some("the user's own text".into());
    type_into(&mut harness, "Display name", "Bank");
    harness.get_by_label("Register").click();
    harness.run_steps(3);
    assert_eq!(names(&path), ["Bank"]);
    assert_eq!(desktop.0.borrow().text.as_deref(), Some("the user's own text"));
}

/// A QR code image as PNG bytes, and as RGBA pixels.
fn qr_png(text: &str) -> Vec<u8> {
    let code = qrcode::QrCode::new(text.as_bytes()).expect("fits a QR code");
    let picture = code.render::<image::Luma<u8>>().module_dimensions(4, 4).build();
    let mut bytes = Vec::new();
    image::DynamicImage::ImageLuma8(picture)
        .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
        .expect("png");
    bytes
}

fn qr_picture(text: &str) -> Picture {
    let code = qrcode::QrCode::new(text.as_bytes()).expect("fits a QR code");
    let picture = code.render::<image::Rgba<u8>>().module_dimensions(3, 3).build();
    Picture {
        width: picture.width() as usize,
        height: picture.height() as usize,
        rgba: picture.into_raw(),
    }
}

#[test]
fn a_qr_image_file_fills_both_fields() {
    let (_dir, path) = vault_with(&[]);
    let desktop = FakeDesktop::default();
    let mut harness = open(Form::Add, &path, Language::Japanese, desktop.clone(), clock());
    desktop.0.borrow_mut().file = Some(qr_png(
        "otpauth://totp/SBI:%E4%B8%89%E8%8F%B1?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=SBI&digits=8",
    ));
    open_other_ways(&mut harness, "その他の方法");
    harness.get_by_label("QRコード画像から…").click();
    harness.run_steps(2);
    assert!(shows(&harness, "QR コードから入力しました"));
    assert_eq!(harness.get_by_label("表示名").value().as_deref(), Some("SBI: 三菱"));
    harness.get_by_label("登録").click();
    harness.run_steps(3);
    let list = accounts(&path);
    let account = list.find("SBI: 三菱").expect("added");
    assert_eq!((account.digits, account.issuer.as_deref()), (8, Some("SBI")));
}

#[test]
fn a_qr_image_in_the_clipboard_fills_both_fields_even_a_google_export() {
    let (_dir, path) = vault_with(&[]);
    let desktop = FakeDesktop::default();
    let mut harness = open(Form::Add, &path, Language::English, desktop.clone(), clock());
    open_other_ways(&mut harness, "Other ways");
    harness.get_by_label("From clipboard image").click();
    harness.run_steps(2);
    assert!(shows(&harness, "The clipboard holds no image"));

    let migration = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/google-migration.txt"
    ))
    .expect("fixture");
    desktop.0.borrow_mut().picture = Some(qr_picture(migration.trim()));
    harness.get_by_label("From clipboard image").click();
    harness.run_steps(2);
    let name = harness.get_by_label("Display name").value().unwrap_or_default();
    assert!(!name.is_empty(), "a name from the export");
    assert!(
        shows(&harness, "Filled in from the QR code") || shows(&harness, "the first was filled in"),
        "told what happened"
    );
    harness.get_by_label("Register").click();
    harness.run_steps(3);
    assert_eq!(names(&path), [name]);
}

#[test]
fn pictures_without_a_setup_qr_code_are_refused_with_a_reason() {
    let (_dir, path) = vault_with(&[]);
    let desktop = FakeDesktop::default();
    let mut harness = open(Form::Add, &path, Language::English, desktop.clone(), clock());
    open_other_ways(&mut harness, "Other ways");
    let cases: [(Vec<u8>, &str); 3] = [
        (qr_png("https://example.com/not-a-key"), "holds no setup number"),
        (
            {
                let blank = image::RgbImage::from_pixel(120, 80, image::Rgb([200, 220, 255]));
                let mut bytes = Vec::new();
                image::DynamicImage::ImageRgb8(blank)
                    .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
                    .expect("png");
                bytes
            },
            "No QR code was found",
        ),
        (b"GIF89a not really".to_vec(), "not a PNG or JPEG image"),
    ];
    for (bytes, expected) in cases {
        desktop.0.borrow_mut().file = Some(bytes);
        harness.get_by_label("From QR image…").click();
        harness.run_steps(2);
        assert!(shows(&harness, expected), "expected {expected:?}");
    }
    assert_eq!(harness.get_by_label("Display name").value().as_deref(), Some(""));
}

#[test]
fn manage_renames_reorders_and_deletes_through_the_vault() {
    let (_dir, path) = vault_with(&["a", "b", "c"]);
    let mut harness = open(Form::Manage, &path, Language::English, FakeDesktop::default(), clock());

    harness.get_by_label("c").click();
    harness.run_steps(1);
    harness.get_by_label("Up").click();
    harness.run_steps(2);
    assert_eq!(names(&path), ["a", "c", "b"]);
    harness.get_by_label("Down").click();
    harness.get_by_label("Down").click();
    harness.run_steps(2);
    assert_eq!(names(&path), ["a", "b", "c"], "the last one stays last");

    harness.get_by_label("Rename").click();
    harness.run_steps(2);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    harness.get_by_label("Display name").type_text("A");
    harness.run_steps(2);
    assert!(shows(&harness, "An account named 'a' already exists") || names(&path).len() == 3);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    harness.get_by_label("Display name").type_text("三菱 太郎");
    harness.run_steps(1);
    harness.get_by_label("Save").click();
    harness.run_steps(2);
    assert_eq!(names(&path), ["a", "b", "三菱 太郎"]);
    assert!(shows(&harness, "Renamed to '三菱 太郎'."));

    harness.get_by_label("Delete…").click();
    harness.run_steps(2);
    assert!(shows(&harness, "Delete '三菱 太郎'?"), "the confirmation names it");
    assert_eq!(names(&path).len(), 3, "not before confirming");
    harness.get_by_label("Delete").click();
    harness.run_steps(2);
    assert_eq!(names(&path), ["a", "b"]);
    assert!(shows(&harness, "Deleted '三菱 太郎'."));
}

#[test]
fn manage_renaming_to_a_taken_name_is_refused_in_japanese() {
    let (_dir, path) = vault_with(&["a", "b"]);
    let mut harness = open(Form::Manage, &path, Language::Japanese, FakeDesktop::default(), clock());
    harness.get_by_label("b").click();
    harness.run_steps(1);
    harness.get_by_label("名前の変更").click();
    harness.run_steps(2);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    harness.get_by_label("表示名").type_text(" A ");
    harness.run_steps(1);
    harness.get_by_label("保存").click();
    harness.run_steps(2);
    assert!(shows(&harness, "「a」というアカウントはすでにあります"));
    assert_eq!(names(&path), ["a", "b"]);
}

#[test]
fn show_code_shows_the_digits_and_seconds_for_a_fixed_clock_and_copies() {
    let (_dir, path) = vault_with(&["三菱 太郎", "Work"]);
    let desktop = FakeDesktop::default();
    let now = clock();
    let mut harness = open(Form::Show, &path, Language::Japanese, desktop.clone(), now.clone());
    let expected = accounts(&path)
        .find("三菱 太郎")
        .expect("there")
        .code_at(NOW / 1000)
        .digits()
        .to_string();
    let grouped = format!("{} {}", &expected[..3], &expected[3..]);
    assert!(shows(&harness, &grouped), "the code {grouped} in large digits");
    assert!(shows(&harness, "残り 31 秒（有効時間 60 秒）"));

    harness.get_by_label("クリップボードにOTPをコピー").click();
    harness.run_steps(2);
    let copied = desktop.0.borrow().copied.clone();
    assert_eq!(copied, [("三菱 太郎".to_string(), expected.clone(), 1_111_111_140_000)]);
    assert!(shows(&harness, "コピーしました"));

    // Two seconds before the step ends: the next code is copied when it starts.
    now.set(1_111_111_138_000);
    harness.run_steps(1);
    harness.get_by_label("クリップボードにOTPをコピー").click();
    harness.run_steps(2);
    assert!(shows(&harness, "2 秒後に新しいコードをコピーします"));
    assert_eq!(desktop.0.borrow().copied.len(), 1, "not the dying code");
    now.set(1_111_111_140_000);
    harness.run_steps(2);
    let copied = desktop.0.borrow().copied.clone();
    assert_eq!(copied.len(), 2, "the fresh code was copied");
    assert_ne!(copied[1].1, expected);
    assert_eq!(copied[1].2, 1_111_111_200_000);
}

#[test]
fn show_code_escape_closes() {
    let (_dir, path) = vault_with(&["a"]);
    let mut harness = open(Form::Show, &path, Language::English, FakeDesktop::default(), clock());
    assert!(shows(&harness, "31 s left (of 60)"));
    harness.key_press(Key::Escape);
    harness.run_steps(2);
    assert_eq!(harness.state().requests, [Request::Close { toast: None }]);
}

/// With the tray running, an account registered in the form is in the
/// tray's menu at once (the form tells the tray to reload).
#[test]
fn the_running_tray_shows_a_registered_account_at_once() {
    let test_vault = TestVault::new();
    assert_ok(&test_vault.add("Work", SEED_B32));
    let tray = Tray::start(&test_vault);
    let path = VaultPath::new(&test_vault.path);
    let mut harness = open(Form::Add, &path, Language::English, FakeDesktop::default(), clock());
    type_into(&mut harness, "Display name", "三菱 太郎");
    type_into(&mut harness, "Setup number", SEED_B32);
    harness.get_by_label("Register").click();
    harness.run_steps(3);
    let status = tray.wait_for_status("the new account in the menu", |status| {
        status.menu.iter().any(|label| label == "三菱 太郎")
    });
    assert_eq!(status.menu[..2], ["Work", "三菱 太郎"]);
}

/// The real window (eframe, OpenGL) opens under Xvfb, natively and under
/// Wine; a second start of the same form brings the first forward and
/// exits, and the form answers on its own endpoint.
#[test]
fn a_form_is_one_window_and_a_second_start_brings_it_forward() {
    let vault = TestVault::new();
    assert_ok(&vault.add("三菱 太郎", SEED_B32));
    let mut first = vault
        .command()
        .args(["window", "manage", "--lang", "ja"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the window starts");
    let status = wait_for_form_window(&vault, "manage", &mut first);
    assert_eq!(status.message, "manage");
    assert_eq!(status.menu, ["三菱 太郎"], "it opened the vault");

    let started = std::time::Instant::now();
    assert_ok(&vault.run(&["window", "manage"]));
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "the second start only asked the first to show itself"
    );
    assert!(
        first.try_wait().expect("wait").is_none(),
        "the first window is still open"
    );

    control::send_to(&vault.path, Role::Form("manage"), &ControlRequest::Quit).expect("quit");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let exit = loop {
        if let Some(exit) = first.try_wait().expect("wait") {
            break exit;
        }
        assert!(std::time::Instant::now() < deadline, "the window did not close");
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert!(exit.success(), "{exit}");
}

// --- The default account in "Manage accounts" ---------------------------------

fn settings_text(path: &VaultPath) -> String {
    std::fs::read_to_string(settings_path(path)).unwrap_or_default()
}

fn default_account(path: &VaultPath) -> Option<String> {
    trayotp::settings::file::load(&settings_path(path))
        .settings
        .default_account
}

#[test]
fn mark_default_writes_the_setting_keeps_other_keys_and_marks_the_row() {
    let (_dir, path) = vault_with(&["a", "b"]);
    let mine = "# my settings\nfuture_key = \"kept\"\nclear_clipboard = false\n";
    std::fs::write(settings_path(&path), mine).expect("settings");
    let mut harness = open(Form::Manage, &path, Language::English, FakeDesktop::default(), clock());
    assert!(shows(&harness, "b") && !shows(&harness, "★"), "no default yet");

    harness.get_by_label("b").click();
    harness.run_steps(1);
    harness.get_by_label("Mark as default").click();
    harness.run_steps(2);
    assert_eq!(default_account(&path).as_deref(), Some("b"));
    let text = settings_text(&path);
    assert!(text.starts_with(mine), "the rest of the file is as it was: {text}");
    assert!(text.contains("default_account = \"b\""), "{text}");
    assert!(harness.query_by_label("b  ★ default").is_some(), "the row is marked");
    assert!(harness.query_by_label("a").is_some(), "the other row is not");
    assert!(shows(&harness, "'b' is now the default"));

    harness.get_by_label("Unmark default").click();
    harness.run_steps(2);
    assert_eq!(default_account(&path), None);
    assert!(settings_text(&path).contains("future_key = \"kept\""));
    assert!(harness.query_by_label("b").is_some() && !shows(&harness, "★"));
    assert!(shows(&harness, "no default account now"));

    // In Japanese, from a file another program wrote.
    std::fs::write(settings_path(&path), "default_account = \"A\"\n").expect("settings");
    let harness = open(Form::Manage, &path, Language::Japanese, FakeDesktop::default(), clock());
    assert!(
        harness.query_by_label("a  ★ 既定").is_some(),
        "names compare as the vault's do"
    );
}

#[test]
fn renaming_or_deleting_the_default_account_carries_over_to_the_setting() {
    let (_dir, path) = vault_with(&["a", "b"]);
    std::fs::write(settings_path(&path), "default_account = \"b\" # mine\nhotkey = \"\"\n").expect("settings");
    let mut harness = open(Form::Manage, &path, Language::English, FakeDesktop::default(), clock());

    // Another account's rename leaves the file alone.
    let before = settings_text(&path);
    harness.get_by_label("a").click();
    harness.run_steps(1);
    harness.get_by_label("Rename").click();
    harness.run_steps(2);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    harness.get_by_label("Display name").type_text("Work");
    harness.run_steps(1);
    harness.get_by_label("Save").click();
    harness.run_steps(2);
    assert_eq!(names(&path), ["Work", "b"]);
    assert_eq!(settings_text(&path), before);

    harness.get_by_label("b  ★ default").click();
    harness.run_steps(1);
    harness.get_by_label("Rename").click();
    harness.run_steps(2);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    harness.get_by_label("Display name").type_text("三菱 太郎");
    harness.run_steps(1);
    harness.get_by_label("Save").click();
    harness.run_steps(2);
    assert_eq!(names(&path), ["Work", "三菱 太郎"]);
    assert_eq!(default_account(&path).as_deref(), Some("三菱 太郎"));
    assert!(settings_text(&path).contains("hotkey = \"\""));
    assert!(harness.query_by_label("三菱 太郎  ★ default").is_some());

    harness.get_by_label("Delete…").click();
    harness.run_steps(2);
    harness.get_by_label("Delete").click();
    harness.run_steps(2);
    assert_eq!(names(&path), ["Work"]);
    assert_eq!(default_account(&path), None, "cleared with its account");
    assert!(settings_text(&path).contains("hotkey = \"\""));
    assert!(!shows(&harness, "★"));
}

#[test]
fn a_damaged_settings_file_is_never_written_and_the_form_says_why() {
    let (_dir, path) = vault_with(&["a", "b"]);
    let damaged = "default_account = \"b\"\nhotkey = \"Ctrl+Alt+O\n";
    std::fs::write(settings_path(&path), damaged).expect("settings");
    let shown = settings_path(&path).display().to_string();
    for (language, expected) in [
        (
            Language::Japanese,
            format!("設定ファイル {shown} の 2 行目に誤りがあるため"),
        ),
        (Language::English, format!("line 2 of {shown} is not valid")),
    ] {
        let mut harness = open(Form::Manage, &path, language, FakeDesktop::default(), clock());
        assert!(shows(&harness, &expected), "{language:?}: {expected}");
        assert!(!shows(&harness, "★"), "an unreadable file names no default");
        harness.get_by_label("b").click();
        harness.run_steps(1);
        let mark = ["既定にする", "Mark as default"][(language == Language::English) as usize];
        harness.get_by_label(mark).click();
        harness.run_steps(2);
        assert_eq!(std::fs::read(settings_path(&path)).expect("kept"), damaged.as_bytes());
    }
    // Deleting the account the damaged file names still leaves the file alone.
    let mut harness = open(Form::Manage, &path, Language::English, FakeDesktop::default(), clock());
    harness.get_by_label("b").click();
    harness.run_steps(1);
    harness.get_by_label("Delete…").click();
    harness.run_steps(2);
    harness.get_by_label("Delete").click();
    harness.run_steps(2);
    assert_eq!(names(&path), ["a"]);
    assert_eq!(std::fs::read(settings_path(&path)).expect("kept"), damaged.as_bytes());
}

// --- A new passphrase vault from the add form ---------------------------------

/// The add form on a vault that does not exist yet, to be protected by a passphrase.
fn open_new_passphrase_vault(path: &VaultPath, language: Language) -> Harness<'static, Open> {
    assert!(
        std::env::var_os("TRAYOTP_PASSPHRASE").is_none(),
        "these tests need TRAYOTP_PASSPHRASE unset"
    );
    let config = WindowConfig {
        form: Form::Add,
        vault: path.clone(),
        settings: settings_path(path),
        language,
        protector: Some(ProtectorKind::Passphrase),
        account: None,
    };
    let window = FormWindow::new(config, Box::new(FakeDesktop::default()), Box::new(|| NOW));
    assert!(!window.is_locked(), "nothing to unlock yet");
    harness_for(window)
}

#[test]
fn a_new_passphrase_vault_asks_for_the_passphrase_twice_and_opens_with_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = VaultPath::new(dir.path().join("vault.trayotp"));
    // (language, labels, mismatch, too short)
    let cases = [
        (
            Language::Japanese,
            [
                "表示名",
                "ワンタイムパスワード設定用番号",
                "新しいパスフレーズ",
                "パスフレーズ（確認）",
                "登録",
            ],
            "2 つのパスフレーズが一致しません",
            "パスフレーズが短すぎます。8 文字以上",
            "パスフレーズを入力してください",
        ),
        (
            Language::English,
            [
                "Display name",
                "Setup number",
                "New passphrase",
                "Repeat the passphrase",
                "Register",
            ],
            "The two passphrases differ",
            "too short: use at least 8 characters",
            "Choose a passphrase",
        ),
    ];
    for (language, [name, key, first, second, register], mismatch, short, empty) in cases {
        let mut harness = open_new_passphrase_vault(&path, language);
        type_into(&mut harness, name, "三菱 太郎");
        type_into(&mut harness, key, SEED_B32);
        harness.get_by_label(register).click();
        harness.run_steps(3);
        assert!(shows(&harness, empty), "{language:?}: {empty}");
        type_into(&mut harness, first, "short");
        type_into(&mut harness, second, "short");
        harness.get_by_label(register).click();
        harness.run_steps(3);
        assert!(shows(&harness, short), "{language:?}: {short}");
        type_into(&mut harness, first, " but longer");
        type_into(&mut harness, second, " but longr");
        harness.get_by_label(register).click();
        harness.run_steps(3);
        assert!(shows(&harness, mismatch), "{language:?}: {mismatch}");
        assert!(harness.state().requests.is_empty(), "the form stays open");
        assert!(!path.main().exists(), "no vault until the passphrases agree");
    }

    let mut harness = open_new_passphrase_vault(&path, Language::English);
    type_into(&mut harness, "Display name", "三菱 太郎");
    type_into(&mut harness, "Setup number", SEED_B32);
    type_into(&mut harness, "New passphrase", "my new passphrase");
    type_into(&mut harness, "Repeat the passphrase", "my new passphrase");
    harness.key_press(Key::Enter);
    harness.run_steps(3);
    assert!(shows(&harness, "'三菱 太郎' was registered."));
    harness.get_by_label("Close").click();
    harness.run_steps(2);
    assert!(
        matches!(harness.state().requests.as_slice(), [Request::Close { toast: Some(_) }]),
        "{:?}",
        harness.state().requests
    );
    let with = |passphrase: &'static str| {
        move |kind: ProtectorKind| {
            protect::protector_for(kind, Box::new(FixedPassphrase(Zeroizing::new(passphrase.into()))))
        }
    };
    let vault = Vault::open(&path, &with("my new passphrase"))
        .expect("opens with the chosen passphrase")
        .expect("created");
    assert_eq!(vault.protector(), ProtectorKind::Passphrase);
    assert_eq!(vault.accounts().names().collect::<Vec<_>>(), ["三菱 太郎"]);
    assert!(matches!(
        Vault::open(&path, &with("my new passphrasf")),
        Err(VaultError::Protect(ProtectError::WrongPassphrase))
    ));

    // The next window asks for that passphrase to unlock, not for a new one.
    let window = open_new_passphrase_vault_config(&path);
    assert!(window.is_locked());
}

fn open_new_passphrase_vault_config(path: &VaultPath) -> FormWindow {
    let config = WindowConfig {
        form: Form::Add,
        vault: path.clone(),
        settings: settings_path(path),
        language: Language::English,
        protector: Some(ProtectorKind::Passphrase),
        account: None,
    };
    FormWindow::new(config, Box::new(FakeDesktop::default()), Box::new(|| NOW))
}

// --- "Show code" follows the vault ---------------------------------------------

fn change_vault(path: &VaultPath, change: impl FnOnce(&mut AccountList)) {
    vault::modify(path, &chooser, None, |accounts| {
        change(accounts);
        Ok::<_, VaultError>(())
    })
    .expect("vault written");
}

/// The account the picker shows.
fn picked(harness: &Harness<'_, Open>) -> Option<String> {
    harness.get_by_label("Account").value()
}

#[test]
fn show_code_follows_accounts_added_renamed_and_deleted_elsewhere() {
    let (_dir, path) = vault_with(&["a"]);
    let now = clock();
    let mut harness = open(
        Form::Show,
        &path,
        Language::English,
        FakeDesktop::default(),
        now.clone(),
    );
    assert_eq!(picked(&harness).as_deref(), Some("a"));

    let other = setup_key::parse("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", ParamOverrides::default()).expect("key");
    change_vault(&path, |accounts| {
        accounts.add("b", other).expect("added");
    });
    now.set(NOW + 1000);
    harness.run_steps(2);
    harness.get_by_label("Account").click();
    harness.run_steps(2);
    assert!(
        harness.query_by_label("b").is_some(),
        "the picker lists the new account"
    );
    harness.get_by_label("b").click();
    harness.run_steps(2);
    assert_eq!(picked(&harness).as_deref(), Some("b"));
    let code_b = accounts(&path).find("b").expect("b").code_at((NOW + 1000) / 1000);
    let digits = code_b.digits();
    assert!(
        shows(&harness, &format!("{} {}", &digits[..3], &digits[3..])),
        "b's code"
    );

    change_vault(&path, |accounts| {
        accounts.rename("b", "Bank").expect("renamed");
    });
    now.set(NOW + 2000);
    harness.run_steps(2);
    assert!(shows(&harness, "'b' was renamed to 'Bank'."));
    assert_eq!(
        picked(&harness).as_deref(),
        Some("Bank"),
        "still on show under its new name"
    );

    change_vault(&path, |accounts| {
        accounts.remove("Bank").expect("removed");
    });
    now.set(NOW + 3000);
    harness.run_steps(2);
    assert!(shows(&harness, "'Bank' was deleted"));
    assert_eq!(
        picked(&harness).as_deref(),
        Some("a"),
        "another account takes its place"
    );

    // A vault that becomes unreadable: the last good list stays, with a line.
    std::fs::write(path.main(), b"not a vault").expect("damage");
    now.set(NOW + 4000);
    harness.run_steps(2);
    assert!(shows(&harness, "The accounts cannot be read again"));
    assert_eq!(picked(&harness).as_deref(), Some("a"));
    assert!(shows(&harness, "27 s left (of 60)"));
}

/// Japanese is typed through an input method: the text is composed
/// (preedit: かな, then the converted 漢字) and only then committed. The
/// composing text shows in the field, the committed text stays, nothing is
/// submitted on the way, and the name registers as composed. These are the
/// events egui-winit makes from the input methods of Windows (IMM32/TSF)
/// and X11 (XIM); a real input method was not driven here.
#[test]
fn japanese_input_method_composition_fills_the_display_name() {
    let (_dir, path) = vault_with(&[]);
    let mut harness = open(Form::Add, &path, Language::Japanese, FakeDesktop::default(), clock());
    assert!(harness.get_by_label("表示名").is_focused());
    let preedit = |text: &str| {
        egui::Event::Ime(egui::ImeEvent::Preedit {
            text: text.into(),
            active_range_chars: None,
        })
    };
    harness.event(preedit("みつびし"));
    harness.run_steps(2);
    assert_eq!(harness.get_by_label("表示名").value().as_deref(), Some("みつびし"));
    harness.event(preedit("三菱"));
    harness.run_steps(2);
    harness.event(egui::Event::Ime(egui::ImeEvent::Commit("三菱".into())));
    harness.run_steps(2);
    harness.get_by_label("表示名").type_text(" ");
    harness.event(preedit("たろう"));
    harness.run_steps(2);
    assert_eq!(harness.get_by_label("表示名").value().as_deref(), Some("三菱 たろう"));
    harness.event(preedit("太郎"));
    harness.run_steps(1);
    harness.event(egui::Event::Ime(egui::ImeEvent::Commit("太郎".into())));
    harness.run_steps(2);
    assert_eq!(harness.get_by_label("表示名").value().as_deref(), Some("三菱 太郎"));
    assert!(harness.state().requests.is_empty(), "nothing submitted while composing");
    type_into(&mut harness, "ワンタイムパスワード設定用番号", SEED_B32);
    harness.get_by_label("登録").click();
    harness.run_steps(3);
    assert_eq!(names(&path), ["三菱 太郎"]);
}

// --- Back up… ------------------------------------------------------------------

const BACKUP_PASSPHRASE: &str = "four words make it";

/// "Back up…" with the Save dialog answering `file`, and the passphrase typed twice.
fn backup_form(
    path: &VaultPath,
    language: Language,
    file: &std::path::Path,
    first: &str,
    second: &str,
) -> Harness<'static, Open> {
    let desktop = FakeDesktop::default();
    desktop.0.borrow_mut().save = Some(file.to_path_buf());
    let mut harness = open(Form::Backup, path, language, desktop, clock());
    let (change, passphrase, repeat) = match language {
        Language::English => ("Change…", "Backup passphrase", "Repeat the passphrase"),
        Language::Japanese => (
            "変更…",
            "バックアップのパスフレーズ",
            "パスフレーズ（確認のため再入力）",
        ),
    };
    assert!(
        harness.get_by_label(passphrase).is_focused(),
        "the cursor starts in the passphrase"
    );
    harness.get_by_label(change).click();
    harness.run_steps(2);
    type_into(&mut harness, passphrase, first);
    type_into(&mut harness, repeat, second);
    harness
}

fn click_back_up(harness: &mut Harness<'_, Open>, language: Language) {
    let label = match language {
        Language::English => "Back up",
        Language::Japanese => "バックアップ",
    };
    harness.get_by_label(label).click();
    harness.run_steps(3);
}

#[test]
fn backup_writes_a_file_that_restore_opens_with_the_same_accounts() {
    let (dir, path) = vault_with(&["三菱 太郎"]);
    vault::modify(&path, &chooser, None, |accounts| {
        let parsed = setup_key::parse("JBSWY3DPEHPK3PXP", ParamOverrides::default()).expect("key");
        accounts.add("Work", parsed).expect("name");
        Ok::<_, VaultError>(())
    })
    .expect("second account");
    let file = dir.path().join("mine.trayotp-backup");
    let mut harness = backup_form(&path, Language::English, &file, BACKUP_PASSPHRASE, BACKUP_PASSPHRASE);
    assert!(shows(&harness, "Keep the file and the passphrase apart from this PC"));
    assert!(shows(&harness, &file.display().to_string()), "the chosen file is shown");
    click_back_up(&mut harness, Language::English);

    let toast = format!(
        "Backed up 2 account(s) to {}. Keep it, and its passphrase, apart from this PC.",
        file.display()
    );
    assert_eq!(harness.state().requests, [Request::Close { toast: Some(toast) }]);
    drop(harness);

    // The backup reader opens it with that passphrase: the very same accounts.
    let bytes = std::fs::read(&file).expect("the backup was written");
    let contents = trayotp::formats::backup::read(&bytes, &FixedPassphrase(Zeroizing::new(BACKUP_PASSPHRASE.into())))
        .expect("opens with the passphrase");
    assert_eq!(
        serde_json::to_value(&contents.accounts).expect("json"),
        serde_json::to_value(accounts(&path)).expect("json")
    );
    assert_eq!(contents.created, NOW / 1000);
    // Recorded like `trayotp backup` records it: the tray's reminder stands down.
    assert_eq!(
        vault::state::load(&path).last_backup,
        Some(trayotp::domain::reminder::BackupRecord {
            at: NOW / 1000,
            accounts: 2
        })
    );

    // And `trayotp restore` brings them into a new vault on "another PC".
    let elsewhere = TestVault::new();
    let restored = elsewhere
        .command()
        .env("TRAYOTP_BACKUP_PASSPHRASE", BACKUP_PASSPHRASE)
        .args(["--protector", "passphrase", "restore"])
        .arg(&file)
        .output()
        .expect("runs");
    assert_ok(&restored);
    let restored = Vault::open(&VaultPath::new(elsewhere.path.clone()), &chooser)
        .expect("readable")
        .expect("exists");
    assert_eq!(
        serde_json::to_value(restored.accounts()).expect("json"),
        serde_json::to_value(accounts(&path)).expect("json")
    );
}

#[test]
fn backup_passphrases_that_differ_or_are_missing_are_said_in_both_languages() {
    let (dir, path) = vault_with(&["a"]);
    let file = dir.path().join("b.trayotp-backup");
    for (language, mismatch) in [
        (
            Language::English,
            "The two passphrases differ: type the same one twice.",
        ),
        (
            Language::Japanese,
            "2 つのパスフレーズが一致しません。同じものを 2 回入力してください。",
        ),
    ] {
        let mut harness = backup_form(&path, language, &file, BACKUP_PASSPHRASE, "four words make IT");
        assert!(!shows(&harness, mismatch), "not while the second one is being typed");
        harness.key_press(Key::Tab);
        harness.run_steps(2);
        assert!(shows(&harness, mismatch), "shown once the second field is left");
        click_back_up(&mut harness, language);
        assert!(shows(&harness, mismatch));
        assert!(harness.state().requests.is_empty(), "the form stays open");
        assert!(!file.exists(), "nothing was written");
    }

    let mut harness = backup_form(&path, Language::Japanese, &file, "", "");
    click_back_up(&mut harness, Language::Japanese);
    assert!(shows(&harness, "バックアップのパスフレーズを入力してください。"));
    for (language, too_short) in [
        (Language::English, "A backup passphrase needs at least 10 characters"),
        (
            Language::Japanese,
            "バックアップのパスフレーズは 10 文字以上にしてください。",
        ),
    ] {
        let mut harness = backup_form(&path, language, &file, "123456789", "123456789");
        assert!(shows(&harness, too_short), "the command line's rule");
        click_back_up(&mut harness, language);
        assert!(shows(&harness, too_short));
        assert!(harness.state().requests.is_empty(), "the form stays open");
        assert!(!file.exists(), "nothing was written");
    }
}

#[test]
fn backup_that_cannot_be_written_says_why_in_one_line_and_stays_open() {
    let (dir, path) = vault_with(&["a"]);
    let not_a_folder = dir.path().join("a-file");
    std::fs::write(&not_a_folder, b"x").expect("write");
    let file = not_a_folder.join("b.trayotp-backup");
    let mut harness = backup_form(&path, Language::English, &file, BACKUP_PASSPHRASE, BACKUP_PASSPHRASE);
    click_back_up(&mut harness, Language::English);
    assert!(harness.state().requests.is_empty());
    assert!(shows(&harness, &format!("Cannot write {}", file.display())));
    assert_eq!(vault::state::load(&path).last_backup, None, "no backup recorded");

    // The vault itself is refused, whatever the Save dialog allowed.
    let mut harness = backup_form(
        &path,
        Language::Japanese,
        path.main(),
        BACKUP_PASSPHRASE,
        BACKUP_PASSPHRASE,
    );
    click_back_up(&mut harness, Language::Japanese);
    assert!(shows(&harness, "そのファイルはアカウントの保存ファイルです"));
    assert!(harness.state().requests.is_empty());
}

/// The code of `key` with these parameters at `at` (Unix seconds).
fn code_for(key: &[u8], algorithm: trayotp::domain::Algorithm, digits: u8, period: u32, at: u64) -> String {
    let params = trayotp::domain::OtpParams {
        algorithm,
        digits,
        period,
    };
    trayotp::domain::otp::generate(&trayotp::domain::SecretKey::new(key.to_vec()), params, at)
        .digits()
        .to_string()
}

/// What the check-code tests look for, in one language.
struct CheckWords {
    name: &'static str,
    key: &'static str,
    code: &'static str,
    register: &'static str,
    needs_code: &'static str,
    no_match: &'static str,
    found: &'static str,
    confirm: &'static str,
    activation: &'static str,
    several: &'static str,
    /// The 「詳しく」 section, and how it counts the ways tried.
    details: &'static str,
    ways: &'static str,
    advanced: &'static str,
    period: &'static str,
}

const JAPANESE: CheckWords = CheckWords {
    name: "表示名",
    key: "ワンタイムパスワード設定用番号",
    code: "照合用のコード",
    register: "登録",
    needs_code: "公式の Smart OTP アプリにも同じ設定用番号を登録し、今表示されている6〜8桁の数字を「照合用のコード」に入力して",
    no_match: "数字が一致しませんでした。登録していません。公式アプリの数字が変わる前に入力してください。パソコンの時計も確認してください。",
    found: "照合できました：",
    confirm: "出金やメールアドレス変更の画面でこのコードが受け付けられることを確認してから、古いアプリを削除してください",
    activation: "公式アプリでしか使えない利用開始用のコード",
    several: "もう1つコードが必要です",
    details: "詳しく",
    ways: " 通り",
    advanced: "詳細設定",
    period: "有効時間（秒）",
};

const ENGLISH: CheckWords = CheckWords {
    name: "Display name",
    key: "Setup number",
    code: "Code shown elsewhere",
    register: "Register",
    needs_code: "Register the same setup number in the official Smart OTP app too, type the 6–8 digits it shows now",
    no_match: "The digits did not match, and nothing was registered.",
    found: "Your code matched",
    confirm: "Check that this code is accepted on the withdrawal or e-mail address change screen",
    activation: "most likely an activation code, which only the brokerage's official app can use",
    several: "One more code is needed",
    details: "Details",
    ways: " ways",
    advanced: "Advanced",
    period: "Seconds a code lives",
};

/// The Add form's check-code path, as a person goes through it: an
/// ambiguous setup number asks for a code; a wrong code is refused; the
/// right one registers the one reading that makes it, says which, and
/// shows the new code to confirm on the site. Every refusal leaves the
/// vault byte-identical.
#[test]
fn the_check_code_field_finds_the_reading_in_japanese_and_english() {
    let digits = "3141592653589793238462643383279502884197";
    let truth = |at: u64| code_for(digits.as_bytes(), trayotp::domain::Algorithm::Sha256, 8, 30, at);
    for (language, words) in [(Language::Japanese, &JAPANESE), (Language::English, &ENGLISH)] {
        let (_dir, path) = vault_with(&["Work"]);
        let before = std::fs::read(path.main()).expect("vault");
        let mut harness = open(Form::Add, &path, language, FakeDesktop::default(), clock());
        type_into(&mut harness, words.name, "三菱 太郎");
        type_into(&mut harness, words.key, digits);
        assert!(
            shows(&harness, words.needs_code),
            "{language:?}: asks for a code at once"
        );
        harness.get_by_label(words.register).click();
        harness.run_steps(3);
        assert!(shows(&harness, words.needs_code), "{language:?}: still after Register");
        assert_eq!(std::fs::read(path.main()).expect("vault"), before, "nothing written");

        let right = truth(NOW / 1000);
        let wrong = format!(
            "{:08}",
            (right.parse::<u32>().expect("digits") + 50_000_000) % 100_000_000
        );
        type_into(&mut harness, words.code, &wrong);
        harness.get_by_label(words.register).click();
        harness.run_steps(3);
        assert!(shows(&harness, words.no_match), "{language:?}: {}", words.no_match);
        assert!(!shows(&harness, &wrong), "the code is not repeated");
        // The detail, on request, counts what domain::check tried.
        let setup = setup_key::read(digits).expect("readable");
        let tried = trayotp::domain::check::to_try(&setup, ParamOverrides::default()).expect("ways");
        let count = format!("{}{}", tried.count, words.ways);
        assert!(!shows(&harness, &count), "the detail waits behind {}", words.details);
        harness.get_by_label(words.details).click();
        harness.run_steps(2);
        assert!(shows(&harness, &count), "{language:?}: {count}");
        assert_eq!(std::fs::read(path.main()).expect("vault"), before, "nothing written");

        harness.get_by_label(words.code).focus();
        harness.run_steps(1);
        harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
        harness.get_by_label(words.code).type_text(&right);
        harness.run_steps(2);
        harness.get_by_label(words.register).click();
        harness.run_steps(3);
        assert!(shows(&harness, words.found), "{language:?}: {}", words.found);
        assert!(shows(&harness, words.confirm));
        let account = accounts(&path).find("三菱 太郎").expect("registered").clone();
        assert_eq!(account.key.as_bytes(), digits.as_bytes());
        assert_eq!((account.period, account.digits), (30, 8));
        assert_eq!(account.algorithm, trayotp::domain::Algorithm::Sha256);
        assert!(
            shows(&harness, &trayotp::app::group_digits(&right)),
            "the new account's code"
        );
        assert!(
            harness.state().requests.is_empty(),
            "the confirmation stays until closed"
        );
    }
}

#[test]
fn short_digits_several_matches_and_advanced_settings_in_the_add_form() {
    for (language, words) in [(Language::Japanese, &JAPANESE), (Language::English, &ENGLISH)] {
        let (_dir, path) = vault_with(&["Work"]);
        let before = std::fs::read(path.main()).expect("vault");

        // An activation code is not a key, and says so.
        let mut harness = open(Form::Add, &path, language, FakeDesktop::default(), clock());
        type_into(&mut harness, words.name, "x");
        type_into(&mut harness, words.key, "1234 5678");
        harness.get_by_label(words.register).click();
        harness.run_steps(3);
        assert!(shows(&harness, words.activation), "{language:?}: {}", words.activation);
        assert_eq!(std::fs::read(path.main()).expect("vault"), before);

        // Two candidates make the first code (see domain::check): the next
        // code, a minute later, decides.
        let at: u64 = 1_765_504_503;
        let now = Rc::new(Cell::new(at * 1000));
        let key: Vec<u8> = (100..120).collect();
        let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
        let sha1 = trayotp::domain::Algorithm::Sha1;
        let mut harness = open(Form::Add, &path, language, FakeDesktop::default(), now.clone());
        type_into(&mut harness, words.name, "hex");
        type_into(&mut harness, words.key, &hex);
        // One reading: the code field is on request, under 「その他の方法」.
        assert!(harness.query_by_label(words.code).is_none());
        open_other_ways(
            &mut harness,
            ["その他の方法", "Other ways"][usize::from(language == Language::English)],
        );
        type_into(&mut harness, words.code, &code_for(&key, sha1, 6, 60, at));
        harness.get_by_label(words.register).click();
        harness.run_steps(3);
        assert!(shows(&harness, words.several), "{language:?}: {}", words.several);
        assert_eq!(std::fs::read(path.main()).expect("vault"), before);
        now.set((at + 60) * 1000);
        type_into(&mut harness, words.code, &code_for(&key, sha1, 6, 60, at + 60));
        harness.get_by_label(words.register).click();
        harness.run_steps(3);
        let account = accounts(&path).find("hex").expect("registered").clone();
        assert_eq!(account.key.as_bytes(), key.as_slice());
        assert_eq!((account.period, account.digits), (60, 6));

        // "Advanced": a Base32 key with 30-second codes.
        let mut harness = open(Form::Add, &path, language, FakeDesktop::default(), clock());
        type_into(&mut harness, words.name, "thirty");
        type_into(&mut harness, words.key, SEED_B32);
        open_other_ways(
            &mut harness,
            ["その他の方法", "Other ways"][usize::from(language == Language::English)],
        );
        harness.get_by_label(words.advanced).click();
        harness.run_steps(2);
        type_into(&mut harness, words.period, "30");
        harness.get_by_label(words.register).click();
        harness.run_steps(3);
        assert_eq!(accounts(&path).find("thirty").expect("registered").period, 30);
    }
}

#[test]
fn show_code_checks_a_code_from_elsewhere_in_japanese_and_english() {
    let (_dir, path) = vault_with(&["三菱 太郎"]);
    let seed = b"12345678901234567890";
    let sha1 = trayotp::domain::Algorithm::Sha1;
    let at = NOW / 1000;
    let cases = [
        (
            Language::Japanese,
            "他で表示されたコードを照合",
            "照合",
            at,
            "一致しました。現在のコードです。",
        ),
        (
            Language::Japanese,
            "他で表示されたコードを照合",
            "照合",
            at - 60,
            "1つ前のコードと一致しました。このパソコンの時計が進んでいるか",
        ),
        (
            Language::English,
            "Check a code from elsewhere",
            "Check",
            at + 60,
            "It is the next code (one step later): this PC's clock may be behind.",
        ),
        (
            Language::English,
            "Check a code from elsewhere",
            "Check",
            at + 600,
            "It does not match this account",
        ),
    ];
    for (language, field, button, shown_at, expected) in cases {
        let mut harness = open(Form::Show, &path, language, FakeDesktop::default(), clock());
        type_into(&mut harness, field, &code_for(seed, sha1, 6, 60, shown_at));
        harness.get_by_label(button).click();
        harness.run_steps(2);
        assert!(shows(&harness, expected), "{language:?}: {expected}");
    }
    let mut harness = open(Form::Show, &path, Language::English, FakeDesktop::default(), clock());
    type_into(&mut harness, "Check a code from elsewhere", "12 34");
    harness.get_by_label("Check").click();
    harness.run_steps(2);
    assert!(shows(&harness, "A code has 6 to 8 digits, not 4"));
}

// --- Readings (よみ) ----------------------------------------------------------

/// 三菱 太郎 (SEED_B32) and ミツビシ 花子 (another key), in that order.
fn two_mitsubishis() -> (tempfile::TempDir, VaultPath) {
    let (dir, path) = vault_with(&["三菱 太郎"]);
    let other = setup_key::parse("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", ParamOverrides::default()).expect("key");
    change_vault(&path, |accounts| {
        accounts.add("ミツビシ 花子", other).expect("added");
    });
    (dir, path)
}

#[test]
fn manage_sets_a_reading_and_the_picker_finds_the_kanji_name_by_it() {
    let (_dir, path) = two_mitsubishis();
    let mut harness = open(Form::Manage, &path, Language::Japanese, FakeDesktop::default(), clock());
    harness.get_by_label("三菱 太郎").click();
    harness.run_steps(1);
    harness.get_by_label("名前の変更").click();
    harness.run_steps(2);
    type_into(&mut harness, "よみ（任意）", "みつびし たろう");
    harness.get_by_label("保存").click();
    harness.run_steps(2);
    let reading = accounts(&path).find("三菱 太郎").and_then(|a| a.reading.clone());
    assert_eq!(reading.as_deref(), Some("みつびし たろう"));

    let desktop = FakeDesktop::default();
    let mut harness = open(Form::Pick, &path, Language::Japanese, desktop.clone(), clock());
    harness.get_by_role(egui::accesskit::Role::TextInput).type_text("みつ");
    harness.run_steps(2);
    assert!(
        shows(&harness, "三菱 太郎（みつびし たろう）"),
        "the row shows the reading"
    );
    assert!(shows(&harness, "ミツビシ 花子"));
    assert!(
        shows(&harness, "Enter で「三菱 太郎」のコードをコピーします。"),
        "the line names the highlighted account"
    );
    harness.key_press(Key::Enter);
    harness.run_steps(2);
    let copied = desktop.0.borrow().copied.clone();
    let want = accounts(&path).find("三菱 太郎").expect("taro").code_at(NOW / 1000);
    assert_eq!(copied.len(), 1, "{copied:?}");
    assert_eq!(
        (copied[0].0.as_str(), copied[0].1.as_str()),
        ("三菱 太郎", want.digits())
    );
}

#[test]
fn add_registers_the_reading_from_advanced() {
    let (_dir, path) = vault_with(&[]);
    let mut harness = open(Form::Add, &path, Language::English, FakeDesktop::default(), clock());
    type_into(&mut harness, "Display name", "三菱 太郎");
    harness.get_by_label("Other ways").click();
    harness.run_steps(2);
    harness.get_by_label("Advanced").click();
    harness.run_steps(2);
    type_into(&mut harness, "Reading (optional)", "ﾐﾂﾋﾞｼ");
    type_into(&mut harness, "Setup number", SEED_B32);
    harness.get_by_label("Register").click();
    harness.run_steps(3);
    let reading = accounts(&path).find("三菱 太郎").and_then(|a| a.reading.clone());
    assert_eq!(reading.as_deref(), Some("ﾐﾂﾋﾞｼ"));
}

#[test]
fn manage_sets_and_clears_a_window_rule_in_the_vault() {
    let (_dir, path) = vault_with(&["a", "b"]);
    let mut harness = open(Form::Manage, &path, Language::English, FakeDesktop::default(), clock());
    let rule_of = |name: &str| accounts(&path).find(name).and_then(|a| a.window_rule.clone());
    harness.get_by_label("b").click();
    harness.run_steps(2);
    harness.get_by_label("Window rule:").focus();
    harness.run_steps(1);
    harness.get_by_label("Window rule:").type_text("Example証券");
    harness.run_steps(1);
    harness.get_by_label("Save rule").click();
    harness.run_steps(2);
    assert_eq!(rule_of("b").as_deref(), Some("Example証券"));
    assert_eq!(rule_of("a"), None);
    assert!(shows(
        &harness,
        "'b' is picked over windows whose title contains 'Example証券'."
    ));

    // Selected again, the field shows the stored rule; emptied, it clears it.
    harness.get_by_label("a").click();
    harness.run_steps(2);
    harness.get_by_label("b").click();
    harness.run_steps(2);
    harness.get_by_label("Window rule:").focus();
    harness.run_steps(1);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    harness.key_press(Key::Backspace);
    harness.run_steps(1);
    harness.get_by_label("Save rule").click();
    harness.run_steps(2);
    assert_eq!(rule_of("b"), None);
    assert!(shows(&harness, "'b' has no window rule now."));
}

// --- The guide's flow, in words the user knows (issue 19) ---------------------

fn open_other_ways(harness: &mut Harness<'_, Open>, label: &str) {
    harness.get_by_label(label).click();
    harness.run_steps(2);
}

/// Every text the window shows now: labels, buttons, headers (what was
/// typed into a field is not the form's text).
fn texts_shown(harness: &Harness<'_, Open>) -> Vec<String> {
    use egui::accesskit::Role;
    use egui_kittest::kittest::NodeT;
    harness
        .query_all(egui_kittest::kittest::by().include_labels())
        .map(|node| node.accesskit_node())
        .filter(|node| {
            !matches!(
                node.role(),
                Role::TextInput | Role::PasswordInput | Role::MultilineTextInput
            )
        })
        .filter_map(|node| {
            if node.role() == Role::Label {
                node.value()
            } else {
                node.label()
            }
        })
        .collect()
}

/// The labels of the nodes with one of `roles`.
fn labels_of(harness: &Harness<'_, Open>, roles: &[egui::accesskit::Role]) -> Vec<String> {
    use egui_kittest::kittest::NodeT;
    let mut labels: Vec<String> = harness
        .query_all(egui_kittest::kittest::by().include_labels())
        .map(|node| node.accesskit_node())
        .filter(|node| roles.contains(&node.role()))
        .filter_map(|node| node.label())
        .collect();
    labels.sort();
    labels
}

/// The guide's Add screen: 表示名, ワンタイムパスワード設定用番号 with 貼り付け,
/// 登録 and キャンセル; the rest waits under 「その他の方法」.
#[test]
fn the_add_form_at_start_shows_exactly_the_guides_fields() {
    use egui::accesskit::Role;
    let cases = [
        (
            Language::Japanese,
            ["表示名", "ワンタイムパスワード設定用番号"],
            ["キャンセル", "表示", "貼り付け", "登録"],
            "その他の方法",
            [
                "照合用のコード",
                "QRコード画像から…",
                "クリップボードの画像から",
                "ほかのアプリのファイルから…",
                "詳細設定",
            ],
        ),
        (
            Language::English,
            ["Display name", "Setup number"],
            ["Cancel", "Paste", "Register", "Show"],
            "Other ways",
            [
                "Code shown elsewhere",
                "From QR image…",
                "From clipboard image",
                "From a file of another app…",
                "Advanced",
            ],
        ),
    ];
    for (language, fields, buttons, other_ways, hidden) in cases {
        let (_dir, path) = vault_with(&["Work"]);
        let mut harness = open(Form::Add, &path, language, FakeDesktop::default(), clock());
        let mut expected_fields = fields.map(String::from).to_vec();
        expected_fields.sort();
        assert_eq!(
            labels_of(&harness, &[Role::TextInput, Role::PasswordInput]),
            expected_fields,
            "{language:?}: the guide's two fields, no more"
        );
        let mut shown_buttons = labels_of(&harness, &[Role::Button]);
        shown_buttons.retain(|label| label != other_ways);
        let mut expected_buttons = buttons.map(String::from).to_vec();
        expected_buttons.sort();
        assert_eq!(shown_buttons, expected_buttons, "{language:?}");
        assert!(
            harness.query_by_label(other_ways).is_some(),
            "{language:?}: {other_ways}"
        );
        for label in hidden {
            assert!(harness.query_by_label(label).is_none(), "{language:?}: {label} waits");
        }
        // Under 「その他の方法」: the QR ways, 詳細設定, and a code to check
        // a setup number against on request.
        open_other_ways(&mut harness, other_ways);
        for label in hidden {
            assert!(harness.query_by_label(label).is_some(), "{language:?}: {label}");
        }
    }
}

/// 20 digits read three ways: 照合用のコード appears, with the cursor in
/// it, when such a number is pasted, and when 登録 is pressed without a code.
#[test]
fn an_ambiguous_number_brings_up_the_code_field_with_the_focus() {
    let (_dir, path) = vault_with(&["Work"]);
    let digits = "12345678901234567890";
    let desktop = FakeDesktop::default();
    desktop.0.borrow_mut().text = Some(digits.into());
    let mut harness = open(Form::Add, &path, Language::Japanese, desktop, clock());
    type_into(&mut harness, "表示名", "三菱 太郎");
    assert!(harness.query_by_label("照合用のコード").is_none());
    harness.get_by_label("貼り付け").click();
    harness.run_steps(3);
    assert!(
        harness.get_by_label("照合用のコード").is_focused(),
        "pasted: the code goes in next"
    );
    assert!(shows(&harness, JAPANESE.needs_code));

    // Typed: the field appears, the typing stays where it is; 登録 without
    // a code moves the cursor into it and says what to do.
    let mut harness = open(Form::Add, &path, Language::English, FakeDesktop::default(), clock());
    type_into(&mut harness, "Display name", "三菱 太郎");
    type_into(&mut harness, "Setup number", digits);
    assert!(
        harness.get_by_label("Setup number").is_focused(),
        "typing is not interrupted"
    );
    assert!(harness.query_by_label("Code shown elsewhere").is_some());
    harness.get_by_label("Display name").focus();
    harness.run_steps(2);
    harness.get_by_label("Register").click();
    harness.run_steps(3);
    assert!(harness.get_by_label("Code shown elsewhere").is_focused());
    assert!(shows(&harness, ENGLISH.needs_code));
    assert_eq!(names(&path), ["Work"], "nothing registered on a guess");
}

/// What each form shows, in each message the Add form can give, uses none
/// of the glossary's technical words (docs/glossary.md; the list is
/// `i18n::glossary::AVOID`): the detail waits behind 「詳しく」.
#[test]
fn no_technical_word_in_what_the_forms_show_in_japanese_and_english() {
    use trayotp::i18n::glossary::technical_words;
    let check = |harness: &Harness<'_, Open>, what: &str| {
        for text in texts_shown(harness) {
            let found = technical_words(&text);
            assert!(found.is_empty(), "{what}: {found:?} in {text:?}");
        }
    };
    let (_dir, path) = vault_with(&["Work"]);
    // (name, setup number, a code to check); each is refused ("Work" is
    // taken: the short key's warning shows, and nothing is registered).
    let cases = [
        ("", "", ""),
        ("x", "12345678901234567890", ""),
        ("x", "12345678901234567890", "000000"),
        ("x", "GEZDGNBV1Y3T", ""),
        ("x", "GEZD GNBV", ""),
        ("Work", "GEZDGNBVGY3TQOJQ", ""),
        (
            "x",
            "otpauth://hotp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=1",
            "",
        ),
        ("x", "otpauth://totp/x?secret=GEZDGNBVGY3TQOJQ&algorithm=MD5", ""),
        ("x", "otpauth://totp/x", ""),
        ("x", "1234 5678", ""),
        ("x", "0123456789abcdef0123456789abcdef012", ""),
    ];
    for language in [Language::Japanese, Language::English] {
        let (name_label, key_label, code_label, register) = match language {
            Language::Japanese => ("表示名", "ワンタイムパスワード設定用番号", "照合用のコード", "登録"),
            Language::English => ("Display name", "Setup number", "Code shown elsewhere", "Register"),
        };
        for (name, key, code) in cases {
            let mut harness = open(Form::Add, &path, language, FakeDesktop::default(), clock());
            if !name.is_empty() {
                type_into(&mut harness, name_label, name);
            }
            if !key.is_empty() {
                type_into(&mut harness, key_label, key);
            }
            if !code.is_empty() {
                type_into(&mut harness, code_label, code);
            }
            harness.get_by_label(register).click();
            harness.run_steps(3);
            let shown = texts_shown(&harness);
            assert!(shown.len() > 5, "{language:?} {key:?}: the form is drawn: {shown:?}");
            check(&harness, &format!("{language:?} Add {key:?} {code:?}"));
        }
        for form in [Form::Show, Form::Manage, Form::Backup, Form::Pick] {
            let harness = open(form, &path, language, FakeDesktop::default(), clock());
            check(&harness, &format!("{language:?} {form:?}"));
        }
    }
    assert_eq!(names(&path), ["Work"]);
}

/// After 登録: the new code, its seconds, and コピー, which copies through
/// the running tray (its toast, its clearing) with the real desktop, as the
/// picker's Enter does.
#[test]
fn the_confirmation_after_register_copies_the_new_code_through_the_tray() {
    let _turn = common::tray::clipboard_turn();
    let test_vault = TestVault::new();
    assert_ok(&test_vault.add("Work", SEED_B32));
    let tray = Tray::start(&test_vault);
    let path = VaultPath::new(&test_vault.path);
    let mut harness = open_with(
        Form::Add,
        None,
        &path,
        Language::Japanese,
        Box::new(trayotp::gui::desktop::SystemDesktop),
        clock(),
    );
    type_into(&mut harness, "表示名", "三菱 太郎");
    type_into(&mut harness, "ワンタイムパスワード設定用番号", SEED_B32);
    harness.get_by_label("登録").click();
    harness.run_steps(3);
    assert!(shows(&harness, "残り 31 秒（有効時間 60 秒）"), "its seconds left");
    assert!(shows(&harness, JAPANESE.confirm));
    tray.wait_for_status("the new account in the menu", |status| {
        status.menu.iter().any(|label| label == "三菱 太郎")
    });
    common::tray::set_clipboard("something else");
    harness.get_by_label("コピー").click();
    harness.run_steps(2);
    assert!(shows(&harness, "コピーしました"), "the copy is confirmed");
    // The tray copied the account's code (the real clock's), not the text before.
    common::tray::wait_for_code_of(&test_vault, "三菱 太郎");
    assert!(harness.state().requests.is_empty(), "the confirmation stays open");
}

/// The guide's STEP 5: click the name, then 【OTPを表示】; Enter on a name
/// does the same. The window it asks for shows that account's code.
#[test]
fn manage_show_code_opens_show_code_for_the_selected_account() {
    let (_dir, path) = vault_with(&["Work", "三菱 太郎"]);
    let mut harness = open(Form::Manage, &path, Language::Japanese, FakeDesktop::default(), clock());
    harness.get_by_label("三菱 太郎").click();
    harness.run_steps(2);
    harness.get_by_label("OTPを表示").click();
    harness.run_steps(2);
    assert_eq!(harness.state().requests, [Request::OpenShow("三菱 太郎".into())]);

    harness.state_mut().requests.clear();
    harness.get_by_label("Work").focus();
    harness.run_steps(1);
    harness.key_press(Key::Enter);
    harness.run_steps(2);
    assert_eq!(harness.state().requests, [Request::OpenShow("Work".into())]);

    // The window that request opens (`trayotp window show NAME`).
    let shown = open_with(
        Form::Show,
        Some("三菱 太郎"),
        &path,
        Language::English,
        Box::new(FakeDesktop::default()),
        clock(),
    );
    let chosen: Vec<Option<String>> = shown.query_all_by_label("Account").map(|node| node.value()).collect();
    assert!(
        chosen.contains(&Some("三菱 太郎".to_string())),
        "the chosen account: {chosen:?}"
    );
    assert!(!chosen.contains(&Some("Work".to_string())), "not the first: {chosen:?}");
    let code = accounts(&path).find("三菱 太郎").expect("there").code_at(NOW / 1000);
    assert!(shows(&shown, &trayotp::app::group_digits(code.digits())));
}

/// A file of `shared/interop-peers/`, read in place.
fn peers_file(name: &str) -> std::path::PathBuf {
    common::interop::peers_dir().join(name)
}

/// Clicks "From a file of another app…" with the Open dialog answering `file`.
fn import_app_file(harness: &mut Harness<'_, Open>, desktop: &FakeDesktop, label: &str, file: std::path::PathBuf) {
    desktop.0.borrow_mut().pick = Some(file);
    harness.get_by_label(label).click();
    harness.run_steps(3);
}

/// The andOTP file Aegis's tests read: Aegis's three TOTP vectors are
/// added, its three HOTP entries and its Steam entry are named as left out,
/// and the file's lack of a password is said; imported again, each account
/// is said to be there already and nothing is added.
#[test]
fn a_file_of_another_app_adds_its_accounts_and_names_those_left_out_in_japanese() {
    let (_dir, path) = vault_with(&["三菱 太郎"]);
    let desktop = FakeDesktop::default();
    let mut harness = open(Form::Add, &path, Language::Japanese, desktop.clone(), clock());
    open_other_ways(&mut harness, "その他の方法");
    let button = "ほかのアプリのファイルから…";
    import_app_file(&mut harness, &desktop, button, peers_file("aegis_andotp_plain.json"));
    assert!(
        shows(
            &harness,
            "ファイルから 3 件のアカウントを追加しました：「Deno: Mason」、「SPDX: James」、「Airbnb: Elijah」。"
        ),
        "{:#?}",
        texts_shown(&harness)
    );
    for name in ["Issuu: James", "Air Canada: Benjamin", "WWE: Mason", "Boeing: Sophia"] {
        assert!(
            shows(
                &harness,
                &format!("「{name}」は追加していません。この種類のコードには対応していません。")
            ),
            "{name}"
        );
    }
    assert!(shows(&harness, "このファイルにはパスワードがかかっていません"));
    assert_eq!(
        names(&path),
        ["三菱 太郎", "Deno: Mason", "SPDX: James", "Airbnb: Elijah"]
    );

    import_app_file(&mut harness, &desktop, button, peers_file("aegis_andotp_plain.json"));
    assert!(shows(&harness, "ファイルから追加したアカウントはありません。"));
    assert!(shows(&harness, "「Deno: Mason」はすでに登録されています。"));
    assert_eq!(
        names(&path),
        ["三菱 太郎", "Deno: Mason", "SPDX: James", "Airbnb: Elijah"]
    );
}

/// An encrypted andOTP file asks for its password in the form (a masked
/// field); a wrong one is one line and changes nothing; the right one adds.
#[test]
fn an_encrypted_file_of_another_app_asks_for_its_password_and_a_wrong_one_changes_nothing() {
    use egui::accesskit::Role;
    let (_dir, path) = vault_with(&["Work"]);
    let before = std::fs::read(path.main()).expect("vault");
    let desktop = FakeDesktop::default();
    let mut harness = open(Form::Add, &path, Language::English, desktop.clone(), clock());
    open_other_ways(&mut harness, "Other ways");
    import_app_file(
        &mut harness,
        &desktop,
        "From a file of another app…",
        peers_file("aegis_andotp_encrypted.bin"),
    );
    assert!(shows(&harness, "This file is protected by a password"));
    assert!(
        labels_of(&harness, &[Role::PasswordInput]).contains(&"The file's password".to_string()),
        "the password field is masked"
    );
    assert_eq!(std::fs::read(path.main()).expect("vault"), before, "nothing yet");

    type_into(&mut harness, "The file's password", "not the password");
    harness.get_by_label("Import").click();
    harness.run_steps(3);
    assert!(
        shows(&harness, "Wrong password: nothing was changed. Type it again."),
        "{:#?}",
        texts_shown(&harness)
    );
    assert_eq!(std::fs::read(path.main()).expect("vault"), before, "the vault changed");
    assert_eq!(names(&path), ["Work"]);

    type_into(&mut harness, "The file's password", "test");
    harness.key_press(Key::Enter);
    harness.run_steps(3);
    assert!(
        shows(
            &harness,
            "Added 3 account(s) from the file: 'Deno: Mason', 'SPDX: James', 'Airbnb: Elijah'."
        ),
        "{:#?}",
        texts_shown(&harness)
    );
    assert!(shows(
        &harness,
        "'Boeing: Sophia' was not added: this kind of code is not supported."
    ));
    assert!(!shows(&harness, "This file has no password"));
    assert_eq!(names(&path), ["Work", "Deno: Mason", "SPDX: James", "Airbnb: Elijah"]);
    // Registered through the vault: SPDX's parameters as its source states.
    let spdx = accounts(&path).find("SPDX: James").cloned().expect("added");
    assert_eq!((spdx.digits, spdx.period), (7, 20));
}

/// A file no reader knows, and one that cannot be opened, are refused in
/// one line in both languages; the vault is left as it was.
#[test]
fn a_file_no_app_wrote_is_refused_in_one_line_and_changes_nothing() {
    for (language, other_ways, button, said) in [
        (
            Language::English,
            "Other ways",
            "From a file of another app…",
            "Which app wrote this file cannot be told",
        ),
        (
            Language::Japanese,
            "その他の方法",
            "ほかのアプリのファイルから…",
            "どのアプリのファイルかわかりません。",
        ),
    ] {
        let (dir, path) = vault_with(&["Work"]);
        let before = std::fs::read(path.main()).expect("vault");
        let desktop = FakeDesktop::default();
        let mut harness = open(Form::Add, &path, language, desktop.clone(), clock());
        open_other_ways(&mut harness, other_ways);
        let text = dir.path().join("notes.txt");
        std::fs::write(&text, "just some notes\n").expect("write");
        import_app_file(&mut harness, &desktop, button, text);
        assert!(shows(&harness, said), "{language:?}: {:#?}", texts_shown(&harness));
        import_app_file(&mut harness, &desktop, button, dir.path().join("missing.json"));
        assert!(!shows(&harness, said), "{language:?}: one line at a time");
        assert_eq!(std::fs::read(path.main()).expect("vault"), before, "{language:?}");
    }
}
