//! What the node observed about its colony during one tick, and the
//! normalised measures derived from it.

use serde::{Deserialize, Serialize};

use crate::bloch::BlochPoint;
use crate::free_energy::Surprise;
use crate::pheromone::TrailCategory;
use crate::unit::clamp_unit;

/// The cognitive state a fresh peer gossiped, with how much it is trusted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeerSignal {
    /// The peer's Bloch point.
    pub bloch: BlochPoint,
    /// The peer's reputation in `[0, 1]` (clamped on use).
    pub reputation: f64,
}

/// An event of this tick that lays pheromone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deposit {
    /// The resource the event concerns (peer id, topic, ...).
    pub resource: String,
    /// Kind of resource.
    pub category: TrailCategory,
    /// +1 = went well ... -1 = went badly.
    pub valence: f64,
}

/// Everything [`crate::Cognition::tick`] needs from one second of the node's
/// life. All fields are raw observations; nothing here is a tuning constant.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ColonySignals {
    /// Members known (excluding self).
    pub known_peers: usize,
    /// Of those, members heard from within the liveness window.
    pub fresh_peers: usize,
    /// Gossip messages accepted since the last tick.
    pub accepted: u64,
    /// Gossip messages rejected since the last tick.
    pub rejected: u64,
    /// Mean `|interval - expected| / expected` of heartbeats received this
    /// tick, in `[0, 1]` (clamped on use).
    pub heartbeat_surprise: f64,
    /// Bloch states received from fresh peers.
    pub peers: Vec<PeerSignal>,
    /// Events of this tick that lay pheromone.
    pub deposits: Vec<Deposit>,
    /// The soul's learning surprise in `[0, 1]` (clamped on use), if it has one.
    #[serde(default)]
    pub learning_surprise: Option<f64>,
}

impl ColonySignals {
    /// Share of known members that are fresh, `fresh / known` in `[0, 1]`;
    /// 0 when no member is known.
    pub fn integration(&self) -> f64 {
        if self.known_peers == 0 {
            0.0
        } else {
            clamp_unit(self.fresh_peers as f64 / self.known_peers as f64)
        }
    }

    /// Share of gossip rejected, `rejected / (accepted + rejected)`; 0 when
    /// no gossip arrived.
    pub fn gossip_rejection(&self) -> f64 {
        let total = self.accepted as f64 + self.rejected as f64;
        if total == 0.0 {
            0.0
        } else {
            clamp_unit(self.rejected as f64 / total)
        }
    }

    /// The three surprises of this tick: membership `1 - fresh / known`
    /// (1 when no member is known: an isolated node cannot predict its
    /// colony), timing = heartbeat surprise, gossip = rejection share.
    pub fn surprise(&self) -> Surprise {
        let membership = if self.known_peers == 0 {
            1.0
        } else {
            1.0 - self.integration()
        };
        Surprise {
            membership,
            timing: clamp_unit(self.heartbeat_surprise),
            gossip: self.gossip_rejection(),
            learning: self.learning_surprise.map(clamp_unit),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integration_is_fresh_over_known() {
        let s = ColonySignals {
            known_peers: 4,
            fresh_peers: 3,
            ..ColonySignals::default()
        };
        assert_eq!(s.integration(), 0.75);
        assert_eq!(s.surprise().membership, 0.25);
    }

    #[test]
    fn isolated_node_is_fully_surprised_by_membership() {
        let s = ColonySignals::default();
        assert_eq!(s.integration(), 0.0);
        assert_eq!(s.surprise().membership, 1.0);
    }

    #[test]
    fn inconsistent_counts_are_clamped() {
        let s = ColonySignals {
            known_peers: 2,
            fresh_peers: 5,
            heartbeat_surprise: f64::NAN,
            ..ColonySignals::default()
        };
        assert_eq!(s.integration(), 1.0);
        assert_eq!(s.surprise().membership, 0.0);
        assert_eq!(s.surprise().timing, 0.0);
    }

    #[test]
    fn gossip_rejection_share() {
        let mut s = ColonySignals::default();
        assert_eq!(s.gossip_rejection(), 0.0);
        s.accepted = 3;
        s.rejected = 1;
        assert_eq!(s.gossip_rejection(), 0.25);
        s.accepted = u64::MAX;
        s.rejected = u64::MAX;
        assert_eq!(s.gossip_rejection(), 0.5);
    }
}
