//! Brain features and gate, hivemind, synthesis, autonomy and the learning surprise on
//! recorded outcome sequences: each learns a pattern that is there and invents none that is
//! not.

use std::sync::Arc;

use serde_json::json;
use x402_cognition::TrailCategory;

use super::synthesis::{self, State};
use super::*;
use crate::memory::Remember;
use crate::tool::ToolRegistry;
use crate::types::{GoalId, Step, ToolName};

/// A fixed-seed coin (xorshift64*).
struct Rng(u64);

impl Rng {
    fn coin(&mut self) -> bool {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 63) == 1
    }
}

fn outcome(tool: &str, ok: bool) -> StepOutcome {
    StepOutcome {
        seq: 0,
        goal: GoalId(1),
        step: 0,
        tool: ToolName::parse(tool).unwrap(),
        class: if ok {
            OutcomeClass::Ok
        } else {
            OutcomeClass::Timeout
        },
        detail: if ok { "{}" } else { "no result within 1s" }.into(),
        duration_ms: 1,
        spent_micros: 0,
        predicted: 0.5,
        at_ms: 0,
    }
}

fn deposit(field: &LocalField, tool: &str, ok: bool) {
    let o = outcome(tool, ok);
    let cat = if ok { Category::Ok } else { Category::Timeout };
    let step = Step {
        tool: o.tool.clone(),
        args: json!({ "draft": "echo" }),
    };
    field.deposit(&hivemind::deposits(
        &o,
        Some(&step),
        "run a benchmark problem",
        cat,
    ));
}

#[test]
fn hivemind_repels_a_failing_tool_attracts_a_good_one_and_ignores_a_coin() {
    let field = LocalField::default();
    let mut coin = Rng(7);
    for i in 0..60 {
        deposit(&field, "benchmark_problem", false);
        deposit(&field, "read_status", true);
        // Alternating outcomes: no pattern.
        deposit(&field, "publish", i % 2 == 0);
        deposit(&field, "discovery", coin.coin());
    }
    let f: &dyn Field = &field;
    assert!(hivemind::repellent(f, "benchmark_problem").is_some());
    assert!(hivemind::vote(f, "benchmark_problem").unwrap() < 0.1);
    assert!(hivemind::vote(f, "read_status").unwrap() > 0.9);
    assert!(hivemind::repellent(f, "read_status").is_none());
    assert!(hivemind::repellent(f, "publish").is_none());
    let p = hivemind::vote(f, "publish").unwrap();
    assert!((0.3..0.7).contains(&p), "alternating: {p}");
    assert!(hivemind::vote(f, "never_ran").is_none());
    assert!(hivemind::attraction(f, ["read_status"]) > hivemind::attraction(f, ["publish"]));
    assert!(hivemind::attraction(f, ["publish"]) > hivemind::attraction(f, ["benchmark_problem"]));
    // Error pattern, goal keyword and file trails were laid too.
    assert!(
        field
            .trail("benchmark_problem:timeout", TrailCategory::ErrorPattern)
            .is_some()
    );
    assert!(
        field
            .trail("benchmark", TrailCategory::GoalKeyword)
            .is_some()
    );
    assert!(field.trail("draft:echo", TrailCategory::File).is_some());
    // Bounded.
    for i in 0..2000u32 {
        let name: String = [i % 26, i / 26 % 26, i / 676]
            .iter()
            .map(|k| char::from(b'a' + *k as u8))
            .collect();
        deposit(&field, &format!("tool_{name}"), i % 3 == 0);
    }
    assert!(field.field().len() <= x402_cognition::pheromone::MAX_TRAILS);
}

#[test]
fn synthesis_weighs_votes_by_measured_accuracy() {
    let mut e = Evaluation::default();
    // The cortex is always right, the hivemind a coin-flipper's 0.5.
    let mut coin = Rng(3);
    for _ in 0..40 {
        let ok = coin.coin();
        e.record(
            &[(CORTEX, if ok { 0.95 } else { 0.05 }), (HIVEMIND, 0.5)],
            ok,
        );
    }
    let w_cortex = synthesis::weight(&e, CORTEX);
    let w_hive = synthesis::weight(&e, HIVEMIND);
    assert!(
        w_cortex > 0.99 && (w_hive - 0.75).abs() < 1e-9,
        "{w_cortex} {w_hive}"
    );
    let v = synthesis::combine(&[(CORTEX, 0.9), (HIVEMIND, 0.1)], &e, 0);
    assert!(v.p > 0.5, "the accurate system weighs more: {v:?}");
    assert!(v.coherence < synthesis::CONFLICTED_BELOW);
    assert_eq!(v.state, State::Conflicted);
    let agree = synthesis::combine(&[(CORTEX, 0.9), (HIVEMIND, 0.85)], &e, 0);
    assert!(agree.coherence > 0.9, "{agree:?}");
    assert_eq!(agree.state, State::Exploiting);
    let middling = synthesis::combine(&[(CORTEX, 0.5), (HIVEMIND, 0.5)], &e, 0);
    assert_eq!(middling.state, State::Coherent);
    assert_eq!(
        synthesis::combine(&[(CORTEX, 0.9)], &e, synthesis::STUCK_AFTER).state,
        State::Stuck
    );
    assert_eq!(
        synthesis::combine(&[(CORTEX, 0.9)], &Evaluation::default(), 0).state,
        State::Exploring
    );
    assert_eq!(synthesis::combine(&[], &e, 0).p, 0.5);
}

fn feed(l: &mut Learning, tool: &str, n: usize, mut ok: impl FnMut() -> bool) {
    for _ in 0..n {
        let o = outcome(tool, ok());
        let prior = l.prior(tool, "nudge");
        l.observe(&o, "nudge", &prior);
    }
}

#[test]
fn synthesis_is_scored_and_tracks_failures_in_a_row() {
    let mut l = Learning::default();
    feed(&mut l, "read_status", 30, || true);
    feed(&mut l, "benchmark_problem", 30, || false);
    let s = l.evaluation.score(SYNTHESIS).unwrap();
    assert_eq!(s.samples, 60);
    assert!(!s.flagged(), "it learns the pattern: {:?}", s.brier());
    assert_eq!(l.synthesis.failures_in_row, 30);
    feed(&mut l, "read_status", 1, || true);
    assert_eq!(l.synthesis.failures_in_row, 0);
}

#[test]
fn surprise_falls_as_outcomes_become_predictable_and_rises_when_they_change() {
    let mut l = Learning::default();
    assert_eq!(l.surprise.value, None);
    feed(&mut l, "read_status", 60, || true);
    let calm = l.surprise.value.unwrap();
    assert!(calm < 0.05, "{calm}");
    // The tool starts failing: the systems did not expect it.
    feed(&mut l, "read_status", 3, || false);
    let surprised = l.surprise.value.unwrap();
    assert!(surprised > calm + 0.3, "{calm} -> {surprised}");
    // A coin stays surprising (about 0.25): nothing to learn.
    let mut l = Learning::default();
    let mut coin = Rng(11);
    feed(&mut l, "publish", 200, || coin.coin());
    let v = l.surprise.value.unwrap();
    assert!((0.15..0.4).contains(&v), "{v}");
}

fn registry() -> ToolRegistry {
    let mut r = ToolRegistry::default();
    r.register(Arc::new(Remember)).unwrap();
    r
}

#[test]
fn autonomy_diagnoses_a_failing_tool_and_recalibrates_a_flagged_system() {
    let mut l = Learning::default();
    let mut coin = Rng(5);
    feed(&mut l, "publish", 100, || coin.coin());
    assert!(
        autonomy::goals(&l)
            .iter()
            .all(|g| g.starts_with("recalibrate")),
        "a coin teaches no lesson: {:?}",
        autonomy::goals(&l)
    );
    feed(&mut l, "benchmark_problem", 5, || false);
    let goals = autonomy::goals(&l);
    assert_eq!(goals[0], "diagnose tool benchmark_problem", "{goals:?}");
    let tools = registry();
    let plan = autonomy::compile(&goals[0], &l, &tools).unwrap();
    assert_eq!(plan.steps.len(), 1, "no read_status registered");
    assert_eq!(plan.steps[0].args["key"], "diagnosis.benchmark_problem");
    assert_eq!(
        plan.steps[0].args["value"]["lessons"][0]["category"],
        "timeout"
    );
    assert!(autonomy::compile("deploy cartridge x", &l, &tools).is_none());
    // A cortex no better than the baseline is flagged but not recalibrated (nothing to gain);
    // one confidently wrong on a coin is.
    let mut l = Learning::default();
    let mut coin = Rng(9);
    feed(&mut l, "publish", 100, || coin.coin());
    assert!(l.evaluation.score(CORTEX).unwrap().flagged());
    assert!(autonomy::goals(&l).is_empty(), "{:?}", autonomy::goals(&l));
    for _ in 0..30 {
        l.evaluation.record(&[(CORTEX, 0.95)], coin.coin());
    }
    assert!(autonomy::goals(&l).contains(&"recalibrate cortex".to_string()));
    let plan = autonomy::compile("recalibrate cortex", &l, &tools).unwrap();
    assert_eq!(plan.steps[0].args["key"], "recalibrate.cortex");
    let before = l.cortex.beliefs["publish|*"].ok;
    assert!(l.recalibrated("recalibrate cortex"));
    assert!(l.evaluation.score(CORTEX).is_none());
    assert_eq!(l.cortex.beliefs["publish|*"].ok, before / 2.0);
    assert_eq!(l.autonomy.resets, 1);
    assert!(
        !l.recalibrated("recalibrate cortex"),
        "nothing left to reset"
    );
}

#[test]
fn brain_features_come_from_the_feedback_and_the_gate_needs_skill() {
    let mut l = Learning::default();
    feed(&mut l, "benchmark_problem", 4, || false);
    feed(&mut l, "read_status", 2, || true);
    let f = brain::features(
        &l.feedback,
        &l.evaluation,
        "benchmark_problem",
        "nudge",
        "run a benchmark problem",
        (0, 1, 2),
    );
    let timeout = x402_model::brain_data::category_index("timeout").unwrap();
    assert_eq!(f.history[timeout], 4);
    assert_eq!(f.last, Some(timeout));
    assert!((f.global_failure_rate - (1.0 - 3.0 / 8.0)).abs() < 1e-9);
    let e = f.example("timeout");
    assert!(!e.success && e.error_class == Some(4));
    // The gate: not before GATE_AFTER samples, not when flagged, then yes.
    let mut ev = Evaluation::default();
    assert!(!brain::may_gate(ev.score(BRAIN)));
    for i in 0..30 {
        ev.record(&[(BRAIN, 0.5)], i % 10 != 0);
    }
    assert!(
        !brain::may_gate(ev.score(BRAIN)),
        "a brain that knows nothing"
    );
    let mut ev = Evaluation::default();
    for i in 0..30 {
        let ok = i % 3 != 0;
        ev.record(&[(BRAIN, if ok { 0.9 } else { 0.1 })], ok);
    }
    assert!(brain::may_gate(ev.score(BRAIN)));
}

#[test]
fn new_states_round_trip_through_sled() {
    let dir = tempfile::tempdir().unwrap();
    let db = sled::open(dir.path()).unwrap();
    let store = crate::store::Store::open(&db).unwrap();
    let mut l = Learning::default();
    feed(&mut l, "benchmark_problem", 6, || false);
    l.autonomy.goals_raised = 2;
    l.brain.gated = 3;
    l.save(&store).unwrap();
    let back = Learning::load(&store);
    assert_eq!(back, l);
    let ex =
        brain::features(&l.feedback, &l.evaluation, "pay", "nudge", "g", (0, 1, 0)).example("ok");
    for seq in 0..10 {
        store.record_example(seq, &ex, 4).unwrap();
    }
    assert_eq!(store.examples_len(), 4);
    assert_eq!(store.examples(), vec![ex; 4]);
}
