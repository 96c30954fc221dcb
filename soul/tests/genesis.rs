//! The planners use what was learned, in the real loop (real sled, the real `remember` tool,
//! scripted tools in process): a tool that always fails is predicted to fail, teaches a
//! lesson, is never part of a genesis template, and the next goal that could use it gets an
//! alternative; a repeated successful plan becomes a genesis template that is reused.

use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use serde_json::{Value, json};
use x402_llm::ToolSpec;
use x402_soul::memory::Remember;
use x402_soul::types::{Goal, GoalStatus, OutcomeClass, PlanOrigin};
use x402_soul::{
    Agent, AgentConfig, Observer, Snapshot, Store, Tool, ToolCtx, ToolError, ToolRegistry,
};

struct Fixed;

impl Observer for Fixed {
    fn observe(&self) -> BoxFuture<'_, Snapshot> {
        Box::pin(async { Snapshot::default() })
    }
}

/// A scripted tool: `name` with no arguments, always failing or always succeeding.
struct Scripted {
    name: &'static str,
    ok: bool,
}

impl Tool for Scripted {
    fn spec(&self) -> ToolSpec {
        ToolSpec {
            name: self.name.into(),
            description: "scripted".into(),
            parameters: json!({"type":"object","properties":{}}),
        }
    }
    fn run<'a>(&'a self, _: &'a Value, _: &'a ToolCtx) -> BoxFuture<'a, Result<Value, ToolError>> {
        Box::pin(async move {
            if self.ok {
                Ok(json!({ "ok": true }))
            } else {
                Err(ToolError::failed("the problem source is unavailable"))
            }
        })
    }
}

fn agent(db: &sled::Db) -> Arc<Agent> {
    let mut tools = ToolRegistry::default();
    tools.register(Arc::new(Remember)).unwrap();
    tools
        .register(Arc::new(Scripted {
            name: "read_status",
            ok: true,
        }))
        .unwrap();
    tools
        .register(Arc::new(Scripted {
            name: "benchmark_problem",
            ok: false,
        }))
        .unwrap();
    let config = AgentConfig {
        step_timeout: Duration::from_secs(5),
        ..AgentConfig::default()
    };
    Agent::new(Store::open(db).unwrap(), tools, Arc::new(Fixed), config)
}

/// Nudges `text` and runs cycles until that goal ends.
async fn run(agent: &Agent, text: &str) -> Goal {
    let id = agent.nudge(text).unwrap().goal.id;
    for _ in 0..20 {
        agent.cycle().await;
        let g = agent
            .store()
            .goals()
            .unwrap()
            .into_iter()
            .find(|g| g.id == id)
            .unwrap();
        if g.status != GoalStatus::Active {
            return g;
        }
    }
    panic!("goal {id} did not end");
}

fn tools_of(goal: &Goal) -> Vec<String> {
    goal.plan
        .as_ref()
        .unwrap()
        .steps
        .iter()
        .map(|s| s.tool.to_string())
        .collect()
}

#[tokio::test]
async fn a_failing_tool_is_learned_avoided_and_a_good_plan_is_reused() {
    let dir = tempfile::tempdir().unwrap();
    let db = x402_payments::store::open_db(dir.path()).unwrap();
    let agent = agent(&db);

    // Only benchmark_problem serves this goal: with no alternative it is tried until the
    // replans run out.
    let bench = run(&agent, "run a benchmark problem").await;
    assert_eq!(bench.status, GoalStatus::Failed);
    let outcomes = agent.store().recent_outcomes(100).unwrap();
    let fails: Vec<_> = outcomes
        .iter()
        .filter(|o| o.tool.as_str() == "benchmark_problem")
        .collect();
    assert_eq!(fails.len(), 4, "one plan and three replans");
    assert!(fails.iter().all(|o| o.class != OutcomeClass::Ok));
    // Each outcome's `predicted` is what the cortex believed before it ran.
    assert_eq!(fails[0].predicted, 0.5);
    // After one failure: (0 + 2 × the tool's rate 1/3) / (1 + 2), not the recent rate 1/3.
    assert!(
        (fails[1].predicted - 2.0 / 9.0).abs() < 1e-9,
        "{}",
        fails[1].predicted
    );
    assert!(fails[3].predicted < 0.3, "{}", fails[3].predicted);
    assert!(fails.windows(2).all(|w| w[1].predicted < w[0].predicted));

    let learning = agent.learning();
    let p = learning.cortex.predict("benchmark_problem", "nudge");
    assert!(p < 0.3, "{p}");
    assert_eq!(
        learning.feedback.lessons_for(&["benchmark_problem"]).len(),
        1
    );
    assert!(
        learning
            .genesis
            .templates
            .iter()
            .all(|g| g.tools().all(|t| t != "benchmark_problem")),
        "a failed plan is never extracted"
    );

    // This goal could be served by the benchmark template (its first keyword match), but the
    // soul has learned: the introspection template serves it instead, first time.
    let both = run(&agent, "benchmark the iq, then remember the fitness").await;
    assert_eq!(both.status, GoalStatus::Completed, "{:?}", both.reflection);
    assert_eq!(tools_of(&both), ["read_status", "remember"]);
    assert_eq!(
        both.plan.as_ref().unwrap().template.as_deref(),
        Some("introspect")
    );
    let outcomes = agent.store().recent_outcomes(100).unwrap();
    assert_eq!(
        outcomes
            .iter()
            .filter(|o| o.goal == both.id && o.class != OutcomeClass::Ok)
            .count(),
        0,
        "the failing tool was not tried again"
    );
    assert_eq!(agent.store().counters().plans_avoided, 1);

    // A successful plan becomes a genesis template, reused for a goal like it.
    let first = run(&agent, "introspect: remember the status").await;
    assert_eq!(first.status, GoalStatus::Completed);
    let again = run(&agent, "introspect: remember the status").await;
    assert_eq!(
        again.status,
        GoalStatus::Completed,
        "{:?}",
        again.reflection
    );
    let plan = again.plan.as_ref().unwrap();
    assert_eq!(plan.origin, PlanOrigin::Genesis, "{plan:?}");
    assert!(plan.template.as_deref().unwrap().starts_with("genesis-"));
    assert_eq!(tools_of(&again), ["read_status", "remember"]);
    assert_eq!(agent.store().counters().plans_genesis, 1);

    let learning = agent.learning();
    assert!(
        learning
            .genesis
            .templates
            .iter()
            .all(|g| g.tools().all(|t| t != "benchmark_problem"))
    );
    let status = serde_json::to_value(agent.status(true)).unwrap();
    let genesis = &status["systems"]["genesis"];
    assert!(genesis["count"].as_u64().unwrap() >= 1, "{genesis}");
    assert!(
        genesis["best"]["fitness"].as_f64().unwrap() >= 0.5,
        "{genesis}"
    );
    assert_eq!(genesis["best"]["tools"], json!(["read_status", "remember"]));
    assert!(genesis["samples"].as_array().unwrap().len() <= 3);
    assert_eq!(genesis["plans_genesis"], 1);

    // Genesis survives a restart.
    agent.store().flush().unwrap();
    drop(agent);
    let agent2 = self::agent(&db);
    assert_eq!(agent2.learning().genesis, learning.genesis);
}
