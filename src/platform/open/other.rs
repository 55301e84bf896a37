//! Elsewhere than Windows (Linux): `xdg-open`.

use std::path::Path;

/// Hands `path` to `xdg-open`, reaped on a thread of its own.
pub fn open(path: &Path) -> Result<(), String> {
    let mut child = std::process::Command::new("xdg-open")
        .arg(path)
        .stdin(std::process::Stdio::null())
        .spawn()
        .map_err(|error| format!("xdg-open could not be started for {}: {error}", path.display()))?;
    let _ = std::thread::Builder::new()
        .name("xdg-open".into())
        .spawn(move || child.wait());
    Ok(())
}
