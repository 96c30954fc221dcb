//! The brain in the real loop (real sled, the real `remember` tool, scripted tools, a real
//! `x402_model` brain trained on the examples the soul records): once it has learned that a
//! tool always fails and beats its baseline, the step is gated (not run) and the goal
//! replanned; a brain without skill never gates. The hivemind, synthesis and free energy see
//! the same steps.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::future::BoxFuture;
use serde_json::{Value, json};
use x402_cognition::{PheromoneField, TrailCategory};
use x402_llm::ToolSpec;
use x402_model::brain::{Brain, BrainConfig, BrainExample, Prediction};
use x402_soul::memory::Remember;
use x402_soul::systems::BrainModel;
use x402_soul::types::{Goal, GoalStatus, OutcomeClass};
use x402_soul::{
    Agent, AgentConfig, Observer, Snapshot, Store, Tool, ToolCtx, ToolError, ToolRegistry,
};

struct Fixed;

impl Observer for Fixed {
    fn observe(&self) -> BoxFuture<'_, Snapshot> {
        Box::pin(async { Snapshot::default() })
    }
}

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

/// A small real brain, trained on every hand-over of the recorded examples.
struct Trained {
    brain: Mutex<Brain>,
    trained_on: Mutex<usize>,
}

impl BrainModel for Trained {
    fn predict(&self, features: &[f32]) -> Option<Prediction> {
        self.brain.lock().unwrap().predict(features).ok()
    }
    fn train_on(&self, examples: Vec<BrainExample>) {
        if examples.is_empty() {
            return;
        }
        let mut b = self.brain.lock().unwrap();
        for _ in 0..40 {
            for chunk in examples.chunks(32) {
                b.train_step(chunk).unwrap();
            }
        }
        *self.trained_on.lock().unwrap() = examples.len();
    }
    fn summary(&self) -> Value {
        json!({ "trained_on": *self.trained_on.lock().unwrap() })
    }
}

/// A brain that always says 0.1, whatever happens.
struct Pessimist;

impl BrainModel for Pessimist {
    fn predict(&self, _: &[f32]) -> Option<Prediction> {
        Some(Prediction {
            success_prob: 0.1,
            likely_error: 0,
            error_confidence: 1.0,
            capabilities: [0.0; 11],
        })
    }
    fn train_on(&self, _: Vec<BrainExample>) {}
    fn summary(&self) -> Value {
        Value::Null
    }
}

fn agent(db: &sled::Db, brain: Arc<dyn BrainModel>) -> Arc<Agent> {
    let mut tools = ToolRegistry::default();
    tools.register(Arc::new(Remember)).unwrap();
    for (name, ok) in [("read_status", true), ("benchmark_problem", false)] {
        tools.register(Arc::new(Scripted { name, ok })).unwrap();
    }
    let config = AgentConfig {
        step_timeout: Duration::from_secs(5),
        brain: Some(brain),
        ..AgentConfig::default()
    };
    Agent::new(Store::open(db).unwrap(), tools, Arc::new(Fixed), config)
}

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

#[tokio::test]
async fn a_skilled_brain_gates_the_step_it_learned_fails() {
    let dir = tempfile::tempdir().unwrap();
    let db = x402_payments::store::open_db(dir.path()).unwrap();
    let config = BrainConfig {
        hidden: 32,
        warmup_steps: 5,
        total_steps: 2000,
        ..BrainConfig::default()
    };
    let brain = Arc::new(Trained {
        brain: Mutex::new(Brain::new(config, 1).unwrap()),
        trained_on: Mutex::new(0),
    });
    let agent = agent(&db, brain.clone());
    let mut gated = None;
    for round in 0..12 {
        let ok = run(&agent, &format!("introspect: remember the status {round}")).await;
        assert_eq!(ok.status, GoalStatus::Completed, "{:?}", ok.reflection);
        let bench = run(&agent, "run a benchmark problem").await;
        assert_eq!(bench.status, GoalStatus::Failed);
        if agent.store().counters().brain_gated > 0 {
            gated = Some(bench);
            break;
        }
        // The same goal text may not be formed again for 10 minutes; nudges are not held
        // to that, but the goal must have ended.
    }
    let gated = gated.expect("the brain never gated the failing step");
    let outcomes = agent.store().recent_outcomes(512).unwrap();
    let ran = outcomes.iter().filter(|o| o.goal == gated.id).count();
    assert!(ran < 4, "a gated step does not run: {ran} outcomes");
    assert!(
        gated.reflection.as_deref().unwrap().contains("gated"),
        "{:?}",
        gated.reflection
    );
    assert!(*brain.trained_on.lock().unwrap() >= 16);
    // The steps that work are not gated.
    let ok = run(&agent, "introspect: remember the status again").await;
    assert_eq!(ok.status, GoalStatus::Completed, "{:?}", ok.reflection);
    assert!(
        outcomes
            .iter()
            .filter(|o| o.tool.as_str() == "read_status")
            .all(|o| o.class == OutcomeClass::Ok)
    );

    let status = serde_json::to_value(agent.status(true)).unwrap();
    let s = &status["systems"];
    let b = &s["brain"];
    assert!(b["samples"].as_u64().unwrap() >= 20, "{b}");
    assert!(
        b["brier"].as_f64().unwrap() < b["baseline_brier"].as_f64().unwrap(),
        "{b}"
    );
    assert!(b["gated"].as_u64().unwrap() >= 1, "{b}");
    assert!(b["examples"].as_u64().unwrap() >= 16, "{b}");
    assert!(b["model"]["trained_on"].as_u64().unwrap() >= 16, "{b}");
    for name in ["brain", "cortex", "hivemind", "synthesis"] {
        let sys = &s["evaluation"]["systems"][name];
        assert!(sys["samples"].as_u64().unwrap() > 0, "{name}: {sys}");
        assert!(sys["brier"].is_number() && sys["baseline_brier"].is_number());
        assert!(s[name]["samples"].is_u64(), "{name}: {}", s[name]);
    }
    assert!(s["evaluation"]["flagged"].is_array());
    // The failing tool repels, the good one attracts (the soul's own field, persisted).
    assert!(
        s["hivemind"]["trails"].as_u64().unwrap() > 2,
        "{}",
        s["hivemind"]
    );
    let field: PheromoneField = agent
        .store()
        .meta_json(x402_soul::systems::HIVEMIND_KEY)
        .unwrap()
        .unwrap();
    let action = |r: &str| field.trail(r, TrailCategory::Action).unwrap().valence;
    assert!(action("benchmark_problem") < -0.5);
    assert!(action("read_status") > 0.5);
    assert!(s["synthesis"]["state"].is_string(), "{}", s["synthesis"]);
    assert!(s["free_energy"]["learning_surprise"].is_number());
    // A diagnosis goal is pending for the failing tool.
    assert!(
        s["autonomy"]["pending"]
            .as_array()
            .unwrap()
            .contains(&json!("diagnose tool benchmark_problem")),
        "{}",
        s["autonomy"]
    );
    // Restart: the bookkeeping and the examples survive.
    let before = agent.learning();
    drop(agent);
    let again = self::agent(&db, Arc::new(Pessimist));
    assert_eq!(again.learning(), before);
    assert!(again.store().examples_len() >= 16);
}

#[tokio::test]
async fn a_brain_without_skill_never_gates() {
    let dir = tempfile::tempdir().unwrap();
    let db = x402_payments::store::open_db(dir.path()).unwrap();
    let agent = agent(&db, Arc::new(Pessimist));
    for round in 0..12 {
        let g = run(&agent, &format!("introspect: remember the status {round}")).await;
        assert_eq!(g.status, GoalStatus::Completed, "{:?}", g.reflection);
    }
    let l = agent.learning();
    let score = l.evaluation.score("brain").unwrap();
    assert!(score.samples >= 20 && score.flagged(), "{score:?}");
    assert_eq!(agent.store().counters().brain_gated, 0);
}
