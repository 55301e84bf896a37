//! The tray's clock check, with a fake clock and no network.

use super::*;
use crate::domain::clock::RECHECK_INTERVAL_MS;
use crate::domain::setup_key::{self, ParamOverrides};
use zeroize::Zeroizing;

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
    ClockRecord::measured(offset_ms, NOW / 1000)
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
    app.handle(Event::StoredClock(Some(measured(150_000).consented())), pc);
    assert_eq!(app.corrected_now(pc), pc + 150_000);
    let now = app.corrected_now(pc);
    let effects = app.handle(Event::AccountClicked(0), pc);
    let expected = app.accounts.iter().next().expect("one").code_at(now / 1000);
    assert!(
        effects.contains(&Effect::SetClipboard(Zeroizing::new(expected.digits().to_string()))),
        "{effects:?}"
    );
    let effects = app.handle(Event::ClipboardSet { ok: true }, pc);
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
    // No warning toast while correction is on (and the consent carries over).
    let effects = app.handle(Event::ClockMeasured(Some(measured(150_000))), pc);
    assert!(toasts(&effects).is_empty(), "{effects:?}");
    assert_eq!(app.corrected_now(pc), pc + 150_000);
}

#[test]
fn a_measurement_a_day_old_is_not_applied_nor_shown() {
    let stale = ClockRecord::measured(150_000, NOW / 1000 - crate::domain::clock::MAX_AGE_SECONDS).consented();
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

fn corrected_on() -> App {
    let mut app = app(AppConfig {
        clock_correction: true,
        ..AppConfig::default()
    });
    app.handle(Event::StoredClock(Some(measured(150_000).consented())), NOW);
    app
}

fn offers_correction(menu: &[MenuEntry]) -> bool {
    menu.iter().any(|e| {
        matches!(
            e,
            MenuEntry::Clock {
                action: ClockAction::CorrectInTrayotp,
                ..
            }
        )
    })
}

#[test]
fn an_offset_beyond_an_hour_is_shown_with_the_advice_to_set_the_clock_and_never_applied() {
    for days in [2 * 86_400_000, 10 * 365 * 86_400_000_i64, -2 * 86_400_000] {
        let mut app = corrected_on();
        let effects = app.handle(Event::ClockMeasured(Some(measured(days))), NOW + 5);
        assert_eq!(app.corrected_now(NOW + 5), NOW + 5, "{days}: not applied");
        let toast = toasts(&effects);
        assert_eq!(toast.len(), 1, "{effects:?}");
        assert!(toast[0].contains("set the PC's clock"), "{toast:?}");
        let menu = last_menu(&effects);
        let MenuEntry::Status { label } = &menu[0] else {
            panic!("a clock line: {menu:?}")
        };
        assert!(label.contains("set it (not corrected)"), "{label}");
        assert!(!offers_correction(&menu), "{menu:?}");
        let effects = app.handle(Event::AccountClicked(0), NOW + 5);
        let pcs = app.accounts.iter().next().expect("one").code_at((NOW + 5) / 1000);
        assert!(
            effects.contains(&Effect::SetClipboard(Zeroizing::new(pcs.digits().to_string()))),
            "the PC clock's code"
        );
        let effects = app.handle(Event::ClipboardSet { ok: true }, NOW + 5);
        assert!(!toasts(&effects)[0].contains("time-corrected"), "{effects:?}");
    }
}

#[test]
fn the_user_is_asked_again_when_the_offset_moves_by_more_than_a_minute_or_changes_sign() {
    for moved in [215_000, -150_000] {
        let mut app = corrected_on();
        assert_eq!(app.corrected_now(NOW), NOW + 150_000);
        // Within a minute of what was agreed: applied, no question.
        let effects = app.handle(Event::ClockMeasured(Some(measured(200_000))), NOW);
        assert!(toasts(&effects).is_empty(), "{effects:?}");
        assert_eq!(app.corrected_now(NOW), NOW + 200_000);

        let effects = app.handle(Event::ClockMeasured(Some(measured(moved))), NOW);
        assert_eq!(app.corrected_now(NOW), NOW, "{moved}: held until asked");
        assert!(toasts(&effects)[0].contains("Correct codes in trayotp"), "{effects:?}");
        assert!(offers_correction(&last_menu(&effects)));

        let effects = app.handle(Event::ClockActionClicked(ClockAction::CorrectInTrayotp), NOW);
        assert!(
            effects.contains(&Effect::RecordClock(measured(moved).consented())),
            "{effects:?}"
        );
        assert!(effects.contains(&Effect::SetClockCorrection(true)));
        assert_eq!(app.corrected_now(NOW), (NOW as i64 + moved) as u64);
    }
}

#[test]
fn whenever_a_correction_is_in_effect_the_menu_says_so_even_below_the_warning() {
    let mut app = app(AppConfig {
        clock_correction: true,
        ..AppConfig::default()
    });
    let effects = app.handle(Event::StoredClock(Some(measured(4_000).consented())), NOW);
    assert_eq!(
        last_menu(&effects)[0],
        MenuEntry::Status {
            label: "Codes corrected by +4 s (this PC's clock is 4 s slow)".into()
        }
    );
}

#[test]
fn turning_correction_on_consents_to_the_offset_measured_then_and_off_withdraws_it() {
    let mut app = app(AppConfig::default());
    app.handle(Event::StoredClock(Some(measured(150_000))), NOW);
    assert_eq!(app.corrected_now(NOW), NOW);
    let effects = app.handle(
        Event::ConfigChanged(AppConfig {
            clock_correction: true,
            mnemonics: MnemonicStyle::None,
            ..AppConfig::default()
        }),
        NOW,
    );
    assert!(
        effects.contains(&Effect::RecordClock(measured(150_000).consented())),
        "{effects:?}"
    );
    assert_eq!(app.corrected_now(NOW), NOW + 150_000);
    let effects = app.handle(
        Event::ConfigChanged(AppConfig {
            mnemonics: MnemonicStyle::None,
            ..AppConfig::default()
        }),
        NOW,
    );
    assert!(effects.contains(&Effect::RecordClock(measured(150_000))), "{effects:?}");
}

#[test]
fn freshness_is_judged_by_the_pcs_clock() {
    // Measured 23 h 30 min ago by the PC's clock, an hour slow: still applied
    // (judged by corrected time it would be a day old and dropped).
    let pc = NOW + (crate::domain::clock::MAX_AGE_SECONDS - 1_800) * 1000;
    let mut app = app(AppConfig {
        clock_correction: true,
        ..AppConfig::default()
    });
    app.handle(Event::StoredClock(Some(measured(3_600_000).consented())), pc);
    assert_eq!(app.corrected_now(pc), pc + 3_600_000);
    assert!(matches!(app.menu()[0], MenuEntry::Status { .. }));
    // Half an hour later by the PC's clock it is a day old: neither applied nor shown.
    let later = pc + 1_800_000;
    app.handle(Event::Resumed, later);
    assert_eq!(app.corrected_now(later), later);
    assert!(matches!(app.menu()[0], MenuEntry::Account { .. }));
}

/// Found by CI: a copy made before correction was turned on left a timer
/// armed in the PC's time; turning correction on and copying in the last
/// seconds kept that same deadline, so the shell was never told again and
/// the next code came up to a minute late.
#[test]
fn turning_correction_on_arms_the_timer_again_by_the_corrected_clock() {
    let mut app = app(AppConfig::default());
    app.handle(Event::StoredClock(Some(measured(150_000))), NOW);
    // A copy by the PC's clock: its clearing deadline is armed.
    app.handle(Event::AccountClicked(0), NOW);
    let effects = app.handle(Event::ClipboardSet { ok: true }, NOW);
    let armed = effects.iter().find_map(|e| match e {
        Effect::SetTimer(Some(at)) => Some(*at),
        _ => None,
    });
    assert!(armed.is_some(), "{effects:?}");

    // Correction on: the same deadline now lies in the corrected past, and
    // the shell must be told it again to measure it by the new offset.
    let config = AppConfig {
        clock_correction: true,
        ..app.config.clone()
    };
    let pc = NOW + 1_000;
    let effects = app.handle(Event::ConfigChanged(config), pc);
    assert_eq!(app.corrected_now(pc), pc + 150_000);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::SetTimer(Some(at)) if Some(*at) == armed)),
        "the timer is armed again by the corrected clock: {effects:?}"
    );
}
