//! Five real `x402-node` processes on loopback: membership, queen agreement, gossip delivery,
//! queen failover after SIGKILL, and a restart that rejoins from the peer cache.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::time::Duration;

use common::{Node, SwarmStatus, sse, wait_for};
use serde_json::Value;

fn peer_ids(st: &SwarmStatus) -> BTreeSet<String> {
    st.peers.iter().map(|p| p.peer_id.clone()).collect()
}

fn queen(st: &SwarmStatus) -> Option<(String, u64)> {
    st.queen_term()
}

/// Waits until every node lists exactly the others and all follow one queen; returns it.
async fn converged(nodes: &[&Node], ids: &[String]) -> (String, u64) {
    wait_for(
        Duration::from_secs(45),
        "membership and queen agreement",
        || async {
            let mut queens = BTreeSet::new();
            for (node, id) in nodes.iter().zip(ids) {
                let st = node.status().await?;
                let expected: BTreeSet<String> = ids.iter().filter(|x| *x != id).cloned().collect();
                if peer_ids(&st) != expected {
                    return None;
                }
                queens.insert(queen(&st)?);
            }
            let q = queens.into_iter().collect::<Vec<_>>();
            match q.as_slice() {
                [one] if ids.contains(&one.0) => Some(one.clone()),
                _ => None,
            }
        },
    )
    .await
}

/// [`converged`] over every node but the one at `gone`.
async fn converged_without(nodes: &[Node], ids: &[String], gone: usize) -> (String, u64) {
    let survivors: Vec<&Node> = nodes
        .iter()
        .enumerate()
        .filter_map(|(i, n)| (i != gone).then_some(n))
        .collect();
    let survivor_ids: Vec<String> = ids
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != gone)
        .map(|(_, id)| id.clone())
        .collect();
    converged(&survivors, &survivor_ids).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_nodes_form_a_swarm_elect_a_queen_and_survive_her_loss() {
    let root = tempfile::tempdir().unwrap();
    let first = Node::start(root.path(), "n0", None);
    let bootstrap = first.tcp_addr().await;
    let mut nodes = vec![first];
    for i in 1..5 {
        nodes.push(Node::start(root.path(), &format!("n{i}"), Some(&bootstrap)));
    }
    let mut ids = Vec::new();
    for n in &nodes {
        ids.push(n.ready().await.peer_id);
    }

    // Every node lists the 4 others; all agree on the queen and her term.
    let refs: Vec<&Node> = nodes.iter().collect();
    let (queen_id, term) = converged(&refs, &ids).await;
    let queen_status = nodes[ids.iter().position(|i| *i == queen_id).unwrap()]
        .status()
        .await
        .unwrap();
    assert_eq!(queen_status.role, common::swarm_status::Role::Queen);

    // A Bloch message published by node 0 reaches all the others (same sender and seq).
    let mut streams = Vec::new();
    for n in &nodes[1..] {
        streams.push(sse(format!("{}/swarm/events?topic=bloch", n.http)).await);
    }
    let mut seen: Vec<HashMap<u64, Value>> = vec![HashMap::new(); streams.len()];
    let common_seq = wait_for(Duration::from_secs(20), "bloch delivery to all", || {
        for (i, s) in streams.iter_mut().enumerate() {
            while let Ok(ev) = s.try_recv() {
                assert_eq!(ev["kind"], "bloch");
                assert_eq!(ev["topic"], "bloch");
                if ev["sender"] == ids[0].as_str() {
                    seen[i].insert(ev["seq"].as_u64().unwrap(), ev);
                }
            }
        }
        let found = seen[0]
            .keys()
            .find(|seq| seen.iter().all(|m| m.contains_key(seq)))
            .copied();
        async move { found }
    })
    .await;
    let ev = &seen[0][&common_seq];
    let theta = ev["body"]["theta"].as_f64().unwrap();
    assert!((0.0..=std::f64::consts::PI).contains(&theta));

    // Peers' Bloch states and Psi show up in status.
    let st = nodes[1].status().await.unwrap();
    let p0 = st.peers.iter().find(|p| p.peer_id == ids[0]).unwrap();
    assert!(p0.bloch.is_some(), "{p0:?}");
    assert!(p0.psi.is_some(), "{p0:?}");
    assert!(p0.last_seen_ms < 5000);

    // SIGKILL the queen: the 4 survivors agree on a new queen with a higher term.
    let qi = ids.iter().position(|i| *i == queen_id).unwrap();
    nodes[qi].kill().await;
    let (new_queen, new_term) = converged_without(&nodes, &ids, qi).await;
    assert_ne!(new_queen, queen_id);
    assert!(new_term > term, "term {new_term} after {term}");

    // Restart the old queen without --bootstrap: same peer id, rejoins from its peer cache.
    let name = nodes[qi].name.clone();
    nodes[qi] = Node::start(root.path(), &name, None);
    let restarted = nodes[qi].ready().await;
    assert_eq!(restarted.peer_id, queen_id);
    let refs: Vec<&Node> = nodes.iter().collect();
    let (_, final_term) = converged(&refs, &ids).await;
    assert!(final_term >= new_term);

    // Graceful shutdown of the current queen hands over at once.
    let st = nodes[0].status().await.unwrap();
    let (q, t) = queen(&st).unwrap();
    let qi = ids.iter().position(|i| *i == q).unwrap();
    assert!(nodes[qi].terminate().await, "clean exit on SIGTERM");
    assert!(nodes[qi].log().contains("queen abdicates"));
    let (after, after_term) = converged_without(&nodes, &ids, qi).await;
    assert_ne!(after, q);
    assert!(after_term > t);

    for n in &mut nodes {
        n.kill().await;
    }
}
