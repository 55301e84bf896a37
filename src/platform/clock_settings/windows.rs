//! Windows: `ms-settings:dateandtime` through the shell.

pub fn open() -> Result<(), String> {
    crate::platform::open::shell_open("ms-settings:dateandtime".as_ref())
        .map_err(|error| format!("the date & time settings could not be opened (error {error})"))
}
