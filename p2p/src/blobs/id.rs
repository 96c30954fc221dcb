//! Typed identifiers of the blob layer: [`BlobHash`] (an iroh-blobs [`Hash`]) and the iroh
//! [`EndpointId`] of a node (the same ed25519 key as its libp2p [`PeerId`]).
//!
//! Both travel on the wire as 64 lowercase hex characters and nothing else: iroh's own parsers
//! also accept base32, which would re-encode differently (and break a manifest's signature), so
//! the wire forms are parsed strictly here, once.

use std::fmt;
use std::str::FromStr;

use iroh::{EndpointId, SecretKey};
use iroh_blobs::Hash;
use libp2p::PeerId;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::BlobError;

/// A BLAKE3 content hash: the iroh-blobs [`Hash`] of the same bytes.
///
/// Displays, parses and serialises as 64 lowercase hex characters.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlobHash(Hash);

impl BlobHash {
    /// The hash of `bytes` (plain BLAKE3).
    pub fn of(bytes: &[u8]) -> Self {
        Self(Hash::new(bytes))
    }

    /// The 32 hash bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        self.0.as_bytes()
    }

    pub(crate) fn to_iroh(self) -> Hash {
        self.0
    }

    pub(crate) fn from_iroh(hash: Hash) -> Self {
        Self(hash)
    }
}

impl From<[u8; 32]> for BlobHash {
    fn from(bytes: [u8; 32]) -> Self {
        Self(Hash::from_bytes(bytes))
    }
}

impl fmt::Display for BlobHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for BlobHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BlobHash({self})")
    }
}

/// Checks the one accepted text form: exactly 64 lowercase hex characters.
fn lower_hex_64(s: &str) -> Result<(), &'static str> {
    if s.len() != 64 {
        return Err("expected 64 hex characters");
    }
    if !s.bytes().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f')) {
        return Err("expected lowercase hex characters [0-9a-f]");
    }
    Ok(())
}

fn truncated(s: &str) -> String {
    s.chars().take(80).collect()
}

impl FromStr for BlobHash {
    type Err = BlobError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let invalid = |reason: String| BlobError::InvalidHash {
            input: truncated(s),
            reason,
        };
        lower_hex_64(s).map_err(|r| invalid(r.to_string()))?;
        Hash::from_str(s)
            .map(Self)
            .map_err(|e| invalid(e.to_string()))
    }
}

impl Serialize for BlobHash {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for BlobHash {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Parses the wire form of an endpoint id: exactly 64 lowercase hex characters.
pub fn parse_endpoint_id(s: &str) -> Result<EndpointId, BlobError> {
    let invalid = |reason: String| BlobError::InvalidEndpointId {
        input: truncated(s),
        reason,
    };
    lower_hex_64(s).map_err(|r| invalid(r.to_string()))?;
    EndpointId::from_str(s).map_err(|e| invalid(e.to_string()))
}

/// Serde of an [`EndpointId`] as its wire form (64 lowercase hex characters, parsed strictly):
/// `#[serde(with = "x402_p2p::blobs::endpoint_id_hex")]`.
pub mod endpoint_id_hex {
    use super::*;

    /// Writes the id as 64 lowercase hex characters.
    pub fn serialize<S: Serializer>(id: &EndpointId, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(id)
    }

    /// Reads 64 lowercase hex characters.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<EndpointId, D::Error> {
        let s = String::deserialize(deserializer)?;
        parse_endpoint_id(&s).map_err(serde::de::Error::custom)
    }
}

/// The iroh endpoint id of a node seed.
///
/// Equal to the public key inside the libp2p `PeerId` derived from the same seed.
pub fn seed_endpoint_id(seed: &[u8; 32]) -> EndpointId {
    SecretKey::from_bytes(seed).public()
}

/// The iroh endpoint id of a libp2p peer id, if the peer id embeds an ed25519 key.
pub fn peer_id_to_endpoint_id(peer: &PeerId) -> Result<EndpointId, BlobError> {
    let invalid = |reason: String| BlobError::InvalidEndpointId {
        input: peer.to_string(),
        reason,
    };
    let mh = peer.as_ref();
    if mh.code() != 0 {
        return Err(invalid(
            "peer id is a hash, not an inlined public key".into(),
        ));
    }
    let key = libp2p::identity::PublicKey::try_decode_protobuf(mh.digest())
        .map_err(|e| invalid(format!("undecodable public key: {e}")))?;
    let ed = key
        .try_into_ed25519()
        .map_err(|_| invalid("not an ed25519 key".into()))?;
    EndpointId::from_bytes(&ed.to_bytes())
        .map_err(|e| invalid(format!("invalid ed25519 point: {e}")))
}
