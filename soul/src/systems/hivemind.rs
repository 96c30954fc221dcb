//! Hivemind: every step outcome lays pheromone on the node's field (`x402_cognition`'s
//! [`PheromoneField`], the one gossiped to and merged from peers): on the action (the tool), on
//! the goal's keywords, on the file it touched (a draft or slug) and, on a failure, on its error
//! pattern (`tool:category`). A success is an attractant (valence +1; keywords +0.5), a
//! failure a repellent (−1; keywords −0.5). The planner avoids a tool whose action trail is
//! repellent ([`repellent`]) and prefers plans whose tools attract ([`attraction`]); the trail's
//! vote for a step is [`vote`].

use std::sync::Mutex;

use serde_json::{Value, json};
use x402_cognition::{Deposit, PheromoneField, Trail, TrailCategory};

use super::feedback::Category;
use crate::types::{Step, StepOutcome};

/// Trails listed in the status.
pub const SHOWN: usize = 8;
/// A tool's action trail at or below this valence, with at least [`REPEL_INTENSITY`], repels.
pub const REPEL_VALENCE: f64 = -0.5;
/// Intensity a repellent trail needs (two deposits, allowing for some evaporation).
pub const REPEL_INTENSITY: f64 = 0.5;
/// Goal keywords deposited per outcome.
pub const MAX_KEYWORDS: usize = 4;

/// The field the soul deposits on and reads from.
pub trait Field: Send + Sync {
    /// Lays `deposits`.
    fn deposit(&self, deposits: &[Deposit]);
    /// The trail of `resource` in `category`.
    fn trail(&self, resource: &str, category: TrailCategory) -> Option<Trail>;
    /// The strongest trails (at most `n`) and the field's size.
    fn summary(&self, n: usize) -> Value;
    /// The learning systems' surprise after an outcome (the node's free energy takes it in).
    fn surprise(&self, _surprise: f64) {}
}

/// A field of the soul's own (when no node field is given): evaporates once per outcome
/// (step time instead of wall time), persisted by the agent under `systems.hivemind`.
#[derive(Debug, Default)]
pub struct LocalField {
    field: Mutex<PheromoneField>,
}

impl LocalField {
    /// A field starting as `field`.
    pub fn new(field: PheromoneField) -> LocalField {
        LocalField {
            field: Mutex::new(field),
        }
    }

    /// A copy of the field (to persist).
    pub fn field(&self) -> PheromoneField {
        self.field.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

impl Field for LocalField {
    fn deposit(&self, deposits: &[Deposit]) {
        let mut f = self.field.lock().unwrap_or_else(|e| e.into_inner());
        f.evaporate();
        for d in deposits {
            f.deposit(&d.resource, d.category, d.valence);
        }
    }

    fn trail(&self, resource: &str, category: TrailCategory) -> Option<Trail> {
        let f = self.field.lock().unwrap_or_else(|e| e.into_inner());
        f.trail(resource, category).cloned()
    }

    fn summary(&self, n: usize) -> Value {
        let f = self.field.lock().unwrap_or_else(|e| e.into_inner());
        field_summary(&f, n)
    }
}

/// `trails`, `strongest` and `diversity` of a field.
pub fn field_summary(f: &PheromoneField, n: usize) -> Value {
    json!({
        "trails": f.len(),
        "diversity": f.diversity(),
        "strongest": f.strongest(n).iter().map(|t| json!({
            "resource": t.resource,
            "category": t.category.as_str(),
            "valence": t.valence,
            "intensity": t.intensity,
        })).collect::<Vec<_>>(),
    })
}

/// What one outcome deposits (see the module docs).
pub fn deposits(
    outcome: &StepOutcome,
    step: Option<&Step>,
    goal: &str,
    cat: Category,
) -> Vec<Deposit> {
    let ok = cat == Category::Ok;
    let sign = if ok { 1.0 } else { -1.0 };
    let tool = outcome.tool.as_str();
    let mut out = vec![Deposit {
        resource: tool.to_string(),
        category: TrailCategory::Action,
        valence: sign,
    }];
    if !ok {
        out.push(Deposit {
            resource: format!("{tool}:{}", cat.name()),
            category: TrailCategory::ErrorPattern,
            valence: -1.0,
        });
    }
    if let Some(s) = step {
        for key in ["draft", "slug"] {
            if let Some(name) = s.args.get(key).and_then(Value::as_str) {
                out.push(Deposit {
                    resource: format!("{key}:{name}"),
                    category: TrailCategory::File,
                    valence: sign,
                });
            }
        }
    }
    for w in super::genesis::keywords(goal)
        .into_iter()
        .take(MAX_KEYWORDS)
    {
        out.push(Deposit {
            resource: w,
            category: TrailCategory::GoalKeyword,
            valence: 0.5 * sign,
        });
    }
    out
}

/// The field's vote for `tool` succeeding: 0.5 + ½ · valence · min(intensity, 1); none without
/// a trail.
pub fn vote(field: &dyn Field, tool: &str) -> Option<f64> {
    let t = field.trail(tool, TrailCategory::Action)?;
    Some((0.5 + 0.5 * t.valence * t.intensity.min(1.0)).clamp(0.0, 1.0))
}

/// Why `tool` is repellent (none: it is not).
pub fn repellent(field: &dyn Field, tool: &str) -> Option<String> {
    let t = field.trail(tool, TrailCategory::Action)?;
    (t.valence <= REPEL_VALENCE && t.intensity >= REPEL_INTENSITY).then(|| {
        format!(
            "{tool} repellent (valence {:.2}, intensity {:.2})",
            t.valence, t.intensity
        )
    })
}

/// How strongly a plan's tools attract, in [−1, 1]: the mean of valence · min(intensity, 1)
/// over its steps (0 for a tool without a trail).
pub fn attraction<'a>(field: &dyn Field, tools: impl IntoIterator<Item = &'a str>) -> f64 {
    let (mut sum, mut n) = (0.0, 0usize);
    for t in tools {
        n += 1;
        if let Some(tr) = field.trail(t, TrailCategory::Action) {
            sum += tr.valence * tr.intensity.min(1.0);
        }
    }
    if n == 0 { 0.0 } else { sum / n as f64 }
}
