//! A colony IQ session on three real node processes with real cargo builds in each node's
//! sandboxed harness: two nodes solve with the `reference` solver, one with `starter`.
//! - Session 1, opened through a non-queen node with the CLI (`bench iq --colony`): every
//!   problem is assigned exactly once, the colony passes exactly the problems of reference
//!   workers, its IQ equals the hand-computed value, every node's status and metrics show it,
//!   and verified solutions are kept as training pairs on the other nodes too.
//! - A hostile member (an in-test libp2p peer that passes identify) forges an assignment and a
//!   summary under the current term: no node works on it or shows it.
//! - Session 2, opened on the queen: a worker is killed right after the assignment; its share is
//!   reassigned and the session completes with every problem attempted.
//!
//! (Idempotent results and results from unassigned workers: `x402_benchmarks::colony` tests;
//! bounds of the wire types: `x402_p2p::iq` tests.)

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use common::{Node, wait_for};
use libp2p::identity::Keypair;
use serde_json::Value;
use x402_p2p::iq::{AssignedProblem, IqAssignment, IqSummary};
use x402_p2p::network::Participation;
use x402_p2p::{Network, NetworkConfig, NetworkEvent, Payload, SwarmTopic};

/// 14 problems over all six tiers.
const PROBLEMS: [&str; 14] = [
    "add-months-clamped",
    "argsort-stable-indices",
    "arith-tokenizer",
    "ascii-table-format",
    "fix-anagram-groups-order",
    "fix-binary-search-lower-bound",
    "fix-bracket-error-position",
    "induce-alternating-prefix-sum",
    "induce-clock-add",
    "balanced-team-partition",
    "bank-tellers-priority-queue",
    "abs-distance-i64-full-range",
    "apply-gain-saturating-i16",
    "bigint-signed-arith",
];

fn weight(tier: u64) -> f64 {
    [1.0, 2.0, 3.0, 4.0, 5.0, 8.0][tier as usize - 1]
}

fn token(node: &Node) -> String {
    std::fs::read_to_string(node.data_dir.join("admin.token"))
        .unwrap()
        .trim()
        .to_string()
}

async fn session_view(node: &Node, id: &str) -> Option<Value> {
    let resp = node.get(&format!("/iq/sessions/{id}")).await?;
    resp.status().is_success().then_some(())?;
    resp.json().await.ok()
}

/// Gossip messages a node accepted on the `iq` topic (from its metrics).
async fn iq_messages_in(node: &Node) -> f64 {
    let metrics = node.get("/metrics").await.unwrap().text().await.unwrap();
    metrics
        .lines()
        .filter(|l| l.starts_with("x402_gossip_messages_in") && l.contains(r#"topic="iq""#))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

async fn queen_of(nodes: &[&Node]) -> usize {
    wait_for(Duration::from_secs(40), "one queen for all", || async {
        let mut queens = BTreeSet::new();
        for n in nodes {
            queens.insert(n.status().await?["queen"]["peer_id"].as_str()?.to_string());
        }
        (queens.len() == 1).then_some(())?;
        let q = queens.into_iter().next()?;
        for (i, n) in nodes.iter().enumerate() {
            if n.status().await?["peer_id"] == q.as_str() {
                return Some(i);
            }
        }
        None
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_colony_solves_a_partitioned_session_and_survives_a_dead_worker() {
    let root = tempfile::tempdir().unwrap();
    let solver = |s: &str| vec!["--offline".to_string(), "--iq-solver".into(), s.into()];
    let a = Node::start_with(root.path(), "a", &solver("reference"));
    let a_addr = a.tcp_addr().await;
    let with_boot = |s: &str| {
        let mut v = solver(s);
        v.extend(["--bootstrap".to_string(), a_addr.clone()]);
        v
    };
    let b = Node::start_with(root.path(), "b", &with_boot("reference"));
    let c = Node::start_with(root.path(), "c", &with_boot("starter"));
    let mut all = [a, b, c];
    let nodes: Vec<&Node> = all.iter().collect();
    let nodes = &nodes[..];
    for n in nodes {
        n.ready().await;
    }
    wait_for(
        Duration::from_secs(40),
        "3 nodes see each other",
        || async {
            for n in nodes {
                let st = n.status().await?;
                (st["peers"].as_array()?.len() == 2).then_some(())?;
            }
            Some(())
        },
    )
    .await;
    let mut peer_of = BTreeMap::new();
    for n in nodes {
        let st = n.status().await.unwrap();
        peer_of.insert(st["peer_id"].as_str().unwrap().to_string(), n.name.clone());
        assert_eq!(
            st["iq"]["solver"],
            if n.name == "c" {
                "starter"
            } else {
                "reference"
            }
        );
    }
    let q = queen_of(nodes).await;
    let via = nodes[(q + 1) % 3];

    // Session 1, through a non-queen node, with the CLI.
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_x402-node"))
        .args(["bench", "iq", "--colony", "--json", "--gateway", &via.http])
        .arg("--token-file")
        .arg(via.data_dir.join("admin.token"))
        .arg("--problems")
        .arg(PROBLEMS.join(","))
        .output();
    let out = tokio::time::timeout(Duration::from_secs(600), out)
        .await
        .expect("the session completes")
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = printed["summary"]["session"].as_str().unwrap().to_string();
    assert_eq!(printed["summary"]["done"], true);
    let detail = session_view(nodes[q], &id).await.unwrap();
    let problems = detail["problems"].as_array().unwrap();
    assert_eq!(problems.len(), PROBLEMS.len());
    let (mut points, mut max_points, mut passed) = (0.0, 0.0, 0);
    let mut shares: BTreeMap<String, usize> = BTreeMap::new();
    for p in problems {
        let assigned = p["assigned"].as_array().unwrap();
        assert_eq!(assigned.len(), 1, "assigned exactly once: {p}");
        let worker = assigned[0].as_str().unwrap();
        *shares.entry(peer_of[worker].clone()).or_default() += 1;
        let results = p["results"].as_object().unwrap();
        assert_eq!(results.len(), 1, "{p}");
        let by_reference = peer_of[worker] != "c";
        // The colony result is the union of the workers' verified passes.
        assert_eq!(p["colony_passed"], by_reference, "{p}");
        assert_eq!(results[worker]["claimed_pass"], by_reference, "{p}");
        let w = weight(p["tier"].as_u64().unwrap());
        max_points += w;
        if by_reference {
            points += w;
            passed += 1;
        }
    }
    assert_eq!(shares.len(), 3, "every member got a share: {shares:?}");
    let expected_iq = 85.0 + 0.65 * 100.0 * points / max_points;
    let summary = &detail["summary"];
    assert!((summary["iq"].as_f64().unwrap() - expected_iq).abs() < 1e-9);
    assert_eq!(summary["passed"], passed);
    assert_eq!(summary["attempted"], PROBLEMS.len());
    assert_eq!(summary["best_member_iq"].as_f64().unwrap(), 150.0);
    let members = summary["members"].as_array().unwrap();
    assert_eq!(members.len(), 3);
    for m in members {
        let expected = if peer_of[m["peer_id"].as_str().unwrap()] == "c" {
            85.0
        } else {
            150.0
        };
        assert_eq!(m["iq"].as_f64().unwrap(), expected, "{m}");
    }
    // Every node shows the session; peers carry their IQ; metrics have the gauge; the starter
    // node kept the colony's verified solutions as training pairs.
    for n in nodes {
        let st = wait_for(
            Duration::from_secs(20),
            "status shows the session",
            || async {
                let st = n.status().await?;
                (st["iq"]["session"] == id.as_str() && st["iq"]["done"] == true).then_some(st)
            },
        )
        .await;
        assert!((st["iq"]["colony"].as_f64().unwrap() - expected_iq).abs() < 1e-9);
        for p in st["peers"].as_array().unwrap() {
            assert!(p["iq"].as_f64().is_some(), "{p}");
        }
        let own = if n.name == "c" { 85.0 } else { 150.0 };
        assert_eq!(st["iq"]["self"].as_f64().unwrap(), own);
        if n.name == "c" {
            assert!(st["iq"]["training_pairs"].as_u64().unwrap() >= passed as u64);
        }
        let metrics = n.get("/metrics").await.unwrap().text().await.unwrap();
        let gauge: f64 = metrics
            .lines()
            .find_map(|l| l.strip_prefix("x402_iq_colony "))
            .unwrap_or_else(|| panic!("no x402_iq_colony in {metrics}"))
            .parse()
            .unwrap();
        assert!((gauge - expected_iq).abs() < 1e-9, "{gauge}");
    }

    // A hostile member forges an assignment (every node to solve a problem) and a summary under
    // the queen's term: only the queen's count, so nobody solves it or shows it.
    let mut addrs = Vec::new();
    for n in nodes {
        addrs.push(n.tcp_addr().await.parse().unwrap());
    }
    let evil_stop = tokio_util::sync::CancellationToken::new();
    let (evil, evil_task) = Network::spawn(
        NetworkConfig::new(Keypair::generate_ed25519())
            .swarm("x402-test")
            .listen(vec!["/ip4/127.0.0.1/tcp/0".parse().unwrap()])
            .bootstrap(addrs)
            .participation(Participation::Light {
                topics: vec![SwarmTopic::Iq],
            }),
        evil_stop.clone(),
    )
    .unwrap();
    let mut heard = evil.events();
    wait_for(
        Duration::from_secs(20),
        "the attacker connected",
        || async { (evil.view().connected_peers >= 3).then_some(()) },
    )
    .await;
    let term = nodes[q].status().await.unwrap()["queen"]["term"]
        .as_u64()
        .unwrap();
    let forged = "0123456789abcdef";
    let mut before = Vec::new();
    for n in nodes {
        before.push(iq_messages_in(n).await);
    }
    let workers: Vec<String> = peer_of.keys().cloned().collect();
    for _ in 0..6 {
        let _ = evil
            .publish(Payload::IqAssignment(IqAssignment {
                session: forged.into(),
                term,
                revision: 0,
                request: None,
                workers: workers.clone(),
                problems: vec![AssignedProblem {
                    slug: PROBLEMS[0].into(),
                    tier: 1,
                    workers: vec![0, 1, 2],
                }],
            }))
            .await;
        let _ = evil
            .publish(Payload::IqSummary(IqSummary {
                session: forged.into(),
                term,
                done: true,
                problems: 1,
                iq: 150.0,
                weighted_percent: 100.0,
                attempted: 1,
                passed: 1,
                best_member_iq: None,
                members: Vec::new(),
                verified: Vec::new(),
            }))
            .await;
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let until = tokio::time::Instant::now() + Duration::from_secs(8);
    while let Ok(Ok(event)) = tokio::time::timeout_at(until, heard.recv()).await {
        if let NetworkEvent::Message(m) = event
            && let Payload::IqResult(r) = &m.envelope.payload
        {
            assert_ne!(r.session, forged, "a node worked on a forged assignment");
        }
    }
    for (n, before) in nodes.iter().zip(before) {
        // The forgeries arrived (valid gossip), and were ignored.
        assert!(
            iq_messages_in(n).await > before,
            "{} heard the forgeries",
            n.name
        );
    }
    for n in nodes {
        let st = n.status().await.unwrap();
        assert_eq!(st["iq"]["session"], id.as_str());
        assert!((st["iq"]["colony"].as_f64().unwrap() - expected_iq).abs() < 1e-9);
    }
    evil_stop.cancel();
    let _ = evil_task.await;

    // The admin route needs the token; a bad request is refused precisely.
    let http = reqwest::Client::new();
    let anon = http
        .post(format!("{}/admin/iq/sessions", nodes[q].http))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(anon.status(), 401);
    let unknown = http
        .post(format!("{}/admin/iq/sessions", nodes[q].http))
        .bearer_auth(token(nodes[q]))
        .json(&serde_json::json!({ "problems": ["no-such-problem"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 400);

    // Session 2, on the queen; a worker with a share dies right after the assignment.
    let opened: Value = http
        .post(format!("{}/admin/iq/sessions", nodes[q].http))
        .bearer_auth(token(nodes[q]))
        .json(&serde_json::json!({ "problems": PROBLEMS }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id2 = opened["session"].as_str().unwrap().to_string();
    let detail = session_view(nodes[q], &id2).await.unwrap();
    // The starter node, unless it is the queen; then b.
    let victim = if nodes[q].name == "c" { 1 } else { 2 };
    let victim_name = nodes[victim].name.clone();
    let queen_node = nodes[q].http.clone();
    let victim_peer = peer_of
        .iter()
        .find(|(_, n)| **n == victim_name)
        .map(|(p, _)| p.clone())
        .unwrap();
    let victim_share: Vec<String> = detail["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["assigned"][0] == victim_peer.as_str())
        .map(|p| p["slug"].as_str().unwrap().to_string())
        .collect();
    assert!(!victim_share.is_empty());
    all[victim].kill().await;
    let queen = all.iter().find(|n| n.http == queen_node).unwrap();
    let done = wait_for(Duration::from_secs(600), "session 2 completes", || async {
        let v = session_view(queen, &id2).await?;
        (v["summary"]["done"] == true).then_some(v)
    })
    .await;
    assert!(
        done["gone"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g == victim_peer.as_str()),
        "{done}"
    );
    assert!(done["revision"].as_u64().unwrap() >= 1);
    assert_eq!(done["summary"]["attempted"], PROBLEMS.len());
    let mut reassigned = 0;
    for p in done["problems"].as_array().unwrap() {
        let results = p["results"].as_object().unwrap();
        assert!(!results.is_empty(), "every problem has a result: {p}");
        if victim_share.contains(&p["slug"].as_str().unwrap().to_string())
            && !results.contains_key(&victim_peer)
        {
            assert_ne!(p["assigned"][0], victim_peer.as_str(), "{p}");
            reassigned += 1;
        }
    }
    assert!(reassigned >= 1, "the dead worker's share was reassigned");
}
