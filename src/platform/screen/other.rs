//! Neither Windows nor X11: no work area to ask for.

use super::WorkArea;

/// Neither Windows nor X11: nothing to ask.
pub fn work_area() -> Option<WorkArea> {
    None
}
