//! The loop: observe → goals → plan → execute one step → record the outcome → advance, replan
//! or complete with a reflection. One task runs it; the node's shutdown stops it.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::sync::{Notify, broadcast};
use x402_llm::{LlmError, Provider};

use crate::api::{self, Pacing};

use crate::fitness::{Component, Fitness};
use crate::observe::{Observer, Snapshot};
use crate::planner::{self, Template};
use crate::store::{Store, StoreError};
use crate::systems::{BrainModel, Field, Learning, LocalField, Prior, autonomy};
use crate::tool::{ToolCtx, ToolRegistry};
use crate::types::{
    Goal, GoalId, GoalSource, GoalStatus, MAX_DETAIL, MAX_GOAL_TEXT, MAX_REPLANS, OutcomeClass,
    Plan, PlanOrigin, SoulEvent, Step, StepOutcome, cut, normalise, now_ms,
};

mod chat;
mod learn;
mod plan;
mod status;

/// Most active goals.
pub const MAX_ACTIVE_GOALS: usize = 3;
/// Outcomes fitness and predictions look at.
pub const RECENT: usize = 100;
/// Events buffered for `/soul/events` (a lagging client skips).
pub const EVENTS: usize = 256;
/// A goal with the same text is not formed again this soon after it finished.
pub const GOAL_COOLDOWN_MS: u64 = 10 * 60 * 1000;
/// Longest pause of the LLM path after provider errors.
const MAX_LLM_BACKOFF: Duration = Duration::from_secs(300);
/// Longest pause of the LLM planner after plans rejected in a row.
const MAX_REJECTED_BACKOFF: Duration = Duration::from_secs(30 * 60);
/// Longest pause before the first cycle.
const WARM_UP: Duration = Duration::from_secs(30);
/// Rounds of tool calls in one chat.
const MAX_CHAT_ROUNDS: usize = 4;

/// How the loop runs.
#[derive(Clone)]
pub struct AgentConfig {
    /// Pause between cycles while a plan runs.
    pub busy_interval: Duration,
    /// Pause between cycles when idle.
    pub idle_interval: Duration,
    /// Deadline of one step (and, with observation and planning, of a cycle).
    pub step_timeout: Duration,
    /// Deadline of one provider call.
    pub llm_timeout: Duration,
    /// The LLM (none: templates only).
    pub provider: Option<Arc<dyn Provider>>,
    /// Spending limit, micro-USD.
    pub budget_limit_micros: u64,
    /// The corpus cartridges, for the planner's examples and choice of cartridge.
    pub examples: Arc<crate::examples::Examples>,
    /// The node's brain (none: no brain votes, no gate; examples are still recorded).
    pub brain: Option<Arc<dyn BrainModel>>,
    /// The node's pheromone field (none: the soul keeps its own, persisted in `soul_meta`).
    pub hivemind: Option<Arc<dyn Field>>,
}

impl Default for AgentConfig {
    fn default() -> Self {
        AgentConfig {
            busy_interval: Duration::from_secs(2),
            idle_interval: Duration::from_secs(30),
            step_timeout: Duration::from_secs(360),
            llm_timeout: Duration::from_secs(60),
            provider: None,
            budget_limit_micros: 0,
            examples: Arc::default(),
            brain: None,
            hivemind: None,
        }
    }
}

/// Why a nudge was refused.
#[derive(Debug, thiserror::Error)]
pub enum NudgeError {
    /// Empty or too long.
    #[error("a nudge is 1 to {} bytes of text", api::MAX_NUDGE)]
    BadText,
    /// Three nudges are already active.
    #[error("{MAX_ACTIVE_GOALS} nudged goals are already active")]
    Full,
    /// Storage failed.
    #[error("cannot store the goal")]
    Store(
        #[from]
        #[source]
        StoreError,
    ),
}

/// Why a chat was refused.
#[derive(Debug, thiserror::Error)]
pub enum ChatError {
    /// Empty or too long.
    #[error("a chat message is 1 to {} bytes", api::MAX_CHAT)]
    BadText,
    /// The provider failed.
    #[error("the provider failed")]
    Provider(
        #[from]
        #[source]
        LlmError,
    ),
    /// The provider did not answer in time.
    #[error("the provider did not answer within {0:?}")]
    Timeout(Duration),
}

#[derive(Default)]
struct Live {
    snapshot: Snapshot,
    fitness: Fitness,
    llm_paused_until: Option<Instant>,
    llm_backoff: Duration,
    pacing: Pacing,
}

/// The soul's agent.
pub struct Agent {
    store: Store,
    tools: ToolRegistry,
    observer: Arc<dyn Observer>,
    config: AgentConfig,
    events: broadcast::Sender<SoulEvent>,
    live: Mutex<Live>,
    learning: Mutex<Learning>,
    /// The pheromone field steps deposit on.
    field: Arc<dyn Field>,
    /// The soul's own field, when the node gave none (persisted).
    local_field: Option<Arc<LocalField>>,
    wake: Notify,
}

impl Agent {
    /// An agent over `store` (goals, plans and outcomes of earlier runs are picked up).
    pub fn new(
        store: Store,
        tools: ToolRegistry,
        observer: Arc<dyn Observer>,
        config: AgentConfig,
    ) -> Arc<Agent> {
        let (events, _) = broadcast::channel(EVENTS);
        let learning = Mutex::new(Learning::load(&store));
        let (field, local_field): (Arc<dyn Field>, _) = match config.hivemind.clone() {
            Some(f) => (f, None),
            None => {
                let stored = store
                    .meta_json(crate::systems::HIVEMIND_KEY)
                    .unwrap_or_else(|e| {
                        tracing::warn!(error = %e, "pheromone field unreadable; starting afresh");
                        None
                    })
                    .unwrap_or_default();
                let local = Arc::new(LocalField::new(stored));
                (local.clone(), Some(local))
            }
        };
        if let Some(b) = &config.brain {
            b.train_on(store.examples());
        }
        if let Some(v) = learning.lock().expect("learning lock").surprise.value {
            field.surprise(v);
        }
        Arc::new(Agent {
            field,
            local_field,
            store,
            tools,
            observer,
            config,
            events,
            live: Mutex::new(Live::default()),
            learning,
            wake: Notify::new(),
        })
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The tools.
    pub fn tools(&self) -> &ToolRegistry {
        &self.tools
    }

    /// Events from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<SoulEvent> {
        self.events.subscribe()
    }

    fn emit(&self, event: SoulEvent) {
        let _ = self.events.send(event);
    }

    fn thought(&self, text: impl Into<String>) {
        self.emit(SoulEvent::Thought { text: text.into() });
    }

    /// Runs cycles until `shutdown` is cancelled: a cycle in progress is cut at its next await
    /// (its steps record their outcome as they end), then the state is flushed.
    pub async fn run(self: Arc<Self>, shutdown: tokio_util::sync::CancellationToken) {
        self.thought("soul awake");
        // Warm-up: the node joins its swarm and restores its state before the soul acts.
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = tokio::time::sleep(self.config.idle_interval.min(WARM_UP)) => {}
            _ = self.wake.notified() => {}
        }
        loop {
            if shutdown.is_cancelled() {
                break;
            }
            let started = Instant::now();
            let outcomes_before = self.store.counters().outcomes_total;
            let hard = self.config.step_timeout + self.config.llm_timeout + Duration::from_secs(30);
            let cycle = tokio::time::timeout(hard, self.cycle());
            let busy = tokio::select! {
                _ = shutdown.cancelled() => break,
                r = cycle => match r {
                    Ok(busy) => busy,
                    Err(_) => {
                        let _ = self.store.count(|c| c.cycle_timeouts += 1);
                        self.thought(format!("cycle cut after {hard:?}"));
                        false
                    }
                },
            };
            let interval = if busy {
                self.config.busy_interval
            } else {
                self.config.idle_interval
            };
            {
                let mut live = self.live.lock().expect("soul lock");
                let worked = self.store.counters().outcomes_total > outcomes_before;
                live.pacing.busy = busy;
                live.pacing.interval_ms = interval.as_millis() as u64;
                live.pacing
                    .record(worked, started.elapsed().as_millis() as u64);
            }
            tokio::select! {
                _ = shutdown.cancelled() => break,
                _ = tokio::time::sleep(interval) => {}
                _ = self.wake.notified() => {}
            }
        }
        if let Err(e) = self.store.flush() {
            tracing::warn!(error = %e, "soul state not flushed");
        }
        tracing::info!("soul stopped");
    }

    /// One cycle; returns whether a plan is still running (fast pacing).
    pub async fn cycle(&self) -> bool {
        let _ = self.store.count(|c| c.cycles += 1);
        let snapshot =
            match tokio::time::timeout(Duration::from_secs(10), self.observer.observe()).await {
                Ok(s) => s,
                Err(_) => {
                    self.thought("observation timed out; using the previous snapshot");
                    self.live.lock().expect("soul lock").snapshot.clone()
                }
            };
        let recent = self.store.recent_outcomes(RECENT).unwrap_or_default();
        let fitness = Fitness::compute(&recent, self.store.counters().spent_micros, &snapshot);
        {
            let mut live = self.live.lock().expect("soul lock");
            live.snapshot = snapshot.clone();
            live.fitness = fitness;
        }
        let goals = match self.store.goals() {
            Ok(g) => g,
            Err(e) => {
                tracing::warn!(error = %e, "soul goals unreadable");
                return false;
            }
        };
        if let Err(e) = self.form_goal(&goals, &snapshot, &fitness) {
            tracing::warn!(error = %e, "goal not formed");
        }
        let Some(mut goal) = current(self.store.goals().unwrap_or_default()) else {
            return false;
        };
        if goal.plan.is_none() {
            match self
                .plan(&goal.text, source_key(goal.source), &snapshot, goal.replans)
                .await
            {
                Some(plan) => {
                    goal.plan = Some(plan);
                    self.thought(format!(
                        "planned {}: {}",
                        goal.id,
                        describe(goal.plan.as_ref())
                    ));
                }
                None => {
                    self.finish(
                        &mut goal,
                        GoalStatus::Failed,
                        "no tool can serve this goal".into(),
                    );
                    return false;
                }
            }
            goal.updated_ms = now_ms();
            self.save(&goal);
        }
        self.execute_next(&mut goal).await;
        self.store
            .goals()
            .unwrap_or_default()
            .iter()
            .any(|g| g.status == GoalStatus::Active)
    }

    fn save(&self, goal: &Goal) {
        if let Err(e) = self.store.save_goal(goal) {
            tracing::warn!(error = %e, goal = %goal.id, "goal not saved");
        }
        self.emit(SoulEvent::Goal { goal: goal.clone() });
    }

    /// Adds a goal from the colony, the weakest fitness component or curiosity when fewer
    /// than [`MAX_ACTIVE_GOALS`] are active.
    fn form_goal(
        &self,
        goals: &[Goal],
        snapshot: &Snapshot,
        fitness: &Fitness,
    ) -> Result<(), StoreError> {
        let active = goals
            .iter()
            .filter(|g| g.status == GoalStatus::Active)
            .count();
        if active >= MAX_ACTIVE_GOALS {
            return Ok(());
        }
        let now = now_ms();
        let taken = |text: &str| {
            let n = normalise(text);
            goals.iter().any(|g| {
                normalise(&g.text) == n
                    && (g.status == GoalStatus::Active
                        || now.saturating_sub(g.updated_ms) < GOAL_COOLDOWN_MS)
            })
        };
        let mut candidates: Vec<(String, GoalSource)> = snapshot
            .colony_needs
            .iter()
            .map(|t| (cut(t, MAX_GOAL_TEXT), GoalSource::Colony))
            .collect();
        {
            let learning = self.learning.lock().expect("learning lock");
            for g in autonomy::goals(&learning) {
                if autonomy::compile(&g, &learning, &self.tools).is_some() {
                    candidates.push((g, GoalSource::Diagnosis));
                }
            }
        }
        for c in fitness.weakest_first() {
            if let Some(text) = self.goal_for(c, snapshot) {
                candidates.push((text, GoalSource::WeakestFitness));
            }
        }
        if let Some(g) = snapshot.peer_gateways.first()
            && Template::ProbePeer.available(&self.tools)
        {
            candidates.push((format!("probe peer {g}"), GoalSource::Curiosity));
        }
        // Only one goal is formed per cycle, and only when nothing is running: goals queue
        // behind the running one instead of piling up.
        if active > 0 {
            return Ok(());
        }
        if let Some((text, source)) = candidates.into_iter().find(|(t, _)| !taken(t)) {
            if source == GoalSource::Diagnosis {
                let mut learning = self.learning.lock().expect("learning lock");
                learning.autonomy.goals_raised += 1;
                learning.autonomy.last_goal = Some(text.clone());
                if let Err(e) = learning.save(&self.store) {
                    tracing::warn!(error = %e, "learning state not stored");
                }
            }
            let goal = Goal {
                id: self.store.next_goal_id()?,
                text,
                source,
                status: GoalStatus::Active,
                plan: None,
                replans: 0,
                created_ms: now,
                updated_ms: now,
                reflection: None,
            };
            self.thought(format!(
                "new goal {} ({:?}, fitness {:.2}): {}",
                goal.id, source, fitness.total, goal.text
            ));
            self.save(&goal);
        }
        Ok(())
    }

    fn goal_for(&self, c: Component, snapshot: &Snapshot) -> Option<String> {
        let deploy = planner::next_cartridge(snapshot)
            .filter(|_| Template::DeployCartridge.available(&self.tools))
            .map(|name| format!("deploy cartridge {name} and price it"));
        let probe = snapshot
            .peer_gateways
            .first()
            .filter(|_| Template::ProbePeer.available(&self.tools))
            .map(|g| format!("probe peer {g}"));
        let bench = Template::Benchmark
            .available(&self.tools)
            .then(|| "run a benchmark problem".to_string());
        let introspect = Template::Introspect
            .available(&self.tools)
            .then(|| "introspect: record fitness and status".to_string());
        match c {
            Component::Economic => deploy,
            Component::Evolution => bench.or(deploy),
            Component::Coordination => probe,
            Component::Execution | Component::Introspection | Component::Prediction => introspect,
        }
    }

    /// Runs one tool call with the step deadline and records it as an outcome.
    async fn call(&self, goal: GoalId, index: usize, step: &Step, predicted: f64) -> StepOutcome {
        self.emit(SoulEvent::Step {
            goal,
            index,
            tool: step.tool.clone(),
            args: step.args.clone(),
        });
        let started = Instant::now();
        let result: Result<Value, (OutcomeClass, String)> = match self.tools.check(&step.clone()) {
            Err(crate::tool::StepError::UnknownTool(t)) => {
                Err((OutcomeClass::UnknownTool, format!("no tool named {t}")))
            }
            Err(e) => Err((OutcomeClass::BadArgs, error_chain(&e))),
            Ok(()) => {
                let tool = self.tools.get(&step.tool).expect("checked above");
                let ctx = ToolCtx {
                    goal,
                    store: self.store.clone(),
                };
                match tokio::time::timeout(self.config.step_timeout, tool.run(&step.args, &ctx))
                    .await
                {
                    Ok(Ok(v)) => Ok(v),
                    Ok(Err(e)) => Err((e.class(), error_chain(&e))),
                    Err(_) => Err((
                        OutcomeClass::Timeout,
                        format!("no result within {:?}", self.config.step_timeout),
                    )),
                }
            }
        };
        let (class, detail, spent) = match &result {
            Ok(v) => (
                OutcomeClass::Ok,
                v.to_string(),
                v["spent_micros"].as_u64().unwrap_or(0),
            ),
            Err((class, message)) => (*class, message.clone(), 0),
        };
        let outcome = StepOutcome {
            seq: 0,
            goal,
            step: index,
            tool: step.tool.clone(),
            class,
            detail: cut(&detail, MAX_DETAIL),
            duration_ms: started.elapsed().as_millis() as u64,
            spent_micros: spent,
            predicted,
            at_ms: now_ms(),
        };
        let outcome = match self.store.record(outcome.clone()) {
            Ok(o) => o,
            Err(e) => {
                tracing::warn!(error = %e, "outcome not stored");
                outcome
            }
        };
        tracing::info!(goal = %goal, step = index, tool = %step.tool, class = ?outcome.class, ms = outcome.duration_ms, "soul step");
        self.emit(SoulEvent::Outcome {
            outcome: outcome.clone(),
        });
        outcome
    }

    async fn execute_next(&self, goal: &mut Goal) {
        let Some(plan) = goal.plan.clone() else {
            return;
        };
        let Some(step) = plan.steps.get(plan.next) else {
            self.finish(goal, GoalStatus::Completed, String::new());
            return;
        };
        let Some(prior) = self.prior_for(goal, &plan, plan.next) else {
            return;
        };
        let veto = {
            let learning = self.learning.lock().expect("learning lock");
            Self::gate_reason(&learning, step.tool.as_str(), prior.brain)
        };
        if let Some(why) = veto {
            self.gated(&why);
            let failure = format!("step {} ({}) gated: {why}", plan.next, step.tool);
            self.thought(format!("{} {failure}", goal.id));
            goal.updated_ms = now_ms();
            self.replan(goal, failure).await;
            return;
        }
        let outcome = self.call(goal.id, plan.next, step, prior.cortex).await;
        self.learn(&outcome, step, goal, prior);
        goal.updated_ms = now_ms();
        if outcome.class == OutcomeClass::Ok {
            let next = plan.next + 1;
            if next >= plan.steps.len() {
                if let Some(p) = goal.plan.as_mut() {
                    p.next = next;
                }
                self.finish(goal, GoalStatus::Completed, String::new());
            } else {
                if let Some(p) = goal.plan.as_mut() {
                    p.next = next;
                }
                self.save(goal);
            }
            return;
        }
        let failure = format!(
            "step {} ({}) {:?}: {}",
            plan.next,
            step.tool,
            outcome.class,
            cut(&outcome.detail, 160)
        );
        self.replan(goal, failure).await;
    }

    /// After a failed (or gated) step: a new plan, or the goal fails after [`MAX_REPLANS`].
    async fn replan(&self, goal: &mut Goal, failure: String) {
        if goal.replans >= MAX_REPLANS {
            self.finish(goal, GoalStatus::Failed, failure);
            return;
        }
        goal.replans += 1;
        let _ = self.store.count(|c| c.replans += 1);
        let snapshot = self.live.lock().expect("soul lock").snapshot.clone();
        match self
            .plan(&goal.text, source_key(goal.source), &snapshot, goal.replans)
            .await
        {
            Some(p) => {
                self.thought(format!(
                    "{} failed at {failure}; replan {} of {MAX_REPLANS}: {}",
                    goal.id,
                    goal.replans,
                    describe(Some(&p))
                ));
                goal.plan = Some(p);
                self.save(goal);
            }
            None => self.finish(goal, GoalStatus::Failed, failure),
        }
    }

    /// The learning systems' predictions for `step` (made before it runs).
    fn prior(&self, step: &Step, ctx: &str) -> Prior {
        self.learning
            .lock()
            .expect("learning lock")
            .prior(step.tool.as_str(), ctx)
    }

    /// The learning systems (a copy).
    pub fn learning(&self) -> Learning {
        self.learning.lock().expect("learning lock").clone()
    }

    /// Ends `goal` with a short reflection.
    fn finish(&self, goal: &mut Goal, status: GoalStatus, why: String) {
        goal.status = status;
        goal.updated_ms = now_ms();
        let outcomes = self.store.recent_outcomes(RECENT).unwrap_or_default();
        let mine: Vec<&StepOutcome> = outcomes.iter().filter(|o| o.goal == goal.id).collect();
        let ok = mine.iter().filter(|o| o.class == OutcomeClass::Ok).count();
        let ms: u64 = mine.iter().map(|o| o.duration_ms).sum();
        let how = goal
            .plan
            .as_ref()
            .map_or("no plan".to_string(), |p| match p.origin {
                PlanOrigin::Llm => "an LLM plan".to_string(),
                PlanOrigin::Genesis => {
                    format!("learned {}", p.template.as_deref().unwrap_or("?"))
                }
                PlanOrigin::Template => {
                    format!("template {}", p.template.as_deref().unwrap_or("?"))
                }
            });
        let reflection = match status {
            GoalStatus::Completed => format!(
                "done with {how}: {ok} of {} steps ok, {} replans, {:.1} s of tool time",
                mine.len(),
                goal.replans,
                ms as f64 / 1000.0
            ),
            _ => format!(
                "gave up after {} replans ({how}): {why}; {ok} of {} steps ok",
                goal.replans,
                mine.len()
            ),
        };
        goal.reflection = Some(cut(&reflection, 300));
        if status == GoalStatus::Completed
            && let Some(plan) = &goal.plan
        {
            self.learned(&goal.text, plan);
        }
        if status == GoalStatus::Completed && goal.source == GoalSource::Diagnosis {
            let mut learning = self.learning.lock().expect("learning lock");
            if learning.recalibrated(&goal.text) {
                self.thought(format!("{}: scores reset", goal.text));
                if let Err(e) = learning.save(&self.store) {
                    tracing::warn!(error = %e, "learning state not stored");
                }
            }
        }
        let _ = self.store.count(|c| match status {
            GoalStatus::Completed => c.goals_completed += 1,
            _ => c.goals_failed += 1,
        });
        self.thought(format!("{} {:?}: {reflection}", goal.id, status));
        self.save(goal);
    }

    /// Adds an operator's goal; when three goals are active the oldest one that was not
    /// nudged is superseded.
    pub fn nudge(&self, text: &str) -> Result<api::NudgeResponse, NudgeError> {
        let text = text.trim();
        if text.is_empty() || text.len() > api::MAX_NUDGE {
            return Err(NudgeError::BadText);
        }
        let goals = self.store.goals()?;
        let n = normalise(text);
        if let Some(g) = goals
            .iter()
            .find(|g| g.status == GoalStatus::Active && normalise(&g.text) == n)
        {
            return Ok(api::NudgeResponse {
                goal: g.clone(),
                duplicate: true,
            });
        }
        let active: Vec<&Goal> = goals
            .iter()
            .filter(|g| g.status == GoalStatus::Active)
            .collect();
        if active.len() >= MAX_ACTIVE_GOALS {
            let Some(old) = active.iter().find(|g| g.source != GoalSource::Nudge) else {
                return Err(NudgeError::Full);
            };
            let mut old = (*old).clone();
            old.status = GoalStatus::Superseded;
            old.updated_ms = now_ms();
            old.reflection = Some("superseded by a nudge".into());
            self.save(&old);
        }
        let now = now_ms();
        let goal = Goal {
            id: self.store.next_goal_id()?,
            text: cut(text, MAX_GOAL_TEXT),
            source: GoalSource::Nudge,
            status: GoalStatus::Active,
            plan: None,
            replans: 0,
            created_ms: now,
            updated_ms: now,
            reflection: None,
        };
        self.store.count(|c| c.nudges += 1)?;
        self.thought(format!("nudged: {}", goal.text));
        self.save(&goal);
        self.wake.notify_one();
        Ok(api::NudgeResponse {
            goal,
            duplicate: false,
        })
    }
}

/// The goal to work on: one whose plan has started, else a nudge, else the oldest active one.
fn current(goals: Vec<Goal>) -> Option<Goal> {
    let active: Vec<Goal> = goals
        .into_iter()
        .filter(|g| g.status == GoalStatus::Active)
        .collect();
    let started = active
        .iter()
        .position(|g| g.plan.as_ref().is_some_and(|p| p.next > 0));
    let nudged = active.iter().position(|g| g.source == GoalSource::Nudge);
    let at = started.or(nudged).unwrap_or(0);
    active.into_iter().nth(at)
}

/// The coarse context key of the learning systems: where the goal came from.
fn source_key(source: GoalSource) -> &'static str {
    match source {
        GoalSource::WeakestFitness => "weakest-fitness",
        GoalSource::Curiosity => "curiosity",
        GoalSource::Nudge => "nudge",
        GoalSource::Colony => "colony",
        GoalSource::Diagnosis => "diagnosis",
    }
}

fn describe(plan: Option<&Plan>) -> String {
    plan.map_or("-".into(), |p| {
        p.steps
            .iter()
            .map(|s| s.tool.as_str())
            .collect::<Vec<_>>()
            .join(" → ")
    })
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}
