//! The JSON on the wire is unchanged by typed identifiers.
//!
//! `fixtures/wire-v1.tsv` holds one message of every kind exactly as nodes encoded them before identifiers
//! were typed (sender and queen as `String`, hashes and endpoint ids as hex `String`s, addresses
//! as `String`s). Each must decode with today's types, keep its signature valid, and encode back
//! to the same bytes. Then the attacks: identifiers that do not parse are refused at decode.

use libp2p::identity::Keypair;
use libp2p::{Multiaddr, PeerId};
use x402_p2p::SwarmTopic;
use x402_p2p::blobs::{BlobHash, seed_endpoint_id};
use x402_p2p::envelope::{Envelope, EnvelopeError, Payload};

const SWARM: &str = "tempo-x402";
/// `sent_ms` of every recorded message (decoded "now", so none is stale).
const SENT_MS: u64 = 1_764_000_000_000;
/// The recorded sender: the ed25519 key of seed `[7; 32]`.
const SENDER: &str = "12D3KooWRawPbxPtP1eZaJpumGnyWX2DcUyd3RQnydr3eAto4Az7";
/// The queen named in the recorded heartbeat: the key of seed `[9; 32]`.
const QUEEN: &str = "12D3KooWSrKnMZUcSxK8G7wmBbXdU8nFEfWGhLu6H8xjn8LmCSJb";

/// Messages recorded from main's encoder before identifiers were typed (do not regenerate):
/// one `<topic short name>\t<envelope JSON>` a line.
const RECORDED_TSV: &str = include_str!("fixtures/wire-v1.tsv");

/// The recorded messages with their topics.
fn recorded_all() -> Vec<(SwarmTopic, &'static str)> {
    RECORDED_TSV
        .lines()
        .map(|line| {
            let (topic, json) = line.split_once('\t').expect("topic<TAB>json");
            let topic = SwarmTopic::ALL
                .into_iter()
                .find(|t| t.short_name() == topic)
                .unwrap_or_else(|| panic!("unknown topic {topic:?}"));
            (topic, json)
        })
        .collect()
}

fn sender() -> PeerId {
    Keypair::ed25519_from_bytes([7u8; 32])
        .unwrap()
        .public()
        .to_peer_id()
}

fn decode(json: &str, topic: SwarmTopic) -> Result<Envelope, EnvelopeError> {
    Envelope::decode(json.as_bytes(), topic, SWARM, &sender(), SENT_MS)
}

#[test]
fn recorded_messages_decode_and_reencode_byte_for_byte() {
    assert_eq!(sender().to_base58(), SENDER);
    let mut kinds = std::collections::BTreeSet::new();
    for (topic, json) in recorded_all() {
        let env = decode(json, topic).unwrap_or_else(|e| panic!("{e}: {json}"));
        assert_eq!(env.sender, sender());
        assert_eq!(String::from_utf8(env.encode()).unwrap(), json);
        kinds.insert(env.payload.kind_name());
    }
    // Every kind is covered, once.
    assert_eq!(recorded_all().len(), 13);
    assert_eq!(kinds.len(), 13, "{kinds:?}");
}

#[test]
fn recorded_identifiers_are_typed() {
    let queen: PeerId = QUEEN.parse().unwrap();
    for (topic, json) in recorded_all() {
        match decode(json, topic).unwrap().payload {
            Payload::Heartbeat(h) => {
                assert_eq!(h.queen.unwrap().peer_id, queen);
                let want: Vec<Multiaddr> = vec![
                    "/ip4/127.0.0.1/tcp/4001".parse().unwrap(),
                    "/ip4/127.0.0.1/udp/4001/quic-v1".parse().unwrap(),
                ];
                assert_eq!(h.listen_addrs, want);
            }
            Payload::WeightsUpdate(m) | Payload::WeightsAggregate(m) => {
                assert_eq!(m.hash, BlobHash::of(b"weights"));
                assert_eq!(m.base, BlobHash::of(b"base"));
                assert_eq!(m.endpoint.id, seed_endpoint_id(&[7u8; 32]));
                assert_eq!(
                    m.endpoint.addrs,
                    vec![
                        "127.0.0.1:4100".parse().unwrap(),
                        "[::1]:4101".parse().unwrap()
                    ]
                );
            }
            _ => {}
        }
    }
}

fn recorded(kind: &str) -> (SwarmTopic, String) {
    recorded_all()
        .into_iter()
        .find(|(_, json)| json.contains(&format!("\"kind\":\"{kind}\"")))
        .map(|(t, json)| (t, json.to_string()))
        .unwrap()
}

/// Asserts `json` is refused as malformed, with an error naming `needle`.
fn assert_malformed(json: &str, topic: SwarmTopic, needle: &str) {
    match decode(json, topic) {
        Err(EnvelopeError::Malformed(reason)) => {
            assert!(reason.contains(needle), "{needle:?} not in {reason:?}")
        }
        other => panic!("expected a malformed envelope, got {other:?}"),
    }
}

#[test]
fn a_sender_that_is_not_a_peer_id_is_refused_at_decode() {
    let (topic, json) = recorded("bloch");
    for bad in ["not-a-peer-id", "", "12D3KooW"] {
        let forged = json.replace(SENDER, bad);
        assert_malformed(&forged, topic, "expected valid peer id");
        assert_malformed(&forged, topic, &format!("{bad:?}"));
    }
    // A valid peer id that is not the signed author is a mismatch, not malformed.
    let other = json.replace(SENDER, QUEEN);
    assert!(matches!(
        decode(&other, topic),
        Err(EnvelopeError::SenderMismatch { claimed, author })
            if claimed == QUEEN && author == SENDER
    ));
}

#[test]
fn a_queen_that_is_not_a_peer_id_is_refused_at_decode() {
    let (topic, json) = recorded("heartbeat");
    let forged = json.replace(QUEEN, "queen-of-hearts");
    assert_malformed(
        &forged,
        topic,
        "\"queen-of-hearts\", expected valid peer id",
    );
}

#[test]
fn a_listen_address_that_is_not_a_multiaddr_is_refused_at_decode() {
    let (topic, json) = recorded("heartbeat");
    let forged = json.replace("/ip4/127.0.0.1/tcp/4001", "127.0.0.1:4001");
    assert!(matches!(
        decode(&forged, topic),
        Err(EnvelopeError::Malformed(_))
    ));
}

#[test]
fn manifest_hashes_and_endpoint_ids_take_only_lowercase_hex() {
    let (topic, json) = recorded("weights_update");
    let hash = BlobHash::of(b"weights").to_string();
    let id = seed_endpoint_id(&[7u8; 32]);
    let cases = [
        // Not hex at all.
        (json.replace(&hash, "xyz"), "invalid blob hash \"xyz\""),
        // Uppercase hex: the signed JSON would not re-encode to itself.
        (
            json.replace(&hash, &hash.to_uppercase()),
            "expected lowercase hex characters",
        ),
        // iroh's base32 form of the same endpoint id.
        (
            json.replace(&id.to_string(), &id.to_z32()),
            "invalid endpoint id",
        ),
        // The sender's peer id in place of its endpoint id.
        (json.replace(&id.to_string(), SENDER), "invalid endpoint id"),
    ];
    for (forged, needle) in &cases {
        assert_ne!(forged, &json);
        assert_malformed(forged, topic, needle);
    }
    let forged = json.replace("127.0.0.1:4100", "localhost:4100");
    assert!(matches!(
        decode(&forged, topic),
        Err(EnvelopeError::Malformed(_))
    ));
}
