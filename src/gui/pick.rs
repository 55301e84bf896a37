//! The quick picker (アカウントを検索 / Find account, `trayotp window pick`):
//! a search field, already focused, over the account list. Typing filters
//! by display name, reading (よみ) and issuer (`domain::search`: case,
//! full-/half-width and hiragana/katakana fold alike); ↑/↓ move the
//! selection, Enter copies the selected (highlighted) account's code and
//! closes, Esc closes. Once typing has narrowed the list, a line under it
//! names the one account Enter copies, so a near match is not copied
//! unseen; a row shows its reading beside the name. The hotkey opens it when
//! there are several accounts and no default one, and the tray menu offers
//! it when the accounts no longer fit a screen.
//!
//! The hotkey opens it with only some accounts (those whose window rules
//! match the focused window, `domain::window_rule`): then only those are
//! listed and searched, and the choice goes to the tray as a pick, which
//! pastes or types it into that window when `hotkey_action` says so.
//!
//! Copying is Show code's: through the running tray (its toast, its
//! clearing of the clipboard), or without one by `trayotp hold-clipboard`;
//! in a code's last seconds the window waits for the next code, says so,
//! copies it when it starts and then closes.
//!
//! Only the visible rows are drawn, and the filter runs once per change of
//! the query, so 1 000 accounts scroll and filter without lag (the filter's
//! time is in `docs/benchmarks.md`).

use egui::{Key, Modifiers, RichText, ScrollArea, TextEdit};

use crate::app::{App, Millis};
use crate::domain::Code;
use crate::domain::search::SearchIndex;

use super::desktop::{CopyError, Desktop};
use super::store::{Refresh, Store};
use super::widgets;
use crate::i18n::Texts;

/// Rows shown at once before the list scrolls.
const VISIBLE_ROWS: usize = 10;

/// What the picker asks of its window after a frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickOutcome {
    Stay,
    /// Closed: Esc, or the code is on its way to the clipboard.
    Close,
}

/// Where the last Enter got to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickCopy {
    /// Waiting for the next code of `name`, which starts at `at`.
    Waiting {
        name: String,
        at: Millis,
    },
    Failed(CopyError),
}

#[derive(Debug, Default)]
pub struct PickForm {
    pub query: String,
    /// The query the `matches` were computed for (`None`: never computed).
    filtered_for: Option<String>,
    index: SearchIndex,
    /// Positions (in the vault's order) of the accounts the query matches.
    matches: Vec<usize>,
    /// The selected row, an index into `matches`.
    pub selected: usize,
    pub copy: Option<PickCopy>,
    focused_once: bool,
    /// Scroll the selected row into view in the next frame.
    scroll_to_selected: bool,
    /// The only accounts offered (display names), if not all.
    only: Option<Vec<String>>,
}

impl PickForm {
    pub fn new() -> Self {
        Self::default()
    }

    /// A picker offering only the accounts named in `only`, one per line
    /// (`None`: every account).
    pub fn offering(only: Option<&str>) -> Self {
        Self {
            only: only.map(|names| names.lines().map(str::to_string).collect()),
            ..Self::default()
        }
    }

    /// Recomputes the matches when the query (or the vault) changed.
    pub fn refilter(&mut self, store: &Store) {
        if self.index.len() != store.accounts().len() || self.filtered_for.is_none() {
            self.index = SearchIndex::new(store.accounts());
            self.filtered_for = None;
        }
        if self.filtered_for.as_deref() != Some(self.query.as_str()) {
            self.matches = self.index.filter(&self.query);
            if let Some(only) = &self.only {
                let offered: Vec<usize> = only.iter().filter_map(|name| store.accounts().position(name)).collect();
                self.matches.retain(|index| offered.contains(index));
            }
            self.filtered_for = Some(self.query.clone());
            self.selected = 0;
            self.scroll_to_selected = true;
        }
    }

    /// The vault changed under the picker: search the new list.
    pub fn vault_changed(&mut self) {
        self.filtered_for = None;
        self.index = SearchIndex::default();
    }

    /// The names of the accounts shown, in order.
    pub fn shown<'a>(&self, store: &'a Store) -> Vec<&'a str> {
        self.matches
            .iter()
            .filter_map(|&i| store.accounts().iter().nth(i).map(|a| a.name.as_str()))
            .collect()
    }

    /// The name of the account Enter copies now, if any.
    pub fn enter_copies<'a>(&self, store: &'a Store) -> Option<&'a str> {
        let &index = self.matches.get(self.selected)?;
        store.accounts().iter().nth(index).map(|a| a.name.as_str())
    }

    /// What a row says: the name, and its reading if it has one.
    fn row_label(store: &Store, index: usize) -> Option<String> {
        let account = store.accounts().iter().nth(index)?;
        Some(match &account.reading {
            Some(reading) => format!("{}（{reading}）", account.name),
            None => account.name.clone(),
        })
    }

    /// ↑ (`-1`) or ↓ (`+1`), stopping at the ends.
    pub fn move_selection(&mut self, step: isize) {
        if self.matches.is_empty() {
            return;
        }
        let last = self.matches.len() - 1;
        self.selected = self.selected.saturating_add_signed(step).min(last);
        self.scroll_to_selected = true;
    }

    /// Enter: copies the selected account's code. Returns whether the
    /// window may close now (`false`: waiting for the next code, or failed).
    pub fn copy_selected(&mut self, store: &Store, desktop: &mut dyn Desktop, now: Millis) -> bool {
        let Some(account) = self
            .matches
            .get(self.selected)
            .and_then(|&i| store.accounts().iter().nth(i))
        else {
            return false;
        };
        let code = account.code_at(now / 1000);
        let left_ms = (code.valid_until * 1000).saturating_sub(now);
        if left_ms < App::grace_seconds(account.period) * 1000 {
            self.copy = Some(PickCopy::Waiting {
                name: account.name.clone(),
                at: code.valid_until * 1000,
            });
            return false;
        }
        self.send(store, desktop, &account.name, &code)
    }

    /// Hands the code to the tray to copy; returns whether it did (a
    /// failure is kept for the window to say).
    fn send(&mut self, store: &Store, desktop: &mut dyn Desktop, name: &str, code: &Code) -> bool {
        match desktop.pick_code(store.path().main(), name, code.digits(), code.valid_until * 1000) {
            Ok(()) => true,
            Err(error) => {
                self.copy = Some(PickCopy::Failed(error));
                false
            }
        }
    }

    /// Carries out a copy that waited for the next code; returns whether it
    /// is done (and the window may close).
    pub fn tick(&mut self, store: &Store, desktop: &mut dyn Desktop, now: Millis) -> bool {
        let Some(PickCopy::Waiting { name, at }) = &self.copy else {
            return false;
        };
        if *at > now {
            return false;
        }
        let Some(account) = store.accounts().find(name) else {
            self.copy = Some(PickCopy::Failed(CopyError::Refused));
            return false;
        };
        let code = account.code_at(now / 1000);
        self.send(store, desktop, &account.name, &code)
    }
}

/// Draws the picker.
pub fn ui(
    form: &mut PickForm,
    ui: &mut egui::Ui,
    texts: Texts,
    store: &mut Store,
    desktop: &mut dyn Desktop,
    now: Millis,
) -> PickOutcome {
    if let Refresh::Changed { .. } = store.refresh_if_changed(now) {
        form.vault_changed();
    }
    let store: &Store = store;
    if form.tick(store, desktop, now) {
        return PickOutcome::Close;
    }
    if matches!(form.copy, Some(PickCopy::Waiting { .. })) {
        ui.ctx().request_repaint_after(super::show::ShowForm::next_repaint(now));
    } else {
        // The vault is looked at again once a second, as Show code does.
        ui.ctx().request_repaint_after(std::time::Duration::from_secs(1));
    }
    // The keys the list answers, taken before the search field sees them.
    let (up, down, enter, escape) = ui.input_mut(|i| {
        (
            i.consume_key(Modifiers::NONE, Key::ArrowUp),
            i.consume_key(Modifiers::NONE, Key::ArrowDown),
            i.consume_key(Modifiers::NONE, Key::Enter),
            i.consume_key(Modifiers::NONE, Key::Escape),
        )
    });
    if escape {
        return PickOutcome::Close;
    }

    let label = ui.label(texts.pick_search_label());
    let field = ui
        .add(
            TextEdit::singleline(&mut form.query)
                .hint_text(super::style::placeholder(texts.pick_search_hint()))
                .desired_width(ui.available_width()),
        )
        .labelled_by(label.id);
    super::widgets::edit_menu(&field, &mut form.query);
    if !form.focused_once {
        field.request_focus();
        form.focused_once = true;
    }
    form.refilter(store);
    if up {
        form.move_selection(-1);
    }
    if down {
        form.move_selection(1);
    }

    ui.add_space(4.0);
    let names = form.shown(store);
    let count = ui.label(RichText::new(texts.pick_count(names.len(), store.accounts().len())).small());
    widgets::announce(&count, egui::accesskit::Live::Polite);
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y + 4.0;
    let mut clicked = None;
    let scroll_to = form.scroll_to_selected.then_some(form.selected);
    form.scroll_to_selected = false;
    let rows_shown = names.len().clamp(1, VISIBLE_ROWS) as f32;
    ScrollArea::vertical()
        .min_scrolled_height(row_height * rows_shown)
        .max_height(row_height * VISIBLE_ROWS as f32)
        .auto_shrink([false, true])
        .show_rows(ui, row_height, names.len(), |ui, rows| {
            for row in rows {
                let Some(label) = form.matches.get(row).and_then(|&i| PickForm::row_label(store, i)) else {
                    continue;
                };
                let item = ui.add_sized(
                    [ui.available_width(), row_height - ui.spacing().item_spacing.y],
                    egui::Button::selectable(row == form.selected, label),
                );
                if scroll_to == Some(row) {
                    item.scroll_to_me(None);
                }
                if item.clicked() {
                    clicked = Some(row);
                }
            }
        });
    if names.is_empty() {
        ui.label(if store.accounts().is_empty() {
            texts.no_accounts()
        } else {
            texts.pick_no_match()
        });
    }
    if let Some(row) = clicked {
        form.selected = row;
    }
    if !form.query.trim().is_empty()
        && let Some(name) = form.enter_copies(store)
    {
        let line = ui.label(RichText::new(texts.pick_enter_copies(name)).strong());
        widgets::announce(&line, egui::accesskit::Live::Polite);
    }
    if (enter || clicked.is_some()) && form.copy_selected(store, desktop, now) {
        return PickOutcome::Close;
    }
    match &form.copy {
        Some(PickCopy::Waiting { at, .. }) => {
            let line = ui.label(RichText::new(texts.copying_next(at.saturating_sub(now).div_ceil(1000))).small());
            widgets::announce(&line, egui::accesskit::Live::Polite);
        }
        Some(PickCopy::Failed(_)) => widgets::error_line(ui, &texts.copy_failed()),
        None => {}
    }
    PickOutcome::Stay
}
