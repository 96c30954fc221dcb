//! The cognitive loop: turns what the network observes into [`ColonySignals`], ticks
//! [`Cognition`] once per second, gossips the result and persists it in sled.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use libp2p::PeerId;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;
use std::sync::atomic::AtomicU64;
use tokio::sync::broadcast;
use x402_cognition::{
    BlochPoint, Cognition, ColonySignals, Deposit, PeerSignal, Reputation, Trail, TrailCategory,
};
use x402_p2p::envelope::{BlochBody, PheromonesBody, PsiBody, TrailBody};
use x402_p2p::{NetworkEvent, NetworkHandle, Payload, SwarmTopic};

/// Period of the cognitive tick.
pub const TICK: Duration = Duration::from_secs(1);
/// Pheromone trails are gossiped every this many ticks.
const PHEROMONE_EVERY: u64 = 5;
/// Trails per pheromone message.
const PHEROMONE_SHARE: usize = 32;
/// State is written to sled every this many ticks (and at shutdown).
const PERSIST_EVERY: u64 = 10;
/// sled key of the persisted cognition.
const STATE_KEY: &[u8] = b"cognition";

/// Cognitive state shared with the gateway.
#[derive(Default)]
pub struct SoulState {
    /// The node's cognition.
    pub cognition: RwLock<Cognition>,
    /// The soul's learning surprise (its share of the free energy), once it has one.
    pub learning_surprise: RwLock<Option<f64>>,
}

/// Metrics of the cognitive loop.
#[derive(Clone, Default)]
pub struct SoulMetrics {
    psi: Gauge<f64, AtomicU64>,
    free_energy: Gauge<f64, AtomicU64>,
    theta: Gauge<f64, AtomicU64>,
    phi: Gauge<f64, AtomicU64>,
}

impl SoulMetrics {
    /// Registers the gauges.
    pub fn register(&self, registry: &mut Registry) {
        registry.register("x402_psi", "Colony index Psi", self.psi.clone());
        registry.register(
            "x402_free_energy",
            "Free energy F (surprise about the colony)",
            self.free_energy.clone(),
        );
        registry.register("x402_bloch_theta", "Bloch polar angle", self.theta.clone());
        registry.register("x402_bloch_phi", "Bloch azimuth", self.phi.clone());
    }
}

/// Loads the persisted cognition from `tree` (fresh state when absent or unreadable).
pub fn load(tree: &sled::Tree) -> Cognition {
    match tree.get(STATE_KEY) {
        Ok(Some(bytes)) => serde_json::from_slice(&bytes).unwrap_or_else(|e| {
            tracing::warn!(error = %e, "stored cognition unreadable; starting fresh");
            Cognition::default()
        }),
        Ok(None) => Cognition::default(),
        Err(e) => {
            tracing::warn!(error = %e, "cannot read stored cognition; starting fresh");
            Cognition::default()
        }
    }
}

fn persist(tree: &sled::Tree, state: &SoulState) {
    let bytes = {
        let c = state.cognition.read().expect("cognition lock");
        serde_json::to_vec(&*c).expect("cognition serializes")
    };
    if let Err(e) = tree.insert(STATE_KEY, bytes).and_then(|_| tree.flush()) {
        tracing::warn!(error = %e, "cannot persist cognition");
    }
}

/// Signals gathered from network events between two ticks.
#[derive(Default)]
struct Observations {
    accepted: u64,
    rejected: u64,
    per_topic: HashMap<SwarmTopic, (u64, u64)>,
    heard: HashMap<PeerId, bool>,
}

/// The running goal of the soul's agent in one line (rides on the Psi message).
pub type GoalSummary = Arc<dyn Fn() -> Option<String> + Send + Sync>;
/// The colony's needs when this node is the queen (ride on her Psi message).
pub type ColonyNeeds = Arc<dyn Fn() -> Option<x402_p2p::envelope::NeedsBody> + Send + Sync>;

/// Runs the loop until `shutdown` is cancelled; persists state on the way out.
pub async fn run(
    network: NetworkHandle,
    state: Arc<SoulState>,
    tree: sled::Tree,
    metrics: SoulMetrics,
    goal: GoalSummary,
    needs: ColonyNeeds,
    shutdown: tokio_util::sync::CancellationToken,
) {
    let mut events = network.events();
    let mut reputations: HashMap<PeerId, Reputation> = HashMap::new();
    let mut observed = Observations::default();
    let mut ticker = tokio::time::interval(TICK);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut ticks: u64 = 0;
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => break,
            event = events.recv() => match event {
                Ok(event) => observe(&state, &mut reputations, &mut observed, event),
                Err(broadcast::error::RecvError::Lagged(n)) => {
                    tracing::debug!(missed = n, "cognitive loop lagged behind gossip");
                }
                Err(broadcast::error::RecvError::Closed) => break,
            },
            _ = ticker.tick() => {
                ticks += 1;
                let signals = signals(&network, &reputations, std::mem::take(&mut observed));
                let mut out = tick(&state, &signals, &metrics, ticks.is_multiple_of(PHEROMONE_EVERY));
                if let Some(Payload::Psi(psi)) = out.get_mut(1) {
                    psi.goal = goal().map(|g| {
                        x402_soul::types::cut(&g, x402_p2p::envelope::MAX_GOAL_SUMMARY)
                    });
                    psi.needs = needs();
                }
                for payload in out {
                    if let Err(e) = network.publish(payload).await {
                        tracing::debug!(error = %e, "cognitive gossip not sent");
                    }
                }
                if ticks.is_multiple_of(PERSIST_EVERY) {
                    persist(&tree, &state);
                }
            }
        }
    }
    persist(&tree, &state);
}

/// Peers with a reputation; past it the best-reputed stranger makes room (a penalised peer
/// must not escape its record by flooding new keys).
const MAX_REPUTATIONS: usize = 1024;

/// The reputation of `peer`, created at the neutral score; the map stays bounded.
fn reputation_of(reputations: &mut HashMap<PeerId, Reputation>, peer: PeerId) -> &mut Reputation {
    if !reputations.contains_key(&peer) && reputations.len() >= MAX_REPUTATIONS {
        let evict = reputations
            .iter()
            .max_by(|a, b| a.1.score.total_cmp(&b.1.score))
            .map(|(p, _)| *p);
        if let Some(p) = evict {
            reputations.remove(&p);
        }
    }
    reputations.entry(peer).or_default()
}

fn observe(
    state: &SoulState,
    reputations: &mut HashMap<PeerId, Reputation>,
    observed: &mut Observations,
    event: NetworkEvent,
) {
    match event {
        NetworkEvent::Message(inbound) => {
            observed.accepted += 1;
            observed.per_topic.entry(inbound.topic).or_default().0 += 1;
            let sender = inbound.envelope.sender;
            if !inbound.from_member {
                // Strangers' messages are observed, but only members earn reputation and
                // merge pheromones.
                return;
            }
            reputation_of(reputations, sender).record(true);
            observed.heard.entry(sender).or_insert(true);
            if let Payload::Pheromones(p) = &inbound.envelope.payload {
                let trails: Vec<Trail> = p.trails.iter().filter_map(trail_from_wire).collect();
                let reputation = reputations.get(&sender).map_or(0.5, |r| r.score);
                state
                    .cognition
                    .write()
                    .expect("cognition lock")
                    .pheromones
                    .merge_peer(&trails, reputation);
            }
        }
        NetworkEvent::Rejected { topic, from, .. } => {
            observed.rejected += 1;
            observed.per_topic.entry(topic).or_default().1 += 1;
            reputation_of(reputations, from).record(false);
            if observed.heard.len() < MAX_REPUTATIONS || observed.heard.contains_key(&from) {
                observed.heard.insert(from, false);
            }
        }
    }
}

fn signals(
    network: &NetworkHandle,
    reputations: &HashMap<PeerId, Reputation>,
    observed: Observations,
) -> ColonySignals {
    let view = network.view();
    let alive: Vec<_> = view.members.iter().filter(|m| m.alive).collect();
    let heartbeat_surprise = if alive.is_empty() {
        0.0
    } else {
        alive.iter().map(|m| m.heartbeat_surprise).sum::<f64>() / alive.len() as f64
    };
    let peers = alive
        .iter()
        .filter_map(|m| {
            let b = m.bloch.as_ref()?;
            let bloch = BlochPoint::new(b.theta, b.phi).ok()?;
            Some(PeerSignal {
                bloch,
                reputation: reputations.get(&m.peer_id).map_or(0.5, |r| r.score),
            })
        })
        .collect();
    let mut deposits: Vec<Deposit> = observed
        .per_topic
        .iter()
        .map(|(topic, (ok, bad))| Deposit {
            resource: topic.short_name().to_string(),
            category: TrailCategory::Topic,
            valence: (*ok as f64 - *bad as f64) / (*ok + *bad) as f64,
        })
        .collect();
    deposits.extend(observed.heard.iter().map(|(peer, good)| Deposit {
        resource: peer.to_base58(),
        category: TrailCategory::Peer,
        valence: if *good { 0.5 } else { -0.5 },
    }));
    ColonySignals {
        known_peers: view.members.len(),
        fresh_peers: alive.len(),
        accepted: observed.accepted,
        rejected: observed.rejected,
        heartbeat_surprise,
        peers,
        deposits,
        learning_surprise: None,
    }
}

/// Ticks cognition and returns what to gossip.
fn tick(
    state: &SoulState,
    signals: &ColonySignals,
    metrics: &SoulMetrics,
    share_pheromones: bool,
) -> Vec<Payload> {
    let learning = *state.learning_surprise.read().expect("surprise lock");
    let signals = &ColonySignals {
        learning_surprise: learning,
        ..signals.clone()
    };
    let mut c = state.cognition.write().expect("cognition lock");
    c.tick(signals);
    metrics.psi.set(c.psi.value);
    metrics
        .free_energy
        .set(c.free_energy.current().unwrap_or(0.0));
    metrics.theta.set(c.bloch.theta);
    metrics.phi.set(c.bloch.phi);
    let mut out = vec![
        Payload::Bloch(BlochBody {
            theta: c.bloch.theta,
            phi: c.bloch.phi,
            d_theta: c.bloch.d_theta.clamp(-10.0, 10.0),
            d_phi: c.bloch.d_phi.clamp(-10.0, 10.0),
        }),
        Payload::Psi(psi_body(&c)),
    ];
    if share_pheromones && !c.pheromones.is_empty() {
        out.push(Payload::Pheromones(PheromonesBody {
            trails: c
                .pheromones
                .strongest(PHEROMONE_SHARE)
                .iter()
                .map(trail_to_wire)
                .collect(),
        }));
    }
    out
}

/// The wire form of the current Psi.
pub fn psi_body(c: &Cognition) -> PsiBody {
    PsiBody {
        value: c.psi.value,
        trend: c.psi.trend,
        integration: c.psi.factors.integration,
        synchrony: c.psi.factors.synchrony,
        diversity: c.psi.factors.diversity,
        vitality: c.psi.factors.vitality,
        goal: None,
        needs: None,
    }
}

/// The wire form of a trail.
pub fn trail_to_wire(t: &Trail) -> TrailBody {
    TrailBody {
        resource: t.resource.clone(),
        category: t.category.as_str().to_string(),
        valence: t.valence,
        intensity: t.intensity,
    }
}

fn trail_from_wire(t: &TrailBody) -> Option<Trail> {
    let category: TrailCategory =
        serde_json::from_value(serde_json::Value::String(t.category.clone())).ok()?;
    Some(Trail {
        resource: t.resource.clone(),
        category,
        valence: t.valence,
        intensity: t.intensity,
        reinforcement_count: 1,
    })
}
