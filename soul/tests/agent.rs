//! The agent loop in process: a scripted provider behind the real `Provider` trait, the real
//! sled store and the real `remember` tool. A failing provider (timeouts, 429s, garbage JSON,
//! malformed plans) never panics and never loops without bound: the templates take over and
//! the counters show every rejection.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::future::BoxFuture;
use serde_json::{Value, json};
use x402_llm::{ChatRequest, ChatResponse, FinishReason, LlmError, Provider, ToolSpec, Usage};
use x402_soul::api::SoulStatus;
use x402_soul::memory::Remember;
use x402_soul::types::{GoalStatus, OutcomeClass, PlanOrigin};
use x402_soul::{
    Agent, AgentConfig, Observer, Snapshot, Store, Tool, ToolCtx, ToolError, ToolRegistry,
};

/// What the scripted provider does on one call.
enum Turn {
    Answer(&'static str),
    Sleep(Duration),
    RateLimited,
    Status(u16),
}

struct Scripted {
    turns: Mutex<VecDeque<Turn>>,
    calls: Mutex<usize>,
}

impl Scripted {
    fn new(turns: Vec<Turn>) -> Arc<Scripted> {
        Arc::new(Scripted {
            turns: Mutex::new(turns.into()),
            calls: Mutex::new(0),
        })
    }
    fn calls(&self) -> usize {
        *self.calls.lock().unwrap()
    }
}

fn answer(text: &str) -> ChatResponse {
    ChatResponse {
        content: text.to_string(),
        tool_calls: Vec::new(),
        finish: FinishReason::Stop,
        usage: Usage::default(),
    }
}

impl Provider for Scripted {
    fn kind(&self) -> &'static str {
        "scripted"
    }
    fn model(&self) -> &str {
        "script"
    }
    fn chat<'a>(&'a self, _: &'a ChatRequest) -> BoxFuture<'a, Result<ChatResponse, LlmError>> {
        *self.calls.lock().unwrap() += 1;
        let turn = self.turns.lock().unwrap().pop_front();
        Box::pin(async move {
            match turn {
                Some(Turn::Answer(t)) => Ok(answer(t)),
                Some(Turn::Sleep(d)) => {
                    tokio::time::sleep(d).await;
                    Ok(answer("{\"steps\":[]}"))
                }
                Some(Turn::RateLimited) => Err(LlmError::RateLimited { retry_after: None }),
                Some(Turn::Status(s)) => Err(LlmError::Status {
                    status: s,
                    message: "boom".into(),
                }),
                None => Ok(answer("\u{0}\u{1} not json at all")),
            }
        })
    }
}

struct Fixed(Snapshot);

impl Observer for Fixed {
    fn observe(&self) -> BoxFuture<'_, Snapshot> {
        let s = self.0.clone();
        Box::pin(async move { s })
    }
}

/// A `read_status` that answers from a fixed value, or always fails.
struct Status {
    fail: bool,
}

impl Tool for Status {
    fn spec(&self) -> ToolSpec {
        ToolSpec {
            name: "read_status".into(),
            description: "the node's status".into(),
            parameters: json!({"type":"object","properties":{}}),
        }
    }
    fn run<'a>(&'a self, _: &'a Value, _: &'a ToolCtx) -> BoxFuture<'a, Result<Value, ToolError>> {
        Box::pin(async move {
            if self.fail {
                Err(ToolError::failed("status unavailable"))
            } else {
                Ok(json!({"peers": 0}))
            }
        })
    }
}

/// A `remember` that always fails.
struct FailingRemember;

impl Tool for FailingRemember {
    fn spec(&self) -> ToolSpec {
        Remember.spec()
    }
    fn run<'a>(&'a self, _: &'a Value, _: &'a ToolCtx) -> BoxFuture<'a, Result<Value, ToolError>> {
        Box::pin(async { Err(ToolError::failed("memory unavailable")) })
    }
}

fn agent(db: &sled::Db, provider: Option<Arc<Scripted>>, status_fails: bool) -> Arc<Agent> {
    let mut tools = ToolRegistry::default();
    tools.register(Arc::new(Remember)).unwrap();
    tools
        .register(Arc::new(Status { fail: status_fails }))
        .unwrap();
    let config = AgentConfig {
        llm_timeout: Duration::from_millis(200),
        step_timeout: Duration::from_secs(5),
        provider: provider.map(|p| p as Arc<dyn Provider>),
        ..AgentConfig::default()
    };
    Agent::new(
        Store::open(db).unwrap(),
        tools,
        Arc::new(Fixed(Snapshot::default())),
        config,
    )
}

async fn cycles(agent: &Agent, n: usize) -> SoulStatus {
    for _ in 0..n {
        agent.cycle().await;
    }
    agent.status(true)
}

/// Reads the counter a failure must raise.
type Counter = fn(&SoulStatus) -> u64;

#[tokio::test]
async fn each_provider_failure_falls_back_to_templates() {
    let cases: Vec<(&str, Turn, Counter)> = vec![
        ("timeout", Turn::Sleep(Duration::from_secs(5)), |s| {
            s.counters.llm_errors
        }),
        ("429", Turn::RateLimited, |s| s.counters.llm_rate_limited),
        ("500", Turn::Status(500), |s| s.counters.llm_errors),
        ("garbage", Turn::Answer("{{{ not json"), |s| {
            s.counters.plans_rejected
        }),
        ("prose", Turn::Answer("Sure! I will deploy things."), |s| {
            s.counters.plans_rejected
        }),
        (
            "unknown tool",
            Turn::Answer(r#"{"steps":[{"tool":"shell","args":{"cmd":"rm -rf /"}}]}"#),
            |s| s.counters.plans_rejected,
        ),
        (
            "bad name",
            Turn::Answer(r#"{"steps":[{"tool":"../../bin/sh","args":{}}]}"#),
            |s| s.counters.plans_rejected,
        ),
        (
            "bad args",
            Turn::Answer(
                r#"{"steps":[{"tool":"remember","args":{"key":"k","path":"/etc/passwd"}}]}"#,
            ),
            |s| s.counters.plans_rejected,
        ),
        (
            "missing args",
            Turn::Answer(r#"{"steps":[{"tool":"remember","args":{}}]}"#),
            |s| s.counters.plans_rejected,
        ),
        (
            "too many steps",
            Turn::Answer(
                r#"{"steps":[{"tool":"read_status"},{"tool":"read_status"},{"tool":"read_status"},{"tool":"read_status"},{"tool":"read_status"},{"tool":"read_status"},{"tool":"read_status"},{"tool":"read_status"},{"tool":"read_status"}]}"#,
            ),
            |s| s.counters.plans_rejected,
        ),
        ("empty plan", Turn::Answer(r#"{"steps":[]}"#), |s| {
            s.counters.plans_rejected
        }),
        (
            "step not an object",
            Turn::Answer(r#"{"steps":[42]}"#),
            |s| s.counters.plans_rejected,
        ),
    ];
    for (name, turn, counter) in cases {
        let dir = tempfile::tempdir().unwrap();
        let db = x402_payments::store::open_db(dir.path()).unwrap();
        let provider = Scripted::new(vec![turn]);
        let agent = agent(&db, Some(provider.clone()), false);
        // Far more cycles than the goal needs: the loop must settle, not spin.
        let status = cycles(&agent, 12).await;
        assert_eq!(counter(&status), 1, "{name}: the failure is counted once");
        assert_eq!(status.counters.plans_llm, 0, "{name}: no LLM plan accepted");
        assert!(
            status.counters.plans_template >= 1,
            "{name}: templates took over"
        );
        assert_eq!(
            status.counters.goals_completed, 1,
            "{name}: the goal completed"
        );
        assert!(status.goals.is_empty(), "{name}: nothing left running");
        let done = &status.recent_goals[0];
        assert_eq!(done.plan.as_ref().unwrap().origin, PlanOrigin::Template);
        assert!(
            done.reflection
                .as_ref()
                .unwrap()
                .contains("template introspect")
        );
        // The same goal is not formed again during its cool-down: the loop idles.
        assert_eq!(status.counters.goals_formed, 1, "{name}: no goal churn");
        assert_eq!(
            status.outcomes_total, 2,
            "{name}: read_status then remember"
        );
        assert!(
            provider.calls() <= 1,
            "{name}: the provider is not hammered"
        );
    }
}

#[tokio::test]
async fn a_valid_llm_plan_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let db = x402_payments::store::open_db(dir.path()).unwrap();
    let provider = Scripted::new(vec![Turn::Answer(
        "```json\n{\"steps\":[{\"tool\":\"remember\",\"args\":{\"key\":\"seen\",\"value\":{\"x\":1}}}]}\n```",
    )]);
    let agent = agent(&db, Some(provider), false);
    let status = cycles(&agent, 3).await;
    assert_eq!(status.counters.plans_llm, 1);
    assert_eq!(status.counters.plans_rejected, 0);
    assert_eq!(
        status.recent_goals[0].plan.as_ref().unwrap().origin,
        PlanOrigin::Llm
    );
    assert_eq!(
        agent.store().recall("seen").unwrap(),
        Some(json!({"x": 1})),
        "the LLM's step ran"
    );
    assert_eq!(status.provider.unwrap().kind, "scripted");
}

#[tokio::test]
async fn a_failing_step_is_replanned_at_most_three_times() {
    let dir = tempfile::tempdir().unwrap();
    let db = x402_payments::store::open_db(dir.path()).unwrap();
    // Every tool fails: the replan that leaves out the tool predicted to fail fails too, and
    // then no alternative is left.
    let mut tools = ToolRegistry::default();
    tools.register(Arc::new(Status { fail: true })).unwrap();
    tools.register(Arc::new(FailingRemember)).unwrap();
    let agent = Agent::new(
        Store::open(&db).unwrap(),
        tools,
        Arc::new(Fixed(Snapshot::default())),
        AgentConfig {
            step_timeout: Duration::from_secs(5),
            ..AgentConfig::default()
        },
    );
    let status = cycles(&agent, 20).await;
    assert_eq!(status.counters.goals_failed, 1);
    assert_eq!(status.counters.replans, 3);
    assert_eq!(
        status.outcomes_total, 4,
        "first plan and three replans, one failure each"
    );
    assert!(
        status
            .outcomes
            .iter()
            .all(|o| o.class == OutcomeClass::Failed)
    );
    let failed = &status.recent_goals[0];
    assert_eq!(failed.status, GoalStatus::Failed);
    assert!(
        failed
            .reflection
            .as_ref()
            .unwrap()
            .contains("status unavailable")
    );
    assert!(
        status.fitness.execution < 0.5,
        "failures lower execution fitness"
    );
}

#[tokio::test]
async fn restart_keeps_goals_plans_and_outcomes() {
    let dir = tempfile::tempdir().unwrap();
    let (goal, outcomes) = {
        let db = x402_payments::store::open_db(dir.path()).unwrap();
        let agent = agent(&db, None, false);
        // One cycle: a goal is formed, planned (read_status → remember) and its first step run.
        let status = cycles(&agent, 1).await;
        assert_eq!(status.goals.len(), 1);
        assert_eq!(status.plan.as_ref().unwrap().next, 1);
        agent.store().flush().unwrap();
        (status.goals[0].clone(), status.outcomes_total)
    };
    let db = x402_payments::store::open_db(dir.path()).unwrap();
    let agent = agent(&db, None, false);
    let status = agent.status(true);
    assert_eq!(
        status.goals,
        vec![goal.clone()],
        "the goal and its plan survive"
    );
    assert_eq!(status.outcomes_total, outcomes);
    assert_eq!(status.outcomes.len(), 1);
    // It resumes where it stopped: the second step, not a new plan.
    let status = cycles(&agent, 1).await;
    assert_eq!(status.recent_goals[0].id, goal.id);
    assert_eq!(status.recent_goals[0].status, GoalStatus::Completed);
    assert_eq!(status.outcomes_total, 2);
    assert_eq!(status.counters.plans_template, 1);
}

#[tokio::test]
async fn nudges_are_bounded_deduplicated_and_run_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = x402_payments::store::open_db(dir.path()).unwrap();
    let agent = agent(&db, None, false);
    assert!(agent.nudge("").is_err());
    assert!(agent.nudge(&"x".repeat(501)).is_err());
    let a = agent.nudge("Remember the fitness!").unwrap();
    let again = agent.nudge("remember the FITNESS").unwrap();
    assert!(again.duplicate);
    assert_eq!(again.goal.id, a.goal.id);
    agent.nudge("introspect status one").unwrap();
    agent.nudge("introspect status two").unwrap();
    assert!(
        matches!(agent.nudge("a fourth"), Err(x402_soul::NudgeError::Full)),
        "three nudged goals are the limit"
    );
    let status = agent.status(true);
    assert_eq!(status.goals.len(), 3);
    let chat = agent.chat("deploy a cartridge").await.unwrap();
    assert!(chat.provider.is_none());
    assert!(chat.answer.contains("no LLM"), "{}", chat.answer);
    assert!(agent.chat(&"y".repeat(4001)).await.is_err());
}

#[tokio::test]
async fn rejected_plans_pause_the_llm_planner() {
    let dir = tempfile::tempdir().unwrap();
    let db = x402_payments::store::open_db(dir.path()).unwrap();
    // Every answer is garbage (the scripted provider's default), as a tiny model's may be.
    let provider = Scripted::new(vec![]);
    let agent = agent(&db, Some(provider.clone()), false);
    cycles(&agent, 4).await;
    assert_eq!(provider.calls(), 1);
    // More goals right away: planned by the templates, the model is not asked again.
    for text in [
        "remember the peers",
        "read the status again",
        "check the node",
    ] {
        agent.nudge(text).unwrap();
    }
    let status = cycles(&agent, 20).await;
    assert_eq!(provider.calls(), 1, "paused after a rejected plan");
    assert_eq!(status.counters.plans_rejected, 1);
    assert!(
        status.counters.goals_completed >= 4,
        "{:?}",
        status.counters
    );
    assert!(status.counters.plans_template >= 4, "{:?}", status.counters);
}
