//! What the tray's event loop needs from the desktop that differs by OS:
//! whether the session can host a tray at all, what must be set up before
//! the loop is built (GTK's application kept off the session bus on Linux),
//! the foreground lock a second start (or a form's second window, or the
//! picker) hands over, and the menu popped up
//! at the pointer (Windows). `tray/` calls these and carries no `cfg` of
//! its own. One file per OS.

#[cfg(target_os = "linux")]
mod linux;
#[cfg(windows)]
mod windows;

#[cfg(target_os = "linux")]
pub use linux::{allow_others_to_take_focus, before_event_loop, check_session, pop_up_menu};
#[cfg(windows)]
pub use windows::{allow_others_to_take_focus, before_event_loop, check_session, pop_up_menu};
