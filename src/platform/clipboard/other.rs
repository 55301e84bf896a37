//! Neither Windows nor X11: no mark, so a code is never cleared as "still ours".

use super::Mark;

/// Unknown: "still ours" is never claimed.
pub fn current_mark() -> Option<Mark> {
    None
}

pub fn kept_out_of_history(set: arboard::Set<'_>) -> arboard::Set<'_> {
    set
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
