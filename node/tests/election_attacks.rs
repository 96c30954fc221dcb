//! Attacks on the election and membership, against real node processes:
//! - a hostile peer that passes identify forges a `queen_claim` with `term = u64::MAX`, a
//!   heartbeat with `max_term = u64::MAX`, and heartbeats pointing at an unrelated server;
//! - 200 Sybil keys (plain gossipsub, no identify) send heartbeats;
//! - a worker frozen with SIGSTOP for 10 s comes back without deposing the queen; a frozen queen
//!   is replaced by the majority and follows the new queen when she comes back.

mod common;

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::swarm_status::Role;
use common::{Node, wait_for};
use futures::StreamExt;
use libp2p::gossipsub::{self, IdentTopic};
use libp2p::swarm::{NetworkBehaviour, Swarm, SwarmEvent};
use libp2p::{Multiaddr, StreamProtocol, identify, identity, kad, noise, tcp, yamux};
use nix::sys::signal::Signal;
use serde_json::{Value, json};

const SWARM: &str = "x402-test";

#[derive(NetworkBehaviour)]
struct Hostile {
    gossipsub: gossipsub::Behaviour,
    identify: identify::Behaviour,
    kad: kad::Behaviour<kad::store::MemoryStore>,
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
}

fn gossip(key: &identity::Keypair) -> gossipsub::Behaviour {
    gossipsub::Behaviour::new(
        gossipsub::MessageAuthenticity::Signed(key.clone()),
        gossipsub::ConfigBuilder::default()
            .heartbeat_interval(Duration::from_millis(200))
            .build()
            .unwrap(),
    )
    .unwrap()
}

/// A peer that speaks this swarm's identify version and Kademlia protocol: an admitted member.
fn hostile() -> Swarm<Hostile> {
    libp2p::SwarmBuilder::with_new_identity()
        .with_tokio()
        .with_tcp(
            tcp::Config::default(),
            noise::Config::new,
            yamux::Config::default,
        )
        .unwrap()
        .with_behaviour(|key| {
            let id = key.public().to_peer_id();
            let mut kad = kad::Behaviour::with_config(
                id,
                kad::store::MemoryStore::new(id),
                kad::Config::new(StreamProtocol::new("/x402-test/kad/1.0.0")),
            );
            kad.set_mode(Some(kad::Mode::Server));
            Hostile {
                gossipsub: gossip(key),
                identify: identify::Behaviour::new(identify::Config::new(
                    format!("/{SWARM}/1.0.0"),
                    key.public(),
                )),
                kad,
            }
        })
        .unwrap()
        .with_swarm_config(|c| c.with_idle_connection_timeout(Duration::from_secs(120)))
        .build()
}

fn envelope(sender: &str, seq: u64, kind: &str, body: Value) -> Vec<u8> {
    json!({"v": 1, "swarm": SWARM, "sender": sender, "seq": seq, "sent_ms": now_ms(),
           "kind": kind, "body": body})
    .to_string()
    .into_bytes()
}

fn heartbeat(max_term: u64, queen: Value, addrs: Vec<String>) -> Value {
    json!({"name": "hostile", "role": "worker", "listen_addrs": addrs, "gateway": null,
           "queen": queen, "max_term": max_term, "interval_ms": 1000})
}

/// (queen peer id, term) as `node` sees it.
async fn queen_of(node: &Node) -> Option<(String, u64)> {
    node.status().await?.queen_term()
}

/// Waits until all `nodes` follow one queen and returns her (peer id, term).
async fn agreed(nodes: &[&Node], what: &str) -> (String, u64) {
    wait_for(Duration::from_secs(40), what, || async {
        let mut seen = HashSet::new();
        for n in nodes {
            seen.insert(queen_of(n).await?);
        }
        (seen.len() == 1).then(|| seen.into_iter().next().unwrap())
    })
    .await
}

async fn start_three(root: &std::path::Path) -> Vec<Node> {
    let a = Node::start(root, "a", None);
    let a_addr = a.tcp_addr().await;
    let b = Node::start(root, "b", Some(&a_addr));
    let c = Node::start(root, "c", Some(&a_addr));
    for n in [&a, &b, &c] {
        n.ready().await;
    }
    wait_for(
        Duration::from_secs(40),
        "3 nodes see each other",
        || async {
            for n in [&a, &b, &c] {
                let st = n.status().await?;
                (st.peers.len() == 2).then_some(())?;
            }
            Some(())
        },
    )
    .await;
    vec![a, b, c]
}

async fn publish(swarm: &mut Swarm<Hostile>, topic: &IdentTopic, data: Vec<u8>) {
    // Drive the swarm until the message is out (there may be no mesh peer yet).
    for _ in 0..50 {
        if swarm
            .behaviour_mut()
            .gossipsub
            .publish(topic.clone(), data.clone())
            .is_ok()
        {
            break;
        }
        let _ = tokio::time::timeout(Duration::from_millis(100), swarm.select_next_some()).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_terms_sybils_and_bogus_addresses_leave_the_queen_and_members_alone() {
    let root = tempfile::tempdir().unwrap();
    let nodes = start_three(root.path()).await;
    let refs: Vec<&Node> = nodes.iter().collect();
    let (queen, term) = agreed(&refs, "one queen").await;
    let a_addr: Multiaddr = nodes[0].tcp_addr().await.parse().unwrap();
    let b_addr: Multiaddr = nodes[1].tcp_addr().await.parse().unwrap();

    // An unrelated server the attacker points the swarm at: it must never be dialed.
    let bogus = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let bogus_port = bogus.local_addr().unwrap().port();
    let dialed = Arc::new(AtomicUsize::new(0));
    let counter = dialed.clone();
    tokio::spawn(async move {
        while bogus.accept().await.is_ok() {
            counter.fetch_add(1, Ordering::SeqCst);
        }
    });
    let bogus_addrs = vec![
        format!("/ip4/127.0.0.1/tcp/{bogus_port}"),
        format!("/ip4/10.1.2.3/tcp/{bogus_port}"),
    ];

    let mut h = hostile();
    let me = h.local_peer_id().to_base58();
    let queen_topic = IdentTopic::new(format!("{SWARM}/queen/1"));
    let members_topic = IdentTopic::new(format!("{SWARM}/members/1"));
    for t in [&queen_topic, &members_topic] {
        h.behaviour_mut().gossipsub.subscribe(t).unwrap();
    }
    h.dial(a_addr).unwrap();
    h.dial(b_addr).unwrap();
    // Identify completes: the hostile peer is admitted (it speaks the swarm's protocols).
    tokio::time::timeout(Duration::from_secs(20), async {
        let mut identified = 0;
        while identified < 2 {
            if let SwarmEvent::Behaviour(HostileEvent::Identify(identify::Event::Received {
                ..
            })) = h.select_next_some().await
            {
                identified += 1;
            }
        }
    })
    .await
    .expect("identify with two nodes");

    let mut seq = 1;
    let mut send = |kind: &str, body: Value| {
        seq += 1;
        envelope(&me, seq, kind, body)
    };
    // A plausible heartbeat (admits it as a member) pointing at the bogus server.
    let hb = send(
        "heartbeat",
        heartbeat(term, Value::Null, bogus_addrs.clone()),
    );
    publish(&mut h, &members_topic, hb).await;
    // Forged terms.
    let claim = send(
        "queen_claim",
        json!({"term": u64::MAX, "lease_ms": 3_600_000}),
    );
    publish(&mut h, &queen_topic, claim).await;
    let big = send(
        "heartbeat",
        heartbeat(
            u64::MAX,
            json!({"peer_id": me, "term": u64::MAX}),
            bogus_addrs.clone(),
        ),
    );
    publish(&mut h, &members_topic, big).await;
    let jump = send(
        "queen_claim",
        json!({"term": term + 1000, "lease_ms": 3000}),
    );
    publish(&mut h, &queen_topic, jump).await;

    // 200 Sybil keys, plain gossipsub without identify, each sending heartbeats.
    let mut sybils = Vec::new();
    for _ in 0..200 {
        let mut s = libp2p::SwarmBuilder::with_new_identity()
            .with_tokio()
            .with_tcp(
                tcp::Config::default(),
                noise::Config::new,
                yamux::Config::default,
            )
            .unwrap()
            .with_behaviour(gossip)
            .unwrap()
            .build();
        s.behaviour_mut().subscribe(&members_topic).unwrap();
        s.dial(nodes[2].tcp_addr().await.parse::<Multiaddr>().unwrap())
            .unwrap();
        sybils.push(s);
    }
    let sybil_tasks: Vec<_> = sybils
        .into_iter()
        .map(|mut s| {
            let topic = members_topic.clone();
            let addrs = bogus_addrs.clone();
            tokio::spawn(async move {
                let id = s.local_peer_id().to_base58();
                for seq in 0..20u64 {
                    let hb = envelope(
                        &id,
                        seq + 1,
                        "heartbeat",
                        heartbeat(0, Value::Null, addrs.clone()),
                    );
                    let _ = s.behaviour_mut().publish(topic.clone(), hb);
                    let _ = tokio::time::timeout(Duration::from_millis(500), async {
                        loop {
                            s.select_next_some().await;
                        }
                    })
                    .await;
                }
            })
        })
        .collect();

    // Keep the hostile peer's connections driven while the swarm reacts.
    let watch = tokio::time::timeout(Duration::from_secs(12), async {
        loop {
            h.select_next_some().await;
        }
    });
    let _ = watch.await;
    for t in sybil_tasks {
        t.abort();
    }

    for n in &nodes {
        let st = n.status().await.unwrap();
        assert_eq!(
            queen_of(n).await,
            Some((queen.clone(), term)),
            "{}: queen and term unchanged",
            n.name
        );
        let max_term = st.max_term;
        assert!(max_term <= term + 1, "{}: max_term {max_term}", n.name);
        let peers = &st.peers;
        // The two honest others, and at most the admitted hostile peer: no Sybil.
        assert!(peers.len() <= 3, "{}: {} members", n.name, peers.len());
        assert!(
            peers.iter().all(|p| p.name != "hostile" || p.peer_id == me),
            "{}: only the identified hostile peer may be listed",
            n.name
        );
    }
    let mut counted = false;
    for n in &nodes {
        let metrics = n.get("/metrics").await.unwrap().text().await.unwrap();
        counted |= metrics
            .lines()
            .any(|l| l.contains("reason=\"implausible_term\"") && !l.ends_with(" 0"));
    }
    assert!(counted, "implausible terms are counted as rejected");
    assert_eq!(
        dialed.load(Ordering::SeqCst),
        0,
        "nobody dialed the address from the heartbeats"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_frozen_worker_does_not_depose_the_queen_and_a_frozen_queen_is_replaced() {
    let root = tempfile::tempdir().unwrap();
    let nodes = start_three(root.path()).await;
    let refs: Vec<&Node> = nodes.iter().collect();
    let (queen, term) = agreed(&refs, "one queen").await;
    let mut ids = Vec::new();
    for n in &nodes {
        ids.push(n.status().await.unwrap().peer_id);
    }
    let queen_index = ids.iter().position(|p| *p == queen).unwrap();
    let worker = &nodes[(queen_index + 1) % 3];

    // A worker frozen for 10 s (an island for 3 leases), then resumed.
    worker.signal(Signal::SIGSTOP);
    tokio::time::sleep(Duration::from_secs(10)).await;
    worker.signal(Signal::SIGCONT);
    tokio::time::sleep(Duration::from_secs(6)).await;
    for n in &nodes {
        assert_eq!(
            queen_of(n).await,
            Some((queen.clone(), term)),
            "{}: the resumed worker deposed nobody",
            n.name
        );
    }

    // Freezing the queen: the two others elect one of them with a higher term.
    let old = &nodes[queen_index];
    old.signal(Signal::SIGSTOP);
    let others: Vec<&Node> = nodes
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != queen_index)
        .map(|(_, n)| n)
        .collect();
    let (new_queen, new_term) = wait_for(Duration::from_secs(30), "a new queen", || async {
        let mut seen = HashSet::new();
        for n in &others {
            seen.insert(queen_of(n).await?);
        }
        let q = seen.into_iter().next()?;
        (q.0 != queen && q.1 > term).then_some(q)
    })
    .await;
    assert!(ids.contains(&new_queen));
    old.signal(Signal::SIGCONT);
    // The old queen comes back and follows the new one.
    wait_for(Duration::from_secs(20), "the old queen follows", || async {
        let st = old.status().await?;
        (st.role == Role::Worker && queen_of(old).await? == (new_queen.clone(), new_term))
            .then_some(())
    })
    .await;
    for n in &others {
        assert_eq!(queen_of(n).await, Some((new_queen.clone(), new_term)));
    }
}
