//! Unix: a child has no console to keep it from; the GUI program takes this process's place with
//! `exec`.

use std::process::Command;

/// A Unix child has no console to be kept from.
pub fn detach(_command: &mut Command) {}

pub fn detach_without_window(_command: &mut Command) {}

/// `exec`: `command` takes this process's place; returns only on failure.
pub fn hand_over(command: &mut Command) -> std::io::Error {
    use std::os::unix::process::CommandExt;
    command.exec()
}
