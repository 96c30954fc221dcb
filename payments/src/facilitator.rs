//! The embedded facilitator: verifies payments, settles them with the node's facilitator key
//! through one transaction queue, exactly once (see [`crate::store`]).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use alloy::network::TransactionBuilder;
use alloy::primitives::{Address, B256, Bytes, U256};
use alloy::providers::Provider;
use alloy::rpc::types::TransactionRequest;
use alloy::signers::local::PrivateKeySigner;
use serde_json::{Map, Value, json};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use x402_identity::{Chain, ChainKind};

use crate::onchain::{EXACT_PERMIT2_PROXY, IPermit2, ITip20Token, PERMIT2, proxy_runtime_code};
use crate::reasons as r;
use crate::schemes::exact::{self, Authorization};
use crate::schemes::{Reject, now_secs, sponsoring, tempo_tip20};
use crate::sender::{BeforeBroadcast, SendError, TxSender};
use crate::store::{BROADCAST_FAILED, Claim, Record, State, Store, StoreError, now_ms};
mod legacy;
mod lifecycle;
mod reconcile;

pub use lifecycle::FacilitatorService;
pub use reconcile::Redemption;

use crate::types::{
    FacilitatorRequest, SettleResponse, SupportedKind, SupportedResponse, VerifyResponse,
    X402_VERSION,
};

/// Errors starting the facilitator.
#[derive(Debug, thiserror::Error)]
pub enum FacilitatorError {
    /// Chain unreachable or misbehaving.
    #[error("facilitator chain: {0}")]
    Chain(String),
    /// Transaction queue.
    #[error("facilitator: {0}")]
    Send(#[from] SendError),
    /// Settlement store.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Configuration (builder style).
#[derive(Debug, Clone)]
pub struct FacilitatorConfig {
    rpc: String,
    receipt_timeout: Duration,
    install_dev_proxy: bool,
    dev_chain: bool,
    reconcile_every: Duration,
}

impl FacilitatorConfig {
    /// A facilitator on the chain at `rpc`.
    pub fn new(rpc: impl Into<String>) -> Self {
        FacilitatorConfig {
            rpc: rpc.into(),
            receipt_timeout: Duration::from_secs(30),
            install_dev_proxy: true,
            dev_chain: false,
            reconcile_every: Duration::from_secs(5),
        }
    }

    /// How often the background reconciler looks at unresolved settlements (default 5 s).
    pub fn reconcile_every(mut self, every: Duration) -> Self {
        self.reconcile_every = every;
        self
    }

    /// The chain is a dev chain (the operator said so; never inferred): see
    /// [`x402_identity::Chain::connect_dev`].
    pub fn dev_chain(mut self, dev: bool) -> Self {
        self.dev_chain = dev;
        self
    }

    /// How long to wait for a receipt before leaving the settlement to the reconciler.
    pub fn receipt_timeout(mut self, t: Duration) -> Self {
        self.receipt_timeout = t;
        self
    }

    /// Whether to place the bundled proxy at the canonical address on dev chains (default on).
    pub fn install_dev_proxy(mut self, on: bool) -> Self {
        self.install_dev_proxy = on;
        self
    }
}

/// A payment that passed verification, ready to settle.
#[derive(Debug, Clone)]
pub struct Verified {
    /// Store key.
    pub id: String,
    /// Payer.
    pub payer: Address,
    /// Scheme (`exact`, `tempo-tip20`).
    pub scheme: &'static str,
    /// Recipient.
    pub pay_to: Address,
    /// Token.
    pub asset: Address,
    /// Amount the settlement moves.
    pub amount: U256,
    /// Scheme nonce as recorded (Permit2 nonce in decimal, legacy bytes32 hex).
    pub nonce: String,
    /// The Permit2 nonce (`exact`): the chain tells whether it was consumed. `None` for the
    /// legacy scheme, whose nonce exists only in the store and is never released.
    pub permit2_nonce: Option<U256>,
    /// Contract to call.
    pub to: Address,
    /// Calldata.
    pub data: Bytes,
    /// Gas limit (simulated, with margin).
    pub gas: u64,
    /// The request.
    pub request: FacilitatorRequest,
}

/// A payment id claimed by [`Facilitator::claim`]: settle it
/// ([`Facilitator::settle_claimed`]) or release it ([`Facilitator::release`]).
#[derive(Debug)]
pub struct Claimed {
    record: Record,
}

/// The facilitator.
pub struct Facilitator {
    chain: Chain,
    network: String,
    sender: TxSender,
    store: Store,
    receipt_timeout: Duration,
    proxy_present: AtomicBool,
    /// The transaction queue and the reconciler.
    tasks: TaskTracker,
}

impl std::fmt::Debug for Facilitator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Facilitator")
            .field("network", &self.network)
            .field("signer", &self.sender.address())
            .finish()
    }
}

fn chain_err<E: std::fmt::Display>(e: E) -> FacilitatorError {
    FacilitatorError::Chain(e.to_string())
}

impl Facilitator {
    /// Connects, places the proxy on dev chains, starts the key's queue and reconciles
    /// settlements left pending by a previous run. The queue and the background reconciler
    /// stop when `shutdown` is cancelled ([`Facilitator::stopped`]); a node runs all this
    /// through [`FacilitatorService`].
    pub async fn start(
        config: FacilitatorConfig,
        key: PrivateKeySigner,
        tree: sled::Tree,
        shutdown: CancellationToken,
    ) -> Result<Arc<Facilitator>, FacilitatorError> {
        let chain = Chain::open(&config.rpc, config.dev_chain)
            .await
            .map_err(chain_err)?;
        if config.install_dev_proxy && chain.kind == ChainKind::Dev {
            install_dev_proxy(&chain).await?;
        }
        let tasks = TaskTracker::new();
        let sender = TxSender::spawn(&config.rpc, chain.chain_id, key, &tasks, shutdown.clone())?;
        let f = Arc::new(Facilitator {
            tasks: tasks.clone(),
            network: format!("eip155:{}", chain.chain_id),
            chain,
            sender,
            store: Store::new(tree),
            receipt_timeout: config.receipt_timeout,
            proxy_present: AtomicBool::new(false),
        });
        f.reconcile().await?;
        reconcile::spawn(Arc::downgrade(&f), config.reconcile_every, &tasks, shutdown);
        tasks.close();
        Ok(f)
    }

    /// Resolves once the queue (its queued settlements sent) and the reconciler have stopped,
    /// after the shutdown token given to [`Facilitator::start`] was cancelled.
    pub async fn stopped(&self) {
        self.tasks.wait().await;
    }

    /// CAIP-2 network served.
    pub fn network(&self) -> &str {
        &self.network
    }

    /// Chain id.
    pub fn chain_id(&self) -> u64 {
        self.chain.chain_id
    }

    /// The chain.
    pub fn chain(&self) -> &Chain {
        &self.chain
    }

    /// Address that sends settlements.
    pub fn signer(&self) -> Address {
        self.sender.address()
    }

    /// The settlement records.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// `GET /supported`.
    pub fn supported(&self) -> SupportedResponse {
        let mut signers = Map::new();
        signers.insert("eip155:*".into(), json!([self.signer().to_string()]));
        SupportedResponse {
            kinds: vec![
                SupportedKind {
                    x402_version: X402_VERSION,
                    scheme: exact::SCHEME.into(),
                    network: self.network.clone(),
                    extra: Some(json!({"assetTransferMethod": exact::METHOD})),
                },
                SupportedKind {
                    x402_version: tempo_tip20::VERSION,
                    scheme: tempo_tip20::SCHEME.into(),
                    network: self.network.clone(),
                    extra: Some(json!({"facilitatorAddress": self.signer().to_string()})),
                },
            ],
            extensions: vec!["bazaar".into(), sponsoring::KEY.into()],
            signers,
        }
    }

    /// `POST /verify`.
    pub async fn verify(&self, req: &FacilitatorRequest) -> VerifyResponse {
        match self.check(req).await {
            Ok(v) => VerifyResponse::valid(v.payer.to_string()),
            Err((reject, payer)) => {
                VerifyResponse::invalid(reject.reason, reject.message, payer.map(|p| p.to_string()))
            }
        }
    }

    /// `POST /settle`: verifies again, then settles.
    pub async fn settle(
        &self,
        req: &FacilitatorRequest,
        resource: Option<String>,
    ) -> SettleResponse {
        match self.check(req).await {
            Ok(v) => self.execute(v, resource).await,
            Err((reject, payer)) => SettleResponse::failed(
                reject.reason,
                reject.message,
                self.network.clone(),
                payer.map(|p| p.to_string()),
            ),
        }
    }

    /// Rejects a payment whose network differs from the requirement's or from the one this
    /// facilitator settles on (shared by every scheme).
    fn check_network(&self, req: &FacilitatorRequest) -> Result<(), Reject> {
        let (payment, requirements) = (&req.payment_payload, &req.payment_requirements);
        if payment.accepted.network != requirements.network || requirements.network != self.network
        {
            return Err(Reject::new(
                r::NETWORK_MISMATCH,
                format!(
                    "payment for {} but this facilitator settles on {}",
                    payment.accepted.network, self.network
                ),
            ));
        }
        Ok(())
    }

    /// Full verification: shape, signature, chain state and a simulation of the settlement.
    pub async fn check(
        &self,
        req: &FacilitatorRequest,
    ) -> Result<Verified, (Reject, Option<Address>)> {
        self.check_inner(req, false).await
    }

    /// [`Facilitator::check`] of a payment this caller has [`claim`](Facilitator::claim)ed:
    /// its own pending record does not count as a previous use.
    pub async fn recheck(
        &self,
        req: &FacilitatorRequest,
    ) -> Result<Verified, (Reject, Option<Address>)> {
        self.check_inner(req, true).await
    }

    async fn check_inner(
        &self,
        req: &FacilitatorRequest,
        claimed: bool,
    ) -> Result<Verified, (Reject, Option<Address>)> {
        if req.payment_requirements.scheme == tempo_tip20::SCHEME {
            return self.check_legacy(req, claimed).await;
        }
        let payment = &req.payment_payload;
        let requirements = &req.payment_requirements;
        let no_payer = |reject| (reject, None);
        if payment.x402_version != X402_VERSION {
            return Err(no_payer(Reject::new(
                r::INVALID_X402_VERSION,
                format!(
                    "x402Version {} is not supported by scheme exact",
                    payment.x402_version
                ),
            )));
        }
        if requirements.scheme != exact::SCHEME || payment.accepted.scheme != exact::SCHEME {
            return Err(no_payer(Reject::new(
                r::INVALID_SCHEME,
                format!("scheme {:?} is not exact", payment.accepted.scheme),
            )));
        }
        if requirements.transfer_method() != Some(exact::METHOD) {
            return Err(no_payer(Reject::new(
                r::UNSUPPORTED_PAYLOAD_TYPE,
                "only assetTransferMethod permit2 is supported on Tempo",
            )));
        }
        self.check_network(req).map_err(no_payer)?;
        let auth = Authorization::parse(payment).map_err(no_payer)?;
        let payer = auth.from;
        let with_payer = |reject| (reject, Some(payer));
        let now = now_secs();
        auth.check(requirements, self.chain.chain_id, now)
            .map_err(with_payer)?;
        let id = payment_id(&self.network, payer, auth.nonce);
        match self.store.get(&id) {
            Ok(Some(rec))
                if claimed && rec.state == State::Pending && rec.transaction.is_none() => {}
            Ok(Some(rec)) if rec.state != State::Failed => {
                return Err(with_payer(Reject::new(
                    r::PERMIT2_INVALID_NONCE,
                    format!("this payment is already {:?}", rec.state).to_lowercase(),
                )));
            }
            Ok(_) => {}
            Err(e) => {
                return Err(with_payer(Reject::new(
                    r::UNEXPECTED_VERIFY_ERROR,
                    e.to_string(),
                )));
            }
        }

        let p = &self.chain.provider;
        let token = ITip20Token::new(auth.token, p);
        let permit2 = IPermit2::new(PERMIT2, p);
        let (word, bit) = auth.nonce_word_bit();
        let (bitmap, balance, allowance, proxy) = tokio::join!(
            async { permit2.nonceBitmap(payer, word).call().await },
            async { token.balanceOf(payer).call().await },
            async { token.allowance(payer, PERMIT2).call().await },
            self.proxy_deployed(),
        );
        let rpc = |e: String| with_payer(Reject::new(r::UNEXPECTED_VERIFY_ERROR, e));
        if !proxy.map_err(rpc)? {
            return Err(with_payer(Reject::new(
                r::PERMIT2_PROXY_NOT_DEPLOYED,
                format!("no code at {EXACT_PERMIT2_PROXY}"),
            )));
        }
        if bitmap.map_err(|e| rpc(e.to_string()))?.bit(bit) {
            return Err(with_payer(Reject::new(
                r::PERMIT2_INVALID_NONCE,
                "the Permit2 nonce is already used",
            )));
        }
        if balance.map_err(|e| rpc(e.to_string()))? < auth.amount {
            return Err(with_payer(Reject::new(
                r::PERMIT2_INSUFFICIENT_BALANCE,
                format!("{payer} holds less than {}", auth.amount),
            )));
        }
        let data = if allowance.map_err(|e| rpc(e.to_string()))? >= auth.amount {
            auth.settle_calldata()
        } else {
            match payment.extension_info(sponsoring::KEY) {
                Some(info) => {
                    let permit =
                        sponsoring::check(info, &auth, requirements, now).map_err(with_payer)?;
                    auth.settle_with_permit_calldata(permit)
                }
                None => {
                    return Err(with_payer(Reject::new(
                        r::PERMIT2_ALLOWANCE_REQUIRED,
                        "approve Permit2 for the asset or add the eip2612GasSponsoring extension",
                    )));
                }
            }
        };
        let gas = self
            .simulate(EXACT_PERMIT2_PROXY, data.clone())
            .await
            .map_err(with_payer)?;
        Ok(Verified {
            id,
            payer,
            scheme: exact::SCHEME,
            pay_to: auth.to,
            asset: auth.token,
            amount: auth.amount,
            nonce: auth.nonce.to_string(),
            permit2_nonce: Some(auth.nonce),
            to: EXACT_PERMIT2_PROXY,
            data,
            gas,
            request: req.clone(),
        })
    }

    async fn proxy_deployed(&self) -> Result<bool, String> {
        if self.proxy_present.load(Ordering::Relaxed) {
            return Ok(true);
        }
        let code = self
            .chain
            .provider
            .get_code_at(EXACT_PERMIT2_PROXY)
            .await
            .map_err(|e| e.to_string())?;
        let present = !code.is_empty();
        self.proxy_present.store(present, Ordering::Relaxed);
        Ok(present)
    }

    /// Estimates gas from the facilitator key; a revert is mapped to its standard reason.
    async fn simulate(&self, to: Address, data: Bytes) -> Result<u64, Reject> {
        let tx = TransactionRequest::default()
            .with_from(self.signer())
            .with_to(to)
            .with_input(data);
        match self.chain.provider.estimate_gas(tx).await {
            Ok(gas) => Ok(gas + gas / 4),
            Err(e) => {
                let revert = e
                    .as_error_resp()
                    .and_then(|p| p.as_revert_data())
                    .map(|d| d.to_vec())
                    .unwrap_or_default();
                let reason = match exact::revert_reason(&revert) {
                    r::TRANSACTION_FAILED => r::PERMIT2_SIMULATION_FAILED,
                    other => other,
                };
                let mut message = e.to_string();
                message.truncate(500);
                Err(Reject::new(reason, message))
            }
        }
    }

    /// Settles a verified payment exactly once ([`Facilitator::claim`], then
    /// [`Facilitator::settle_claimed`]).
    pub async fn execute(&self, v: Verified, resource: Option<String>) -> SettleResponse {
        match self.claim(&v, resource).await {
            Ok(claimed) => self.settle_claimed(v, claimed).await,
            Err(refused) => refused,
        }
    }

    fn failed(&self, payer: Address, reason: &str, message: String) -> SettleResponse {
        SettleResponse::failed(
            reason,
            message,
            self.network.clone(),
            Some(payer.to_string()),
        )
    }

    /// Claims the payment id of `v` (durably): from now on every duplicate is refused. The
    /// refusal is the failed settlement to answer.
    pub async fn claim(
        &self,
        v: &Verified,
        resource: Option<String>,
    ) -> Result<Claimed, SettleResponse> {
        let record = Record {
            id: v.id.clone(),
            scheme: v.scheme.into(),
            network: self.network.clone(),
            payer: v.payer.to_string(),
            pay_to: v.pay_to.to_string(),
            asset: v.asset.to_string(),
            amount: v.amount.to_string(),
            nonce: v.nonce.clone(),
            resource,
            state: State::Pending,
            transaction: None,
            error: None,
            created_ms: now_ms(),
            updated_ms: now_ms(),
            served: false,
            redeemed: false,
        };
        match self.store.claim(&record).await {
            Ok(Claim::Won) => Ok(Claimed { record }),
            Ok(Claim::Taken(existing)) if v.permit2_nonce.is_none() => Err(self.failed(
                v.payer,
                r::NONCE_ALREADY_USED,
                format!("Nonce already used ({:?})", existing.state),
            )),
            Ok(Claim::Taken(existing)) => Err(self.failed(
                v.payer,
                r::PERMIT2_INVALID_NONCE,
                format!("this payment is already {:?}", existing.state).to_lowercase(),
            )),
            Err(e) => Err(self.failed(v.payer, r::UNEXPECTED_SETTLE_ERROR, e.to_string())),
        }
    }

    /// Drops a claim whose settlement was never sent (the handler of a settle-after route
    /// failed, or the payment no longer verifies): the payment may be presented again.
    pub async fn release(&self, claimed: Claimed) {
        if let Err(e) = self.store.release(&claimed.record.id).await {
            tracing::warn!(id = %claimed.record.id, error = %e, "claim not released");
        }
    }

    /// Sends the settlement of a payment claimed with [`Facilitator::claim`] and records its
    /// outcome.
    pub async fn settle_claimed(&self, v: Verified, claimed: Claimed) -> SettleResponse {
        let payer = Some(v.payer.to_string());
        let fail = |reason: &str, message: String| {
            SettleResponse::failed(reason, message, self.network.clone(), payer.clone())
        };
        let mut record = claimed.record;
        // The hash is recorded (flushed) between signing and broadcast: after a crash, a
        // pending record without one was never broadcast.
        // A replacement of a stuck transaction records its hash the same way, while the
        // settlement is still pending.
        let before: BeforeBroadcast = {
            let (store, id) = (self.store.clone(), record.id.clone());
            Box::new(move |hash| {
                let (store, id) = (store.clone(), id.clone());
                Box::pin(async move {
                    let set = |r: &mut Record| {
                        r.transaction = Some(hash.to_string());
                        r.state == State::Pending
                    };
                    match store.update(&id, set).await {
                        Ok(Some(_)) => Ok(()),
                        Ok(None) => Err(format!("settlement {id} is no longer pending")),
                        Err(e) => Err(e.to_string()),
                    }
                })
            })
        };
        let hash = match self
            .sender
            .send_with(v.to, v.data.clone(), v.gas, Some(before))
            .await
        {
            Ok(h) => h,
            Err(e) => {
                // Not accepted by the node; release the claim unless the chain says otherwise
                // (a legacy record is marked failed but never claimable again).
                let consumed = match v.permit2_nonce {
                    Some(n) => self.nonce_used(v.payer, n).await.unwrap_or(true),
                    None => false,
                };
                if !consumed {
                    record.state = State::Failed;
                    // A hash recorded before the broadcast is kept: the node may have taken
                    // the transaction anyway, so the reconciler follows it.
                    record.transaction = self
                        .store
                        .get(&record.id)
                        .ok()
                        .flatten()
                        .and_then(|r| r.transaction);
                    record.error = Some(match record.transaction {
                        Some(_) => format!("{BROADCAST_FAILED}: {e}"),
                        None => e.to_string(),
                    });
                    let _ = self.store.put(&record).await;
                }
                return fail(r::UNEXPECTED_SETTLE_ERROR, e.to_string());
            }
        };
        let (hash, status) = self.wait_settlement(&record.id, hash).await;
        record.transaction = Some(hash.to_string());
        match status {
            Some(true) => {
                record.state = State::Settled;
                // Settled within the request: its response is produced now (the handler runs
                // next, or already ran on a settle-after route). A settlement the reconciler
                // confirms later stays unserved, hence redeemable.
                record.served = true;
                let _ = self.store.put(&record).await;
                tracing::info!(payer = %v.payer, amount = %v.amount, tx = %hash, "payment settled");
                SettleResponse {
                    success: true,
                    error_reason: None,
                    error_message: None,
                    payer,
                    transaction: hash.to_string(),
                    network: self.network.clone(),
                    amount: Some(v.amount.to_string()),
                }
            }
            Some(false) => {
                record.state = State::Failed;
                record.error = Some("reverted".into());
                let _ = self.store.put(&record).await;
                fail(r::TRANSACTION_FAILED, format!("settlement {hash} reverted"))
            }
            None => fail(
                r::UNEXPECTED_SETTLE_ERROR,
                format!("settlement {hash} not confirmed yet; it stays tracked"),
            ),
        }
    }

    /// Polls for the receipt of settlement `id`, following its recorded hash (the queue may
    /// replace a stuck transaction): the hash and `Some(status)`, or `None` on timeout.
    async fn wait_settlement(&self, id: &str, first: B256) -> (B256, Option<bool>) {
        let deadline = tokio::time::Instant::now() + self.receipt_timeout;
        let mut delay = Duration::from_millis(20);
        loop {
            let hash = match self.store.get(id) {
                Ok(Some(r)) => r.transaction.and_then(|t| t.parse().ok()).unwrap_or(first),
                _ => first,
            };
            if let Ok(Some(receipt)) = self.chain.provider.get_transaction_receipt(hash).await {
                return (hash, Some(receipt.status()));
            }
            if tokio::time::Instant::now() >= deadline {
                return (hash, None);
            }
            tokio::time::sleep(delay).await;
            delay = (delay * 2).min(Duration::from_millis(250));
        }
    }

    /// Polls for the receipt: `Some(status)` or `None` on timeout.
    async fn wait_receipt(&self, hash: B256) -> Option<bool> {
        let deadline = tokio::time::Instant::now() + self.receipt_timeout;
        let mut delay = Duration::from_millis(20);
        loop {
            if let Ok(Some(receipt)) = self.chain.provider.get_transaction_receipt(hash).await {
                return Some(receipt.status());
            }
            if tokio::time::Instant::now() >= deadline {
                return None;
            }
            tokio::time::sleep(delay).await;
            delay = (delay * 2).min(Duration::from_millis(250));
        }
    }

    async fn nonce_used(&self, owner: Address, nonce: U256) -> Result<bool, String> {
        let bitmap = IPermit2::new(PERMIT2, &self.chain.provider)
            .nonceBitmap(owner, nonce >> 8)
            .call()
            .await
            .map_err(|e| e.to_string())?;
        Ok(bitmap.bit((nonce & U256::from(0xff)).to::<usize>()))
    }
}

/// Store key of an `exact` payment: network, payer and Permit2 nonce.
pub fn payment_id(network: &str, payer: Address, nonce: U256) -> String {
    format!("exact:{network}:{payer:#x}:{nonce}")
}

/// Places the bundled proxy's runtime code at the canonical address on a dev chain (only when
/// nothing is there).
pub async fn install_dev_proxy(chain: &Chain) -> Result<(), FacilitatorError> {
    if chain.kind != ChainKind::Dev {
        return Ok(());
    }
    let code = chain
        .provider
        .get_code_at(EXACT_PERMIT2_PROXY)
        .await
        .map_err(chain_err)?;
    if !code.is_empty() {
        return Ok(());
    }
    let _: Value = chain
        .provider
        .raw_request(
            "anvil_setCode".into(),
            (EXACT_PERMIT2_PROXY, proxy_runtime_code()),
        )
        .await
        .map_err(chain_err)?;
    tracing::info!(proxy = %EXACT_PERMIT2_PROXY, "placed the x402 exact Permit2 proxy on the dev chain");
    Ok(())
}
