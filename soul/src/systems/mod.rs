//! The soul's learning systems (issue 13, first slice), fed by the real step outcomes:
//! [`feedback`] (categories and lessons), [`cortex`] (the world model: per-action success
//! estimates, surprise, curiosity) and [`evaluation`] (Brier scores of the predictions made
//! before each step against a baseline). Pure state machines; the agent persists each under one
//! key of the `soul_meta` tree.

pub mod cortex;
pub mod evaluation;
pub mod feedback;

#[cfg(test)]
mod tests;

use serde_json::{Value, json};

pub use cortex::Cortex;
pub use evaluation::Evaluation;
pub use feedback::{Category, Feedback, Lesson};

use crate::store::{Store, StoreError};
use crate::types::{OutcomeClass, StepOutcome};

/// `soul_meta` key of the feedback state.
pub const FEEDBACK_KEY: &str = "systems.feedback";
/// `soul_meta` key of the cortex state.
pub const CORTEX_KEY: &str = "systems.cortex";
/// `soul_meta` key of the evaluation state.
pub const EVALUATION_KEY: &str = "systems.evaluation";
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
        }
    }

    /// Persists the systems in `store`.
    pub fn save(&self, store: &Store) -> Result<(), StoreError> {
        store.set_meta_json(FEEDBACK_KEY, &self.feedback)?;
        store.set_meta_json(CORTEX_KEY, &self.cortex)?;
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
