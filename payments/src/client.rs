//! The paying side: request → 402 → pick a requirement → sign → retry with `PAYMENT-SIGNATURE`.

use alloy::network::EthereumWallet;
use alloy::primitives::{Address, U256};
use alloy::providers::{Provider, ProviderBuilder};
use alloy::signers::local::PrivateKeySigner;
use reqwest::Method;
use serde_json::{Map, Value, json};

use crate::headers::{self, HeaderError};
use crate::onchain::{ITip20Token, PERMIT2};
use crate::schemes::exact::{self, SignOptions};
use crate::schemes::{now_secs, sponsoring};
use crate::types::{
    PaymentPayload, PaymentRequired, PaymentRequirements, SettleResponse, X402_VERSION,
};

/// Errors of a paid request.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// HTTP failure.
    #[error("HTTP request failed: {0}")]
    Http(String),
    /// The 402 carried no usable `PAYMENT-REQUIRED`.
    #[error("the 402 has no usable PAYMENT-REQUIRED header: {0}")]
    Challenge(String),
    /// No requirement this client can pay.
    #[error(
        "no supported way to pay (this client pays exact/permit2 on eip155 networks); offered: {0}"
    )]
    Unsupported(String),
    /// Price above the guard.
    #[error("price {amount} exceeds the maximum {max} (atomic units)")]
    TooExpensive {
        /// Asked.
        amount: u64,
        /// Allowed.
        max: u64,
    },
    /// Signing failed.
    #[error("signing failed: {0}")]
    Sign(String),
    /// Chain access (allowance, approval) failed.
    #[error("chain: {0}")]
    Chain(String),
}

/// The outcome of a request.
#[derive(Debug)]
pub struct Paid {
    /// Final HTTP status.
    pub status: u16,
    /// Final body.
    pub body: Vec<u8>,
    /// Decoded `PAYMENT-RESPONSE`, if any.
    pub settlement: Option<SettleResponse>,
    /// The requirement paid, if a payment was sent.
    pub requirement: Option<PaymentRequirements>,
    /// The 402 challenge of the final response, if it was one.
    pub challenge: Option<PaymentRequired>,
}

/// How to get Permit2 allowance when missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AllowanceMode {
    /// Use `eip2612GasSponsoring` when the server offers it, else send `approve(Permit2, max)`.
    Auto,
    /// Only the sponsoring extension (never send a transaction).
    SponsoringOnly,
    /// Only a one-time `approve` transaction.
    Approve,
    /// Do nothing (the server answers 412 without allowance).
    None,
}

/// A client that pays with one key (builder style).
#[derive(Clone)]
pub struct PayingClient {
    http: reqwest::Client,
    signer: PrivateKeySigner,
    max_amount: Option<u64>,
    chain_rpc: Option<String>,
    allowance: AllowanceMode,
}

impl std::fmt::Debug for PayingClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PayingClient")
            .field("payer", &self.signer.address())
            .field("max_amount", &self.max_amount)
            .finish()
    }
}

/// The first requirement this client can pay: `exact` + `permit2` on an `eip155` network.
pub fn select(required: &PaymentRequired) -> Option<&PaymentRequirements> {
    required.accepts.iter().find(|a| {
        a.scheme == exact::SCHEME
            && a.transfer_method() == Some(exact::METHOD)
            && exact::chain_id_of(&a.network).is_some()
    })
}

/// Decodes the `PAYMENT-REQUIRED` header of a response.
pub fn challenge_of(headers: &reqwest::header::HeaderMap) -> Result<PaymentRequired, ClientError> {
    let v = headers
        .get(headers::PAYMENT_REQUIRED)
        .ok_or_else(|| ClientError::Challenge("missing".into()))?
        .to_str()
        .map_err(|e| ClientError::Challenge(e.to_string()))?;
    headers::decode(v).map_err(|e: HeaderError| ClientError::Challenge(e.to_string()))
}

impl PayingClient {
    /// A client paying with `signer`.
    pub fn new(signer: PrivateKeySigner) -> Self {
        PayingClient {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(std::time::Duration::from_secs(60))
                .build()
                .expect("reqwest client"),
            signer,
            max_amount: None,
            chain_rpc: None,
            allowance: AllowanceMode::Auto,
        }
    }

    /// Refuse to pay more than `units` atomic units.
    pub fn max_amount(mut self, units: Option<u64>) -> Self {
        self.max_amount = units;
        self
    }

    /// Chain RPC used to check the Permit2 allowance (and approve it, when allowed).
    pub fn chain_rpc(mut self, rpc: Option<String>) -> Self {
        self.chain_rpc = rpc;
        self
    }

    /// What to do without a Permit2 allowance.
    pub fn allowance_mode(mut self, mode: AllowanceMode) -> Self {
        self.allowance = mode;
        self
    }

    /// The payer.
    pub fn address(&self) -> Address {
        self.signer.address()
    }

    /// Builds a signed payment for the first payable requirement of `required`.
    pub async fn build_payment(
        &self,
        required: &PaymentRequired,
    ) -> Result<(PaymentPayload, PaymentRequirements), ClientError> {
        let req = select(required).cloned().ok_or_else(|| {
            ClientError::Unsupported(
                required
                    .accepts
                    .iter()
                    .map(|a| format!("{}/{}", a.scheme, a.network))
                    .collect::<Vec<_>>()
                    .join(", "),
            )
        })?;
        let amount: u64 = req
            .amount
            .parse()
            .map_err(|_| ClientError::Challenge(format!("amount {:?}", req.amount)))?;
        if let Some(max) = self.max_amount
            && amount > max
        {
            return Err(ClientError::TooExpensive { amount, max });
        }
        let mut extensions = Map::new();
        if let Some(rpc) = &self.chain_rpc
            && self.allowance != AllowanceMode::None
        {
            let offered = required.extensions.contains_key(sponsoring::KEY);
            if let Some(info) = self.ensure_allowance(rpc, &req, offered).await? {
                extensions.insert(sponsoring::KEY.into(), json!({ "info": info }));
            }
        }
        let payload =
            exact::sign(&self.signer, &req, &SignOptions::default()).map_err(ClientError::Sign)?;
        Ok((
            PaymentPayload {
                x402_version: X402_VERSION,
                resource: Some(required.resource.clone()),
                accepted: req.clone(),
                payload,
                extensions,
            },
            req,
        ))
    }

    /// Makes sure Permit2 may pull the amount: returns sponsoring info to attach, or approves
    /// with a transaction, or does nothing when the allowance suffices.
    async fn ensure_allowance(
        &self,
        rpc: &str,
        req: &PaymentRequirements,
        sponsoring_offered: bool,
    ) -> Result<Option<Value>, ClientError> {
        let chain = |e: String| ClientError::Chain(e);
        let url = rpc
            .parse()
            .map_err(|_| chain(format!("bad RPC URL {rpc:?}")))?;
        let asset: Address = req.asset.parse().map_err(|_| chain("bad asset".into()))?;
        let amount = U256::from_str_radix(&req.amount, 10).map_err(|e| chain(e.to_string()))?;
        let provider = ProviderBuilder::new()
            .wallet(EthereumWallet::from(self.signer.clone()))
            .connect_http(url);
        let token = ITip20Token::new(asset, &provider);
        let me = self.signer.address();
        let allowance = token
            .allowance(me, PERMIT2)
            .call()
            .await
            .map_err(|e| chain(e.to_string()))?;
        if allowance >= amount {
            return Ok(None);
        }
        let sponsor = match self.allowance {
            AllowanceMode::SponsoringOnly => true,
            AllowanceMode::Approve => false,
            _ => sponsoring_offered,
        };
        if sponsor {
            let nonce = token
                .nonces(me)
                .call()
                .await
                .map_err(|e| chain(e.to_string()))?;
            let deadline = now_secs() + req.max_timeout_seconds.max(60);
            let info =
                sponsoring::sign(&self.signer, req, nonce, deadline).map_err(ClientError::Sign)?;
            return Ok(Some(info));
        }
        let receipt = token
            .approve(PERMIT2, U256::MAX)
            .send()
            .await
            .map_err(|e| chain(format!("approve Permit2: {e}")))?
            .get_receipt()
            .await
            .map_err(|e| chain(format!("approve Permit2: {e}")))?;
        if !receipt.status() {
            return Err(chain("approve Permit2 reverted".into()));
        }
        tracing::info!(tx = %receipt.transaction_hash, "approved Permit2 for the asset (one time)");
        let _ = provider.get_block_number().await;
        Ok(None)
    }

    /// Sends `method url` (with `body`); pays once if the answer is 402.
    pub async fn send(
        &self,
        method: Method,
        url: &str,
        body: Option<Vec<u8>>,
    ) -> Result<Paid, ClientError> {
        let first = self
            .request(method.clone(), url, body.clone(), None)
            .await?;
        if first.status().as_u16() != 402 {
            return finish(first, None).await;
        }
        let required = challenge_of(first.headers())?;
        let (payment, req) = self.build_payment(&required).await?;
        let resp = self
            .request(method, url, body, Some(headers::encode(&payment)))
            .await?;
        finish(resp, Some(req)).await
    }

    async fn request(
        &self,
        method: Method,
        url: &str,
        body: Option<Vec<u8>>,
        payment: Option<String>,
    ) -> Result<reqwest::Response, ClientError> {
        let mut rb = self.http.request(method, url);
        if let Some(b) = body {
            rb = rb.header("content-type", "application/json").body(b);
        }
        if let Some(p) = payment {
            rb = rb.header(headers::PAYMENT_SIGNATURE, p);
        }
        rb.send()
            .await
            .map_err(|e| ClientError::Http(e.to_string()))
    }
}

async fn finish(
    resp: reqwest::Response,
    requirement: Option<PaymentRequirements>,
) -> Result<Paid, ClientError> {
    let status = resp.status().as_u16();
    let settlement = resp
        .headers()
        .get(headers::PAYMENT_RESPONSE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| headers::decode::<SettleResponse>(v).ok());
    let challenge = if status == 402 || status == 412 {
        challenge_of(resp.headers()).ok()
    } else {
        None
    };
    let body = resp
        .bytes()
        .await
        .map_err(|e| ClientError::Http(e.to_string()))?
        .to_vec();
    Ok(Paid {
        status,
        body,
        settlement,
        requirement,
        challenge,
    })
}
