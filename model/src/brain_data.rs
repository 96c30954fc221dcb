//! Labelled data for the [`Brain`](crate::brain::Brain).
//!
//! **The data produced by [`synthetic`] is synthetic.** Nodes have not yet recorded real
//! plan-step outcomes, so to exercise training, evaluation and federated averaging end to end
//! we generate a documented stand-in "planning step" task:
//!
//! | features | meaning |
//! |---|---|
//! | `0..16` | one-hot step kind (16 kinds) |
//! | `16..24` | one-hot problem category (8 categories) |
//! | `24..56` | 32 numeric context features (≈ standard normal) |
//! | `56..128` | 72 pure-noise features (≈ normal, σ = 0.5), carrying no signal |
//!
//! Labels come from a FIXED hidden "teacher" whose weights are drawn from a constant seed
//! ([`TEACHER_SEED`]), so every node sees the same task: 23 teacher logits = a random offset
//! per step kind + a random offset per category + a random 32 → 8 (tanh) → 23 network over
//! the context features. Success = teacher success logit > 0; error class = arg-max of the teacher's error
//! logits (failures only); capability k = teacher capability logit k > 0. About 5 % label
//! noise is added (each label flipped/replaced independently with probability 0.05), so the
//! task is learnable but not trivial and the Bayes accuracy is ≈ 95 %.
//!
//! Example `i` depends only on `(seed, i)`, so `synthetic(n, s)` is a prefix of
//! `synthetic(m, s)` for `n ≤ m`. Real recorded examples can be stored as JSON lines with
//! [`to_jsonl`] / [`from_jsonl`].

use crate::brain::{
    BrainError, BrainExample, CAPABILITIES, ERROR_CLASSES, FEATURES, SplitMix64, check_example,
};

/// Number of step kinds (one-hot block at features `0..16`).
pub const STEP_KINDS: usize = 16;
/// Number of problem categories (one-hot block at features `16..24`).
pub const CATEGORIES: usize = 8;
/// Number of informative numeric context features (`24..56`).
pub const CONTEXT: usize = 32;
/// Seed of the fixed teacher network that labels the synthetic data.
pub const TEACHER_SEED: u64 = 0x7E4C_4E52_B4A1_0001;
/// Probability that each label is corrupted.
pub const LABEL_NOISE: f32 = 0.05;

const INFORMATIVE: usize = STEP_KINDS + CATEGORIES + CONTEXT;
const TEACHER_HIDDEN: usize = 8;
const OUTPUTS: usize = 1 + ERROR_CLASSES + CAPABILITIES;

/// Errors reading recorded examples.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// A line is not valid JSON for a [`BrainExample`].
    #[error("line {line}: {source}")]
    Json {
        /// 1-based line number.
        line: usize,
        /// The parse error.
        source: serde_json::Error,
    },
    /// A line parses but is not a valid example.
    #[error("line {line}: {reason}")]
    Invalid {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        reason: String,
    },
}

/// The fixed teacher network: per-kind and per-category logit offsets plus a small tanh
/// network over the context features.
struct Teacher {
    kind: Vec<f32>,     // [STEP_KINDS, OUTPUTS]
    category: Vec<f32>, // [CATEGORIES, OUTPUTS]
    w1: Vec<f32>,       // [TEACHER_HIDDEN, CONTEXT]
    b1: Vec<f32>,       // [TEACHER_HIDDEN]
    w2: Vec<f32>,       // [OUTPUTS, TEACHER_HIDDEN]
}

impl Teacher {
    fn new() -> Self {
        let mut rng = SplitMix64::new(TEACHER_SEED);
        let mut draw = |n: usize, scale: f32| -> Vec<f32> {
            (0..n).map(|_| rng.normalish() * scale).collect()
        };
        Teacher {
            kind: draw(STEP_KINDS * OUTPUTS, 2.0),
            category: draw(CATEGORIES * OUTPUTS, 1.0),
            w1: draw(TEACHER_HIDDEN * CONTEXT, 1.5 / (CONTEXT as f32).sqrt()),
            b1: draw(TEACHER_HIDDEN, 0.3),
            w2: draw(OUTPUTS * TEACHER_HIDDEN, 0.6),
        }
    }

    /// Logits for a step of kind `k`, category `c` and context `ctx` (`CONTEXT` values).
    fn logits(&self, k: usize, c: usize, ctx: &[f32]) -> [f32; OUTPUTS] {
        let h: Vec<f32> = (0..TEACHER_HIDDEN)
            .map(|j| {
                let row = &self.w1[j * CONTEXT..(j + 1) * CONTEXT];
                let z: f32 = row.iter().zip(ctx).map(|(w, v)| w * v).sum();
                (z + self.b1[j]).tanh()
            })
            .collect();
        let mut out = [0f32; OUTPUTS];
        for (o, slot) in out.iter_mut().enumerate() {
            let row = &self.w2[o * TEACHER_HIDDEN..(o + 1) * TEACHER_HIDDEN];
            let nonlinear: f32 = row.iter().zip(&h).map(|(w, v)| w * v).sum();
            *slot = self.kind[k * OUTPUTS + o] + self.category[c * OUTPUTS + o] + nonlinear;
        }
        out
    }
}

/// Mixes a seed and an index into an independent stream seed.
fn stream_seed(seed: u64, i: u64) -> u64 {
    let mut r = SplitMix64::new(seed ^ i.wrapping_mul(0xD6E8_FEB8_6659_FD93));
    r.next_u64()
}

/// `n` synthetic labelled planning steps (see the module docs); deterministic in `seed`.
pub fn synthetic(n: usize, seed: u64) -> Vec<BrainExample> {
    let teacher = Teacher::new();
    (0..n as u64)
        .map(|i| {
            let mut rng = SplitMix64::new(stream_seed(seed, i));
            let mut features = vec![0f32; FEATURES];
            let (kind, category) = (rng.below(STEP_KINDS), rng.below(CATEGORIES));
            features[kind] = 1.0;
            features[STEP_KINDS + category] = 1.0;
            for f in &mut features[STEP_KINDS + CATEGORIES..INFORMATIVE] {
                *f = rng.normalish();
            }
            for f in &mut features[INFORMATIVE..] {
                *f = rng.normalish() * 0.5;
            }
            let logits = teacher.logits(
                kind,
                category,
                &features[STEP_KINDS + CATEGORIES..INFORMATIVE],
            );
            let mut noisy = |p: f32| rng.unit_f32() < p;
            let mut success = logits[0] > 0.0;
            if noisy(LABEL_NOISE) {
                success = !success;
            }
            let err = &logits[1..1 + ERROR_CLASSES];
            let mut class = (0..ERROR_CLASSES)
                .max_by(|&a, &b| err[a].total_cmp(&err[b]))
                .unwrap_or(0);
            let mut capabilities = [false; CAPABILITIES];
            for (k, c) in capabilities.iter_mut().enumerate() {
                *c = logits[1 + ERROR_CLASSES + k] > 0.0;
            }
            for c in &mut capabilities {
                if rng.unit_f32() < LABEL_NOISE {
                    *c = !*c;
                }
            }
            if rng.unit_f32() < LABEL_NOISE {
                class = rng.below(ERROR_CLASSES);
            }
            BrainExample {
                features,
                success,
                error_class: (!success).then_some(class as u8),
                capabilities,
            }
        })
        .collect()
}

/// Splits off every `every`-th example (indices `every−1, 2·every−1, …`) as held-out data;
/// `every == 0` keeps everything for training. Deterministic and order-preserving.
pub fn split_held_out(
    examples: Vec<BrainExample>,
    every: usize,
) -> (Vec<BrainExample>, Vec<BrainExample>) {
    if every == 0 {
        return (examples, Vec::new());
    }
    let mut train = Vec::new();
    let mut held = Vec::new();
    for (i, e) in examples.into_iter().enumerate() {
        if (i + 1) % every == 0 {
            held.push(e);
        } else {
            train.push(e);
        }
    }
    (train, held)
}

/// Step kind of an example: arg-max of the one-hot block `features[0..16]`.
fn step_kind(e: &BrainExample) -> usize {
    let block = &e.features[..STEP_KINDS.min(e.features.len())];
    (0..block.len())
        .max_by(|&a, &b| block[a].total_cmp(&block[b]).then(b.cmp(&a)))
        .unwrap_or(0)
}

/// Shard `index` of `shards` disjoint shards that together cover `examples`.
///
/// IID (`non_iid = false`): examples `index, index + shards, …`. Non-IID: examples are
/// stably sorted by (step kind, outcome: success first, then error class) and cut into
/// `shards` contiguous blocks of near-equal size, so each shard sees only a few step kinds
/// and a skewed label distribution. Returns an empty vector if `index >= shards`.
pub fn shard(
    examples: &[BrainExample],
    shards: usize,
    index: usize,
    non_iid: bool,
) -> Vec<BrainExample> {
    if index >= shards {
        return Vec::new();
    }
    if !non_iid {
        return examples
            .iter()
            .skip(index)
            .step_by(shards)
            .cloned()
            .collect();
    }
    let mut order: Vec<usize> = (0..examples.len()).collect();
    order.sort_by_key(|&i| {
        let e = &examples[i];
        (
            step_kind(e),
            e.error_class.map_or(0, |c| usize::from(c) + 1),
        )
    });
    let n = examples.len();
    let (start, end) = (index * n / shards, (index + 1) * n / shards);
    order[start..end]
        .iter()
        .map(|&i| examples[i].clone())
        .collect()
}

/// One JSON object per line.
pub fn to_jsonl(examples: &[BrainExample]) -> String {
    let mut out = String::new();
    for e in examples {
        // Serialising plain numbers and bools cannot fail; NaN would become `null`, which
        // `from_jsonl` rejects.
        out.push_str(&serde_json::to_string(e).unwrap_or_else(|_| "null".into()));
        out.push('\n');
    }
    out
}

/// Parses and validates JSON lines written by [`to_jsonl`]; blank lines are skipped.
pub fn from_jsonl(text: &str) -> Result<Vec<BrainExample>, DataError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let e: BrainExample = serde_json::from_str(line).map_err(|source| DataError::Json {
            line: i + 1,
            source,
        })?;
        check_example(out.len(), &e).map_err(|err| DataError::Invalid {
            line: i + 1,
            reason: match err {
                BrainError::InvalidExample { reason, .. } => reason,
                other => other.to_string(),
            },
        })?;
        out.push(e);
    }
    Ok(out)
}

/// Tools (families) of the capability heads, in head order: capability `k` of a recorded step
/// is set when the step ran a tool of family `k` (`peer_cartridges` and `discovery` share one).
pub const CAPABILITY_TOOLS: [&[&str]; CAPABILITIES] = [
    &["cartridge_write"],
    &["cartridge_compile_test"],
    &["cartridge_deploy"],
    &["cartridge_rollback"],
    &["read_status"],
    &["peer_cartridges", "discovery"],
    &["pay"],
    &["publish"],
    &["remember"],
    &["benchmark_problem"],
    &["request_training"],
];
/// The soul's failure categories in error-class order: error class `i` is `ERROR_CATEGORIES[i]`
/// (classes 9 and 10 are unused).
pub const ERROR_CATEGORIES: [&str; 9] = [
    "compile_error",
    "test_failure",
    "payment_refused",
    "budget",
    "timeout",
    "rate_limited",
    "network",
    "invalid_args",
    "other",
];
/// Outcome categories of the history blocks: `ok` then [`ERROR_CATEGORIES`].
pub const STEP_CATEGORIES: usize = 1 + ERROR_CATEGORIES.len();
/// Goal contexts (where the goal came from), one-hot at `32..40`; an unknown one takes the
/// last slot.
pub const GOAL_CONTEXTS: [&str; 7] = [
    "weakest-fitness",
    "curiosity",
    "nudge",
    "colony",
    "chat",
    "diagnosis",
    "other",
];
/// Buckets of the hashed tool one-hot (`0..32`).
pub const TOOL_BUCKETS: usize = 32;
/// Buckets of the hashed goal-keyword block (`40..72`).
pub const KEYWORD_BUCKETS: usize = 32;

/// A real planning step as the soul sees it before it runs; [`StepFeatures::encode`] maps it
/// to the brain's 128 inputs:
///
/// | features | meaning |
/// |---|---|
/// | `0..32` | tool, one-hot of FNV-1a(name) mod 32 |
/// | `32..40` | goal context, one-hot over [`GOAL_CONTEXTS`] |
/// | `40..72` | goal keywords (lower-case alphabetic words of ≥ 3 letters), FNV-1a mod 32, 1 each |
/// | `72..76` | step index / 8, plan length / 8, first step, last step |
/// | `76` | the goal's replans / 3 |
/// | `77..80` | the tool's recent failure rate, ln(1 + its recent samples) / ln(21), the global failure rate |
/// | `80..90` | share of each category (`ok`, then [`ERROR_CATEGORIES`]) in the tool's recent outcomes |
/// | `90..100` | the tool's last category, one-hot (none: all 0) |
/// | `100..128` | 0 (reserved) |
///
/// Outputs: logit 0 is success; logits `1..12` the error class ([`ERROR_CATEGORIES`]);
/// logits `12..23` the capabilities ([`CAPABILITY_TOOLS`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StepFeatures {
    /// The tool.
    pub tool: String,
    /// Where the goal came from (see [`GOAL_CONTEXTS`]).
    pub context: String,
    /// The goal's text.
    pub goal: String,
    /// Index of the step in its plan.
    pub step: usize,
    /// Steps in the plan.
    pub steps: usize,
    /// Replans of the goal so far.
    pub replans: u32,
    /// The tool's recent outcomes, counted per category (`ok`, then [`ERROR_CATEGORIES`]).
    pub history: [u32; STEP_CATEGORIES],
    /// The tool's last category (index as in `history`).
    pub last: Option<usize>,
    /// Share of every tool's outcomes that failed, so far.
    pub global_failure_rate: f64,
}

fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl StepFeatures {
    /// The 128 brain inputs (layout in the type's docs); always finite.
    pub fn encode(&self) -> Vec<f32> {
        let mut f = vec![0f32; FEATURES];
        f[(fnv1a(&self.tool) % TOOL_BUCKETS as u64) as usize] = 1.0;
        let ctx = GOAL_CONTEXTS
            .iter()
            .position(|c| *c == self.context)
            .unwrap_or(GOAL_CONTEXTS.len() - 1);
        f[32 + ctx] = 1.0;
        for w in self
            .goal
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() >= 3)
        {
            let w = w.to_ascii_lowercase();
            f[40 + (fnv1a(&w) % KEYWORD_BUCKETS as u64) as usize] = 1.0;
        }
        f[72] = (self.step as f32 / 8.0).min(2.0);
        f[73] = (self.steps as f32 / 8.0).min(2.0);
        f[74] = f32::from(u8::from(self.step == 0));
        f[75] = f32::from(u8::from(self.step + 1 >= self.steps));
        f[76] = (self.replans as f32 / 3.0).min(2.0);
        let n: u32 = self.history.iter().sum();
        let failed = n - self.history[0];
        f[77] = (failed as f32 + 0.5) / (n as f32 + 1.0);
        f[78] = ((1.0 + n as f32).ln() / 21f32.ln()).min(2.0);
        let g = self.global_failure_rate;
        f[79] = if g.is_finite() {
            g.clamp(0.0, 1.0) as f32
        } else {
            0.5
        };
        for (i, c) in self.history.iter().enumerate() {
            f[80 + i] = if n == 0 { 0.0 } else { *c as f32 / n as f32 };
        }
        if let Some(l) = self.last.filter(|l| *l < STEP_CATEGORIES) {
            f[90 + l] = 1.0;
        }
        f
    }

    /// A labelled example of this step: `category` is the outcome's (`ok` or one of
    /// [`ERROR_CATEGORIES`]; unknown: a failure of unknown class).
    pub fn example(&self, category: &str) -> BrainExample {
        let success = category == "ok";
        let error_class = if success {
            None
        } else {
            ERROR_CATEGORIES
                .iter()
                .position(|c| *c == category)
                .map(|i| i as u8)
        };
        let mut capabilities = [false; CAPABILITIES];
        for (k, tools) in CAPABILITY_TOOLS.iter().enumerate() {
            capabilities[k] = tools.contains(&self.tool.as_str());
        }
        BrainExample {
            features: self.encode(),
            success,
            error_class,
            capabilities,
        }
    }
}

/// The category index (as in [`StepFeatures::history`]) of a category name.
pub fn category_index(category: &str) -> Option<usize> {
    if category == "ok" {
        return Some(0);
    }
    ERROR_CATEGORIES
        .iter()
        .position(|c| *c == category)
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::brain::{Brain, BrainConfig};

    #[test]
    fn synthetic_is_deterministic_and_prefix_stable() {
        let a = synthetic(50, 9);
        assert_eq!(a, synthetic(50, 9));
        assert_eq!(a[..20], synthetic(20, 9)[..]);
        assert_ne!(a, synthetic(50, 10));
        for e in &a {
            assert_eq!(e.features.len(), FEATURES);
            assert_eq!(e.features[..STEP_KINDS].iter().sum::<f32>(), 1.0);
            assert_eq!(e.success, e.error_class.is_none());
        }
    }

    #[test]
    fn labels_are_balanced_enough() {
        let data = synthetic(2000, 1);
        let ok = data.iter().filter(|e| e.success).count();
        assert!((300..1700).contains(&ok), "success count {ok}");
        let mut classes = [0usize; ERROR_CLASSES];
        for c in data.iter().filter_map(|e| e.error_class) {
            classes[usize::from(c)] += 1;
        }
        assert!(
            classes.iter().filter(|&&c| c > 0).count() >= 4,
            "{classes:?}"
        );
        for k in 0..CAPABILITIES {
            let on = data.iter().filter(|e| e.capabilities[k]).count();
            assert!((100..1900).contains(&on), "capability {k}: {on}");
        }
    }

    #[test]
    fn split_is_deterministic() {
        let (train, held) = split_held_out(synthetic(100, 3), 5);
        assert_eq!(train.len(), 80);
        assert_eq!(held.len(), 20);
        let (train2, held2) = split_held_out(synthetic(100, 3), 5);
        assert_eq!(train, train2);
        assert_eq!(held, held2);
        assert_eq!(held[0], synthetic(5, 3)[4]);
        assert_eq!(split_held_out(synthetic(3, 3), 0).1.len(), 0);
    }

    fn keys(v: &[BrainExample]) -> Vec<String> {
        v.iter().map(|e| format!("{:?}", e.features)).collect()
    }

    #[test]
    fn shards_are_disjoint_and_cover() {
        let data = synthetic(203, 4);
        for non_iid in [false, true] {
            let mut all: Vec<String> = Vec::new();
            for i in 0..4 {
                let s = shard(&data, 4, i, non_iid);
                assert!((50..=51).contains(&s.len()), "{}", s.len());
                all.extend(keys(&s));
            }
            let mut expected = keys(&data);
            all.sort();
            expected.sort();
            assert_eq!(all, expected, "non_iid={non_iid}");
        }
        assert!(shard(&data, 4, 4, false).is_empty());
        // Non-IID shards see few step kinds; IID shards see most of them.
        let kinds = |v: &[BrainExample]| {
            let mut k: Vec<usize> = v.iter().map(step_kind).collect();
            k.sort();
            k.dedup();
            k.len()
        };
        assert!(kinds(&shard(&data, 4, 0, true)) <= 6);
        assert!(kinds(&shard(&data, 4, 0, false)) >= 12);
    }

    #[test]
    fn jsonl_round_trip_and_validation() {
        let data = synthetic(5, 8);
        let text = to_jsonl(&data);
        assert_eq!(text.lines().count(), 5);
        assert_eq!(from_jsonl(&text).unwrap(), data);
        let err = from_jsonl("{\"features\":[1.0]}\n").unwrap_err();
        assert!(matches!(err, DataError::Json { line: 1, .. }), "{err}");
        let mut bad = data[0].clone();
        bad.features.pop();
        let err = from_jsonl(&format!("\n{}", to_jsonl(&[bad]))).unwrap_err();
        assert!(matches!(err, DataError::Invalid { line: 2, .. }), "{err}");
    }

    #[test]
    fn brain_learns_the_synthetic_task() {
        let (train, held) = split_held_out(synthetic(2000, 11), 4);
        let config = BrainConfig {
            hidden: 64,
            warmup_steps: 5,
            total_steps: 300,
            ..BrainConfig::default()
        };
        let mut brain = Brain::new(config, 1).unwrap();
        let before = brain.evaluate(&held).unwrap();
        for epoch in 0..6 {
            for chunk in train.chunks(32) {
                brain
                    .train_step(chunk)
                    .unwrap_or_else(|e| panic!("epoch {epoch}: {e}"));
            }
        }
        let after = brain.evaluate(&held).unwrap();
        assert!(after.loss < before.loss * 0.85, "{before:?} -> {after:?}");
        assert!(after.success_accuracy > 0.7, "{after:?}");
        assert!(after.error_accuracy > 0.2, "{after:?}");
        assert!(after.capability_accuracy > 0.6, "{after:?}");
    }

    /// Recorded outcomes of three tools over a fixed-seed coin: `benchmark_problem` always
    /// times out, `read_status` always succeeds, `publish` succeeds half the time at random.
    fn recorded(n: usize, seed: u64) -> Vec<BrainExample> {
        let mut rng = SplitMix64::new(seed);
        let tools = ["benchmark_problem", "read_status", "publish"];
        let mut history = std::collections::BTreeMap::<&str, Vec<usize>>::new();
        let (mut seen, mut failed) = (0u32, 0u32);
        (0..n)
            .map(|i| {
                let tool = tools[rng.below(3)];
                let cat = match tool {
                    "benchmark_problem" => "timeout",
                    "read_status" => "ok",
                    _ if rng.unit_f32() < 0.5 => "ok",
                    _ => "network",
                };
                let h = history.entry(tool).or_default();
                let mut counts = [0u32; STEP_CATEGORIES];
                for c in h.iter().rev().take(20) {
                    counts[*c] += 1;
                }
                let features = StepFeatures {
                    tool: tool.into(),
                    context: "nudge".into(),
                    goal: "run a benchmark problem".into(),
                    step: i % 3,
                    steps: 3,
                    replans: 0,
                    history: counts,
                    last: h.last().copied(),
                    global_failure_rate: (f64::from(failed) + 1.0) / (f64::from(seen) + 2.0),
                };
                h.push(category_index(cat).unwrap());
                seen += 1;
                failed += u32::from(cat != "ok");
                features.example(cat)
            })
            .collect()
    }

    fn step(tool: &str, history: [u32; STEP_CATEGORIES], last: usize) -> Vec<f32> {
        StepFeatures {
            tool: tool.into(),
            context: "nudge".into(),
            goal: "run a benchmark problem".into(),
            step: 0,
            steps: 3,
            history,
            last: Some(last),
            global_failure_rate: 0.5,
            ..StepFeatures::default()
        }
        .encode()
    }

    #[test]
    fn step_features_follow_the_documented_layout() {
        let mut history = [0u32; STEP_CATEGORIES];
        history[0] = 3;
        history[5] = 1;
        let s = StepFeatures {
            tool: "pay".into(),
            context: "colony".into(),
            goal: "Probe peer http://x".into(),
            step: 1,
            steps: 2,
            replans: 3,
            history,
            last: Some(5),
            global_failure_rate: 0.25,
        };
        let f = s.encode();
        assert_eq!(f.len(), FEATURES);
        assert!(f.iter().all(|v| v.is_finite()));
        assert_eq!(f[..32].iter().sum::<f32>(), 1.0);
        assert_eq!(f[32 + 3], 1.0, "colony context");
        assert_eq!(f[32..40].iter().sum::<f32>(), 1.0);
        assert!(f[40..72].iter().sum::<f32>() >= 2.0, "probe, peer, http");
        assert_eq!(f[72..77], [0.125, 0.25, 0.0, 1.0, 1.0]);
        assert!((f[77] - 1.5 / 5.0).abs() < 1e-6);
        assert_eq!(f[79], 0.25);
        assert_eq!(f[80], 0.75);
        assert_eq!(f[85], 0.25);
        assert_eq!(f[95], 1.0);
        assert!(f[100..].iter().all(|v| *v == 0.0));
        let e = s.example("timeout");
        assert!(!e.success);
        assert_eq!(e.error_class, Some(4));
        assert_eq!(e.capabilities.iter().filter(|c| **c).count(), 1);
        assert!(e.capabilities[6], "pay");
        assert!(check_example(0, &e).is_ok());
        assert_eq!(s.example("ok").error_class, None);
        assert_eq!(s.example("no-such").error_class, None);
    }

    #[test]
    fn brain_learns_recorded_step_outcomes_and_invents_nothing() {
        let (train, held) = split_held_out(recorded(900, 5), 5);
        let config = BrainConfig {
            hidden: 32,
            warmup_steps: 5,
            total_steps: 400,
            ..BrainConfig::default()
        };
        let mut brain = Brain::new(config, 1).unwrap();
        for _ in 0..12 {
            for chunk in train.chunks(32) {
                brain.train_step(chunk).unwrap();
            }
        }
        let eval = brain.evaluate(&held).unwrap();
        assert!(eval.error_accuracy > 0.9, "{eval:?}");
        assert!(eval.capability_accuracy > 0.95, "{eval:?}");
        let mut failing = [0u32; STEP_CATEGORIES];
        failing[5] = 20;
        let mut good = [0u32; STEP_CATEGORIES];
        good[0] = 20;
        let mut coin = [0u32; STEP_CATEGORIES];
        coin[0] = 10;
        coin[7] = 10;
        let p = |tool, h, last| brain.predict(&step(tool, h, last)).unwrap();
        let fail = p("benchmark_problem", failing, 5);
        assert!(fail.success_prob < 0.2, "{fail:?}");
        assert_eq!(fail.likely_error, 4, "timeout");
        assert!(fail.capabilities[9] > 0.5, "{fail:?}");
        let ok = p("read_status", good, 0);
        assert!(ok.success_prob > 0.8, "{ok:?}");
        // The coin: no pattern to learn, whichever way its last outcome went.
        for last in [0, 7] {
            let c = p("publish", coin, last);
            assert!(
                (0.25..0.75).contains(&c.success_prob),
                "coin after {last}: {c:?}"
            );
        }
    }
}
