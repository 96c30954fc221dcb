//! An outside libp2p peer (plain gossipsub over TCP + Noise + Yamux, no x402 code) reads the
//! swarm's JSON gossip, then publishes invalid messages: the node rejects each with a precise
//! reason, does not forward them, and keeps running.

mod common;

use std::time::Duration;

use common::{Node, wait_for};
use futures::StreamExt;
use libp2p::gossipsub::{self, IdentTopic};
use libp2p::swarm::SwarmEvent;
use libp2p::{Multiaddr, noise, tcp, yamux};
use serde_json::{Value, json};

fn rejected(metrics: &str, reason: &str) -> u64 {
    metrics
        .lines()
        .filter(|l| {
            l.starts_with("x402_gossip_messages_rejected_total")
                && l.contains(&format!("reason=\"{reason}\""))
        })
        .filter_map(|l| l.rsplit(' ').next()?.parse::<u64>().ok())
        .sum()
}

async fn metrics(node: &Node) -> Option<String> {
    node.get("/metrics").await?.text().await.ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outside_peer_reads_gossip_and_invalid_messages_are_rejected_not_forwarded() {
    let root = tempfile::tempdir().unwrap();
    let a = Node::start(root.path(), "a", None);
    let a_addr = a.tcp_addr().await;
    let b = Node::start(root.path(), "b", Some(&a_addr));
    a.ready().await;
    b.ready().await;
    wait_for(
        Duration::from_secs(30),
        "a and b see each other",
        || async {
            let st = b.status().await?;
            (st.peers.len() == 1).then_some(())
        },
    )
    .await;

    // A generic gossipsub peer: standard protocol ids, signed messages, no application code.
    let mut rogue = libp2p::SwarmBuilder::with_new_identity()
        .with_tokio()
        .with_tcp(
            tcp::Config::default(),
            noise::Config::new,
            yamux::Config::default,
        )
        .unwrap()
        .with_behaviour(|key| {
            gossipsub::Behaviour::<gossipsub::IdentityTransform>::new(
                gossipsub::MessageAuthenticity::Signed(key.clone()),
                gossipsub::ConfigBuilder::default()
                    .heartbeat_interval(Duration::from_millis(200))
                    .build()
                    .unwrap(),
            )
            .unwrap()
        })
        .unwrap()
        .build();
    let bloch = IdentTopic::new("x402-test/bloch/1");
    rogue.behaviour_mut().subscribe(&bloch).unwrap();
    rogue.dial(a_addr.parse::<Multiaddr>().unwrap()).unwrap();
    let rogue_id = rogue.local_peer_id().to_base58();

    // It reads a documented topic as JSON.
    let first = tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            if let SwarmEvent::Behaviour(gossipsub::Event::Message { message, .. }) =
                rogue.select_next_some().await
            {
                break serde_json::from_slice::<Value>(&message.data).unwrap();
            }
        }
    })
    .await
    .expect("a bloch message reaches the outside peer");
    assert_eq!(first["v"], 1);
    assert_eq!(first["kind"], "bloch");
    assert_eq!(first["swarm"], "x402-test");

    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    let env = |seq: u64, body: Value| {
        json!({"v": 1, "swarm": "x402-test", "sender": rogue_id, "seq": seq, "sent_ms": now,
               "kind": "bloch", "body": body})
    };
    let good = json!({"theta": 1.0, "phi": 1.0, "d_theta": 0.0, "d_phi": 0.0});
    let bad_theta = json!({"theta": 9.0, "phi": 1.0, "d_theta": 0.0, "d_phi": 0.0});
    let mut events = common::sse(format!("{}/swarm/events?topic=bloch", a.http)).await;

    // A valid message from the outside peer is accepted and shown to subscribers.
    publish(
        &mut rogue,
        &bloch,
        env(1, good.clone()).to_string().into_bytes(),
    )
    .await;
    wait_for(
        Duration::from_secs(20),
        "valid outside message accepted",
        || {
            let mut found = None;
            while let Ok(ev) = events.try_recv() {
                if ev["sender"] == rogue_id.as_str() {
                    found = Some(());
                }
            }
            async move { found }
        },
    )
    .await;

    // Three invalid messages, each rejected with its reason.
    let mut v7 = env(2, good.clone());
    v7["v"] = json!(7);
    for junk in [
        b"{not json".to_vec(),
        v7.to_string().into_bytes(),
        env(3, bad_theta).to_string().into_bytes(),
    ] {
        publish(&mut rogue, &bloch, junk).await;
    }
    let reasons = ["malformed", "unknown_version", "invalid_body"];
    let drive = tokio::spawn(async move {
        loop {
            rogue.select_next_some().await;
        }
    });
    let m = wait_for(
        Duration::from_secs(20),
        "every rejection counted",
        || async {
            let m = metrics(&a).await?;
            reasons.iter().all(|r| rejected(&m, r) >= 1).then_some(m)
        },
    )
    .await;
    for r in reasons {
        assert_eq!(rejected(&m, r), 1, "reason {r}:\n{m}");
    }
    let log = a.log();
    assert!(
        log.contains("unknown envelope version 7"),
        "precise reason in the log"
    );

    // Rejected messages were not forwarded: b never saw them.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let mb = metrics(&b).await.unwrap();
    for r in reasons {
        assert_eq!(rejected(&mb, r), 0, "b saw a forwarded {r} message:\n{mb}");
    }
    // The node keeps serving and keeps its peer.
    let health = a.get("/health").await.unwrap();
    assert_eq!(health.status(), 200);
    let st = a.status().await.unwrap();
    assert_eq!(st.peers.len(), 1);
    drive.abort();
}

/// Publishes once the remote has joined the topic mesh (retries while nobody is subscribed).
async fn publish(
    swarm: &mut libp2p::Swarm<gossipsub::Behaviour>,
    topic: &IdentTopic,
    data: Vec<u8>,
) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while swarm
        .behaviour_mut()
        .publish(topic.clone(), data.clone())
        .is_err()
    {
        assert!(tokio::time::Instant::now() < deadline, "could not publish");
        let _ = tokio::time::timeout(Duration::from_millis(100), swarm.select_next_some()).await;
    }
    // Let the message leave.
    let until = tokio::time::Instant::now() + Duration::from_millis(200);
    while tokio::time::timeout_at(until, swarm.select_next_some())
        .await
        .is_ok()
    {}
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_errors_metrics_and_subscribe_cli() {
    let root = tempfile::tempdir().unwrap();
    let a = Node::start(root.path(), "a", None);
    let addr = a.tcp_addr().await;

    // Unknown topic: 400 with the list of topics.
    let resp = a.get("/swarm/events?topic=nope").await.unwrap();
    assert_eq!(resp.status(), 400);
    let body: Value = resp.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("nope"));
    assert!(
        body["topics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "bloch")
    );

    // Metrics in Prometheus text.
    let m = metrics(&a).await.unwrap();
    for name in [
        "x402_peers_connected",
        "x402_queen_term",
        "x402_elections_total",
        "x402_psi",
    ] {
        assert!(m.contains(name), "missing {name}:\n{m}");
    }

    // `x402-node subscribe` prints messages of one topic as JSON lines.
    let mut sub = tokio::process::Command::new(env!("CARGO_BIN_EXE_x402-node"))
        .args([
            "subscribe",
            "--topic",
            "psi",
            "--swarm",
            "x402-test",
            "--bootstrap",
            &addr,
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines =
        tokio::io::AsyncBufReadExt::lines(tokio::io::BufReader::new(sub.stdout.take().unwrap()));
    let line = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
        .await
        .expect("a psi message within 30 s")
        .unwrap()
        .unwrap();
    let msg: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(msg["topic"], "psi");
    assert_eq!(msg["kind"], "psi");
    assert!(msg["sender"].as_str().unwrap().starts_with("12D3"));
    assert!(msg["body"]["value"].is_f64());

    // `x402-node status` renders the summary.
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_x402-node"))
        .args(["status", "--gateway", &a.http])
        .output()
        .await
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("queen"), "{text}");
    sub.kill().await.unwrap();
}
