//! Gossip topics of the swarm.
//!
//! Every topic name is namespaced by the swarm name, `<swarm>/<topic>/1`, so two swarms never share a
//! mesh, and carries the major version of its message schema. Topic names are plain
//! [`IdentTopic`]s: any gossipsub v1.1 implementation can subscribe by name and read the JSON.

use libp2p::gossipsub::IdentTopic;
use serde::{Deserialize, Serialize};

/// One gossip topic of the swarm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SwarmTopic {
    /// Membership: heartbeats carrying name, role, addresses and the sender's queen view.
    Members,
    /// Queen election: claims and abdications, each naming its term.
    Queen,
    /// Bloch-sphere cognitive state of each node.
    Bloch,
    /// Strongest pheromone trails of each node.
    Pheromones,
    /// Colony index Psi and its factors as seen by each node.
    Psi,
    /// Diagnostic probes (latency benchmarks, reachability checks).
    Probe,
    /// Signed manifests of model weights: workers' updates and the queen's aggregates.
    Weights,
    /// Colony benchmark sessions: requests, the queen's assignments and scores, workers' results.
    Iq,
}

impl SwarmTopic {
    /// Every topic, in a stable order.
    pub const ALL: [SwarmTopic; 8] = [
        SwarmTopic::Members,
        SwarmTopic::Queen,
        SwarmTopic::Bloch,
        SwarmTopic::Pheromones,
        SwarmTopic::Psi,
        SwarmTopic::Probe,
        SwarmTopic::Weights,
        SwarmTopic::Iq,
    ];

    /// The short name used in URLs and on the command line (`members`, `queen`, ...).
    pub fn short_name(self) -> &'static str {
        match self {
            SwarmTopic::Members => "members",
            SwarmTopic::Queen => "queen",
            SwarmTopic::Bloch => "bloch",
            SwarmTopic::Pheromones => "pheromones",
            SwarmTopic::Psi => "psi",
            SwarmTopic::Probe => "probe",
            SwarmTopic::Weights => "weights",
            SwarmTopic::Iq => "iq",
        }
    }

    /// Parses a short name (`bloch`) or a full topic name (`tempo-x402/bloch/1`) of `swarm`.
    pub fn parse(name: &str, swarm: &str) -> Option<SwarmTopic> {
        SwarmTopic::ALL
            .into_iter()
            .find(|t| t.short_name() == name || t.full_name(swarm) == name)
    }

    /// The gossipsub topic name, `<swarm>/<short name>/1`.
    pub fn full_name(self, swarm: &str) -> String {
        format!("{swarm}/{}/1", self.short_name())
    }

    /// The gossipsub topic.
    pub fn ident(self, swarm: &str) -> IdentTopic {
        IdentTopic::new(self.full_name(swarm))
    }

    /// Largest accepted message on this topic, in bytes of encoded envelope.
    pub fn max_message_bytes(self) -> usize {
        match self {
            SwarmTopic::Members => 4 * 1024,
            SwarmTopic::Queen => 1024,
            SwarmTopic::Bloch => 1024,
            SwarmTopic::Pheromones => 16 * 1024,
            SwarmTopic::Psi => 1024,
            SwarmTopic::Probe => 20 * 1024,
            SwarmTopic::Weights => 4 * 1024,
            SwarmTopic::Iq => 32 * 1024,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_namespaced() {
        for t in SwarmTopic::ALL {
            assert_eq!(SwarmTopic::parse(t.short_name(), "s"), Some(t));
            assert_eq!(SwarmTopic::parse(&t.full_name("s"), "s"), Some(t));
            assert_eq!(SwarmTopic::parse(&t.full_name("other"), "s"), None);
        }
        assert_eq!(
            SwarmTopic::Bloch.full_name("tempo-x402"),
            "tempo-x402/bloch/1"
        );
        assert_eq!(SwarmTopic::parse("models", "s"), None);
    }
}
