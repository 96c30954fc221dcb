//! Federated weights across real node processes on loopback: rounds run by the elected queen,
//! one canonical model everywhere, poisoned updates rejected, blobs served by non-creators.

mod common;

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::time::Duration;

use common::{Node, wait_for};
use libp2p::identity::Keypair;
use serde_json::Value;
use x402_model::{Tensor, Weights};
use x402_p2p::blobs::{BlobConfig, BlobHash, BlobNode};
use x402_p2p::envelope::{BlobEndpoint, WeightsManifest};
use x402_p2p::network::Participation;
use x402_p2p::{Network, NetworkConfig, NetworkHandle, Payload, SwarmTopic};

fn args(bootstrap: Option<&str>) -> Vec<String> {
    let mut a: Vec<String> = [
        "--offline",
        "--blobs-listen",
        "127.0.0.1:0",
        "--train-cpu",
        "1",
        "--train-steps",
        "4",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    if let Some(b) = bootstrap {
        a.extend(["--bootstrap".to_string(), b.to_string()]);
    }
    a
}

/// `(hash, round, term)` once every node holds the same canonical weights of `min_round` or
/// later, published under the term of the queen they all follow.
async fn agreement(nodes: &[&Node], min_round: u64) -> (String, u64, u64) {
    wait_for(
        Duration::from_secs(120),
        "one canonical model on every node",
        || async {
            let mut seen = BTreeSet::new();
            for n in nodes {
                let st = n.status().await?;
                let w = &st["weights"];
                let queen_term = st["queen"]["term"].as_u64()?;
                let round = w["round"].as_u64()?;
                let term = w["term"].as_u64()?;
                if round < min_round || term != queen_term {
                    return None;
                }
                seen.insert((w["canonical_hash"].as_str()?.to_string(), round, term));
            }
            (seen.len() == 1).then(|| seen.into_iter().next().unwrap())
        },
    )
    .await
}

async fn queen_of<'a>(nodes: &[&'a Node]) -> &'a Node {
    let st = nodes[0].status().await.unwrap();
    let queen = st["queen"]["peer_id"].as_str().unwrap().to_string();
    for n in nodes {
        if n.status().await.unwrap()["peer_id"] == queen {
            return n;
        }
    }
    panic!("queen {queen} is not one of the nodes");
}

async fn canonical_weights(node: &Node, hash: &str) -> Weights {
    let bytes = node
        .get(&format!("/blobs/{hash}"))
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(blake3::hash(&bytes).to_hex().as_str(), hash);
    Weights::from_safetensors(&bytes).unwrap()
}

fn distance(a: &Weights, b: &Weights) -> f64 {
    a.iter()
        .flat_map(|(name, t)| t.data.iter().zip(&b.get(name).unwrap().data))
        .map(|(&x, &y)| ((x - y) as f64).powi(2))
        .sum::<f64>()
        .sqrt()
}

/// A peer that joins the weights topic and announces whatever it is told to.
struct Attacker {
    key: Keypair,
    network: NetworkHandle,
    blobs: BlobNode,
}

impl Attacker {
    async fn join(dir: &std::path::Path, bootstrap: &[String]) -> Attacker {
        let key = Keypair::generate_ed25519();
        let seed: [u8; 32] = key
            .clone()
            .try_into_ed25519()
            .unwrap()
            .secret()
            .as_ref()
            .try_into()
            .unwrap();
        let config = NetworkConfig::new(key.clone())
            .swarm("x402-test")
            .listen(vec!["/ip4/127.0.0.1/tcp/0".parse().unwrap()])
            .bootstrap(bootstrap.iter().map(|a| a.parse().unwrap()).collect())
            .participation(Participation::Light {
                topics: vec![SwarmTopic::Weights],
            });
        let (network, _task) =
            Network::spawn(config, tokio_util::sync::CancellationToken::new()).unwrap();
        let blobs = BlobNode::spawn(
            BlobConfig::new(dir, seed).bind("127.0.0.1:0".parse::<SocketAddr>().unwrap()),
        )
        .await
        .unwrap();
        Attacker {
            key,
            network,
            blobs,
        }
    }

    fn peer_id(&self) -> String {
        self.network.local_peer_id().to_base58()
    }

    /// A signed update manifest for `bytes` (stored so it can be fetched), with `edit` applied
    /// before signing.
    async fn announce(
        &self,
        bytes: Vec<u8>,
        declared: &Weights,
        round: u64,
        base: &str,
        arch: &str,
        edit: impl FnOnce(&mut WeightsManifest),
    ) {
        let hash: BlobHash = self
            .blobs
            .add_bytes(bytes.clone(), &format!("poison/{round}/{}", bytes.len()))
            .await
            .unwrap();
        let mut m = WeightsManifest {
            model: "brain".into(),
            round,
            term: 1,
            base: base.into(),
            hash: hash.to_string(),
            size: bytes.len() as u64,
            samples: 1_000_000,
            l2_norm: declared.l2_norm(),
            arch: arch.into(),
            endpoint: BlobEndpoint {
                id: self.blobs.endpoint_id(),
                addrs: self
                    .blobs
                    .direct_addrs()
                    .iter()
                    .map(|a| a.to_string())
                    .collect(),
            },
            signature: String::new(),
        };
        edit(&mut m);
        let unsigned = m.signature == "unsigned";
        let aggregate = m.signature == "aggregate";
        if aggregate {
            let m = m.sign("weights_aggregate", &self.key);
            let _ = self.network.publish(Payload::WeightsAggregate(m)).await;
            return;
        }
        let mut m = m.sign("weights_update", &self.key);
        if unsigned {
            m.signature = "00".repeat(64);
        }
        let _ = self.network.publish(Payload::WeightsUpdate(m)).await;
    }
}

fn scaled(w: &Weights, factor: f32) -> Weights {
    let mut out = Weights::new();
    for (name, t) in w.iter() {
        out.insert(
            name,
            Tensor {
                shape: t.shape.clone(),
                data: t.data.iter().map(|v| v * factor).collect(),
            },
        )
        .unwrap();
    }
    out
}

/// The same weights with the first 2-D tensor's shape swapped (same bytes, other architecture).
fn transpose_first_matrix(w: &Weights) -> Weights {
    let mut out = Weights::new();
    let mut done = false;
    for (name, t) in w.iter() {
        let mut shape = t.shape.clone();
        if !done && shape.len() == 2 && shape[0] != shape[1] {
            shape.swap(0, 1);
            done = true;
        }
        out.insert(
            name,
            Tensor {
                shape,
                data: t.data.clone(),
            },
        )
        .unwrap();
    }
    out
}

fn rejected(st: &Value, peer: &str) -> BTreeSet<String> {
    st["weights"]["rejected"][peer]["reasons"]
        .as_object()
        .map(|r| r.keys().cloned().collect())
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_colony_converges_on_one_model_and_ignores_poisoned_updates() {
    let root = tempfile::tempdir().unwrap();
    let mut a = Node::start_with(root.path(), "a", &args(None));
    let boot = a.tcp_addr().await;
    let mut b = Node::start_with(root.path(), "b", &args(Some(&boot)));
    let mut c = Node::start_with(root.path(), "c", &args(Some(&boot)));
    let nodes = [&a, &b, &c];

    // Every node trains on its own shard; the queen aggregates; all hold the same canonical hash.
    let (hash, round, term) = agreement(&nodes, 2).await;
    let queen = queen_of(&nodes).await;
    let st = queen.status().await.unwrap();
    assert!(st["weights"]["aggregates_published"].as_u64().unwrap() >= 1);
    for n in &nodes {
        let st = n.status().await.unwrap();
        let w = &st["weights"];
        assert!(w["updates_published"].as_u64().unwrap() >= 1, "{w}");
        // The canonical weights are scored on the held-out set (shortly after adoption).
        let loss = wait_for(Duration::from_secs(20), "held-out score", || async {
            n.status().await?["weights"]["canonical_eval"]["loss"].as_f64()
        })
        .await;
        assert!(loss.is_finite() && loss > 0.0, "{loss}");
        // Every peer's latest announcement is listed.
        for p in st["peers"].as_array().unwrap() {
            assert!(p["weights_hash"].as_str().is_some(), "{p}");
        }
    }
    let before = canonical_weights(queen, &hash).await;
    eprintln!("agreed on {hash} at round {round}, term {term}");

    // A peer announces poisoned updates for the round being collected.
    // It connects to every node and passes identify: an admitted member, whose updates are
    // validated (a stranger's would not even be considered).
    let mut all = Vec::new();
    for n in &nodes {
        all.push(n.tcp_addr().await);
    }
    let attacker = Attacker::join(&root.path().join("attacker"), &all).await;
    let arch = st["weights"]["arch"].as_str().unwrap().to_string();
    let wanted: BTreeSet<String> = [
        "invalid",
        "norm_bound",
        "size",
        "architecture",
        "fetch",
        "unsigned",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    wait_for(
        Duration::from_secs(60),
        "every poisoned update rejected",
        || async {
            let mut seen = BTreeSet::new();
            for n in &nodes {
                seen.extend(rejected(&n.status().await?, &attacker.peer_id()));
            }
            eprintln!("rejected so far: {seen:?}");
            if wanted.is_subset(&seen) {
                return Some(());
            }
            // Announce only what is not rejected yet: the queen fetches one update per author
            // at a time.
            let todo = |reason: &str| !seen.contains(reason);
            let st = queen.status().await?;
            let w = &st["weights"];
            let (base, round) = (w["canonical_hash"].as_str()?, w["round"].as_u64()? + 1);
            let base_weights = canonical_weights(queen, base).await;
            // NaN in an otherwise valid file.
            let mut nan = base_weights.to_safetensors();
            let at = nan.len() - 4;
            nan[at..].copy_from_slice(&f32::NAN.to_le_bytes());
            if todo("invalid") {
                attacker
                    .announce(nan, &base_weights, round, base, &arch, |_| {})
                    .await;
            }
            // Huge norm.
            let huge = scaled(&base_weights, 1000.0);
            if todo("norm_bound") {
                attacker
                    .announce(huge.to_safetensors(), &huge, round, base, &arch, |_| {})
                    .await;
            }
            // A small file announced with its true size: refused before fetching.
            let mut small = Weights::new();
            small
                .insert(
                    "fc1.weight",
                    Tensor {
                        shape: vec![2, 2],
                        data: vec![0.1; 4],
                    },
                )
                .unwrap();
            if todo("size") {
                attacker
                    .announce(small.to_safetensors(), &small, round, base, &arch, |_| {})
                    .await;
            }
            // Same size, other shapes (a transposed matrix) under the right architecture digest.
            let transposed = transpose_first_matrix(&base_weights);
            if todo("architecture") {
                attacker
                    .announce(
                        transposed.to_safetensors(),
                        &transposed,
                        round,
                        base,
                        &arch,
                        |_| {},
                    )
                    .await;
            }
            // A hash the attacker does not hold, announced with the right size.
            let size = base_weights.to_safetensors().len() as u64;
            if todo("fetch") {
                attacker
                    .announce(b"x".repeat(64), &small, round, base, &arch, |m| {
                        m.hash = "ab".repeat(32);
                        m.size = size;
                    })
                    .await;
            }
            // A valid update with a broken signature.
            if todo("unsigned") {
                attacker
                    .announce(
                        scaled(&base_weights, 1.001).to_safetensors(),
                        &base_weights,
                        round,
                        base,
                        &arch,
                        |m| {
                            m.signature = "unsigned".into();
                        },
                    )
                    .await;
            }
            None
        },
    )
    .await;

    // The canonical model is unaffected: rounds go on, one hash everywhere, finite weights
    // close to where they were.
    let (after_hash, after_round, _) = agreement(&nodes, round + 2).await;
    let after = canonical_weights(queen, &after_hash).await;
    assert!(
        after
            .iter()
            .all(|(_, t)| t.data.iter().all(|v| v.is_finite()))
    );
    let moved = distance(&after, &before);
    assert!(
        moved < 0.5 * before.l2_norm(),
        "canonical moved {moved} (norm {}) from round {round} to {after_round}",
        before.l2_norm()
    );

    // A blob is served by a peer that did not create it: kill the queen that made the current
    // canonical weights and fetch them from a worker.
    let workers: Vec<&Node> = {
        let qid = queen.status().await.unwrap()["peer_id"].clone();
        let mut w = Vec::new();
        for n in &nodes {
            if n.status().await.unwrap()["peer_id"] != qid {
                w.push(*n);
            }
        }
        w
    };
    let (hash, _, _) = agreement(&nodes, after_round).await;

    // `/blobs` serves what a node holds or the current queen's aggregate, nothing else: a blob a
    // non-queen member announces as an aggregate (or as an update) is not fetched for a client,
    // nor is an unknown hash.
    // A fresh member: the first attacker's gossip was rejected so often that peers may ignore it.
    let member = Attacker::join(&root.path().join("member"), &all).await;
    let fake = scaled(&before, 1.5);
    let fake_bytes = fake.to_safetensors();
    let fake_hash = blake3::hash(&fake_bytes).to_hex().to_string();
    for w in &workers {
        // The worker has heard the announcement (every member's latest is listed) ...
        wait_for(
            Duration::from_secs(20),
            "the fake aggregate heard",
            || async {
                member
                    .announce(
                        fake_bytes.clone(),
                        &fake,
                        after_round + 1,
                        &hash,
                        &arch,
                        |m| {
                            m.signature = "aggregate".into();
                        },
                    )
                    .await;
                let st = w.status().await?;
                let heard = &st["weights"]["peers"][member.peer_id()];
                (heard["hash"] == fake_hash && heard["kind"] == "weights_aggregate").then_some(())
            },
        )
        .await;
        // ... and still refuses it, like an unknown hash.
        for h in [fake_hash.clone(), "cd".repeat(32)] {
            let resp = w.get(&format!("/blobs/{h}")).await.unwrap();
            assert_eq!(resp.status(), 404, "{}", resp.text().await.unwrap());
        }
        let held = w.get("/blobs").await.unwrap().text().await.unwrap();
        assert!(!held.contains(&fake_hash), "{held}");
    }

    // Users see the same blobs through the CLI.
    let cli = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_x402-node"))
            .args(["blobs", "--gateway", &workers[0].http])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    };
    let listed = String::from_utf8(cli(&["list"]).stdout).unwrap();
    assert!(listed.contains(&hash), "{listed}");
    let file = root.path().join("canonical.safetensors");
    cli(&["get", &hash, "-o", file.to_str().unwrap()]);
    let bytes = std::fs::read(&file).unwrap();
    assert_eq!(blake3::hash(&bytes).to_hex().as_str(), hash);
    Weights::from_safetensors(&bytes).unwrap();
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_x402-node"))
        .args(["blobs", "--gateway", &workers[0].http, "get", "not-a-hash"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("400"));

    let worker = workers[0].status().await.unwrap();
    let endpoint = &worker["weights"]["endpoint"];
    let id = endpoint["id"].as_str().unwrap();
    let addrs: Vec<SocketAddr> = endpoint["addrs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().parse().unwrap())
        .collect();
    let queen_name = queen.name.clone();
    for n in [&mut a, &mut b, &mut c] {
        if n.name == queen_name {
            n.kill().await;
        }
    }
    attacker.blobs.add_provider(id, &addrs).unwrap();
    let wanted_hash: BlobHash = hash.parse().unwrap();
    let size = attacker
        .blobs
        .fetch(&wanted_hash, &[id.to_string()], "fetched")
        .await
        .expect("a worker serves the canonical weights");
    let bytes = attacker.blobs.read(&wanted_hash).await.unwrap();
    assert_eq!(bytes.len() as u64, size);
    assert_eq!(blake3::hash(&bytes).to_hex().as_str(), hash);
}
