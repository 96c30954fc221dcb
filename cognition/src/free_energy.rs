//! Free energy F: how surprised the node is by its colony.
//!
//! Each tick the node measures three surprises in `[0, 1]` (membership,
//! timing, gossip; see [`Surprise`]); their mean is F. The history of F gives
//! its trend dF/dt: rising F pushes the Bloch state toward exploration,
//! falling F (the node is learning what to expect) toward exploitation and
//! feeds the vitality factor of Psi.
//!
//! The trend is the least-squares slope over the last 11 values, as in the
//! reference system, tempo-x402 v9.3.0 `soul/src/free_energy.rs`
//! (`compute_trend`: the last 10 measurements plus the current one).

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use crate::unit::clamp_unit;

/// Number of F values kept.
pub const HISTORY_CAP: usize = 500;
/// Number of most recent F values the trend is fitted to.
pub const TREND_WINDOW: usize = 11;

/// The per-tick surprises F is made of, each in `[0, 1]`.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Surprise {
    /// Share of known members not heard from within the liveness window.
    pub membership: f64,
    /// Heartbeat jitter: mean |interval - expected| / expected.
    pub timing: f64,
    /// Share of gossip messages rejected.
    pub gossip: f64,
    /// The soul's learning surprise: the smoothed squared error of its predictors (cortex,
    /// brain, synthesis) on its own steps; none before the soul has predicted a step.
    #[serde(default)]
    pub learning: Option<f64>,
}

impl Surprise {
    /// F = mean of the surprises, each clamped to `[0, 1]` (NaN counts as 0), so F is in
    /// `[0, 1]`: the three colony surprises, and the learning surprise when there is one.
    pub fn free_energy(&self) -> f64 {
        let sum = clamp_unit(self.membership) + clamp_unit(self.timing) + clamp_unit(self.gossip);
        match self.learning {
            Some(l) => clamp_unit((sum + clamp_unit(l)) / 4.0),
            None => clamp_unit(sum / 3.0),
        }
    }
}

/// Bounded history of F.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct FreeEnergy {
    /// Oldest first, at most [`HISTORY_CAP`] values.
    history: VecDeque<f64>,
}

impl FreeEnergy {
    /// An empty history.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends F, dropping the oldest value beyond [`HISTORY_CAP`].
    /// Non-finite values are ignored.
    pub fn push(&mut self, f: f64) {
        if !f.is_finite() {
            return;
        }
        self.history.push_back(f);
        while self.history.len() > HISTORY_CAP {
            self.history.pop_front();
        }
    }

    /// The latest F, if any.
    pub fn current(&self) -> Option<f64> {
        self.history.back().copied()
    }

    /// Number of values held.
    pub fn len(&self) -> usize {
        self.history.len()
    }

    /// Whether no value has been pushed.
    pub fn is_empty(&self) -> bool {
        self.history.is_empty()
    }

    /// The held values, oldest first.
    pub fn history(&self) -> impl Iterator<Item = f64> + '_ {
        self.history.iter().copied()
    }

    /// dF/dt per tick: ordinary least-squares slope over the last
    /// [`TREND_WINDOW`] values (x = 0, 1, 2, ...); 0 with fewer than two.
    pub fn trend(&self) -> f64 {
        let n = self.history.len().min(TREND_WINDOW);
        if n < 2 {
            return 0.0;
        }
        let recent = self.history.iter().skip(self.history.len() - n);
        let count = n as f64;
        let x_mean = (count - 1.0) / 2.0;
        let y_mean = recent.clone().sum::<f64>() / count;
        let (mut covariance, mut variance) = (0.0, 0.0);
        for (i, y) in recent.enumerate() {
            let dx = i as f64 - x_mean;
            covariance += dx * (y - y_mean);
            variance += dx * dx;
        }
        let slope = covariance / variance;
        if slope.is_finite() { slope } else { 0.0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trend_of_linear_series_is_its_slope() {
        let mut fe = FreeEnergy::new();
        for i in 0..30 {
            fe.push(0.9 - 0.02 * i as f64);
        }
        assert!((fe.trend() + 0.02).abs() < 1e-12, "trend {}", fe.trend());
    }

    #[test]
    fn trend_uses_only_the_last_eleven_values() {
        let mut fe = FreeEnergy::new();
        // A steep old ramp followed by eleven flat values: slope 0.
        for i in 0..20 {
            fe.push(i as f64);
        }
        // Written out rather than TREND_WINDOW, so a changed window is caught.
        for _ in 0..11 {
            fe.push(0.5);
        }
        assert!(fe.trend().abs() < 1e-12);
        // One more ramp value tilts the window upward.
        fe.push(1.5);
        assert!(fe.trend() > 0.0);
    }

    #[test]
    fn trend_of_two_values_is_their_difference() {
        let mut fe = FreeEnergy::new();
        fe.push(0.2);
        fe.push(0.5);
        assert!((fe.trend() - 0.3).abs() < 1e-12);
    }

    #[test]
    fn trend_is_zero_with_fewer_than_two_values() {
        let mut fe = FreeEnergy::new();
        assert_eq!(fe.trend(), 0.0);
        assert_eq!(fe.current(), None);
        fe.push(0.7);
        assert_eq!(fe.trend(), 0.0);
        assert_eq!(fe.current(), Some(0.7));
    }

    #[test]
    fn non_finite_values_are_ignored() {
        let mut fe = FreeEnergy::new();
        fe.push(0.1);
        fe.push(f64::NAN);
        fe.push(f64::INFINITY);
        fe.push(0.3);
        assert_eq!(fe.len(), 2);
        assert_eq!(fe.current(), Some(0.3));
        assert!((fe.trend() - 0.2).abs() < 1e-12);
    }

    #[test]
    fn history_is_capped() {
        let mut fe = FreeEnergy::new();
        for i in 0..(HISTORY_CAP + 25) {
            fe.push(i as f64);
        }
        assert_eq!(fe.len(), HISTORY_CAP);
        assert_eq!(fe.history().next(), Some(25.0));
    }

    #[test]
    fn free_energy_is_mean_of_clamped_surprises() {
        let s = Surprise {
            membership: 0.6,
            timing: 0.3,
            gossip: 0.0,
            learning: None,
        };
        assert!((s.free_energy() - 0.3).abs() < 1e-12);
        let learning = Surprise {
            learning: Some(0.9),
            ..s
        };
        assert!((learning.free_energy() - 0.45).abs() < 1e-12);
        let wild = Surprise {
            membership: 5.0,
            timing: f64::NAN,
            gossip: -2.0,
            learning: Some(f64::NAN),
        };
        assert!((wild.free_energy() - 1.0 / 4.0).abs() < 1e-12);
        assert_eq!(Surprise::default().free_energy(), 0.0);
    }
}
