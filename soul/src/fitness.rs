//! Fitness: six components in [0, 1] computed from the soul's own outcome records and the
//! node's snapshot, weighted as the reference system did (economic 0.20, execution 0.25,
//! evolution 0.15, coordination 0.10, introspection 0.10, prediction 0.20). A component with
//! no record yet sits at the neutral 0.5.

use serde::{Deserialize, Serialize};

use crate::observe::Snapshot;
use crate::types::{OutcomeClass, StepOutcome};

/// Tools that talk to peers (coordination).
pub const PEER_TOOLS: [&str; 4] = ["peer_cartridges", "discovery", "pay", "publish"];

/// The fitness components.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Fitness {
    /// Weighted total.
    pub total: f64,
    /// Revenue minus spend, and priced cartridges served.
    pub economic: f64,
    /// Share of steps that succeeded.
    pub execution: f64,
    /// IQ, the share of cartridge drafts that passed their smoke test and the share of
    /// benchmark problems the soul ran that passed.
    pub evolution: f64,
    /// Share of peer interactions that succeeded.
    pub coordination: f64,
    /// Calibration: 1 − |mean predicted success − actual success rate|.
    pub introspection: f64,
    /// 1 − Brier score of the per-step success predictions.
    pub prediction: f64,
}

impl Default for Fitness {
    fn default() -> Self {
        Fitness {
            total: 0.5,
            economic: 0.5,
            execution: 0.5,
            evolution: 0.5,
            coordination: 0.5,
            introspection: 0.5,
            prediction: 0.5,
        }
    }
}

/// A fitness component's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Component {
    /// Economic.
    Economic,
    /// Execution.
    Execution,
    /// Evolution.
    Evolution,
    /// Coordination.
    Coordination,
    /// Introspection.
    Introspection,
    /// Prediction.
    Prediction,
}

const WEIGHTS: [(Component, f64); 6] = [
    (Component::Economic, 0.20),
    (Component::Execution, 0.25),
    (Component::Evolution, 0.15),
    (Component::Coordination, 0.10),
    (Component::Introspection, 0.10),
    (Component::Prediction, 0.20),
];

impl Fitness {
    /// The value of `c`.
    pub fn get(&self, c: Component) -> f64 {
        match c {
            Component::Economic => self.economic,
            Component::Execution => self.execution,
            Component::Evolution => self.evolution,
            Component::Coordination => self.coordination,
            Component::Introspection => self.introspection,
            Component::Prediction => self.prediction,
        }
    }

    /// Components from weakest to strongest (ties keep the weight order).
    pub fn weakest_first(&self) -> Vec<Component> {
        let mut c: Vec<Component> = WEIGHTS.iter().map(|(c, _)| *c).collect();
        c.sort_by(|a, b| self.get(*a).total_cmp(&self.get(*b)));
        c
    }

    /// Computes fitness from `recent` outcomes, the soul's total spend and the snapshot.
    pub fn compute(recent: &[StepOutcome], spent_micros: u64, snapshot: &Snapshot) -> Fitness {
        let priced = snapshot
            .cartridges
            .iter()
            .filter(|c| c.price_micros > 0)
            .count()
            .min(3) as f64;
        let net = snapshot.revenue_micros.unwrap_or(0) as f64 - spent_micros as f64;
        let economic = 0.5 * priced / 3.0 + 0.5 * (0.5 + net / 20_000.0).clamp(0.0, 1.0);

        let share = |set: &[&StepOutcome]| -> Option<f64> {
            (!set.is_empty()).then(|| {
                set.iter().filter(|o| o.class == OutcomeClass::Ok).count() as f64 / set.len() as f64
            })
        };
        let all: Vec<&StepOutcome> = recent.iter().collect();
        let execution = share(&all).unwrap_or(0.5);

        let drafts: Vec<&StepOutcome> = recent
            .iter()
            .filter(|o| o.tool.as_str() == "cartridge_compile_test")
            .collect();
        let iq = snapshot.iq.map(|iq| ((iq - 85.0) / 65.0).clamp(0.0, 1.0));
        let benchmarks: Vec<&StepOutcome> = recent
            .iter()
            .filter(|o| o.tool.as_str() == "benchmark_problem" && o.class == OutcomeClass::Ok)
            .collect();
        let passed = (!benchmarks.is_empty()).then(|| {
            benchmarks.iter().filter(|o| benchmark_passed(o)).count() as f64
                / benchmarks.len() as f64
        });
        let known: Vec<f64> = [iq, share(&drafts), passed].into_iter().flatten().collect();
        let evolution = if known.is_empty() {
            0.5
        } else {
            known.iter().sum::<f64>() / known.len() as f64
        };

        let peers: Vec<&StepOutcome> = recent
            .iter()
            .filter(|o| PEER_TOOLS.contains(&o.tool.as_str()))
            .collect();
        let coordination = share(&peers).unwrap_or(0.5);

        let (introspection, prediction) = if recent.is_empty() {
            (0.5, 0.5)
        } else {
            let n = recent.len() as f64;
            let actual = |o: &StepOutcome| f64::from(u8::from(o.class == OutcomeClass::Ok));
            let mean_p = recent.iter().map(|o| o.predicted).sum::<f64>() / n;
            let mean_y = recent.iter().map(actual).sum::<f64>() / n;
            let brier = recent
                .iter()
                .map(|o| (o.predicted - actual(o)).powi(2))
                .sum::<f64>()
                / n;
            (1.0 - (mean_p - mean_y).abs(), 1.0 - brier)
        };
        let mut f = Fitness {
            total: 0.0,
            economic,
            execution,
            evolution,
            coordination,
            introspection,
            prediction,
        };
        f.total = WEIGHTS.iter().map(|(c, w)| w * f.get(*c)).sum();
        f
    }
}

/// Whether a `benchmark_problem` outcome is a passed problem (its result says
/// `"outcome":"passed"`).
pub fn benchmark_passed(o: &StepOutcome) -> bool {
    o.class == OutcomeClass::Ok
        && serde_json::from_str::<serde_json::Value>(&o.detail)
            .is_ok_and(|v| v["outcome"] == "passed")
}

/// The soul's prediction that a call of `tool` succeeds: its smoothed success rate in
/// `recent` ((ok + 1) / (n + 2)).
pub fn predict(recent: &[StepOutcome], tool: &str) -> f64 {
    let calls: Vec<&StepOutcome> = recent.iter().filter(|o| o.tool.as_str() == tool).collect();
    let ok = calls.iter().filter(|o| o.class == OutcomeClass::Ok).count();
    (ok as f64 + 1.0) / (calls.len() as f64 + 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{GoalId, ToolName};

    fn o(tool: &str, ok: bool, p: f64) -> StepOutcome {
        StepOutcome {
            seq: 0,
            goal: GoalId(1),
            step: 0,
            tool: ToolName::parse(tool).unwrap(),
            class: if ok {
                OutcomeClass::Ok
            } else {
                OutcomeClass::Failed
            },
            detail: String::new(),
            duration_ms: 0,
            spent_micros: 0,
            predicted: p,
            at_ms: 0,
        }
    }

    #[test]
    fn fitness_follows_the_records() {
        let fresh = Fitness::compute(&[], 0, &Snapshot::default());
        assert_eq!(fresh.weakest_first()[0], Component::Economic);
        let recent = vec![o("peer_cartridges", false, 0.9), o("remember", true, 0.9)];
        let f = Fitness::compute(&recent, 0, &Snapshot::default());
        assert_eq!(f.execution, 0.5);
        assert_eq!(f.coordination, 0.0);
        assert!((f.introspection - 0.6).abs() < 1e-9);
        assert!((f.prediction - (1.0 - (0.81 + 0.01) / 2.0)).abs() < 1e-9);
        let spent = Fitness::compute(&[], 20_000, &Snapshot::default());
        assert!(
            spent.economic < fresh.economic,
            "spending lowers economic fitness"
        );
        assert!((predict(&recent, "remember") - 2.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn passed_benchmark_problems_raise_evolution() {
        let bench = |outcome: &str| StepOutcome {
            detail: format!(r#"{{"slug":"x","outcome":"{outcome}","elapsed_ms":5}}"#),
            ..o("benchmark_problem", true, 0.5)
        };
        let none = Fitness::compute(&[], 0, &Snapshot::default());
        let passed = Fitness::compute(&[bench("passed")], 0, &Snapshot::default());
        let failed = Fitness::compute(&[bench("failed")], 0, &Snapshot::default());
        assert_eq!(none.evolution, 0.5);
        assert_eq!(passed.evolution, 1.0);
        assert_eq!(failed.evolution, 0.0);
        let mixed = Fitness::compute(
            &[bench("passed"), bench("compile_error")],
            0,
            &Snapshot {
                iq: Some(150.0),
                ..Snapshot::default()
            },
        );
        assert!((mixed.evolution - 0.75).abs() < 1e-9, "{mixed:?}");
    }
}
