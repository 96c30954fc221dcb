//! The transaction queue on a real anvil with automine off: a dropped transaction is replaced
//! at the same nonce with a higher fee (the hook hears the new hash), so the transaction queued
//! behind it is mined too instead of waiting forever behind the nonce gap.
#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use alloy::primitives::{B256, Bytes, U256};
use alloy::providers::Provider;
use alloy::signers::local::PrivateKeySigner;
use alloy::sol_types::SolCall;
use common::{automine, dev_key, mine, start_chain, wait_for};
use serde_json::Value;
use x402_payments::onchain::{ITip20Token, PATH_USD};
use x402_payments::sender::{BeforeBroadcast, Replacement, TxSender};

fn recorder(seen: Arc<Mutex<Vec<B256>>>) -> BeforeBroadcast {
    Box::new(move |hash| {
        seen.lock().expect("seen lock").push(hash);
        Box::pin(async { Ok(()) })
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_transaction_is_replaced_and_never_stalls_the_next_one() {
    let (anvil, chain) = start_chain().await;
    let key = dev_key(0);
    let from = key.address();
    let sender = TxSender::spawn_with(
        &anvil.rpc,
        chain.chain_id,
        key,
        Replacement {
            after: Duration::from_secs(1),
            check_every: Duration::from_millis(200),
        },
        &tokio_util::task::TaskTracker::new(),
        tokio_util::sync::CancellationToken::new(),
    )
    .unwrap();
    let start = chain.provider.get_transaction_count(from).await.unwrap();
    // A harmless token call: approve(someone, 0) on pathUSD.
    let spender = PrivateKeySigner::random().address();
    let call: Bytes = ITip20Token::approveCall {
        spender,
        amount: U256::ZERO,
    }
    .abi_encode()
    .into();
    let to = PATH_USD;
    automine(&chain, false).await;

    let seen_a = Arc::new(Mutex::new(Vec::new()));
    let a = sender
        .send_with(to, call.clone(), 1_000_000, Some(recorder(seen_a.clone())))
        .await
        .unwrap();
    let tx_a = chain
        .provider
        .get_transaction_by_hash(a)
        .await
        .unwrap()
        .unwrap();
    let _: Value = chain
        .provider
        .raw_request("anvil_dropTransaction".into(), (a,))
        .await
        .unwrap();
    let b = sender.send(to, call.clone(), 1_000_000).await.unwrap();
    assert!(sender.tracks(a) && sender.tracks(b));

    // Mine until both nonces are used (B needs A's nonce filled first).
    wait_for(
        Duration::from_secs(30),
        "both transactions mined",
        || async {
            mine(&chain).await;
            let n = chain.provider.get_transaction_count(from).await.ok()?;
            (n == start + 2).then_some(())
        },
    )
    .await;
    let receipt_b = chain.provider.get_transaction_receipt(b).await.unwrap();
    assert!(receipt_b.is_some_and(|r| r.status()), "B mined");
    assert!(
        chain
            .provider
            .get_transaction_receipt(a)
            .await
            .unwrap()
            .is_none(),
        "the dropped A was never mined"
    );
    let seen = seen_a.lock().unwrap().clone();
    assert!(seen.len() >= 2 && seen[0] == a, "hook heard {seen:?}");
    let replacement = *seen.last().unwrap();
    let receipt = chain
        .provider
        .get_transaction_receipt(replacement)
        .await
        .unwrap()
        .expect("the replacement of A mined");
    assert!(receipt.status());
    let tx_r = chain
        .provider
        .get_transaction_by_hash(replacement)
        .await
        .unwrap()
        .unwrap();
    use alloy::consensus::Transaction as _;
    assert_eq!(tx_r.nonce(), tx_a.nonce());
    assert!(
        tx_r.gas_price().unwrap() > tx_a.gas_price().unwrap(),
        "a higher fee"
    );
    wait_for(
        Duration::from_secs(10),
        "mined transactions forgotten",
        || async {
            mine(&chain).await;
            (!sender.tracks(replacement) && !sender.tracks(b)).then_some(())
        },
    )
    .await;
}
