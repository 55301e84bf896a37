//! Linux: logind's `PrepareForSleep` on the system bus.

/// Connects on a thread of its own (the system bus may be slow or
/// absent: start-up never waits for it), then blocks on the signals.
pub fn watch(on_resume: Box<dyn Fn() + Send + Sync>) -> Result<(), String> {
    std::thread::Builder::new()
        .name("resume".into())
        .spawn(move || {
            if let Err(why) = listen(&*on_resume) {
                crate::platform::sntp::debug_log(&format!("no news of resume from sleep: {why}"));
            }
        })
        .map(|_| ())
        .map_err(|e| format!("cannot start a thread ({e})"))
}

fn listen(on_resume: &dyn Fn()) -> Result<(), String> {
    let connection = zbus::blocking::Connection::system().map_err(|e| format!("no system bus ({e})"))?;
    let proxy = zbus::blocking::Proxy::new(
        &connection,
        "org.freedesktop.login1",
        "/org/freedesktop/login1",
        "org.freedesktop.login1.Manager",
    )
    .map_err(|e| format!("no logind ({e})"))?;
    let signals = proxy
        .receive_signal("PrepareForSleep")
        .map_err(|e| format!("cannot watch logind ({e})"))?;
    for message in signals {
        // `PrepareForSleep(true)` before sleeping, `(false)` after.
        if let Ok(false) = message.body().deserialize::<bool>() {
            on_resume();
        }
    }
    Ok(())
}
