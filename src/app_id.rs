//! The names by which Windows knows trayotp, shared with the installer.
//!
//! `installer/trayotp.nsi` must use the very same strings (a shortcut whose
//! AppUserModelID differs from the running process's splits the taskbar
//! button and orphans notifications; a "start at login" value under another
//! name is one the tray cannot untick). `scripts/build-windows-release.sh`
//! reads them from this file and hands them to `makensis`, so they are
//! written only here.

/// The AppUserModelID: set on the Start-menu shortcut by the installer, and
/// to be set on the tray process (`SetCurrentProcessExplicitAppUserModelID`)
/// so that Windows attributes its notifications to that shortcut.
pub const APP_USER_MODEL_ID: &str = "trayotp.trayotp";

/// The value under `HKCU\Software\Microsoft\Windows\CurrentVersion\Run` that
/// starts trayotp at login; the installer's finish page writes it as
/// `"<install dir>\trayotp.exe" --background`.
pub const RUN_VALUE_NAME: &str = "trayotp";

#[cfg(test)]
mod tests {
    #[test]
    fn installer_script_gets_the_constants_from_here() {
        let script = include_str!("../installer/trayotp.nsi");
        for name in ["APP_USER_MODEL_ID", "RUN_VALUE_NAME"] {
            assert!(
                script.contains(&format!("${{{name}}}")),
                "trayotp.nsi does not use ${{{name}}}"
            );
        }
        let build = include_str!("../scripts/build-windows-release.sh");
        assert!(
            build.contains("src/app_id.rs"),
            "the build script does not read src/app_id.rs"
        );
    }
}
