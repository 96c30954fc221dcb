//! Rejected payments are cheap to refuse, on a real anvil behind a counting JSON-RPC proxy and a
//! real node process: a replayed unfunded payment is answered from a short cache without any
//! `eth_call` about its payer; a payer whose signed payments keep failing on chain, and a client IP sending
//! rejected payments, are refused with 429 before verification.

mod common;

use std::sync::{Arc, Mutex};

use alloy::primitives::Address;

use alloy::signers::local::PrivateKeySigner;
use axum::body::Bytes;
use axum::extract::State;
use common::Node;
use common::payments::{
    facilitator_address, facilitator_funded, pay_with, payment_required, payments_ready,
    start_chain,
};
use x402_payments::client::PayingClient;
use x402_payments::headers;
use x402_payments::types::PaymentRequired;

/// The `eth_call` requests a proxy forwarded, as JSON text.
#[derive(Clone, Default)]
struct Calls(Arc<Mutex<Vec<String>>>);

impl Calls {
    /// How many `eth_call`s were about `who` (its address in the call data). Other calls, such
    /// as the node's own identity lookups in the background, are not the payment's cost.
    fn about(&self, who: Address) -> usize {
        let needle = format!("{who:x}").trim_start_matches("0x").to_lowercase();
        let calls = self.0.lock().unwrap();
        calls
            .iter()
            .filter(|c| c.to_lowercase().contains(&needle))
            .count()
    }
}

#[derive(Clone)]
struct Proxy {
    upstream: String,
    eth_calls: Calls,
}

async fn forward(State(p): State<Proxy>, body: Bytes) -> axum::response::Response {
    let text = String::from_utf8_lossy(&body);
    if text.contains(r#""method":"eth_call""#) {
        p.eth_calls.0.lock().unwrap().push(text.into_owned());
    }
    let resp = reqwest::Client::new()
        .post(&p.upstream)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    let bytes = resp.bytes().await.unwrap();
    axum::response::Response::builder()
        .header("content-type", "application/json")
        .body(axum::body::Body::from(bytes))
        .unwrap()
}

/// A JSON-RPC proxy to `upstream` recording `eth_call`s; returns its URL and the record.
async fn counting_proxy(upstream: &str) -> (String, Calls) {
    let eth_calls = Calls::default();
    let app = axum::Router::new()
        .fallback(axum::routing::post(forward))
        .with_state(Proxy {
            upstream: upstream.to_string(),
            eth_calls: eth_calls.clone(),
        });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, eth_calls)
}

async fn signed(payer: &PrivateKeySigner, required: &PaymentRequired) -> String {
    let (payment, _) = PayingClient::new(payer.clone())
        .build_payment(required)
        .await
        .unwrap();
    headers::encode(&payment)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rejected_payments_are_cached_and_rate_limited() {
    let (anvil, chain) = start_chain().await;
    let (rpc, eth_calls) = counting_proxy(&anvil.rpc).await;
    let root = tempfile::tempdir().unwrap();
    let node = Node::start_with(
        root.path(),
        "guard",
        &["--chain-rpc".to_string(), rpc, "--chain-is-dev".to_string()],
    );
    let supported = payments_ready(&node).await;
    facilitator_funded(&chain, facilitator_address(&supported)).await;
    let url = format!("{}/paid/hello", node.http);
    let resp = reqwest::get(&url).await.unwrap();
    assert_eq!(resp.status(), 402);
    let required = payment_required(resp.headers());

    // An unfunded payer's signed payment: rejected after chain calls.
    let unfunded = PrivateKeySigner::random();
    let header = signed(&unfunded, &required).await;
    let before = eth_calls.about(unfunded.address());
    let first = pay_with(&url, headers::PAYMENT_SIGNATURE, &header).await;
    assert_eq!(
        (first.status, first.error.as_deref()),
        (402, Some("permit2_insufficient_balance"))
    );
    let after_first = eth_calls.about(unfunded.address());
    assert!(after_first > before, "verification reads the chain");
    // Replays: the same answer, no RPC call.
    for _ in 0..5 {
        let again = pay_with(&url, headers::PAYMENT_SIGNATURE, &header).await;
        assert_eq!(
            (again.status, again.error.as_deref()),
            (402, Some("permit2_insufficient_balance"))
        );
    }
    assert_eq!(
        eth_calls.about(unfunded.address()),
        after_first,
        "replays cost no eth_call"
    );

    // New payments of the same payer: 10 rejections on chain, then 429 without verification.
    for _ in 1..10 {
        let h = signed(&unfunded, &required).await;
        assert_eq!(
            pay_with(&url, headers::PAYMENT_SIGNATURE, &h).await.status,
            402
        );
    }
    let calls = eth_calls.about(unfunded.address());
    let h = signed(&unfunded, &required).await;
    let limited = pay_with(&url, headers::PAYMENT_SIGNATURE, &h).await;
    assert_eq!(limited.status, 429, "{}", limited.body);
    assert_eq!(eth_calls.about(unfunded.address()), calls);

    // The client IP: 30 rejected payments per window (10 so far), then 429 for anything.
    for _ in 10..30 {
        let h = signed(&PrivateKeySigner::random(), &required).await;
        assert_eq!(
            pay_with(&url, headers::PAYMENT_SIGNATURE, &h).await.status,
            402
        );
    }
    let h = signed(&PrivateKeySigner::random(), &required).await;
    assert_eq!(
        pay_with(&url, headers::PAYMENT_SIGNATURE, &h).await.status,
        429
    );
    // Asking for the challenge is not a rejected payment: still answered.
    assert_eq!(reqwest::get(&url).await.unwrap().status(), 402);
}
