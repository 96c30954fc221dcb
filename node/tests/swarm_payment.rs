//! Paying a peer found through the swarm: two nodes on one anvil find each other through the
//! registry; a client reads node B's gateway and wallet from node A's `/swarm/status` and pays
//! B's demo route with `x402-node pay`. The money lands in the wallet the registry binds to B.

mod common;

use std::time::Duration;

use alloy::primitives::{Address, U256};
use common::{Node, wait_for};
use x402_identity::Chain;
use x402_identity::devchain::DevChain;

/// anvil dev account 8 (fee token pathUSD): the payer.
const PAYER_KEY: &str = "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_pays_a_peer_discovered_through_the_swarm() {
    let anvil = DevChain::start(0)
        .await
        .expect("anvil (run ./scripts/setup)");
    let root = tempfile::tempdir().unwrap();
    let args = vec![
        "--chain-rpc".to_string(),
        anvil.rpc.clone(),
        "--chain-is-dev".to_string(),
    ];
    let a = Node::start_with(root.path(), "a", &args);
    let b = Node::start_with(root.path(), "b", &args);
    let b_id = b.ready().await.peer_id;

    // From A's point of view: B's gateway and registered wallet.
    let (gateway, wallet) = wait_for(
        Duration::from_secs(60),
        "B visible from A with gateway and wallet",
        || async {
            let st = a.status().await?;
            let p = st.peers.into_iter().find(|p| p.peer_id == b_id)?;
            Some((p.gateway?, p.wallet?.parse::<Address>().ok()?))
        },
    )
    .await;
    assert_eq!(gateway, b.http, "A announces B's real gateway");
    let url = format!("{gateway}/paid/hello");
    // Wait until B sells (its payments start once its wallet is unlocked and funded).
    wait_for(
        Duration::from_secs(60),
        "B's paid route answers 402",
        || async { (reqwest::get(&url).await.ok()?.status() == 402).then_some(()) },
    )
    .await;

    let chain = Chain::connect_dev(&anvil.rpc).await.unwrap();
    let before = chain.balance(wallet).await.unwrap();
    let key_file = root.path().join("payer.key");
    std::fs::write(&key_file, PAYER_KEY).unwrap();
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_x402-node"))
        .args(["pay", &url, "--chain-rpc", &anvil.rpc, "--key-file"])
        .arg(&key_file)
        .args(["--allowance", "approve", "--max-amount", "$0.01"])
        .env_remove("X402_DATA_DIR")
        .output()
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "pay failed: {stderr}");
    assert!(stderr.contains("transaction 0x"), "{stderr}");
    // The demo route costs $0.001 = 1000 base units, paid to the registry-bound wallet.
    assert_eq!(
        chain.balance(wallet).await.unwrap(),
        before + U256::from(1000u64)
    );
    anvil.stop().await;
}
