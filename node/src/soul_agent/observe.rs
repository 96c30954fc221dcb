//! The soul's view of its node: peers, queen, Psi, cartridges, IQ, weights round, corpus.

use std::sync::Arc;

use futures::future::BoxFuture;
use tokio::sync::watch;
use x402_cartridge::Cartridges;
use x402_p2p::NetworkHandle;
use x402_p2p::envelope::Role;
use x402_soul::{CartridgeSeen, Observer, Snapshot};

use crate::soul::SoulState;

/// Live peers' gateways listed in a snapshot.
const MAX_GATEWAYS: usize = 16;

/// Snapshots of the node from its services (no HTTP, no locks held across awaits).
pub struct NodeObserver {
    /// Gossip and membership.
    pub network: NetworkHandle,
    /// Cognition (Psi, free energy).
    pub cognition: Arc<SoulState>,
    /// Cartridges served.
    pub cartridges: Cartridges,
    /// Colony IQ.
    pub iq: crate::iq::IqHandle,
    /// Federated weights.
    pub weights: watch::Receiver<Arc<x402_federation::WeightsStatus>>,
    /// Corpus names.
    pub corpus: Vec<String>,
    /// Whether the node takes payments (not `--offline`).
    pub payments: bool,
}

impl NodeObserver {
    /// Gateways of live members other than this node.
    pub fn peer_gateways(&self) -> Vec<String> {
        let view = self.network.view();
        view.members
            .iter()
            .filter(|m| m.alive && m.peer_id != view.peer_id)
            .filter_map(|m| m.gateway.clone())
            .take(MAX_GATEWAYS)
            .collect()
    }

    /// The snapshot (synchronous: every source is in memory).
    pub fn snapshot(&self) -> Snapshot {
        let view = self.network.view();
        let (psi, free_energy) = {
            let c = self.cognition.cognition.read().expect("cognition lock");
            (c.psi.value, c.free_energy.current())
        };
        Snapshot {
            peers_alive: view
                .members
                .iter()
                .filter(|m| m.alive && m.peer_id != view.peer_id)
                .count(),
            peer_gateways: self.peer_gateways(),
            queen: view.queen.as_ref().map(|q| q.peer_id.clone()),
            is_queen: view.role == Role::Queen,
            psi,
            free_energy,
            cartridges: self
                .cartridges
                .list()
                .into_iter()
                .filter(|c| !c.slug.starts_with("soul-draft-"))
                .map(|c| CartridgeSeen {
                    slug: c.slug,
                    price_micros: c.price_micros,
                })
                .collect(),
            revenue_micros: None,
            iq: self.iq.status().self_iq,
            weights_round: Some(self.weights.borrow().round),
            corpus: self.corpus.clone(),
            colony_needs: Vec::new(),
            payments: self.payments,
        }
    }
}

impl Observer for NodeObserver {
    fn observe(&self) -> BoxFuture<'_, Snapshot> {
        Box::pin(async move { self.snapshot() })
    }
}
