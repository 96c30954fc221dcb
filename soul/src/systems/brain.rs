//! Brain: the federated feed-forward net (`x402_model::brain`) scoring a step before it runs.
//!
//! The soul encodes each step ([`features`]: tool, goal context and keywords, plan position,
//! the tool's recent outcome categories, the global failure rate; layout in
//! `x402_model::brain_data::StepFeatures`), asks the node's [`BrainModel`] (the canonical
//! weights) for the success probability, the likely error class and the capabilities, and
//! records each step as a labelled example (sled tree `soul_brain`, the last
//! [`MAX_EXAMPLES`]). The node's trainer trains on those examples once there are enough (else
//! it keeps the synthetic warm start), and federation averages the weights as before.
//!
//! The **gate**: once the brain has scored at least [`GATE_AFTER`] steps with a Brier score
//! below its baseline's (not flagged by the evaluation), a step it predicts below
//! [`GATE_BELOW`] is not run: the goal is replanned without that tool.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use x402_model::brain::{BrainExample, Prediction};
use x402_model::brain_data::{self, STEP_CATEGORIES, StepFeatures};

use super::evaluation::{Evaluation, Score};
use super::feedback::Feedback;

/// Recorded examples kept (oldest dropped).
pub const MAX_EXAMPLES: usize = 2048;
/// Steps the brain must have scored before it may gate one.
pub const GATE_AFTER: u64 = 20;
/// A step the brain predicts below this (once it may gate) is not run.
pub const GATE_BELOW: f64 = 0.2;
/// New examples between two hand-overs of the recorded set to the trainer.
pub const HAND_OVER_EVERY: u64 = 16;

/// The node's brain: the canonical weights and the trainer's data.
pub trait BrainModel: Send + Sync {
    /// The current weights' prediction for `features` (none: no weights loaded yet).
    fn predict(&self, features: &[f32]) -> Option<Prediction>;
    /// The recorded examples (oldest first): the trainer trains on them once there are
    /// enough, else keeps its synthetic warm start.
    fn train_on(&self, examples: Vec<BrainExample>);
    /// What the status shows of the model and its data (weights, data source).
    fn summary(&self) -> Value;
}

/// The brain's bookkeeping in the soul (persisted).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BrainState {
    /// Steps the brain gave a prediction for.
    pub predicted: u64,
    /// Steps recorded as examples, ever.
    pub recorded: u64,
    /// Steps gated (not run).
    pub gated: u64,
    /// The latest gate, in words.
    pub last_gate: Option<String>,
}

/// The features of a step of `tool` in context `ctx` (see the module docs).
/// `(step, steps, replans)`: the step's index, the plan's length and the goal's replans.
pub fn features(
    feedback: &Feedback,
    evaluation: &Evaluation,
    tool: &str,
    ctx: &str,
    goal: &str,
    (step, steps, replans): (usize, usize, u32),
) -> StepFeatures {
    let mut history = [0u32; STEP_CATEGORIES];
    let mut last = None;
    if let Some(rec) = feedback.tools.get(tool) {
        for c in &rec.window {
            if let Some(i) = brain_data::category_index(c.name()) {
                history[i] += 1;
            }
        }
        last = rec
            .window
            .back()
            .and_then(|c| brain_data::category_index(c.name()));
    }
    StepFeatures {
        tool: tool.to_string(),
        context: ctx.to_string(),
        goal: goal.to_string(),
        step,
        steps,
        replans,
        history,
        last,
        global_failure_rate: 1.0 - evaluation.baseline(),
    }
}

/// Whether the brain's `score` allows it to gate: enough samples and better than its baseline.
pub fn may_gate(score: Option<&Score>) -> bool {
    score.is_some_and(|s| s.samples >= GATE_AFTER && !s.flagged())
}

impl BrainState {
    /// The status summary (the evaluation's score of the brain and the model's summary added
    /// by the caller).
    pub fn summary(&self, score: Option<&Score>, examples: usize) -> Value {
        let s = score.cloned().unwrap_or_default();
        json!({
            "samples": s.samples,
            "brier": s.brier(),
            "baseline_brier": s.baseline_brier(),
            "flagged": s.flagged(),
            "may_gate": may_gate(score),
            "gate_below": GATE_BELOW,
            "predicted": self.predicted,
            "recorded": self.recorded,
            "examples": examples,
            "gated": self.gated,
            "last_gate": self.last_gate,
        })
    }
}
