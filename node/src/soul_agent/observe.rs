//! The soul's view of its node: peers, queen, Psi, cartridges, IQ, weights round, corpus.

use std::sync::Arc;

use futures::future::BoxFuture;
use tokio::sync::watch;
use x402_cartridge::Cartridges;
use x402_p2p::NetworkHandle;
use x402_p2p::envelope::{MAX_NEEDS, Need, NeedsBody, QueenRef, Role};
use x402_p2p::membership::MemberView;
use x402_soul::{CartridgeSeen, Observer, Snapshot};

use crate::soul::SoulState;

/// Live peers' gateways listed in a snapshot.
const MAX_GATEWAYS: usize = 16;
/// The queen asks for cartridges while she serves fewer than this many.
const FEW_CARTRIDGES: usize = 3;

/// The goal a colony need becomes (the same words the templates read).
pub fn need_goal(need: Need, snapshot: &Snapshot) -> Option<String> {
    match need {
        Need::Benchmark => Some("run a benchmark problem".into()),
        Need::Training => Some("request a training round".into()),
        Need::Cartridges => x402_soul::planner::next_cartridge(snapshot)
            .map(|name| format!("deploy cartridge {name} and price it")),
    }
}

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

    /// What this node asks of the colony when it is the queen (none otherwise): `benchmark`
    /// while a colony IQ session is open, `training` while her weights round lacks updates of
    /// live members, `cartridges` while she serves fewer than three. At most [`MAX_NEEDS`].
    pub fn queen_needs(&self) -> Option<NeedsBody> {
        let view = self.network.view();
        let queen = view.queen.as_ref().filter(|_| view.role == Role::Queen)?;
        let mut needs = Vec::new();
        let iq = self.iq.status();
        if iq.session.is_some() && !iq.done {
            needs.push(Need::Benchmark);
        }
        let live = view
            .members
            .iter()
            .filter(|m| m.alive && m.peer_id != view.peer_id)
            .count();
        if let Some((_, updates)) = self.weights.borrow().collecting
            && updates < live + 1
        {
            needs.push(Need::Training);
        }
        let served = self
            .cartridges
            .list()
            .iter()
            .filter(|c| !c.slug.starts_with("soul-draft-"))
            .count();
        if served < FEW_CARTRIDGES {
            needs.push(Need::Cartridges);
        }
        needs.truncate(MAX_NEEDS);
        Some(NeedsBody {
            term: queen.term,
            needs: needs.iter().map(|n| n.as_str().to_string()).collect(),
        })
    }

    /// The current queen's needs for her current term: her own when this node is the queen,
    /// else those on the Psi message she gossiped (see [`queens_needs`]).
    pub fn current_needs(&self) -> Vec<Need> {
        let view = self.network.view();
        if view.role == Role::Queen {
            return self.queen_needs().map(|b| b.known()).unwrap_or_default();
        }
        queens_needs(view.queen.as_ref(), &view.members)
    }

    /// The snapshot (synchronous: every source is in memory).
    pub fn snapshot(&self) -> Snapshot {
        let view = self.network.view();
        let (psi, free_energy) = {
            let c = self.cognition.cognition.read().expect("cognition lock");
            (c.psi.value, c.free_energy.current())
        };
        let cartridges: Vec<CartridgeSeen> = self
            .cartridges
            .list()
            .into_iter()
            .filter(|c| !c.slug.starts_with("soul-draft-"))
            .map(|c| CartridgeSeen {
                slug: c.slug,
                price_micros: c.price_micros,
                requests: c.requests,
                revenue_micros: c.revenue_micros,
            })
            .collect();
        // Revenue: what the node's cartridges earned since it started (paid static routes
        // such as /paid/hello are not counted).
        let revenue_micros = self
            .payments
            .then(|| cartridges.iter().map(|c| c.revenue_micros).sum());
        let mut snapshot = Snapshot {
            peers_alive: view
                .members
                .iter()
                .filter(|m| m.alive && m.peer_id != view.peer_id)
                .count(),
            peer_gateways: self.peer_gateways(),
            queen: view.queen.as_ref().map(|q| q.peer_id.to_base58()),
            is_queen: view.role == Role::Queen,
            psi,
            free_energy,
            cartridges,
            revenue_micros,
            iq: self.iq.status().self_iq,
            weights_round: Some(self.weights.borrow().round),
            corpus: self.corpus.clone(),
            colony_needs: Vec::new(),
            payments: self.payments,
        };
        snapshot.colony_needs = self
            .current_needs()
            .into_iter()
            .filter_map(|n| need_goal(n, &snapshot))
            .collect();
        snapshot
    }
}

/// The needs on the Psi message of the member that is the current `queen`, when they are for
/// her current term and within bounds. Any other member's needs, or hers of an older term, are
/// ignored (membership records are keyed by the envelope's verified sender).
pub fn queens_needs(queen: Option<&QueenRef>, members: &[MemberView]) -> Vec<Need> {
    let Some(queen) = queen else {
        return Vec::new();
    };
    members
        .iter()
        .find(|m| m.peer_id == queen.peer_id)
        .and_then(|m| m.psi.as_ref())
        .and_then(|p| p.needs.as_ref())
        .filter(|b| b.term == queen.term && b.validate().is_ok())
        .map(|b| b.known())
        .unwrap_or_default()
}

impl Observer for NodeObserver {
    fn observe(&self) -> BoxFuture<'_, Snapshot> {
        Box::pin(async move { self.snapshot() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use x402_p2p::envelope::PsiBody;

    /// A distinct peer id per name.
    fn peer(id: &str) -> libp2p::PeerId {
        libp2p::identity::Keypair::ed25519_from_bytes(*blake3::hash(id.as_bytes()).as_bytes())
            .unwrap()
            .public()
            .to_peer_id()
    }

    fn member(id: &str, needs: Option<NeedsBody>) -> MemberView {
        MemberView {
            peer_id: peer(id),
            name: id.into(),
            role: Role::Worker,
            gateway: None,
            listen_addrs: Vec::new(),
            queen: None,
            bloch: None,
            psi: Some(PsiBody {
                value: 0.5,
                trend: 0.0,
                integration: 0.5,
                synchrony: 0.5,
                diversity: 0.5,
                vitality: 0.5,
                goal: None,
                needs,
            }),
            pheromone_trails: 0,
            last_seen_ms: 0,
            heartbeat_surprise: 0.0,
            alive: true,
        }
    }

    fn needs(term: u64, names: &[&str]) -> Option<NeedsBody> {
        Some(NeedsBody {
            term,
            needs: names.iter().map(|n| n.to_string()).collect(),
        })
    }

    #[test]
    fn only_the_current_queens_needs_of_her_term_count() {
        let queen = QueenRef {
            peer_id: peer("queen"),
            term: 5,
        };
        let members = vec![
            member("liar", needs(5, &["cartridges"])),
            member("queen", needs(5, &["benchmark", "nonsense", "benchmark"])),
        ];
        assert_eq!(queens_needs(Some(&queen), &members), [Need::Benchmark]);
        // No queen: nobody's needs.
        assert!(queens_needs(None, &members).is_empty());
        // Her needs of an older term are stale.
        let old = vec![member("queen", needs(4, &["benchmark"]))];
        assert!(queens_needs(Some(&queen), &old).is_empty());
        // A non-queen's needs never count, even when the queen says nothing.
        let quiet = vec![
            member("liar", needs(5, &["training"])),
            member("queen", None),
        ];
        assert!(queens_needs(Some(&queen), &quiet).is_empty());
        // Out of bounds (it would not have passed the wire either): ignored.
        let many = vec![member("queen", needs(5, &["training"; MAX_NEEDS + 1]))];
        assert!(queens_needs(Some(&queen), &many).is_empty());
    }

    #[test]
    fn needs_become_goals_the_templates_read() {
        let snapshot = Snapshot::default();
        assert_eq!(
            need_goal(Need::Benchmark, &snapshot).as_deref(),
            Some("run a benchmark problem")
        );
        assert_eq!(
            need_goal(Need::Training, &snapshot).as_deref(),
            Some("request a training round")
        );
        assert_eq!(
            need_goal(Need::Cartridges, &snapshot).as_deref(),
            Some("deploy cartridge soul-echo and price it")
        );
    }
}
