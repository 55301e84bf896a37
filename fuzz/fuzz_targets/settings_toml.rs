//! settings.toml as the user (or anyone) wrote it: parsed, turned into the
//! tray's configuration, and written back in place.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trayotp::app::AppConfig;
use trayotp::i18n::Language;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let parsed = trayotp::settings::parse(text);
    for problem in &parsed.problems {
        assert!(!problem.to_string().contains('\n'));
    }
    let _ = AppConfig::from_settings(&parsed.settings, Language::Japanese);
    if let Some(mut document) = parsed.document {
        parsed.settings.write_into(&mut document);
        let again = trayotp::settings::parse(&document.to_string());
        assert_eq!(
            AppConfig::from_settings(&again.settings, Language::English),
            AppConfig::from_settings(&parsed.settings, Language::English)
        );
    }
});
