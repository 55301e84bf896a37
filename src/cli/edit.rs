//! `trayotp edit NAME --reading READING`: where an account's properties
//! are changed (its display name has `trayotp rename`). Each flag changes
//! one property; properties not given stay as they are; a running tray is
//! told to show the change.

use super::args::EditArgs;
use super::{CliError, Session, texts};

pub(super) fn run(session: &Session, args: EditArgs) -> Result<(), CliError> {
    let Some(reading) = args.reading else {
        return Err(CliError::NothingToEdit);
    };
    let (name, reading) = session.modify(|accounts| {
        let account = accounts.set_reading(&args.name, &reading)?;
        Ok((account.name.clone(), account.reading.clone()))
    })?;
    println!("{}", texts::texts().cli_reading_set(&name, reading.as_deref()));
    Ok(())
}
