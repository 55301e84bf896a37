//! The tray menu as muda builds it from the app's [`MenuEntry`] list, and
//! the typed id each clickable item carries.
//!
//! muda hands a click back as the item's id string; [`MenuId`] is that
//! string's one definition (`Display` writes it, `FromStr` reads it), so
//! the menu and the event loop cannot disagree on a spelling, and a click
//! becomes an [`app::Event`] in one place ([`MenuId::event`]).

use std::fmt;
use std::str::FromStr;

use tray_icon::menu::{CheckMenuItem, Menu, MenuItem, PredefinedMenuItem};

use crate::app::menu::MenuEntry;
use crate::app::{self, ClockAction};
use crate::choices::Form;

/// What a menu item does when clicked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MenuId {
    /// Copy the code of the account at this index of the list.
    Account(usize),
    /// Open this form.
    Form(Form),
    StartAtLogin,
    Help,
    Clock(ClockAction),
    Quit,
}

impl MenuId {
    /// The app's event for a click on this item.
    pub fn event(self) -> app::Event {
        match self {
            MenuId::Account(index) => app::Event::AccountClicked(index),
            MenuId::Form(form) => app::Event::FormRequested(form),
            MenuId::StartAtLogin => app::Event::StartAtLoginClicked,
            MenuId::Help => app::Event::HelpRequested,
            MenuId::Clock(action) => app::Event::ClockActionClicked(action),
            MenuId::Quit => app::Event::QuitRequested,
        }
    }
}

impl fmt::Display for MenuId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MenuId::Account(index) => write!(f, "account:{index}"),
            MenuId::Form(form) => write!(f, "form:{}", form.arg()),
            MenuId::StartAtLogin => f.write_str("start-at-login"),
            MenuId::Help => f.write_str("help"),
            MenuId::Clock(ClockAction::SystemSettings) => f.write_str("clock:system-settings"),
            MenuId::Clock(ClockAction::CorrectInTrayotp) => f.write_str("clock:correct"),
            MenuId::Quit => f.write_str("quit"),
        }
    }
}

/// An id that no item of ours carries.
#[derive(Debug, PartialEq, Eq)]
pub struct UnknownMenuId;

const FORMS: [Form; 6] = [
    Form::Add,
    Form::Show,
    Form::Manage,
    Form::Backup,
    Form::Settings,
    Form::Pick,
];

impl FromStr for MenuId {
    type Err = UnknownMenuId;

    fn from_str(id: &str) -> Result<Self, Self::Err> {
        if let Some(index) = id.strip_prefix("account:") {
            return index.parse().map(MenuId::Account).map_err(|_| UnknownMenuId);
        }
        if let Some(arg) = id.strip_prefix("form:") {
            return FORMS
                .into_iter()
                .find(|form| form.arg() == arg)
                .map(MenuId::Form)
                .ok_or(UnknownMenuId);
        }
        match id {
            "start-at-login" => Ok(MenuId::StartAtLogin),
            "help" => Ok(MenuId::Help),
            "clock:system-settings" => Ok(MenuId::Clock(ClockAction::SystemSettings)),
            "clock:correct" => Ok(MenuId::Clock(ClockAction::CorrectInTrayotp)),
            "quit" => Ok(MenuId::Quit),
            _ => Err(UnknownMenuId),
        }
    }
}

/// The line a `Status` request reports for `entry` (`None`: a separator).
pub fn menu_text(entry: &MenuEntry) -> Option<String> {
    match entry {
        MenuEntry::Account { label, .. }
        | MenuEntry::NoAccounts { label }
        | MenuEntry::Status { label }
        | MenuEntry::Form { label, .. }
        | MenuEntry::Clock { label, .. }
        | MenuEntry::Help { label }
        | MenuEntry::Quit { label } => Some(label.clone()),
        MenuEntry::StartAtLogin { checked, label } => Some(format!("[{}] {label}", if *checked { "x" } else { " " })),
        MenuEntry::Separator => None,
    }
}

/// The muda menu for `entries`.
pub fn build_menu(entries: &[MenuEntry]) -> Menu {
    let menu = Menu::new();
    let item = |id: MenuId, label: &str| MenuItem::with_id(id.to_string(), label, true, None);
    for entry in entries {
        let appended = match entry {
            MenuEntry::Account { index, label } => menu.append(&item(MenuId::Account(*index), label)),
            MenuEntry::NoAccounts { label } | MenuEntry::Status { label } => {
                menu.append(&MenuItem::new(label, false, None))
            }
            MenuEntry::Separator => menu.append(&PredefinedMenuItem::separator()),
            MenuEntry::StartAtLogin { checked, label } => menu.append(&CheckMenuItem::with_id(
                MenuId::StartAtLogin.to_string(),
                label,
                true,
                *checked,
                None,
            )),
            MenuEntry::Form { form, label } => menu.append(&item(MenuId::Form(*form), label)),
            MenuEntry::Clock { action, label } => menu.append(&item(MenuId::Clock(*action), label)),
            MenuEntry::Help { label } => menu.append(&item(MenuId::Help, label)),
            MenuEntry::Quit { label } => menu.append(&item(MenuId::Quit, label)),
        };
        if let Err(error) = appended {
            crate::log_file::warning(&format!("a menu item could not be added ({error})"));
        }
    }
    menu
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_reads_back_as_itself_and_its_spelling_is_kept() {
        let mut ids = vec![
            MenuId::Account(0),
            MenuId::Account(59),
            MenuId::StartAtLogin,
            MenuId::Help,
            MenuId::Clock(ClockAction::SystemSettings),
            MenuId::Clock(ClockAction::CorrectInTrayotp),
            MenuId::Quit,
        ];
        ids.extend(FORMS.map(MenuId::Form));
        for id in ids {
            assert_eq!(id.to_string().parse::<MenuId>(), Ok(id), "{id}");
        }
        assert_eq!(MenuId::Account(3).to_string(), "account:3");
        assert_eq!(MenuId::Form(Form::Settings).to_string(), "form:settings");
        assert_eq!(MenuId::Quit.to_string(), "quit");
    }

    #[test]
    fn ids_of_no_item_of_ours_are_refused() {
        for id in [
            "",
            "account:",
            "account:-1",
            "account:x",
            "form:nope",
            "clock:",
            "Quit",
            "quit ",
        ] {
            assert_eq!(id.parse::<MenuId>(), Err(UnknownMenuId), "{id:?}");
        }
    }

    #[test]
    fn a_click_becomes_the_apps_event() {
        assert!(matches!(MenuId::Account(2).event(), app::Event::AccountClicked(2)));
        assert!(matches!(
            MenuId::Form(Form::Pick).event(),
            app::Event::FormRequested(Form::Pick)
        ));
        assert!(matches!(MenuId::Quit.event(), app::Event::QuitRequested));
        assert!(matches!(
            MenuId::Clock(ClockAction::CorrectInTrayotp).event(),
            app::Event::ClockActionClicked(ClockAction::CorrectInTrayotp)
        ));
    }
}
