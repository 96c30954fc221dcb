//! Cortex, the world model: per action (tool × coarse context) a Beta-Bernoulli estimate of
//! success, the surprise of each outcome, and a curiosity frontier.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Actions tracked (the least recently used is dropped past it).
pub const MAX_ACTIONS: usize = 256;
/// Pseudo-observations an action borrows from its tool's overall rate.
pub const SHRINK: f64 = 2.0;
/// Past this many observations an action's counts are halved (recent outcomes weigh more and
/// the figures stay bounded).
pub const MAX_WEIGHT: f64 = 200.0;
/// Actions listed in the curiosity frontier.
pub const FRONTIER: usize = 8;
/// Context key of a tool's aggregate over every context.
pub const ANY: &str = "*";

/// The Beta posterior of one action (successes and failures, prior Beta(1, 1) added on use).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Belief {
    /// Successes (decayed).
    pub ok: f64,
    /// Failures (decayed).
    pub failed: f64,
    /// Observations, ever.
    pub samples: u64,
    /// Mean surprise (−ln p of the observed outcome), nats.
    pub mean_surprise: f64,
    /// Surprise of the latest outcome, nats.
    pub last_surprise: f64,
    /// When it was last updated (cortex observation count).
    pub last_seen: u64,
}

impl Belief {
    fn alpha(&self) -> f64 {
        self.ok + 1.0
    }
    fn beta(&self) -> f64 {
        self.failed + 1.0
    }
    /// The posterior mean of success.
    pub fn mean(&self) -> f64 {
        self.alpha() / (self.alpha() + self.beta())
    }
    /// The posterior variance.
    pub fn variance(&self) -> f64 {
        let (a, b) = (self.alpha(), self.beta());
        a * b / ((a + b) * (a + b) * (a + b + 1.0))
    }
    fn update(&mut self, ok: bool, p: f64, seen: u64) {
        let observed = if ok { p } else { 1.0 - p };
        let s = -observed.clamp(1e-6, 1.0).ln();
        self.samples += 1;
        self.last_surprise = s;
        self.mean_surprise += (s - self.mean_surprise) / self.samples.min(100) as f64;
        if ok {
            self.ok += 1.0;
        } else {
            self.failed += 1.0;
        }
        if self.ok + self.failed > MAX_WEIGHT {
            self.ok /= 2.0;
            self.failed /= 2.0;
        }
        self.last_seen = seen;
    }
}

/// An action worth trying to learn about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Frontier {
    /// The tool.
    pub tool: String,
    /// The context (`*`: any).
    pub ctx: String,
    /// Observations so far.
    pub samples: u64,
    /// Posterior variance.
    pub variance: f64,
}

/// The cortex's state (persisted).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Cortex {
    /// Outcomes observed.
    pub observed: u64,
    /// Beliefs keyed `tool|ctx` (and `tool|*` for the tool over every context).
    pub beliefs: BTreeMap<String, Belief>,
}

fn key(tool: &str, ctx: &str) -> String {
    format!("{tool}|{ctx}")
}

impl Cortex {
    /// Probability that `tool` succeeds in context `ctx`: the action's Beta posterior, shrunk
    /// towards the tool's rate over every context when the action has few samples.
    pub fn predict(&self, tool: &str, ctx: &str) -> f64 {
        let tool_rate = self.beliefs.get(&key(tool, ANY)).map_or(0.5, Belief::mean);
        match self.beliefs.get(&key(tool, ctx)) {
            Some(b) if ctx != ANY => (b.ok + SHRINK * tool_rate) / (b.ok + b.failed + SHRINK),
            _ => tool_rate,
        }
    }

    /// Probability that every step succeeds: the product of the steps' predictions.
    pub fn plan_confidence<'a>(&self, steps: impl IntoIterator<Item = &'a str>, ctx: &str) -> f64 {
        steps.into_iter().map(|t| self.predict(t, ctx)).product()
    }

    /// Takes in an outcome; returns its surprise (−ln of the probability given to it), nats.
    pub fn observe(&mut self, tool: &str, ctx: &str, ok: bool) -> f64 {
        let p = self.predict(tool, ctx);
        self.observed += 1;
        let seen = self.observed;
        for k in [key(tool, ctx), key(tool, ANY)] {
            if !self.beliefs.contains_key(&k)
                && self.beliefs.len() >= MAX_ACTIONS
                && let Some(old) = self
                    .beliefs
                    .iter()
                    .min_by_key(|(_, b)| b.last_seen)
                    .map(|(k, _)| k.clone())
            {
                self.beliefs.remove(&old);
            }
            self.beliefs.entry(k).or_default().update(ok, p, seen);
        }
        let observed = if ok { p } else { 1.0 - p };
        -observed.clamp(1e-6, 1.0).ln()
    }

    /// Halves every action's counts (after a recalibration: the evidence weighs less and new
    /// outcomes move the estimates faster).
    pub fn forget(&mut self) {
        for b in self.beliefs.values_mut() {
            b.ok /= 2.0;
            b.failed /= 2.0;
        }
    }

    /// The actions with the fewest samples, then the highest variance (tools in `known` never
    /// tried come first), at most [`FRONTIER`].
    pub fn frontier(&self, known: &[String]) -> Vec<Frontier> {
        let mut out: Vec<Frontier> = known
            .iter()
            .filter(|t| !self.beliefs.contains_key(&key(t, ANY)))
            .map(|t| Frontier {
                tool: t.clone(),
                ctx: ANY.into(),
                samples: 0,
                variance: Belief::default().variance(),
            })
            .collect();
        out.extend(self.beliefs.iter().filter_map(|(k, b)| {
            let (tool, ctx) = k.split_once('|')?;
            (ctx != ANY).then(|| Frontier {
                tool: tool.into(),
                ctx: ctx.into(),
                samples: b.samples,
                variance: b.variance(),
            })
        }));
        out.sort_by(|a, b| {
            a.samples
                .cmp(&b.samples)
                .then(b.variance.total_cmp(&a.variance))
        });
        out.truncate(FRONTIER);
        out
    }

    /// Per-action summary for the status (bounded by [`MAX_ACTIONS`]).
    pub fn actions(&self) -> serde_json::Value {
        let m: serde_json::Map<String, serde_json::Value> = self
            .beliefs
            .iter()
            .map(|(k, b)| {
                let (tool, ctx) = k.split_once('|').unwrap_or((k, ANY));
                (
                    k.clone(),
                    serde_json::json!({
                        "p": self.predict(tool, ctx),
                        "samples": b.samples,
                        "mean_surprise": b.mean_surprise,
                        "last_surprise": b.last_surprise,
                    }),
                )
            })
            .collect();
        serde_json::Value::Object(m)
    }
}
