//! The `/swarm/status` API as one type: the gateway builds a [`SwarmStatus`], and every reader
//! (`x402-node status`, the benches, the devnet, the tests) deserializes one, so a field cannot
//! be renamed or reshaped on one side only. `docs/status.md` lists the fields and
//! `node/tests/status_api.rs` pins the served JSON to that list.
//!
//! This module depends on serde and on wire types of other workspace crates only (never on
//! `crate::`), so the node's integration tests include it as it is.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
pub use x402_model::brain::Evaluation;
pub use x402_p2p::Role;

/// `GET /swarm/status`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SwarmStatus {
    /// Node name.
    pub name: String,
    /// Swarm name.
    pub swarm: String,
    /// `x402-node` version.
    pub version: String,
    /// Milliseconds since the node started.
    pub uptime_ms: u64,
    /// This node's peer id.
    pub peer_id: String,
    /// Its on-chain agent id, once registered.
    pub agent_id: Option<u64>,
    /// Its wallet address (absent offline).
    pub wallet: Option<String>,
    /// The chain connection.
    pub chain: ChainStatus,
    /// This node's role.
    pub role: Role,
    /// The queen this node follows.
    pub queen: Option<QueenStatus>,
    /// Highest term seen.
    pub max_term: u64,
    /// Queen changes accepted.
    pub elections: u64,
    /// Listen addresses, each ending in `/p2p/<peer id>`.
    pub listen_addrs: Vec<String>,
    /// Peers with an open connection.
    pub connected_peers: usize,
    /// This node's Bloch state.
    pub bloch: BlochStatus,
    /// The colony index as this node computes it.
    pub psi: PsiStatus,
    /// This soul's running goal in one line.
    pub goal: Option<String>,
    /// Free energy and the surprises it is made of.
    pub free_energy: FreeEnergyStatus,
    /// Pheromone trails.
    pub pheromones: PheromonesStatus,
    /// Federated weights.
    pub weights: WeightsStatus,
    /// Colony IQ.
    pub iq: IqStatus,
    /// Every member known from heartbeats (bounded by the membership table).
    pub peers: Vec<PeerStatus>,
}

/// `chain`: `{"status": "offline"}` alone when the node runs without a chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChainStatus {
    /// `connecting`, `connected`, `unreachable`, `error` or `offline`.
    pub status: String,
    /// Everything else, absent offline.
    #[serde(flatten)]
    pub details: Option<ChainDetails>,
}

/// `chain` of a node with a chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChainDetails {
    /// Last error, if any.
    pub error: Option<String>,
    /// RPC URL, scheme and host only.
    pub rpc: String,
    /// Chain id once connected.
    pub chain_id: Option<u64>,
    /// `dev`, `moderato`, `mainnet` or `other`, once connected.
    pub kind: Option<String>,
    /// Identity registry in use.
    pub registry: Option<String>,
    /// Cards rejected so far (forged, malformed, wrong owner).
    pub cards_rejected: u64,
}

/// A queen and her term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueenStatus {
    /// Her peer id.
    pub peer_id: String,
    /// Her term.
    pub term: u64,
}

/// This node's point on the Bloch sphere.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlochStatus {
    /// Polar angle.
    pub theta: f64,
    /// Azimuth.
    pub phi: f64,
    /// Polar velocity.
    pub d_theta: f64,
    /// Azimuthal velocity.
    pub d_phi: f64,
    /// How much the node explores, in [0, 1].
    pub exploration: f64,
    /// How much it works for the colony, in [0, 1].
    pub colony_focus: f64,
}

/// A peer's point on the Bloch sphere, as its gossip says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeerBloch {
    /// Polar angle.
    pub theta: f64,
    /// Azimuth.
    pub phi: f64,
    /// Polar velocity.
    pub d_theta: f64,
    /// Azimuthal velocity.
    pub d_phi: f64,
}

/// Psi and its four factors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PsiStatus {
    /// Psi.
    pub value: f64,
    /// Change since the previous tick.
    pub trend: f64,
    /// I.
    pub integration: f64,
    /// S.
    pub synchrony: f64,
    /// D.
    pub diversity: f64,
    /// V.
    pub vitality: f64,
    /// The peer's running goal, when its gossip carries one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<String>,
    /// The queen's needs, when her gossip carries them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub needs: Option<NeedsStatus>,
}

/// What the queen asks the colony for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedsStatus {
    /// Her term.
    pub term: u64,
    /// Need names.
    pub needs: Vec<String>,
}

/// `free_energy`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FreeEnergyStatus {
    /// F (none before the first tick).
    pub value: Option<f64>,
    /// Its trend.
    pub trend: f64,
    /// The surprises of the latest tick.
    pub surprise: SurpriseStatus,
}

/// The surprises F is made of, each in [0, 1].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurpriseStatus {
    /// Share of known members not heard from.
    pub membership: f64,
    /// Heartbeat jitter.
    pub timing: f64,
    /// Share of gossip rejected.
    pub gossip: f64,
}

/// `pheromones`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PheromonesStatus {
    /// Trails held.
    pub count: usize,
    /// The strongest ones.
    pub strongest: Vec<TrailStatus>,
}

/// One pheromone trail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrailStatus {
    /// What it marks.
    pub resource: String,
    /// Its category.
    pub category: String,
    /// Good (+1) to bad (-1).
    pub valence: f64,
    /// Strength.
    pub intensity: f64,
}

/// `weights`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeightsStatus {
    /// Model name.
    pub model: String,
    /// Hash of the canonical weights this node holds.
    pub canonical_hash: String,
    /// Their round.
    pub round: u64,
    /// Term of the queen that published them.
    pub term: u64,
    /// Aggregation rule.
    pub rule: String,
    /// Parameters of the model.
    pub params: usize,
    /// Architecture digest.
    pub arch: String,
    /// This node's blob endpoint.
    pub endpoint: EndpointStatus,
    /// Held-out evaluation of this node's latest local update.
    pub local_eval: Option<Evaluation>,
    /// Held-out evaluation of the canonical weights.
    pub canonical_eval: Option<Evaluation>,
    /// Updates this node published.
    pub updates_published: u64,
    /// Aggregates it published as queen.
    pub aggregates_published: u64,
    /// Canonical weights adopted from a queen.
    pub adopted: u64,
    /// Endpoint id that served the latest adopted canonical weights.
    pub canonical_source: Option<String>,
    /// `[round, updates in]` while collecting as queen.
    pub collecting: Option<(u64, usize)>,
    /// Rejected announcements per peer id.
    pub rejected: BTreeMap<String, RejectionsStatus>,
    /// Latest announcement per peer id.
    pub peers: BTreeMap<String, AnnouncedStatus>,
}

/// An iroh blob endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndpointStatus {
    /// Endpoint id.
    pub id: String,
    /// Direct socket addresses.
    pub addrs: Vec<String>,
}

/// Rejected announcements of one peer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectionsStatus {
    /// How many.
    pub count: u64,
    /// Count per reason.
    pub reasons: BTreeMap<String, u64>,
    /// The latest, in words.
    pub last: String,
}

/// The latest weights a peer announced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnouncedStatus {
    /// `weights_update` or `weights_aggregate`.
    pub kind: String,
    /// Content hash.
    pub hash: String,
    /// Round.
    pub round: u64,
    /// Term.
    pub term: u64,
}

/// `iq`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IqStatus {
    /// This node's solver.
    pub solver: String,
    /// This node's IQ on its share of the latest session.
    #[serde(rename = "self")]
    pub self_iq: Option<f64>,
    /// The colony's IQ in the latest session.
    pub colony: Option<f64>,
    /// The best single member's IQ in it.
    pub best_member_iq: Option<f64>,
    /// The latest session's id.
    pub session: Option<String>,
    /// Whether it is complete.
    pub done: bool,
    /// Problems the colony attempted.
    pub attempted: u32,
    /// And passed.
    pub passed: u32,
    /// Unix time of the latest summary, milliseconds.
    pub last_run_ms: Option<u64>,
    /// Each member's IQ in the latest session.
    pub members: Vec<MemberIqStatus>,
    /// Training pairs kept.
    pub training_pairs: usize,
}

/// One member's score in a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberIqStatus {
    /// Its peer id.
    pub peer_id: String,
    /// Its IQ.
    pub iq: f64,
    /// Problems it reported.
    pub attempted: u32,
    /// Of which passed.
    pub passed: u32,
}

/// One member of `peers`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeerStatus {
    /// Its peer id.
    pub peer_id: String,
    /// Its name.
    pub name: String,
    /// The role it announces.
    pub role: Role,
    /// Its gateway URL, if any.
    pub gateway: Option<String>,
    /// Its listen addresses.
    pub listen_addrs: Vec<String>,
    /// The queen it follows.
    pub queen: Option<QueenStatus>,
    /// Its Bloch state.
    pub bloch: Option<PeerBloch>,
    /// Its Psi.
    pub psi: Option<PsiStatus>,
    /// Its running goal (from its Psi).
    pub goal: Option<String>,
    /// Pheromone trails it shared.
    pub pheromone_trails: usize,
    /// Milliseconds since its last heartbeat.
    pub last_seen_ms: u64,
    /// Whether its heartbeats are on time.
    pub alive: bool,
    /// Its on-chain agent id, when registered.
    pub agent_id: Option<u64>,
    /// Its registered wallet.
    pub wallet: Option<String>,
    /// Whether the chain has a verified card for it.
    pub registered: bool,
    /// Hash of the latest weights it announced.
    pub weights_hash: Option<String>,
    /// Its IQ in the latest session.
    pub iq: Option<f64>,
}

impl SwarmStatus {
    /// The queen's peer id and term.
    pub fn queen_term(&self) -> Option<(String, u64)> {
        self.queen.as_ref().map(|q| (q.peer_id.clone(), q.term))
    }
}
