//! Feedback: every step outcome classified into a [`Category`], bounded per-(tool, category)
//! counts, and lessons formed from repeated failures of the same kind.

use std::collections::{BTreeMap, VecDeque};

use serde::{Deserialize, Serialize};

use crate::types::{OutcomeClass, StepOutcome};

/// Outcomes of one tool a lesson looks back on.
pub const WINDOW: usize = 20;
/// Failures of one category within [`WINDOW`] that form a lesson, when they are also at least
/// three quarters of the window and of the tool's whole history (Laplace-smoothed): a tool that
/// fails at random half the time teaches nothing.
pub const LESSON_AFTER: usize = 3;
/// Consecutive successes of a tool that retire its lessons.
pub const RETIRE_AFTER: usize = 3;
/// Tools tracked (the least recently used is dropped past it).
pub const MAX_TOOLS: usize = 64;
/// Lessons kept (the weakest, then oldest, is dropped past it).
pub const MAX_LESSONS: usize = 32;

/// What kind of outcome a step had.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// The step succeeded.
    Ok,
    /// Source did not compile.
    CompileError,
    /// Smoke or unit tests failed.
    TestFailure,
    /// A payment was refused (per-request maximum, no acceptable requirement, asset).
    PaymentRefused,
    /// The spending budget is exhausted.
    Budget,
    /// A deadline passed.
    Timeout,
    /// Someone answered 429 / rate limited.
    RateLimited,
    /// A peer or URL could not be reached.
    Network,
    /// The arguments (or the tool name) were refused.
    InvalidArgs,
    /// Any other failure.
    Other,
}

impl Category {
    /// The category's name (as in JSON).
    pub fn name(self) -> &'static str {
        match self {
            Category::Ok => "ok",
            Category::CompileError => "compile_error",
            Category::TestFailure => "test_failure",
            Category::PaymentRefused => "payment_refused",
            Category::Budget => "budget",
            Category::Timeout => "timeout",
            Category::RateLimited => "rate_limited",
            Category::Network => "network",
            Category::InvalidArgs => "invalid_args",
            Category::Other => "other",
        }
    }

    /// What a planner should take from repeated failures of this kind.
    fn advice(self) -> &'static str {
        match self {
            Category::Ok => "keep using it",
            Category::CompileError => "write or fix the source before compiling it again",
            Category::TestFailure => "fix the draft's behaviour before deploying it",
            Category::PaymentRefused => "pick a cheaper or payable target",
            Category::Budget => "spend nothing until the budget window frees",
            Category::Timeout => "expect it to be slow; avoid it in short plans",
            Category::RateLimited => "call it less often",
            Category::Network => "the target is unreachable; choose another peer",
            Category::InvalidArgs => "check its arguments against the schema",
            Category::Other => "prefer another tool for now",
        }
    }
}

/// Classifies an outcome from its class and the detail the tools record.
pub fn classify(class: OutcomeClass, detail: &str) -> Category {
    let d = detail.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| d.contains(w));
    match class {
        OutcomeClass::Ok => Category::Ok,
        OutcomeClass::Timeout => Category::Timeout,
        OutcomeClass::BadArgs | OutcomeClass::UnknownTool => Category::InvalidArgs,
        OutcomeClass::Refused | OutcomeClass::Failed => {
            if has(&["did not finish within", "timed out", "deadline"]) {
                Category::Timeout
            } else if has(&["compilation failed", "error[e", "cannot compile"]) {
                Category::CompileError
            } else if has(&["smoke case", "test failed", "tests failed"]) {
                Category::TestFailure
            } else if has(&["budget"]) {
                Category::Budget
            } else if has(&["429", "rate limit", "rate-limit", "too many requests"]) {
                Category::RateLimited
            } else if has(&["invalid", "must be", "needs `"]) {
                Category::InvalidArgs
            } else if has(&[
                "payment",
                "per-request maximum",
                "way to pay",
                "refused: asset",
                "price ",
            ]) {
                Category::PaymentRefused
            } else if has(&[
                "connect",
                "unreachable",
                "dns",
                "http request failed",
                "not the gateway of a live peer",
                "not under a live peer",
            ]) || (d.starts_with("get ") && d.contains(" failed"))
            {
                Category::Network
            } else {
                Category::Other
            }
        }
    }
}

/// Something the soul learned about a tool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lesson {
    /// The tool.
    pub tool: String,
    /// The kind of failure.
    pub category: Category,
    /// The lesson, in words.
    pub text: String,
    /// Failures of this kind seen since it formed (and before).
    pub evidence: u64,
    /// Outcome sequence number when it formed.
    pub formed_seq: u64,
}

/// Per-tool record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolRecord {
    /// Outcomes per category, ever.
    pub counts: BTreeMap<Category, u64>,
    /// The last [`WINDOW`] categories, oldest first.
    pub window: VecDeque<Category>,
    /// When it was last seen (outcome sequence).
    pub last_seq: u64,
}

/// The feedback system's state (persisted).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feedback {
    /// Outcomes observed.
    pub observed: u64,
    /// Per tool.
    pub tools: BTreeMap<String, ToolRecord>,
    /// Lessons in force.
    pub lessons: Vec<Lesson>,
    /// Lessons formed, ever.
    pub formed: u64,
    /// Lessons retired, ever.
    pub retired: u64,
}

impl Feedback {
    /// Takes in one outcome; returns its category.
    pub fn observe(&mut self, outcome: &StepOutcome) -> Category {
        let cat = classify(outcome.class, &outcome.detail);
        let tool = outcome.tool.as_str().to_string();
        self.observed += 1;
        let seq = self.observed;
        if !self.tools.contains_key(&tool)
            && self.tools.len() >= MAX_TOOLS
            && let Some(old) = self
                .tools
                .iter()
                .min_by_key(|(_, r)| r.last_seq)
                .map(|(k, _)| k.clone())
        {
            self.tools.remove(&old);
            self.lessons.retain(|l| l.tool != old);
        }
        let rec = self.tools.entry(tool.clone()).or_default();
        *rec.counts.entry(cat).or_default() += 1;
        rec.window.push_back(cat);
        while rec.window.len() > WINDOW {
            rec.window.pop_front();
        }
        rec.last_seq = seq;
        if cat == Category::Ok {
            let streak = rec
                .window
                .iter()
                .rev()
                .take_while(|c| **c == Category::Ok)
                .count();
            if streak >= RETIRE_AFTER {
                let before = self.lessons.len();
                self.lessons.retain(|l| l.tool != tool);
                self.retired += (before - self.lessons.len()) as u64;
            }
            return cat;
        }
        let same = rec.window.iter().filter(|c| **c == cat).count();
        if let Some(l) = self
            .lessons
            .iter_mut()
            .find(|l| l.tool == tool && l.category == cat)
        {
            l.evidence += 1;
        } else if same >= LESSON_AFTER
            && same * 4 >= rec.window.len() * 3
            && (rec.counts.get(&cat).copied().unwrap_or(0) + 1) * 4
                >= (rec.counts.values().sum::<u64>() + 2) * 3
        {
            self.formed += 1;
            if self.lessons.len() >= MAX_LESSONS
                && let Some(i) = self
                    .lessons
                    .iter()
                    .enumerate()
                    .min_by_key(|(_, l)| (l.evidence, l.formed_seq))
                    .map(|(i, _)| i)
            {
                self.lessons.remove(i);
            }
            self.lessons.push(Lesson {
                text: format!(
                    "{tool} failed with {} {same} times in its last {}: {}",
                    cat.name(),
                    rec.window.len(),
                    cat.advice()
                ),
                tool,
                category: cat,
                evidence: same as u64,
                formed_seq: seq,
            });
        }
        cat
    }

    /// The lessons about any of `tools` (for planners).
    pub fn lessons_for(&self, tools: &[&str]) -> Vec<&Lesson> {
        self.lessons
            .iter()
            .filter(|l| tools.contains(&l.tool.as_str()))
            .collect()
    }

    /// The status summary.
    pub fn summary(&self) -> serde_json::Value {
        let tools: BTreeMap<&String, &BTreeMap<Category, u64>> =
            self.tools.iter().map(|(k, r)| (k, &r.counts)).collect();
        serde_json::json!({
            "observed": self.observed,
            "categories": tools,
            "lessons": self.lessons,
            "lessons_formed": self.formed,
            "lessons_retired": self.retired,
        })
    }
}
