//! The learning systems wired into the real loop: every step outcome reaches feedback, cortex
//! and evaluation, their state survives a restart (real sled), and `/soul/status.systems`
//! reports them.

use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use serde_json::{Value, json};
use x402_llm::ToolSpec;
use x402_soul::memory::Remember;
use x402_soul::{
    Agent, AgentConfig, Observer, Snapshot, Store, Tool, ToolCtx, ToolError, ToolRegistry,
};

struct Fixed;

impl Observer for Fixed {
    fn observe(&self) -> BoxFuture<'_, Snapshot> {
        Box::pin(async { Snapshot::default() })
    }
}

/// A `read_status` that always fails.
struct Broken;

impl Tool for Broken {
    fn spec(&self) -> ToolSpec {
        ToolSpec {
            name: "read_status".into(),
            description: "the node's status".into(),
            parameters: json!({"type":"object","properties":{}}),
        }
    }
    fn run<'a>(&'a self, _: &'a Value, _: &'a ToolCtx) -> BoxFuture<'a, Result<Value, ToolError>> {
        Box::pin(async { Err(ToolError::failed("status unavailable")) })
    }
}

fn agent(db: &sled::Db) -> Arc<Agent> {
    let mut tools = ToolRegistry::default();
    tools.register(Arc::new(Remember)).unwrap();
    tools.register(Arc::new(Broken)).unwrap();
    let config = AgentConfig {
        step_timeout: Duration::from_secs(5),
        ..AgentConfig::default()
    };
    Agent::new(Store::open(db).unwrap(), tools, Arc::new(Fixed), config)
}

#[tokio::test]
async fn every_outcome_feeds_the_systems_and_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let learned = {
        let db = x402_payments::store::open_db(dir.path()).unwrap();
        let agent = agent(&db);
        for _ in 0..20 {
            agent.cycle().await;
        }
        let status = agent.status(true);
        let n = status.outcomes_total;
        assert_eq!(
            n, 2,
            "read_status fails once; the replan leaves it out and completes"
        );
        let sys = serde_json::to_value(&status.systems).unwrap();
        for key in [
            "brain",
            "cortex",
            "genesis",
            "hivemind",
            "synthesis",
            "autonomy",
            "evaluation",
            "feedback",
            "free_energy",
        ] {
            assert!(sys.get(key).is_some(), "systems.{key}");
        }
        let cortex = &sys["cortex"];
        assert_eq!(cortex["samples"], n, "{cortex}");
        assert!(cortex["brier"].is_f64() && cortex["baseline_brier"].is_f64());
        let action = cortex["actions"]
            .as_object()
            .unwrap()
            .iter()
            .find(|(k, _)| k.starts_with("read_status|") && !k.ends_with("|*"))
            .map(|(_, v)| v.clone())
            .expect("read_status in its goal's context");
        assert!(action["p"].as_f64().unwrap() < 0.3, "{action}");
        assert_eq!(action["samples"], 1);
        let frontier = cortex["frontier"].as_array().unwrap();
        assert_eq!(frontier.len(), 2, "{cortex}");
        assert!(frontier.iter().all(|f| f["samples"] == 1), "{cortex}");
        assert_eq!(sys["evaluation"]["systems"]["cortex"]["samples"], n);
        assert_eq!(sys["feedback"]["outcomes_total"], n, "counters kept");
        assert_eq!(sys["feedback"]["categories"]["read_status"]["other"], 1);
        assert_eq!(sys["feedback"]["plans_avoided"], Value::Null);
        assert_eq!(sys["genesis"]["plans_avoided"], 1);
        assert_eq!(sys["genesis"]["best"]["tools"], json!(["remember"]));
        let learning = agent.learning();
        assert!(learning.feedback.lessons_for(&["read_status"]).is_empty());
        assert_eq!(learning.genesis.templates[0].uses, 1);
        agent.store().flush().unwrap();
        learning
    };
    let db = x402_payments::store::open_db(dir.path()).unwrap();
    let agent = agent(&db);
    let back = agent.learning();
    assert_eq!(back.feedback, learned.feedback);
    assert_eq!(back.evaluation.outcomes, learned.evaluation.outcomes);
    assert_eq!(back.cortex.beliefs.len(), learned.cortex.beliefs.len());
    assert_eq!(back.genesis, learned.genesis);
}
