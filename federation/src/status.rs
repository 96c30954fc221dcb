//! What the federation task reports: the `weights` object of `/swarm/status`.

use std::collections::BTreeMap;

use serde::Serialize;
use x402_model::brain::Evaluation;
use x402_p2p::blobs::{BlobHash, EndpointId};
use x402_p2p::envelope::BlobEndpoint;

/// Rejections of one peer.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PeerRejections {
    /// How many of its announcements were rejected.
    pub count: u64,
    /// Count per reason label ([`Rejection::reason`]).
    pub reasons: BTreeMap<&'static str, u64>,
    /// The latest rejection, in words.
    pub last: String,
}

/// The latest weights a peer announced.
#[derive(Debug, Clone, Serialize)]
pub struct Announced {
    /// `weights_update` or `weights_aggregate`.
    pub kind: &'static str,
    /// Content hash.
    pub hash: BlobHash,
    /// Round.
    pub round: u64,
    /// Term.
    pub term: u64,
}

/// What `/swarm/status` shows under `weights`.
#[derive(Debug, Clone, Serialize)]
pub struct WeightsStatus {
    /// Model name.
    pub model: &'static str,
    /// Hash of the canonical weights this node holds.
    pub canonical_hash: BlobHash,
    /// Their round.
    pub round: u64,
    /// Term of the queen that published them.
    pub term: u64,
    /// Aggregation rule (used when this node is queen).
    pub rule: String,
    /// Parameters of the model.
    pub params: usize,
    /// Architecture digest (hex in JSON).
    pub arch: BlobHash,
    /// This node's blob endpoint.
    pub endpoint: BlobEndpoint,
    /// Held-out evaluation of this node's latest local update.
    pub local_eval: Option<Evaluation>,
    /// Held-out evaluation of the canonical weights.
    pub canonical_eval: Option<Evaluation>,
    /// Updates this node published.
    pub updates_published: u64,
    /// Aggregates this node published as queen.
    pub aggregates_published: u64,
    /// Canonical weights adopted from a queen.
    pub adopted: u64,
    /// Endpoint id that served the latest adopted canonical weights (hex in JSON).
    pub canonical_source: Option<EndpointId>,
    /// Round being collected and updates in, when queen.
    pub collecting: Option<(u64, usize)>,
    /// Rejected announcements per peer.
    pub rejected: BTreeMap<String, PeerRejections>,
    /// Latest announcement per peer.
    pub peers: BTreeMap<String, Announced>,
}
