//! The paying side: request → 402 → pick a requirement (`exact` with Permit2, or the legacy
//! `tempo-tip20`) → obtain the allowance it needs → sign → retry with `PAYMENT-SIGNATURE`.

use alloy::primitives::{Address, U256};
use alloy::signers::local::PrivateKeySigner;
use reqwest::Method;
use serde_json::{Map, json};

use crate::headers::{self, HeaderError};
use crate::schemes::{exact, sponsoring, tempo_tip20};
use crate::types::{
    PaymentPayload, PaymentRequired, PaymentRequirements, SettleResponse, X402_VERSION,
};

mod allowance;

pub use allowance::facilitator_of;

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
        "no supported way to pay (this client pays exact/permit2 and tempo-tip20 on eip155 \
         networks); offered: {0}"
    )]
    Unsupported(String),
    /// `tempo-tip20`: the facilitator may not pull the amount and the allowance mode forbids
    /// sending an `approve` transaction.
    #[error(
        "tempo-tip20 needs an allowance of {need} units to the facilitator {spender} (current: \
         {have}); allow an approve transaction (allowance mode auto or approve)"
    )]
    AllowanceRequired {
        /// The facilitator address advertised in the requirement.
        spender: Address,
        /// Current allowance.
        have: U256,
        /// The price.
        need: U256,
    },
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
    /// The requirement is for another chain than the client's.
    #[error(
        "refused: the server asks for payment on {network}, but this client pays on eip155:{chain_id}"
    )]
    WrongChain {
        /// The requirement's network.
        network: String,
        /// The client's chain (pinned, or its RPC's).
        chain_id: u64,
    },
    /// The requirement's asset is not in the client's allow-list.
    #[error("refused: asset {asset} is not in this client's allowed assets ({allowed})")]
    AssetNotAllowed {
        /// The requirement's asset.
        asset: String,
        /// The allow-list.
        allowed: String,
    },
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

/// How to get a missing allowance: to Permit2 (`exact`) or to the facilitator address
/// advertised in the requirement (`tempo-tip20`, which has no gasless variant).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AllowanceMode {
    /// `exact`: `eip2612GasSponsoring` when the server offers it, else `approve(Permit2, max)`;
    /// `tempo-tip20`: a one-time `approve(facilitator, …)`.
    Auto,
    /// Only the sponsoring extension (never send a transaction); `tempo-tip20` without
    /// allowance fails with [`ClientError::AllowanceRequired`].
    SponsoringOnly,
    /// Only a one-time `approve` transaction.
    Approve,
    /// Never obtain one: `exact` is sent as is (the server answers 412 without allowance);
    /// `tempo-tip20` without allowance fails with [`ClientError::AllowanceRequired`].
    None,
}

/// The schemes this client pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scheme {
    /// `exact` with `assetTransferMethod: "permit2"` (the default preference).
    #[default]
    Exact,
    /// The legacy `tempo-tip20` (approve the facilitator, sign a `PaymentAuthorization`).
    TempoTip20,
}

impl Scheme {
    /// The wire name.
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Exact => exact::SCHEME,
            Scheme::TempoTip20 => tempo_tip20::SCHEME,
        }
    }

    /// The other scheme (the fallback when this one is not offered).
    pub fn other(self) -> Scheme {
        match self {
            Scheme::Exact => Scheme::TempoTip20,
            Scheme::TempoTip20 => Scheme::Exact,
        }
    }

    /// Whether this client can pay `req` with this scheme.
    pub fn can_pay(self, req: &PaymentRequirements) -> bool {
        let eip155 = exact::chain_id_of(&req.network).is_some();
        match self {
            Scheme::Exact => {
                req.scheme == exact::SCHEME
                    && req.transfer_method() == Some(exact::METHOD)
                    && eip155
            }
            Scheme::TempoTip20 => req.scheme == tempo_tip20::SCHEME && eip155,
        }
    }
}

/// A client that pays with one key (builder style).
#[derive(Clone)]
pub struct PayingClient {
    http: reqwest::Client,
    signer: PrivateKeySigner,
    max_amount: Option<u64>,
    chain_rpc: Option<String>,
    allowance: AllowanceMode,
    scheme: Scheme,
    facilitator_approval: Option<U256>,
    permit2_approval: Option<U256>,
    assets: Vec<Address>,
    chain_id: Option<u64>,
    signature_lifetime: Option<u64>,
}

impl std::fmt::Debug for PayingClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PayingClient")
            .field("payer", &self.signer.address())
            .field("max_amount", &self.max_amount)
            .field("scheme", &self.scheme)
            .finish()
    }
}

/// The requirement to pay: the first `accepts` entry payable with `preferred`, else the first
/// payable with the other scheme.
pub fn select(
    required: &PaymentRequired,
    preferred: Scheme,
) -> Option<(Scheme, &PaymentRequirements)> {
    [preferred, preferred.other()]
        .into_iter()
        .find_map(|scheme| {
            required
                .accepts
                .iter()
                .find(|a| scheme.can_pay(a))
                .map(|a| (scheme, a))
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
            scheme: Scheme::Exact,
            facilitator_approval: None,
            permit2_approval: None,
            assets: vec![crate::onchain::PATH_USD],
            chain_id: None,
            signature_lifetime: None,
        }
    }

    /// Assets this client pays in (default: pathUSD only); any other is refused.
    pub fn assets(mut self, assets: Vec<Address>) -> Self {
        self.assets = assets;
        self
    }

    /// The chain this client pays on. Without it, the chain of [`PayingClient::chain_rpc`] (its
    /// `eth_chainId`) is used; a requirement on any other network is refused.
    pub fn chain_id(mut self, id: Option<u64>) -> Self {
        self.chain_id = id;
        self
    }

    /// `exact`: the signed authorization expires after at most `secs` seconds (default: the
    /// requirement's `maxTimeoutSeconds`). A payer that must know soon whether an unsettled
    /// signature can still move funds keeps this short.
    pub fn signature_lifetime(mut self, secs: Option<u64>) -> Self {
        self.signature_lifetime = secs;
        self
    }

    /// `exact`: how many atomic units to approve Permit2 for when an approve transaction is
    /// needed (default: exactly the current payment; pass `U256::MAX` for an unlimited
    /// standing allowance).
    pub fn permit2_approval(mut self, units: U256) -> Self {
        self.permit2_approval = Some(units);
        self
    }

    /// The chain id payments must be for: pinned, else the RPC's, else none.
    async fn pinned_chain(&self) -> Result<Option<u64>, ClientError> {
        if self.chain_id.is_some() {
            return Ok(self.chain_id);
        }
        let Some(rpc) = &self.chain_rpc else {
            return Ok(None);
        };
        use alloy::providers::{Provider, ProviderBuilder};
        let url = rpc
            .parse()
            .map_err(|_| ClientError::Chain(format!("bad RPC URL {rpc:?}")))?;
        let id = ProviderBuilder::new()
            .connect_http(url)
            .get_chain_id()
            .await
            .map_err(|e| ClientError::Chain(e.to_string()))?;
        Ok(Some(id))
    }

    /// The requirement to pay: [`select`]ed among those in an allowed asset on the pinned
    /// chain; the refusal names why when the server offers nothing acceptable.
    fn choose(
        &self,
        required: &PaymentRequired,
        chain_id: Option<u64>,
    ) -> Result<(Scheme, PaymentRequirements), ClientError> {
        let asset_ok = |a: &PaymentRequirements| {
            a.asset
                .parse::<Address>()
                .is_ok_and(|x| self.assets.contains(&x))
        };
        let chain_ok = |a: &PaymentRequirements| {
            chain_id.is_none_or(|id| exact::chain_id_of(&a.network) == Some(id))
        };
        let acceptable = PaymentRequired {
            accepts: required
                .accepts
                .iter()
                .filter(|a| asset_ok(a) && chain_ok(a))
                .cloned()
                .collect(),
            ..required.clone()
        };
        if let Some((scheme, req)) = select(&acceptable, self.scheme) {
            return Ok((scheme, req.clone()));
        }
        let Some((_, payable)) = select(required, self.scheme) else {
            return Err(ClientError::Unsupported(
                required
                    .accepts
                    .iter()
                    .map(|a| format!("{}/{}", a.scheme, a.network))
                    .collect::<Vec<_>>()
                    .join(", "),
            ));
        };
        match chain_id {
            Some(id) if !chain_ok(payable) => Err(ClientError::WrongChain {
                network: payable.network.clone(),
                chain_id: id,
            }),
            _ => Err(ClientError::AssetNotAllowed {
                asset: payable.asset.clone(),
                allowed: self
                    .assets
                    .iter()
                    .map(|a| a.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
        }
    }

    /// The scheme to pay with when the server offers it (default [`Scheme::Exact`]); when it
    /// does not, the other one is used.
    pub fn scheme(mut self, scheme: Scheme) -> Self {
        self.scheme = scheme;
        self
    }

    /// `tempo-tip20`: how many atomic units to approve the facilitator for when its allowance is
    /// short. The facilitator key can pull up to this amount without another signature, so the
    /// default approves exactly what the current payment needs; a larger standing approval
    /// saves an approval transaction per payment at the cost of that trust.
    pub fn facilitator_approval(mut self, units: U256) -> Self {
        self.facilitator_approval = Some(units);
        self
    }

    /// Refuse to pay more than `units` atomic units.
    pub fn max_amount(mut self, units: Option<u64>) -> Self {
        self.max_amount = units;
        self
    }

    /// Chain RPC used to check the allowance to Permit2 or to the facilitator (and approve it,
    /// when allowed). Without it no allowance is checked.
    pub fn chain_rpc(mut self, rpc: Option<String>) -> Self {
        self.chain_rpc = rpc;
        self
    }

    /// What to do without an allowance.
    pub fn allowance_mode(mut self, mode: AllowanceMode) -> Self {
        self.allowance = mode;
        self
    }

    /// The payer.
    pub fn address(&self) -> Address {
        self.signer.address()
    }

    /// Builds a signed payment for the requirement [`select`]ed from `required`, after the
    /// max-amount guard and making sure of the allowance (when a chain RPC is set).
    pub async fn build_payment(
        &self,
        required: &PaymentRequired,
    ) -> Result<(PaymentPayload, PaymentRequirements), ClientError> {
        let chain_id = self.pinned_chain().await?;
        let (scheme, req) = self.choose(required, chain_id)?;
        let amount: u64 = req
            .amount
            .parse()
            .map_err(|_| ClientError::Challenge(format!("amount {:?}", req.amount)))?;
        if let Some(max) = self.max_amount
            && amount > max
        {
            return Err(ClientError::TooExpensive { amount, max });
        }
        let payload = match scheme {
            Scheme::Exact => self.exact_payment(required, &req).await?,
            Scheme::TempoTip20 => self.legacy_payment(required, &req).await?,
        };
        Ok((payload, req))
    }

    async fn exact_payment(
        &self,
        required: &PaymentRequired,
        req: &PaymentRequirements,
    ) -> Result<PaymentPayload, ClientError> {
        let mut extensions = Map::new();
        if let Some(rpc) = &self.chain_rpc
            && self.allowance != AllowanceMode::None
        {
            let offered = required.extensions.contains_key(sponsoring::KEY);
            let chain = allowance::Allowances::new(&self.signer, self.allowance, rpc, req);
            let needed = U256::from_str_radix(&req.amount, 10).unwrap_or_default();
            let approval = self.permit2_approval.unwrap_or(needed);
            if let Some(info) = chain.permit2(offered, approval).await? {
                extensions.insert(sponsoring::KEY.into(), json!({ "info": info }));
            }
        }
        let options = exact::SignOptions {
            deadline: self
                .signature_lifetime
                .map(|s| crate::schemes::now_secs() + s.min(req.max_timeout_seconds)),
            ..Default::default()
        };
        let payload = exact::sign(&self.signer, req, &options).map_err(ClientError::Sign)?;
        Ok(PaymentPayload {
            x402_version: X402_VERSION,
            resource: Some(required.resource.clone()),
            accepted: req.clone(),
            payload,
            extensions,
        })
    }

    /// A `tempo-tip20` payment in the v2 envelope (`accepted` = the requirement, `payload` =
    /// the reference client's signed authorization).
    async fn legacy_payment(
        &self,
        required: &PaymentRequired,
        req: &PaymentRequirements,
    ) -> Result<PaymentPayload, ClientError> {
        if let Some(rpc) = &self.chain_rpc {
            let facilitator = facilitator_of(req)?;
            // Unparsable amounts approve 0 here and are refused by the facilitator.
            let needed = U256::from_str_radix(&req.amount, 10).unwrap_or_default();
            allowance::Allowances::new(&self.signer, self.allowance, rpc, req)
                .facilitator(facilitator, self.facilitator_approval.unwrap_or(needed))
                .await?;
        }
        let header = tempo_tip20::sign(&self.signer, req, &tempo_tip20::SignOptions::default())
            .map_err(ClientError::Sign)?;
        Ok(PaymentPayload {
            x402_version: X402_VERSION,
            resource: Some(required.resource.clone()),
            accepted: req.clone(),
            payload: serde_json::to_value(header.payload)
                .map_err(|e| ClientError::Sign(e.to_string()))?,
            extensions: Map::new(),
        })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::ResourceInfo;

    fn exact_req() -> PaymentRequirements {
        let mut extra = Map::new();
        extra.insert("assetTransferMethod".into(), json!(exact::METHOD));
        PaymentRequirements {
            scheme: exact::SCHEME.into(),
            network: "eip155:42431".into(),
            amount: "1000".into(),
            asset: crate::onchain::PATH_USD.to_string(),
            pay_to: Address::repeat_byte(1).to_string(),
            max_timeout_seconds: 300,
            extra,
            price: None,
            facilitator_address: None,
        }
    }

    fn legacy_req() -> PaymentRequirements {
        tempo_tip20::requirement(
            "eip155:42431",
            1000,
            crate::onchain::PATH_USD,
            Address::repeat_byte(1),
            Address::repeat_byte(2),
            "$0.001".into(),
        )
    }

    fn offer(accepts: Vec<PaymentRequirements>) -> PaymentRequired {
        PaymentRequired {
            x402_version: X402_VERSION,
            error: None,
            resource: ResourceInfo {
                url: "http://x/paid".into(),
                description: None,
                mime_type: None,
            },
            accepts,
            extensions: Map::new(),
        }
    }

    fn picked(required: &PaymentRequired, preferred: Scheme) -> Option<Scheme> {
        select(required, preferred).map(|(s, req)| {
            assert_eq!(req.scheme, s.name());
            s
        })
    }

    #[test]
    fn selection_prefers_the_chosen_scheme_and_falls_back_to_the_other() {
        let both = offer(vec![legacy_req(), exact_req()]);
        assert_eq!(picked(&both, Scheme::Exact), Some(Scheme::Exact));
        assert_eq!(picked(&both, Scheme::TempoTip20), Some(Scheme::TempoTip20));
        let exact_only = offer(vec![exact_req()]);
        assert_eq!(picked(&exact_only, Scheme::TempoTip20), Some(Scheme::Exact));
        let legacy_only = offer(vec![legacy_req()]);
        assert_eq!(
            picked(&legacy_only, Scheme::Exact),
            Some(Scheme::TempoTip20)
        );
        // Neither payable: another transfer method, another network family.
        let mut other_method = exact_req();
        other_method
            .extra
            .insert("assetTransferMethod".into(), json!("eip3009"));
        let mut solana = legacy_req();
        solana.network = "solana:mainnet".into();
        assert_eq!(
            picked(&offer(vec![other_method, solana]), Scheme::Exact),
            None
        );
    }

    #[test]
    fn the_facilitator_address_comes_from_extra_or_the_legacy_field() {
        let mut req = legacy_req();
        assert_eq!(facilitator_of(&req).unwrap(), Address::repeat_byte(2));
        req.extra.clear();
        assert_eq!(facilitator_of(&req).unwrap(), Address::repeat_byte(2));
        req.facilitator_address = None;
        assert!(matches!(
            facilitator_of(&req),
            Err(ClientError::Challenge(_))
        ));
    }

    #[tokio::test]
    async fn other_assets_and_other_chains_are_refused() {
        let client = PayingClient::new(PrivateKeySigner::random());
        let mut evil = exact_req();
        evil.asset = Address::repeat_byte(0xee).to_string();
        // Another asset first: the allowed one is paid.
        let (_, req) = client
            .build_payment(&offer(vec![evil.clone(), exact_req()]))
            .await
            .unwrap();
        assert_eq!(req, exact_req());
        assert!(matches!(
            client.build_payment(&offer(vec![evil.clone()])).await,
            Err(ClientError::AssetNotAllowed { .. })
        ));
        let allowing = client.clone().assets(vec![Address::repeat_byte(0xee)]);
        assert!(allowing.build_payment(&offer(vec![evil])).await.is_ok());
        // Pinned to another chain: refused, whatever the asset.
        let pinned = client.chain_id(Some(4217));
        assert!(matches!(
            pinned.build_payment(&offer(vec![exact_req()])).await,
            Err(ClientError::WrongChain { chain_id: 4217, .. })
        ));
    }

    #[tokio::test]
    async fn a_legacy_payment_is_a_v2_envelope_the_facilitator_can_parse() {
        let signer = PrivateKeySigner::random();
        let required = offer(vec![exact_req(), legacy_req()]);
        let client = PayingClient::new(signer.clone()).scheme(Scheme::TempoTip20);
        let (payment, req) = client.build_payment(&required).await.unwrap();
        assert_eq!(req, legacy_req());
        assert!(payment.accepted.same_as(&req));
        assert_eq!(payment.x402_version, X402_VERSION);
        let auth = tempo_tip20::Authorization::parse(&payment).unwrap();
        assert_eq!(auth.from, signer.address());
        auth.check(&req, 42431, crate::schemes::now_secs()).unwrap();
        let guarded = client.max_amount(Some(999)).build_payment(&required).await;
        assert!(matches!(
            guarded,
            Err(ClientError::TooExpensive {
                amount: 1000,
                max: 999
            })
        ));
    }
}
