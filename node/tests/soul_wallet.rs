//! The soul's spending tool on a real anvil and real nodes: node A (started with
//! `--soul-budget`, its wallet from a key file) unlocks its soul wallet; a budgeted payer with
//! node A's wallet pays node B's priced cartridge over x402 (the transfer is on chain); a payer
//! whose budget is below the price is refused and nothing moves; concurrent pays stop at the
//! budget; reopening the ledger keeps the spent amount; a bad `--soul-budget` stops the node.

mod common;

use std::sync::Arc;
use std::time::Duration;

use alloy::primitives::{Address, B256, U256};
use alloy::providers::Provider;
use base64::Engine as _;
use common::payments::{
    approve, dev_key, facilitator_address, facilitator_funded, node_wallet, payments_ready,
    start_chain, transfers,
};
use common::{Node, wait_for};
use serde_json::{Value, json};
use x402_payments::budget::{
    Budget, BudgetedPayer, Outcome, PayError, PayerConfig, PayerWallet, Refusal,
};
use x402_payments::onchain::PERMIT2;

/// Answers the JSON `payment_info()` returned.
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

const DAY: Duration = Duration::from_secs(86_400);

/// Deploys [`ECHO_PAYMENT`] as `slug` at `price` on `node`.
async fn deploy(node: &Node, slug: &str, price: &str) {
    let token = std::fs::read_to_string(node.data_dir.join("admin.token")).unwrap();
    let wasm = wat::parse_str(ECHO_PAYMENT).unwrap();
    let resp = reqwest::Client::new()
        .post(format!("{}/admin/cartridges", node.http))
        .bearer_auth(token.trim())
        .json(&json!({
            "slug": slug,
            "price": price,
            "wasm_base64": base64::engine::general_purpose::STANDARD.encode(wasm),
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201, "{}", resp.text().await.unwrap());
}

/// A payer with `budget` on the ledger in `dir` (retrying while sled releases a closed one).
fn payer(dir: &std::path::Path, budget: Budget) -> (sled::Db, BudgetedPayer) {
    let db = x402_payments::store::open_db(dir).expect("database reopens");
    let p = BudgetedPayer::open(
        db.open_tree("soul_wallet").unwrap(),
        PayerConfig::new(budget),
    )
    .unwrap();
    (db, p)
}

fn budget(limit: u64, max_per_request: u64) -> Budget {
    Budget {
        limit,
        window: DAY,
        max_per_request,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn node_a_pays_node_bs_cartridge_within_its_budget() {
    let (anvil, chain) = start_chain().await;
    let chain_id = chain.provider.get_chain_id().await.unwrap();
    let root = tempfile::tempdir().unwrap();
    let dev = |extra: &[&str]| {
        let mut v = vec![
            "--chain-rpc".to_string(),
            anvil.rpc.clone(),
            "--chain-is-dev".to_string(),
        ];
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    // Node A's wallet is anvil's dev account 5 (its key in a file).
    let a_key = dev_key(0);
    let key_file = root.path().join("a.key");
    std::fs::write(&key_file, common::payments::DEV_KEYS[0]).unwrap();
    let a = Node::start_with(
        root.path(),
        "a",
        &dev(&[
            "--wallet-key-file",
            key_file.to_str().unwrap(),
            "--soul-budget",
            "$0.003",
            "--soul-max-per-request",
            "$0.002",
        ]),
    );
    let b = Node::start_with(root.path(), "b", &dev(&[]));
    let supported = payments_ready(&b).await;
    facilitator_funded(&chain, facilitator_address(&supported)).await;
    let b_wallet = node_wallet(&b).await;
    deploy(&b, "echo", "$0.002").await;
    let url = format!("{}/c/echo", b.http);

    // Node A's soul wallet unlocked with A's wallet and the budget of its flags.
    let a_address = a_key.address().to_string();
    wait_for(Duration::from_secs(60), "A's soul wallet ready", || async {
        let log = a.log();
        log.lines()
            .any(|l| {
                l.contains("soul wallet ready")
                    && l.contains(&a_address)
                    && l.contains("limit=3000")
                    && l.contains("max_per_request=2000")
            })
            .then_some(())
    })
    .await;

    // A's wallet pays B's cartridge: the cartridge sees A as the payer, the transfer is on
    // chain and B's wallet is up by the price.
    let dir = tempfile::tempdir().unwrap();
    let (db, soul) = payer(dir.path(), budget(3_000, 2_000));
    soul.set_wallet(PayerWallet {
        signer: a_key.clone(),
        chain_id,
        rpc: anvil.rpc.clone(),
    });
    let b_before = chain.balance(b_wallet).await.unwrap();
    let paid = soul
        .pay(&url, reqwest::Method::POST, Some(b"{}".to_vec()))
        .await
        .unwrap();
    assert_eq!((paid.status, paid.amount), (200, 2_000));
    let info: Value = serde_json::from_slice(&paid.body).unwrap();
    assert_eq!(
        info["payer"].as_str().unwrap().parse::<Address>().unwrap(),
        a_key.address()
    );
    let tx = paid.transaction.clone().unwrap();
    assert_eq!(info["tx_hash"], tx.as_str());
    let receipt = chain
        .provider
        .get_transaction_receipt(tx.parse::<B256>().unwrap())
        .await
        .unwrap()
        .expect("mined");
    assert!(receipt.status());
    assert_eq!(
        transfers(&anvil.rpc, &tx, a_key.address(), b_wallet).await,
        [U256::from(2_000u64)]
    );
    assert_eq!(
        chain.balance(b_wallet).await.unwrap(),
        b_before + U256::from(2_000u64)
    );
    // 1 000 left: the next 2 000 is refused before signing.
    assert!(matches!(
        soul.pay(&url, reqwest::Method::POST, None).await,
        Err(PayError::Refused {
            refusal: Refusal::OverBudget {
                price: 2_000,
                remaining: 1_000,
                ..
            },
            ..
        })
    ));
    // Restart: reopening the ledger keeps what was spent.
    drop(soul);
    drop(db);
    let (_db, soul) = payer(dir.path(), budget(3_000, 2_000));
    let status = soul.status();
    assert_eq!(
        (status.spent, status.spends, status.refusals),
        (2_000, 1, 1)
    );
    assert_eq!(status.recent[1].tx.as_deref(), Some(tx.as_str()));

    // The attack: a payer whose budget is below the price. Nothing is signed or sent: its
    // balance, B's and the chain's height do not move; the ledger shows the refusal.
    let poor_key = dev_key(4);
    let dir = tempfile::tempdir().unwrap();
    let (_db2, poor) = payer(dir.path(), budget(1_000, 1_000));
    poor.set_wallet(PayerWallet {
        signer: poor_key.clone(),
        chain_id,
        rpc: anvil.rpc.clone(),
    });
    let poor_before = chain.balance(poor_key.address()).await.unwrap();
    let b_before = chain.balance(b_wallet).await.unwrap();
    let height = chain.provider.get_block_number().await.unwrap();
    let refused = poor.pay(&url, reqwest::Method::POST, None).await;
    let Err(PayError::Refused {
        entry: Some(entry),
        refusal:
            Refusal::AboveMaxPerRequest {
                price: 2_000,
                max: 1_000,
            },
    }) = refused
    else {
        panic!("expected a refusal: {refused:?}");
    };
    assert_eq!(poor.entry(entry).unwrap().outcome, Outcome::Refused);
    assert_eq!(
        chain.balance(poor_key.address()).await.unwrap(),
        poor_before
    );
    assert_eq!(chain.balance(b_wallet).await.unwrap(), b_before);
    assert_eq!(chain.provider.get_block_number().await.unwrap(), height);

    // Concurrent pays that together pass the budget: 5 × 2 000 against 4 000 → 2 paid.
    let busy_key = dev_key(2);
    approve(&anvil.rpc, &busy_key, PERMIT2, U256::MAX).await;
    let dir = tempfile::tempdir().unwrap();
    let (_db3, busy) = payer(dir.path(), budget(4_000, 2_000));
    busy.set_wallet(PayerWallet {
        signer: busy_key.clone(),
        chain_id,
        rpc: anvil.rpc.clone(),
    });
    let busy = Arc::new(busy);
    let b_before = chain.balance(b_wallet).await.unwrap();
    let tasks: Vec<_> = (0..5)
        .map(|_| {
            let (busy, url) = (busy.clone(), url.clone());
            tokio::spawn(async move { busy.pay(&url, reqwest::Method::GET, None).await })
        })
        .collect();
    let mut paid = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(p) => {
                assert_eq!(p.status, 200);
                paid += 1;
            }
            Err(PayError::Refused {
                refusal: Refusal::OverBudget { .. },
                ..
            }) => {}
            Err(e) => panic!("unexpected: {e:?}"),
        }
    }
    assert_eq!(paid, 2);
    assert_eq!(
        chain.balance(b_wallet).await.unwrap(),
        b_before + U256::from(4_000u64)
    );
    let status = busy.status();
    assert_eq!((status.spent, status.refusals), (4_000, 3));
    drop(a);
    drop(b);
    anvil.stop().await;
}

#[tokio::test]
async fn a_bad_soul_budget_stops_the_node() {
    let root = tempfile::tempdir().unwrap();
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_x402-node"))
        .args(["run", "--offline", "--data-dir"])
        .arg(root.path())
        .args(["--soul-budget", "1e-3"])
        .output()
        .await
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Refused by the price parser (not an unknown flag).
    assert!(
        stderr.contains("invalid value '1e-3' for '--soul-budget"),
        "{stderr}"
    );
}
