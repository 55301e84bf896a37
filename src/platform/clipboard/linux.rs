//! X11: the owner of the `CLIPBOARD` selection as the mark, clipboard managers told to keep no
//! history.

use super::Mark;

/// The window owning the `CLIPBOARD` selection.
pub fn current_mark() -> Option<Mark> {
    use x11rb::connection::Connection as _;
    use x11rb::protocol::xproto::ConnectionExt as _;
    let (connection, _) = x11rb::connect(None).ok()?;
    let atom = connection.intern_atom(false, b"CLIPBOARD").ok()?.reply().ok()?.atom;
    let owner = connection.get_selection_owner(atom).ok()?.reply().ok()?.owner;
    let _ = connection.flush();
    (owner != x11rb::NONE).then_some(Mark(owner))
}

/// Out of clipboard managers' history.
pub fn kept_out_of_history(set: arboard::Set<'_>) -> arboard::Set<'_> {
    use arboard::SetExtLinux;
    set.exclude_from_history()
}

/// Another program copies `text`: xclip (a clipboard of this process
/// would share our X window).
#[cfg(test)]
pub fn copy_in_another_program(text: &str) {
    use std::io::Write;
    use std::time::{Duration, Instant};
    let before = current_mark();
    let mut xclip = std::process::Command::new("xclip")
        .args(["-selection", "clipboard", "-i"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("xclip (package xclip) runs");
    xclip
        .stdin
        .take()
        .expect("stdin")
        .write_all(text.as_bytes())
        .expect("write to xclip");
    assert!(xclip.wait().expect("xclip ends").success());
    // xclip serves the selection from a background process of its
    // own, which takes the selection a moment after this one ends.
    let deadline = Instant::now() + Duration::from_secs(5);
    while (current_mark().is_none() || current_mark() == before) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
}
