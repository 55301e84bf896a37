//! Starting a form's window (from the tray, or from a form): `trayotp --vault <vault>
//! --config <settings> window <form>`, a child process the tray never waits for, so a window (or a file
//! picker inside it) can never freeze the tray's menu. A watcher thread
//! reaps the child when it ends and reports a failed start to the tray,
//! which says so in a toast.
//!
//! Opening a form that is already open is the child's business: it finds
//! the open one through its control endpoint and brings it to the front
//! (see `gui::single`).

use std::io;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;

use crate::choices::Form;

/// Starts the window for `form` on `vault` and the tray's `settings` file.
/// `on_failure` is called (on a watcher thread) if the process ends
/// unsuccessfully.
pub fn open(vault: &Path, settings: &Path, form: Form, on_failure: Arc<dyn Fn() + Send + Sync>) -> io::Result<()> {
    open_with(vault, settings, form, None, on_failure)
}

/// [`open`], with `trayotp window`'s NAME argument (the account Show code
/// starts with, as "Show code" from "Manage accounts" opens it; for the
/// picker, the only accounts offered, one per line).
pub fn open_with(
    vault: &Path,
    settings: &Path,
    form: Form,
    name: Option<&str>,
    on_failure: Arc<dyn Fn() + Send + Sync>,
) -> io::Result<()> {
    let exe = std::env::current_exe()?;
    let mut command = Command::new(exe);
    command
        .arg("--vault")
        .arg(vault)
        .arg("--config")
        .arg(settings)
        .args(["window", form.arg()]);
    if let Some(name) = name {
        // After `--`: a name starting with "-" is still a name.
        command.arg("--").arg(name);
    }
    command.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
    // The form asks for a passphrase itself: the tray's stays in the tray.
    crate::secret_env::keep_from_child(&mut command);
    // No console of its own, and not attached to one the tray may have.
    crate::platform::process::detach(&mut command);
    let mut child = command.spawn()?;
    std::thread::Builder::new()
        .name("trayotp-form-watcher".into())
        .spawn(move || {
            if !child.wait().is_ok_and(|status| status.success()) {
                on_failure();
            }
        })?;
    Ok(())
}
