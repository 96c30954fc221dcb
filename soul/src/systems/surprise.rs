//! The learning systems' surprise, the soul's share of the node's free energy: after each
//! outcome, the mean squared error of the predictions made before it (cortex, brain,
//! synthesis; those that predicted), smoothed as an exponential moving average (weight
//! [`ALPHA`]). In [0, 1]: 0 when every system predicted the outcome with certainty, 0.25 for a
//! system that always says 0.5, 1 when all were certain and wrong. The node adds it to the
//! surprises its free energy F is the mean of, so F (and through dF/dt the Bloch state) moves
//! with what the soul did not expect.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// Weight of the latest outcome in the moving average.
pub const ALPHA: f64 = 0.2;

/// The surprise's state (persisted).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Surprise {
    /// Outcomes taken in.
    pub samples: u64,
    /// The moving average (none before the first outcome).
    pub value: Option<f64>,
    /// The latest outcome's mean squared error.
    pub last: Option<f64>,
    /// Per system, the latest squared error.
    pub systems: std::collections::BTreeMap<String, f64>,
}

impl Surprise {
    /// Takes in the predictions (system, p) made before an outcome; returns the new average.
    pub fn observe(&mut self, predictions: &[(&str, f64)], ok: bool) -> Option<f64> {
        let y = if ok { 1.0 } else { 0.0 };
        let errors: Vec<(&str, f64)> = predictions
            .iter()
            .filter(|(_, p)| p.is_finite())
            .map(|(s, p)| (*s, (p.clamp(0.0, 1.0) - y).powi(2)))
            .collect();
        if errors.is_empty() {
            return self.value;
        }
        let e = errors.iter().map(|(_, e)| e).sum::<f64>() / errors.len() as f64;
        for (s, err) in errors {
            self.systems.insert(s.to_string(), err);
        }
        self.samples += 1;
        self.last = Some(e);
        let v = match self.value {
            Some(v) => v + ALPHA * (e - v),
            None => e,
        };
        self.value = Some(v);
        Some(v)
    }

    /// The status summary.
    pub fn summary(&self) -> Value {
        json!({
            "learning_surprise": self.value,
            "last": self.last,
            "samples": self.samples,
            "systems": self.systems,
        })
    }
}
