//! A settlement confirmed after the receipt timeout, on a real anvil: the background reconciler
//! records it settled, and the same payment then redeems exactly once (for the resource it
//! paid, not another one), without a second transfer.
#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

mod common;

use std::time::Duration;

use alloy::primitives::U256;
use alloy::signers::local::PrivateKeySigner;
use common::{Shop, approve, automine, dev_key, get, mine, start_chain, wait_for};
use x402_payments::client::PayingClient;
use x402_payments::headers;
use x402_payments::onchain::PERMIT2;
use x402_payments::reasons as r;
use x402_payments::store::State;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_late_settlement_is_reconciled_and_redeemed_exactly_once() {
    let (anvil, chain) = start_chain().await;
    let payer = dev_key(1);
    let pay_to = PrivateKeySigner::random().address();
    approve(&anvil.rpc, &payer, PERMIT2, U256::MAX).await;
    let shop = Shop::start(&anvil.rpc, dev_key(0), pay_to, Duration::from_secs(2)).await;
    let paid = format!("{}/paid", shop.url);

    let challenge = get(&paid, None).await;
    assert_eq!(challenge.status, 402);
    let (payment, _) = PayingClient::new(payer.clone())
        .build_payment(&challenge.required.unwrap())
        .await
        .unwrap();
    let header = headers::encode(&payment);
    let before = chain.balance(payer.address()).await.unwrap();

    // The settlement is broadcast but not mined within the receipt timeout: 402, not served.
    automine(&chain, false).await;
    let late = get(&paid, Some(&header)).await;
    assert_eq!(late.status, 402, "{late:?}");
    assert_eq!(shop.served(), 0);
    let records = shop.facilitator.store().list().unwrap();
    assert_eq!(records.len(), 1);
    let id = records[0].id.clone();
    let tx = records[0].transaction.clone().expect("hash recorded");
    assert_eq!(records[0].state, State::Pending);

    // Mined late: the reconciler records it settled (unserved), from its recorded hash.
    mine(&chain).await;
    automine(&chain, true).await;
    let rec = wait_for(Duration::from_secs(30), "reconciled", || async {
        let rec = shop.facilitator.store().get(&id).unwrap()?;
        (rec.state == State::Settled).then_some(rec)
    })
    .await;
    assert_eq!(rec.transaction.as_deref(), Some(tx.as_str()));
    assert!(!rec.served && !rec.redeemed);
    assert_eq!(
        chain.balance(payer.address()).await.unwrap(),
        before - U256::from(1000)
    );

    // The same payment for another resource (same price and recipient) is refused precisely.
    let elsewhere = get(&format!("{}/other", shop.url), Some(&header)).await;
    assert_eq!(elsewhere.status, 402);
    assert_eq!(
        elsewhere.required.unwrap().error.as_deref(),
        Some(r::PAYMENT_NOT_REDEEMABLE_HERE)
    );
    assert_eq!(shop.served(), 0);

    // Redeemed once for what it paid, with the original settlement and no new transfer.
    let redeemed = get(&paid, Some(&header)).await;
    assert_eq!((redeemed.status, redeemed.body.as_str()), (200, "ok"));
    let settlement = redeemed.settlement.unwrap();
    assert!(settlement.success);
    assert_eq!(settlement.transaction, tx);
    assert_eq!(shop.served(), 1);

    // A second replay is refused.
    let again = get(&paid, Some(&header)).await;
    assert_eq!(again.status, 402);
    assert_eq!(
        again.required.unwrap().error.as_deref(),
        Some(r::PAYMENT_ALREADY_REDEEMED)
    );
    assert_eq!(shop.served(), 1);
    let rec = shop.facilitator.store().get(&id).unwrap().unwrap();
    assert!(rec.redeemed);
    assert_eq!(
        chain.balance(payer.address()).await.unwrap(),
        before - U256::from(1000),
        "charged exactly once"
    );
    assert_eq!(chain.balance(pay_to).await.unwrap(), U256::from(1000));
}

/// Concurrent replays of one redeemable payment: exactly one is served.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_replays_of_an_unserved_payment_are_served_once() {
    let (anvil, chain) = start_chain().await;
    let payer = dev_key(2);
    let pay_to = PrivateKeySigner::random().address();
    approve(&anvil.rpc, &payer, PERMIT2, U256::MAX).await;
    let shop = Shop::start(&anvil.rpc, dev_key(0), pay_to, Duration::from_secs(2)).await;
    let paid = format!("{}/paid", shop.url);
    let challenge = get(&paid, None).await;
    let (payment, _) = PayingClient::new(payer.clone())
        .build_payment(&challenge.required.unwrap())
        .await
        .unwrap();
    let header = headers::encode(&payment);
    automine(&chain, false).await;
    assert_eq!(get(&paid, Some(&header)).await.status, 402);
    mine(&chain).await;
    automine(&chain, true).await;
    let id = shop.facilitator.store().list().unwrap()[0].id.clone();
    wait_for(Duration::from_secs(30), "reconciled", || async {
        let rec = shop.facilitator.store().get(&id).unwrap()?;
        (rec.state == State::Settled).then_some(())
    })
    .await;
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let (paid, header) = (paid.clone(), header.clone());
            tokio::spawn(async move { get(&paid, Some(&header)).await.status })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    statuses.sort();
    assert_eq!(statuses, [200, 402, 402, 402, 402, 402, 402, 402]);
    assert_eq!(shop.served(), 1);
}
