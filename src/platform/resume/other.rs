//! Neither Windows nor Linux: no news of a resume.

pub fn watch(_on_resume: Box<dyn Fn() + Send + Sync>) -> Result<(), String> {
    Err("not supported on this system".into())
}
