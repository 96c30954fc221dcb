//! The learning systems on recorded outcome sequences.

use super::*;
use crate::types::{GoalId, ToolName};

/// A fixed-seed generator (xorshift64*), so the random sequences are the same on every run.
struct Rng(u64);

impl Rng {
    fn coin(&mut self) -> bool {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 63) == 1
    }
}

fn outcome(tool: &str, class: OutcomeClass, detail: &str) -> StepOutcome {
    StepOutcome {
        seq: 0,
        goal: GoalId(1),
        step: 0,
        tool: ToolName::parse(tool).unwrap(),
        class,
        detail: detail.into(),
        duration_ms: 1,
        spent_micros: 0,
        predicted: 0.5,
        at_ms: 0,
    }
}

const COMPILE: &str = "soul-draft-x did not deploy: compilation failed:\nerror[E0425]: x";

/// Runs `n` outcomes of `tool` through `l`, success decided by `ok`.
fn feed(l: &mut Learning, tool: &str, ctx: &str, n: usize, mut ok: impl FnMut() -> bool) {
    for _ in 0..n {
        let o = if ok() {
            outcome(tool, OutcomeClass::Ok, "{}")
        } else {
            outcome(tool, OutcomeClass::Failed, COMPILE)
        };
        let prior = l.prior(tool, ctx);
        l.observe(&o, ctx, &prior);
    }
}

#[test]
fn categories_follow_the_tools_errors() {
    use Category as C;
    let cases = [
        (OutcomeClass::Ok, "{}", C::Ok),
        (OutcomeClass::Failed, COMPILE, C::CompileError),
        (
            OutcomeClass::Failed,
            "smoke case 0 (GET /): expected 200 got 500",
            C::TestFailure,
        ),
        (
            OutcomeClass::Refused,
            "price 5000 units is above the remaining budget 10 (limit 100)",
            C::Budget,
        ),
        (
            OutcomeClass::Refused,
            "price 5000 units is above the per-request maximum 100",
            C::PaymentRefused,
        ),
        (
            OutcomeClass::Failed,
            "payment failed: HTTP request failed: x",
            C::PaymentRefused,
        ),
        (OutcomeClass::Timeout, "no result within 360s", C::Timeout),
        (
            OutcomeClass::Failed,
            "x did not deploy: compilation did not finish within 300 s and was killed",
            C::Timeout,
        ),
        (
            OutcomeClass::Failed,
            "GET http://p/x answered 429",
            C::RateLimited,
        ),
        (
            OutcomeClass::Failed,
            "GET http://p/x failed: error sending request: connection refused",
            C::Network,
        ),
        (
            OutcomeClass::Refused,
            "http://p is not the gateway of a live peer",
            C::Network,
        ),
        (
            OutcomeClass::BadArgs,
            "bad arguments: missing field `draft`",
            C::InvalidArgs,
        ),
        (
            OutcomeClass::UnknownTool,
            "no tool named rm",
            C::InvalidArgs,
        ),
        (
            OutcomeClass::Refused,
            "invalid price \"$x\"",
            C::InvalidArgs,
        ),
        (OutcomeClass::Failed, "no draft named x", C::Other),
    ];
    for (class, detail, want) in cases {
        assert_eq!(feedback::classify(class, detail), want, "{detail}");
    }
}

#[test]
fn a_tool_that_always_fails_is_predicted_to_fail_and_teaches_a_lesson() {
    let mut l = Learning::default();
    feed(&mut l, "cartridge_compile_test", "nudge", 30, || false);
    let p = l.cortex.predict("cartridge_compile_test", "nudge");
    assert!(p < 0.3, "p = {p}");
    // Another context of the same tool borrows its rate.
    assert!(l.cortex.predict("cartridge_compile_test", "colony") < 0.3);
    let lessons = l
        .feedback
        .lessons_for(&["cartridge_compile_test", "remember"]);
    assert_eq!(lessons.len(), 1, "{lessons:?}");
    assert_eq!(lessons[0].category, Category::CompileError);
    assert!(lessons[0].evidence >= 3);
    assert!(lessons[0].text.contains("cartridge_compile_test"));
    assert!(l.feedback.lessons_for(&["remember"]).is_empty());
    // Repeated successes retire it.
    feed(&mut l, "cartridge_compile_test", "nudge", 2, || true);
    assert_eq!(l.feedback.lessons.len(), 1);
    feed(&mut l, "cartridge_compile_test", "nudge", 1, || true);
    assert!(l.feedback.lessons.is_empty());
    assert_eq!(l.feedback.retired, 1);
}

#[test]
fn a_lesson_needs_three_failures_of_one_kind() {
    let mut l = Learning::default();
    feed(&mut l, "peer_probe", "curiosity", 2, || false);
    assert!(l.feedback.lessons.is_empty());
    let o = outcome("peer_probe", OutcomeClass::Timeout, "no result within 1s");
    let prior = l.prior("peer_probe", "curiosity");
    l.observe(&o, "curiosity", &prior);
    assert!(
        l.feedback.lessons.is_empty(),
        "2 compile errors + 1 timeout"
    );
    feed(&mut l, "peer_probe", "curiosity", 1, || false);
    assert!(
        l.feedback.lessons.is_empty(),
        "3 of 4, under 3/4 of the history"
    );
    feed(&mut l, "peer_probe", "curiosity", 2, || false);
    assert_eq!(l.feedback.lessons.len(), 1);
    assert_eq!(l.feedback.lessons[0].evidence, 5);
}

#[test]
fn a_coin_flip_tool_gets_no_lesson_and_p_near_half() {
    let mut l = Learning::default();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut oks = 0;
    feed(&mut l, "peer_probe", "curiosity", 400, || {
        let ok = rng.coin();
        oks += usize::from(ok);
        ok
    });
    assert!((150..=250).contains(&oks), "the generator is a coin: {oks}");
    let p = l.cortex.predict("peer_probe", "curiosity");
    assert!((p - 0.5).abs() < 0.15, "p = {p}");
    assert_eq!(l.feedback.formed, 0, "{:?}", l.feedback.lessons);
    assert!(l.feedback.lessons_for(&["peer_probe"]).is_empty());
}

#[test]
fn cortex_beats_the_baseline_when_tools_differ() {
    let mut l = Learning::default();
    for i in 0..200 {
        if i % 2 == 0 {
            feed(&mut l, "cartridge_compile_test", "nudge", 1, || false);
        } else {
            feed(&mut l, "remember", "nudge", 1, || true);
        }
    }
    let s = l.evaluation.score(CORTEX).unwrap();
    assert_eq!(s.samples, 200);
    let (b, base) = (s.brier().unwrap(), s.baseline_brier().unwrap());
    assert!(b < 0.05 && base > 0.2, "brier {b}, baseline {base}");
    assert!(!s.flagged());
    assert!(l.cortex.plan_confidence(["remember", "remember"], "nudge") > 0.9);
    assert!(
        l.cortex
            .plan_confidence(["remember", "cartridge_compile_test"], "nudge")
            < 0.05
    );
    let status = l.cortex_summary(&[], serde_json::json!({}));
    assert_eq!(status["samples"], 200);
    assert!(status["brier"].as_f64().unwrap() < status["baseline_brier"].as_f64().unwrap());
}

#[test]
fn cortex_is_flagged_when_there_is_no_pattern() {
    let mut l = Learning::default();
    let mut rng = Rng(0x0123_4567_89AB_CDEF);
    for i in 0..400 {
        let tool = if i % 2 == 0 { "peer_probe" } else { "remember" };
        feed(&mut l, tool, "curiosity", 1, || rng.coin());
    }
    let s = l.evaluation.score(CORTEX).unwrap();
    assert!(s.flagged(), "{}", s.summary());
    // Not before 20 samples.
    let mut early = Learning::default();
    feed(
        &mut early,
        "remember",
        "nudge",
        evaluation::FLAG_AFTER as usize - 1,
        || true,
    );
    feed(&mut early, "peer_probe", "nudge", 0, || true);
    assert!(!early.evaluation.score(CORTEX).unwrap().flagged());
}

#[test]
fn calibration_counts_every_prediction() {
    let mut l = Learning::default();
    feed(&mut l, "remember", "nudge", 50, || true);
    let s = l.evaluation.score(CORTEX).unwrap();
    assert_eq!(s.bins.len(), evaluation::BINS);
    assert_eq!(s.bins.iter().map(|b| b.n).sum::<u64>(), 50);
    assert!(s.bins[evaluation::BINS - 1].n > 40, "{:?}", s.bins);
}

#[test]
fn state_round_trips_through_sled() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = Learning::default();
    feed(&mut l, "cartridge_compile_test", "nudge", 10, || false);
    feed(&mut l, "remember", "colony", 10, || true);
    {
        let db = x402_payments::store::open_db(dir.path()).unwrap();
        let store = Store::open(&db).unwrap();
        assert_eq!(Learning::load(&store), Learning::default());
        l.save(&store).unwrap();
        store.flush().unwrap();
    }
    let db = x402_payments::store::open_db(dir.path()).unwrap();
    let store = Store::open(&db).unwrap();
    let back = Learning::load(&store);
    assert_eq!(back.feedback, l.feedback);
    assert_eq!(back.cortex.beliefs.len(), l.cortex.beliefs.len());
    for (tool, ctx) in [("cartridge_compile_test", "nudge"), ("remember", "colony")] {
        let (a, b) = (back.cortex.predict(tool, ctx), l.cortex.predict(tool, ctx));
        assert!((a - b).abs() < 1e-12, "{tool}: {a} vs {b}");
    }
    let (a, b) = (
        back.evaluation.score(CORTEX).unwrap(),
        l.evaluation.score(CORTEX).unwrap(),
    );
    assert_eq!(a.samples, 20);
    assert!((a.brier().unwrap() - b.brier().unwrap()).abs() < 1e-12);
    // A corrupt state starts afresh instead of failing the soul.
    store.set_meta_json(CORTEX_KEY, &"not a cortex").unwrap();
    assert_eq!(Learning::load(&store).cortex, Cortex::default());
}

#[test]
fn bounds_hold_under_ten_thousand_outcomes() {
    let dir = tempfile::tempdir().unwrap();
    let db = x402_payments::store::open_db(dir.path()).unwrap();
    let store = Store::open(&db).unwrap();
    let mut l = Learning::default();
    let mut rng = Rng(7);
    let letters: Vec<char> = ('a'..='z').collect();
    let mut class_of = 0usize;
    for i in 0..10_000usize {
        // Up to 26 × 26 distinct tools and 10 contexts: far past every bound.
        let tool = format!("t_{}{}", letters[i % 26], letters[(i / 26) % 26]);
        let ctx = format!("c{}", i % 10);
        class_of += 1;
        let o = match class_of % 4 {
            0 => outcome(&tool, OutcomeClass::Ok, "{}"),
            1 => outcome(&tool, OutcomeClass::Failed, COMPILE),
            2 => outcome(&tool, OutcomeClass::Timeout, "late"),
            _ => outcome(
                &tool,
                OutcomeClass::Refused,
                "price 9 units is above the budget",
            ),
        };
        let prior = l.prior(&tool, &ctx);
        l.observe(&o, &ctx, &prior);
        if rng.coin() {
            feed(&mut l, "remember", "nudge", 1, || false);
        }
    }
    assert!(l.feedback.tools.len() <= feedback::MAX_TOOLS);
    assert!(l.feedback.lessons.len() <= feedback::MAX_LESSONS);
    assert!(
        l.feedback
            .tools
            .values()
            .all(|r| r.window.len() <= feedback::WINDOW)
    );
    assert!(!l.feedback.lessons_for(&["remember"]).is_empty());
    assert!(l.cortex.beliefs.len() <= cortex::MAX_ACTIONS);
    assert!(
        l.cortex
            .beliefs
            .values()
            .all(|b| b.ok + b.failed <= cortex::MAX_WEIGHT)
    );
    assert!(l.cortex.frontier(&["never_tried".into()]).len() <= cortex::FRONTIER);
    assert_eq!(
        l.cortex.frontier(&["never_tried".into()])[0].tool,
        "never_tried"
    );
    assert!(l.evaluation.systems.len() <= evaluation::MAX_SYSTEMS);
    assert!(l.evaluation.outcomes >= 10_000);
    l.save(&store).unwrap();
    for key in [FEEDBACK_KEY, CORTEX_KEY, EVALUATION_KEY] {
        let v: serde_json::Value = store.meta_json(key).unwrap().unwrap();
        let bytes = serde_json::to_vec(&v).unwrap().len();
        assert!(bytes < 256 * 1024, "{key}: {bytes} bytes");
    }
    // Summaries stay bounded too.
    let text = l.cortex_summary(&[], serde_json::json!({})).to_string();
    assert!(text.len() < 256 * 1024);
}
