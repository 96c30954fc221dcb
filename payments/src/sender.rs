//! One transaction queue per facilitator key: every settlement transaction of the key goes
//! through one task that owns the nonce, so concurrent settlements never collide ("nonce too
//! low") and a failed send resynchronises the nonce from the chain.
//!
//! Each transaction is signed first; its hash goes to the caller's [`BeforeBroadcast`] hook
//! (the facilitator records it durably) and only then is the transaction broadcast. So after a
//! crash, a settlement without a recorded hash was never broadcast.
//!
//! Stuck or dropped transactions: the queue follows what it broadcast until the chain's nonce
//! passes it. When the lowest one is still unmined after the replacement delay (dropped from
//! the mempool, or priced too low), it is re-signed with the same nonce and a higher fee (the
//! hook hears the new hash first) and broadcast again; a nonce gap never stalls later
//! transactions.
//!
//! The queue stops when its shutdown token is cancelled: it takes no new job, finishes the ones
//! already queued (their hashes are recorded, their broadcasts done) and leaves what is still
//! unmined to the reconciler of the next run.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use std::future::Future;
use std::pin::Pin;

use alloy::network::{EthereumWallet, NetworkTransactionBuilder, TransactionBuilder};
use alloy::primitives::{Address, B256, Bytes};
use alloy::providers::{DynProvider, Provider, ProviderBuilder};
use alloy::rpc::types::TransactionRequest;
use alloy::signers::local::PrivateKeySigner;
use tokio::sync::{mpsc, oneshot};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// Errors sending a transaction.
#[derive(Debug, thiserror::Error, Clone)]
pub enum SendError {
    /// The RPC URL is unusable.
    #[error("invalid RPC URL {0:?}")]
    BadUrl(String),
    /// The node refused or could not be reached.
    #[error("sending the transaction failed: {0}")]
    Rpc(String),
    /// The queue task is gone.
    #[error("the transaction queue stopped")]
    Stopped,
    /// Signing failed.
    #[error("signing the transaction failed: {0}")]
    Sign(String),
    /// The before-broadcast hook refused (nothing was broadcast).
    #[error("not broadcast: {0}")]
    Hook(String),
}

/// Called with the hash of a signed transaction before it is broadcast (again for each
/// replacement, and with the previous hash when a replacement is refused); an error cancels the
/// broadcast (for a first broadcast, the key's nonce is not consumed).
pub type BeforeBroadcast =
    Box<dyn FnMut(B256) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send>> + Send>;

/// A broadcast transaction the queue follows until it is mined.
struct InFlight {
    tx: TransactionRequest,
    gas_price: u128,
    hash: B256,
    sent: Instant,
    before: Option<BeforeBroadcast>,
}

/// When the queue replaces a transaction (builder style).
#[derive(Debug, Clone, Copy)]
pub struct Replacement {
    /// A transaction unmined this long is replaced (default 10 s).
    pub after: Duration,
    /// How often the queue checks its transactions (default 1 s).
    pub check_every: Duration,
}

impl Default for Replacement {
    fn default() -> Self {
        Replacement {
            after: Duration::from_secs(10),
            check_every: Duration::from_secs(1),
        }
    }
}

struct Job {
    to: Address,
    data: Bytes,
    gas: u64,
    before: Option<BeforeBroadcast>,
    reply: oneshot::Sender<Result<B256, SendError>>,
}

/// Handle to the queue of one key.
#[derive(Clone)]
pub struct TxSender {
    jobs: mpsc::Sender<Job>,
    address: Address,
    tracked: Arc<Mutex<HashSet<B256>>>,
}

impl std::fmt::Debug for TxSender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TxSender")
            .field("address", &self.address)
            .finish()
    }
}

impl TxSender {
    /// Starts the queue task for `signer` on `rpc` on `tasks`; it stops when `shutdown` is
    /// cancelled (or every handle is dropped).
    pub fn spawn(
        rpc: &str,
        chain_id: u64,
        signer: PrivateKeySigner,
        tasks: &TaskTracker,
        shutdown: CancellationToken,
    ) -> Result<TxSender, SendError> {
        Self::spawn_with(
            rpc,
            chain_id,
            signer,
            Replacement::default(),
            tasks,
            shutdown,
        )
    }

    /// [`TxSender::spawn`] with its own replacement timing.
    pub fn spawn_with(
        rpc: &str,
        chain_id: u64,
        signer: PrivateKeySigner,
        replacement: Replacement,
        tasks: &TaskTracker,
        shutdown: CancellationToken,
    ) -> Result<TxSender, SendError> {
        let url = rpc.parse().map_err(|_| SendError::BadUrl(rpc.into()))?;
        let address = signer.address();
        let provider = ProviderBuilder::new()
            .disable_recommended_fillers()
            .connect_http(url)
            .erased();
        let (jobs, rx) = mpsc::channel(1024);
        let wallet = EthereumWallet::from(signer);
        let tracked = Arc::new(Mutex::new(HashSet::new()));
        let queue = Queue {
            provider,
            wallet,
            from: address,
            chain_id,
            replacement,
            nonce: None,
            price: None,
            inflight: BTreeMap::new(),
            tracked: tracked.clone(),
        };
        tasks.spawn(queue.run(rx, shutdown));
        Ok(TxSender {
            jobs,
            address,
            tracked,
        })
    }

    /// Whether `hash` is a transaction this queue broadcast and still follows (not mined yet;
    /// it may be replaced).
    pub fn tracks(&self, hash: B256) -> bool {
        self.tracked
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(&hash)
    }

    /// The sending address.
    pub fn address(&self) -> Address {
        self.address
    }

    /// Sends a transaction (queued behind the others of this key); returns its hash once the
    /// node accepted it.
    pub async fn send(&self, to: Address, data: Bytes, gas: u64) -> Result<B256, SendError> {
        self.send_with(to, data, gas, None).await
    }

    /// Like [`TxSender::send`], calling `before` with the hash between signing and broadcast.
    pub async fn send_with(
        &self,
        to: Address,
        data: Bytes,
        gas: u64,
        before: Option<BeforeBroadcast>,
    ) -> Result<B256, SendError> {
        let (reply, rx) = oneshot::channel();
        self.jobs
            .send(Job {
                to,
                data,
                gas,
                before,
                reply,
            })
            .await
            .map_err(|_| SendError::Stopped)?;
        rx.await.map_err(|_| SendError::Stopped)?
    }
}

struct Queue {
    provider: DynProvider,
    wallet: EthereumWallet,
    from: Address,
    chain_id: u64,
    replacement: Replacement,
    nonce: Option<u64>,
    price: Option<(u128, Instant)>,
    inflight: BTreeMap<u64, InFlight>,
    tracked: Arc<Mutex<HashSet<B256>>>,
}

fn rpc_err<E: std::fmt::Display>(e: E) -> SendError {
    SendError::Rpc(e.to_string())
}

impl Queue {
    async fn run(mut self, mut rx: mpsc::Receiver<Job>, shutdown: CancellationToken) {
        let mut tick = tokio::time::interval(self.replacement.check_every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = shutdown.cancelled() => {
                    // No new job; the queued ones are sent (each job runs to its end).
                    rx.close();
                    while let Some(job) = rx.recv().await {
                        self.job(job).await;
                    }
                    tracing::info!(unmined = self.inflight.len(), "transaction queue stopped");
                    break;
                }
                job = rx.recv() => match job {
                    Some(job) => self.job(job).await,
                    None => break,
                },
                _ = tick.tick() => {
                    if !self.inflight.is_empty()
                        && let Err(e) = self.check().await
                    {
                        tracing::warn!(error = %e, "checking sent transactions");
                    }
                }
            }
        }
    }

    fn track(&self, hash: B256, on: bool) {
        let mut t = self.tracked.lock().unwrap_or_else(|e| e.into_inner());
        if on {
            t.insert(hash);
        } else {
            t.remove(&hash);
        }
    }

    /// The gas price to pay now (cached 2 s), with headroom for a rising base fee.
    async fn gas_price(&mut self) -> Result<u128, SendError> {
        if let Some((p, at)) = self.price
            && at.elapsed() < Duration::from_secs(2)
        {
            return Ok(p);
        }
        let p = self.provider.get_gas_price().await.map_err(rpc_err)?;
        let p = p + p / 4;
        self.price = Some((p, Instant::now()));
        Ok(p)
    }

    async fn job(&mut self, mut job: Job) {
        let result = async {
            let n = match self.nonce {
                Some(n) => n,
                None => self
                    .provider
                    .get_transaction_count(self.from)
                    .pending()
                    .await
                    .map_err(rpc_err)?,
            };
            let gas_price = self.gas_price().await?;
            let tx = TransactionRequest::default()
                .with_from(self.from)
                .with_to(job.to)
                .with_input(job.data)
                .with_nonce(n)
                .with_gas_limit(job.gas)
                .with_chain_id(self.chain_id);
            let envelope = tx
                .clone()
                .with_gas_price(gas_price)
                .build(&self.wallet)
                .await
                .map_err(|e| SendError::Sign(e.to_string()))?;
            let hash = *envelope.tx_hash();
            if let Some(before) = job.before.as_mut() {
                before(hash).await.map_err(SendError::Hook)?;
            }
            match self.provider.send_tx_envelope(envelope).await {
                Ok(_) => {
                    self.nonce = Some(n + 1);
                    self.track(hash, true);
                    self.inflight.insert(
                        n,
                        InFlight {
                            tx,
                            gas_price,
                            hash,
                            sent: Instant::now(),
                            before: job.before.take(),
                        },
                    );
                    Ok(hash)
                }
                Err(e) => {
                    self.nonce = None;
                    Err(rpc_err(e))
                }
            }
        }
        .await;
        if let Err(e) = &result {
            tracing::warn!(error = %e, "settlement transaction not sent");
        }
        let _ = job.reply.send(result);
    }

    /// Forgets mined transactions; replaces the lowest one if it is stuck or dropped.
    async fn check(&mut self) -> Result<(), SendError> {
        let mined = self
            .provider
            .get_transaction_count(self.from)
            .latest()
            .await
            .map_err(rpc_err)?;
        let done: Vec<u64> = self.inflight.range(..mined).map(|(n, _)| *n).collect();
        for n in done {
            if let Some(f) = self.inflight.remove(&n) {
                self.track(f.hash, false);
            }
        }
        let Some((n, sent, old_price)) = self
            .inflight
            .iter()
            .next()
            .map(|(n, f)| (*n, f.sent, f.gas_price))
        else {
            return Ok(());
        };
        if sent.elapsed() < self.replacement.after {
            return Ok(());
        }
        let gas_price = self.gas_price().await?.max(old_price + old_price / 4 + 1);
        let Some(mut f) = self.inflight.remove(&n) else {
            return Ok(());
        };
        let result = self.replace(n, &mut f, gas_price).await;
        self.inflight.insert(n, f);
        result
    }

    /// Re-signs `f` (nonce `n`) at `gas_price` and broadcasts it. A refused hook (the caller
    /// resolved the transaction: it was mined) or a refused broadcast leaves it as it is until
    /// the next check.
    async fn replace(
        &mut self,
        n: u64,
        f: &mut InFlight,
        gas_price: u128,
    ) -> Result<(), SendError> {
        let envelope =
            f.tx.clone()
                .with_gas_price(gas_price)
                .build(&self.wallet)
                .await
                .map_err(|e| SendError::Sign(e.to_string()))?;
        if let Some(before) = f.before.as_mut() {
            before(*envelope.tx_hash()).await.map_err(SendError::Hook)?;
        }
        let hash = *envelope.tx_hash();
        match self.provider.send_tx_envelope(envelope).await {
            Ok(_) => {
                tracing::warn!(nonce = n, old = %f.hash, new = %hash, gas_price, "replaced a stuck transaction");
                self.track(f.hash, false);
                self.track(hash, true);
                f.hash = hash;
                f.gas_price = gas_price;
                f.sent = Instant::now();
                Ok(())
            }
            Err(e) => {
                // Mined meanwhile ("nonce too low") or refused: the previous hash stands.
                if let Some(before) = f.before.as_mut() {
                    let _ = before(f.hash).await;
                }
                f.sent = Instant::now();
                Err(rpc_err(e))
            }
        }
    }
}
