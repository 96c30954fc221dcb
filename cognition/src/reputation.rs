//! Reputation of a peer: how much its signals are trusted.
//!
//! The score starts neutral (0.5) and moves toward 1 on good interactions and
//! toward 0 on bad ones, slowly at first and at full speed (10% per
//! interaction) after ten interactions:
//!
//! ```text
//! interactions += 1
//! a     = min(interactions / 10, 1)
//! score = score (1 - 0.1 a) + q 0.1 a,   q = 1 if good else 0
//! ```
//!
//! This is the blending rule of the reference system, tempo-x402 v9.3.0
//! `soul/src/hivemind.rs` (`update_reputation`), with the observed quality
//! `q` being the outcome of one interaction instead of an average of
//! prediction accuracy and fitness.

use serde::{Deserialize, Serialize};

use crate::unit::clamp_unit;

/// Score of a peer nothing is known about.
pub const NEUTRAL_SCORE: f64 = 0.5;
/// Largest share of the score replaced by one interaction.
pub const LEARNING_RATE: f64 = 0.1;
/// Interactions after which the learning rate is at full strength.
pub const WARMUP_INTERACTIONS: u64 = 10;

/// Trust in one peer, in `[0, 1]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reputation {
    /// 0 = unreliable, 0.5 = unknown, 1 = reliable.
    pub score: f64,
    /// Number of interactions recorded.
    pub interactions: u64,
}

impl Default for Reputation {
    /// Neutral score, no interactions.
    fn default() -> Self {
        Self {
            score: NEUTRAL_SCORE,
            interactions: 0,
        }
    }
}

impl Reputation {
    /// Records one interaction; `good` says whether it went well.
    pub fn record(&mut self, good: bool) {
        self.interactions = self.interactions.saturating_add(1);
        let warmup = (self.interactions as f64 / WARMUP_INTERACTIONS as f64).min(1.0);
        let step = LEARNING_RATE * warmup;
        let quality = if good { 1.0 } else { 0.0 };
        let previous = if self.score.is_finite() {
            self.score
        } else {
            NEUTRAL_SCORE
        };
        self.score = clamp_unit(previous * (1.0 - step) + quality * step);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EPS: f64 = 1e-12;

    #[test]
    fn first_interaction_moves_score_slightly() {
        let mut r = Reputation::default();
        r.record(true);
        // a = 0.1, step = 0.01: 0.5 * 0.99 + 0.01 = 0.505
        assert!((r.score - 0.505).abs() < EPS);
        assert_eq!(r.interactions, 1);
        r.record(false);
        // a = 0.2, step = 0.02: 0.505 * 0.98 = 0.4949
        assert!((r.score - 0.4949).abs() < EPS);
    }

    #[test]
    fn many_good_interactions_approach_one() {
        let mut r = Reputation::default();
        for _ in 0..200 {
            r.record(true);
            assert!((0.0..=1.0).contains(&r.score));
        }
        assert!(r.score > 0.99, "score {}", r.score);
    }

    #[test]
    fn many_bad_interactions_approach_zero() {
        let mut r = Reputation::default();
        for _ in 0..200 {
            r.record(false);
            assert!((0.0..=1.0).contains(&r.score));
        }
        assert!(r.score < 0.01, "score {}", r.score);
    }

    #[test]
    fn mixed_interactions_stay_in_range() {
        let mut r = Reputation::default();
        for i in 0..1000 {
            r.record(i % 3 != 0);
            assert!((0.0..=1.0).contains(&r.score));
        }
        // Two good out of three: the score settles near 2/3.
        assert!((r.score - 2.0 / 3.0).abs() < 0.05, "score {}", r.score);
    }

    #[test]
    fn corrupt_score_is_repaired() {
        let mut r = Reputation {
            score: f64::NAN,
            interactions: 50,
        };
        r.record(true);
        assert!((0.0..=1.0).contains(&r.score));
        let mut high = Reputation {
            score: 7.0,
            interactions: 50,
        };
        high.record(true);
        assert!(high.score <= 1.0);
    }
}
