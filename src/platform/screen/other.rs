use super::WorkArea;

/// Neither Windows nor X11: nothing to ask.
pub fn work_area() -> Option<WorkArea> {
    None
}
