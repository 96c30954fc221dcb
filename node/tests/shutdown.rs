//! One shutdown path, on real node processes: SIGTERM stops every task within 5 s with exit
//! status 0, idle or busy. Busy means a weights round running and a paid request in the middle
//! of its settlement (broadcast, not mined yet) on a real anvil; after a restart on the same
//! data dir, sled holds a consistent state: the settlement is reconciled (settled with its
//! transaction, the payer charged exactly once, a replay charging nothing) and the federation
//! state and blob store reopen on the weights they had.

mod common;

use std::time::Duration;

use alloy::primitives::U256;
use alloy::providers::Provider;
use alloy::signers::local::PrivateKeySigner;
use common::payments::{
    DEV_KEYS, approve, facilitator_address, facilitator_funded, pay_with, payment_records,
    payment_required, payments_ready, start_chain, write_paid_routes,
};
use common::{Node, wait_for};
use serde_json::{Value, json};
use x402_identity::Chain;
use x402_payments::headers;
use x402_payments::onchain::PERMIT2;
use x402_payments::schemes::exact;
use x402_payments::types::PaymentPayload;

/// Longest a node may take to exit after SIGTERM.
const EXIT_WITHIN: Duration = Duration::from_secs(5);
const PRICE: u64 = 1000;

async fn automine(chain: &Chain, on: bool) {
    let _: Value = chain
        .provider
        .raw_request("evm_setAutomine".into(), (on,))
        .await
        .unwrap();
}

async fn mine(chain: &Chain) {
    let _: Value = chain
        .provider
        .raw_request("evm_mine".into(), ())
        .await
        .unwrap();
}

/// SIGTERM: the node must exit within [`EXIT_WITHIN`] with status 0, having joined every task.
async fn terminate(node: &mut Node) {
    node.signal(nix::sys::signal::Signal::SIGTERM);
    let status = node
        .wait_exit(EXIT_WITHIN)
        .await
        .unwrap_or_else(|| panic!("{} still running {EXIT_WITHIN:?} after SIGTERM", node.name));
    assert!(status.success(), "exit status {status}");
    let log = node.log();
    assert!(log.contains("shutting down"), "the signal was handled");
    assert!(
        !log.contains("did not stop within"),
        "a task outlived the shutdown deadline"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_node_stops_promptly_on_sigterm_and_restarts() {
    let root = tempfile::tempdir().unwrap();
    let mut node = Node::start(root.path(), "idle", None);
    node.ready().await;
    terminate(&mut node).await;
    // Its data dir reopens (sled's lock was released).
    let mut node = Node::start(root.path(), "idle", None);
    node.ready().await;
    terminate(&mut node).await;
}

/// `(state, transaction)` of the payment record `id`.
async fn record(node: &Node, id: &str) -> Option<(String, Option<String>)> {
    let v = payment_records(node).await;
    v["payments"].as_array()?.iter().find_map(|r| {
        (r["id"] == id).then(|| {
            (
                r["state"].as_str().unwrap().to_string(),
                r["transaction"].as_str().map(str::to_string),
            )
        })
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_during_a_round_and_a_settlement_exits_cleanly_and_loses_nothing() {
    let (anvil, chain) = start_chain().await;
    let root = tempfile::tempdir().unwrap();
    let merchant = PrivateKeySigner::random().address();
    write_paid_routes(
        root.path(),
        "s0",
        json!({"routes": [{"path": "/paid/shutdown", "price": "$0.001",
            "payTo": merchant.to_string(), "response": {"ok": true}}]}),
    );
    let args: Vec<String> = [
        "--chain-rpc",
        &anvil.rpc,
        "--chain-is-dev",
        "--blobs-listen",
        "127.0.0.1:0",
        "--train-cpu",
        "1",
        "--train-steps",
        "4",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut node = Node::start_with(root.path(), "s0", &args);
    let supported = payments_ready(&node).await;
    facilitator_funded(&chain, facilitator_address(&supported)).await;
    let payer: PrivateKeySigner = DEV_KEYS[0].parse().unwrap();
    approve(&anvil.rpc, &payer, PERMIT2, U256::MAX).await;

    // Rounds run: the lone node is queen, trains, aggregates and adopts round after round.
    wait_for(Duration::from_secs(60), "a weights round", || async {
        (node.status().await?["weights"]["round"].as_u64()? >= 1).then_some(())
    })
    .await;

    let url = format!("{}/paid/shutdown", node.http);
    let required = payment_required(reqwest::get(&url).await.unwrap().headers());
    let accepted = required.accepts[0].clone();
    assert_eq!(accepted.scheme, "exact");
    let payload = exact::sign(&payer, &accepted, &Default::default()).unwrap();
    let nonce: U256 = payload["permit2Authorization"]["nonce"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let id = format!("exact:{}:{:#x}:{nonce}", accepted.network, payer.address());
    let header = headers::encode(&PaymentPayload {
        x402_version: 2,
        resource: Some(required.resource.clone()),
        accepted,
        payload,
        extensions: Default::default(),
    });
    let before = (
        chain.balance(payer.address()).await.unwrap(),
        chain.balance(merchant).await.unwrap(),
    );

    // The settlement is broadcast and waits for its receipt (blocks are not mined meanwhile).
    automine(&chain, false).await;
    let request = {
        let (url, header) = (url.clone(), header.clone());
        tokio::spawn(async move {
            reqwest::Client::new()
                .get(&url)
                .header(headers::PAYMENT_SIGNATURE, header)
                .timeout(Duration::from_secs(60))
                .send()
                .await
                .map(|r| r.status().as_u16())
        })
    };
    let tx = wait_for(Duration::from_secs(30), "settlement broadcast", || async {
        match record(&node, &id).await? {
            (state, Some(tx)) if state == "pending" => Some(tx),
            _ => None,
        }
    })
    .await;
    let round = node.status().await.unwrap()["weights"]["round"]
        .as_u64()
        .unwrap();
    terminate(&mut node).await;
    // The request was cut (or refused): never a 200 for a payment that did not settle.
    let answer = request.await.unwrap();
    assert!(
        answer.as_ref().map_or(true, |s| *s != 200),
        "served before settlement: {answer:?}"
    );
    let log = node.log();
    assert!(
        log.contains("federation stopped"),
        "federation stopped gracefully"
    );

    // The transaction the node broadcast before stopping is mined; nothing else moves.
    mine(&chain).await;
    automine(&chain, true).await;
    let mined = chain
        .provider
        .get_transaction_receipt(tx.parse().unwrap())
        .await
        .unwrap()
        .expect("the broadcast settlement is mined");
    assert!(mined.status());

    // Restart on the same data dir: the pending record is reconciled before payments open.
    let node = Node::start_with(root.path(), "s0", &args);
    payments_ready(&node).await;
    let (state, recorded) = record(&node, &id).await.expect("the record survived");
    assert_eq!(state, "settled");
    assert_eq!(recorded.as_deref(), Some(tx.as_str()));
    let charged = |now: (U256, U256)| (before.0 - now.0, now.1 - before.1);
    let now = (
        chain.balance(payer.address()).await.unwrap(),
        chain.balance(merchant).await.unwrap(),
    );
    assert_eq!(charged(now), (U256::from(PRICE), U256::from(PRICE)));

    // A replay charges nothing more (the gateway moved to another port: the payment redeems
    // only for the URL it paid, so it is refused precisely).
    let url = format!("{}/paid/shutdown", node.http);
    let replay = pay_with(&url, headers::PAYMENT_SIGNATURE, &header).await;
    assert_eq!(replay.status, 402, "{}", replay.body);
    assert_eq!(
        replay.error.as_deref(),
        Some(x402_payments::reasons::PAYMENT_NOT_REDEEMABLE_HERE)
    );
    let now = (
        chain.balance(payer.address()).await.unwrap(),
        chain.balance(merchant).await.unwrap(),
    );
    assert_eq!(charged(now), (U256::from(PRICE), U256::from(PRICE)));

    // The federation state and the blob store reopen on the weights they held (not round 0).
    let st = node.ready().await;
    let w = &st["weights"];
    assert!(w["round"].as_u64().unwrap() >= round, "{w}");
    assert!(
        !node.log().contains("stored canonical weights unreadable"),
        "the canonical weights reopen"
    );
    let mut node = node;
    terminate(&mut node).await;
}
