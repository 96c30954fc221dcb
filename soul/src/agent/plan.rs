//! Planning with what was learned: the LLM (prompted with genesis templates and lessons), else
//! a genesis template matching the goal, else the built-in templates; a plan using a tool the
//! cortex predicts to fail, or one a lesson names, is replaced by an alternative when one
//! exists.

use std::time::{Duration, Instant};

use x402_llm::LlmError;

use super::{Agent, MAX_LLM_BACKOFF, MAX_REJECTED_BACKOFF, describe};
use crate::observe::Snapshot;
use crate::planner::{self, Hints};
use crate::systems::genesis::{Gene, USE_FITNESS};
use crate::systems::{Learning, autonomy, hivemind, synthesis};
use crate::types::{Plan, PlanOrigin};

/// Weight of a genesis template's attraction (hivemind) against its fitness when choosing.
const ATTRACTION_WEIGHT: f64 = 0.25;

/// Lessons looked at for the LLM's hints.
const MAX_LESSON_HINTS: usize = planner::MAX_HINTS;

fn genesis_plan(g: &Gene) -> Plan {
    Plan {
        origin: PlanOrigin::Genesis,
        template: Some(format!("genesis-{}", g.id)),
        steps: g.steps.clone(),
        next: 0,
    }
}

impl Agent {
    /// A plan for `goal` in context `ctx`: the LLM's when a provider is set, answers in time
    /// and its plan validates; else genesis's fittest matching template; else the built-in
    /// templates'. Then vetted against the cortex and the lessons ([`Agent::vet`]).
    pub(super) async fn plan(
        &self,
        goal: &str,
        ctx: &str,
        snapshot: &Snapshot,
        attempt: u32,
    ) -> Option<Plan> {
        let compiled = {
            let mut learning = self.learning.lock().expect("learning lock");
            let plan = autonomy::compile(goal, &learning, &self.tools);
            if plan.is_some() {
                learning.autonomy.plans_compiled += 1;
            }
            plan
        };
        if let Some(plan) = compiled {
            self.thought(format!("compiled {}", describe(Some(&plan))));
            let _ = self.store.count(|c| c.plans_template += 1);
            return Some(plan);
        }
        let plan = if let Some(plan) = self.llm_plan(goal, snapshot).await {
            plan
        } else {
            let learned = {
                let learning = self.learning.lock().expect("learning lock");
                let field = self.field.as_ref();
                let score = |g: &Gene| {
                    learning.genesis.fitness(g)
                        + ATTRACTION_WEIGHT * hivemind::attraction(field, g.tools())
                };
                learning
                    .genesis
                    .matching(goal, &self.tools, &[])
                    .into_iter()
                    .filter(|g| learning.genesis.fitness(g) >= USE_FITNESS)
                    .max_by(|a, b| score(a).total_cmp(&score(b)))
                    .map(genesis_plan)
            };
            match learned {
                Some(p) => p,
                None => planner::template_plan(
                    goal,
                    snapshot,
                    &self.tools,
                    attempt,
                    &self.config.examples,
                    &[],
                )?,
            }
        };
        let plan = self.vet(goal, ctx, snapshot, attempt, plan);
        let _ = self.store.count(|c| match plan.origin {
            PlanOrigin::Llm => c.plans_llm += 1,
            PlanOrigin::Template => c.plans_template += 1,
            PlanOrigin::Genesis => c.plans_genesis += 1,
        });
        Some(plan)
    }

    /// `plan`, or an alternative without the tools the learning systems advise against (a
    /// genesis template, else a built-in one) when such tools are in it and one exists.
    fn vet(&self, goal: &str, ctx: &str, snapshot: &Snapshot, attempt: u32, plan: Plan) -> Plan {
        let mut learning = self.learning.lock().expect("learning lock");
        let confidence = learning
            .cortex
            .plan_confidence(plan.steps.iter().map(|s| s.tool.as_str()), ctx);
        let field = self.field.as_ref();
        let mut votes = vec![("cortex", confidence)];
        votes.push((
            "hivemind",
            0.5 + 0.5 * hivemind::attraction(field, plan.steps.iter().map(|s| s.tool.as_str())),
        ));
        if let Some(g) = plan
            .template
            .as_deref()
            .and_then(|t| t.strip_prefix("genesis-"))
            .and_then(|id| id.parse::<u64>().ok())
            .and_then(|id| learning.genesis.templates.iter().find(|g| g.id == id))
        {
            votes.push(("genesis", learning.genesis.fitness(g)));
        }
        let verdict = synthesis::combine(
            &votes,
            &learning.evaluation,
            learning.synthesis.failures_in_row,
        );
        self.thought(format!(
            "synthesis of {}: p {:.2}, coherence {:.2}, {:?}",
            describe(Some(&plan)),
            verdict.p,
            verdict.coherence,
            verdict.state
        ));
        learning.synthesis.note(verdict, true);
        let mut why = Vec::new();
        let mut avoid: Vec<String> = Vec::new();
        for (i, s) in plan.steps.iter().enumerate() {
            let t = s.tool.as_str();
            if !avoid.iter().any(|a| a == t)
                && let Some(reason) = learning
                    .avoid(t, ctx)
                    .or_else(|| hivemind::repellent(field, t))
                    .or_else(|| self.brain_veto(&learning, (goal, ctx, attempt), &plan, i))
            {
                avoid.push(t.to_string());
                why.push(reason);
            }
        }
        if avoid.is_empty() {
            self.thought(format!(
                "plan {} has confidence {confidence:.2}",
                describe(Some(&plan))
            ));
            return plan;
        }
        let alternative = learning
            .genesis
            .matching(goal, &self.tools, &avoid)
            .first()
            .map(|g| genesis_plan(g))
            .or_else(|| {
                planner::template_plan(
                    goal,
                    snapshot,
                    &self.tools,
                    attempt,
                    &self.config.examples,
                    &avoid,
                )
            });
        drop(learning);
        match alternative {
            Some(alt) => {
                let _ = self.store.count(|c| c.plans_avoided += 1);
                self.thought(format!(
                    "avoiding {} ({}): {} instead of {}",
                    avoid.join(", "),
                    why.join("; "),
                    describe(Some(&alt)),
                    describe(Some(&plan))
                ));
                alt
            }
            None => {
                self.thought(format!(
                    "no alternative to {} ({}); confidence {confidence:.2}",
                    describe(Some(&plan)),
                    why.join("; ")
                ));
                plan
            }
        }
    }

    /// Credits genesis with a completed plan (extracting a template when it is new).
    pub(super) fn learned(&self, goal: &str, plan: &Plan) {
        let mut learning = self.learning.lock().expect("learning lock");
        learning.genesis.completed(goal, &plan.steps, &self.tools);
        if let Err(e) = learning.save(&self.store) {
            tracing::warn!(error = %e, "learning state not stored");
        }
    }

    /// The hints for the LLM: the fittest genesis templates and the lessons about the tools.
    fn hints(learning: &Learning) -> Hints {
        Hints {
            templates: learning
                .genesis
                .top(planner::MAX_HINTS)
                .iter()
                .map(|g| {
                    format!(
                        "for \"{}\": {} (fitness {:.2})",
                        g.keywords.join(" "),
                        g.tools().collect::<Vec<_>>().join(" → "),
                        learning.genesis.fitness(g)
                    )
                })
                .collect(),
            lessons: learning
                .feedback
                .lessons
                .iter()
                .rev()
                .take(MAX_LESSON_HINTS)
                .map(|l| l.text.clone())
                .collect(),
        }
    }

    async fn llm_plan(&self, goal: &str, snapshot: &Snapshot) -> Option<Plan> {
        let provider = self.config.provider.as_ref()?;
        {
            let live = self.live.lock().expect("soul lock");
            if live.llm_paused_until.is_some_and(|t| Instant::now() < t) {
                return None;
            }
        }
        let hints = Self::hints(&self.learning.lock().expect("learning lock"));
        let request =
            planner::plan_request(goal, snapshot, &self.tools, &self.config.examples, &hints);
        let answer = tokio::time::timeout(self.config.llm_timeout, provider.chat(&request)).await;
        let answer = match answer {
            Ok(Ok(a)) => a,
            Ok(Err(LlmError::RateLimited { retry_after })) => {
                let _ = self.store.count(|c| c.llm_rate_limited += 1);
                let wait = retry_after
                    .unwrap_or(Duration::from_secs(60))
                    .min(MAX_LLM_BACKOFF);
                self.live.lock().expect("soul lock").llm_paused_until = Some(Instant::now() + wait);
                self.thought(format!("provider rate-limited; templates for {wait:?}"));
                return None;
            }
            Ok(Err(e)) => {
                self.llm_failed(&e.to_string());
                return None;
            }
            Err(_) => {
                self.llm_failed(&format!("no answer within {:?}", self.config.llm_timeout));
                return None;
            }
        };
        match planner::parse_plan(&answer, &self.tools) {
            Ok(plan) => {
                self.live.lock().expect("soul lock").llm_backoff = Duration::ZERO;
                Some(plan)
            }
            Err(e) => {
                let _ = self.store.count(|c| c.plans_rejected += 1);
                let why = match std::error::Error::source(&e) {
                    Some(s) => format!("{e}: {s}"),
                    None => e.to_string(),
                };
                // A model that writes unusable plans is not asked again at once: each rejection
                // in a row doubles the pause (30 s up to 30 min), so a small local model cannot
                // keep the CPU busy generating plans that are thrown away.
                let pause = {
                    let mut live = self.live.lock().expect("soul lock");
                    live.llm_backoff =
                        (live.llm_backoff * 2).clamp(Duration::from_secs(30), MAX_REJECTED_BACKOFF);
                    live.llm_paused_until = Some(Instant::now() + live.llm_backoff);
                    live.llm_backoff
                };
                self.thought(format!(
                    "LLM plan rejected ({why}); templates for {pause:?}"
                ));
                None
            }
        }
    }

    fn llm_failed(&self, why: &str) {
        let _ = self.store.count(|c| c.llm_errors += 1);
        let mut live = self.live.lock().expect("soul lock");
        live.llm_backoff = (live.llm_backoff * 2).clamp(Duration::from_secs(5), MAX_LLM_BACKOFF);
        live.llm_paused_until = Some(Instant::now() + live.llm_backoff);
        let pause = live.llm_backoff;
        drop(live);
        self.thought(format!("provider failed ({why}); templates for {pause:?}"));
    }
}
