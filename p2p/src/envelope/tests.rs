//! Unit tests of the envelope and its bodies.

use super::*;

const NOW: u64 = 1_800_000_000_000;

fn bloch(theta: f64) -> Payload {
    Payload::Bloch(BlochBody {
        theta,
        phi: 1.0,
        d_theta: 0.0,
        d_phi: 0.0,
    })
}

fn decode(bytes: &[u8], topic: SwarmTopic, author: &PeerId) -> Result<Envelope, EnvelopeError> {
    Envelope::decode(bytes, topic, "s", author, NOW)
}

#[test]
fn round_trip_and_wire_shape() {
    let me = PeerId::random();
    let env = Envelope::new("s", me, 7, NOW, bloch(1.0));
    let bytes = env.encode();
    let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(json["v"], 1);
    assert_eq!(json["kind"], "bloch");
    assert_eq!(json["body"]["theta"], 1.0);
    assert_eq!(json["sender"], me.to_base58());
    assert_eq!(decode(&bytes, SwarmTopic::Bloch, &me).unwrap(), env);
}

#[test]
fn psi_goal_summary_is_optional_and_bounded() {
    let me = PeerId::random();
    let psi = |goal: Option<String>| {
        Payload::Psi(PsiBody {
            value: 0.5,
            trend: 0.0,
            integration: 0.5,
            synchrony: 0.5,
            diversity: 0.5,
            vitality: 0.5,
            goal,
            needs: None,
        })
    };
    let check = |p: Payload| {
        let bytes = Envelope::new("s", me, 1, NOW, p).encode();
        decode(&bytes, SwarmTopic::Psi, &me)
    };
    // Without a goal the wire shape is the one older nodes send.
    let plain = Envelope::new("s", me, 1, NOW, psi(None)).encode();
    let json: serde_json::Value = serde_json::from_slice(&plain).unwrap();
    assert!(json["body"].get("goal").is_none());
    assert!(check(psi(None)).is_ok());
    assert!(check(psi(Some("deploy cartridge x [1/3]".into()))).is_ok());
    let long = "x".repeat(MAX_GOAL_SUMMARY + 1);
    assert!(matches!(
        check(psi(Some(long))),
        Err(EnvelopeError::InvalidBody { .. })
    ));
    assert!(matches!(
        check(psi(Some("line\nbreak".into()))),
        Err(EnvelopeError::InvalidBody { .. })
    ));
}

#[test]
fn psi_needs_are_optional_bounded_and_validated() {
    let me = PeerId::random();
    let psi = |needs: Option<NeedsBody>| {
        Payload::Psi(PsiBody {
            value: 0.5,
            trend: 0.0,
            integration: 0.5,
            synchrony: 0.5,
            diversity: 0.5,
            vitality: 0.5,
            goal: None,
            needs,
        })
    };
    let check = |p: Payload| {
        let bytes = Envelope::new("s", me, 1, NOW, p).encode();
        decode(&bytes, SwarmTopic::Psi, &me)
    };
    let body = |names: &[&str]| NeedsBody {
        term: 3,
        needs: names.iter().map(|n| n.to_string()).collect(),
    };
    // Without needs the wire shape is the one older nodes send, and it still decodes.
    let plain = Envelope::new("s", me, 1, NOW, psi(None)).encode();
    let json: serde_json::Value = serde_json::from_slice(&plain).unwrap();
    assert!(json["body"].get("needs").is_none());
    let ok = check(psi(Some(body(&["benchmark", "training", "future_kind"])))).unwrap();
    let Payload::Psi(p) = ok.payload else {
        panic!("not psi")
    };
    // Unknown names pass the wire (newer queens) and are ignored by receivers.
    assert_eq!(p.needs.unwrap().known(), [Need::Benchmark, Need::Training]);
    // More than four, an empty name, a long one, odd characters: refused.
    for bad in [
        body(&["benchmark"; MAX_NEEDS + 1]),
        body(&[""]),
        body(&["a_very_long_need_name"]),
        body(&["Bench mark"]),
        body(&["bench\nmark"]),
    ] {
        assert!(
            matches!(
                check(psi(Some(bad.clone()))),
                Err(EnvelopeError::InvalidBody { .. })
            ),
            "{bad:?}"
        );
    }
    assert!(check(psi(Some(body(&["benchmark"; MAX_NEEDS])))).is_ok());
}

#[test]
fn rejects_each_kind_of_bad_message() {
    let me = PeerId::random();
    let good = |p: Payload| Envelope::new("s", me, 1, NOW, p);
    let mut json: serde_json::Value = serde_json::from_slice(&good(bloch(1.0)).encode()).unwrap();

    assert!(matches!(
        decode(b"not json", SwarmTopic::Bloch, &me),
        Err(EnvelopeError::Malformed(_))
    ));
    json["v"] = 2.into();
    assert_eq!(
        decode(json.to_string().as_bytes(), SwarmTopic::Bloch, &me),
        Err(EnvelopeError::UnknownVersion(2))
    );
    json["v"] = 1.into();
    json["kind"] = "teleport".into();
    assert!(matches!(
        decode(json.to_string().as_bytes(), SwarmTopic::Bloch, &me),
        Err(EnvelopeError::Malformed(_))
    ));

    let other_swarm = Envelope::new("t", me, 1, NOW, bloch(1.0)).encode();
    assert!(matches!(
        decode(&other_swarm, SwarmTopic::Bloch, &me),
        Err(EnvelopeError::WrongSwarm(_))
    ));
    assert!(matches!(
        decode(&good(bloch(1.0)).encode(), SwarmTopic::Psi, &me),
        Err(EnvelopeError::WrongTopic { .. })
    ));
    assert!(matches!(
        decode(
            &good(bloch(1.0)).encode(),
            SwarmTopic::Bloch,
            &PeerId::random()
        ),
        Err(EnvelopeError::SenderMismatch { .. })
    ));
    let old = Envelope::new("s", me, 1, NOW - MAX_AGE_MS - 1, bloch(1.0)).encode();
    assert!(matches!(
        decode(&old, SwarmTopic::Bloch, &me),
        Err(EnvelopeError::Stale { .. })
    ));
    let future = Envelope::new("s", me, 1, NOW + MAX_FUTURE_MS + 1, bloch(1.0)).encode();
    assert!(matches!(
        decode(&future, SwarmTopic::Bloch, &me),
        Err(EnvelopeError::Stale { .. })
    ));
    assert!(matches!(
        decode(&good(bloch(4.0)).encode(), SwarmTopic::Bloch, &me),
        Err(EnvelopeError::InvalidBody { kind: "bloch", .. })
    ));
    assert!(matches!(
        decode(&good(bloch(f64::NAN)).encode(), SwarmTopic::Bloch, &me),
        Err(EnvelopeError::Malformed(_)) | Err(EnvelopeError::InvalidBody { .. })
    ));
    let huge = good(Payload::Probe(ProbeBody {
        id: 1,
        data: "x".repeat(30_000),
    }))
    .encode();
    assert!(matches!(
        decode(&huge, SwarmTopic::Probe, &me),
        Err(EnvelopeError::Oversized { .. })
    ));
    let claim0 = good(Payload::QueenClaim(QueenClaim {
        term: 0,
        lease_ms: 3000,
    }))
    .encode();
    assert!(matches!(
        decode(&claim0, SwarmTopic::Queen, &me),
        Err(EnvelopeError::InvalidBody { .. })
    ));
}

#[test]
fn heartbeat_addresses_are_checked() {
    let me = PeerId::random();
    let hb = |addr: &str| {
        let wire = Envelope::new(
            "s",
            me,
            1,
            NOW,
            Payload::Heartbeat(Heartbeat {
                name: "n".into(),
                role: Role::Worker,
                listen_addrs: vec!["/ip4/127.0.0.1/tcp/1".parse().unwrap()],
                gateway: None,
                queen: None,
                max_term: 0,
                interval_ms: 500,
            }),
        )
        .encode();
        String::from_utf8(wire)
            .unwrap()
            .replace("/ip4/127.0.0.1/tcp/1", addr)
            .into_bytes()
    };
    assert!(decode(&hb("/ip4/127.0.0.1/tcp/1"), SwarmTopic::Members, &me).is_ok());
    // Parsed while decoding: a string that is not a multiaddr makes the message malformed.
    let err = decode(&hb("127.0.0.1:1"), SwarmTopic::Members, &me).unwrap_err();
    assert!(matches!(err, EnvelopeError::Malformed(_)), "{err}");
}

fn manifest(key: &libp2p::identity::Keypair, kind: &str) -> WeightsManifest {
    WeightsManifest {
        model: "brain".into(),
        round: 3,
        term: 2,
        base: crate::blobs::BlobHash::from([0xab; 32]),
        hash: crate::blobs::BlobHash::from([0xcd; 32]),
        size: 4_821_164,
        samples: 512,
        l2_norm: 41.5,
        arch: crate::blobs::BlobHash::from([0xef; 32]),
        endpoint: BlobEndpoint {
            id: crate::blobs::peer_id_to_endpoint_id(&key.public().to_peer_id()).unwrap(),
            addrs: vec!["127.0.0.1:4100".parse().unwrap()],
        },
        signature: String::new(),
    }
    .sign(kind, key)
}

#[test]
fn signed_manifests_verify_after_a_json_round_trip_whatever_their_floats() {
    // The signature covers the manifest's JSON; a receiver re-serializes what it parsed, so
    // every f64 must parse back to the same bits (serde_json's `float_roundtrip`).
    let key = libp2p::identity::Keypair::generate_ed25519();
    let me = key.public().to_peer_id();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..5_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let mut m = manifest(&key, "weights_update");
        m.l2_norm = (x >> 11) as f64 / (1u64 << 53) as f64 * 1e4;
        let m = m.sign("weights_update", &key);
        let wire = Envelope::new("s", me, 1, NOW, Payload::WeightsUpdate(m.clone())).encode();
        let env = decode(&wire, SwarmTopic::Weights, &me);
        assert!(env.is_ok(), "l2_norm {:?}: {env:?}", m.l2_norm);
    }
}

#[test]
fn weights_manifests_must_carry_the_senders_signature() {
    let key = libp2p::identity::Keypair::generate_ed25519();
    let me = key.public().to_peer_id();
    let wire = |p: Payload| Envelope::new("s", me, 1, NOW, p).encode();

    let update = Payload::WeightsUpdate(manifest(&key, "weights_update"));
    let env = decode(&wire(update.clone()), SwarmTopic::Weights, &me).unwrap();
    assert_eq!(env.payload, update);

    // Signed as an update, replayed as an aggregate: the kind is part of what is signed.
    let relabelled = Payload::WeightsAggregate(manifest(&key, "weights_update"));
    let err = decode(&wire(relabelled), SwarmTopic::Weights, &me).unwrap_err();
    // Typed: receivers tell a bad signature from bad fields without reading the text.
    assert!(
        matches!(
            err,
            EnvelopeError::BadSignature {
                kind: "weights_aggregate",
                source: SignatureError::DoesNotVerify
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("signature does not verify"),
        "{err}"
    );

    // A field changed after signing.
    let mut tampered = manifest(&key, "weights_update");
    tampered.round = 4;
    let err = decode(
        &wire(Payload::WeightsUpdate(tampered)),
        SwarmTopic::Weights,
        &me,
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("signature does not verify"),
        "{err}"
    );

    // Unsigned, and signed by another key.
    let mut unsigned = manifest(&key, "weights_update");
    unsigned.signature.clear();
    assert!(
        decode(
            &wire(Payload::WeightsUpdate(unsigned)),
            SwarmTopic::Weights,
            &me
        )
        .is_err()
    );
    let other = libp2p::identity::Keypair::generate_ed25519();
    let foreign = Payload::WeightsUpdate(manifest(&other, "weights_update"));
    assert!(decode(&wire(foreign), SwarmTopic::Weights, &me).is_err());

    // The blob endpoint must be the sender's own key.
    let mut borrowed = manifest(&key, "weights_update");
    borrowed.endpoint.id = crate::blobs::seed_endpoint_id(&[7; 32]);
    let borrowed = borrowed.sign("weights_update", &key);
    let err = decode(
        &wire(Payload::WeightsUpdate(borrowed)),
        SwarmTopic::Weights,
        &me,
    )
    .unwrap_err();
    assert!(err.to_string().contains("endpoint.id"), "{err}");

    // Body ranges are checked too.
    let mut bad = manifest(&key, "weights_update");
    bad.size = 0;
    let bad = bad.sign("weights_update", &key);
    let err = decode(&wire(Payload::WeightsUpdate(bad)), SwarmTopic::Weights, &me).unwrap_err();
    assert!(err.to_string().contains("size must be in"), "{err}");
    // And the kind belongs to its topic.
    assert!(matches!(
        decode(&wire(update), SwarmTopic::Bloch, &me),
        Err(EnvelopeError::WrongTopic { .. })
    ));
}

#[test]
fn extreme_sent_ms_is_stale_without_overflow() {
    let me = PeerId::random();
    for sent in [u64::MAX, 1 << 63, 0] {
        let raw = Envelope::new("s", me, 1, sent, bloch(1.0)).encode();
        assert!(matches!(
            Envelope::decode(&raw, SwarmTopic::Bloch, "s", &me, NOW),
            Err(EnvelopeError::Stale { .. })
        ));
    }
}
