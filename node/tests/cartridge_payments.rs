//! Cartridges sold over HTTP 402 on a real anvil (Tempo mode) with a real node process: the
//! challenge at the cartridge's own price, a paid call whose `payment_info()` echoes the real
//! payer, amount and transaction, pathUSD moved exactly once, prices that follow redeploys,
//! missing cartridges answered 404 without a challenge, and free cartridges on an offline node.

mod common;

use std::time::Duration;

use alloy::primitives::{Address, U256};
use base64::Engine as _;
use common::Node;
use common::payments::{
    approve, dev_key, facilitator_address, facilitator_funded, node_wallet, payment_required,
    payments_ready, start_chain, transfers,
};
use serde_json::{Value, json};
use x402_payments::client::PayingClient;
use x402_payments::headers;
use x402_payments::onchain::{PATH_USD, PERMIT2};
use x402_payments::types::SettleResponse;

/// Answers the JSON `payment_info()` returned (`null` when unpaid).
const ECHO_PAYMENT: &str = r#"(module
  (import "x402" "payment_info" (func $payment_info (result i64)))
  (import "x402" "response" (func $response (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (func (export "x402_handle") (param i32 i32)
    (local $p i64)
    (local.set $p (call $payment_info))
    (call $response (i32.const 200)
      (i32.wrap_i64 (i64.shr_u (local.get $p) (i64.const 32)))
      (i32.wrap_i64 (local.get $p))
      (i32.const 0) (i32.const 0))))"#;

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

/// Deploys [`ECHO_PAYMENT`] as `slug` (with `price` unless `None`); returns status and body.
async fn deploy(node: &Node, slug: &str, price: Option<&str>) -> (u16, Value) {
    let token = std::fs::read_to_string(node.data_dir.join("admin.token")).unwrap();
    let wasm = wat::parse_str(ECHO_PAYMENT).unwrap();
    let mut body = json!({
        "slug": slug,
        "wasm_base64": base64::engine::general_purpose::STANDARD.encode(wasm),
    });
    if let Some(p) = price {
        body["price"] = json!(p);
    }
    let resp = client()
        .post(format!("{}/admin/cartridges", node.http))
        .bearer_auth(token.trim())
        .json(&body)
        .send()
        .await
        .unwrap();
    (resp.status().as_u16(), resp.json().await.unwrap())
}

/// `method /c/{path}` (with an optional `PAYMENT-SIGNATURE`): status, headers, body.
async fn call(
    node: &Node,
    method: reqwest::Method,
    path: &str,
    payment: Option<&str>,
) -> (u16, reqwest::header::HeaderMap, String) {
    let mut rb = client().request(method, format!("{}/c/{path}", node.http));
    if let Some(p) = payment {
        rb = rb.header(headers::PAYMENT_SIGNATURE, p);
    }
    let resp = rb.send().await.unwrap();
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    (status, headers, resp.text().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn priced_cartridge_is_sold_over_402_and_sees_its_payment() {
    let (anvil, chain) = start_chain().await;
    let root = tempfile::tempdir().unwrap();
    let args = vec![
        "--chain-rpc".to_string(),
        anvil.rpc.clone(),
        "--chain-is-dev".to_string(),
    ];
    let node = Node::start_with(root.path(), "cart-pay", &args);
    let supported = payments_ready(&node).await;
    let facilitator = facilitator_address(&supported);
    facilitator_funded(&chain, facilitator).await;
    let wallet = node_wallet(&node).await;

    // Prices: explicit, free, and the configured default.
    let (status, body) = deploy(&node, "priced", Some("$0.0042")).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(deploy(&node, "free", Some("$0")).await.0, 201);
    let (_, body) = deploy(&node, "default", None).await;
    assert_eq!(body["cartridge"]["price"], "$0.001", "default price");

    // Unpaid → 402 at the cartridge's exact price, paid to the node's wallet.
    let get = reqwest::Method::GET;
    let post = reqwest::Method::POST;
    let (status, h, _) = call(&node, get.clone(), "priced/sub?x=1", None).await;
    assert_eq!(status, 402);
    let required = payment_required(&h);
    assert_eq!(required.accepts[0].amount, "4200");
    assert_eq!(
        required.accepts[0].pay_to.parse::<Address>().unwrap(),
        wallet
    );
    assert_eq!(required.resource.url, format!("{}/c/priced/sub", node.http));
    let (status, h, _) = call(&node, get.clone(), "default", None).await;
    assert_eq!(
        (status, payment_required(&h).accepts[0].amount.as_str()),
        (402, "1000")
    );

    // Missing cartridge → 404, never a challenge; the free routes and a free cartridge → 200.
    for (method, path) in [
        (get.clone(), "missing"),
        (post.clone(), "missing/a/b"),
        (get.clone(), "priced/"),
    ] {
        let (status, h, _) = call(&node, method, path, None).await;
        assert_eq!(status, 404);
        assert!(h.get(headers::PAYMENT_REQUIRED).is_none());
    }
    for path in ["priced/manifest", "free", "free/x"] {
        let (status, _, body) = call(&node, get.clone(), path, None).await;
        assert_eq!(status, 200, "{path}: {body}");
    }
    // A sold backend's module is not given away, and asking for it costs nothing.
    let (status, h, body) = call(&node, get.clone(), "priced/wasm", None).await;
    assert_eq!(status, 403, "{body}");
    assert!(h.get(headers::PAYMENT_REQUIRED).is_none());
    let (_, _, body) = call(&node, get.clone(), "free", None).await;
    assert_eq!(body, "null", "free request: payment_info() is null");
    let list: Value = client()
        .get(format!("{}/c", node.http))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["cartridges"].as_array().unwrap().len(), 3);

    // Pay (after the one-time Permit2 approval, so the payer sends no other transaction).
    // anvil's dev account 5 (fee token pathUSD).
    let payer = dev_key(0);
    approve(&anvil.rpc, &payer, PERMIT2, U256::MAX).await;
    let before = chain.balance(payer.address()).await.unwrap();
    let (payment, _) = PayingClient::new(payer.clone())
        .build_payment(&required)
        .await
        .unwrap();
    let header = headers::encode(&payment);
    let (status, h, body) = call(&node, post.clone(), "priced/sub?x=1", Some(&header)).await;
    assert_eq!(status, 200, "{body}");
    let settlement: SettleResponse =
        headers::decode(h[headers::PAYMENT_RESPONSE].to_str().unwrap()).unwrap();
    assert!(settlement.success);
    let info: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        info["payer"].as_str().unwrap().to_lowercase(),
        payer.address().to_string().to_lowercase()
    );
    assert_eq!(info["amount"], "4200");
    assert_eq!(info["tx_hash"], settlement.transaction.as_str());
    assert_eq!(info["network"], "eip155:31337");
    assert_eq!(
        info["asset"].as_str().unwrap().parse::<Address>().unwrap(),
        PATH_USD
    );

    // Money moved on chain exactly once: one transfer payer → wallet of the price.
    let price = U256::from(4200);
    assert_eq!(
        transfers(&anvil.rpc, &settlement.transaction, payer.address(), wallet).await,
        vec![price]
    );
    assert_eq!(
        chain.balance(payer.address()).await.unwrap(),
        before - price
    );
    let (status, h, _) = call(&node, post.clone(), "priced/sub?x=1", Some(&header)).await;
    assert_eq!(
        (status, payment_required(&h).error.as_deref()),
        (402, Some("permit2_invalid_nonce")),
        "replay refused"
    );
    assert_eq!(
        chain.balance(payer.address()).await.unwrap(),
        before - price
    );
    // The cartridge's traffic and revenue: one paid request of $0.0042 (the replay never ran).
    let list: Value = reqwest::get(format!("{}/c", node.http))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let priced = list["cartridges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == "priced")
        .unwrap();
    assert_eq!(
        (&priced["paid_requests"], &priced["revenue_micros"]),
        (&json!(1), &json!(4200)),
        "{priced}"
    );
    assert!(priced["requests"].as_u64().unwrap() >= 1, "{priced}");

    // The price follows the serving version: free after a redeploy at $0, then $0.002.
    assert_eq!(deploy(&node, "priced", Some("$0")).await.0, 200);
    let (status, _, body) = call(&node, get.clone(), "priced", None).await;
    assert_eq!((status, body.as_str()), (200, "null"));
    assert_eq!(deploy(&node, "priced", Some("$0.002")).await.0, 200);
    let (status, h, _) = call(&node, get.clone(), "priced", None).await;
    assert_eq!(
        (status, payment_required(&h).accepts[0].amount.as_str()),
        (402, "2000")
    );
}

#[tokio::test]
async fn offline_node_serves_free_cartridges_and_refuses_priced_ones() {
    let root = tempfile::tempdir().unwrap();
    let node = Node::start(root.path(), "cart-offline", None);
    node.ready().await;
    assert_eq!(deploy(&node, "free", Some("$0")).await.0, 201);
    assert_eq!(deploy(&node, "priced", Some("$0.001")).await.0, 201);

    let (status, _, body) = call(&node, reqwest::Method::POST, "free/a", None).await;
    assert_eq!((status, body.as_str()), (200, "null"));
    let (status, h, body) = call(&node, reqwest::Method::GET, "priced", None).await;
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("payments_not_ready"), "{body}");
    assert!(h.get(headers::PAYMENT_REQUIRED).is_none());
    let (status, _, _) = call(&node, reqwest::Method::GET, "priced/manifest", None).await;
    assert_eq!(status, 200);
    let (status, h, _) = call(&node, reqwest::Method::GET, "missing", None).await;
    assert_eq!(status, 404);
    assert!(h.get(headers::PAYMENT_REQUIRED).is_none());
}
