//! Exactly-once across a crash: a burst of concurrent payments (both schemes) to a real node on
//! a real anvil, the node SIGKILLed in the middle of the burst and restarted on the same data
//! dir. Afterwards the chain and `/payments` agree: every payment whose client saw 200 is
//! recorded settled with its transaction, nothing is pending, the payers' balances moved by
//! exactly (distinct settled payments × price), and replays are refused (a payment that never
//! settled may settle once, and then is refused too).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use alloy::primitives::U256;
use alloy::signers::local::PrivateKeySigner;
use common::Node;
use common::payments::{
    DEV_KEYS, approve, facilitator_address, facilitator_funded, payment_records, payment_required,
    payments_ready, start_chain, write_paid_routes,
};
use serde_json::{Value, json};
use x402_payments::headers;
use x402_payments::onchain::PERMIT2;
use x402_payments::schemes::{exact, tempo_tip20};
use x402_payments::types::{PaymentPayload, SettleResponse};

/// anvil's default dev keys, accounts 5 and 6 (fee token pathUSD).
const EXACT_PAYER: &str = DEV_KEYS[0];
const LEGACY_PAYER: &str = DEV_KEYS[1];
/// Payments per scheme in the burst.
const PER_SCHEME: usize = 100;
const PRICE: u64 = 1000;

/// One signed payment: its store id and the header value.
struct Sent {
    id: String,
    header: String,
}

/// Status and settlement of one paid request (`None`: the connection failed).
async fn pay(url: String, header: String) -> Option<(u16, Option<SettleResponse>)> {
    let resp = reqwest::Client::new()
        .get(&url)
        .header(headers::PAYMENT_SIGNATURE, header)
        .timeout(Duration::from_secs(60))
        .send()
        .await
        .ok()?;
    let settlement = resp
        .headers()
        .get(headers::PAYMENT_RESPONSE)
        .and_then(|v| headers::decode::<SettleResponse>(v.to_str().ok()?).ok());
    Some((resp.status().as_u16(), settlement))
}

async fn records(node: &Node) -> BTreeMap<String, Value> {
    let v = payment_records(node).await;
    v["payments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap().to_string(), r.clone()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_during_a_burst_settles_every_payment_at_most_once() {
    let (anvil, chain) = start_chain().await;
    let root = tempfile::tempdir().unwrap();
    let merchant = PrivateKeySigner::random().address();
    write_paid_routes(
        root.path(),
        "c0",
        json!({"routes": [{"path": "/paid/crash", "price": "$0.001",
            "payTo": merchant.to_string(), "response": {"ok": true}}]}),
    );
    let args = vec![
        "--chain-rpc".to_string(),
        anvil.rpc.clone(),
        "--chain-is-dev".to_string(),
    ];
    let mut node = Node::start_with(root.path(), "c0", &args);
    let supported = payments_ready(&node).await;
    let facilitator = facilitator_address(&supported);
    facilitator_funded(&chain, facilitator).await;

    let url = format!("{}/paid/crash", node.http);
    let resp = reqwest::get(&url).await.unwrap();
    let required = payment_required(resp.headers());
    let (exact_req, legacy_req) = (required.accepts[0].clone(), required.accepts[1].clone());
    assert_eq!(
        (exact_req.scheme.as_str(), legacy_req.scheme.as_str()),
        ("exact", "tempo-tip20")
    );
    let exact_payer: PrivateKeySigner = EXACT_PAYER.parse().unwrap();
    let legacy_payer: PrivateKeySigner = LEGACY_PAYER.parse().unwrap();
    approve(&anvil.rpc, &exact_payer, PERMIT2, U256::MAX).await;
    approve(&anvil.rpc, &legacy_payer, facilitator, U256::MAX).await;

    // Sign everything first; interleave the schemes.
    let network = exact_req.network.clone();
    let mut sent = Vec::new();
    for _ in 0..PER_SCHEME {
        let payload = exact::sign(&exact_payer, &exact_req, &Default::default()).unwrap();
        let nonce: U256 = payload["permit2Authorization"]["nonce"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        let p = PaymentPayload {
            x402_version: 2,
            resource: Some(required.resource.clone()),
            accepted: exact_req.clone(),
            payload,
            extensions: Default::default(),
        };
        sent.push(Sent {
            id: format!("exact:{network}:{:#x}:{nonce}", exact_payer.address()),
            header: headers::encode(&p),
        });
        let h = tempo_tip20::sign(&legacy_payer, &legacy_req, &Default::default()).unwrap();
        let nonce = h.payload.nonce.parse().unwrap();
        sent.push(Sent {
            id: tempo_tip20::payment_id(&network, legacy_payer.address(), nonce),
            header: headers::encode(&h),
        });
    }
    let balances = || async {
        (
            chain.balance(exact_payer.address()).await.unwrap(),
            chain.balance(legacy_payer.address()).await.unwrap(),
            chain.balance(merchant).await.unwrap(),
        )
    };
    let before = balances().await;

    // The burst, and a SIGKILL once a few payments have settled on chain.
    let tasks: Vec<_> = sent
        .iter()
        .map(|s| tokio::spawn(pay(url.clone(), s.header.clone())))
        .collect();
    // Poll tightly (not every 200 ms like `wait_for`) so the kill lands early in the burst.
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while chain.balance(merchant).await.unwrap() - before.2 < U256::from(40 * PRICE) {
        assert!(
            std::time::Instant::now() < deadline,
            "no settlement within 60 s"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    node.kill().await;
    let mut outcomes = Vec::new();
    for t in tasks {
        outcomes.push(t.await.unwrap());
    }
    let ok: Vec<usize> = (0..sent.len())
        .filter(|&i| matches!(outcomes[i], Some((200, _))))
        .collect();
    let cut = outcomes.iter().filter(|o| o.is_none()).count();
    assert!(
        cut > 0,
        "the kill must land inside the burst ({} of {} got 200)",
        ok.len(),
        sent.len()
    );
    assert!(
        outcomes
            .iter()
            .flatten()
            .all(|(status, _)| *status == 200 || *status == 402),
        "answers before the kill are 200 or 402"
    );

    // Restart on the same data dir: pending claims are reconciled before payments are ready.
    let mut node = Node::start_with(root.path(), "c0", &args);
    payments_ready(&node).await;
    let recs = records(&node).await;
    let pending: Vec<&String> = recs
        .iter()
        .filter(|(_, r)| r["state"] == "pending")
        .map(|(id, _)| id)
        .collect();
    assert!(
        pending.is_empty(),
        "left pending after restart: {pending:?}"
    );
    for &i in &ok {
        let r = &recs[&sent[i].id];
        let Some((_, Some(s))) = &outcomes[i] else {
            panic!("a 200 without PAYMENT-RESPONSE")
        };
        assert_eq!(r["state"], "settled", "{r}");
        assert_eq!(r["transaction"], s.transaction.as_str());
    }
    let settled = |recs: &BTreeMap<String, Value>, prefix: &str| {
        recs.iter()
            .filter(|(id, r)| id.starts_with(prefix) && r["state"] == "settled")
            .count() as u64
    };
    let check_chain = |recs: &BTreeMap<String, Value>, now: (U256, U256, U256)| {
        let (e, l) = (settled(recs, "exact:"), settled(recs, "tempo-tip20:"));
        let txs: BTreeSet<&str> = recs
            .values()
            .filter(|r| r["state"] == "settled")
            .map(|r| r["transaction"].as_str().unwrap())
            .collect();
        assert_eq!(
            txs.len() as u64,
            e + l,
            "one transaction per settled payment"
        );
        assert_eq!(before.0 - now.0, U256::from(e * PRICE), "exact payer");
        assert_eq!(before.1 - now.1, U256::from(l * PRICE), "legacy payer");
        assert_eq!(now.2 - before.2, U256::from((e + l) * PRICE), "merchant");
        e + l
    };
    let settled_at_restart = check_chain(&recs, balances().await);
    assert!(settled_at_restart >= ok.len() as u64);

    // Replays of every payment: a settled one is refused; one that never settled may settle
    // now, once. A second round is refused entirely.
    let url = format!("{}/paid/crash", node.http);
    let round = |sent: &Vec<Sent>| {
        futures::future::join_all(sent.iter().map(|s| pay(url.clone(), s.header.clone())))
    };
    let first = round(&sent).await;
    for (i, o) in first.iter().enumerate() {
        let (status, _) = o.clone().expect("the restarted node answers");
        let was_settled = recs
            .get(&sent[i].id)
            .is_some_and(|r| r["state"] == "settled");
        if was_settled {
            assert_eq!(status, 402, "replay of settled {}", sent[i].id);
        } else {
            assert!(status == 200 || status == 402, "{status}");
        }
    }
    let recs = records(&node).await;
    let total = check_chain(&recs, balances().await);
    let newly = first.iter().filter(|o| matches!(o, Some((200, _)))).count() as u64;
    assert_eq!(total, settled_at_restart + newly);
    let second = round(&sent).await;
    assert!(
        second.iter().all(|o| matches!(o, Some((402, _)))),
        "second replay round refused entirely"
    );
    assert_eq!(check_chain(&records(&node).await, balances().await), total);
    eprintln!(
        "crash test: {} sent, {} got 200 before the kill, {cut} cut, {settled_at_restart} settled at restart, {newly} settled on replay",
        sent.len(),
        ok.len()
    );
    node.kill().await;
}
