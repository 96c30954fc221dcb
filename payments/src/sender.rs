//! One transaction queue per facilitator key: every settlement transaction of the key goes
//! through one task that owns the nonce, so concurrent settlements never collide ("nonce too
//! low") and a failed send resynchronises the nonce from the chain.
//!
//! Each transaction is signed first; its hash goes to the caller's [`BeforeBroadcast`] hook
//! (the facilitator records it durably) and only then is the transaction broadcast. So after a
//! crash, a settlement without a recorded hash was never broadcast.

use std::time::{Duration, Instant};

use std::future::Future;
use std::pin::Pin;

use alloy::network::{EthereumWallet, NetworkTransactionBuilder, TransactionBuilder};
use alloy::primitives::{Address, B256, Bytes};
use alloy::providers::{DynProvider, Provider, ProviderBuilder};
use alloy::rpc::types::TransactionRequest;
use alloy::signers::local::PrivateKeySigner;
use tokio::sync::{mpsc, oneshot};

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

/// Called with the hash of a signed transaction before it is broadcast; an error cancels the
/// broadcast (the key's nonce is not consumed).
pub type BeforeBroadcast =
    Box<dyn FnOnce(B256) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send>> + Send>;

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
}

impl std::fmt::Debug for TxSender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TxSender")
            .field("address", &self.address)
            .finish()
    }
}

impl TxSender {
    /// Starts the queue task for `signer` on `rpc`.
    pub fn spawn(
        rpc: &str,
        chain_id: u64,
        signer: PrivateKeySigner,
    ) -> Result<TxSender, SendError> {
        let url = rpc.parse().map_err(|_| SendError::BadUrl(rpc.into()))?;
        let address = signer.address();
        let provider = ProviderBuilder::new()
            .disable_recommended_fillers()
            .connect_http(url)
            .erased();
        let (jobs, rx) = mpsc::channel(1024);
        let wallet = EthereumWallet::from(signer);
        tokio::spawn(run(provider, wallet, address, chain_id, rx));
        Ok(TxSender { jobs, address })
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

async fn run(
    provider: DynProvider,
    wallet: EthereumWallet,
    from: Address,
    chain_id: u64,
    mut rx: mpsc::Receiver<Job>,
) {
    let mut nonce: Option<u64> = None;
    let mut price: Option<(u128, Instant)> = None;
    while let Some(job) = rx.recv().await {
        let result = async {
            let n = match nonce {
                Some(n) => n,
                None => provider
                    .get_transaction_count(from)
                    .pending()
                    .await
                    .map_err(|e| SendError::Rpc(e.to_string()))?,
            };
            let gas_price = match price {
                Some((p, at)) if at.elapsed() < Duration::from_secs(2) => p,
                _ => {
                    let p = provider
                        .get_gas_price()
                        .await
                        .map_err(|e| SendError::Rpc(e.to_string()))?;
                    // Headroom for a rising base fee.
                    let p = p + p / 4;
                    price = Some((p, Instant::now()));
                    p
                }
            };
            let tx = TransactionRequest::default()
                .with_from(from)
                .with_to(job.to)
                .with_input(job.data)
                .with_nonce(n)
                .with_gas_limit(job.gas)
                .with_gas_price(gas_price)
                .with_chain_id(chain_id);
            let envelope = tx
                .build(&wallet)
                .await
                .map_err(|e| SendError::Sign(e.to_string()))?;
            if let Some(before) = job.before {
                before(*envelope.tx_hash()).await.map_err(SendError::Hook)?;
            }
            match provider.send_tx_envelope(envelope).await {
                Ok(pending) => {
                    nonce = Some(n + 1);
                    Ok(*pending.tx_hash())
                }
                Err(e) => {
                    nonce = None;
                    Err(SendError::Rpc(e.to_string()))
                }
            }
        }
        .await;
        if let Err(e) = &result {
            tracing::warn!(error = %e, "settlement transaction not sent");
        }
        let _ = job.reply.send(result);
    }
}
