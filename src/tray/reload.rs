//! Debouncing `Reload` requests. Every change a command or a form makes
//! sends one, and reading a passphrase vault runs its KDF (Argon2id at
//! 64 MiB): the reads happen on a worker thread, at most one at a time, and
//! all the requests that arrive while one runs are answered by a single
//! next read (it starts after theirs, so it sees their changes).

use crate::domain::AccountList;
use crate::platform::control::Incoming;
use crate::vault::VaultError;

/// How the worker hands its result and its requests back to the loop.
pub type Report = std::sync::Arc<dyn Fn(Result<AccountList, VaultError>, Vec<Incoming>) + Send + Sync>;

/// The requests of the read under way, and those waiting for the next.
/// Generic so that the rule can be tested without connections.
pub struct Batches<T> {
    running: bool,
    waiting: Vec<T>,
}

pub type Reloads = Batches<Incoming>;

impl<T> Default for Batches<T> {
    fn default() -> Self {
        Self {
            running: false,
            waiting: Vec::new(),
        }
    }
}

impl<T> Batches<T> {
    /// A request came in: returns the batch to read for now, or `None`
    /// when a read runs already (the request waits for the next one).
    pub fn request(&mut self, request: T) -> Option<Vec<T>> {
        self.waiting.push(request);
        if self.running {
            return None;
        }
        self.running = true;
        Some(std::mem::take(&mut self.waiting))
    }

    /// The read finished: returns the next batch, if requests waited.
    pub fn finished(&mut self) -> Option<Vec<T>> {
        if self.waiting.is_empty() {
            self.running = false;
            return None;
        }
        Some(std::mem::take(&mut self.waiting))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_of_requests_costs_two_reads() {
        let mut batches = Batches::default();
        let mut reads = Vec::new();
        reads.push(batches.request(0).expect("the first request starts a read"));
        for request in 1..10 {
            assert_eq!(batches.request(request), None, "a second read started beside the first");
        }
        while let Some(batch) = batches.finished() {
            reads.push(batch);
        }
        assert_eq!(reads, vec![vec![0], (1..10).collect::<Vec<_>>()]);
        assert!(batches.request(10).is_some(), "idle again: a new request reads at once");
    }
}
