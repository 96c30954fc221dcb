//! Genesis on its own: extraction, fitness, pruning, crossover and mutation against the tool
//! schemas, bounds.

use std::sync::Arc;

use futures::future::BoxFuture;
use serde_json::{Value, json};
use x402_llm::ToolSpec;

use super::genesis::{self, Gene, Genesis, MAX_TEMPLATES};
use crate::memory::Remember;
use crate::tool::{Tool, ToolCtx, ToolError, ToolRegistry};
use crate::types::{MAX_STEPS, Step, ToolName};

/// A tool with no arguments.
struct Bare(&'static str);

impl Tool for Bare {
    fn spec(&self) -> ToolSpec {
        ToolSpec {
            name: self.0.into(),
            description: "bare".into(),
            parameters: json!({"type":"object","properties":{}}),
        }
    }
    fn run<'a>(&'a self, _: &'a Value, _: &'a ToolCtx) -> BoxFuture<'a, Result<Value, ToolError>> {
        Box::pin(async { Ok(json!({})) })
    }
}

fn registry(names: &[&'static str]) -> ToolRegistry {
    let mut r = ToolRegistry::default();
    r.register(Arc::new(Remember)).unwrap();
    for n in names {
        r.register(Arc::new(Bare(n))).unwrap();
    }
    r
}

fn step(tool: &str) -> Step {
    let args = if tool == "remember" {
        json!({ "key": "k" })
    } else {
        json!({})
    };
    Step {
        tool: ToolName::parse(tool).unwrap(),
        args,
    }
}

fn steps(tools: &[&str]) -> Vec<Step> {
    tools.iter().map(|t| step(t)).collect()
}

/// A fixed-seed generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n
    }
}

#[test]
fn a_repeated_plan_is_extracted_once_and_grows_fitter() {
    let tools = registry(&["read_status", "benchmark_problem"]);
    let mut g = Genesis::default();
    let plan = steps(&["read_status", "remember"]);
    g.completed("introspect the status", &plan, &tools);
    g.completed("introspect the status", &plan, &tools);
    let learned: Vec<&Gene> = g.templates.iter().filter(|t| t.steps == plan).collect();
    assert_eq!(learned.len(), 1);
    assert_eq!((learned[0].uses, learned[0].successes), (2, 2));
    assert_eq!(g.extracted, 1);
    let best = g
        .best_for("introspect: what is the status?", &tools)
        .unwrap();
    assert_eq!(best.steps, plan);
    assert!(g.fitness(best) >= genesis::USE_FITNESS);
    // No keyword in common: no template.
    assert!(g.best_for("train the model", &tools).is_none());
    // Not every keyword in the goal: no template (its arguments were learned for another
    // goal, e.g. another cartridge).
    assert!(g.best_for("introspect the peers", &tools).is_none());
    // A plan with a step the schemas refuse is not extracted.
    let bad = vec![Step {
        tool: ToolName::parse("remember").unwrap(),
        args: json!({ "nope": 1 }),
    }];
    g.completed("remember this", &bad, &tools);
    assert!(g.templates.iter().all(|t| t.steps != bad));
}

#[test]
fn templates_using_a_failing_tool_lose_fitness_and_are_pruned() {
    let tools = registry(&["read_status", "benchmark_problem"]);
    let mut g = Genesis::default();
    g.completed(
        "benchmark then remember",
        &steps(&["benchmark_problem", "remember"]),
        &tools,
    );
    g.completed("status", &steps(&["read_status"]), &tools);
    let before = g.fitness(&g.templates[0]);
    g.failed("benchmark_problem");
    let after = g
        .templates
        .iter()
        .find(|t| t.tools().any(|x| x == "benchmark_problem"))
        .map(|t| g.fitness(t))
        .unwrap();
    assert!(after < before, "{after} < {before}");
    for _ in 0..4 {
        g.failed("benchmark_problem");
    }
    assert!(
        g.templates
            .iter()
            .all(|t| t.tools().all(|x| x != "benchmark_problem")),
        "{:?}",
        g.templates
    );
    assert!(g.pruned >= 1);
    assert!(
        g.templates
            .iter()
            .any(|t| t.steps == steps(&["read_status"]))
    );
}

#[test]
fn crossover_splices_at_a_shared_tool_and_mutation_drops_or_repeats() {
    let gene = |s: Vec<Step>| Gene {
        id: 0,
        keywords: vec!["x".into()],
        steps: s,
        uses: 0,
        successes: 0,
        last_used: 0,
        origin: "extracted".into(),
    };
    let a = gene(steps(&["read_status", "remember"]));
    let b = gene(steps(&["benchmark_problem", "remember", "read_status"]));
    assert_eq!(
        Genesis::crossover(&a, &b).unwrap(),
        steps(&["read_status"]),
        "a before read_status, then b from read_status"
    );
    assert_eq!(
        Genesis::crossover(&b, &a).unwrap(),
        steps(&["benchmark_problem", "remember"]),
        "b before remember (its first tool a has), then a from remember"
    );
    let c = gene(steps(&["benchmark_problem"]));
    assert!(Genesis::crossover(&a, &c).is_none(), "no shared tool");
    assert_eq!(
        Genesis::mutate(&a, 1, false).unwrap(),
        steps(&["read_status"])
    );
    assert_eq!(
        Genesis::mutate(&a, 0, true).unwrap(),
        steps(&["read_status", "read_status", "remember"])
    );
    assert!(Genesis::mutate(&c, 0, false).is_none(), "never empty");
    let full = gene(steps(&["read_status"; MAX_STEPS]));
    assert!(Genesis::mutate(&full, 0, true).is_none(), "never too long");
}

#[test]
fn evolution_only_keeps_schema_valid_candidates_and_stays_bounded() {
    let names = ["read_status", "benchmark_problem", "request_training"];
    let tools = registry(&names);
    let mut all: Vec<&str> = names.to_vec();
    all.push("remember");
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut g = Genesis::default();
    for i in 0..400 {
        let n = 1 + rng.below(4);
        let plan: Vec<&str> = (0..n).map(|_| all[rng.below(all.len())]).collect();
        g.completed(
            &format!("goal number {} {}", i % 7, plan[0]),
            &steps(&plan),
            &tools,
        );
        if i % 5 == 0 {
            g.failed(all[rng.below(all.len())]);
        }
        assert!(g.templates.len() <= MAX_TEMPLATES);
        for t in &g.templates {
            assert!(genesis::valid(&t.steps, &tools), "{t:?}");
            assert!(t.keywords.len() <= genesis::MAX_KEYWORDS);
        }
    }
    assert!(g.crossovers > 0 && g.mutations > 0, "{g:?}");
    let summary = g.summary();
    assert_eq!(summary["count"], g.templates.len());
    assert_eq!(summary["samples"].as_array().unwrap().len(), 3);

    // A template whose tool is gone (a node with fewer tools) is never used, and its
    // offspring are refused by the schema check.
    let fewer = registry(&["read_status"]);
    let mut h = Genesis {
        clock: 1,
        ..Genesis::default()
    };
    h.templates.push(Gene {
        id: 1,
        keywords: vec!["benchmark".into(), "status".into()],
        steps: steps(&["benchmark_problem", "read_status"]),
        uses: 3,
        successes: 3,
        last_used: 1,
        origin: "extracted".into(),
    });
    assert!(h.best_for("benchmark status", &tools).is_some());
    assert!(h.best_for("benchmark status", &fewer).is_none());
    h.evolve(&fewer);
    assert_eq!((h.templates.len(), h.mutations), (1, 0), "{h:?}");
    h.evolve(&tools);
    assert_eq!((h.templates.len(), h.mutations), (2, 1), "{h:?}");
}
