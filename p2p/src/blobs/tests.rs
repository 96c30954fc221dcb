use super::*;
use libp2p::PeerId;

#[test]
fn hash_hex_roundtrip_and_serde() {
    let h = BlobHash::of(b"hello");
    let s = h.to_string();
    assert_eq!(s, blake3::hash(b"hello").to_hex().as_str());
    assert_eq!(s.parse::<BlobHash>().unwrap(), h);
    let json = serde_json::to_string(&h).unwrap();
    assert_eq!(json, format!("\"{s}\""));
    assert_eq!(serde_json::from_str::<BlobHash>(&json).unwrap(), h);
    assert!("zz".parse::<BlobHash>().is_err());
    assert!(s.to_uppercase().parse::<BlobHash>().is_err());
    // iroh also reads a 52-character base32 form; the wire takes only the hex form.
    let b32 = "a".repeat(52);
    assert!(
        b32.parse::<iroh_blobs::Hash>().is_ok(),
        "iroh accepts base32"
    );
    let err = b32.parse::<BlobHash>().unwrap_err();
    assert!(matches!(err, BlobError::InvalidHash { .. }), "{err}");
    assert!(serde_json::from_str::<BlobHash>(&format!("\"{b32}\"")).is_err());
}

#[allow(dead_code)]
fn handles_and_futures_are_send() {
    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>(_: T) {}
    send_sync::<BlobNode>();
    send_sync::<BlobError>();
    let _ = |n: BlobNode, h: BlobHash| {
        send(n.fetch(&h, &[], "t"));
        send(n.add_bytes(vec![], "t"));
        send(n.list());
        send(n.prune_tags("r", 1));
        send(n.shutdown());
    };
}

#[test]
fn natural_order() {
    let mut v = vec!["round-10", "round-9", "round-100", "round-09x", "round-1"];
    v.sort_by(|a, b| natural_cmp(a.as_bytes(), b.as_bytes()));
    assert_eq!(
        v,
        ["round-1", "round-9", "round-09x", "round-10", "round-100"]
    );
}

#[test]
fn endpoint_id_parsing() {
    let seed = [7u8; 32];
    let id = seed_endpoint_id(&seed);
    let hex = id.to_string();
    assert_eq!(hex.len(), 64);
    let kp = libp2p::identity::Keypair::ed25519_from_bytes(seed).unwrap();
    let peer = kp.public().to_peer_id();
    assert_eq!(peer_id_to_endpoint_id(&peer).unwrap(), id);
    assert_eq!(parse_endpoint_id(&hex).unwrap(), id);
    assert!(parse_endpoint_id("nope").is_err());
    // Only the hex form: not the peer id string, not iroh's base32 or uppercase hex.
    assert!(parse_endpoint_id(&peer.to_string()).is_err());
    assert!(parse_endpoint_id(&id.to_z32()).is_err());
    assert!(parse_endpoint_id(&hex.to_uppercase()).is_err());
    // A peer id that hashes its key (RSA-style) embeds no endpoint id.
    assert!(matches!(
        peer_id_to_endpoint_id(&PeerId::random()),
        Err(BlobError::InvalidEndpointId { .. })
    ));
}
