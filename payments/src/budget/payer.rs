//! [`BudgetedPayer`]: pays x402 `exact` challenges with one wallet within a [`Budget`],
//! recording every attempt in a sled [`Ledger`].
//!
//! Order of a paid request: the first answer is 402 → the requirement must be `exact`/Permit2
//! on the payer's network and asset → the budget is checked and the price **reserved** under
//! one lock (concurrent calls cannot together pass the limit) and flushed → the payment is
//! signed and its Permit2 nonce and deadline recorded (flushed) **before** it is sent → the
//! answer's `PAYMENT-RESPONSE` with a transaction makes the entry spent; without one the entry
//! stays **unsettled** (the server holds a signature that could still move funds) until the
//! chain shows the nonce used (spent) or a block past the deadline with the nonce unused
//! (released).

use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use alloy::eips::BlockId;
use alloy::primitives::{Address, U256};
use alloy::providers::{Provider, ProviderBuilder};
use alloy::signers::local::PrivateKeySigner;
use reqwest::Method;

use super::{Budget, BudgetStatus, Entry, Ledger, LedgerError, Outcome, Refusal};
use crate::client::{AllowanceMode, ClientError, PayingClient, challenge_of};
use crate::headers;
use crate::onchain::{IPermit2, PATH_USD, PERMIT2};
use crate::schemes::{exact, now_secs};
use crate::store::now_ms;
use crate::types::{PaymentRequired, PaymentRequirements, SettleResponse};

/// An unsettled signature whose Permit2 nonce is still unused is released once a block past its
/// deadline exists, or this long after the deadline by the local clock (a quiet dev chain mines
/// no blocks; any block that could still include it would be stamped past the deadline).
pub const DEADLINE_GRACE: u64 = 120;

/// How a [`BudgetedPayer`] pays.
#[derive(Debug, Clone)]
pub struct PayerConfig {
    /// The limits.
    pub budget: Budget,
    /// The one asset paid in (default pathUSD).
    pub asset: Address,
    /// How long a signed authorization stays valid (at most the server's
    /// `maxTimeoutSeconds`; default 60 s): an unsettled payment is held this long.
    pub signature_lifetime: Duration,
    /// Timeout of each HTTP request (the paid one includes the settlement; default 60 s).
    pub timeout: Duration,
    /// Largest response body read (default 1 MiB); the rest is cut off.
    pub max_body: usize,
    /// How a missing Permit2 allowance is obtained (default: only the gasless
    /// `eip2612GasSponsoring` permit, so the wallet never sends a transaction itself).
    pub allowance: AllowanceMode,
    /// Ledger entries in [`BudgetStatus::recent`] (default 20).
    pub recent: usize,
}

impl PayerConfig {
    /// Defaults around `budget`.
    pub fn new(budget: Budget) -> PayerConfig {
        PayerConfig {
            budget,
            asset: PATH_USD,
            signature_lifetime: Duration::from_secs(60),
            timeout: Duration::from_secs(60),
            max_body: 1 << 20,
            allowance: AllowanceMode::SponsoringOnly,
            recent: 20,
        }
    }
}

/// The wallet a payer signs with, and its chain.
#[derive(Clone)]
pub struct PayerWallet {
    /// The signer.
    pub signer: PrivateKeySigner,
    /// The chain paid on (`eip155:<chain_id>`).
    pub chain_id: u64,
    /// Its JSON-RPC URL (allowance checks, Permit2 nonces).
    pub rpc: String,
}

/// The answer of [`BudgetedPayer::pay`].
#[derive(Debug, Clone)]
pub struct Paid {
    /// HTTP status of the final answer.
    pub status: u16,
    /// Its body (at most [`PayerConfig::max_body`] bytes).
    pub body: Vec<u8>,
    /// Whether the body was cut off (too large or interrupted).
    pub truncated: bool,
    /// Atomic units paid (0: the resource was free).
    pub amount: u64,
    /// The recipient, when paid.
    pub payee: Option<Address>,
    /// The settlement transaction, when paid.
    pub transaction: Option<String>,
    /// The ledger entry, when paid.
    pub entry: Option<u64>,
}

/// Why [`BudgetedPayer::pay`] did not end with a served answer.
#[derive(Debug, thiserror::Error)]
pub enum PayError {
    /// The wallet is not unlocked yet ([`BudgetedPayer::set_wallet`]).
    #[error("the payer's wallet is not unlocked yet")]
    NotReady,
    /// The HTTP client could not be built.
    #[error("cannot build the HTTP client")]
    HttpClient(#[source] reqwest::Error),
    /// The unpaid request failed (nothing reserved or signed).
    #[error("request to {url} failed")]
    Http {
        /// The URL.
        url: String,
        /// Why.
        #[source]
        source: reqwest::Error,
    },
    /// A 402 without a usable `PAYMENT-REQUIRED` (nothing reserved or signed).
    #[error("the 402 has no usable PAYMENT-REQUIRED")]
    Challenge(#[source] ClientError),
    /// Refused before signing: nothing signed, nothing sent; recorded as `entry`.
    #[error("payment refused (ledger entry {entry:?})")]
    Refused {
        /// The ledger entry of the refusal (none when the ledger is full).
        entry: Option<u64>,
        /// Why.
        #[source]
        refusal: Refusal,
    },
    /// Signing (or the allowance check before it) failed: nothing sent, reservation released.
    #[error("cannot sign the payment (nothing sent; ledger entry {entry} released)")]
    Sign {
        /// The ledger entry.
        entry: u64,
        /// Why.
        #[source]
        source: ClientError,
    },
    /// The payment was sent and the server did not settle it: `amount` stays held until the
    /// chain proves the signature unused after its deadline.
    #[error(
        "the server did not settle (HTTP {status}, {reason}); {amount} units held (ledger entry \
         {entry}) until the signature's deadline {deadline}"
    )]
    NotSettled {
        /// The answer's status.
        status: u16,
        /// The server's reason, if any.
        reason: String,
        /// The amount held.
        amount: u64,
        /// The ledger entry.
        entry: u64,
        /// The signature's deadline, Unix seconds.
        deadline: u64,
    },
    /// The paid request got no answer: held like [`PayError::NotSettled`].
    #[error(
        "the paid request to {url} got no answer; ledger entry {entry} held until its deadline"
    )]
    Unanswered {
        /// The URL.
        url: String,
        /// The ledger entry.
        entry: u64,
        /// Why.
        #[source]
        source: reqwest::Error,
    },
    /// The ledger could not be read or written.
    #[error("payer ledger")]
    Ledger(#[from] LedgerError),
    /// The chain could not be asked about a Permit2 nonce.
    #[error("chain query")]
    Chain(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// Pays x402 `exact` challenges with one wallet within a budget (see the module docs). Share
/// it as an `Arc`; every method takes `&self`.
pub struct BudgetedPayer {
    config: PayerConfig,
    http: reqwest::Client,
    ledger: Mutex<Ledger>,
    tree: sled::Tree,
    wallet: OnceLock<PayerWallet>,
}

impl std::fmt::Debug for BudgetedPayer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BudgetedPayer")
            .field("budget", &self.config.budget)
            .field("payer", &self.wallet.get().map(|w| w.signer.address()))
            .finish()
    }
}

impl BudgetedPayer {
    /// Opens the ledger in `tree` (spent amounts and held reservations reload). Payments wait
    /// for [`BudgetedPayer::set_wallet`].
    pub fn open(tree: sled::Tree, config: PayerConfig) -> Result<BudgetedPayer, PayError> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(config.timeout)
            .connect_timeout(config.timeout.min(Duration::from_secs(10)))
            .build()
            .map_err(PayError::HttpClient)?;
        Ok(BudgetedPayer {
            config,
            http,
            ledger: Mutex::new(Ledger::open(tree.clone())?),
            tree,
            wallet: OnceLock::new(),
        })
    }

    /// Sets the wallet (once; later calls are ignored and return false).
    pub fn set_wallet(&self, wallet: PayerWallet) -> bool {
        self.wallet.set(wallet).is_ok()
    }

    /// The payer's address, once the wallet is set.
    pub fn address(&self) -> Option<Address> {
        self.wallet.get().map(|w| w.signer.address())
    }

    /// The limits.
    pub fn budget(&self) -> Budget {
        self.config.budget
    }

    /// Limit, spent, held, counts and the last entries.
    pub fn status(&self) -> BudgetStatus {
        let ledger = self.lock();
        let mut s = BudgetStatus::of(&self.config.budget, &ledger, now_ms(), self.config.recent);
        s.payer = self.address().map(|a| a.to_string());
        s.ready = s.payer.is_some();
        s
    }

    /// A copy of ledger entry `id`.
    pub fn entry(&self, id: u64) -> Option<Entry> {
        self.lock().get(id).cloned()
    }

    fn lock(&self) -> MutexGuard<'_, Ledger> {
        self.ledger.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Changes entry `id` and flushes.
    async fn update(&self, id: u64, f: impl FnOnce(&mut Entry)) -> Result<(), LedgerError> {
        {
            let mut ledger = self.lock();
            let Some(mut e) = ledger.get(id).cloned() else {
                return Ok(());
            };
            f(&mut e);
            e.updated_ms = now_ms();
            ledger.put(e)?;
        }
        Ledger::flush(&self.tree).await
    }

    /// Requests `url`; a 402 is paid within the budget, anything else is returned as free.
    pub async fn pay(
        &self,
        url: &str,
        method: Method,
        body: Option<Vec<u8>>,
    ) -> Result<Paid, PayError> {
        let wallet = self.wallet.get().ok_or(PayError::NotReady)?;
        if let Err(e) = self.reconcile().await {
            tracing::debug!(error = %e, "unsettled payments not reconciled yet");
        }
        let http = |source| PayError::Http {
            url: url.to_string(),
            source,
        };
        let first = self
            .send(&method, url, body.as_deref(), None)
            .await
            .map_err(http)?;
        if first.status().as_u16() != 402 {
            let status = first.status().as_u16();
            let (body, truncated) = self.read(first).await.map_err(http)?;
            return Ok(Paid {
                status,
                body,
                truncated,
                amount: 0,
                payee: None,
                transaction: None,
                entry: None,
            });
        }
        let required = challenge_of(first.headers()).map_err(PayError::Challenge)?;
        let (req, amount, payee) = match self.acceptable(&required, wallet.chain_id) {
            Ok(x) => x,
            Err(refusal) => return Err(self.refuse(&method, url, 0, None, refusal).await),
        };
        let entry = self.reserve(&method, url, amount, payee).await?;
        let payment = match self.sign(wallet, &required, &req, amount).await {
            Ok(p) => p,
            Err(source) => {
                let reason = source.to_string();
                self.update(entry, |e| {
                    e.outcome = Outcome::Released;
                    e.reason = Some(format!("not signed: {reason}"));
                })
                .await?;
                return Err(PayError::Sign { entry, source });
            }
        };
        let (header, nonce, deadline) = payment;
        // Recorded before sending: a crash after this line leaves an entry the chain decides.
        self.update(entry, |e| {
            e.nonce = Some(nonce.to_string());
            e.deadline = Some(deadline);
        })
        .await?;
        let send = self.send(&method, url, body.as_deref(), Some(header)).await;
        let resp = match send {
            Ok(r) => r,
            Err(source) => {
                let reason = format!("sent, no answer: {source}");
                self.update(entry, |e| {
                    e.outcome = Outcome::Unsettled;
                    e.reason = Some(reason);
                })
                .await?;
                return Err(PayError::Unanswered {
                    url: url.to_string(),
                    entry,
                    source,
                });
            }
        };
        let status = resp.status().as_u16();
        let settlement = resp
            .headers()
            .get(headers::PAYMENT_RESPONSE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| headers::decode::<SettleResponse>(v).ok());
        match settlement {
            Some(s) if s.success && !s.transaction.is_empty() => {
                let tx = s.transaction.clone();
                self.update(entry, |e| {
                    e.outcome = Outcome::Spent;
                    e.tx = Some(tx);
                })
                .await?;
                // Paid: a body that cannot be read in full is cut off, the spend stands.
                let (body, truncated) = self.read(resp).await.unwrap_or_default();
                Ok(Paid {
                    status,
                    body,
                    truncated,
                    amount,
                    payee: Some(payee),
                    transaction: Some(s.transaction),
                    entry: Some(entry),
                })
            }
            other => {
                let reason = other
                    .and_then(|s| s.error_reason)
                    .or_else(|| challenge_of(resp.headers()).ok().and_then(|c| c.error))
                    .unwrap_or_else(|| "no settlement".into());
                let recorded = format!("HTTP {status}: {reason}");
                self.update(entry, |e| {
                    e.outcome = Outcome::Unsettled;
                    e.reason = Some(recorded);
                })
                .await?;
                // The chain may already show the nonce used (settled without telling us).
                if let Some(e) = self.entry(entry)
                    && let Err(err) = self.resolve(wallet, &e).await
                {
                    tracing::debug!(error = %err, entry, "unsettled payment not checked");
                }
                Err(PayError::NotSettled {
                    status,
                    reason,
                    amount,
                    entry,
                    deadline,
                })
            }
        }
    }

    /// Resolves unsettled entries whose deadline has passed: spent when the chain shows the
    /// Permit2 nonce used, released when a block past the deadline shows it unused. Returns
    /// how many were resolved. [`BudgetedPayer::pay`] calls it first.
    pub async fn reconcile(&self) -> Result<usize, PayError> {
        let Some(wallet) = self.wallet.get() else {
            return Ok(0);
        };
        let now = now_secs();
        let due: Vec<Entry> = self
            .lock()
            .entries()
            .filter(|e| e.outcome == Outcome::Unsettled && e.deadline.is_none_or(|d| now > d))
            .cloned()
            .collect();
        let mut resolved = 0;
        for e in due {
            if self.resolve(wallet, &e).await? {
                resolved += 1;
            }
        }
        Ok(resolved)
    }

    /// Asks the chain about one unsettled entry; whether it was resolved.
    async fn resolve(&self, wallet: &PayerWallet, e: &Entry) -> Result<bool, PayError> {
        let chain = |err: Box<dyn std::error::Error + Send + Sync>| PayError::Chain(err);
        let (Some(nonce), Some(deadline)) = (&e.nonce, e.deadline) else {
            // Never signed: nothing can move.
            self.update(e.id, |e| {
                e.outcome = Outcome::Released;
                e.reason = Some("never signed".into());
            })
            .await?;
            return Ok(true);
        };
        let nonce = U256::from_str_radix(nonce, 10).map_err(|err| chain(Box::new(err)))?;
        let url = reqwest::Url::parse(&wallet.rpc).map_err(|err| chain(Box::new(err)))?;
        let provider = ProviderBuilder::new().connect_http(url);
        let block = provider
            .get_block(BlockId::latest())
            .await
            .map_err(|err| chain(Box::new(err)))?
            .ok_or_else(|| chain("no latest block".into()))?;
        let word = IPermit2::new(PERMIT2, &provider)
            .nonceBitmap(wallet.signer.address(), nonce >> 8)
            .block(BlockId::number(block.header.number))
            .call()
            .await
            .map_err(|err| chain(Box::new(err)))?;
        let used = word.bit((nonce & U256::from(0xff)).to::<usize>());
        let outcome = if used {
            Outcome::Spent
        } else if block.header.timestamp > deadline || now_secs() > deadline + DEADLINE_GRACE {
            Outcome::Released
        } else {
            return Ok(false);
        };
        self.update(e.id, |e| {
            e.outcome = outcome;
            e.reason = Some(match outcome {
                Outcome::Spent => "Permit2 nonce used on chain".into(),
                _ => "deadline passed on chain with the Permit2 nonce unused".into(),
            });
        })
        .await?;
        Ok(true)
    }

    /// The first `exact`/Permit2 requirement on the payer's network and asset, its amount and
    /// recipient.
    fn acceptable(
        &self,
        required: &PaymentRequired,
        chain_id: u64,
    ) -> Result<(PaymentRequirements, u64, Address), Refusal> {
        let network = format!("eip155:{chain_id}");
        let asset = self.config.asset;
        let Some(req) = required.accepts.iter().find(|a| {
            a.scheme == exact::SCHEME
                && a.transfer_method() == Some(exact::METHOD)
                && a.network == network
                && a.asset.parse::<Address>().is_ok_and(|x| x == asset)
        }) else {
            return Err(Refusal::Unacceptable {
                network,
                asset: asset.to_string(),
                offered: required
                    .accepts
                    .iter()
                    .take(8)
                    .map(|a| format!("{}/{}/{}", a.scheme, a.network, a.asset))
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        };
        let amount = req
            .amount
            .parse::<u64>()
            .ok()
            .filter(|a| *a > 0)
            .ok_or_else(|| Refusal::Malformed(format!("amount {:?}", req.amount)))?;
        let payee = req
            .pay_to
            .parse::<Address>()
            .map_err(|_| Refusal::Malformed(format!("payTo {:?}", req.pay_to)))?;
        Ok((req.clone(), amount, payee))
    }

    /// Records a refusal (when the ledger has room) and returns its error.
    async fn refuse(
        &self,
        method: &Method,
        url: &str,
        amount: u64,
        payee: Option<Address>,
        refusal: Refusal,
    ) -> PayError {
        let recorded = {
            let mut ledger = self.lock();
            let now = now_ms();
            match ledger.prune(&self.config.budget, now) {
                Ok(true) => {
                    let mut e = ledger.draft(method.as_str(), url, now);
                    e.amount = amount;
                    e.payee = payee.map(|p| p.to_string());
                    e.outcome = Outcome::Refused;
                    e.reason = Some(refusal.to_string());
                    let id = e.id;
                    ledger.put(e).map(|()| Some(id))
                }
                Ok(false) => Ok(None),
                Err(e) => Err(e),
            }
        };
        let recorded = match recorded {
            Ok(id) => Ledger::flush(&self.tree).await.map(|()| id),
            Err(e) => Err(e),
        };
        match recorded {
            Ok(entry) => PayError::Refused { entry, refusal },
            Err(e) => PayError::Ledger(e),
        }
    }

    /// Checks the budget and reserves `amount` under one lock (flushed before returning).
    async fn reserve(
        &self,
        method: &Method,
        url: &str,
        amount: u64,
        payee: Address,
    ) -> Result<u64, PayError> {
        let budget = self.config.budget;
        let reserved = {
            let mut ledger = self.lock();
            let now = now_ms();
            match budget.check(amount, budget.usage(now, ledger.entries())) {
                Ok(()) if !ledger.prune(&budget, now)? => Err(Refusal::LedgerFull),
                Ok(()) => {
                    let mut e = ledger.draft(method.as_str(), url, now);
                    e.amount = amount;
                    e.payee = Some(payee.to_string());
                    e.outcome = Outcome::Reserved;
                    let id = e.id;
                    ledger.put(e)?;
                    Ok(id)
                }
                Err(r) => Err(r),
            }
        };
        match reserved {
            Ok(id) => {
                Ledger::flush(&self.tree).await?;
                Ok(id)
            }
            Err(r) => Err(self.refuse(method, url, amount, Some(payee), r).await),
        }
    }

    /// Signs the payment for `req` (its exact amount as the guard): the header value, the
    /// Permit2 nonce and the deadline.
    async fn sign(
        &self,
        wallet: &PayerWallet,
        required: &PaymentRequired,
        req: &PaymentRequirements,
        amount: u64,
    ) -> Result<(String, U256, u64), ClientError> {
        let client = PayingClient::new(wallet.signer.clone())
            .chain_id(Some(wallet.chain_id))
            .chain_rpc(Some(wallet.rpc.clone()))
            .assets(vec![self.config.asset])
            .allowance_mode(self.config.allowance)
            .max_amount(Some(amount))
            .signature_lifetime(Some(self.config.signature_lifetime.as_secs().max(10)));
        let offer = PaymentRequired {
            accepts: vec![req.clone()],
            ..required.clone()
        };
        let (payment, _) = client.build_payment(&offer).await?;
        let auth =
            exact::Authorization::parse(&payment).map_err(|r| ClientError::Sign(r.message))?;
        let deadline = u64::try_from(auth.deadline).unwrap_or(u64::MAX);
        Ok((headers::encode(&payment), auth.nonce, deadline))
    }

    async fn send(
        &self,
        method: &Method,
        url: &str,
        body: Option<&[u8]>,
        payment: Option<String>,
    ) -> Result<reqwest::Response, reqwest::Error> {
        let mut rb = self.http.request(method.clone(), url);
        if let Some(b) = body {
            rb = rb
                .header("content-type", "application/json")
                .body(b.to_vec());
        }
        if let Some(p) = payment {
            rb = rb.header(headers::PAYMENT_SIGNATURE, p);
        }
        rb.send().await
    }

    /// Reads at most `max_body` bytes; whether the rest was cut off.
    async fn read(&self, mut resp: reqwest::Response) -> Result<(Vec<u8>, bool), reqwest::Error> {
        let limit = self.config.max_body;
        let mut body = Vec::new();
        while let Some(chunk) = resp.chunk().await? {
            let room = limit - body.len();
            if chunk.len() > room {
                body.extend_from_slice(&chunk[..room]);
                return Ok((body, true));
            }
            body.extend_from_slice(&chunk);
        }
        Ok((body, false))
    }
}
