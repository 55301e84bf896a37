//! Neither Windows nor X11 (Wayland has no hotkey): no window to type into.

use std::time::Duration;

use super::{Focused, Target};
use crate::app::{DeliverOutcome, Delivery};
use crate::settings::Hotkey;

pub fn focused() -> Option<Focused> {
    None
}

pub fn deliver(
    target: Option<Target>,
    code: &str,
    how: Delivery,
    hotkey: Option<&Hotkey>,
    wait: Duration,
) -> DeliverOutcome {
    let _ = (target, code, how, hotkey, wait);
    DeliverOutcome::Failed("no X11 display".into())
}
