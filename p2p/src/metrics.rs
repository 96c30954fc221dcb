//! Prometheus metrics of the p2p layer.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

use crate::topic::SwarmTopic;

/// Label: gossip topic short name.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct TopicLabel {
    /// Topic short name.
    pub topic: String,
}

/// Label: topic and rejection reason.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RejectLabel {
    /// Topic short name.
    pub topic: String,
    /// Rejection reason (`malformed`, `stale`, ...).
    pub reason: String,
}

/// Metrics the network event loop updates.
#[derive(Clone, Default, Debug)]
pub struct Metrics {
    /// Connected peers.
    pub peers_connected: Gauge,
    /// Members heard from (heartbeats) and not yet expired.
    pub members: Gauge,
    /// Messages accepted, per topic.
    pub messages_in: Family<TopicLabel, Counter>,
    /// Messages published by this node, per topic.
    pub messages_out: Family<TopicLabel, Counter>,
    /// Messages rejected by validation, per topic and reason.
    pub messages_rejected: Family<RejectLabel, Counter>,
    /// Current queen term (0 before the first election).
    pub queen_term: Gauge,
    /// 1 when this node is the queen.
    pub is_queen: Gauge,
    /// Queen changes accepted by this node.
    pub elections: Counter,
}

impl Metrics {
    /// Registers every metric under the `x402` prefix of `registry`.
    pub fn register(&self, registry: &mut Registry) {
        registry.register(
            "x402_peers_connected",
            "Peers with an open libp2p connection",
            self.peers_connected.clone(),
        );
        registry.register(
            "x402_members",
            "Swarm members heard from recently",
            self.members.clone(),
        );
        registry.register(
            "x402_gossip_messages_in",
            "Gossip messages accepted, per topic",
            self.messages_in.clone(),
        );
        registry.register(
            "x402_gossip_messages_out",
            "Gossip messages published by this node, per topic",
            self.messages_out.clone(),
        );
        registry.register(
            "x402_gossip_messages_rejected",
            "Gossip messages rejected by validation, per topic and reason",
            self.messages_rejected.clone(),
        );
        registry.register(
            "x402_queen_term",
            "Term of the queen this node follows",
            self.queen_term.clone(),
        );
        registry.register(
            "x402_is_queen",
            "1 when this node is the queen",
            self.is_queen.clone(),
        );
        registry.register(
            "x402_elections",
            "Queen changes accepted by this node",
            self.elections.clone(),
        );
    }

    pub(crate) fn inc_in(&self, topic: SwarmTopic) {
        self.messages_in
            .get_or_create(&TopicLabel {
                topic: topic.short_name().into(),
            })
            .inc();
    }

    pub(crate) fn inc_out(&self, topic: SwarmTopic) {
        self.messages_out
            .get_or_create(&TopicLabel {
                topic: topic.short_name().into(),
            })
            .inc();
    }

    pub(crate) fn inc_rejected(&self, topic: &str, reason: &str) {
        self.messages_rejected
            .get_or_create(&RejectLabel {
                topic: topic.into(),
                reason: reason.into(),
            })
            .inc();
    }
}
