//! The soul pays a peer through x402 within its budget (two nodes on one anvil, `--llm none`):
//! node A's soul, probing its peer B, pays B's demo route (`$0.001`) from A's wallet and the
//! money lands in B's registered wallet on chain; with its budget (`--soul-budget $0.001`)
//! spent, the next payment is refused before anything is signed and nothing more is paid.
//! A's running goal reaches B on gossip and shows in B's `/swarm/status`.

mod common;

use std::time::Duration;

use alloy::primitives::{Address, U256};
use common::{Node, wait_for};
use serde_json::json;
use x402_identity::Chain;
use x402_identity::devchain::DevChain;
use x402_soul::api::SoulStatus;
use x402_soul::types::OutcomeClass;

async fn soul(node: &Node) -> Option<SoulStatus> {
    node.get("/soul/status").await?.json().await.ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_soul_pays_a_peer_on_chain_and_is_refused_past_its_budget() {
    let anvil = DevChain::start(0)
        .await
        .expect("anvil (run ./scripts/setup)");
    let root = tempfile::tempdir().unwrap();
    let corpus = root.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let chain_args = |extra: &[&str]| {
        let mut v = vec![
            "--chain-rpc".to_string(),
            anvil.rpc.clone(),
            "--chain-is-dev".to_string(),
            "--llm".to_string(),
            "none".to_string(),
            "--soul-corpus".to_string(),
            corpus.to_str().unwrap().to_string(),
        ];
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    let b = Node::start_with(root.path(), "b", &chain_args(&["--soul", "off"]));
    let b_id = b.ready().await.peer_id;
    let b_addr = b.tcp_addr().await;
    let a = Node::start_with(
        root.path(),
        "a",
        &chain_args(&[
            "--soul",
            "on",
            "--bootstrap",
            &b_addr,
            "--soul-interval",
            "1",
            "--soul-budget",
            "$0.001",
        ]),
    );
    a.ready().await;
    let wallet: Address = wait_for(Duration::from_secs(60), "B's wallet seen by A", || async {
        let st = a.status().await?;
        let p = st.peers.iter().find(|p| p.peer_id == b_id)?;
        p.wallet.as_ref()?.parse().ok()
    })
    .await;
    let url = format!("{}/paid/hello", b.http);
    wait_for(Duration::from_secs(60), "B sells", || async {
        (reqwest::get(&url).await.ok()?.status() == 402).then_some(())
    })
    .await;
    let chain = Chain::connect_dev(&anvil.rpc).await.unwrap();
    let before = chain.balance(wallet).await.unwrap();

    // A's soul probes B on its own (its coordination goal) or when nudged; either way it pays.
    let token = std::fs::read_to_string(a.data_dir.join("admin.token")).unwrap();
    let nudge = |text: &'static str| {
        let a_http = a.http.clone();
        let token = token.trim().to_string();
        async move {
            reqwest::Client::new()
                .post(format!("{a_http}/soul/nudge"))
                .bearer_auth(token)
                .json(&json!({ "text": text }))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(nudge("pay peer for its demo route").await, 202);
    let paid = wait_for(Duration::from_secs(600), "A's soul paid B", || async {
        let s = soul(&a).await?;
        s.outcomes
            .iter()
            .find(|o| o.tool.as_str() == "pay" && o.class == OutcomeClass::Ok)
            .cloned()
    })
    .await;
    assert_eq!(paid.spent_micros, 1000, "{paid:?}");
    assert!(
        paid.detail.contains("\"transaction\":\"0x"),
        "{}",
        paid.detail
    );
    assert_eq!(
        chain.balance(wallet).await.unwrap(),
        before + U256::from(1000u64),
        "the payment is on chain, in B's registered wallet"
    );
    let s = soul(&a).await.unwrap();
    assert_eq!(s.budget.limit, 1000);
    assert_eq!(s.budget.spent, 1000);

    // The budget is spent: the next payment is refused and nothing more is paid.
    let a_id = a.status().await.unwrap().peer_id;
    assert_eq!(nudge("pay peer once more").await, 202);
    // A's running goal reaches B by gossip (on A's Psi message) and shows in B's status.
    wait_for(
        Duration::from_secs(60),
        "A's goal in B's /swarm/status",
        || async {
            let st = b.status().await?;
            let p = st.peers.iter().find(|p| p.peer_id == a_id)?;
            p.goal
                .as_ref()?
                .starts_with("pay peer once more")
                .then_some(())
        },
    )
    .await;
    let refused = wait_for(
        Duration::from_secs(300),
        "the next payment refused",
        || async {
            let s = soul(&a).await?;
            s.outcomes
                .iter()
                .find(|o| o.tool.as_str() == "pay" && o.class == OutcomeClass::Refused)
                .cloned()
        },
    )
    .await;
    assert!(refused.detail.contains("budget"), "{}", refused.detail);
    assert_eq!(refused.spent_micros, 0);
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        chain.balance(wallet).await.unwrap(),
        before + U256::from(1000u64),
        "nothing paid past the budget"
    );
    // `/soul/status.budget` is the payer's ledger: the refusal and the spend are in it.
    let budget = soul(&a).await.unwrap().budget;
    assert_eq!(budget.spent, 1000);
    assert_eq!((budget.remaining, budget.reserved), (0, 0), "{budget:?}");
    assert!(budget.refusals >= 1 && budget.spends == 1, "{budget:?}");
    assert!(budget.ready);
    assert!(!budget.recent.is_empty() && budget.recent.len() <= 10);
    anvil.stop().await;
}
