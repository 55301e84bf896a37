//! Linux: `PR_SET_DUMPABLE` off.

pub fn process() {
    let _ = rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable);
}

pub fn exclude_from_capture(_hwnd: isize) -> bool {
    false
}

#[cfg(test)]
mod tests {
    #[test]
    fn linux_process_is_not_dumpable() {
        super::super::process();
        assert_eq!(
            rustix::process::dumpable_behavior().expect("prctl"),
            rustix::process::DumpableBehavior::NotDumpable
        );
    }
}
