//! `Agent::status` (`GET /soul/status`) and the goal summary gossiped with Psi.

use std::time::Instant;

use serde_json::{Value, json};

use super::{Agent, RECENT};
use crate::api::{Budget, SoulStatus, Systems};
use crate::fitness::predict;
use crate::planner::Template;
use crate::types::{Goal, GoalStatus, OutcomeClass, cut};

impl Agent {
    /// The status (the node adds its free energy F to `systems.free_energy`).
    pub fn status(&self, enabled: bool) -> SoulStatus {
        let goals = self.store.goals().unwrap_or_default();
        let counters = self.store.counters();
        let recent = self.store.recent_outcomes(RECENT).unwrap_or_default();
        let (fitness, pacing, llm_paused) = {
            let live = self.live.lock().expect("soul lock");
            (
                live.fitness,
                live.pacing.clone(),
                live.llm_paused_until.is_some_and(|t| Instant::now() < t),
            )
        };
        let active: Vec<Goal> = goals
            .iter()
            .filter(|g| g.status == GoalStatus::Active)
            .cloned()
            .collect();
        let finished: Vec<Goal> = goals
            .iter()
            .filter(|g| g.status != GoalStatus::Active)
            .cloned()
            .collect();
        let recent_goals = finished[finished.len().saturating_sub(5)..].to_vec();
        let mut cortex = serde_json::Map::new();
        for name in self.tools.names() {
            let calls = recent.iter().filter(|o| o.tool.as_str() == name).count();
            let ok = recent
                .iter()
                .filter(|o| o.tool.as_str() == name && o.class == OutcomeClass::Ok)
                .count();
            cortex.insert(
                name.clone(),
                json!({ "calls": calls, "ok": ok, "predicted": predict(&recent, &name) }),
            );
        }
        let templates: Vec<Value> = Template::ALL
            .iter()
            .map(|t| json!({ "name": t.name(), "available": t.available(&self.tools) }))
            .collect();
        let learning = self.learning();
        let tool_names = self.tools.names();
        let repellents: Vec<String> = tool_names
            .iter()
            .filter_map(|t| crate::systems::hivemind::repellent(self.field.as_ref(), t))
            .collect();
        let brain_tools = self.brain_tools(&learning, &tool_names);
        let systems = Systems {
            brain: learning.brain_summary(
                self.store.examples_len(),
                self.config
                    .brain
                    .as_ref()
                    .map_or(Value::Null, |b| b.summary()),
                brain_tools,
            ),
            cortex: learning.cortex_summary(
                &tool_names,
                json!({ "recent_outcomes": recent.len(), "tools": cortex }),
            ),
            genesis: learning.genesis_summary(json!({
                "templates": templates,
                "plans_template": counters.plans_template,
                "plans_llm": counters.plans_llm,
                "plans_genesis": counters.plans_genesis,
                "plans_avoided": counters.plans_avoided,
                "plans_rejected": counters.plans_rejected,
            })),
            hivemind: learning.hivemind_summary(
                json!({ "repellents": repellents }),
                self.field.summary(crate::systems::hivemind::SHOWN),
            ),
            synthesis: learning.synthesis_summary(json!({
                "drafts": self.store.drafts_len(),
                "compile_tests": recent.iter().filter(|o| o.tool.as_str() == "cartridge_compile_test").count(),
                "passed": recent.iter().filter(|o| o.tool.as_str() == "cartridge_compile_test" && o.class == OutcomeClass::Ok).count(),
            })),
            autonomy: learning.autonomy_summary(json!({
                "cycles": counters.cycles,
                "cycle_timeouts": counters.cycle_timeouts,
                "llm_paused": llm_paused,
                "llm_errors": counters.llm_errors,
                "llm_rate_limited": counters.llm_rate_limited,
                "memory_entries": self.store.memory_len(),
                "plans_template": counters.plans_template,
                "plans_genesis": counters.plans_genesis,
                "llm_free_plans": counters.plans_template + counters.plans_genesis,
                "pending": crate::systems::autonomy::goals(&learning),
            })),
            evaluation: learning.evaluation_summary(
                json!({ "fitness": serde_json::to_value(fitness).unwrap_or(Value::Null) }),
            ),
            feedback: learning.feedback_summary(json!({
                "outcomes_total": counters.outcomes_total,
                "outcomes_ok": counters.outcomes_ok,
                "goals_completed": counters.goals_completed,
                "goals_failed": counters.goals_failed,
                "replans": counters.replans,
            })),
            free_energy: learning.free_energy_summary(Value::Null),
        };
        SoulStatus {
            enabled,
            provider: self.provider_info(),
            budget: Budget {
                limit: self.config.budget_limit_micros,
                spent: counters.spent_micros,
                unit: "micro_usd".into(),
                remaining: self
                    .config
                    .budget_limit_micros
                    .saturating_sub(counters.spent_micros),
                ..Budget::default()
            },
            plan: active.first().and_then(|g| g.plan.clone()),
            goals: active,
            recent_goals,
            outcomes_total: counters.outcomes_total,
            outcomes: recent[recent.len().saturating_sub(10)..].to_vec(),
            counters,
            fitness,
            pacing,
            tools: self.tools.names(),
            systems,
        }
    }

    /// A one-line summary of the running goal (for gossip), at most 120 bytes.
    pub fn goal_summary(&self) -> Option<String> {
        let goals = self.store.goals().ok()?;
        let g = goals.iter().find(|g| g.status == GoalStatus::Active)?;
        let step = g
            .plan
            .as_ref()
            .map(|p| format!(" [{}/{}]", p.next, p.steps.len()))
            .unwrap_or_default();
        Some(cut(&format!("{}{step}", g.text), 120))
    }
}
