//! The soul's agent loop (issue 12): every node observes itself, keeps at most three goals,
//! plans typed steps (from built-in templates, or an LLM whose plans are validated against the
//! tool schemas), executes them one per cycle through a registry of safe in-process tools,
//! records every outcome in sled and reflects when a goal ends.
//!
//! This crate holds the logic and knows nothing of the node: the node supplies an
//! [`Observer`](observe::Observer) (snapshots) and the tools that reach its cartridges,
//! gossip and peers; `x402-node` wires them (`node/src/soul_agent`).

pub mod agent;
pub mod api;
pub mod examples;
pub mod fitness;
pub mod memory;
pub mod observe;
pub mod planner;
pub mod store;
pub mod systems;
pub mod tool;
pub mod types;

pub use agent::{Agent, AgentConfig, ChatError, NudgeError};
pub use fitness::Fitness;
pub use observe::{CartridgeSeen, Observer, Snapshot};
pub use store::{Counters, Store, StoreError};
pub use tool::{Tool, ToolCtx, ToolError, ToolRegistry};
pub use types::{
    Goal, GoalId, GoalSource, GoalStatus, Plan, SoulEvent, Step, StepOutcome, ToolName,
};
