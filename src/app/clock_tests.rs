//! The tray's clock check, with a fake clock and no network.

use super::*;
use crate::domain::clock::RECHECK_INTERVAL_MS;
use crate::domain::setup_key::{self, ParamOverrides};

const KEY: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const NOW: Millis = 1_780_000_020_000;

fn app(config: AppConfig) -> App {
    let mut list = AccountList::default();
    let parsed = setup_key::parse(KEY, ParamOverrides::default()).expect("key");
    list.add("Work", parsed).expect("name");
    let mut app = App::new(AppConfig {
        mnemonics: MnemonicStyle::None,
        opens_date_time_settings: true,
        ..config
    });
    app.handle(Event::Started(list), NOW);
    app
}

fn measured(offset_ms: i64) -> ClockRecord {
    ClockRecord {
        offset_ms,
        measured_at: NOW / 1000,
    }
}

fn measures(effects: &[Effect]) -> usize {
    effects.iter().filter(|e| matches!(e, Effect::MeasureClock(_))).count()
}

fn toasts(effects: &[Effect]) -> Vec<&str> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::ShowToast { body, .. } => Some(body.as_str()),
            _ => None,
        })
        .collect()
}

fn last_menu(effects: &[Effect]) -> Vec<MenuEntry> {
    effects
        .iter()
        .rev()
        .find_map(|e| match e {
            Effect::SetMenu(entries) => Some(entries.clone()),
            _ => None,
        })
        .expect("a menu")
}

#[test]
fn start_measures_once_with_the_configured_servers_and_arms_no_timer() {
    let mut app = app(AppConfig {
        time_servers: vec!["127.0.0.1:4000".into()],
        ..AppConfig::default()
    });
    let effects = app.handle(Event::StoredClock(None), NOW);
    assert!(
        effects.contains(&Effect::MeasureClock(vec!["127.0.0.1:4000".into()])),
        "{effects:?}"
    );
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::SetTimer(Some(_)))),
        "{effects:?}"
    );
    // A resume while the first is under way starts no second one.
    assert_eq!(measures(&app.handle(Event::Resumed, NOW + 1)), 0);
    let effects = app.handle(Event::ClockMeasured(None), NOW + 2);
    assert!(
        toasts(&effects).is_empty(),
        "an unreachable server is silent: {effects:?}"
    );
    assert_eq!(measures(&app.handle(Event::Resumed, NOW + 3)), 1);
}

#[test]
fn time_check_off_never_measures() {
    let mut app = app(AppConfig {
        time_check: false,
        ..AppConfig::default()
    });
    assert_eq!(measures(&app.handle(Event::StoredClock(None), NOW)), 0);
    assert_eq!(measures(&app.handle(Event::Resumed, NOW)), 0);
    assert_eq!(
        measures(&app.handle(Event::AccountClicked(0), NOW + RECHECK_INTERVAL_MS * 2)),
        0
    );
}

#[test]
fn an_offset_beyond_ten_seconds_toasts_once_and_puts_the_clock_line_atop_the_menu() {
    let mut app = app(AppConfig::default());
    app.handle(Event::StoredClock(None), NOW);
    let effects = app.handle(Event::ClockMeasured(Some(measured(47_300))), NOW);
    assert!(effects.contains(&Effect::RecordClock(measured(47_300))));
    assert_eq!(toasts(&effects), ["This PC's clock is 47 s slow; codes may be refused"]);
    let menu = last_menu(&effects);
    assert_eq!(
        menu[..4],
        [
            MenuEntry::Status {
                label: "This PC's clock is 47 s slow".into()
            },
            MenuEntry::Clock {
                action: ClockAction::SystemSettings,
                label: Texts(Language::English).menu_clock_system_settings()
            },
            MenuEntry::Clock {
                action: ClockAction::CorrectInTrayotp,
                label: "Correct codes in trayotp".into()
            },
            MenuEntry::Separator,
        ]
    );
    // Measured again, still off: no second toast.
    let effects = app.handle(Event::ClockMeasured(Some(measured(47_000))), NOW + 10);
    assert!(toasts(&effects).is_empty(), "{effects:?}");
    // Within 10 s: the line goes away.
    let effects = app.handle(Event::ClockMeasured(Some(measured(2_000))), NOW + 20);
    assert!(matches!(last_menu(&effects)[0], MenuEntry::Account { .. }));
}

#[test]
fn japanese_and_fast_wording() {
    let mut app = app(AppConfig {
        language: Language::Japanese,
        ..AppConfig::default()
    });
    app.handle(Event::StoredClock(None), NOW);
    let effects = app.handle(Event::ClockMeasured(Some(measured(-47_000))), NOW);
    assert_eq!(
        toasts(&effects),
        ["PCの時計が 47 秒進んでいます。コードが合わない原因になります"]
    );
    let mut slow = self::app(AppConfig {
        language: Language::Japanese,
        ..AppConfig::default()
    });
    slow.handle(Event::StoredClock(None), NOW);
    let effects = slow.handle(Event::ClockMeasured(Some(measured(47_000))), NOW);
    assert_eq!(
        toasts(&effects),
        ["PCの時計が 47 秒遅れています。コードが合わない原因になります"]
    );
    assert!(last_menu(&effects).contains(&MenuEntry::Clock {
        action: ClockAction::CorrectInTrayotp,
        label: "trayotpで補正する".into()
    }));
}

#[test]
fn a_sixth_of_the_shortest_period_is_the_threshold_for_short_codes() {
    let mut list = AccountList::default();
    let parsed = setup_key::parse(
        KEY,
        ParamOverrides {
            period: Some(30),
            ..ParamOverrides::default()
        },
    )
    .expect("key");
    list.add("Thirty", parsed).expect("name");
    let mut app = App::new(AppConfig::default());
    app.handle(Event::Started(list), NOW);
    app.handle(Event::StoredClock(None), NOW);
    let effects = app.handle(Event::ClockMeasured(Some(measured(6_000))), NOW);
    assert_eq!(toasts(&effects), ["This PC's clock is 6 s slow; codes may be refused"]);
}

#[test]
fn the_actions_open_the_settings_or_turn_correction_on() {
    let mut app = app(AppConfig::default());
    let effects = app.handle(Event::ClockActionClicked(ClockAction::SystemSettings), NOW);
    assert!(effects.contains(&Effect::OpenDateTimeSettings));
    let effects = app.handle(Event::ClockActionClicked(ClockAction::CorrectInTrayotp), NOW);
    assert!(effects.contains(&Effect::SetClockCorrection(true)));
    let mut linux = self::app(AppConfig::default());
    linux.config.opens_date_time_settings = false;
    let effects = linux.handle(Event::ClockActionClicked(ClockAction::SystemSettings), NOW);
    assert!(toasts(&effects)[0].contains("timedatectl set-ntp true"), "{effects:?}");
}

#[test]
fn with_correction_on_codes_are_for_the_measured_time_and_the_toast_and_menu_say_so() {
    let mut app = app(AppConfig {
        clock_correction: true,
        ..AppConfig::default()
    });
    let pc = NOW;
    assert_eq!(app.corrected_now(pc), pc, "nothing measured: the PC's clock");
    app.handle(Event::StoredClock(Some(measured(150_000))), pc);
    assert_eq!(app.corrected_now(pc), pc + 150_000);
    let now = app.corrected_now(pc);
    let effects = app.handle(Event::AccountClicked(0), now);
    let expected = app.accounts.iter().next().expect("one").code_at(now / 1000);
    assert!(
        effects.contains(&Effect::SetClipboard(Zeroizing::new(expected.digits().to_string()))),
        "{effects:?}"
    );
    let effects = app.handle(Event::ClipboardSet { ok: true }, now);
    assert!(
        toasts(&effects)[0].ends_with(" (time-corrected by +150 s)"),
        "{effects:?}"
    );
    let menu = app.menu();
    assert_eq!(
        menu[0],
        MenuEntry::Status {
            label: "Codes corrected by +150 s (this PC's clock is 150 s slow)".into()
        }
    );
    assert!(!menu.iter().any(|e| matches!(
        e,
        MenuEntry::Clock {
            action: ClockAction::CorrectInTrayotp,
            ..
        }
    )));
    // No warning toast while correction is on.
    let effects = app.handle(Event::ClockMeasured(Some(measured(150_000))), now);
    assert!(toasts(&effects).is_empty(), "{effects:?}");
}

#[test]
fn a_measurement_a_day_old_is_not_applied_nor_shown() {
    let stale = ClockRecord {
        offset_ms: 150_000,
        measured_at: NOW / 1000 - crate::domain::clock::MAX_AGE_SECONDS,
    };
    let mut app = app(AppConfig {
        clock_correction: true,
        ..AppConfig::default()
    });
    let effects = app.handle(Event::StoredClock(Some(stale)), NOW);
    assert_eq!(app.corrected_now(NOW), NOW);
    assert!(matches!(last_menu(&effects)[0], MenuEntry::Account { .. }));
    assert_eq!(measures(&effects), 1, "the tray measures again");
}

#[test]
fn copies_measure_again_only_after_a_few_hours_and_after_the_copy() {
    let mut app = app(AppConfig::default());
    app.handle(Event::StoredClock(None), NOW);
    app.handle(Event::ClockMeasured(Some(measured(0))), NOW + 50);
    let effects = app.handle(Event::AccountClicked(0), NOW + 1_000);
    assert_eq!(measures(&effects), 0, "{effects:?}");
    app.handle(Event::ClipboardSet { ok: true }, NOW + 1_000);
    let later = NOW + RECHECK_INTERVAL_MS + 1_000;
    let effects = app.handle(Event::AccountClicked(0), later);
    let copy = effects.iter().position(|e| matches!(e, Effect::SetClipboard(_)));
    let measure = effects.iter().position(|e| matches!(e, Effect::MeasureClock(_)));
    assert!(copy.is_some() && measure.is_some() && copy < measure, "{effects:?}");
}
