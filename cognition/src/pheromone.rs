//! Stigmergic pheromone trails.
//!
//! Events lay pheromone on a resource (a peer, a gossip topic, an action...):
//! positive valence marks a path that worked, negative valence a dead end.
//! Trails evaporate every tick, so stale knowledge fades; peers' trails are
//! merged in, weighted by the peer's reputation.
//!
//! Formulas follow the reference system, tempo-x402 v9.3.0
//! `soul/src/hivemind.rs` (`deposit`, `evaporate`, `import_peer_trails`).
//! A trail is identified by its category and resource together, as in the
//! reference, so the same name in two categories makes two trails.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::unit::clamp_unit;

/// Intensity laid by one deposit (and the intensity of a new trail).
pub const DEPOSIT: f64 = 0.3;
/// Highest intensity a trail can reach.
pub const CAP: f64 = 3.0;
/// Fraction of intensity left after one evaporation.
pub const DECAY: f64 = 0.95;
/// Trails weaker than this are pruned (and weaker merged trails never added).
pub const PRUNE: f64 = 0.01;
/// Default capacity of a [`PheromoneField`].
pub const MAX_TRAILS: usize = 500;
/// Longest resource name kept, in bytes; longer names are cut at a char boundary.
pub const MAX_RESOURCE_BYTES: usize = 128;
/// Weight of the old valence when a deposit reinforces a trail.
pub const DEPOSIT_VALENCE_RETENTION: f64 = 0.7;
/// Weight of the old valence when a peer's trail reinforces a trail.
pub const MERGE_VALENCE_RETENTION: f64 = 0.8;
/// Share of a peer trail's weighted intensity added to an existing trail.
pub const MERGE_REINFORCEMENT: f64 = 0.3;

/// What kind of resource a trail marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrailCategory {
    /// A peer of the swarm (by peer id).
    Peer,
    /// A gossip topic.
    Topic,
    /// An action the node took.
    Action,
    /// A file.
    File,
    /// A recurring error.
    ErrorPattern,
    /// A keyword of a goal.
    GoalKeyword,
    /// A sequence of steps.
    StepSequence,
}

impl TrailCategory {
    /// The snake_case name, as used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Peer => "peer",
            Self::Topic => "topic",
            Self::Action => "action",
            Self::File => "file",
            Self::ErrorPattern => "error_pattern",
            Self::GoalKeyword => "goal_keyword",
            Self::StepSequence => "step_sequence",
        }
    }
}

/// A pheromone marker on one resource.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trail {
    /// The marked resource (at most [`MAX_RESOURCE_BYTES`] bytes).
    pub resource: String,
    /// The kind of resource.
    pub category: TrailCategory,
    /// -1 = repellent (dead end) ... +1 = attractant (worked well).
    pub valence: f64,
    /// Strength in `(0, CAP]`; decays by [`DECAY`] per tick.
    pub intensity: f64,
    /// How many deposits or peer merges have reinforced the trail.
    pub reinforcement_count: u32,
}

impl Trail {
    /// Whether a trail received from a peer is acceptable: finite valence in
    /// `[-1, 1]` and finite intensity in `(0, CAP]`.
    pub fn is_valid(&self) -> bool {
        self.valence.is_finite()
            && (-1.0..=1.0).contains(&self.valence)
            && self.intensity.is_finite()
            && self.intensity > 0.0
            && self.intensity <= CAP
    }

    /// Order by strength: higher intensity first, then resource ascending,
    /// then category, so the order is total and deterministic.
    fn by_strength(a: &Trail, b: &Trail) -> Ordering {
        b.intensity
            .total_cmp(&a.intensity)
            .then_with(|| a.resource.cmp(&b.resource))
            .then_with(|| a.category.cmp(&b.category))
    }
}

/// Outcome of [`PheromoneField::merge_peer`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MergeReport {
    /// Peer trails that reinforced or created a local trail.
    pub merged: usize,
    /// Peer trails rejected by [`Trail::is_valid`].
    pub skipped_invalid: usize,
}

/// All trails known to this node, bounded in number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PheromoneField {
    /// Trails keyed by `"<category>:<resource>"`.
    trails: BTreeMap<String, Trail>,
    /// Capacity; the weakest trails are evicted beyond it.
    max_trails: usize,
}

impl Default for PheromoneField {
    /// An empty field holding up to [`MAX_TRAILS`] trails.
    fn default() -> Self {
        Self::new(MAX_TRAILS)
    }
}

impl PheromoneField {
    /// An empty field holding up to `max_trails` trails (0 keeps nothing).
    pub fn new(max_trails: usize) -> Self {
        Self {
            trails: BTreeMap::new(),
            max_trails,
        }
    }

    /// Lays pheromone on `resource`. A new trail starts at intensity
    /// [`DEPOSIT`] with the given valence; an existing one gains [`DEPOSIT`]
    /// (capped at [`CAP`]), blends valence `0.7 old + 0.3 new` and counts one
    /// more reinforcement. Valence is clamped to `[-1, 1]`; a non-finite
    /// valence makes the deposit a no-op.
    pub fn deposit(&mut self, resource: &str, category: TrailCategory, valence: f64) {
        if !valence.is_finite() {
            return;
        }
        let valence = valence.clamp(-1.0, 1.0);
        let resource = truncate_resource(resource);
        let key = trail_key(category, resource);
        match self.trails.get_mut(&key) {
            Some(trail) => {
                trail.intensity = (trail.intensity + DEPOSIT).min(CAP);
                trail.valence = (DEPOSIT_VALENCE_RETENTION * trail.valence
                    + (1.0 - DEPOSIT_VALENCE_RETENTION) * valence)
                    .clamp(-1.0, 1.0);
                trail.reinforcement_count = trail.reinforcement_count.saturating_add(1);
            }
            None => {
                self.trails.insert(
                    key,
                    Trail {
                        resource: resource.to_owned(),
                        category,
                        valence,
                        intensity: DEPOSIT,
                        reinforcement_count: 1,
                    },
                );
                self.enforce_capacity();
            }
        }
    }

    /// One tick of evaporation: every intensity is multiplied by [`DECAY`]
    /// and trails below [`PRUNE`] are removed.
    pub fn evaporate(&mut self) {
        for trail in self.trails.values_mut() {
            trail.intensity *= DECAY;
        }
        self.trails.retain(|_, trail| trail.intensity >= PRUNE);
    }

    /// Merges trails received from a peer, weighted by `reputation`
    /// (`w`, clamped to `[0, 1]`, NaN counts as 0). For each valid peer trail
    /// of intensity `I`: an existing local trail gains `0.3 w I` (capped at
    /// [`CAP`]) and blends valence `0.8 old + 0.2 peer`; otherwise a new
    /// trail of intensity `w I` is added unless that is below [`PRUNE`].
    /// Invalid trails are skipped and counted. Capacity is enforced after.
    pub fn merge_peer(&mut self, peer_trails: &[Trail], reputation: f64) -> MergeReport {
        let weight = clamp_unit(reputation);
        let mut report = MergeReport::default();
        for peer_trail in peer_trails {
            if !peer_trail.is_valid() {
                report.skipped_invalid += 1;
                continue;
            }
            let resource = truncate_resource(&peer_trail.resource);
            let key = trail_key(peer_trail.category, resource);
            let weighted = weight * peer_trail.intensity;
            match self.trails.get_mut(&key) {
                Some(trail) => {
                    trail.intensity = (trail.intensity + MERGE_REINFORCEMENT * weighted).min(CAP);
                    trail.valence = (MERGE_VALENCE_RETENTION * trail.valence
                        + (1.0 - MERGE_VALENCE_RETENTION) * peer_trail.valence)
                        .clamp(-1.0, 1.0);
                    trail.reinforcement_count = trail.reinforcement_count.saturating_add(1);
                    report.merged += 1;
                }
                None if weighted >= PRUNE => {
                    self.trails.insert(
                        key,
                        Trail {
                            resource: resource.to_owned(),
                            category: peer_trail.category,
                            valence: peer_trail.valence,
                            intensity: weighted.min(CAP),
                            reinforcement_count: peer_trail.reinforcement_count,
                        },
                    );
                    report.merged += 1;
                }
                None => {}
            }
        }
        self.enforce_capacity();
        report
    }

    /// The `n` strongest trails: intensity descending, ties by resource
    /// ascending.
    pub fn strongest(&self, n: usize) -> Vec<Trail> {
        let mut all: Vec<&Trail> = self.trails.values().collect();
        all.sort_by(|a, b| Trail::by_strength(a, b));
        all.into_iter().take(n).cloned().collect()
    }

    /// The trail for `resource` in `category`, if any (the name is truncated
    /// the same way as on deposit).
    pub fn trail(&self, resource: &str, category: TrailCategory) -> Option<&Trail> {
        self.trails
            .get(&trail_key(category, truncate_resource(resource)))
    }

    /// Number of trails.
    pub fn len(&self) -> usize {
        self.trails.len()
    }

    /// Whether there are no trails.
    pub fn is_empty(&self) -> bool {
        self.trails.is_empty()
    }

    /// Capacity of the field.
    pub fn max_trails(&self) -> usize {
        self.max_trails
    }

    /// All trails, ordered by category then resource.
    pub fn trails(&self) -> impl Iterator<Item = &Trail> {
        self.trails.values()
    }

    /// Normalised Shannon entropy of the intensity distribution,
    /// `H / ln(n)` with `p_i = I_i / sum(I)`, in `[0, 1]`: 1 when all trails
    /// are equally strong, near 0 when one dominates, 0 with fewer than two
    /// trails.
    pub fn diversity(&self) -> f64 {
        let n = self.trails.len();
        if n < 2 {
            return 0.0;
        }
        let total: f64 = self.trails.values().map(|t| t.intensity).sum();
        if !(total.is_finite() && total > 0.0) {
            return 0.0;
        }
        let entropy: f64 = self
            .trails
            .values()
            .map(|t| t.intensity / total)
            .filter(|&p| p > 0.0)
            .map(|p| -p * p.ln())
            .sum();
        clamp_unit(entropy / (n as f64).ln())
    }

    /// Evicts the weakest trails (lowest intensity; on ties the
    /// lexicographically greatest resource) until the field fits its capacity.
    fn enforce_capacity(&mut self) {
        let excess = self.trails.len().saturating_sub(self.max_trails);
        if excess == 0 {
            return;
        }
        let mut weakest_first: Vec<(&String, &Trail)> = self.trails.iter().collect();
        weakest_first.sort_by(|(_, a), (_, b)| Trail::by_strength(b, a));
        let doomed: Vec<String> = weakest_first
            .into_iter()
            .take(excess)
            .map(|(key, _)| key.clone())
            .collect();
        for key in doomed {
            self.trails.remove(&key);
        }
    }
}

/// Map key of a trail: category and resource together.
fn trail_key(category: TrailCategory, resource: &str) -> String {
    format!("{}:{}", category.as_str(), resource)
}

/// `resource` cut to at most [`MAX_RESOURCE_BYTES`] bytes, at a char boundary.
fn truncate_resource(resource: &str) -> &str {
    if resource.len() <= MAX_RESOURCE_BYTES {
        return resource;
    }
    let mut end = MAX_RESOURCE_BYTES;
    while !resource.is_char_boundary(end) {
        end -= 1;
    }
    &resource[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    const EPS: f64 = 1e-12;

    fn peer_trail(resource: &str, valence: f64, intensity: f64) -> Trail {
        Trail {
            resource: resource.to_owned(),
            category: TrailCategory::Topic,
            valence,
            intensity,
            reinforcement_count: 4,
        }
    }

    #[test]
    fn deposit_creates_then_reinforces() {
        let mut field = PheromoneField::default();
        field.deposit("blocks", TrailCategory::Topic, 0.5);
        let t = field.trail("blocks", TrailCategory::Topic).unwrap();
        assert!((t.intensity - 0.3).abs() < EPS);
        assert!((t.valence - 0.5).abs() < EPS);
        assert_eq!(t.reinforcement_count, 1);

        field.deposit("blocks", TrailCategory::Topic, -1.0);
        let t = field.trail("blocks", TrailCategory::Topic).unwrap();
        assert!((t.intensity - 0.6).abs() < EPS);
        // 0.7 * 0.5 + 0.3 * -1.0 = 0.05
        assert!((t.valence - 0.05).abs() < EPS);
        assert_eq!(t.reinforcement_count, 2);
        assert_eq!(field.len(), 1);
    }

    #[test]
    fn same_resource_in_two_categories_makes_two_trails() {
        let mut field = PheromoneField::default();
        field.deposit("x", TrailCategory::Peer, 1.0);
        field.deposit("x", TrailCategory::Topic, -1.0);
        assert_eq!(field.len(), 2);
    }

    #[test]
    fn deposit_clamps_valence_and_ignores_nan() {
        let mut field = PheromoneField::default();
        field.deposit("a", TrailCategory::Action, 9.0);
        assert_eq!(
            field.trail("a", TrailCategory::Action).unwrap().valence,
            1.0
        );
        field.deposit("b", TrailCategory::Action, f64::NAN);
        assert!(field.trail("b", TrailCategory::Action).is_none());
        field.deposit("a", TrailCategory::Action, f64::INFINITY);
        assert_eq!(
            field
                .trail("a", TrailCategory::Action)
                .unwrap()
                .reinforcement_count,
            1
        );
    }

    #[test]
    fn intensity_caps_at_three() {
        let mut field = PheromoneField::default();
        for _ in 0..20 {
            field.deposit("hot", TrailCategory::Peer, 1.0);
        }
        let t = field.trail("hot", TrailCategory::Peer).unwrap();
        assert_eq!(t.intensity, CAP);
        assert_eq!(t.reinforcement_count, 20);
    }

    #[test]
    fn long_resource_names_are_truncated_at_char_boundary() {
        let mut field = PheromoneField::default();
        // 'é' is two bytes: 127 ASCII bytes + 'é' would straddle byte 128.
        let name = format!("{}é{}", "a".repeat(127), "b".repeat(50));
        field.deposit(&name, TrailCategory::File, 0.1);
        let stored = &field.trails().next().unwrap().resource;
        assert_eq!(stored.len(), 127);
        assert!(stored.chars().all(|c| c == 'a'));
    }

    #[test]
    fn evaporation_decays_and_prunes_after_computed_tick_count() {
        // 0.3 * 0.95^k < 0.01  <=>  k > ln(1/30) / ln(0.95) = 66.3  =>  k = 67.
        let mut field = PheromoneField::default();
        field.deposit("fading", TrailCategory::Topic, 0.0);
        field.evaporate();
        let t = field.trail("fading", TrailCategory::Topic).unwrap();
        assert!((t.intensity - 0.285).abs() < EPS);
        for _ in 1..66 {
            field.evaporate();
        }
        assert_eq!(field.len(), 1, "still present after 66 evaporations");
        field.evaporate();
        assert!(field.is_empty(), "pruned on the 67th evaporation");
    }

    #[test]
    fn eviction_keeps_the_strongest() {
        let mut field = PheromoneField::new(3);
        // "b" arrives last and is the weakest of four, so it is the one evicted.
        for (name, deposits) in [("a", 3), ("c", 2), ("d", 4), ("b", 1)] {
            for _ in 0..deposits {
                field.deposit(name, TrailCategory::Peer, 0.0);
            }
        }
        assert_eq!(field.len(), 3);
        let names: Vec<String> = field
            .strongest(10)
            .into_iter()
            .map(|t| t.resource)
            .collect();
        assert_eq!(names, ["d", "a", "c"]);
    }

    #[test]
    fn fresh_deposit_evicts_an_evaporated_trail() {
        let mut field = PheromoneField::new(2);
        field.deposit("a", TrailCategory::Peer, 0.0);
        field.deposit("b", TrailCategory::Peer, 0.0);
        field.evaporate();
        // a and b are both at 0.285 < 0.3: the tie drops "b".
        field.deposit("c", TrailCategory::Peer, 0.0);
        let names: Vec<String> = field.strongest(5).into_iter().map(|t| t.resource).collect();
        assert_eq!(names, ["c", "a"]);
    }

    #[test]
    fn eviction_tie_drops_greatest_resource() {
        let mut field = PheromoneField::new(2);
        field.deposit("m", TrailCategory::Peer, 0.0);
        field.deposit("z", TrailCategory::Peer, 0.0);
        field.deposit("a", TrailCategory::Peer, 0.0);
        let mut names: Vec<String> = field.trails().map(|t| t.resource.clone()).collect();
        names.sort();
        assert_eq!(names, ["a", "m"]);
    }

    #[test]
    fn merge_weights_new_and_existing_trails_by_reputation() {
        let mut field = PheromoneField::default();
        field.deposit("known", TrailCategory::Topic, 1.0);
        let report = field.merge_peer(
            &[
                peer_trail("known", -1.0, 2.0),
                peer_trail("fresh", 0.4, 2.0),
            ],
            0.5,
        );
        assert_eq!(
            report,
            MergeReport {
                merged: 2,
                skipped_invalid: 0
            }
        );
        let known = field.trail("known", TrailCategory::Topic).unwrap();
        // 0.3 + 0.3 * 0.5 * 2.0 = 0.6; valence 0.8 * 1 + 0.2 * -1 = 0.6
        assert!((known.intensity - 0.6).abs() < EPS);
        assert!((known.valence - 0.6).abs() < EPS);
        assert_eq!(known.reinforcement_count, 2);
        let fresh = field.trail("fresh", TrailCategory::Topic).unwrap();
        // I * w = 2.0 * 0.5
        assert!((fresh.intensity - 1.0).abs() < EPS);
        assert!((fresh.valence - 0.4).abs() < EPS);
    }

    #[test]
    fn merge_from_untrusted_peer_adds_nothing() {
        let mut field = PheromoneField::default();
        let report = field.merge_peer(&[peer_trail("t", 0.1, 3.0)], 0.0);
        assert_eq!(report.merged, 0);
        assert!(field.is_empty());
        // w I = 0.003 * 3 = 0.009 < 0.01: not created either.
        field.merge_peer(&[peer_trail("t", 0.1, 3.0)], 0.003);
        assert!(field.is_empty());
        field.merge_peer(&[peer_trail("t", 0.1, 3.0)], f64::NAN);
        assert!(field.is_empty());
    }

    #[test]
    fn merge_skips_and_counts_invalid_trails() {
        let mut field = PheromoneField::default();
        let report = field.merge_peer(
            &[
                peer_trail("nan", f64::NAN, 1.0),
                peer_trail("big-valence", 1.5, 1.0),
                peer_trail("zero", 0.0, 0.0),
                peer_trail("too-strong", 0.0, 3.5),
                peer_trail("inf", 0.0, f64::INFINITY),
                peer_trail("ok", -1.0, 3.0),
            ],
            1.0,
        );
        assert_eq!(
            report,
            MergeReport {
                merged: 1,
                skipped_invalid: 5
            }
        );
        assert_eq!(field.len(), 1);
    }

    #[test]
    fn merge_enforces_capacity() {
        let mut field = PheromoneField::new(2);
        let trails: Vec<Trail> = (1..=5)
            .map(|i| peer_trail(&format!("t{i}"), 0.0, 0.5 * i as f64))
            .collect();
        field.merge_peer(&trails, 1.0);
        let names: Vec<String> = field.strongest(5).into_iter().map(|t| t.resource).collect();
        assert_eq!(names, ["t5", "t4"]);
    }

    #[test]
    fn diversity_bounds() {
        let mut field = PheromoneField::default();
        assert_eq!(field.diversity(), 0.0);
        field.deposit("one", TrailCategory::Peer, 0.0);
        assert_eq!(field.diversity(), 0.0);
        field.deposit("two", TrailCategory::Peer, 0.0);
        field.deposit("three", TrailCategory::Peer, 0.0);
        assert!((field.diversity() - 1.0).abs() < 1e-12);
        for _ in 0..9 {
            field.deposit("one", TrailCategory::Peer, 0.0);
        }
        let skewed = field.diversity();
        assert!(skewed > 0.0 && skewed < 1.0, "skewed diversity {skewed}");
    }

    #[test]
    fn diversity_matches_hand_computed_entropy() {
        // Intensities 0.6 and 0.3: p = (2/3, 1/3), H / ln 2.
        let mut field = PheromoneField::default();
        field.deposit("a", TrailCategory::Peer, 0.0);
        field.deposit("a", TrailCategory::Peer, 0.0);
        field.deposit("b", TrailCategory::Peer, 0.0);
        let p: f64 = 2.0 / 3.0;
        let q: f64 = 1.0 / 3.0;
        let expected = -(p * p.ln() + q * q.ln()) / 2f64.ln();
        assert!((field.diversity() - expected).abs() < 1e-12);
    }

    #[test]
    fn strongest_orders_by_intensity_then_resource() {
        let mut field = PheromoneField::default();
        field.deposit("b", TrailCategory::Peer, 0.0);
        field.deposit("a", TrailCategory::Peer, 0.0);
        field.deposit("c", TrailCategory::Peer, 0.0);
        field.deposit("c", TrailCategory::Peer, 0.0);
        let names: Vec<String> = field.strongest(3).into_iter().map(|t| t.resource).collect();
        assert_eq!(names, ["c", "a", "b"]);
        assert_eq!(field.strongest(1).len(), 1);
        assert!(field.strongest(0).is_empty());
    }

    #[test]
    fn category_serialises_as_snake_case() {
        let json = serde_json::to_string(&TrailCategory::ErrorPattern).unwrap();
        assert_eq!(json, "\"error_pattern\"");
        for category in [
            TrailCategory::Peer,
            TrailCategory::Topic,
            TrailCategory::Action,
            TrailCategory::File,
            TrailCategory::ErrorPattern,
            TrailCategory::GoalKeyword,
            TrailCategory::StepSequence,
        ] {
            let json = serde_json::to_string(&category).unwrap();
            assert_eq!(json, format!("\"{}\"", category.as_str()));
        }
    }
}
