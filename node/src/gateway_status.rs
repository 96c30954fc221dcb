//! Builds `/swarm/status` ([`SwarmStatus`]) from the node's parts: the network view, identity,
//! cognition, federated weights and colony IQ. IDs are written with `to_string()`, so the API
//! keeps its text form whatever type the parts hold them in.

use crate::gateway::Gateway;
use crate::soul::{psi_body, trail_to_wire};
use crate::swarm_status::{
    AnnouncedStatus, BlochStatus, ChainDetails, ChainStatus, EndpointStatus, FreeEnergyStatus,
    IqStatus, MemberIqStatus, NeedsStatus, PeerBloch, PeerStatus, PheromonesStatus, PsiStatus,
    QueenStatus, RejectionsStatus, SurpriseStatus, SwarmStatus, TrailStatus, WeightsStatus,
};

/// Strongest trails listed in the status.
const STATUS_TRAILS: usize = 10;

/// Builds the status from the node's parts (peer-provided text is passed as it came: readers
/// escape it).
pub fn build(g: &Gateway) -> SwarmStatus {
    let view = g.network.view();
    let identity = g.identity.as_ref().map(|i| i.borrow().clone());
    let weights = g.weights.borrow().clone();
    let iq = g.iq.status();
    let peers = view
        .members
        .iter()
        .map(|m| {
            let peer_id = m.peer_id.to_string();
            let registered = identity.as_ref().and_then(|i| i.peers.get(&m.peer_id));
            PeerStatus {
                agent_id: registered.map(|r| r.agent_id),
                wallet: registered.map(|r| r.wallet.clone()),
                registered: registered.is_some(),
                name: m.name.clone(),
                role: m.role,
                gateway: m.gateway.clone(),
                listen_addrs: m.listen_addrs.iter().map(ToString::to_string).collect(),
                queen: m.queen.as_ref().map(queen_status),
                bloch: m.bloch.as_ref().map(|b| PeerBloch {
                    theta: b.theta,
                    phi: b.phi,
                    d_theta: b.d_theta,
                    d_phi: b.d_phi,
                }),
                psi: m.psi.as_ref().map(psi_status),
                goal: m.psi.as_ref().and_then(|p| p.goal.clone()),
                pheromone_trails: m.pheromone_trails,
                last_seen_ms: m.last_seen_ms,
                alive: m.alive,
                weights_hash: weights.peers.get(&peer_id).map(|a| a.hash.to_string()),
                iq: iq
                    .members
                    .iter()
                    .find(|x| x.peer_id == m.peer_id)
                    .map(|x| x.iq),
                peer_id,
            }
        })
        .collect();
    let c = g.soul.cognition.read().expect("cognition lock");
    SwarmStatus {
        name: g.name.clone(),
        swarm: view.swarm.clone(),
        version: env!("CARGO_PKG_VERSION").to_string(),
        uptime_ms: g.started.elapsed().as_millis() as u64,
        peer_id: view.peer_id.to_string(),
        agent_id: identity.as_ref().and_then(|i| i.agent_id),
        wallet: identity.as_ref().and_then(|i| i.wallet.clone()),
        chain: match &identity {
            Some(i) => ChainStatus {
                status: i.chain.status.to_string(),
                details: Some(ChainDetails {
                    error: i.chain.error.clone(),
                    rpc: i.chain.rpc.clone(),
                    chain_id: i.chain.chain_id,
                    kind: i.chain.kind.and_then(|k| {
                        serde_json::to_value(k)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_string))
                    }),
                    registry: i.chain.registry.clone(),
                    cards_rejected: i.cards_rejected,
                }),
            },
            None => ChainStatus {
                status: "offline".to_string(),
                details: None,
            },
        },
        role: view.role,
        queen: view.queen.as_ref().map(queen_status),
        max_term: view.max_term,
        elections: view.elections,
        listen_addrs: view.listen_addrs.iter().map(ToString::to_string).collect(),
        connected_peers: view.connected_peers,
        bloch: BlochStatus {
            theta: c.bloch.theta,
            phi: c.bloch.phi,
            d_theta: c.bloch.d_theta,
            d_phi: c.bloch.d_phi,
            exploration: c.bloch.point().exploration(),
            colony_focus: c.bloch.point().colony_focus(),
        },
        psi: psi_status(&psi_body(&c)),
        goal: g.agent.goal_summary(),
        free_energy: FreeEnergyStatus {
            value: c.free_energy.current(),
            trend: c.free_energy.trend(),
            surprise: SurpriseStatus {
                membership: c.surprise.membership,
                timing: c.surprise.timing,
                gossip: c.surprise.gossip,
            },
        },
        pheromones: PheromonesStatus {
            count: c.pheromones.len(),
            strongest: c
                .pheromones
                .strongest(STATUS_TRAILS)
                .iter()
                .map(|t| {
                    let t = trail_to_wire(t);
                    TrailStatus {
                        resource: t.resource,
                        category: t.category,
                        valence: t.valence,
                        intensity: t.intensity,
                    }
                })
                .collect(),
        },
        weights: weights_status(&weights),
        iq: IqStatus {
            solver: iq.solver.clone(),
            self_iq: iq.self_iq,
            colony: iq.colony,
            best_member_iq: iq.best_member_iq,
            session: iq.session.clone(),
            done: iq.done,
            attempted: iq.attempted,
            passed: iq.passed,
            last_run_ms: iq.last_run_ms,
            members: iq
                .members
                .iter()
                .map(|m| MemberIqStatus {
                    peer_id: m.peer_id.to_string(),
                    iq: m.iq,
                    attempted: m.attempted,
                    passed: m.passed,
                })
                .collect(),
            training_pairs: iq.training_pairs,
        },
        peers,
    }
}

fn queen_status(q: &x402_p2p::envelope::QueenRef) -> QueenStatus {
    QueenStatus {
        peer_id: q.peer_id.to_string(),
        term: q.term,
    }
}

fn psi_status(p: &x402_p2p::envelope::PsiBody) -> PsiStatus {
    PsiStatus {
        value: p.value,
        trend: p.trend,
        integration: p.integration,
        synchrony: p.synchrony,
        diversity: p.diversity,
        vitality: p.vitality,
        goal: p.goal.clone(),
        needs: p.needs.as_ref().map(|n| NeedsStatus {
            term: n.term,
            needs: n.needs.clone(),
        }),
    }
}

fn weights_status(w: &x402_federation::WeightsStatus) -> WeightsStatus {
    WeightsStatus {
        model: w.model.to_string(),
        canonical_hash: w.canonical_hash.to_string(),
        round: w.round,
        term: w.term,
        rule: w.rule.clone(),
        params: w.params,
        arch: w.arch.to_string(),
        endpoint: EndpointStatus {
            id: w.endpoint.id.to_string(),
            addrs: w.endpoint.addrs.iter().map(ToString::to_string).collect(),
        },
        local_eval: w.local_eval,
        canonical_eval: w.canonical_eval,
        updates_published: w.updates_published,
        aggregates_published: w.aggregates_published,
        adopted: w.adopted,
        canonical_source: w.canonical_source.as_ref().map(ToString::to_string),
        collecting: w.collecting,
        rejected: w
            .rejected
            .iter()
            .map(|(peer, r)| {
                let reasons = r.reasons.iter().map(|(k, n)| (k.to_string(), *n));
                let rejections = RejectionsStatus {
                    count: r.count,
                    reasons: reasons.collect(),
                    last: r.last.clone(),
                };
                (peer.to_string(), rejections)
            })
            .collect(),
        peers: w
            .peers
            .iter()
            .map(|(peer, a)| {
                let announced = AnnouncedStatus {
                    kind: a.kind.to_string(),
                    hash: a.hash.to_string(),
                    round: a.round,
                    term: a.term,
                };
                (peer.to_string(), announced)
            })
            .collect(),
    }
}
