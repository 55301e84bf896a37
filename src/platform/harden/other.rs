//! Neither Windows nor Linux: no step to take.

pub fn process() {}

pub fn exclude_from_capture(_hwnd: isize) -> bool {
    false
}
