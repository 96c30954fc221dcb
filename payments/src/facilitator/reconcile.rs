//! Resolving settlements from the chain, at start and in the background, and redemption of a
//! payment that settled but was not served.
//!
//! At start every `pending` record is decided (the previous run is gone). In the background the
//! reconciler follows what the chain still has to tell: a settlement whose receipt was not seen
//! within the receipt timeout, and a failed broadcast that kept its hash. It skips what a live
//! request owns: a claim without a hash (a settle-after handler is running) until it is stale,
//! and a hash younger than the receipt timeout. A late receipt makes the record `settled` with
//! `served = false`: the payer presents the same payment again and is served once
//! ([`Facilitator::redemption`], [`Facilitator::redeem`]).

use std::sync::Weak;
use std::time::Duration;

use alloy::primitives::{Address, B256, U256};
use alloy::providers::Provider;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use super::{Facilitator, FacilitatorError, chain_err, payment_id};
use crate::reasons as r;
use crate::schemes::{Reject, exact, tempo_tip20};
use crate::store::{Record, State, now_ms};
use crate::types::{FacilitatorRequest, SettleResponse};

/// A claim without a transaction hash older than this is abandoned (its request is gone).
const STALE_CLAIM: Duration = Duration::from_secs(600);
/// A transaction the chain does not know, recorded this long ago, was dropped.
const DROPPED_AFTER: Duration = Duration::from_secs(60);

/// Starts the background reconciler on `tasks`: one pass every `every` while the facilitator
/// lives, until `shutdown` is cancelled (between passes: a pass's records are each written
/// whole, and what a cut pass left is picked up by the next run).
pub(super) fn spawn(
    facilitator: Weak<Facilitator>,
    every: Duration,
    tasks: &TaskTracker,
    shutdown: CancellationToken,
) {
    tasks.spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = shutdown.cancelled() => break,
                _ = tick.tick() => {}
            }
            let Some(f) = facilitator.upgrade() else {
                break;
            };
            if let Err(e) = f.reconcile_unresolved().await {
                tracing::warn!(error = %e, "settlement reconciler");
            }
        }
    });
}

/// What the chain says about an unresolved settlement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Settled,
    Reverted,
    NeverMined,
}

/// What a payment presented again is (see [`Facilitator::redemption`]).
#[derive(Debug)]
pub enum Redemption {
    /// Not a settled-but-unserved payment: verify and settle it as usual.
    Fresh,
    /// Settled and never served: serve it once after [`Facilitator::redeem`].
    Redeemable(Box<Record>),
    /// Refused with a precise reason (already redeemed, or paid for something else).
    Refused(Reject, Address),
}

impl Facilitator {
    /// Resolves settlements left pending (crash between claim and outcome) from the chain:
    /// a receipt, else the Permit2 nonce bitmap, decides whether the funds moved.
    pub async fn reconcile(&self) -> Result<usize, FacilitatorError> {
        let pending = self.store.pending()?;
        let mut resolved = 0;
        for mut rec in pending {
            let receipt = match rec
                .transaction
                .as_deref()
                .and_then(|t| t.parse::<B256>().ok())
            {
                Some(h) => self
                    .chain
                    .provider
                    .get_transaction_receipt(h)
                    .await
                    .map_err(chain_err)?
                    .map(|r| r.status()),
                None => None,
            };
            let moved = match receipt {
                Some(status) => status,
                // No on-chain nonce to consult: the hash is recorded before broadcast, so
                // without one nothing was sent; with one, the chain knows the transaction or not.
                // (A legacy nonce stays claimed either way.)
                None if rec.scheme == tempo_tip20::SCHEME => match rec.transaction.as_deref() {
                    None => false,
                    Some(t) => self.legacy_outcome(t).await?,
                },
                None => {
                    let (Ok(owner), Ok(nonce)) =
                        (rec.payer.parse::<Address>(), rec.nonce.parse::<U256>())
                    else {
                        continue;
                    };
                    self.nonce_used(owner, nonce)
                        .await
                        .map_err(FacilitatorError::Chain)?
                }
            };
            rec.state = if moved { State::Settled } else { State::Failed };
            if !moved {
                rec.error = Some("not settled before a restart".into());
            }
            tracing::info!(id = %rec.id, state = ?rec.state, "reconciled a pending settlement");
            self.store.put(&rec).await?;
            resolved += 1;
        }
        Ok(resolved)
    }
    /// Whether a legacy settlement `tx` without a receipt moved funds: a transaction the chain
    /// does not know was never broadcast; a known one is waited for.
    async fn legacy_outcome(&self, tx: &str) -> Result<bool, FacilitatorError> {
        let Ok(hash) = tx.parse::<B256>() else {
            return Ok(false);
        };
        let known = self
            .chain
            .provider
            .get_transaction_by_hash(hash)
            .await
            .map_err(chain_err)?;
        Ok(match known {
            None => false,
            Some(_) => self.wait_receipt(hash).await.unwrap_or(false),
        })
    }

    /// One pass of the background reconciler; returns how many records it resolved.
    pub async fn reconcile_unresolved(&self) -> Result<usize, FacilitatorError> {
        let now = now_ms();
        let mut resolved = 0;
        for rec in self.store.unresolved()? {
            let Some(outcome) = self.outcome(&rec, now).await? else {
                continue;
            };
            // Only if nobody changed the record meanwhile (a retry, a replacement hash).
            let changed = self
                .store
                .update(&rec.id, |cur| {
                    if (cur.state, &cur.transaction, &cur.error)
                        != (rec.state, &rec.transaction, &rec.error)
                    {
                        return false;
                    }
                    match outcome {
                        Outcome::Settled => {
                            cur.state = State::Settled;
                            cur.error = None;
                        }
                        Outcome::Reverted => {
                            cur.state = State::Failed;
                            cur.error = Some("reverted".into());
                        }
                        Outcome::NeverMined => {
                            cur.state = State::Failed;
                            cur.error = Some("never mined".into());
                        }
                    }
                    true
                })
                .await?;
            if let Some(r) = changed {
                tracing::info!(id = %r.id, state = ?r.state, tx = ?r.transaction, "reconciled a settlement");
                resolved += 1;
            }
        }
        Ok(resolved)
    }

    /// The outcome of an unresolved record, or `None` while a live request owns it or the chain
    /// has not decided yet.
    async fn outcome(&self, rec: &Record, now: u64) -> Result<Option<Outcome>, FacilitatorError> {
        let age = |ms: u64| Duration::from_millis(now.saturating_sub(ms));
        let legacy = rec.scheme == tempo_tip20::SCHEME;
        let Some(hash) = rec
            .transaction
            .as_deref()
            .and_then(|t| t.parse::<B256>().ok())
        else {
            // No hash: never broadcast. Young claims belong to a running request.
            if age(rec.created_ms) < STALE_CLAIM {
                return Ok(None);
            }
            return Ok(Some(if !legacy && self.permit2_nonce_used(rec).await? {
                Outcome::Settled
            } else {
                Outcome::NeverMined
            }));
        };
        if rec.state == State::Pending
            && age(rec.updated_ms) < self.receipt_timeout + Duration::from_secs(2)
        {
            return Ok(None);
        }
        let p = &self.chain.provider;
        if let Some(receipt) = p.get_transaction_receipt(hash).await.map_err(chain_err)? {
            return Ok(Some(if receipt.status() {
                Outcome::Settled
            } else {
                Outcome::Reverted
            }));
        }
        if self.sender.tracks(hash)
            || p.get_transaction_by_hash(hash)
                .await
                .map_err(chain_err)?
                .is_some()
            || age(rec.updated_ms) < DROPPED_AFTER
        {
            return Ok(None);
        }
        // Dropped. The Permit2 nonce tells whether the payment moved anyway.
        Ok(Some(if !legacy && self.permit2_nonce_used(rec).await? {
            Outcome::Settled
        } else {
            Outcome::NeverMined
        }))
    }

    async fn permit2_nonce_used(&self, rec: &Record) -> Result<bool, FacilitatorError> {
        let (Ok(owner), Ok(nonce)) = (rec.payer.parse::<Address>(), rec.nonce.parse::<U256>())
        else {
            return Ok(false);
        };
        self.nonce_used(owner, nonce)
            .await
            .map_err(FacilitatorError::Chain)
    }

    /// Whether `req` is a payment that settled but was never served, presented again for
    /// `resource`. Only the signed payment redeems (its signature is checked; its time window
    /// is not: it settled already), only for what it paid: the same resource, recipient and
    /// asset, at least the price.
    pub async fn redemption(&self, req: &FacilitatorRequest, resource: &str) -> Redemption {
        let payment = &req.payment_payload;
        let chain_id = self.chain.chain_id;
        let (id, payer, signed): (String, Address, Box<dyn Fn() -> bool + Send>) =
            if req.payment_requirements.scheme == tempo_tip20::SCHEME {
                let Ok(a) = tempo_tip20::Authorization::parse(payment) else {
                    return Redemption::Fresh;
                };
                (
                    tempo_tip20::payment_id(&self.network, a.from, a.nonce),
                    a.from,
                    Box::new(move || a.verify_signature(chain_id).is_ok()),
                )
            } else {
                let Ok(a) = exact::Authorization::parse(payment) else {
                    return Redemption::Fresh;
                };
                (
                    payment_id(&self.network, a.from, a.nonce),
                    a.from,
                    Box::new(move || a.verify_signature(chain_id).is_ok()),
                )
            };
        let Ok(Some(rec)) = self.store.get(&id) else {
            return Redemption::Fresh;
        };
        if rec.state != State::Settled || (rec.served && !rec.redeemed) || !signed() {
            return Redemption::Fresh;
        }
        let tx = rec.transaction.clone().unwrap_or_default();
        if rec.redeemed {
            return Redemption::Refused(
                Reject::new(
                    r::PAYMENT_ALREADY_REDEEMED,
                    format!("this payment settled in {tx} and was already redeemed once"),
                ),
                payer,
            );
        }
        let want = &req.payment_requirements;
        let same_addr = |a: &str, b: &str| matches!((a.parse::<Address>(), b.parse::<Address>()), (Ok(x), Ok(y)) if x == y);
        let enough = matches!(
            (rec.amount.parse::<U256>(), want.amount.parse::<U256>()),
            (Ok(paid), Ok(price)) if paid >= price
        );
        if rec.resource.as_deref() != Some(resource)
            || !same_addr(&rec.pay_to, &want.pay_to)
            || !same_addr(&rec.asset, &want.asset)
            || !enough
        {
            return Redemption::Refused(
                Reject::new(
                    r::PAYMENT_NOT_REDEEMABLE_HERE,
                    format!(
                        "this payment settled in {tx} for {} ({} units to {}); it redeems only that",
                        rec.resource.as_deref().unwrap_or("no resource"),
                        rec.amount,
                        rec.pay_to
                    ),
                ),
                payer,
            );
        }
        Redemption::Redeemable(Box::new(rec))
    }

    /// Marks a [`Redemption::Redeemable`] payment redeemed (atomically: of concurrent replays
    /// one wins) and returns its original settlement; the caller serves the request once.
    pub async fn redeem(&self, rec: &Record) -> Result<SettleResponse, Reject> {
        let won = self
            .store
            .update(&rec.id, |cur| {
                let ok = cur.redeemable();
                cur.redeemed = true;
                ok
            })
            .await;
        match won {
            Ok(Some(r)) => Ok(SettleResponse {
                success: true,
                error_reason: None,
                error_message: None,
                payer: Some(r.payer),
                transaction: r.transaction.unwrap_or_default(),
                network: self.network.clone(),
                amount: Some(r.amount),
            }),
            Ok(None) => Err(Reject::new(
                r::PAYMENT_ALREADY_REDEEMED,
                "this payment was already redeemed once",
            )),
            Err(e) => Err(Reject::new(r::UNEXPECTED_SETTLE_ERROR, e.to_string())),
        }
    }
}
