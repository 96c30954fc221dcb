//! Synthesis: the predictors' votes for a step's (or a plan's) success combined, each weighted
//! by its measured accuracy, with how much they agree and what state that puts the soul in.
//!
//! - **weight** of a system = 1 − its Brier score in the evaluation (0.75, the Brier score of
//!   an uninformed 0.5, before it has samples), at least 0.05;
//! - **p** = Σ wᵢ pᵢ / Σ wᵢ (0.5 with no vote);
//! - **coherence** = 1 − 2 · the weighted standard deviation of the votes (1: all agree; 0:
//!   they split between 0 and 1), 1 with a single vote;
//! - **state**, the first rule that holds: `stuck` when the last [`STUCK_AFTER`] outcomes all
//!   failed; `exploring` while the evaluation has seen fewer than [`EXPLORE_UNTIL`] outcomes;
//!   `conflicted` when coherence < [`CONFLICTED_BELOW`]; `exploiting` when p ≥
//!   [`EXPLOIT_FROM`]; else `coherent`.
//!
//! The per-step synthesis is scored in the evaluation like any predictor (`synthesis`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::evaluation::Evaluation;

/// Failures in a row that make the soul `stuck`.
pub const STUCK_AFTER: u32 = 5;
/// Outcomes before the soul leaves `exploring`.
pub const EXPLORE_UNTIL: u64 = 20;
/// Coherence below which the votes are `conflicted`.
pub const CONFLICTED_BELOW: f64 = 0.6;
/// Combined probability from which the soul is `exploiting`.
pub const EXPLOIT_FROM: f64 = 0.7;
/// Weight of a system without samples (1 − the Brier score of a constant 0.5).
pub const PRIOR_WEIGHT: f64 = 0.75;

/// What the soul is doing, by the synthesis's rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// The systems agree on a middling prediction.
    Coherent,
    /// The systems disagree.
    Conflicted,
    /// Too little evidence yet.
    Exploring,
    /// The systems agree the plan works.
    Exploiting,
    /// Everything fails.
    Stuck,
}

/// One system's vote with its weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vote {
    /// The system.
    pub system: String,
    /// Its probability of success.
    pub p: f64,
    /// Its weight (accuracy).
    pub weight: f64,
}

/// A combined prediction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// Combined probability of success.
    pub p: f64,
    /// Agreement of the votes, in [0, 1].
    pub coherence: f64,
    /// The state.
    pub state: State,
    /// The votes.
    pub votes: Vec<Vote>,
}

/// The weight of `system`: 1 − its Brier score ([`PRIOR_WEIGHT`] without samples), ≥ 0.05.
pub fn weight(evaluation: &Evaluation, system: &str) -> f64 {
    evaluation
        .score(system)
        .and_then(|s| s.brier())
        .map_or(PRIOR_WEIGHT, |b| 1.0 - b)
        .max(0.05)
}

/// Combines `votes` (system, p) by the module's rules; `failures_in_row`: the latest outcomes
/// that failed in a row.
pub fn combine(votes: &[(&str, f64)], evaluation: &Evaluation, failures_in_row: u32) -> Verdict {
    let votes: Vec<Vote> = votes
        .iter()
        .filter(|(_, p)| p.is_finite())
        .map(|(s, p)| Vote {
            system: (*s).to_string(),
            p: p.clamp(0.0, 1.0),
            weight: weight(evaluation, s),
        })
        .collect();
    let total: f64 = votes.iter().map(|v| v.weight).sum();
    let p = if total > 0.0 {
        votes.iter().map(|v| v.weight * v.p).sum::<f64>() / total
    } else {
        0.5
    };
    let coherence = if votes.len() < 2 {
        1.0
    } else {
        let var = votes
            .iter()
            .map(|v| v.weight * (v.p - p) * (v.p - p))
            .sum::<f64>()
            / total;
        (1.0 - 2.0 * var.sqrt()).clamp(0.0, 1.0)
    };
    let state = if failures_in_row >= STUCK_AFTER {
        State::Stuck
    } else if evaluation.outcomes < EXPLORE_UNTIL {
        State::Exploring
    } else if coherence < CONFLICTED_BELOW {
        State::Conflicted
    } else if p >= EXPLOIT_FROM {
        State::Exploiting
    } else {
        State::Coherent
    };
    Verdict {
        p,
        coherence,
        state,
        votes,
    }
}

/// The synthesis's bookkeeping (persisted).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Synthesis {
    /// Failures in a row, latest outcomes.
    pub failures_in_row: u32,
    /// Verdicts per state (plans and steps).
    pub states: BTreeMap<State, u64>,
    /// The latest plan verdict.
    pub last_plan: Option<Verdict>,
    /// The latest step verdict.
    pub last_step: Option<Verdict>,
}

impl Synthesis {
    /// Counts a verdict (`plan`: a plan's, else a step's) and keeps it.
    pub fn note(&mut self, verdict: Verdict, plan: bool) {
        *self.states.entry(verdict.state).or_default() += 1;
        if plan {
            self.last_plan = Some(verdict);
        } else {
            self.last_step = Some(verdict);
        }
    }

    /// Takes in an outcome.
    pub fn observe(&mut self, ok: bool) {
        self.failures_in_row = if ok { 0 } else { self.failures_in_row + 1 };
    }

    /// The current state (the latest verdict's; `exploring` before any).
    pub fn state(&self) -> State {
        self.last_step
            .as_ref()
            .or(self.last_plan.as_ref())
            .map_or(State::Exploring, |v| v.state)
    }

    /// The status summary (the evaluation's score of the synthesis added).
    pub fn summary(&self, evaluation: &Evaluation) -> Value {
        let s = evaluation
            .score(super::SYNTHESIS)
            .cloned()
            .unwrap_or_default();
        json!({
            "samples": s.samples,
            "brier": s.brier(),
            "baseline_brier": s.baseline_brier(),
            "flagged": s.flagged(),
            "state": self.state(),
            "coherence": self.last_step.as_ref().or(self.last_plan.as_ref()).map(|v| v.coherence),
            "failures_in_row": self.failures_in_row,
            "states": self.states,
            "last_plan": self.last_plan,
            "last_step": self.last_step,
        })
    }
}
