//! Evaluation: every prediction made before a step runs is scored against the outcome. Per
//! system: Brier score, the Brier score of a baseline (the global success rate so far), a
//! calibration table, and a flag when the system does no better than its baseline.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Calibration bins (predictions in [i/BINS, (i+1)/BINS)).
pub const BINS: usize = 10;
/// Systems scored (one per cognitive system at most).
pub const MAX_SYSTEMS: usize = 9;
/// Samples before a system can be flagged.
pub const FLAG_AFTER: u64 = 20;
/// A system must beat its baseline's Brier score by at least this much not to be flagged.
pub const MARGIN: f64 = 0.005;

/// One calibration bin.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Bin {
    /// Predictions that fell in the bin.
    pub n: u64,
    /// Sum of those predictions.
    pub sum_p: f64,
    /// How many of them succeeded.
    pub ok: u64,
}

/// The score of one predicting system.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// Predictions scored.
    pub samples: u64,
    /// Sum of squared errors of the system.
    pub sum_sq: f64,
    /// Sum of squared errors of the baseline.
    pub sum_sq_baseline: f64,
    /// Calibration table, [`BINS`] bins.
    pub bins: Vec<Bin>,
}

impl Default for Score {
    fn default() -> Self {
        Score {
            samples: 0,
            sum_sq: 0.0,
            sum_sq_baseline: 0.0,
            bins: vec![Bin::default(); BINS],
        }
    }
}

impl Score {
    /// Mean Brier score (0 is perfect; none before the first sample).
    pub fn brier(&self) -> Option<f64> {
        (self.samples > 0).then(|| self.sum_sq / self.samples as f64)
    }

    /// Mean Brier score of the baseline.
    pub fn baseline_brier(&self) -> Option<f64> {
        (self.samples > 0).then(|| self.sum_sq_baseline / self.samples as f64)
    }

    /// Whether the system does no better than its baseline after [`FLAG_AFTER`] samples.
    pub fn flagged(&self) -> bool {
        match (self.brier(), self.baseline_brier()) {
            (Some(b), Some(base)) => self.samples >= FLAG_AFTER && b > base - MARGIN,
            _ => false,
        }
    }

    /// The summary shown in the status.
    pub fn summary(&self) -> serde_json::Value {
        let calibration: Vec<serde_json::Value> = self
            .bins
            .iter()
            .enumerate()
            .filter(|(_, b)| b.n > 0)
            .map(|(i, b)| {
                serde_json::json!({
                    "bin": [i as f64 / BINS as f64, (i + 1) as f64 / BINS as f64],
                    "n": b.n,
                    "mean_predicted": b.sum_p / b.n as f64,
                    "observed": b.ok as f64 / b.n as f64,
                })
            })
            .collect();
        serde_json::json!({
            "samples": self.samples,
            "brier": self.brier(),
            "baseline_brier": self.baseline_brier(),
            "flagged": self.flagged(),
            "calibration": calibration,
        })
    }
}

/// The evaluation system's state (persisted).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// Outcomes seen (every system's baseline is the success rate over them).
    pub outcomes: u64,
    /// Of which succeeded.
    pub ok: u64,
    /// Per system.
    pub systems: BTreeMap<String, Score>,
}

impl Evaluation {
    /// The baseline prediction: the global success rate so far (Laplace-smoothed).
    pub fn baseline(&self) -> f64 {
        (self.ok as f64 + 1.0) / (self.outcomes as f64 + 2.0)
    }

    /// Scores `predictions` (system, p made before the step ran) against the outcome, each
    /// beside the baseline as it stood before the outcome; then counts the outcome.
    pub fn record(&mut self, predictions: &[(&str, f64)], ok: bool) {
        let base = self.baseline();
        let y = if ok { 1.0 } else { 0.0 };
        for &(system, p) in predictions {
            if !p.is_finite() {
                continue;
            }
            let p = p.clamp(0.0, 1.0);
            if !self.systems.contains_key(system) && self.systems.len() >= MAX_SYSTEMS {
                continue;
            }
            let s = self.systems.entry(system.to_string()).or_default();
            s.samples += 1;
            s.sum_sq += (p - y) * (p - y);
            s.sum_sq_baseline += (base - y) * (base - y);
            let i = ((p * BINS as f64) as usize).min(BINS - 1);
            if let Some(bin) = s.bins.get_mut(i) {
                bin.n += 1;
                bin.sum_p += p;
                bin.ok += u64::from(ok);
            }
        }
        self.outcomes += 1;
        self.ok += u64::from(ok);
    }

    /// The score of `system`.
    pub fn score(&self, system: &str) -> Option<&Score> {
        self.systems.get(system)
    }

    /// The status summary.
    pub fn summary(&self) -> serde_json::Value {
        let systems: serde_json::Map<String, serde_json::Value> = self
            .systems
            .iter()
            .map(|(k, s)| (k.clone(), s.summary()))
            .collect();
        serde_json::json!({
            "outcomes": self.outcomes,
            "baseline": self.baseline(),
            "systems": systems,
        })
    }
}
