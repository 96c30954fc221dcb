//! The budgeted payer on a real anvil against a real paywall and facilitator (and hostile
//! servers on loopback): pays within its budget with the money on chain, refuses beyond it
//! before signing (nothing moves), holds concurrent calls to the budget, keeps the spent amount
//! across a reopen of its sled database, refuses other assets, networks, schemes and prices
//! above the per-request maximum, and holds an unsettled signature until the chain decides.
#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use alloy::primitives::{Address, B256, U256};
use alloy::providers::Provider;
use alloy::signers::local::PrivateKeySigner;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use common::{Shop, approve, dev_key, mine, start_chain};
use reqwest::Method;
use serde_json::json;
use x402_payments::budget::{
    Budget, BudgetedPayer, Outcome, PayError, PayerConfig, PayerWallet, Refusal,
};
use x402_payments::headers;
use x402_payments::onchain::{PATH_USD, PERMIT2};
use x402_payments::types::{PaymentRequired, PaymentRequirements, ResourceInfo};

const DAY: Duration = Duration::from_secs(86_400);

fn budget(limit: u64, max_per_request: u64) -> Budget {
    Budget {
        limit,
        window: DAY,
        max_per_request,
    }
}

/// Opens a payer on `dir` (retrying while sled's threads release the previous handle).
fn open(dir: &std::path::Path, config: PayerConfig) -> (sled::Db, BudgetedPayer) {
    let db = x402_payments::store::open_db(dir).expect("database reopens");
    let payer = BudgetedPayer::open(db.open_tree("soul_wallet").unwrap(), config).unwrap();
    (db, payer)
}

fn wallet(signer: PrivateKeySigner, chain_id: u64, rpc: &str) -> PayerWallet {
    PayerWallet {
        signer,
        chain_id,
        rpc: rpc.into(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pays_within_the_budget_refuses_beyond_it_and_remembers_across_restarts() {
    let (anvil, chain) = start_chain().await;
    let chain_id = chain.provider.get_chain_id().await.unwrap();
    let payer_key = dev_key(1);
    let me = payer_key.address();
    let pay_to = PrivateKeySigner::random().address();
    let shop = Shop::start(&anvil.rpc, dev_key(0), pay_to, Duration::from_secs(30)).await;
    let paid_url = format!("{}/paid", shop.url);
    let dir = tempfile::tempdir().unwrap();
    let (db, payer) = open(dir.path(), PayerConfig::new(budget(3_000, 2_000)));

    // Not ready: nothing is requested.
    assert!(matches!(
        payer.pay(&paid_url, Method::GET, None).await,
        Err(PayError::NotReady)
    ));
    assert!(payer.set_wallet(wallet(payer_key.clone(), chain_id, &anvil.rpc)));

    // A non-402 answer is free: no entry, nothing spent.
    let free = payer
        .pay(&format!("{}/missing", shop.url), Method::GET, None)
        .await
        .unwrap();
    assert_eq!((free.status, free.amount, free.entry), (404, 0, None));

    // Paid, gasless (no allowance: the eip2612GasSponsoring permit): on chain.
    let before = chain.balance(me).await.unwrap();
    let paid = payer.pay(&paid_url, Method::GET, None).await.unwrap();
    assert_eq!((paid.status, paid.amount), (200, 1_000));
    assert_eq!(paid.body, b"ok");
    assert_eq!(paid.payee, Some(pay_to));
    let tx: B256 = paid.transaction.clone().unwrap().parse().unwrap();
    let receipt = chain
        .provider
        .get_transaction_receipt(tx)
        .await
        .unwrap()
        .expect("settlement mined");
    assert!(receipt.status());
    assert_eq!(chain.balance(pay_to).await.unwrap(), U256::from(1_000u64));
    assert_eq!(
        chain.balance(me).await.unwrap(),
        before - U256::from(1_000u64)
    );
    let entry = payer.entry(paid.entry.unwrap()).unwrap();
    assert_eq!(entry.outcome, Outcome::Spent);
    assert_eq!(entry.tx, paid.transaction);
    assert_eq!(entry.payee, Some(pay_to.to_string()));

    // Concurrent pays that together pass the budget: 2 000 left at 1 000 each → 2 succeed.
    approve(&anvil.rpc, &payer_key, PERMIT2, U256::MAX).await;
    let payer = Arc::new(payer);
    let tasks: Vec<_> = (0..6)
        .map(|_| {
            let (payer, url) = (payer.clone(), paid_url.clone());
            tokio::spawn(async move { payer.pay(&url, Method::GET, None).await })
        })
        .collect();
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(p) => {
                assert_eq!(p.status, 200);
                ok += 1;
            }
            Err(PayError::Refused {
                refusal: Refusal::OverBudget { price: 1_000, .. },
                entry: Some(_),
            }) => {}
            Err(e) => panic!("unexpected: {e:?}"),
        }
    }
    assert_eq!(ok, 2, "budget 3 000, price 1 000, 1 000 spent before");
    assert_eq!(shop.served(), 3);
    assert_eq!(chain.balance(pay_to).await.unwrap(), U256::from(3_000u64));

    // The attack: the budget is spent; another pay is refused before signing — no request with
    // a payment, no transfer, the refusal in the ledger.
    let payer_balance = chain.balance(me).await.unwrap();
    let block = chain.provider.get_block_number().await.unwrap();
    let refused = payer.pay(&paid_url, Method::GET, None).await;
    let Err(PayError::Refused {
        entry: Some(id),
        refusal: Refusal::OverBudget { remaining: 0, .. },
    }) = refused
    else {
        panic!("expected a refusal: {refused:?}");
    };
    assert_eq!(payer.entry(id).unwrap().outcome, Outcome::Refused);
    assert_eq!(chain.balance(me).await.unwrap(), payer_balance);
    assert_eq!(chain.provider.get_block_number().await.unwrap(), block);
    assert_eq!(shop.served(), 3);
    let status = payer.status();
    assert_eq!(
        (status.spent, status.reserved, status.remaining),
        (3_000, 0, 0)
    );
    assert_eq!((status.spends, status.refusals), (3, 5));
    assert_eq!(status.payer, Some(me.to_string()));
    assert_eq!(status.recent[0].id, id, "newest first");

    // Restart: the spent amount and the counts reload; still refused.
    drop(payer);
    drop(db);
    let (_db, payer) = open(dir.path(), PayerConfig::new(budget(3_000, 2_000)));
    let status = payer.status();
    assert_eq!(
        (status.spent, status.spends, status.refusals),
        (3_000, 3, 5)
    );
    assert!(!status.ready);
    payer.set_wallet(wallet(payer_key, chain_id, &anvil.rpc));
    assert!(matches!(
        payer.pay(&paid_url, Method::GET, None).await,
        Err(PayError::Refused {
            refusal: Refusal::OverBudget { .. },
            ..
        })
    ));
    assert_eq!(shop.served(), 3);
    assert_eq!(chain.balance(pay_to).await.unwrap(), U256::from(3_000u64));
    anvil.stop().await;
}

/// A server on loopback that answers every request with `challenge` (402) and counts the
/// requests that carried a payment.
async fn fake_server(challenge: PaymentRequired) -> (String, Arc<AtomicUsize>) {
    let payments = Arc::new(AtomicUsize::new(0));
    let state = (headers::encode(&challenge), payments.clone());
    let app = axum::Router::new()
        .fallback(
            |State((challenge, payments)): State<(String, Arc<AtomicUsize>)>,
             h: HeaderMap| async move {
                if h.contains_key(headers::PAYMENT_SIGNATURE) {
                    payments.fetch_add(1, Ordering::SeqCst);
                }
                (
                    StatusCode::PAYMENT_REQUIRED,
                    [(headers::PAYMENT_REQUIRED, challenge)],
                    "{}",
                )
                    .into_response()
            },
        )
        .with_state(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, payments)
}

fn requirement(scheme: &str, network: &str, asset: Address, amount: u64) -> PaymentRequirements {
    let mut extra = serde_json::Map::new();
    extra.insert("assetTransferMethod".into(), json!("permit2"));
    PaymentRequirements {
        scheme: scheme.into(),
        network: network.into(),
        amount: amount.to_string(),
        asset: asset.to_string(),
        pay_to: Address::repeat_byte(7).to_string(),
        max_timeout_seconds: 300,
        extra,
        price: None,
        facilitator_address: None,
    }
}

fn offer(accepts: Vec<PaymentRequirements>) -> PaymentRequired {
    PaymentRequired {
        x402_version: 2,
        error: None,
        resource: ResourceInfo {
            url: "http://x/paid".into(),
            description: None,
            mime_type: None,
        },
        accepts,
        extensions: serde_json::Map::new(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_assets_networks_schemes_and_prices_above_the_max_are_refused_unsigned() {
    let dir = tempfile::tempdir().unwrap();
    let (_db, payer) = open(dir.path(), PayerConfig::new(budget(1_000_000, 5_000)));
    // No chain is needed: every refusal happens before any signature or RPC call.
    payer.set_wallet(wallet(
        PrivateKeySigner::random(),
        42431,
        "http://127.0.0.1:1",
    ));
    let net = "eip155:42431";
    let evil_asset = Address::repeat_byte(0xee);
    let mut other_method = requirement("exact", net, PATH_USD, 1_000);
    other_method
        .extra
        .insert("assetTransferMethod".into(), json!("eip3009"));
    let cases: Vec<(&str, Vec<PaymentRequirements>)> = vec![
        ("asset", vec![requirement("exact", net, evil_asset, 1_000)]),
        (
            "network",
            vec![requirement("exact", "eip155:1", PATH_USD, 1_000)],
        ),
        (
            "scheme",
            vec![
                requirement("tempo-tip20", net, PATH_USD, 1_000),
                requirement("upto", net, PATH_USD, 1_000),
            ],
        ),
        ("transfer method", vec![other_method]),
        ("malformed", vec![requirement("exact", net, PATH_USD, 0)]),
        ("max", vec![requirement("exact", net, PATH_USD, 5_001)]),
    ];
    for (what, accepts) in cases {
        let (url, payments) = fake_server(offer(accepts)).await;
        let result = payer.pay(&url, Method::POST, Some(b"{}".to_vec())).await;
        let Err(PayError::Refused {
            entry: Some(id),
            refusal,
        }) = result
        else {
            panic!("{what}: expected a refusal, got {result:?}");
        };
        match (what, &refusal) {
            ("max", Refusal::AboveMaxPerRequest { price, max }) => {
                assert_eq!((*price, *max), (5_001, 5_000))
            }
            ("malformed", Refusal::Malformed(_)) => {}
            (_, Refusal::Unacceptable { .. }) if what != "max" && what != "malformed" => {}
            _ => panic!("{what}: wrong refusal {refusal:?}"),
        }
        assert_eq!(payments.load(Ordering::SeqCst), 0, "{what}: nothing sent");
        let e = payer.entry(id).unwrap();
        assert_eq!((e.outcome, e.method.as_str()), (Outcome::Refused, "POST"));
    }
    let status = payer.status();
    assert_eq!((status.refusals, status.spent, status.reserved), (6, 0, 0));
}

/// A server that answers its challenge (copied from `shop`) and, given a payment, either keeps
/// it (`forward` false) or redeems it at `shop` itself; either way it answers 500 without a
/// `PAYMENT-RESPONSE`.
async fn lying_server(shop: String, forward: bool) -> String {
    let app = axum::Router::new().fallback(move |h: HeaderMap| {
        let shop = shop.clone();
        async move {
            let client = reqwest::Client::new();
            let mut rb = client.get(&shop);
            if let Some(p) = h.get(headers::PAYMENT_SIGNATURE) {
                if !forward {
                    return StatusCode::INTERNAL_SERVER_ERROR.into_response();
                }
                rb = rb.header(headers::PAYMENT_SIGNATURE, p.clone());
            }
            let resp = rb.send().await.unwrap();
            match resp.headers().get(headers::PAYMENT_REQUIRED) {
                Some(c) if resp.status() == 402 => (
                    StatusCode::PAYMENT_REQUIRED,
                    [(headers::PAYMENT_REQUIRED, c.to_str().unwrap().to_string())],
                )
                    .into_response(),
                _ => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
            }
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unsettled_payment_is_held_until_the_chain_decides() {
    let (anvil, chain) = start_chain().await;
    let chain_id = chain.provider.get_chain_id().await.unwrap();
    let payer_key = dev_key(2);
    approve(&anvil.rpc, &payer_key, PERMIT2, U256::MAX).await;
    let pay_to = PrivateKeySigner::random().address();
    let shop = Shop::start(&anvil.rpc, dev_key(0), pay_to, Duration::from_secs(30)).await;
    let dir = tempfile::tempdir().unwrap();
    let mut config = PayerConfig::new(budget(1_500, 1_000));
    config.signature_lifetime = Duration::from_secs(10);
    let (_db, payer) = open(dir.path(), config);
    payer.set_wallet(wallet(payer_key, chain_id, &anvil.rpc));

    // A server that keeps the signature and answers 500: the price stays held, so the next
    // payment (which would pass the limit with it) is refused.
    let sink = lying_server(format!("{}/paid", shop.url), false).await;
    let result = payer.pay(&sink, Method::GET, None).await;
    let Err(PayError::NotSettled {
        status: 500,
        amount: 1_000,
        entry,
        deadline,
        ..
    }) = result
    else {
        panic!("expected NotSettled: {result:?}");
    };
    // The signature lives at most `signature_lifetime`, not the server's 300 s.
    assert!(deadline <= x402_payments::schemes::now_secs() + 10);
    let e = payer.entry(entry).unwrap();
    assert_eq!(e.outcome, Outcome::Unsettled);
    assert_eq!(e.deadline, Some(deadline));
    assert!(e.nonce.is_some(), "the nonce is recorded before sending");
    assert_eq!(payer.status().reserved, 1_000);
    assert!(matches!(
        payer.pay(&sink, Method::GET, None).await,
        Err(PayError::Refused {
            refusal: Refusal::OverBudget { remaining: 500, .. },
            ..
        })
    ));
    // Before the deadline nothing is released; after it, a block past the deadline with the
    // nonce unused releases it.
    assert_eq!(payer.reconcile().await.unwrap(), 0);
    while x402_payments::schemes::now_secs() <= deadline {
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    mine(&chain).await;
    assert_eq!(payer.reconcile().await.unwrap(), 1);
    let e = payer.entry(entry).unwrap();
    assert_eq!(e.outcome, Outcome::Released, "{e:?}");
    assert_eq!(payer.status().reserved, 0);
    assert_eq!(chain.balance(pay_to).await.unwrap(), U256::ZERO);

    // A server that redeems the payment itself and tells us nothing: the chain shows the
    // nonce used, so the entry is spent at once (not released, not paid twice).
    let liar = lying_server(format!("{}/paid", shop.url), true).await;
    let result = payer.pay(&liar, Method::GET, None).await;
    let Err(PayError::NotSettled { entry, .. }) = result else {
        panic!("expected NotSettled: {result:?}");
    };
    assert_eq!(chain.balance(pay_to).await.unwrap(), U256::from(1_000u64));
    let e = payer.entry(entry).unwrap();
    assert_eq!(e.outcome, Outcome::Spent, "{e:?}");
    let status = payer.status();
    assert_eq!(
        (status.spent, status.reserved, status.spends),
        (1_000, 0, 1)
    );
    anvil.stop().await;
}
