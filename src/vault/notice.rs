//! What became of the account a window shows when the vault changed
//! elsewhere (another window, a command): a plain value, so that the texts
//! (`crate::i18n`), below the forms, can word it.

/// A line about a change made to the vault elsewhere, under the account a
/// window shows (Show code follows it through `gui::store::Store::refresh_if_changed`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VaultNotice {
    /// The account on show was deleted.
    Removed(String),
    /// The account on show was renamed: `from` is now `to`.
    Renamed { from: String, to: String },
}
