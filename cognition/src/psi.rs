//! Psi: the colony index, one number for how well the swarm works together.
//!
//! ```text
//! Psi = (max(I, 0.01) (S + 0.1) (D + 0.1) (V + 0.1)) ^ (1/4)
//! ```
//!
//! a geometric mean of four factors in `[0, 1]` (see [`PsiFactors`]); the
//! offsets keep one zero factor from erasing the others, except integration,
//! whose floor 0.01 keeps an isolated node's Psi low. Psi is in
//! `[0.01 * 0.1^3, 1.1^3]^(1/4)`, i.e. about `[0.0562, 1.0741]`.
//!
//! Formula of the reference system, tempo-x402 v9.3.0 `soul/src/colony.rs`
//! (`compute_psi`); the factors are measured differently here (see the crate
//! documentation).

use serde::{Deserialize, Serialize};

use crate::unit::clamp_unit;

/// Lower bound applied to integration inside Psi.
pub const INTEGRATION_FLOOR: f64 = 0.01;
/// Offset added to synchrony, diversity and vitality inside Psi.
pub const FACTOR_OFFSET: f64 = 0.1;

/// The four measured factors of Psi, each in `[0, 1]`.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct PsiFactors {
    /// I: how connected the node is to its colony.
    pub integration: f64,
    /// S: how aligned the cognitive states of the colony are.
    pub synchrony: f64,
    /// D: how spread out the node's attention (pheromone) is.
    pub diversity: f64,
    /// V: how fast the node's surprise is falling.
    pub vitality: f64,
}

/// The colony index with its trend and the factors it came from.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Psi {
    /// Psi of the latest tick.
    pub value: f64,
    /// Change of Psi since the previous tick (0 on the first tick).
    pub trend: f64,
    /// Factors Psi was computed from.
    pub factors: PsiFactors,
}

/// `(max(I, 0.01) (S + 0.1) (D + 0.1) (V + 0.1)) ^ 0.25`, with each factor
/// clamped to `[0, 1]` and NaN treated as 0.
pub fn psi(f: &PsiFactors) -> f64 {
    let integration = clamp_unit(f.integration).max(INTEGRATION_FLOOR);
    let synchrony = clamp_unit(f.synchrony) + FACTOR_OFFSET;
    let diversity = clamp_unit(f.diversity) + FACTOR_OFFSET;
    let vitality = clamp_unit(f.vitality) + FACTOR_OFFSET;
    (integration * synchrony * diversity * vitality).powf(0.25)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(x: f64) -> PsiFactors {
        PsiFactors {
            integration: x,
            synchrony: x,
            diversity: x,
            vitality: x,
        }
    }

    #[test]
    fn all_ones_gives_known_value() {
        let expected = (1.1f64 * 1.1 * 1.1).powf(0.25);
        assert!((psi(&all(1.0)) - expected).abs() < 1e-12);
    }

    #[test]
    fn zero_integration_uses_floor() {
        let f = PsiFactors {
            integration: 0.0,
            ..all(1.0)
        };
        let expected = (0.01f64 * 1.1 * 1.1 * 1.1).powf(0.25);
        assert!((psi(&f) - expected).abs() < 1e-12);
        let all_zero = (0.01f64 * 0.1 * 0.1 * 0.1).powf(0.25);
        assert!((psi(&all(0.0)) - all_zero).abs() < 1e-12);
    }

    #[test]
    fn nan_and_out_of_range_inputs_are_clamped() {
        assert_eq!(psi(&all(f64::NAN)), psi(&all(0.0)));
        assert_eq!(psi(&all(-3.0)), psi(&all(0.0)));
        assert_eq!(psi(&all(42.0)), psi(&all(1.0)));
    }

    #[test]
    fn psi_is_monotonic_in_each_factor() {
        let setters: [fn(&mut PsiFactors, f64); 4] = [
            |f, x| f.integration = x,
            |f, x| f.synchrony = x,
            |f, x| f.diversity = x,
            |f, x| f.vitality = x,
        ];
        for (index, set) in setters.iter().enumerate() {
            let mut previous = f64::NEG_INFINITY;
            for step in 0..=20 {
                let mut f = all(0.5);
                set(&mut f, step as f64 / 20.0);
                let value = psi(&f);
                assert!(
                    value > previous,
                    "factor {index} step {step}: {value} <= {previous}"
                );
                previous = value;
            }
        }
    }
}
