//! Every task `x402-node run` spawns, by name, and the one token that stops them.
//!
//! `run` creates [`Tasks`]; each part of the node receives [`Tasks::token`] (or a task spawned
//! here observes it) and stops when it is cancelled. [`Tasks::join`] then waits for every task
//! up to a deadline and names the ones that did not stop in time.

use std::collections::HashMap;
use std::future::Future;
use std::time::Duration;

use tokio::task::{Id, JoinHandle, JoinSet};
use tokio_util::sync::CancellationToken;

/// The node's tasks and its shutdown token (`Default`: none yet, a fresh token).
#[derive(Default)]
pub struct Tasks {
    token: CancellationToken,
    set: JoinSet<()>,
    names: HashMap<Id, &'static str>,
}

impl Tasks {
    /// The shutdown token every part of the node observes.
    pub fn token(&self) -> CancellationToken {
        self.token.clone()
    }

    /// Spawns `task` under `name`; it must end once the token is cancelled.
    pub fn spawn(&mut self, name: &'static str, task: impl Future<Output = ()> + Send + 'static) {
        let handle = self.set.spawn(task);
        self.names.insert(handle.id(), name);
    }

    /// Keeps the handle of a task a library spawned (it, too, ends once the token is cancelled).
    pub fn adopt<T: Send + 'static>(&mut self, name: &'static str, handle: JoinHandle<T>) {
        self.spawn(name, async move {
            if let Err(e) = handle.await {
                tracing::error!(task = name, error = %e, "task failed");
            }
        });
    }

    /// Cancels the token and waits up to `deadline` for every task; returns the names of those
    /// still running then (logged; they are dropped with the runtime).
    pub async fn join(mut self, deadline: Duration) -> Vec<&'static str> {
        self.token.cancel();
        let end = tokio::time::Instant::now() + deadline;
        loop {
            match tokio::time::timeout_at(end, self.set.join_next_with_id()).await {
                Ok(None) => return Vec::new(),
                Ok(Some(Ok((id, ())))) => {
                    let name = self.names.remove(&id).unwrap_or("?");
                    tracing::debug!(task = name, "stopped");
                }
                Ok(Some(Err(e))) => {
                    let name = self.names.remove(&e.id()).unwrap_or("?");
                    tracing::error!(task = name, error = %e, "task failed");
                }
                Err(_) => {
                    let mut late: Vec<&'static str> = self.names.values().copied().collect();
                    late.sort_unstable();
                    tracing::warn!(tasks = ?late, "tasks did not stop within {deadline:?}");
                    return late;
                }
            }
        }
    }
}
