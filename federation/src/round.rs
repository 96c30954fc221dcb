//! The rules of a round, free of I/O: what the queen collects and when she closes a round, and
//! which aggregates a node adopts.
//!
//! A round `r` starts from the canonical weights of round `r - 1` (its *base*). Every worker
//! trains from the base on its own data and announces an update for round `r`; the queen checks
//! each against the base, and once enough have arrived (or the collection window has passed)
//! combines them into the canonical weights of round `r`, announced under her term.
//!
//! Adoption: a node takes an aggregate only from the queen it follows and only under her current
//! term; within one term rounds only move forward. A deposed or stale queen's aggregate is
//! ignored, and a new queen's first aggregate is adopted even if it restarts from an earlier
//! round, so the colony always follows exactly one lineage: the current queen's.

use std::time::{Duration, Instant};

use libp2p::PeerId;
use serde::Serialize;
use x402_model::Weights;
use x402_p2p::blobs::BlobHash;

use crate::validate::{Rejection, StaleAggregate, distance};

/// The weights every node should hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Canonical {
    /// BLAKE3 of the safetensors file (hex in JSON).
    pub hash: BlobHash,
    /// Round that produced it (0: the shared initial weights).
    pub round: u64,
    /// Term of the queen that published it (0: initial weights).
    pub term: u64,
}

/// Decides whether an aggregate of `(round, term)` by `author` replaces `current`.
///
/// `queen` is the queen this node follows, with her term.
pub fn adopt(
    current: &Canonical,
    author: &PeerId,
    round: u64,
    term: u64,
    hash: &BlobHash,
    queen: Option<(PeerId, u64)>,
) -> Result<bool, Rejection> {
    match queen {
        Some((q, t)) if q == *author && t == term => {}
        _ => {
            return Err(Rejection::NotTheQueen(Box::new(StaleAggregate {
                author: *author,
                term,
                queen,
            })));
        }
    }
    if *hash == current.hash {
        return Ok(false);
    }
    // Any other term is the followed queen's new reign: election terms are not persisted, so
    // after a colony-wide restart the first queen's term may be lower than the saved one.
    if term == current.term && round <= current.round {
        return Err(Rejection::WrongRound {
            expected: current.round + 1,
            found: round,
        });
    }
    Ok(true)
}

/// Collection settings of the queen.
#[derive(Debug, Clone, Copy)]
pub struct CollectPolicy {
    /// Close the round early once this many updates are in.
    pub expected: usize,
    /// Fewest updates worth aggregating.
    pub min_updates: usize,
    /// Close the round this long after its first accepted update.
    pub window: Duration,
    /// Largest L2 distance from the base, as a multiple of the base's norm.
    pub max_relative_distance: f64,
    /// With three or more updates, drop those further from the base than this multiple of the
    /// median distance.
    pub median_distance_factor: f64,
}

impl Default for CollectPolicy {
    fn default() -> Self {
        CollectPolicy {
            expected: usize::MAX,
            min_updates: 2,
            window: Duration::from_secs(4),
            max_relative_distance: 1.0,
            median_distance_factor: 4.0,
        }
    }
}

/// An update the queen accepted into the round.
#[derive(Debug, Clone)]
pub struct Accepted {
    /// Author's peer id.
    pub peer: PeerId,
    /// Content hash.
    pub hash: BlobHash,
    /// The weights.
    pub weights: Weights,
    /// Training examples behind it.
    pub samples: u64,
    /// L2 distance from the base.
    pub distance: f64,
}

/// The queen's collection of one round.
#[derive(Debug)]
pub struct Collector {
    /// Round being collected.
    pub round: u64,
    /// Term it is collected under.
    pub term: u64,
    /// Hash of the base weights.
    pub base_hash: BlobHash,
    base: Weights,
    base_norm: f64,
    policy: CollectPolicy,
    accepted: Vec<Accepted>,
    /// Peers whose update for this round was fetched (accepted or not): one per member.
    attempted: std::collections::HashSet<PeerId>,
    first_at: Option<Instant>,
}

impl Collector {
    /// Starts collecting round `canonical.round + 1` on top of `base` (the canonical weights).
    pub fn new(canonical: &Canonical, base: Weights, term: u64, policy: CollectPolicy) -> Self {
        Collector {
            round: canonical.round + 1,
            term,
            base_hash: canonical.hash,
            base_norm: base.l2_norm(),
            base,
            policy,
            accepted: Vec::new(),
            attempted: std::collections::HashSet::new(),
            first_at: None,
        }
    }

    /// The base weights of the round.
    pub fn base(&self) -> &Weights {
        &self.base
    }

    /// Largest distance from the base an update may have.
    pub fn distance_bound(&self) -> f64 {
        self.policy.max_relative_distance * self.base_norm.max(1.0)
    }

    /// Checks that an announced update belongs to this round, before fetching it.
    pub fn check_announcement(
        &self,
        peer: &PeerId,
        round: u64,
        base: &BlobHash,
    ) -> Result<(), Rejection> {
        if round != self.round {
            return Err(Rejection::WrongRound {
                expected: self.round,
                found: round,
            });
        }
        if *base != self.base_hash {
            return Err(Rejection::WrongBase {
                expected: self.base_hash,
                found: *base,
            });
        }
        if self.attempted.contains(peer) || self.accepted.iter().any(|a| a.peer == *peer) {
            return Err(Rejection::Duplicate);
        }
        Ok(())
    }

    /// Records that `peer`'s update for this round is being fetched: any further announcement
    /// of that peer in this round is a duplicate, whatever the outcome of this one.
    pub fn mark_attempted(&mut self, peer: &PeerId) {
        self.attempted.insert(*peer);
    }

    /// Adds a validated update.
    pub fn accept(
        &mut self,
        peer: PeerId,
        hash: BlobHash,
        weights: Weights,
        samples: u64,
        now: Instant,
    ) -> Result<(), Rejection> {
        if self
            .accepted
            .iter()
            .any(|a| a.hash == hash || a.peer == peer)
        {
            return Err(Rejection::Duplicate);
        }
        let distance = distance(&weights, &self.base);
        self.first_at.get_or_insert(now);
        self.accepted.push(Accepted {
            peer,
            hash,
            weights,
            samples,
            distance,
        });
        Ok(())
    }

    /// Updates accepted so far.
    pub fn len(&self) -> usize {
        self.accepted.len()
    }

    /// Whether no update is in yet.
    pub fn is_empty(&self) -> bool {
        self.accepted.is_empty()
    }

    /// Whether the round should close now: every expected update is in; or the window has
    /// passed with at least `min_updates`; or three windows have passed with any update (a new
    /// queen whose workers trained on a canonical model she never received still moves the
    /// colony onto her lineage instead of waiting forever).
    pub fn ready(&self, now: Instant) -> bool {
        let n = self.accepted.len();
        if n >= self.policy.expected.max(1) {
            return true;
        }
        let waited = self
            .first_at
            .map_or(Duration::ZERO, |t| now.duration_since(t));
        (n >= self.policy.min_updates && waited >= self.policy.window)
            || (n >= 1 && waited >= 3 * self.policy.window)
    }

    /// Closes the round: drops outliers by distance (with three or more updates) and returns what
    /// goes into the aggregate, plus the dropped updates with their rejection.
    pub fn close(self) -> (Vec<Accepted>, Vec<(Accepted, Rejection)>) {
        if self.accepted.len() < 3 {
            return (self.accepted, Vec::new());
        }
        let mut distances: Vec<f64> = self.accepted.iter().map(|a| a.distance).collect();
        distances.sort_by(f64::total_cmp);
        let median = distances[distances.len() / 2];
        let bound = (median * self.policy.median_distance_factor).max(1e-6);
        let (kept, dropped): (Vec<_>, Vec<_>) =
            self.accepted.into_iter().partition(|a| a.distance <= bound);
        let dropped = dropped
            .into_iter()
            .map(|a| {
                let r = Rejection::TooFar {
                    distance: a.distance,
                    bound,
                };
                (a, r)
            })
            .collect();
        (kept, dropped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use x402_model::Tensor;

    fn canonical(round: u64, term: u64, hash: &str) -> Canonical {
        Canonical {
            hash: h(hash),
            round,
            term,
        }
    }

    /// A distinct hash per name.
    fn h(name: &str) -> BlobHash {
        BlobHash::of(name.as_bytes())
    }

    /// A distinct peer per name.
    fn p(name: &str) -> PeerId {
        libp2p::identity::Keypair::ed25519_from_bytes(*blake3::hash(name.as_bytes()).as_bytes())
            .unwrap()
            .public()
            .to_peer_id()
    }

    #[test]
    fn only_the_current_queen_under_her_term_is_adopted() {
        let cur = canonical(3, 2, "h3");
        let queen = Some((p("Q"), 2));
        assert_eq!(adopt(&cur, &p("Q"), 4, 2, &h("h4"), queen), Ok(true));
        // Same hash again: nothing to do.
        assert_eq!(adopt(&cur, &p("Q"), 3, 2, &h("h3"), queen), Ok(false));
        // Not the queen.
        assert_eq!(
            adopt(&cur, &p("X"), 4, 2, &h("h4"), queen)
                .unwrap_err()
                .reason(),
            "stale_term"
        );
        // The queen's old term (deposed, then re-elected later) is stale.
        assert_eq!(
            adopt(&cur, &p("Q"), 4, 1, &h("h4"), queen)
                .unwrap_err()
                .reason(),
            "stale_term"
        );
        // No queen known.
        assert!(adopt(&cur, &p("Q"), 4, 2, &h("h4"), None).is_err());
        // Within a term rounds only move forward (a replayed older aggregate).
        assert_eq!(
            adopt(&cur, &p("Q"), 2, 2, &h("h2"), queen)
                .unwrap_err()
                .reason(),
            "round"
        );
        // A new queen's aggregate is adopted even from an earlier round.
        assert_eq!(
            adopt(&cur, &p("N"), 2, 3, &h("n2"), Some((p("N"), 3))),
            Ok(true)
        );
        // A deposed queen (term 2) is ignored once the node follows the term-3 queen.
        assert!(
            adopt(
                &canonical(2, 3, "n2"),
                &p("Q"),
                5,
                2,
                &h("h5"),
                Some((p("N"), 3))
            )
            .is_err()
        );
        // After a restart of the whole colony terms start again from 1.
        assert_eq!(
            adopt(&cur, &p("R"), 1, 1, &h("r1"), Some((p("R"), 1))),
            Ok(true)
        );
    }

    fn w(v: f32) -> Weights {
        let mut w = Weights::new();
        w.insert(
            "w",
            Tensor {
                shape: vec![4],
                data: vec![v; 4],
            },
        )
        .unwrap();
        w
    }

    #[test]
    fn the_queen_collects_one_update_per_peer_and_closes_on_count_or_window() {
        let policy = CollectPolicy {
            expected: 3,
            min_updates: 2,
            window: Duration::from_secs(4),
            ..CollectPolicy::default()
        };
        let t0 = Instant::now();
        let mut c = Collector::new(&canonical(0, 0, "base"), w(1.0), 1, policy);
        assert_eq!(c.round, 1);
        assert_eq!(
            c.check_announcement(&p("a"), 2, &h("base"))
                .unwrap_err()
                .reason(),
            "round"
        );
        assert_eq!(
            c.check_announcement(&p("a"), 1, &h("other"))
                .unwrap_err()
                .reason(),
            "base"
        );
        c.accept(p("a"), h("ha"), w(1.1), 10, t0).unwrap();
        assert_eq!(
            c.check_announcement(&p("a"), 1, &h("base")),
            Err(Rejection::Duplicate)
        );
        // Sybil copy: same bytes from another peer.
        assert_eq!(
            c.accept(p("b"), h("ha"), w(1.1), 10, t0),
            Err(Rejection::Duplicate)
        );
        assert!(!c.ready(t0));
        c.accept(p("b"), h("hb"), w(0.9), 10, t0).unwrap();
        assert!(!c.ready(t0 + Duration::from_secs(1)));
        assert!(c.ready(t0 + Duration::from_secs(4)));
        c.accept(p("c"), h("hc"), w(1.05), 10, t0).unwrap();
        assert!(c.ready(t0));

        // A lone update closes the round only after three windows.
        let mut lone = Collector::new(&canonical(0, 0, "base"), w(1.0), 1, policy);
        lone.accept(p("q"), h("hq"), w(1.1), 10, t0).unwrap();
        assert!(!lone.ready(t0 + Duration::from_secs(11)));
        assert!(lone.ready(t0 + Duration::from_secs(12)));
    }

    #[test]
    fn closing_drops_updates_far_beyond_the_median_distance() {
        let mut c = Collector::new(
            &canonical(0, 0, "base"),
            w(1.0),
            1,
            CollectPolicy::default(),
        );
        let t = Instant::now();
        for (i, v) in [1.1, 0.9, 1.05, 1.0 + 50.0].into_iter().enumerate() {
            c.accept(p(&format!("p{i}")), h(&format!("h{i}")), w(v), 1, t)
                .unwrap();
        }
        let (kept, dropped) = c.close();
        assert_eq!(kept.len(), 3);
        assert_eq!(dropped.len(), 1);
        assert_eq!(dropped[0].0.peer, p("p3"));
        assert_eq!(dropped[0].1.reason(), "norm_bound");
    }
}
