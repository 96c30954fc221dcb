//! Gossip envelopes on the hot path of every message: encoding, and decoding with full
//! validation (size, JSON, version, swarm, topic, sender, age, body ranges), for a heartbeat,
//! a full pheromones message and a signed weights manifest (ed25519 verification included).
//! Payloads are built from their wire JSON. Run: `cargo bench -p x402-p2p --bench envelope`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use libp2p::PeerId;
use libp2p::identity::Keypair;
use serde_json::json;
use x402_p2p::envelope::{Envelope, Payload, WeightsManifest};
use x402_p2p::topic::SwarmTopic;

const SWARM: &str = "tempo-x402";
const NOW: u64 = 1_800_000_000_000;

fn payload(value: serde_json::Value) -> Payload {
    serde_json::from_value(value).expect("the bench payloads are valid wire JSON")
}

fn heartbeat(queen: &PeerId) -> Payload {
    payload(json!({"kind": "heartbeat", "body": {
        "name": "node-7",
        "role": "worker",
        "listen_addrs": ["/ip4/127.0.0.1/tcp/4001", "/ip4/127.0.0.1/udp/4001/quic-v1",
                         "/ip4/10.0.0.7/tcp/4001"],
        "gateway": "http://127.0.0.1:8080",
        "queen": {"peer_id": queen.to_base58(), "term": 3},
        "max_term": 3,
        "interval_ms": 1000,
    }}))
}

fn pheromones() -> Payload {
    let trails: Vec<_> = (0..64)
        .map(|i| {
            json!({"resource": format!("peer:12D3KooWtrail{i:04}"), "category": "peer",
                   "valence": (i % 21) as f64 / 10.0 - 1.0, "intensity": 0.1 + (i % 29) as f64 * 0.1})
        })
        .collect();
    payload(json!({"kind": "pheromones", "body": {"trails": trails}}))
}

fn weights_update(key: &Keypair) -> Payload {
    let endpoint = x402_p2p::blobs::peer_id_to_endpoint_id(&key.public().to_peer_id())
        .expect("an ed25519 peer id has an endpoint id")
        .to_string();
    let manifest: WeightsManifest = serde_json::from_value(json!({
        "model": "brain", "round": 3, "term": 2,
        "base": "ab".repeat(32), "hash": "cd".repeat(32), "size": 4_821_164u64,
        "samples": 512, "l2_norm": 41.5, "arch": "ef".repeat(32),
        "endpoint": {"id": endpoint, "addrs": ["127.0.0.1:4100"]},
        "signature": "",
    }))
    .expect("the bench manifest is valid wire JSON");
    Payload::WeightsUpdate(manifest.sign("weights_update", key))
}

fn bench(c: &mut Criterion) {
    let key = Keypair::generate_ed25519();
    let me = key.public().to_peer_id();
    let cases = [
        (
            "heartbeat",
            SwarmTopic::Members,
            heartbeat(&PeerId::random()),
        ),
        (
            "pheromones (64 trails)",
            SwarmTopic::Pheromones,
            pheromones(),
        ),
        (
            "weights_update (signed)",
            SwarmTopic::Weights,
            weights_update(&key),
        ),
    ];
    for (name, topic, payload) in cases {
        let envelope = Envelope::new(SWARM, me, 1, NOW, payload);
        let wire = envelope.encode();
        Envelope::decode(&wire, topic, SWARM, &me, NOW).expect("the bench envelopes are valid");
        c.bench_function(&format!("encode {name} ({} B)", wire.len()), |b| {
            b.iter(|| black_box(&envelope).encode())
        });
        c.bench_function(&format!("decode + verify {name}"), |b| {
            b.iter(|| Envelope::decode(black_box(&wire), topic, SWARM, &me, NOW))
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
