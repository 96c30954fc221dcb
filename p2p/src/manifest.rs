//! Signed manifests of model weights (the body of `weights_update` and `weights_aggregate`
//! messages): the manifest, its signature over canonical JSON, and field validation.

use std::net::SocketAddr;

use libp2p::PeerId;
use serde::{Deserialize, Serialize};

use crate::blobs::{BlobHash, EndpointId};
use crate::envelope::{MAX_ADDRS, in_range, text};

/// Where a node's iroh-blobs endpoint can be reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlobEndpoint {
    /// iroh endpoint id (the same ed25519 key as the sender's peer id); 64 lowercase hex
    /// characters on the wire.
    #[serde(with = "crate::blobs::endpoint_id_hex")]
    pub id: EndpointId,
    /// Direct socket addresses, at most [`MAX_ADDRS`].
    pub addrs: Vec<SocketAddr>,
}

/// A safetensors weights file announced by its BLAKE3 hash.
///
/// The author signs [`WeightsManifest::signing_bytes`] with its libp2p key, so a manifest can be
/// verified on its own (stored, relayed, served over HTTP), not only inside the signed gossip
/// message that carried it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeightsManifest {
    /// Model name (`brain`).
    pub model: String,
    /// Round this file belongs to (an update is trained for `round`; an aggregate closes it).
    pub round: u64,
    /// Queen term the round runs under.
    pub term: u64,
    /// Hash of the canonical weights this file was derived from.
    pub base: BlobHash,
    /// BLAKE3 hash of the safetensors bytes (= the iroh-blobs hash).
    pub hash: BlobHash,
    /// Size of the file in bytes.
    pub size: u64,
    /// Training examples behind it.
    pub samples: u64,
    /// Global L2 norm of the weights.
    pub l2_norm: f64,
    /// Architecture digest: BLAKE3 of the names and shapes of every tensor (hex on the wire).
    pub arch: BlobHash,
    /// Where to fetch it.
    pub endpoint: BlobEndpoint,
    /// Author's ed25519 signature over [`WeightsManifest::signing_bytes`] (hex).
    pub signature: String,
}

/// Largest weights file a manifest may announce (1 GiB).
pub const MAX_WEIGHTS_BYTES: u64 = 1 << 30;

impl WeightsManifest {
    /// The bytes the author signs: a domain tag, the kind, then the JSON of every field but the
    /// signature.
    pub fn signing_bytes(&self, kind: &str) -> Vec<u8> {
        let mut unsigned = self.clone();
        unsigned.signature = String::new();
        let mut bytes = format!("x402-weights-manifest/1\n{kind}\n").into_bytes();
        bytes.extend(serde_json::to_vec(&unsigned).expect("manifest serialization is infallible"));
        bytes
    }

    /// Signs the manifest as `kind` (`weights_update` or `weights_aggregate`) with `key`.
    pub fn sign(mut self, kind: &str, key: &libp2p::identity::Keypair) -> Self {
        let signature = key
            .sign(&self.signing_bytes(kind))
            .expect("ed25519 signing is infallible");
        self.signature = hex::encode(signature);
        self
    }

    /// Checks that `author` signed this manifest as `kind`.
    pub fn verify(&self, kind: &str, author: &PeerId) -> Result<(), SignatureError> {
        let key = public_key(author).ok_or(SignatureError::NoInlineKey)?;
        let signature = hex::decode(&self.signature).map_err(|_| SignatureError::NotHex)?;
        if key.verify(&self.signing_bytes(kind), &signature) {
            Ok(())
        } else {
            Err(SignatureError::DoesNotVerify)
        }
    }

    pub(crate) fn validate(&self, kind: &str, author: &PeerId) -> Result<(), BodyError> {
        self.validate_fields(author).map_err(BodyError::Invalid)?;
        self.verify(kind, author).map_err(BodyError::Signature)
    }

    fn validate_fields(&self, author: &PeerId) -> Result<(), String> {
        text("model", &self.model)?;
        if self.round == 0 {
            return Err("round must be at least 1".into());
        }
        if self.size == 0 || self.size > MAX_WEIGHTS_BYTES {
            return Err(format!("size must be in 1..={MAX_WEIGHTS_BYTES}"));
        }
        in_range("l2_norm", self.l2_norm, 0.0, f64::MAX)?;
        match crate::blobs::peer_id_to_endpoint_id(author) {
            Ok(id) if id == self.endpoint.id => {}
            _ => return Err("endpoint.id is not the sender's key".into()),
        }
        if self.endpoint.addrs.len() > MAX_ADDRS {
            return Err(format!("more than {MAX_ADDRS} endpoint.addrs"));
        }
        Ok(())
    }
}

/// Why a signed body's signature is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// The sender's peer id does not inline an ed25519 key.
    #[error("sender has no inline ed25519 key")]
    NoInlineKey,
    /// The signature is not hex.
    #[error("signature is not hex")]
    NotHex,
    /// The signature is not the sender's over the body.
    #[error("signature does not verify against the sender's key")]
    DoesNotVerify,
}

/// Why a body is refused: its fields, or its signature.
pub(crate) enum BodyError {
    /// Fields out of range.
    Invalid(String),
    /// The signature.
    Signature(SignatureError),
}

/// The ed25519 public key inlined in an ed25519 peer id.
fn public_key(peer: &PeerId) -> Option<libp2p::identity::PublicKey> {
    let multihash: &libp2p::multihash::Multihash<64> = peer.as_ref();
    (multihash.code() == 0)
        .then(|| libp2p::identity::PublicKey::try_decode_protobuf(multihash.digest()).ok())
        .flatten()
}
