//! The forms' sentences about an account's reading (よみ／ふりがな): the
//! optional field in Add (under "Advanced") and in Manage accounts, and the
//! picker's line naming the account Enter copies.

use crate::domain::account::{MAX_NAME_CHARS, ReadingError};

use super::Texts;

impl Texts {
    pub fn yomi_label(self) -> &'static str {
        self.pick("Reading (optional)", "よみ（任意）")
    }

    pub fn yomi_hint(self) -> &'static str {
        self.pick("e.g. mitsubishi taro", "例：みつびし たろう")
    }

    pub fn yomi_error(self, error: &ReadingError) -> String {
        match error {
            ReadingError::ControlCharacter { position } => self.pick(
                format!("The reading has a control character at position {position}: use printable characters only."),
                format!("よみの {position} 文字目に制御文字があります。表示できる文字だけを使ってください。"),
            ),
            ReadingError::TooLong { chars } => self.pick(
                format!("The reading is {chars} characters long: use at most {MAX_NAME_CHARS}."),
                format!("よみが {chars} 文字あります。{MAX_NAME_CHARS} 文字以内にしてください。"),
            ),
        }
    }

    /// Under the picker's list: which account Enter copies.
    pub fn pick_enter_copies(self, name: &str) -> String {
        self.pick(
            format!("Enter copies the code of '{name}'."),
            format!("Enter で「{name}」のコードをコピーします。"),
        )
    }
}
