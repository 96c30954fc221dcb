//! The legacy `tempo-tip20` scheme end to end on a real anvil (Tempo mode) with a real node
//! process: the 402 body parses the way the reference client parses it, the payer approves the
//! facilitator address from `/facilitator/supported`, signs a `PaymentAuthorization`, pays → 200
//! with exactly the price moved once; replay, high-s, expired and unapproved payments refused.

mod common;

use alloy::primitives::{Address, U256};
use alloy::signers::local::PrivateKeySigner;
use common::Node;
use common::payments::{
    Outcome, approve, dev_key, facilitator_address, facilitator_funded, pay_with, payment_records,
    payment_required, payments_ready, records_with_scheme, start_chain, write_paid_routes,
};
use serde::Deserialize;
use serde_json::Value;
use x402_payments::headers;
use x402_payments::onchain::PATH_USD;
use x402_payments::schemes::tempo_tip20::{self, SignOptions};
use x402_payments::types::PaymentRequirements;

/// The reference client's view of a 402 body (`payment.rs`): every entry must carry `price`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ReferenceBody {
    #[allow(dead_code)]
    x402_version: u32,
    accepts: Vec<ReferenceRequirement>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ReferenceRequirement {
    scheme: String,
    #[allow(dead_code)]
    price: String,
    asset: Address,
    amount: String,
    pay_to: Address,
    max_timeout_seconds: u64,
}

async fn pay(url: &str, header: &tempo_tip20::LegacyHeader) -> Outcome {
    pay_with(url, headers::PAYMENT_SIGNATURE, &headers::encode(header)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn legacy_tempo_tip20_end_to_end_on_the_local_chain() {
    let (anvil, chain) = start_chain().await;
    let root = tempfile::tempdir().unwrap();
    // A route paying a fresh address: its balance moves only by payments.
    let merchant = PrivateKeySigner::random().address();
    write_paid_routes(
        root.path(),
        "l0",
        serde_json::json!({"routes": [{"path": "/paid/legacy", "price": "$0.0025",
            "payTo": merchant.to_string(), "response": {"ok": true}}]}),
    );
    let args = vec![
        "--chain-rpc".to_string(),
        anvil.rpc.clone(),
        "--chain-is-dev".to_string(),
    ];
    let mut node = Node::start_with(root.path(), "l0", &args);

    let supported = payments_ready(&node).await;
    let kinds = supported["kinds"].as_array().unwrap();
    let legacy = kinds
        .iter()
        .find(|k| k["scheme"] == "tempo-tip20")
        .expect("tempo-tip20 in /facilitator/supported");
    assert_eq!(legacy["network"], "eip155:31337");
    assert_eq!(legacy["x402Version"], 1);
    let facilitator = facilitator_address(&supported);
    assert_eq!(
        legacy["extra"]["facilitatorAddress"]
            .as_str()
            .unwrap()
            .parse::<Address>()
            .unwrap(),
        facilitator
    );
    facilitator_funded(&chain, facilitator).await;
    let wallet = merchant;

    // The 402 body as the reference client reads it: first `tempo-tip20` entry, after `exact`.
    let url = format!("{}/paid/legacy", node.http);
    let resp = reqwest::get(&url).await.unwrap();
    assert_eq!(resp.status(), 402);
    let body: ReferenceBody = resp.json().await.expect("reference client parses the body");
    assert_eq!(body.accepts[0].scheme, "exact");
    let entry = body
        .accepts
        .iter()
        .find(|a| a.scheme == "tempo-tip20")
        .expect("tempo-tip20 advertised");
    assert_eq!(body.accepts[1].scheme, "tempo-tip20");
    assert_eq!(
        (entry.asset, entry.pay_to, entry.amount.as_str()),
        (PATH_USD, wallet, "2500")
    );
    assert_eq!(entry.max_timeout_seconds, 30);
    let required = payment_required(reqwest::get(&url).await.unwrap().headers());
    let req: PaymentRequirements = required.accepts[1].clone();
    assert_eq!(
        req.facilitator_address
            .as_deref()
            .unwrap()
            .parse::<Address>()
            .unwrap(),
        facilitator
    );

    // anvil's default dev key, account 7 (fee token pathUSD).
    let payer = dev_key(2);
    let sign = |opts: SignOptions| tempo_tip20::sign(&payer, &req, &opts).unwrap();

    // Not approved yet → refused with the reference's generic message, nothing moved.
    let o = pay(&url, &sign(SignOptions::default())).await;
    assert_eq!(
        (o.status, o.error.as_deref()),
        (402, Some("invalid_exact_evm_insufficient_balance")),
        "{}",
        o.body
    );

    // Approve the facilitator, pay → 200, exactly the price moved once.
    approve(&anvil.rpc, &payer, facilitator, U256::from(1_000_000u64)).await;
    let balances = || async {
        (
            chain.balance(payer.address()).await.unwrap(),
            chain.balance(wallet).await.unwrap(),
        )
    };
    let (payer_before, wallet_before) = balances().await;
    let paid = sign(SignOptions::default());
    let o = pay(&url, &paid).await;
    assert_eq!(o.status, 200, "{}", o.body);
    let s = o.settlement.expect("PAYMENT-RESPONSE");
    assert!(s.success);
    assert_eq!(s.transaction.len(), 66);
    let body: Value = serde_json::from_str(&o.body).unwrap();
    assert_eq!(body["transaction"], s.transaction);
    assert_eq!(body["data"]["ok"], true);
    let price = U256::from(2500);
    // The facilitator key pays the fee, so both deltas are exact.
    assert_eq!(
        balances().await,
        (payer_before - price, wallet_before + price)
    );

    // Replay → refused, nothing moved.
    let o = pay(&url, &paid).await;
    assert_eq!(
        (o.status, o.error.as_deref()),
        (402, Some("invalid_exact_evm_nonce_already_used"))
    );

    // High s (the same signature, malleated) → refused.
    let o = pay(
        &url,
        &sign(SignOptions {
            high_s: true,
            ..Default::default()
        }),
    )
    .await;
    assert_eq!(
        (o.status, o.error.as_deref()),
        (402, Some("invalid_exact_evm_signature"))
    );

    // Expired → refused.
    let now = x402_payments::schemes::now_secs();
    let o = pay(
        &url,
        &sign(SignOptions {
            valid_after: Some(now - 120),
            valid_before: Some(now - 40),
            ..Default::default()
        }),
    )
    .await;
    assert_eq!(
        (o.status, o.error.as_deref()),
        (
            402,
            Some("invalid_exact_evm_payload_authorization_valid_before")
        )
    );

    // Forged: signed by another key for the payer's address → refused.
    let mut forged =
        tempo_tip20::sign(&PrivateKeySigner::random(), &req, &SignOptions::default()).unwrap();
    forged.payload.from = payer.address().to_string();
    let o = pay(&url, &forged).await;
    assert_eq!(o.error.as_deref(), Some("invalid_exact_evm_signature"));
    assert_eq!(
        balances().await,
        (payer_before - price, wallet_before + price)
    );

    // Eight concurrent duplicates of a fresh payment → settled once.
    let dup = sign(SignOptions::default());
    let outcomes = futures::future::join_all((0..8).map(|_| pay(&url, &dup))).await;
    let statuses: Vec<u16> = outcomes.iter().map(|o| o.status).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert!(statuses.iter().all(|s| *s == 200 || *s == 402));
    let two = price * U256::from(2);
    assert_eq!(balances().await, (payer_before - two, wallet_before + two));

    // The records: two settled legacy payments with their transactions.
    let records = payment_records(&node).await;
    let legacy = records_with_scheme(&records, "tempo-tip20");
    assert_eq!(legacy.len(), 2, "{records}");
    assert!(legacy.iter().all(|r| r["state"] == "settled"));
    assert!(legacy.iter().any(|r| r["transaction"] == s.transaction));
    node.kill().await;
}
