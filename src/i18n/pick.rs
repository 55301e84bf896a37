//! "Find account" (アカウントを検索, `gui::pick`), the quick picker: its
//! search field and its count. The line naming the account Enter copies is
//! in `reading`, beside the other sentences about readings.

use super::Texts;

impl Texts {
    pub fn pick_search_label(self) -> &'static str {
        self.pick(
            "Search (↑↓ choose, Enter copies the code, Esc closes)",
            "検索（↑↓ で選択、Enter でコードをコピー、Esc で閉じる）",
        )
    }

    pub fn pick_search_hint(self) -> &'static str {
        self.pick("Display name or service", "表示名またはサービス名")
    }

    /// "3 of 1000 accounts".
    pub fn pick_count(self, shown: usize, total: usize) -> String {
        self.pick(
            format!("{shown} of {total} account{}", if total == 1 { "" } else { "s" }),
            format!("{total} 件中 {shown} 件"),
        )
    }

    pub fn pick_no_match(self) -> &'static str {
        self.pick("No account matches.", "一致するアカウントはありません。")
    }
}
