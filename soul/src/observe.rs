//! What the soul sees of its node each cycle.

use futures::future::BoxFuture;
use serde::{Deserialize, Serialize};

/// A cartridge the node serves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CartridgeSeen {
    /// Slug.
    pub slug: String,
    /// Price per request, micro-USD.
    pub price_micros: u64,
    /// Requests it ran since the node started.
    #[serde(default)]
    pub requests: u64,
    /// Its revenue since the node started, micro-USD.
    #[serde(default)]
    pub revenue_micros: u64,
}

/// A snapshot of the node.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Live members besides this node.
    pub peers_alive: usize,
    /// Gateways of live peers (at most 16).
    pub peer_gateways: Vec<String>,
    /// The queen's peer id.
    pub queen: Option<String>,
    /// Whether this node is the queen.
    pub is_queen: bool,
    /// Colony index Psi.
    pub psi: f64,
    /// Free energy, when known.
    pub free_energy: Option<f64>,
    /// Cartridges served here.
    pub cartridges: Vec<CartridgeSeen>,
    /// Revenue from paid requests, micro-USD (when the node keeps it).
    pub revenue_micros: Option<u64>,
    /// This node's IQ in the latest colony session.
    pub iq: Option<f64>,
    /// The weights round of the federation.
    pub weights_round: Option<u64>,
    /// Corpus cartridges the soul can deploy (names).
    pub corpus: Vec<String>,
    /// Work the colony asked for (goal texts from the queen).
    pub colony_needs: Vec<String>,
    /// Whether this node takes payments (offline nodes cannot sell: their cartridges go free).
    pub payments: bool,
}

/// Takes snapshots of the node.
pub trait Observer: Send + Sync {
    /// The node now.
    fn observe(&self) -> BoxFuture<'_, Snapshot>;
}
