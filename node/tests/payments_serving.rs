//! Never charge without serving, on a real anvil (Tempo mode) and a real node process:
//! free requests that fill every free cartridge slot never make a paid request settle and then
//! fail (paid work has its own pool, reserved before settlement); duplicates of one payment on a
//! settle-after route run the handler once (the payment id is claimed before the handler).

mod common;

use std::time::Duration;

use alloy::primitives::U256;
use base64::Engine as _;
use common::Node;
use common::payments::{
    approve, dev_key, facilitator_address, facilitator_funded, payment_records, payment_required,
    payments_ready, start_chain, write_paid_routes,
};
use serde_json::{Value, json};
use x402_payments::client::PayingClient;
use x402_payments::headers;
use x402_payments::onchain::PERMIT2;
use x402_payments::types::SettleResponse;

/// Loops until the cartridge timeout.
const LOOP: &str = r#"(module
  (memory (export "memory") 1)
  (func (export "x402_handle") (param i32 i32) (loop $l (br $l))))"#;

/// Answers "ok".
const OK: &str = r#"(module
  (import "x402" "response" (func $response (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "ok")
  (func (export "x402_handle") (param i32 i32)
    (call $response (i32.const 200) (i32.const 0) (i32.const 2) (i32.const 0) (i32.const 0))))"#;

/// Logs "handler-ran" (warn), spins a little (so duplicates overlap), answers "ok".
const COUNTED: &str = r#"(module
  (import "x402" "log" (func $log (param i32 i32 i32)))
  (import "x402" "response" (func $response (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "ok")
  (data (i32.const 16) "handler-ran")
  (func (export "x402_handle") (param i32 i32)
    (local $i i32)
    (call $log (i32.const 2) (i32.const 16) (i32.const 11))
    (local.set $i (i32.const 100000000))
    (loop $l (local.set $i (i32.sub (local.get $i) (i32.const 1))) (br_if $l (local.get $i)))
    (call $response (i32.const 200) (i32.const 0) (i32.const 2) (i32.const 0) (i32.const 0))))"#;

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(90))
        .build()
        .unwrap()
}

async fn deploy(node: &Node, slug: &str, wat: &str, price: &str) {
    let token = std::fs::read_to_string(node.data_dir.join("admin.token")).unwrap();
    let resp = client()
        .post(format!("{}/admin/cartridges", node.http))
        .bearer_auth(token.trim())
        .json(&json!({
            "slug": slug,
            "price": price,
            "wasm_base64": base64::engine::general_purpose::STANDARD
                .encode(wat::parse_str(wat).unwrap()),
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201, "{}", resp.text().await.unwrap());
}

/// `GET /c/{path}` with an optional payment: status, headers, body.
async fn get(
    node: &Node,
    path: &str,
    payment: Option<&str>,
) -> (u16, reqwest::header::HeaderMap, String) {
    let mut rb = client().get(format!("{}/c/{path}", node.http));
    if let Some(p) = payment {
        rb = rb.header(headers::PAYMENT_SIGNATURE, p);
    }
    let resp = rb.send().await.unwrap();
    let (status, h) = (resp.status().as_u16(), resp.headers().clone());
    (status, h, resp.text().await.unwrap())
}

fn settled(records: &Value) -> usize {
    records["payments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["state"] == "settled")
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn free_requests_filling_every_slot_never_make_a_paid_request_settle_and_fail() {
    let (anvil, chain) = start_chain().await;
    let root = tempfile::tempdir().unwrap();
    let node = Node::start_with(
        root.path(),
        "serve-pools",
        &[
            "--chain-rpc".to_string(),
            anvil.rpc.clone(),
            "--chain-is-dev".to_string(),
        ],
    );
    let supported = payments_ready(&node).await;
    facilitator_funded(&chain, facilitator_address(&supported)).await;
    deploy(&node, "spin", LOOP, "$0").await;
    deploy(&node, "free", OK, "$0").await;
    deploy(&node, "priced", OK, "$0.003").await;

    // 34 free requests to the looping cartridge (32 free slots, 2 waiting).
    let spinning: Vec<_> = (0..34)
        .map(|_| {
            let url = format!("{}/c/spin", node.http);
            tokio::spawn(async move { client().get(url).send().await.map(|r| r.status()) })
        })
        .collect();
    // Wait until the free pool is full: a free request then answers 503 (after queueing).
    common::wait_for(Duration::from_secs(60), "free pool full", || async {
        (get(&node, "free", None).await.0 == 503).then_some(())
    })
    .await;

    // A paid request still runs, and is charged exactly once.
    let payer = dev_key(1);
    approve(&anvil.rpc, &payer, PERMIT2, U256::MAX).await;
    let before = chain.balance(payer.address()).await.unwrap();
    let (status, h, _) = get(&node, "priced", None).await;
    assert_eq!(status, 402);
    let (payment, _) = PayingClient::new(payer.clone())
        .build_payment(&payment_required(&h))
        .await
        .unwrap();
    let (status, h, body) = get(&node, "priced", Some(&headers::encode(&payment))).await;
    assert_eq!(
        (status, body.as_str()),
        (200, "ok"),
        "paid while free slots are busy"
    );
    let settlement: SettleResponse =
        headers::decode(h[headers::PAYMENT_RESPONSE].to_str().unwrap()).unwrap();
    assert!(settlement.success);
    assert_eq!(
        chain.balance(payer.address()).await.unwrap(),
        before - U256::from(3000)
    );
    for s in spinning {
        let _ = s.await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn duplicates_on_a_settle_after_route_run_the_handler_once() {
    let (anvil, chain) = start_chain().await;
    let root = tempfile::tempdir().unwrap();
    write_paid_routes(
        root.path(),
        "serve-after",
        json!({"routes": [{"method": "GET", "path": "/c/counted", "price": "$0.002", "settle": "after"}]}),
    );
    let node = Node::start_with(
        root.path(),
        "serve-after",
        &[
            "--chain-rpc".to_string(),
            anvil.rpc.clone(),
            "--chain-is-dev".to_string(),
        ],
    );
    let supported = payments_ready(&node).await;
    facilitator_funded(&chain, facilitator_address(&supported)).await;
    deploy(&node, "counted", COUNTED, "$0").await;

    let payer = dev_key(2);
    approve(&anvil.rpc, &payer, PERMIT2, U256::MAX).await;
    let before = chain.balance(payer.address()).await.unwrap();
    let (status, h, _) = get(&node, "counted", None).await;
    assert_eq!(status, 402);
    let (payment, _) = PayingClient::new(payer.clone())
        .build_payment(&payment_required(&h))
        .await
        .unwrap();
    let header = headers::encode(&payment);
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let (http, header) = (node.http.clone(), header.clone());
            tokio::spawn(async move {
                client()
                    .get(format!("{http}/c/counted"))
                    .header(headers::PAYMENT_SIGNATURE, header)
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    statuses.sort();
    assert_eq!(statuses, [200, 402, 402, 402, 402, 402, 402, 402]);
    assert_eq!(
        node.log().matches("handler-ran").count(),
        1,
        "the handler ran once for one payment"
    );
    assert_eq!(settled(&payment_records(&node).await), 1);
    assert_eq!(
        chain.balance(payer.address()).await.unwrap(),
        before - U256::from(2000)
    );
}
