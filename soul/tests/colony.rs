//! The colony's needs in process: a need in the snapshot (the node puts the current queen's
//! needs there) becomes a goal with source `colony`; with a `benchmark_problem` tool registered
//! the `benchmark` template runs it and a passed problem counts toward evolution; without the
//! tool the same goal falls back to introspection. A training need runs `request_training`.

use std::sync::{Arc, Mutex};

use futures::future::BoxFuture;
use serde_json::{Value, json};
use x402_llm::ToolSpec;
use x402_soul::api::SoulStatus;
use x402_soul::memory::Remember;
use x402_soul::types::{GoalSource, GoalStatus, OutcomeClass};
use x402_soul::{
    Agent, AgentConfig, Observer, Snapshot, Store, Tool, ToolCtx, ToolError, ToolRegistry,
};

struct Fixed(Snapshot);

impl Observer for Fixed {
    fn observe(&self) -> BoxFuture<'_, Snapshot> {
        let s = self.0.clone();
        Box::pin(async move { s })
    }
}

/// A scripted tool: answers `answer`, counts its calls.
struct Scripted {
    name: &'static str,
    answer: Value,
    calls: Mutex<usize>,
}

impl Tool for Scripted {
    fn spec(&self) -> ToolSpec {
        ToolSpec {
            name: self.name.into(),
            description: "scripted".into(),
            parameters: json!({"type":"object","properties":{
                "slug":{"type":"string","maxLength":64},
                "tier":{"type":"integer"}
            }}),
        }
    }
    fn run<'a>(&'a self, _: &'a Value, _: &'a ToolCtx) -> BoxFuture<'a, Result<Value, ToolError>> {
        *self.calls.lock().unwrap() += 1;
        let v = self.answer.clone();
        Box::pin(async move { Ok(v) })
    }
}

fn snapshot(needs: &[&str]) -> Snapshot {
    Snapshot {
        colony_needs: needs.iter().map(|n| n.to_string()).collect(),
        ..Snapshot::default()
    }
}

fn agent(db: &sled::Db, snapshot: Snapshot, extra: Vec<Arc<Scripted>>) -> Arc<Agent> {
    let mut tools = ToolRegistry::default();
    tools.register(Arc::new(Remember)).unwrap();
    for t in extra {
        tools.register(t).unwrap();
    }
    Agent::new(
        Store::open(db).unwrap(),
        tools,
        Arc::new(Fixed(snapshot)),
        AgentConfig::default(),
    )
}

async fn cycles(agent: &Agent, n: usize) -> SoulStatus {
    for _ in 0..n {
        agent.cycle().await;
    }
    agent.status(true)
}

fn bench_tool(outcome: &str) -> Arc<Scripted> {
    Arc::new(Scripted {
        name: "benchmark_problem",
        answer: json!({"slug":"two-sum","tier":1,"outcome":outcome,"elapsed_ms":12,
                       "solver":"reference","passed":outcome == "passed"}),
        calls: Mutex::new(0),
    })
}

#[tokio::test]
async fn a_colony_need_becomes_a_colony_goal_run_by_the_benchmark_template() {
    let dir = tempfile::tempdir().unwrap();
    let db = x402_payments::store::open_db(dir.path()).unwrap();
    let bench = bench_tool("passed");
    let agent = agent(
        &db,
        snapshot(&["run a benchmark problem"]),
        vec![bench.clone()],
    );
    assert!(agent.tools().has("benchmark_problem"));
    let status = cycles(&agent, 2).await;
    let goal = status
        .recent_goals
        .iter()
        .find(|g| g.text == "run a benchmark problem")
        .unwrap_or_else(|| panic!("no colony goal: {status:?}"));
    assert_eq!(goal.source, GoalSource::Colony);
    assert_eq!(goal.status, GoalStatus::Completed, "{goal:?}");
    let plan = goal.plan.as_ref().unwrap();
    assert_eq!(plan.template.as_deref(), Some("benchmark"));
    assert_eq!(plan.steps[0].tool.as_str(), "benchmark_problem");
    assert_eq!(*bench.calls.lock().unwrap(), 1);
    let outcome = status
        .outcomes
        .iter()
        .find(|o| o.tool.as_str() == "benchmark_problem")
        .unwrap();
    assert_eq!(outcome.class, OutcomeClass::Ok);
    assert!(outcome.detail.contains("\"outcome\":\"passed\""));
    // The passed problem is the only evolution record: evolution is full.
    assert_eq!(status.fitness.evolution, 1.0, "{:?}", status.fitness);
}

#[tokio::test]
async fn a_failed_problem_lowers_evolution() {
    let dir = tempfile::tempdir().unwrap();
    let db = x402_payments::store::open_db(dir.path()).unwrap();
    let agent = agent(
        &db,
        snapshot(&["run a benchmark problem"]),
        vec![bench_tool("compile_error")],
    );
    let status = cycles(&agent, 2).await;
    // The tool ran (ok), the problem did not pass.
    assert_eq!(status.outcomes[0].class, OutcomeClass::Ok);
    assert_eq!(status.fitness.evolution, 0.0, "{:?}", status.fitness);
}

#[tokio::test]
async fn without_the_tool_a_benchmark_need_is_introspection() {
    let dir = tempfile::tempdir().unwrap();
    let db = x402_payments::store::open_db(dir.path()).unwrap();
    let agent = agent(&db, snapshot(&["run a benchmark problem"]), Vec::new());
    let status = cycles(&agent, 2).await;
    let goal = &status.recent_goals[0];
    assert_eq!(goal.source, GoalSource::Colony);
    assert_eq!(
        goal.plan.as_ref().unwrap().template.as_deref(),
        Some("introspect")
    );
    assert!(
        status
            .outcomes
            .iter()
            .all(|o| o.tool.as_str() != "benchmark_problem")
    );
}

#[tokio::test]
async fn a_training_need_requests_a_training_round() {
    let dir = tempfile::tempdir().unwrap();
    let db = x402_payments::store::open_db(dir.path()).unwrap();
    let train = Arc::new(Scripted {
        name: "request_training",
        answer: json!({"state":"started","round":2}),
        calls: Mutex::new(0),
    });
    let agent = agent(
        &db,
        snapshot(&["request a training round"]),
        vec![train.clone()],
    );
    let status = cycles(&agent, 2).await;
    let goal = &status.recent_goals[0];
    assert_eq!(goal.source, GoalSource::Colony);
    assert_eq!(goal.status, GoalStatus::Completed, "{goal:?}");
    assert_eq!(
        goal.plan.as_ref().unwrap().template.as_deref(),
        Some("train")
    );
    assert_eq!(*train.calls.lock().unwrap(), 1);
}
