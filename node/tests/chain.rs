//! One real anvil (Tempo mode) and three nodes given only `--chain-rpc`: they fund their wallets,
//! register as ERC-8004 agents, discover each other from the registry and form one swarm. A
//! forged card is rejected; a restart does not register twice.

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use alloy::network::TransactionBuilder;
use alloy::primitives::{Address, U256};
use alloy::providers::Provider;
use alloy::rpc::types::{Filter, TransactionRequest};
use alloy::sol_types::{SolCall, SolEvent};
use common::{Node, SwarmStatus, wait_for};
use serde_json::Value;
use x402_identity::card::AgentCard;
use x402_identity::contracts::IIdentityRegistry;
use x402_identity::devchain::DevChain;
use x402_identity::registry::Registry;

fn args(rpc: &str) -> Vec<String> {
    vec!["--chain-rpc".into(), rpc.into(), "--chain-is-dev".into()]
}

async fn send_from(chain: &x402_identity::Chain, from: Address, to: Address, data: Vec<u8>) {
    let tx = TransactionRequest::default()
        .with_from(from)
        .with_to(to)
        .with_input(data);
    let receipt = chain
        .provider
        .send_transaction(tx)
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(receipt.status());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nodes_register_discover_each_other_on_chain_and_reject_forged_cards() {
    let anvil = DevChain::start(0)
        .await
        .expect("anvil (run ./scripts/setup)");
    let root = tempfile::tempdir().unwrap();
    // Node 2 admits gossip only from registered peers.
    let mut nodes: Vec<Node> = (0..3)
        .map(|i| {
            let mut a = args(&anvil.rpc);
            if i == 2 {
                a.push("--require-registration".into());
            }
            Node::start_with(root.path(), &format!("c{i}"), &a)
        })
        .collect();

    // No bootstrap: they find each other through the registry and agree on one queen.
    let statuses: Vec<SwarmStatus> = wait_for(
        Duration::from_secs(120),
        "swarm formed from the registry",
        || async {
            let mut all = Vec::new();
            for n in &nodes {
                let st = n.status().await?;
                if st.peers.len() != 2 || st.agent_id.is_none() {
                    return None;
                }
                if !st.peers.iter().all(|p| p.registered) {
                    return None;
                }
                all.push(st);
            }
            let queens: BTreeSet<_> = all.iter().map(|s| s.queen_term()).collect();
            (queens.len() == 1 && all[0].queen.is_some()).then_some(all)
        },
    )
    .await;
    assert!(
        nodes[0].log().contains("INSECURE"),
        "dev password warning is loud"
    );

    // Read balances and registrations back from the chain.
    let chain = x402_identity::Chain::connect_dev(&anvil.rpc).await.unwrap();
    assert_eq!(chain.chain_id, x402_identity::DEV_CHAIN_ID);
    let registry_addr: Address = statuses[0]
        .chain
        .details
        .as_ref()
        .unwrap()
        .registry
        .as_ref()
        .unwrap()
        .parse()
        .unwrap();
    let registry = Registry::new(chain.clone(), registry_addr);
    let mut agent_ids = BTreeSet::new();
    for (node, st) in nodes.iter().zip(&statuses) {
        assert_eq!(st.chain.status, "connected");
        let wallet: Address = st.wallet.as_ref().unwrap().parse().unwrap();
        assert!(chain.balance(wallet).await.unwrap() >= U256::from(10_000_000u64));
        let id = st.agent_id.unwrap();
        agent_ids.insert(id);
        assert_eq!(registry.owner_of(id).await.unwrap(), wallet);
        let card = AgentCard::from_data_uri(&registry.token_uri(id).await.unwrap()).unwrap();
        assert_eq!(card.x402_swarm.peer_id, st.peer_id);
        assert!(card.x402_support);
        assert_eq!(card.gateway().unwrap(), node.http);
        // The same file is served at the well-known path.
        let well_known: Value = reqwest::get(format!(
            "{}/.well-known/agent-registration.json",
            card.gateway().unwrap()
        ))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
        assert_eq!(well_known["x402Swarm"]["peerId"], st.peer_id.as_str());
    }
    assert_eq!(agent_ids.len(), 3);

    // An unregistered (offline) node joins through node 0: node 0 lists it as unregistered,
    // node 2 (--require-registration) ignores its gossip.
    let stranger = Node::start(root.path(), "stranger", Some(&nodes[0].tcp_addr().await));
    let stranger_id = stranger.ready().await.peer_id;
    wait_for(
        Duration::from_secs(30),
        "stranger listed as unregistered",
        || async {
            let st = nodes[0].status().await?;
            let p = st.peers.iter().find(|p| p.peer_id == stranger_id)?;
            (!p.registered && p.agent_id.is_none()).then_some(())
        },
    )
    .await;
    wait_for(
        Duration::from_secs(30),
        "node 2 ignores the stranger's gossip",
        || async {
            let m = nodes[2].get("/metrics").await?.text().await.ok()?;
            m.lines()
                .any(|l| l.contains("reason=\"unregistered\"") && !l.ends_with(" 0"))
                .then_some(())
        },
    )
    .await;
    let st2 = nodes[2].status().await.unwrap();
    assert!(
        st2.peers.iter().all(|p| p.peer_id != stranger_id),
        "{st2:?}"
    );
    drop(stranger);

    // A forged card: another wallet registers and claims node 0's peer id.
    let victim = statuses[0].peer_id.clone();
    let victim_id = statuses[0].agent_id.unwrap();
    let forger = chain.provider.get_accounts().await.unwrap()[3];
    send_from(
        &chain,
        forger,
        registry_addr,
        IIdentityRegistry::registerCall {}.abi_encode(),
    )
    .await;
    let forged_id = victim_id.max(*agent_ids.iter().max().unwrap()) + 1;
    assert_eq!(registry.owner_of(forged_id).await.unwrap(), forger);
    let mut forged =
        AgentCard::from_data_uri(&registry.token_uri(victim_id).await.unwrap()).unwrap();
    forged.registrations[0].agent_id = forged_id;
    forged.x402_swarm.wallet = forger.to_string();
    send_from(
        &chain,
        forger,
        registry_addr,
        IIdentityRegistry::setAgentURICall {
            agentId: U256::from(forged_id),
            newURI: forged.to_data_uri(),
        }
        .abi_encode(),
    )
    .await;
    wait_for(
        Duration::from_secs(30),
        "forged card rejected by every node",
        || async {
            for n in &nodes {
                let st = n.status().await?;
                if st.chain.details.as_ref()?.cards_rejected < 1 {
                    return None;
                }
                // The victim's peer id still maps to its real agent.
                if let Some(p) = st.peers.iter().find(|p| p.peer_id == victim) {
                    assert_eq!(p.agent_id, Some(victim_id));
                }
            }
            Some(())
        },
    )
    .await;

    // A restart keeps the peer id and the agent id, and does not register again.
    let wallet: Address = statuses[1].wallet.as_ref().unwrap().parse().unwrap();
    let id1 = statuses[1].agent_id.unwrap();
    nodes[1].kill().await;
    nodes[1] = Node::start_with(root.path(), "c1", &args(&anvil.rpc));
    let st = wait_for(
        Duration::from_secs(60),
        "restarted node back with its agent id",
        || async {
            let st = nodes[1].status().await?;
            (st.agent_id.is_some() && st.peers.len() == 2).then_some(st)
        },
    )
    .await;
    assert_eq!(st.peer_id, statuses[1].peer_id);
    assert_eq!(st.agent_id, Some(id1));
    // It listens on a new port now: its on-chain card follows (setAgentURI).
    let new_addr = nodes[1].tcp_addr().await;
    let new_addr = new_addr[..new_addr.rfind("/p2p/").unwrap()].to_string();
    wait_for(
        Duration::from_secs(30),
        "card updated with the new address",
        || async {
            let card = AgentCard::from_data_uri(&registry.token_uri(id1).await.ok()?).ok()?;
            card.multiaddrs()
                .iter()
                .any(|a| a.to_string() == new_addr)
                .then_some(())
        },
    )
    .await;
    let registrations = chain
        .provider
        .get_logs(
            &Filter::new()
                .address(registry_addr)
                .event_signature(IIdentityRegistry::Registered::SIGNATURE_HASH)
                .topic2(wallet.into_word())
                .from_block(0),
        )
        .await
        .unwrap();
    assert_eq!(registrations.len(), 1, "registered exactly once");

    for n in &mut nodes {
        n.kill().await;
    }
    anvil.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_chain_keeps_the_p2p_side_running() {
    let root = tempfile::tempdir().unwrap();
    let dead_rpc = format!("http://127.0.0.1:{}", common::free_port());
    let a = Node::start_with(root.path(), "u0", &args(&dead_rpc));
    let addr = a.tcp_addr().await;
    let mut b_args = args(&dead_rpc);
    b_args.extend(["--bootstrap".into(), addr]);
    let b = Node::start_with(root.path(), "u1", &b_args);
    let st = wait_for(
        Duration::from_secs(30),
        "peers joined while the chain is down",
        || async {
            let st = b.status().await?;
            (st.peers.len() == 1 && st.chain.status == "unreachable").then_some(st)
        },
    )
    .await;
    assert!(
        st.chain
            .details
            .as_ref()
            .unwrap()
            .error
            .as_ref()
            .unwrap()
            .contains("RPC"),
        "{st:?}"
    );
    assert!(st.agent_id.is_none());
    // The well-known registration is absent until registered.
    assert_eq!(
        b.get("/.well-known/agent-registration.json")
            .await
            .unwrap()
            .status(),
        404
    );
}
