//! Scoring: weighted% = Σ weight(passed) / Σ weight(attempted) × 100, IQ = 85 + 0.65 × weighted%
//! (85 when nothing passes, 150 when everything does).

use serde::{Deserialize, Serialize};

use crate::problem::Tier;

/// IQ of a weighted pass percentage.
pub fn iq(weighted_percent: f64) -> f64 {
    85.0 + 0.65 * weighted_percent
}

/// One tier's line of the score table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TierScore {
    /// The tier.
    pub tier: Tier,
    /// Its weight.
    pub weight: u32,
    /// Problems attempted.
    pub attempted: u32,
    /// Problems passed.
    pub passed: u32,
    /// weight × passed.
    pub points: u32,
    /// weight × attempted.
    pub max_points: u32,
}

/// The score of a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// 85 + 0.65 × `weighted_percent`.
    pub iq: f64,
    /// Σ weight(passed) / Σ weight(attempted) × 100 (0 when nothing was attempted).
    pub weighted_percent: f64,
    /// Problems attempted.
    pub attempted: u32,
    /// Problems passed.
    pub passed: u32,
    /// Per tier with at least one attempt, easiest first.
    pub tiers: Vec<TierScore>,
}

impl Score {
    /// Scores `(tier, passed)` pairs, one per attempted problem.
    pub fn of(results: impl IntoIterator<Item = (Tier, bool)>) -> Self {
        let mut tiers: Vec<TierScore> = Tier::ALL
            .iter()
            .map(|&tier| TierScore {
                tier,
                weight: tier.weight(),
                attempted: 0,
                passed: 0,
                points: 0,
                max_points: 0,
            })
            .collect();
        for (tier, passed) in results {
            let t = &mut tiers[usize::from(tier.number() - 1)];
            t.attempted += 1;
            t.max_points += t.weight;
            if passed {
                t.passed += 1;
                t.points += t.weight;
            }
        }
        tiers.retain(|t| t.attempted > 0);
        let points: u32 = tiers.iter().map(|t| t.points).sum();
        let max: u32 = tiers.iter().map(|t| t.max_points).sum();
        let weighted_percent = if max == 0 {
            0.0
        } else {
            f64::from(points) / f64::from(max) * 100.0
        };
        Self {
            iq: iq(weighted_percent),
            weighted_percent,
            attempted: tiers.iter().map(|t| t.attempted).sum(),
            passed: tiers.iter().map(|t| t.passed).sum(),
            tiers,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(n: u8) -> Tier {
        Tier::new(n).expect("tier")
    }

    #[test]
    fn weights_and_bounds() {
        assert_eq!(Score::of([(t(1), true), (t(6), true)]).iq, 150.0);
        assert_eq!(Score::of([(t(1), false), (t(6), false)]).iq, 85.0);
        // Tier 6 (weight 8) passed, tier 1 (weight 1) failed: 8 / 9.
        let s = Score::of([(t(1), false), (t(6), true)]);
        assert!((s.weighted_percent - 800.0 / 9.0).abs() < 1e-9);
        assert!((s.iq - (85.0 + 0.65 * 800.0 / 9.0)).abs() < 1e-9);
        assert_eq!(s.tiers.len(), 2);
        assert_eq!((s.tiers[1].points, s.tiers[1].max_points), (8, 8));
        let empty = Score::of([]);
        assert_eq!(
            (empty.weighted_percent, empty.iq, empty.attempted),
            (0.0, 85.0, 0)
        );
    }
}
