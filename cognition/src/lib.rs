//! Cognitive state of a tempo-x402 swarm node.
//!
//! Once per second the node hands [`Cognition::tick`] what it observed about
//! its colony ([`ColonySignals`]); the tick updates four pieces of state that
//! the node persists and serves as JSON:
//!
//! - [`PheromoneField`]: stigmergic trails laid by events, evaporating each tick;
//! - [`FreeEnergy`]: the history of F, the node's surprise about its colony;
//! - [`Psi`]: the colony index and the four factors it is made of;
//! - [`BlochState`]: the node's exploit/explore and self/colony orientation.
//!
//! # Where every number comes from
//!
//! Every factor below is computed from this tick's observations of the real
//! network. None is a constant, a placeholder or a configured value: with no
//! peers, no gossip and no events they all fall to their floor, and they rise
//! only when the colony actually behaves accordingly.
//!
//! **Free energy** `F = (membership + timing + gossip) / 3`, each in `[0, 1]`, or
//! `(membership + timing + gossip + learning) / 4` once the node's soul reports its learning
//! surprise (the smoothed squared error of its predictors on its own steps):
//!
//! - *membership* = `1 - fresh_peers / known_peers` (1 when no member is
//!   known): the share of the membership table silent for longer than the
//!   liveness window;
//! - *timing* = `heartbeat_surprise`: mean `|interval - expected| / expected`
//!   of the heartbeats received this tick;
//! - *gossip* = `rejected / (accepted + rejected)` (0 without gossip): the
//!   share of gossip messages that failed validation.
//!
//! `dF/dt` is the least-squares slope of the last 11 values of F.
//!
//! **Psi** `= (max(I, 0.01) (S + 0.1) (D + 0.1) (V + 0.1)) ^ 1/4`, with:
//!
//! - *integration* `I = fresh_peers / known_peers` (0 when none known): how
//!   much of the known colony this node is in live contact with;
//! - *synchrony* `S` = coherence (mean resultant length of the unit vectors)
//!   of this node's Bloch point together with the Bloch points gossiped by
//!   fresh peers; 0 without peers. 1 means the colony shares one cognitive
//!   orientation, 0 that orientations cancel out;
//! - *diversity* `D` = normalised Shannon entropy of the pheromone intensity
//!   distribution: how evenly the node's recent events (the deposits the node
//!   reports: peers, topics, actions, errors) are spread; 0 with fewer than
//!   two trails;
//! - *vitality* `V = clamp(-dF/dt, 0, 1)`: how fast the node's surprise is
//!   falling, i.e. how fast it is learning to predict its colony.
//!
//! The Psi trend is `Psi(t) - Psi(t - 1)` (0 on the first tick).
//!
//! **Bloch state**: `dF/dt` drives theta (rising surprise -> explore), the
//! Psi trend drives phi (rising Psi -> colony focus), and each fresh peer
//! pulls the state toward its own point at rate `0.1 * reputation`.
//!
//! # Tick order
//!
//! 1. evaporate the pheromone field, then apply this tick's deposits;
//! 2. compute the surprises and push F;
//! 3. compute the Psi factors (synchrony uses the Bloch point *before* this
//!    tick's motion), Psi and its trend;
//! 4. [`BlochState::update`] with `dF/dt` and the Psi trend;
//! 5. [`BlochState::merge_peer`] with every peer, at rate
//!    `0.1 * clamp(reputation, 0, 1)`.
//!
//! # Source of the formulas
//!
//! The formulas and constants are those of the reference system, tempo-x402
//! v9.3.0, crate `soul`:
//!
//! - `src/bloch.rs`: Bloch parameterisation, `evolve` (damping 0.8, gains 0.3
//!   and 0.2, theta clamped to `[0.01, pi - 0.01]`, phi wrapped to
//!   `[0, 2pi)`), `merge_peer` (Cartesian interpolation at `0.1 * weight`,
//!   velocities halved);
//! - `src/colony.rs`: `compute_psi` (`Psi` formula, floor 0.01 and offsets
//!   0.1, vitality `= clamp(-dF/dt, 0, 1)`, trend against the previous Psi);
//! - `src/hivemind.rs`: pheromone `deposit` (0.3, cap 3.0, valence blend
//!   0.7/0.3), `evaporate` (0.95, prune below 0.01, at most 500 trails),
//!   `import_peer_trails` (reputation-weighted, blend 0.8/0.2, reinforcement
//!   0.3) and `update_reputation` (neutral 0.5, warm-up over 10 interactions,
//!   rate 0.1);
//! - `src/free_energy.rs`: the trend as the least-squares slope over 11 values.
//!
//! What differs is what is measured. The reference fed Psi from benchmark
//! pass rates (intelligence), a stored "colony benefit" (sync) and the spread
//! of peer fitness (diversity), and F from the prediction errors of its
//! learning subsystems. This node has none of those; it measures its colony
//! directly, as listed above. Two small deliberate changes: `sign(0) = 0` in
//! the phi update (the reference's `f64::signum(0.0)` is 1), and the merge
//! rate is `0.1 * reputation` instead of `0.1 * clamp(peer_fitness /
//! self_fitness, 0.1, 2)`.

#![forbid(unsafe_code)]

pub mod bloch;
pub mod free_energy;
pub mod pheromone;
pub mod psi;
pub mod reputation;
pub mod signals;
mod unit;

use serde::{Deserialize, Serialize};

pub use bloch::{BlochError, BlochPoint, BlochState, coherence};
pub use free_energy::{FreeEnergy, Surprise};
pub use pheromone::{MergeReport, PheromoneField, Trail, TrailCategory};
pub use psi::{Psi, PsiFactors, psi};
pub use reputation::Reputation;
pub use signals::{ColonySignals, Deposit, PeerSignal};

use crate::unit::clamp_unit;

/// Share of the distance to a fully trusted peer's Bloch point covered by one
/// merge (scaled by the peer's reputation).
pub const PEER_MERGE_RATE: f64 = 0.1;

/// The cognitive state of one node, advanced once per second by
/// [`Cognition::tick`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Cognition {
    /// Exploit/explore and self/colony orientation.
    pub bloch: BlochState,
    /// Stigmergic trails.
    pub pheromones: PheromoneField,
    /// History of F.
    pub free_energy: FreeEnergy,
    /// Colony index of the latest tick.
    pub psi: Psi,
    /// The surprises F was computed from on the latest tick.
    pub surprise: Surprise,
    /// Number of ticks run (decides whether a Psi trend exists yet).
    pub ticks: u64,
}

impl Cognition {
    /// A fresh state: balanced Bloch point, no trails, no history.
    pub fn new() -> Self {
        Self::default()
    }

    /// Advances the state by one tick of observations and returns the new
    /// Psi. See the crate documentation for the order and the formulas.
    pub fn tick(&mut self, signals: &ColonySignals) -> &Psi {
        self.pheromones.evaporate();
        for deposit in &signals.deposits {
            self.pheromones
                .deposit(&deposit.resource, deposit.category, deposit.valence);
        }

        self.surprise = signals.surprise();
        self.free_energy.push(self.surprise.free_energy());
        let free_energy_trend = self.free_energy.trend();

        let factors = PsiFactors {
            integration: signals.integration(),
            synchrony: self.synchrony(&signals.peers),
            diversity: self.pheromones.diversity(),
            vitality: clamp_unit(-free_energy_trend),
        };
        let value = psi(&factors);
        let trend = if self.ticks == 0 {
            0.0
        } else {
            value - self.psi.value
        };
        self.psi = Psi {
            value,
            trend,
            factors,
        };

        self.bloch.update(free_energy_trend, trend);
        for peer in &signals.peers {
            self.bloch
                .merge_peer(peer.bloch, PEER_MERGE_RATE * clamp_unit(peer.reputation));
        }

        self.ticks = self.ticks.saturating_add(1);
        &self.psi
    }

    /// Coherence of this node's point with its peers' points; 0 without peers.
    fn synchrony(&self, peers: &[PeerSignal]) -> f64 {
        if peers.is_empty() {
            return 0.0;
        }
        let points: Vec<BlochPoint> = std::iter::once(self.bloch.point())
            .chain(peers.iter().map(|peer| peer.bloch))
            .collect();
        coherence(&points)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn all_fresh(n: usize) -> ColonySignals {
        ColonySignals {
            known_peers: n,
            fresh_peers: n,
            ..ColonySignals::default()
        }
    }

    fn peer(theta: f64, phi: f64, reputation: f64) -> PeerSignal {
        PeerSignal {
            bloch: BlochPoint::new(theta, phi).unwrap(),
            reputation,
        }
    }

    #[test]
    fn peers_pull_self_toward_them() {
        let mut cognition = Cognition::new();
        let target = BlochPoint::new(2.6, 2.8).unwrap();
        let signals = ColonySignals {
            peers: vec![
                peer(target.theta, target.phi, 1.0),
                peer(target.theta, target.phi, 0.8),
            ],
            ..all_fresh(2)
        };
        let initial = cognition.bloch.point().angular_distance(&target);
        cognition.tick(&signals);
        let after_one = cognition.bloch.point().angular_distance(&target);
        assert!(after_one < initial, "{initial} -> {after_one}");
        for _ in 0..40 {
            cognition.tick(&signals);
        }
        let after_many = cognition.bloch.point().angular_distance(&target);
        assert!(after_many < 0.1 * initial, "{initial} -> {after_many}");
    }

    #[test]
    fn untrusted_peers_do_not_move_self() {
        let mut cognition = Cognition::new();
        let signals = ColonySignals {
            peers: vec![peer(2.6, 2.8, 0.0)],
            ..all_fresh(1)
        };
        cognition.tick(&signals);
        // F is 0 and constant, Psi trend is 0 on the first tick: only a merge
        // could have moved the point.
        assert_eq!(cognition.bloch, BlochState::default());
    }

    #[test]
    fn learning_surprise_drives_free_energy_and_the_bloch_state() {
        let mut calm = Cognition::new();
        let mut surprised = Cognition::new();
        for i in 0..20 {
            let s = if i < 10 { 0.0 } else { 0.9 };
            calm.tick(&ColonySignals {
                learning_surprise: Some(0.0),
                ..all_fresh(1)
            });
            surprised.tick(&ColonySignals {
                learning_surprise: Some(s),
                ..all_fresh(1)
            });
        }
        assert_eq!(calm.free_energy.current(), Some(0.0));
        let f = surprised.free_energy.current().unwrap();
        assert!((f - 0.225).abs() < 1e-9, "{f}");
        assert!(surprised.free_energy.trend() > 0.0);
        assert_eq!(calm.bloch, BlochState::default(), "nothing surprised it");
        assert_ne!(surprised.bloch.theta, calm.bloch.theta);
    }

    #[test]
    fn integration_reflects_fresh_over_known() {
        let mut cognition = Cognition::new();
        let psi = cognition.tick(&ColonySignals {
            known_peers: 4,
            fresh_peers: 1,
            ..ColonySignals::default()
        });
        assert_eq!(psi.factors.integration, 0.25);
        let psi = cognition.tick(&ColonySignals::default());
        assert_eq!(psi.factors.integration, 0.0);
    }

    #[test]
    fn rejected_heavy_tick_raises_free_energy() {
        let mut clean = Cognition::new();
        clean.tick(&ColonySignals {
            accepted: 10,
            ..all_fresh(3)
        });
        let mut noisy = Cognition::new();
        noisy.tick(&ColonySignals {
            accepted: 1,
            rejected: 9,
            ..all_fresh(3)
        });
        let clean_f = clean.free_energy.current().unwrap();
        let noisy_f = noisy.free_energy.current().unwrap();
        assert!(noisy_f > clean_f, "{noisy_f} <= {clean_f}");
        // gossip surprise 0.9, the others 0: F = 0.3.
        assert!((noisy_f - 0.3).abs() < 1e-12);
        assert_eq!(clean_f, 0.0);
    }

    #[test]
    fn isolated_node_has_membership_surprise_and_no_synchrony() {
        let mut cognition = Cognition::new();
        let psi = *cognition.tick(&ColonySignals::default());
        assert_eq!(cognition.surprise.membership, 1.0);
        assert!((cognition.free_energy.current().unwrap() - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(psi.factors.synchrony, 0.0);
        assert_eq!(psi.trend, 0.0);
    }

    #[test]
    fn falling_surprise_gives_vitality() {
        let mut cognition = Cognition::new();
        // F = 1/3 (all gossip rejected), then F = 0: slope -1/3.
        cognition.tick(&ColonySignals {
            rejected: 10,
            ..all_fresh(2)
        });
        let psi = *cognition.tick(&all_fresh(2));
        assert!((psi.factors.vitality - 1.0 / 3.0).abs() < 1e-12);
        // Rising surprise gives none.
        let mut rising = Cognition::new();
        rising.tick(&all_fresh(2));
        let psi = *rising.tick(&ColonySignals {
            rejected: 10,
            ..all_fresh(2)
        });
        assert_eq!(psi.factors.vitality, 0.0);
    }

    #[test]
    fn synchrony_is_one_when_peers_share_self_point() {
        let mut cognition = Cognition::new();
        let own = cognition.bloch.point();
        let psi = cognition.tick(&ColonySignals {
            peers: vec![peer(own.theta, own.phi, 1.0)],
            ..all_fresh(1)
        });
        assert!((psi.factors.synchrony - 1.0).abs() < 1e-12);
    }

    #[test]
    fn psi_value_and_trend_follow_the_factors() {
        let mut cognition = Cognition::new();
        let first = *cognition.tick(&ColonySignals::default());
        assert!((first.value - psi(&first.factors)).abs() < 1e-15);
        assert_eq!(first.trend, 0.0);
        let second = *cognition.tick(&ColonySignals {
            deposits: vec![
                Deposit {
                    resource: "a".into(),
                    category: TrailCategory::Peer,
                    valence: 1.0,
                },
                Deposit {
                    resource: "b".into(),
                    category: TrailCategory::Topic,
                    valence: -1.0,
                },
            ],
            ..all_fresh(2)
        });
        assert!((second.factors.diversity - 1.0).abs() < 1e-12);
        assert!((second.trend - (second.value - first.value)).abs() < 1e-15);
        assert!(second.trend > 0.0);
    }

    #[test]
    fn deposits_land_after_evaporation() {
        let mut cognition = Cognition::new();
        let deposit = Deposit {
            resource: "gossip/blocks".into(),
            category: TrailCategory::Topic,
            valence: 0.5,
        };
        cognition.tick(&ColonySignals {
            deposits: vec![deposit],
            ..ColonySignals::default()
        });
        let trail = cognition
            .pheromones
            .trail("gossip/blocks", TrailCategory::Topic)
            .unwrap();
        assert!((trail.intensity - pheromone::DEPOSIT).abs() < 1e-12);
        cognition.tick(&ColonySignals::default());
        let trail = cognition
            .pheromones
            .trail("gossip/blocks", TrailCategory::Topic)
            .unwrap();
        assert!((trail.intensity - pheromone::DEPOSIT * pheromone::DECAY).abs() < 1e-12);
    }

    /// Structural equality of two JSON values, numbers compared to 1e-12.
    fn assert_json_close(a: &Value, b: &Value, path: &str) {
        match (a, b) {
            (Value::Number(x), Value::Number(y)) => {
                let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
                assert!(
                    (x - y).abs() <= 1e-12 * x.abs().max(1.0),
                    "{path}: {x} != {y}"
                );
            }
            (Value::Array(xs), Value::Array(ys)) => {
                assert_eq!(xs.len(), ys.len(), "{path}: array length");
                for (i, (x, y)) in xs.iter().zip(ys).enumerate() {
                    assert_json_close(x, y, &format!("{path}[{i}]"));
                }
            }
            (Value::Object(xs), Value::Object(ys)) => {
                let x_keys: Vec<&String> = xs.keys().collect();
                let y_keys: Vec<&String> = ys.keys().collect();
                assert_eq!(x_keys, y_keys, "{path}: keys");
                for (key, x) in xs {
                    assert_json_close(x, &ys[key], &format!("{path}.{key}"));
                }
            }
            _ => assert_eq!(a, b, "{path}"),
        }
    }

    #[test]
    fn serde_json_round_trip() {
        let mut cognition = Cognition::new();
        for i in 0..15 {
            cognition.tick(&ColonySignals {
                known_peers: 3,
                fresh_peers: 2 + i % 2,
                accepted: 10,
                rejected: i as u64 % 4,
                heartbeat_surprise: 0.05 * (i % 5) as f64,
                peers: vec![peer(2.0, 3.0, 0.7), peer(1.0, 0.5, 0.4)],
                deposits: vec![Deposit {
                    resource: format!("peer-{}", i % 3),
                    category: TrailCategory::Peer,
                    valence: if i % 2 == 0 { 0.8 } else { -0.3 },
                }],
                learning_surprise: Some(0.1 * (i % 4) as f64),
            });
        }
        let json = serde_json::to_value(&cognition).unwrap();
        let restored: Cognition = serde_json::from_value(json.clone()).unwrap();
        assert_json_close(&json, &serde_json::to_value(&restored).unwrap(), "$");
        assert_eq!(restored.ticks, 15);
        assert_eq!(restored.pheromones.len(), cognition.pheromones.len());
        assert_eq!(restored.free_energy.len(), 15);
        assert!(json["pheromones"]["trails"].is_object());

        // The restored state keeps ticking like the original.
        let mut original = cognition;
        let mut copy = restored;
        let next = all_fresh(3);
        let a = *original.tick(&next);
        let b = *copy.tick(&next);
        assert!((a.value - b.value).abs() < 1e-9);
    }
}
