//! The pure core of trayotp: accounts, setup-number parsing and code
//! generation. Nothing in here touches the file system, the clock or the
//! screen, so every rule the product follows can be tested in isolation.
//!
//! (`design.md` calls this layer "core"; it is `domain` here because a module
//! named `core` would shadow Rust's own `core` crate.)

pub mod account;
pub mod auto_backup;
pub mod backup_passphrase;
pub mod check;
pub mod clock;
pub mod merge;
pub mod otp;
pub mod reading;
pub mod reminder;
pub mod search;
pub mod secret;
pub mod setup_key;
pub mod vault_passphrase;
pub mod window_rule;

pub use account::{Account, AccountList, NameError};
pub use merge::{MergeOutcome, OnConflict};
pub use otp::{Algorithm, Code, OtpParams};
pub use reading::Encoding;
pub use secret::SecretKey;
pub use setup_key::{ParsedSetupKey, SetupKeyError, SetupKeyWarning, SetupNumber};
