//! The soul's learning systems (issue 13), fed by the real step outcomes:
//! [`feedback`] (categories and lessons), [`cortex`] (the world model: per-action success
//! estimates, surprise, curiosity), [`evaluation`] (Brier scores of the predictions made
//! before each step against a baseline), [`genesis`] (plan templates learned from completed
//! plans, evolved by crossover and mutation), [`brain`] (the federated net's predictions,
//! recorded examples and gate), [`hivemind`] (pheromone deposits and their votes),
//! [`synthesis`] (the votes combined by accuracy), [`autonomy`] (self-diagnosis goals) and
//! [`surprise`] (the free energy of learning). Pure state machines; the agent persists each
//! under one key of the `soul_meta` tree.

pub mod autonomy;
pub mod brain;
pub mod cortex;
pub mod evaluation;
pub mod feedback;
pub mod genesis;
pub mod hivemind;
pub mod surprise;
pub mod synthesis;

#[cfg(test)]
mod genesis_tests;
#[cfg(test)]
mod learn_tests;
#[cfg(test)]
mod tests;

use serde_json::{Value, json};

pub use autonomy::Autonomy;
pub use brain::{BrainModel, BrainState};
pub use cortex::Cortex;
pub use evaluation::Evaluation;
pub use feedback::{Category, Feedback, Lesson};
pub use genesis::{Gene, Genesis};
pub use hivemind::{Field, LocalField};
pub use surprise::Surprise;
pub use synthesis::Synthesis;
use x402_model::brain_data::StepFeatures;

use crate::store::{Store, StoreError};
use crate::types::{OutcomeClass, StepOutcome};

/// `soul_meta` key of the feedback state.
pub const FEEDBACK_KEY: &str = "systems.feedback";
/// `soul_meta` key of the cortex state.
pub const CORTEX_KEY: &str = "systems.cortex";
/// `soul_meta` key of the evaluation state.
pub const EVALUATION_KEY: &str = "systems.evaluation";
/// `soul_meta` key of the genesis state.
pub const GENESIS_KEY: &str = "systems.genesis";
/// `soul_meta` key of the brain's bookkeeping.
pub const BRAIN_KEY: &str = "systems.brain";
/// `soul_meta` key of the synthesis state.
pub const SYNTHESIS_KEY: &str = "systems.synthesis";
/// `soul_meta` key of the autonomy state.
pub const AUTONOMY_KEY: &str = "systems.autonomy";
/// `soul_meta` key of the learning surprise.
pub const SURPRISE_KEY: &str = "systems.free_energy";
/// `soul_meta` key of the soul's own pheromone field (when the node gives none).
pub const HIVEMIND_KEY: &str = "systems.hivemind";
/// A tool the cortex predicts below this in a plan's context is avoided when an alternative
/// exists.
pub const AVOID_BELOW: f64 = 0.3;
/// Name of the cortex in the evaluation.
pub const CORTEX: &str = "cortex";
/// Name of the brain in the evaluation.
pub const BRAIN: &str = "brain";
/// Name of the hivemind in the evaluation.
pub const HIVEMIND: &str = "hivemind";
/// Name of genesis in the evaluation.
pub const GENESIS: &str = "genesis";
/// Name of the synthesis in the evaluation.
pub const SYNTHESIS: &str = "synthesis";

/// The systems the soul keeps itself (the brain's model and the pheromone field live in the
/// node).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Learning {
    /// Feedback.
    pub feedback: Feedback,
    /// Cortex.
    pub cortex: Cortex,
    /// Evaluation.
    pub evaluation: Evaluation,
    /// Genesis.
    pub genesis: Genesis,
    /// The brain's bookkeeping.
    pub brain: BrainState,
    /// Synthesis.
    pub synthesis: Synthesis,
    /// Autonomy.
    pub autonomy: Autonomy,
    /// The free energy of learning.
    pub surprise: Surprise,
}

/// What was predicted before a step ran (handed back with its outcome).
#[derive(Debug, Clone, PartialEq)]
pub struct Prior {
    /// The cortex's probability of success.
    pub cortex: f64,
    /// The brain's (none: no weights).
    pub brain: Option<f64>,
    /// The hivemind's (none: no trail).
    pub hivemind: Option<f64>,
    /// The genesis template's fitness (none: not a genesis plan).
    pub genesis: Option<f64>,
    /// The synthesis of those.
    pub synthesis: f64,
    /// The step's brain features (recorded as an example with the outcome).
    pub features: Option<StepFeatures>,
}

impl Prior {
    /// The predictions, by system name.
    pub fn predictions(&self) -> Vec<(&'static str, f64)> {
        let mut v = vec![(CORTEX, self.cortex), (SYNTHESIS, self.synthesis)];
        v.extend(self.brain.map(|p| (BRAIN, p)));
        v.extend(self.hivemind.map(|p| (HIVEMIND, p)));
        v.extend(self.genesis.map(|p| (GENESIS, p)));
        v
    }
}

impl Learning {
    /// Loads the systems from `store` (a missing or unreadable state starts afresh, logged).
    pub fn load(store: &Store) -> Learning {
        fn get<T: serde::de::DeserializeOwned + Default>(store: &Store, key: &str) -> T {
            match store.meta_json(key) {
                Ok(Some(v)) => v,
                Ok(None) => T::default(),
                Err(e) => {
                    tracing::warn!(error = %e, key, "learning state unreadable; starting afresh");
                    T::default()
                }
            }
        }
        Learning {
            feedback: get(store, FEEDBACK_KEY),
            cortex: get(store, CORTEX_KEY),
            evaluation: get(store, EVALUATION_KEY),
            genesis: get(store, GENESIS_KEY),
            brain: get(store, BRAIN_KEY),
            synthesis: get(store, SYNTHESIS_KEY),
            autonomy: get(store, AUTONOMY_KEY),
            surprise: get(store, SURPRISE_KEY),
        }
    }

    /// Persists the systems in `store`.
    pub fn save(&self, store: &Store) -> Result<(), StoreError> {
        store.set_meta_json(FEEDBACK_KEY, &self.feedback)?;
        store.set_meta_json(CORTEX_KEY, &self.cortex)?;
        store.set_meta_json(GENESIS_KEY, &self.genesis)?;
        store.set_meta_json(BRAIN_KEY, &self.brain)?;
        store.set_meta_json(SYNTHESIS_KEY, &self.synthesis)?;
        store.set_meta_json(AUTONOMY_KEY, &self.autonomy)?;
        store.set_meta_json(SURPRISE_KEY, &self.surprise)?;
        store.set_meta_json(EVALUATION_KEY, &self.evaluation)
    }

    /// The cortex's prediction before `tool` runs in context `ctx` (the other systems' votes
    /// are added by the agent, which holds the brain and the field).
    pub fn prior(&self, tool: &str, ctx: &str) -> Prior {
        let cortex = self.cortex.predict(tool, ctx);
        Prior {
            cortex,
            brain: None,
            hivemind: None,
            genesis: None,
            synthesis: cortex,
            features: None,
        }
    }

    /// Feeds one outcome (with the prior made before it ran) to every system; returns its
    /// category and the new learning surprise.
    pub fn observe(&mut self, outcome: &StepOutcome, ctx: &str, prior: &Prior) -> Category {
        let ok = outcome.class == OutcomeClass::Ok;
        let predictions = prior.predictions();
        self.evaluation.record(&predictions, ok);
        let surprising: Vec<(&str, f64)> = predictions
            .iter()
            .copied()
            .filter(|(s, _)| [CORTEX, BRAIN, SYNTHESIS].contains(s))
            .collect();
        self.surprise.observe(&surprising, ok);
        self.synthesis.observe(ok);
        self.cortex.observe(outcome.tool.as_str(), ctx, ok);
        if !ok {
            self.genesis.failed(outcome.tool.as_str());
        }
        self.feedback.observe(outcome)
    }

    /// `systems.feedback` of the status (`extra`: fields kept from before, such as counters).
    pub fn feedback_summary(&self, extra: Value) -> Value {
        merge(self.feedback.summary(), extra)
    }

    /// `systems.cortex` of the status: `samples`, `brier`, `baseline_brier`, the actions and
    /// the curiosity frontier over `tools`.
    pub fn cortex_summary(&self, tools: &[String], extra: Value) -> Value {
        let score = self.evaluation.score(CORTEX).cloned().unwrap_or_default();
        merge(
            json!({
                "samples": score.samples,
                "brier": score.brier(),
                "baseline_brier": score.baseline_brier(),
                "flagged": score.flagged(),
                "actions": self.cortex.actions(),
                "frontier": self.cortex.frontier(tools),
            }),
            extra,
        )
    }

    /// Why a plan's tool should be avoided in context `ctx`: the cortex predicts it below
    /// [`AVOID_BELOW`], or a lesson names it (none: keep it).
    pub fn avoid(&self, tool: &str, ctx: &str) -> Option<String> {
        let p = self.cortex.predict(tool, ctx);
        if p < AVOID_BELOW {
            return Some(format!("{tool} predicted {p:.2}"));
        }
        self.feedback
            .lessons_for(&[tool])
            .first()
            .map(|l| format!("lesson: {}", l.text))
    }

    /// `systems.genesis` of the status: `count`, `best`, `samples` and the counts of its
    /// operators (`extra`: the built-in templates and plan counters).
    pub fn genesis_summary(&self, extra: Value) -> Value {
        merge(self.genesis.summary(), extra)
    }

    /// `systems.evaluation` of the status: per system its Brier score against the baseline's,
    /// and `flagged`, the systems no better than their baseline.
    pub fn evaluation_summary(&self, extra: Value) -> Value {
        let flagged: Vec<&String> = self
            .evaluation
            .systems
            .iter()
            .filter(|(_, s)| s.flagged())
            .map(|(k, _)| k)
            .collect();
        merge(
            merge(self.evaluation.summary(), json!({ "flagged": flagged })),
            extra,
        )
    }

    /// `systems.brain` of the status (`model`: the node model's summary; `tools`: its
    /// prediction per tool).
    pub fn brain_summary(
        &self,
        examples: usize,
        model: Value,
        tools: serde_json::Map<String, Value>,
    ) -> Value {
        merge(
            self.brain.summary(self.evaluation.score(BRAIN), examples),
            json!({ "model": model, "tools": tools }),
        )
    }

    /// `systems.hivemind` of the status (`extra`: the repellent tools; `field`: the field's
    /// summary).
    pub fn hivemind_summary(&self, extra: Value, field: Value) -> Value {
        let s = self.evaluation.score(HIVEMIND).cloned().unwrap_or_default();
        merge(
            merge(
                json!({
                    "samples": s.samples,
                    "brier": s.brier(),
                    "baseline_brier": s.baseline_brier(),
                    "flagged": s.flagged(),
                }),
                extra,
            ),
            field,
        )
    }

    /// `systems.synthesis` of the status.
    pub fn synthesis_summary(&self, extra: Value) -> Value {
        merge(self.synthesis.summary(&self.evaluation), extra)
    }

    /// `systems.autonomy` of the status.
    pub fn autonomy_summary(&self, extra: Value) -> Value {
        merge(self.autonomy.summary(), extra)
    }

    /// `systems.free_energy` of the status (`extra`: the node's F).
    pub fn free_energy_summary(&self, extra: Value) -> Value {
        merge(self.surprise.summary(), extra)
    }
}

/// `base` with the fields of `extra` added (those of `base` win).
fn merge(mut base: Value, extra: Value) -> Value {
    if let (Some(b), Value::Object(e)) = (base.as_object_mut(), extra) {
        for (k, v) in e {
            b.entry(k).or_insert(v);
        }
    }
    base
}
