//! JSON bodies of the soul's HTTP routes, shared by the server, the CLI and the tests.

use serde::{Deserialize, Serialize};

use crate::fitness::Fitness;
use crate::store::Counters;
use crate::types::{Goal, Plan, StepOutcome};

/// Longest nudge text accepted.
pub const MAX_NUDGE: usize = 500;
/// Longest chat message accepted.
pub const MAX_CHAT: usize = 4000;

/// The LLM behind the soul.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProviderInfo {
    /// `openai`, `gemini`, `local`, `scripted`.
    pub kind: String,
    /// The model's name.
    pub model: String,
}

/// The soul's spending budget (micro-USD = the token's atomic units). The agent fills `limit`
/// and `spent` (the sum of its outcomes); the node replaces them with its budgeted payer's
/// ledger status (spent within the rolling window) and fills the rest.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Budget {
    /// What it may spend per window.
    pub limit: u64,
    /// What it spent (within the window, when the payer's ledger is known).
    pub spent: u64,
    /// Unit of the figures (`micro_usd`).
    pub unit: String,
    /// Reserved for payments under way or unsettled.
    #[serde(default)]
    pub reserved: u64,
    /// What is left in the window.
    #[serde(default)]
    pub remaining: u64,
    /// The rolling window, seconds (0: unknown).
    #[serde(default)]
    pub window_secs: u64,
    /// Payments made, ever.
    #[serde(default)]
    pub spends: u64,
    /// Payments refused, ever.
    #[serde(default)]
    pub refusals: u64,
    /// Whether the payer can sign (its wallet is unlocked).
    #[serde(default)]
    pub ready: bool,
    /// The latest ledger entries, newest first (at most [`MAX_BUDGET_RECENT`]).
    #[serde(default)]
    pub recent: Vec<serde_json::Value>,
}

/// Ledger entries shown in [`Budget::recent`].
pub const MAX_BUDGET_RECENT: usize = 10;

/// Cycle durations kept per kind in [`Pacing`].
pub const CYCLE_HISTORY: usize = 32;

/// Pacing of the loop.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pacing {
    /// Whether a plan is running (fast pacing).
    pub busy: bool,
    /// Current pause between cycles, ms.
    pub interval_ms: u64,
    /// Duration of the latest cycle, ms.
    pub last_cycle_ms: u64,
    /// Durations of the latest cycles that ran a step (busy), ms, oldest first (at most
    /// [`CYCLE_HISTORY`]).
    #[serde(default)]
    pub busy_cycles_ms: Vec<u64>,
    /// Durations of the latest cycles that ran no step (idle: observe, fitness, goals), ms,
    /// oldest first (at most [`CYCLE_HISTORY`]).
    #[serde(default)]
    pub idle_cycles_ms: Vec<u64>,
}

impl Pacing {
    /// Records a cycle of `ms` that ran a step (`worked`) or not.
    pub fn record(&mut self, worked: bool, ms: u64) {
        let list = if worked {
            &mut self.busy_cycles_ms
        } else {
            &mut self.idle_cycles_ms
        };
        if list.len() >= CYCLE_HISTORY {
            list.remove(0);
        }
        list.push(ms);
        self.last_cycle_ms = ms;
    }
}

/// The nine cognitive systems: each its own summary (null when a system has nothing yet),
/// every key always present.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Systems {
    /// The node's model (federated weights).
    pub brain: serde_json::Value,
    /// Per-tool experience (success rates, predictions).
    pub cortex: serde_json::Value,
    /// Plan templates and how they fared.
    pub genesis: serde_json::Value,
    /// The pheromone field shared with the colony.
    pub hivemind: serde_json::Value,
    /// Cartridge drafts written and tested.
    pub synthesis: serde_json::Value,
    /// The loop itself: cycles, pacing, LLM state.
    pub autonomy: serde_json::Value,
    /// Fitness.
    pub evaluation: serde_json::Value,
    /// Outcomes and goals finished.
    pub feedback: serde_json::Value,
    /// Free energy of the cognition.
    pub free_energy: serde_json::Value,
}

/// `GET /soul/status`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SoulStatus {
    /// Whether the loop runs (`--soul on`).
    pub enabled: bool,
    /// The LLM, if any.
    pub provider: Option<ProviderInfo>,
    /// Spending budget.
    pub budget: Budget,
    /// Active goals (at most three).
    pub goals: Vec<Goal>,
    /// Goals finished lately, newest last.
    pub recent_goals: Vec<Goal>,
    /// The plan being executed.
    pub plan: Option<Plan>,
    /// Step outcomes recorded, ever.
    pub outcomes_total: u64,
    /// The latest outcomes, oldest first.
    pub outcomes: Vec<StepOutcome>,
    /// Running totals.
    pub counters: Counters,
    /// Fitness.
    pub fitness: Fitness,
    /// Pacing.
    pub pacing: Pacing,
    /// Tools registered.
    pub tools: Vec<String>,
    /// The nine cognitive systems.
    pub systems: Systems,
}

/// `POST /soul/nudge`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NudgeRequest {
    /// What the operator wants, in words (at most [`MAX_NUDGE`] bytes).
    pub text: String,
}

/// Answer of `POST /soul/nudge`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NudgeResponse {
    /// The goal formed (or the active goal with the same text).
    pub goal: Goal,
    /// Whether a goal with the same text was already active.
    pub duplicate: bool,
}

/// `POST /soul/chat`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChatRequest {
    /// The message (at most [`MAX_CHAT`] bytes).
    pub message: String,
}

/// A tool the chat called.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChatToolCall {
    /// The tool.
    pub tool: String,
    /// Its arguments.
    pub args: serde_json::Value,
    /// How it ended (`ok`, `bad_args`, …).
    pub class: crate::types::OutcomeClass,
    /// Its result or error (cut).
    pub detail: String,
}

/// Answer of `POST /soul/chat`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChatResponse {
    /// The answer.
    pub answer: String,
    /// The provider that answered (none: the LLM-free answer).
    pub provider: Option<ProviderInfo>,
    /// Tools called on the way.
    pub tool_calls: Vec<ChatToolCall>,
    /// Without a provider: the template plan the soul would run for the message.
    pub would_do: Option<Plan>,
}

/// An error body of the soul's routes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycle_durations_are_split_by_kind_and_bounded() {
        let mut p = Pacing::default();
        for i in 0..100 {
            p.record(i % 2 == 0, i);
        }
        assert_eq!(p.busy_cycles_ms.len(), CYCLE_HISTORY);
        assert_eq!(p.idle_cycles_ms.len(), CYCLE_HISTORY);
        assert_eq!(p.busy_cycles_ms.last(), Some(&98));
        assert_eq!(p.idle_cycles_ms.last(), Some(&99));
        assert!(p.busy_cycles_ms.iter().all(|ms| ms % 2 == 0));
        assert_eq!(p.last_cycle_ms, 99);
    }
}
