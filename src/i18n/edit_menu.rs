//! The words of a text field's right-click menu (切り取り / コピー /
//! 貼り付け / すべて選択), as Windows' own text boxes say them (`gui::widgets`).

use super::Texts;

impl Texts {
    pub fn menu_cut(self) -> &'static str {
        self.pick("Cut", "切り取り")
    }

    pub fn menu_copy(self) -> &'static str {
        self.pick("Copy", "コピー")
    }

    pub fn menu_paste(self) -> &'static str {
        self.pick("Paste", "貼り付け")
    }

    pub fn menu_select_all(self) -> &'static str {
        self.pick("Select all", "すべて選択")
    }
}
