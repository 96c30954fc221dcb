//! `PayingClient` and `x402-node pay` paying the legacy `tempo-tip20` scheme end to end on a
//! real anvil (Tempo mode) with a real node process: the CLI approves the advertised facilitator
//! address once and pays the demo route, later payments move exactly the price, the library
//! approves a bounded amount, a missing allowance without permission to approve and the
//! max-amount guard refuse before anything moves. The node wallet (payee of the demo route)
//! sends its own transactions meanwhile (identity, funding), so what it received is read from
//! each settlement's `Transfer` log; the payer's balance moves by exactly the price.

mod common;

use alloy::primitives::{Address, U256};
use alloy::signers::local::PrivateKeySigner;
use common::Node;
use common::payments::{
    DEV_KEYS, allowance, facilitator_address, facilitator_funded, node_wallet, payment_records,
    payments_ready, records_with_scheme, start_chain, transfers,
};
use serde_json::Value;
use x402_payments::client::{AllowanceMode, ClientError, PayingClient, Scheme};

/// anvil's default dev keys (fee token pathUSD), none used by the node itself.
const CLI_KEY: &str = DEV_KEYS[3];
const LIB_KEY: &str = DEV_KEYS[4];
const IDLE_KEY: &str = DEV_KEYS[1];

/// The demo route's price in atomic units ($0.001).
const PRICE: u64 = 1000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_and_cli_pay_tempo_tip20_on_the_local_chain() {
    let (anvil, chain) = start_chain().await;
    let root = tempfile::tempdir().unwrap();
    let args = vec![
        "--chain-rpc".to_string(),
        anvil.rpc.clone(),
        "--chain-is-dev".to_string(),
    ];
    let mut node = Node::start_with(root.path(), "c0", &args);

    let supported = payments_ready(&node).await;
    let facilitator = facilitator_address(&supported);
    facilitator_funded(&chain, facilitator).await;
    let wallet = node_wallet(&node).await;
    let url = format!("{}/paid/hello", node.http);
    let price = U256::from(PRICE);
    let balance = |who: Address| {
        let chain = &chain;
        async move { chain.balance(who).await.unwrap() }
    };
    // Exactly one transfer of the price, payer → node wallet, in the settlement `tx`.
    let moved = |tx: String, payer: Address| {
        let rpc = anvil.rpc.clone();
        async move { assert_eq!(transfers(&rpc, &tx, payer, wallet).await, vec![price]) }
    };
    let tx_of = |stdout: &[u8]| -> String {
        let body: Value = serde_json::from_slice(stdout).expect("body on stdout");
        body["transaction"].as_str().unwrap().to_string()
    };

    // The CLI.
    let cli_payer: PrivateKeySigner = CLI_KEY.parse().unwrap();
    let key_file = root.path().join("payer.key");
    std::fs::write(&key_file, CLI_KEY).unwrap();
    let cli = |extra: &[&str]| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_x402-node"));
        cmd.args(["pay", &url, "--chain-rpc", &anvil.rpc, "--key-file"])
            .arg(&key_file)
            .args(["--scheme", "tempo-tip20"])
            .args(extra)
            .env_remove("X402_DATA_DIR");
        cmd.output().unwrap()
    };

    // Without allowance and without permission to approve: a clear refusal, nothing moved.
    let start = balance(cli_payer.address()).await;
    let refused = cli(&["--allowance", "none"]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "{stderr}");
    assert!(
        stderr.contains("needs an allowance") && stderr.contains(&facilitator.to_string()),
        "{stderr}"
    );
    // The max-amount guard refuses before approving or signing.
    let refused = cli(&["--allowance", "approve", "--max-amount", "$0.0005"]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("exceeds the maximum"));
    assert_eq!(balance(cli_payer.address()).await, start);
    assert_eq!(
        allowance(&anvil.rpc, cli_payer.address(), facilitator).await,
        U256::ZERO
    );

    // First payment: approves the advertised facilitator for a bounded standing amount ($0.01),
    // pays, prints body and tx.
    let out = cli(&[
        "--allowance",
        "approve",
        "--max-amount",
        "$0.01",
        "--approve-amount",
        "$0.01",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let tx = tx_of(&out.stdout);
    assert!(
        stderr.contains("paid $0.001 ")
            && stderr.contains("with tempo-tip20")
            && stderr.contains(&format!("transaction {tx}")),
        "{stderr}"
    );
    moved(tx.clone(), cli_payer.address()).await;
    assert_eq!(
        allowance(&anvil.rpc, cli_payer.address(), facilitator).await,
        U256::from(10_000u64) - price,
        "bounded approval minus the first payment"
    );
    let after_first = balance(cli_payer.address()).await;
    assert!(
        start - after_first >= price,
        "the payer paid the price and the approve fee"
    );

    // Second payment: no approval needed, the payer's balance moves by exactly the price.
    let out = cli(&["--allowance", "approve"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    moved(tx_of(&out.stdout), cli_payer.address()).await;
    assert_eq!(balance(cli_payer.address()).await, after_first - price);

    // The library: a bounded approval of three prices, then payments of exactly the price.
    let lib_payer: PrivateKeySigner = LIB_KEY.parse().unwrap();
    let client = PayingClient::new(lib_payer.clone())
        .chain_rpc(Some(anvil.rpc.clone()))
        .scheme(Scheme::TempoTip20)
        .allowance_mode(AllowanceMode::Approve)
        .facilitator_approval(price * U256::from(3))
        .max_amount(Some(PRICE));
    let paid = client.send(reqwest::Method::GET, &url, None).await.unwrap();
    assert_eq!(paid.status, 200, "{}", String::from_utf8_lossy(&paid.body));
    assert_eq!(paid.requirement.unwrap().scheme, "tempo-tip20");
    let first = paid.settlement.unwrap();
    assert!(first.success);
    moved(first.transaction, lib_payer.address()).await;
    assert_eq!(
        allowance(&anvil.rpc, lib_payer.address(), facilitator).await,
        price * U256::from(2)
    );
    let before = balance(lib_payer.address()).await;
    let paid = client.send(reqwest::Method::GET, &url, None).await.unwrap();
    assert_eq!(paid.status, 200);
    let second = paid.settlement.unwrap();
    assert!(second.success);
    moved(second.transaction, lib_payer.address()).await;
    assert_eq!(balance(lib_payer.address()).await, before - price);
    // The default preference is still `exact`.
    let (payment, req) = PayingClient::new(lib_payer.clone())
        .build_payment(
            &x402_payments::headers::decode(
                reqwest::get(&url).await.unwrap().headers()["payment-required"]
                    .to_str()
                    .unwrap(),
            )
            .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!((req.scheme.as_str(), payment.x402_version), ("exact", 2));

    // Sponsoring-only (no transaction allowed) on a payer that never approved: refused typed.
    let idle: PrivateKeySigner = IDLE_KEY.parse().unwrap();
    let idle_before = balance(idle.address()).await;
    let refused = PayingClient::new(idle.clone())
        .chain_rpc(Some(anvil.rpc.clone()))
        .scheme(Scheme::TempoTip20)
        .allowance_mode(AllowanceMode::SponsoringOnly)
        .send(reqwest::Method::GET, &url, None)
        .await;
    match refused {
        Err(ClientError::AllowanceRequired { spender, need, .. }) => {
            assert_eq!((spender, need), (facilitator, price));
        }
        other => panic!("expected AllowanceRequired, got {other:?}"),
    }
    assert_eq!(balance(idle.address()).await, idle_before);

    // The records: four settled tempo-tip20 payments, the CLI's first one among them.
    let records = payment_records(&node).await;
    let legacy = records_with_scheme(&records, "tempo-tip20");
    assert_eq!(legacy.len(), 4, "{records}");
    assert!(legacy.iter().all(|r| r["state"] == "settled"));
    assert!(legacy.iter().any(|r| r["transaction"] == tx.as_str()));
    node.kill().await;
}
