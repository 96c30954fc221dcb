//! The soul's records: goals, typed plans, step outcomes and the events it streams.

use serde::{Deserialize, Serialize};

/// Longest goal text kept (longer texts are cut at a character boundary).
pub const MAX_GOAL_TEXT: usize = 200;
/// Most steps in one plan.
pub const MAX_STEPS: usize = 8;
/// Most replans of one goal before it fails.
pub const MAX_REPLANS: u32 = 3;
/// Longest outcome detail kept.
pub const MAX_DETAIL: usize = 512;

/// A goal's id (monotonic per node).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct GoalId(pub u64);

impl std::fmt::Display for GoalId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "g{}", self.0)
    }
}

/// Where a goal came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GoalSource {
    /// The weakest fitness component.
    WeakestFitness,
    /// The curiosity frontier (something not tried yet).
    Curiosity,
    /// An operator's nudge (`POST /soul/nudge`).
    Nudge,
    /// The colony's needs.
    Colony,
    /// The soul's self-diagnosis (a failing tool, a flagged learning system).
    Diagnosis,
}

/// Where a goal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalStatus {
    /// Being planned or executed.
    Active,
    /// Every step of its plan succeeded.
    Completed,
    /// No plan could be made, or the replans ran out.
    Failed,
    /// Replaced by a nudge while active.
    Superseded,
}

/// A tool's name: `[a-z_]{1,40}`, parsed once at the edge.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ToolName(String);

/// A tool name that is not `[a-z_]{1,40}`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid tool name {0:?} (expected [a-z_]{{1,40}})")]
pub struct InvalidToolName(pub String);

impl ToolName {
    /// Parses `name`.
    pub fn parse(name: &str) -> Result<Self, InvalidToolName> {
        if (1..=40).contains(&name.len())
            && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
        {
            Ok(ToolName(name.to_string()))
        } else {
            Err(InvalidToolName(name.chars().take(60).collect()))
        }
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ToolName {
    type Error = InvalidToolName;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        ToolName::parse(&s)
    }
}

impl From<ToolName> for String {
    fn from(t: ToolName) -> String {
        t.0
    }
}

impl std::fmt::Display for ToolName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One step of a plan: a tool and its arguments (validated against the tool's spec before the
/// plan is accepted).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// The tool.
    pub tool: ToolName,
    /// Its arguments (a JSON object).
    pub args: serde_json::Value,
}

/// Who wrote a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanOrigin {
    /// A built-in template.
    Template,
    /// The LLM provider.
    Llm,
    /// A template genesis learned (`template` names it `genesis-ID`).
    Genesis,
}

/// A validated list of steps for a goal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// Who wrote it.
    pub origin: PlanOrigin,
    /// The template's name (for template plans).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// The steps, at most [`MAX_STEPS`].
    pub steps: Vec<Step>,
    /// Index of the next step to run.
    pub next: usize,
}

/// A goal and its plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    /// Id.
    pub id: GoalId,
    /// What to achieve, in words.
    pub text: String,
    /// Where it came from.
    pub source: GoalSource,
    /// Where it stands.
    pub status: GoalStatus,
    /// Its current plan (none until planned).
    pub plan: Option<Plan>,
    /// Plans made after the first.
    pub replans: u32,
    /// Creation time, unix ms.
    pub created_ms: u64,
    /// Last change, unix ms.
    pub updated_ms: u64,
    /// A short reflection written when it completed or failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reflection: Option<String>,
}

impl Goal {
    /// The normalised text used to deduplicate goals (lower case, single spaces, no
    /// punctuation).
    pub fn normalised(text: &str) -> String {
        normalise(text)
    }
}

/// Lower case, alphanumeric words separated by single spaces.
pub fn normalise(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` cut to at most `max` bytes at a character boundary.
pub fn cut(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_string()
}

/// How a step ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeClass {
    /// The tool did what was asked.
    Ok,
    /// The arguments were refused by the tool's schema or the tool.
    BadArgs,
    /// The tool refused (a limit, a budget, a rate).
    Refused,
    /// The tool ran and failed (compile error, smoke test failed, peer unreachable…).
    Failed,
    /// The per-step deadline passed.
    Timeout,
    /// No such tool here.
    UnknownTool,
}

/// What one step did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepOutcome {
    /// Sequence number (monotonic per node).
    pub seq: u64,
    /// The goal it served.
    pub goal: GoalId,
    /// Index of the step in its plan.
    pub step: usize,
    /// The tool.
    pub tool: ToolName,
    /// How it ended.
    pub class: OutcomeClass,
    /// The tool's result or error, cut to [`MAX_DETAIL`] bytes.
    pub detail: String,
    /// How long it ran, ms.
    pub duration_ms: u64,
    /// Money it spent, micro-USD.
    pub spent_micros: u64,
    /// The soul's predicted probability of success before it ran (scores calibration).
    pub predicted: f64,
    /// When it ended, unix ms.
    pub at_ms: u64,
}

/// What `/soul/events` streams.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SoulEvent {
    /// Something the soul concluded or decided.
    Thought {
        /// The thought.
        text: String,
    },
    /// A goal was formed, planned, completed or failed.
    Goal {
        /// The goal as it is now.
        goal: Goal,
    },
    /// A step is starting.
    Step {
        /// Its goal.
        goal: GoalId,
        /// Its index.
        index: usize,
        /// The tool.
        tool: ToolName,
        /// Its arguments.
        args: serde_json::Value,
    },
    /// A step ended.
    Outcome {
        /// What it did.
        outcome: StepOutcome,
    },
}

/// Unix time in milliseconds.
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tool_names_are_checked() {
        assert!(ToolName::parse("cartridge_write").is_ok());
        for bad in ["", "Rm", "rm -rf", "a/b", &"x".repeat(41)] {
            assert!(ToolName::parse(bad).is_err(), "{bad:?}");
        }
        let parsed: Result<ToolName, _> = serde_json::from_str("\"../x\"");
        assert!(parsed.is_err());
    }

    #[test]
    fn normalised_text_ignores_case_and_punctuation() {
        assert_eq!(
            normalise("  Deploy a Cartridge, and PRICE it! "),
            normalise("deploy a cartridge and price it")
        );
        assert_eq!(cut("héllo", 2), "h");
    }
}
