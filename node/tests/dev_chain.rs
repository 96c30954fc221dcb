//! Dev-chain behaviour only on the operator's word: a node given an anvil's RPC without
//! `--chain-is-dev` treats it as an ordinary chain (no insecure keystore password, no funding
//! from anvil's accounts), the local replica runs on a chain id distinct from Moderato's, and the
//! public `/swarm/status` shows only the RPC URL's scheme and host.

mod common;

use std::time::Duration;

use common::{Node, wait_for};
use x402_identity::devchain::DevChain;
use x402_identity::{Chain, DEV_CHAIN_ID};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_anvil_is_a_dev_chain_only_when_the_operator_says_so() {
    let anvil = DevChain::start(0)
        .await
        .expect("anvil (run ./scripts/setup)");
    // The replica's chain id is not Moderato's (42431) nor mainnet's.
    let chain = Chain::connect_dev(&anvil.rpc).await.unwrap();
    assert_eq!(chain.chain_id, DEV_CHAIN_ID);
    assert_ne!(chain.chain_id, 42431);
    // Without the flag, the anvil is classified by its id alone.
    let plain = Chain::connect(&anvil.rpc).await.unwrap();
    assert_eq!(plain.kind, x402_identity::ChainKind::Other);

    // An RPC URL with credentials and an API key, and no --chain-is-dev.
    let hostport = anvil.rpc.trim_start_matches("http://").to_string();
    let secret_url = format!("http://user:s3cret@{hostport}/?apikey=s3cret");
    let root = tempfile::tempdir().unwrap();
    let node = Node::start_with(
        root.path(),
        "not-dev",
        &["--chain-rpc".to_string(), secret_url],
    );
    let status = wait_for(Duration::from_secs(60), "chain classified", || async {
        let st = node.status().await?;
        (st.chain.status == "error").then_some(st)
    })
    .await;
    let text = node.status_json().await.unwrap().to_string();
    assert!(!text.contains("s3cret"), "credentials leaked: {text}");
    let chain = status.chain.details.as_ref().unwrap();
    assert_eq!(chain.rpc, format!("http://{hostport}"));
    assert_eq!(chain.kind.as_deref(), Some("other"));
    assert!(
        chain
            .error
            .as_ref()
            .unwrap()
            .contains("wallet password is required"),
        "{status:?}"
    );
    // No keystore was created with the insecure password, nothing funded.
    assert!(!node.data_dir.join("keystore/wallet.json").exists());
}
