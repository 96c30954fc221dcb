//! The soul's learning systems (issue 13, first slice), fed by the real step outcomes:
//! [`feedback`] (categories and lessons), [`cortex`] (the world model: per-action success
//! estimates, surprise, curiosity) and [`evaluation`] (Brier scores of the predictions made
//! before each step against a baseline) and [`genesis`] (plan templates learned from completed
//! plans, evolved by crossover and mutation). Pure state machines; the agent persists each under one
//! key of the `soul_meta` tree.

pub mod cortex;
pub mod evaluation;
pub mod feedback;
pub mod genesis;

#[cfg(test)]
mod genesis_tests;
#[cfg(test)]
mod tests;

use serde_json::{Value, json};

pub use cortex::Cortex;
pub use evaluation::Evaluation;
pub use feedback::{Category, Feedback, Lesson};
pub use genesis::{Gene, Genesis};

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
/// A tool the cortex predicts below this in a plan's context is avoided when an alternative
/// exists.
pub const AVOID_BELOW: f64 = 0.3;
/// Name of the cortex in the evaluation.
pub const CORTEX: &str = "cortex";

/// The three systems together.
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
}

/// What was predicted before a step ran (handed back with its outcome).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prior {
    /// The cortex's probability of success.
    pub cortex: f64,
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
        }
    }

    /// Persists the systems in `store`.
    pub fn save(&self, store: &Store) -> Result<(), StoreError> {
        store.set_meta_json(FEEDBACK_KEY, &self.feedback)?;
        store.set_meta_json(CORTEX_KEY, &self.cortex)?;
        store.set_meta_json(GENESIS_KEY, &self.genesis)?;
        store.set_meta_json(EVALUATION_KEY, &self.evaluation)
    }

    /// The predictions made before `tool` runs in context `ctx`.
    pub fn prior(&self, tool: &str, ctx: &str) -> Prior {
        Prior {
            cortex: self.cortex.predict(tool, ctx),
        }
    }

    /// Feeds one outcome (with the prior made before it ran) to every system; returns its
    /// category.
    pub fn observe(&mut self, outcome: &StepOutcome, ctx: &str, prior: Prior) -> Category {
        let ok = outcome.class == OutcomeClass::Ok;
        self.evaluation.record(&[(CORTEX, prior.cortex)], ok);
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

    /// `systems.evaluation` of the status.
    pub fn evaluation_summary(&self, extra: Value) -> Value {
        merge(self.evaluation.summary(), extra)
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
