//! Autonomy: self-diagnosis goals and plans compiled without an LLM.
//!
//! - A tool a feedback lesson names (it failed the same way repeatedly) raises the goal
//!   `diagnose tool TOOL`: its plan reads the status and remembers the diagnosis (category,
//!   evidence, advice) under `diagnosis.TOOL`.
//! - A system the evaluation flags (no better than its baseline after 20 samples) *and* whose
//!   Brier score is worse than its baseline's by the evaluation's margin raises
//!   `recalibrate SYSTEM` (on a node where every step succeeds no predictor can beat the
//!   baseline, and recalibrating those would only churn): for the brain the plan is `request_training` (when the tool is
//!   registered); for the others it remembers the scores under `recalibrate.SYSTEM`, and when
//!   the goal completes the system's evaluation score is reset (the cortex also halves its
//!   counts), so it is measured afresh.
//!
//! These goals come from the soul itself (source `diagnosis`); their plans are compiled here,
//! as genesis templates and the built-in templates compile the others, without any LLM.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::Learning;
use crate::tool::ToolRegistry;
use crate::types::{Plan, PlanOrigin, Step, ToolName};

/// Prefix of a diagnosis goal.
pub const DIAGNOSE: &str = "diagnose tool ";
/// Prefix of a recalibration goal.
pub const RECALIBRATE: &str = "recalibrate ";

/// The autonomy's bookkeeping (persisted).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Autonomy {
    /// Self-diagnosis goals raised.
    pub goals_raised: u64,
    /// Plans compiled here.
    pub plans_compiled: u64,
    /// Systems reset after a recalibration.
    pub resets: u64,
    /// The latest goal raised.
    pub last_goal: Option<String>,
}

/// The self-diagnosis goals `learning` calls for, most urgent first: a lesson's tool, then a
/// flagged system.
pub fn goals(learning: &Learning) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in learning.feedback.lessons.iter().rev() {
        let g = format!("{DIAGNOSE}{}", l.tool);
        if !out.contains(&g) {
            out.push(g);
        }
    }
    for (name, score) in &learning.evaluation.systems {
        let worse = matches!((score.brier(), score.baseline_brier()),
            (Some(b), Some(base)) if b > base + super::evaluation::MARGIN);
        if score.flagged() && worse {
            out.push(format!("{RECALIBRATE}{name}"));
        }
    }
    out
}

fn step(tool: &str, args: Value) -> Option<Step> {
    Some(Step {
        tool: ToolName::parse(tool).ok()?,
        args,
    })
}

/// The plan of a self-diagnosis goal (none: not one, a tool it needs is missing, or
/// `remember` itself is not expected to work: the cortex predicts it below 0.5 or the learning
/// systems advise against it). `read_status` is left out when it is the tool diagnosed or is
/// itself advised against.
pub fn compile(goal: &str, learning: &Learning, tools: &ToolRegistry) -> Option<Plan> {
    let ctx = "diagnosis";
    if learning.cortex.predict("remember", ctx) < 0.5 || learning.avoid("remember", ctx).is_some() {
        return None;
    }
    let remember = |key: String, value: Value| {
        step(
            "remember",
            json!({ "key": crate::types::cut(&key, crate::store::MAX_MEMORY_KEY), "value": value }),
        )
    };
    let steps: Vec<Step> = if let Some(tool) = goal.strip_prefix(DIAGNOSE) {
        let lessons: Vec<Value> = learning
            .feedback
            .lessons_for(&[tool])
            .iter()
            .map(|l| json!({ "category": l.category.name(), "evidence": l.evidence, "lesson": l.text }))
            .collect();
        let mut s = Vec::new();
        if tools.has("read_status")
            && tool != "read_status"
            && learning.avoid("read_status", ctx).is_none()
        {
            s.push(step("read_status", json!({}))?);
        }
        s.push(remember(
            format!("diagnosis.{tool}"),
            json!({ "tool": tool, "predicted": learning.cortex.predict(tool, super::cortex::ANY), "lessons": lessons }),
        )?);
        s
    } else if let Some(system) = goal.strip_prefix(RECALIBRATE) {
        if system == super::BRAIN && tools.has("request_training") {
            vec![step("request_training", json!({}))?]
        } else {
            let score = learning.evaluation.score(system)?;
            vec![remember(
                format!("recalibrate.{system}"),
                json!({ "brier": score.brier(), "baseline_brier": score.baseline_brier(), "samples": score.samples }),
            )?]
        }
    } else {
        return None;
    };
    let plan = Plan {
        origin: PlanOrigin::Template,
        template: Some("autonomy".into()),
        steps,
        next: 0,
    };
    plan.steps
        .iter()
        .all(|s| tools.check(s).is_ok())
        .then_some(plan)
}

impl Learning {
    /// After a completed self-diagnosis goal: a recalibrated system's score is reset (the cortex
    /// also halves its counts). Returns whether a system was reset.
    pub fn recalibrated(&mut self, goal: &str) -> bool {
        let Some(system) = goal.strip_prefix(RECALIBRATE) else {
            return false;
        };
        if self.evaluation.systems.remove(system).is_none() {
            return false;
        }
        if system == super::CORTEX {
            self.cortex.forget();
        }
        self.autonomy.resets += 1;
        true
    }
}

impl Autonomy {
    /// The status summary.
    pub fn summary(&self) -> Value {
        json!({
            "goals_raised": self.goals_raised,
            "plans_compiled": self.plans_compiled,
            "resets": self.resets,
            "last_goal": self.last_goal,
        })
    }
}
