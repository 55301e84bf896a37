//! What only the current user can open: lock files (the vault's and the
//! control channel's) that are private (0600 / a user-only ACL) and never
//! opened through a link; on Windows also the user's SID and the user-only
//! security descriptor the control channel's pipe is created with.
//!
//! Here, below `platform`, because the vault's own lock needs it and the
//! vault must not import the shell's adapters. One file per OS.

#[cfg(unix)]
mod unix;
#[cfg(windows)]
mod windows;

#[cfg(unix)]
pub use unix::open_lock;
#[cfg(windows)]
pub(crate) use windows::UserSid;
#[cfg(windows)]
pub use windows::{UserOnlyDescriptor, open_lock, wide};
