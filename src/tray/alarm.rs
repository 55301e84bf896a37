//! The tray's one timer, on a thread of its own.
//!
//! tao's Linux event loop blocks in `gtk::main_iteration_do(true)` without
//! arming a GLib timeout for `ControlFlow::WaitUntil`, so a deadline alone
//! never wakes it. This thread sleeps until the deadline and then wakes the
//! loop with a user event, the same way on every platform. With no deadline
//! it blocks on its channel: an idle tray has no timer running.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Instant;

pub struct Alarm {
    deadlines: mpsc::Sender<Option<Instant>>,
}

impl Alarm {
    /// Starts the thread; `ring` is called on it when a deadline passes.
    pub fn spawn(ring: impl Fn() + Send + 'static) -> std::io::Result<Self> {
        let (deadlines, receiver) = mpsc::channel::<Option<Instant>>();
        std::thread::Builder::new()
            .name("trayotp-alarm".into())
            .spawn(move || {
                let mut deadline: Option<Instant> = None;
                loop {
                    let next = match deadline {
                        None => receiver.recv().map_err(|_| RecvTimeoutError::Disconnected),
                        Some(at) => receiver.recv_timeout(at.saturating_duration_since(Instant::now())),
                    };
                    match next {
                        Ok(new_deadline) => deadline = new_deadline,
                        Err(RecvTimeoutError::Timeout) => {
                            deadline = None;
                            ring();
                        }
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
            })?;
        Ok(Self { deadlines })
    }

    /// Replaces the deadline (`None`: no alarm).
    pub fn set(&self, deadline: Option<Instant>) {
        let _ = self.deadlines.send(deadline);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::channel;
    use std::time::Duration;

    #[test]
    fn rings_once_at_the_deadline_and_not_when_cancelled() {
        let (rang, rings) = channel();
        let alarm = Alarm::spawn(move || {
            let _ = rang.send(Instant::now());
        })
        .expect("thread");
        let at = Instant::now() + Duration::from_millis(50);
        alarm.set(Some(at));
        let when = rings.recv_timeout(Duration::from_secs(10)).expect("rings");
        assert!(when >= at);
        assert!(
            rings.recv_timeout(Duration::from_millis(200)).is_err(),
            "rings only once"
        );

        alarm.set(Some(Instant::now() + Duration::from_millis(50)));
        alarm.set(None);
        assert!(
            rings.recv_timeout(Duration::from_millis(300)).is_err(),
            "a cancelled alarm stays silent"
        );
    }
}
