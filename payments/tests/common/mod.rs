//! A real anvil (Tempo mode), a facilitator on it and a paywalled axum server on loopback.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use alloy::network::EthereumWallet;
use alloy::primitives::{Address, U256};
use alloy::providers::{Provider, ProviderBuilder};
use alloy::signers::local::PrivateKeySigner;
use axum::http::Method;
use serde_json::Value;
use x402_identity::Chain;
use x402_identity::devchain::DevChain;
use x402_payments::headers;
use x402_payments::onchain::{ITip20Token, PATH_USD};
use x402_payments::paywall::{self, PaidRoute, Paywall};
use x402_payments::types::{PaymentRequired, SettleResponse};
use x402_payments::{Facilitator, FacilitatorConfig, Price};

/// anvil's dev keys, accounts 5–9 (funded with the fee token pathUSD).
pub const DEV_KEYS: [&str; 5] = [
    "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
    "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
    "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
    "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
    "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
];

/// The signer of [`DEV_KEYS`]`[i]`.
pub fn dev_key(i: usize) -> PrivateKeySigner {
    DEV_KEYS[i].parse().unwrap()
}

/// Starts anvil and connects to it.
pub async fn start_chain() -> (DevChain, Chain) {
    let anvil = DevChain::start(0)
        .await
        .expect("anvil (run ./scripts/setup)");
    let chain = Chain::connect_dev(&anvil.rpc).await.unwrap();
    (anvil, chain)
}

/// Turns anvil's automine on or off.
pub async fn automine(chain: &Chain, on: bool) {
    let _: Value = chain
        .provider
        .raw_request("evm_setAutomine".into(), (on,))
        .await
        .unwrap();
}

/// Mines one block.
pub async fn mine(chain: &Chain) {
    let _: Value = chain
        .provider
        .raw_request("evm_mine".into(), ())
        .await
        .unwrap();
}

/// `signer` approves `spender` for `amount` pathUSD (mined).
pub async fn approve(rpc: &str, signer: &PrivateKeySigner, spender: Address, amount: U256) {
    let provider = ProviderBuilder::new()
        .wallet(EthereumWallet::from(signer.clone()))
        .connect_http(rpc.parse().unwrap());
    let receipt = ITip20Token::new(PATH_USD, &provider)
        .approve(spender, amount)
        .send()
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(receipt.status());
}

/// A facilitator (key `key`, receipt timeout `receipt_timeout`, reconciler every 200 ms) and a
/// server selling `GET /paid` and `GET /other` at $0.001 each to `pay_to`; the handlers count
/// their runs.
pub struct Shop {
    pub facilitator: Arc<Facilitator>,
    pub url: String,
    pub served: Arc<AtomicUsize>,
    pub _db: tempfile::TempDir,
}

impl Shop {
    pub async fn start(
        rpc: &str,
        key: PrivateKeySigner,
        pay_to: Address,
        receipt: Duration,
    ) -> Shop {
        let db = tempfile::tempdir().unwrap();
        let tree = sled::open(db.path())
            .unwrap()
            .open_tree("payments")
            .unwrap();
        let facilitator = Facilitator::start(
            FacilitatorConfig::new(rpc)
                .dev_chain(true)
                .receipt_timeout(receipt)
                .reconcile_every(Duration::from_millis(200)),
            key,
            tree,
            tokio_util::sync::CancellationToken::new(),
        )
        .await
        .unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let price: Price = "$0.001".parse().unwrap();
        let wall = Arc::new(Paywall::new(
            url.clone(),
            vec![
                PaidRoute::new(Method::GET, "/paid", price),
                PaidRoute::new(Method::GET, "/other", price),
            ],
        ));
        wall.set_ready(facilitator.clone(), pay_to, "PathUSD".into());
        let served = Arc::new(AtomicUsize::new(0));
        let count = |c: Arc<AtomicUsize>| {
            move || async move {
                c.fetch_add(1, Ordering::SeqCst);
                "ok"
            }
        };
        let app = axum::Router::new()
            .route("/paid", axum::routing::get(count(served.clone())))
            .route("/other", axum::routing::get(count(served.clone())))
            .layer(axum::middleware::from_fn_with_state(
                wall,
                paywall::middleware,
            ));
        tokio::spawn(async move {
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            .unwrap()
        });
        Shop {
            facilitator,
            url,
            served,
            _db: db,
        }
    }

    /// How many times a handler ran.
    pub fn served(&self) -> usize {
        self.served.load(Ordering::SeqCst)
    }
}

/// What a request got back.
#[derive(Debug)]
pub struct Outcome {
    pub status: u16,
    pub settlement: Option<SettleResponse>,
    pub required: Option<PaymentRequired>,
    pub body: String,
}

/// `GET url`, with the payment header when given.
pub async fn get(url: &str, payment: Option<&str>) -> Outcome {
    let mut rb = reqwest::Client::new()
        .get(url)
        .timeout(Duration::from_secs(120));
    if let Some(p) = payment {
        rb = rb.header(headers::PAYMENT_SIGNATURE, p);
    }
    let resp = rb.send().await.unwrap();
    let status = resp.status().as_u16();
    let h = resp.headers().clone();
    Outcome {
        status,
        settlement: h
            .get(headers::PAYMENT_RESPONSE)
            .map(|v| headers::decode(v.to_str().unwrap()).unwrap()),
        required: h
            .get(headers::PAYMENT_REQUIRED)
            .map(|v| headers::decode(v.to_str().unwrap()).unwrap()),
        body: resp.text().await.unwrap(),
    }
}

/// Polls `f` every 100 ms until it returns `Some`, up to `limit`.
pub async fn wait_for<T, F, Fut>(limit: Duration, what: &str, mut f: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        if let Some(v) = f().await {
            return v;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
