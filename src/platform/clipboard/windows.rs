//! Windows: the clipboard's sequence number as the mark, and the formats that keep a copy out of
//! history, the cloud and monitors.

use super::Mark;

/// The clipboard's sequence number.
pub fn current_mark() -> Option<Mark> {
    // SAFETY: no arguments; 0 means "no access", treated as unknown.
    let sequence = unsafe { windows_sys::Win32::System::DataExchange::GetClipboardSequenceNumber() };
    (sequence != 0).then_some(Mark(sequence))
}

/// Out of clipboard history, the cloud clipboard and clipboard monitors.
pub fn kept_out_of_history(set: arboard::Set<'_>) -> arboard::Set<'_> {
    use arboard::SetExtWindows;
    set.exclude_from_history()
        .exclude_from_cloud()
        .exclude_from_monitoring()
}

/// Another program copies `text`: a second clipboard.
#[cfg(test)]
pub fn copy_in_another_program(text: &str) {
    super::SystemClipboard::new()
        .expect("a second clipboard")
        .inner
        .set_text(text)
        .expect("the other program copies");
}

#[cfg(test)]
mod tests {
    use super::super::*;

    /// The copy carries the formats that keep it out of clipboard history,
    /// the cloud clipboard and third-party clipboard monitors.
    #[test]
    fn real_clipboard_is_excluded_from_history_cloud_and_monitors() {
        let _turn = test_turn();
        use windows_sys::Win32::System::DataExchange::{IsClipboardFormatAvailable, RegisterClipboardFormatW};
        let mut clipboard = SystemClipboard::new().expect("a clipboard");
        clipboard.set_secret_text("171717").expect("set");
        for format in [
            "ExcludeClipboardContentFromMonitorProcessing",
            "CanIncludeInClipboardHistory",
            "CanUploadToCloudClipboard",
        ] {
            let name: Vec<u16> = format.encode_utf16().chain(Some(0)).collect();
            // SAFETY: a NUL-terminated name; the format id is only compared.
            let available = unsafe { IsClipboardFormatAvailable(RegisterClipboardFormatW(name.as_ptr())) };
            assert_ne!(available, 0, "{format} is missing");
        }
        clipboard.clear().expect("clean up");
    }
}
