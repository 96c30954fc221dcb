//! The facilitator's lifecycle in a node: start (retrying until the chain answers), background
//! reconciliation of pending settlements, and a graceful stop, all on one shutdown token.

use std::sync::Arc;
use std::time::Duration;

use alloy::signers::local::PrivateKeySigner;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::{Facilitator, FacilitatorConfig};

/// First pause between failed starts; it doubles up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_secs(1);
/// Longest pause between failed starts.
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// A facilitator started in the background: [`FacilitatorService::ready`] yields it once the
/// chain answered and the settlements a previous run left pending are decided;
/// [`FacilitatorService::join`] waits for it to stop after the shutdown token was cancelled.
#[derive(Debug)]
pub struct FacilitatorService {
    ready: watch::Receiver<Option<Arc<Facilitator>>>,
    task: JoinHandle<()>,
}

impl FacilitatorService {
    /// Starts the facilitator with `key`, its settlements in `tree`, retrying with backoff until
    /// the chain answers. When `shutdown` is cancelled the start is abandoned (nothing is
    /// recorded before a settlement exists), or the running facilitator stops: its queue sends
    /// what is already queued, the reconciler stops between passes.
    pub fn spawn(
        config: FacilitatorConfig,
        key: PrivateKeySigner,
        tree: sled::Tree,
        shutdown: CancellationToken,
    ) -> FacilitatorService {
        let (ready_tx, ready) = watch::channel(None);
        let task = tokio::spawn(async move {
            let mut backoff = FIRST_BACKOFF;
            let facilitator = loop {
                let start =
                    Facilitator::start(config.clone(), key.clone(), tree.clone(), shutdown.clone());
                match shutdown.run_until_cancelled(start).await {
                    None => return,
                    Some(Ok(f)) => break f,
                    Some(Err(e)) => {
                        tracing::warn!(error = %e, "facilitator not started; retrying");
                        if shutdown
                            .run_until_cancelled(tokio::time::sleep(backoff))
                            .await
                            .is_none()
                        {
                            return;
                        }
                        backoff = (backoff * 2).min(MAX_BACKOFF);
                    }
                }
            };
            ready_tx.send_replace(Some(facilitator.clone()));
            shutdown.cancelled().await;
            facilitator.stopped().await;
            tracing::info!("facilitator stopped");
        });
        FacilitatorService { ready, task }
    }

    /// The facilitator once started; `None` if it stopped first (shutdown).
    pub async fn ready(&mut self) -> Option<Arc<Facilitator>> {
        match self.ready.wait_for(Option::is_some).await {
            Ok(f) => f.clone(),
            Err(_) => None,
        }
    }

    /// Waits until the facilitator has stopped (its shutdown token was cancelled).
    pub async fn join(self) {
        if let Err(e) = self.task.await {
            tracing::error!(error = %e, "the facilitator task failed");
        }
    }
}
