//! Genesis: plan templates learned from completed plans (the goal's keywords and the step
//! sequence with its arguments), each with a fitness (Laplace-smoothed successes over uses,
//! decayed by age), and evolution: crossover (two templates spliced at a shared tool) and
//! mutation (a step dropped or repeated) propose candidates, kept only when every step passes
//! the tool schema check.

use serde::{Deserialize, Serialize};

use crate::tool::ToolRegistry;
use crate::types::{MAX_STEPS, Step, normalise};

/// Templates kept (the least fit is dropped past it).
pub const MAX_TEMPLATES: usize = 64;
/// Keywords kept per template.
pub const MAX_KEYWORDS: usize = 8;
/// Fitness a template needs before the planner uses it for a goal.
pub const USE_FITNESS: f64 = 0.5;
/// A template with at least two uses and a fitness below this is pruned.
pub const PRUNE_FITNESS: f64 = 0.3;
/// Genesis events after which a template's recency factor halves.
pub const RECENCY: f64 = 128.0;

/// One learned plan template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gene {
    /// Id (monotonic).
    pub id: u64,
    /// The goal words it serves.
    pub keywords: Vec<String>,
    /// The steps (tools and arguments).
    pub steps: Vec<Step>,
    /// Times used (or credited).
    pub uses: u64,
    /// Times it completed its goal.
    pub successes: u64,
    /// Genesis clock when last used.
    pub last_used: u64,
    /// How it was born: `extracted`, `crossover` or `mutation`.
    pub origin: String,
}

impl Gene {
    /// The tools of its steps.
    pub fn tools(&self) -> impl Iterator<Item = &str> {
        self.steps.iter().map(|s| s.tool.as_str())
    }
}

/// The genesis state (persisted).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Genesis {
    /// Events (extractions, uses, failures) so far: the clock of recency.
    pub clock: u64,
    /// Next id.
    pub next_id: u64,
    /// The templates, at most [`MAX_TEMPLATES`].
    pub templates: Vec<Gene>,
    /// Templates extracted, ever.
    pub extracted: u64,
    /// Candidates born of crossover, ever.
    pub crossovers: u64,
    /// Candidates born of mutation, ever.
    pub mutations: u64,
    /// Templates pruned, ever.
    pub pruned: u64,
}

/// The keywords of a goal text: its distinct alphabetic words of three letters or more.
pub fn keywords(goal: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in normalise(goal).split(' ') {
        if w.len() >= 3 && w.chars().all(|c| c.is_alphabetic()) && !out.iter().any(|o| o == w) {
            out.push(w.to_string());
        }
        if out.len() >= MAX_KEYWORDS {
            break;
        }
    }
    out
}

/// Whether every step of `steps` passes the tool schema check (and there are 1 to
/// [`MAX_STEPS`]).
pub fn valid(steps: &[Step], tools: &ToolRegistry) -> bool {
    (1..=MAX_STEPS).contains(&steps.len()) && steps.iter().all(|s| tools.check(s).is_ok())
}

impl Genesis {
    /// A template's fitness: (successes + 1) / (uses + 2), times its recency factor.
    pub fn fitness(&self, g: &Gene) -> f64 {
        let age = self.clock.saturating_sub(g.last_used) as f64;
        (g.successes as f64 + 1.0) / (g.uses as f64 + 2.0) * 0.5f64.powf(age / RECENCY)
    }

    /// Whether `goal`'s words hold every keyword of `g` (a template learned for "deploy
    /// cartridge soul-echo" never serves a goal about another cartridge: its arguments are
    /// the ones it was learned with).
    fn matches(g: &Gene, goal: &[String]) -> bool {
        !g.keywords.is_empty() && g.keywords.iter().all(|k| goal.contains(k))
    }

    /// The templates whose keywords are all in `goal`, schema-valid
    /// now, none of whose tools is in `avoid`, fittest first.
    pub fn matching(&self, goal: &str, tools: &ToolRegistry, avoid: &[String]) -> Vec<&Gene> {
        let words = keywords(goal);
        let mut out: Vec<&Gene> = self
            .templates
            .iter()
            .filter(|g| Self::matches(g, &words))
            .filter(|g| !g.tools().any(|t| avoid.iter().any(|a| a == t)))
            .filter(|g| valid(&g.steps, tools))
            .collect();
        out.sort_by(|a, b| self.fitness(b).total_cmp(&self.fitness(a)));
        out
    }

    /// The template the planner uses for `goal`: the fittest match with fitness at least
    /// [`USE_FITNESS`].
    pub fn best_for(&self, goal: &str, tools: &ToolRegistry) -> Option<&Gene> {
        self.matching(goal, tools, &[])
            .into_iter()
            .find(|g| self.fitness(g) >= USE_FITNESS)
    }

    /// The fittest `n` templates (for the LLM's hints and the status).
    pub fn top(&self, n: usize) -> Vec<&Gene> {
        let mut all: Vec<&Gene> = self.templates.iter().collect();
        all.sort_by(|a, b| self.fitness(b).total_cmp(&self.fitness(a)));
        all.truncate(n);
        all
    }

    /// A goal completed with `steps`: the template with these steps and the goal's keywords
    /// is credited (a use and a success), else a new one is extracted; then one round of
    /// evolution.
    pub fn completed(&mut self, goal: &str, steps: &[Step], tools: &ToolRegistry) {
        if !valid(steps, tools) {
            return;
        }
        self.clock += 1;
        let clock = self.clock;
        let words = keywords(goal);
        let same = |g: &&mut Gene| {
            g.steps == steps
                && g.keywords.len() == words.len()
                && words.iter().all(|w| g.keywords.contains(w))
        };
        if let Some(g) = self.templates.iter_mut().find(same) {
            g.uses += 1;
            g.successes += 1;
            g.last_used = clock;
        } else {
            if words.is_empty() {
                return;
            }
            self.extracted += 1;
            self.insert(words, steps.to_vec(), 1, 1, "extracted");
        }
        self.evolve(tools);
    }

    /// A step of `tool` failed: every template using it is charged a failed use, and the
    /// unfit are pruned.
    pub fn failed(&mut self, tool: &str) {
        self.clock += 1;
        let clock = self.clock;
        for g in self
            .templates
            .iter_mut()
            .filter(|g| g.tools().any(|t| t == tool))
        {
            g.uses += 1;
            g.last_used = clock;
        }
        let keep: Vec<bool> = self
            .templates
            .iter()
            .map(|g| g.uses < 2 || self.fitness(g) >= PRUNE_FITNESS)
            .collect();
        let before = self.templates.len();
        let mut keep = keep.into_iter();
        self.templates.retain(|_| keep.next().unwrap_or(true));
        self.pruned += (before - self.templates.len()) as u64;
    }

    fn insert(&mut self, keywords: Vec<String>, steps: Vec<Step>, uses: u64, ok: u64, how: &str) {
        self.next_id += 1;
        self.templates.push(Gene {
            id: self.next_id,
            keywords,
            steps,
            uses,
            successes: ok,
            last_used: self.clock,
            origin: how.into(),
        });
        while self.templates.len() > MAX_TEMPLATES {
            let worst = self
                .templates
                .iter()
                .enumerate()
                .min_by(|(_, a), (_, b)| self.fitness(a).total_cmp(&self.fitness(b)))
                .map(|(i, _)| i);
            match worst {
                Some(i) => {
                    self.templates.remove(i);
                    self.pruned += 1;
                }
                None => break,
            }
        }
    }

    /// Crossover of `a` and `b`: `a`'s steps before the first tool they share, then `b`'s
    /// from that tool on (none when they share no tool, or the child equals a parent).
    pub fn crossover(a: &Gene, b: &Gene) -> Option<Vec<Step>> {
        let (i, j) = a.steps.iter().enumerate().find_map(|(i, s)| {
            b.steps
                .iter()
                .position(|t| t.tool == s.tool)
                .map(|j| (i, j))
        })?;
        let child: Vec<Step> = a.steps[..i].iter().chain(&b.steps[j..]).cloned().collect();
        (child != a.steps && child != b.steps).then_some(child)
    }

    /// Mutation of `g`: step `k` (mod its length) dropped when `repeat` is false and it has
    /// more than one, else repeated when it has fewer than [`MAX_STEPS`].
    pub fn mutate(g: &Gene, k: usize, repeat: bool) -> Option<Vec<Step>> {
        let n = g.steps.len();
        if n == 0 {
            return None;
        }
        let k = k % n;
        let mut steps = g.steps.clone();
        if repeat && n < MAX_STEPS {
            steps.insert(k, g.steps[k].clone());
        } else if !repeat && n > 1 {
            steps.remove(k);
        } else {
            return None;
        }
        Some(steps)
    }

    /// One round of evolution: a crossover of the two fittest templates sharing a tool and a
    /// mutation of the fittest, each kept when schema-valid and new.
    pub fn evolve(&mut self, tools: &ToolRegistry) {
        let top: Vec<Gene> = self.top(8).into_iter().cloned().collect();
        let mut born: Vec<(Vec<String>, Vec<Step>, &str)> = Vec::new();
        'pairs: for (x, a) in top.iter().enumerate() {
            for b in top.iter().skip(x + 1) {
                if let Some(child) = Self::crossover(a, b).or_else(|| Self::crossover(b, a)) {
                    let mut kw = a.keywords.clone();
                    for k in &b.keywords {
                        if kw.len() < MAX_KEYWORDS && !kw.contains(k) {
                            kw.push(k.clone());
                        }
                    }
                    born.push((kw, child, "crossover"));
                    break 'pairs;
                }
            }
        }
        if let Some(best) = top.first() {
            let k = self.clock as usize;
            if let Some(child) = Self::mutate(best, k, k % 2 == 1) {
                born.push((best.keywords.clone(), child, "mutation"));
            }
        }
        for (kw, steps, how) in born {
            if !valid(&steps, tools) || self.templates.iter().any(|g| g.steps == steps) {
                continue;
            }
            if how == "crossover" {
                self.crossovers += 1;
            } else {
                self.mutations += 1;
            }
            self.insert(kw, steps, 0, 0, how);
        }
    }

    /// The status summary: `count`, `best`, `samples` (the fittest three).
    pub fn summary(&self) -> serde_json::Value {
        let view = |g: &Gene| {
            serde_json::json!({
                "id": g.id,
                "keywords": g.keywords,
                "tools": g.tools().collect::<Vec<_>>(),
                "uses": g.uses,
                "successes": g.successes,
                "fitness": self.fitness(g),
                "origin": g.origin,
            })
        };
        let top = self.top(3);
        let tools: std::collections::BTreeSet<&str> =
            self.templates.iter().flat_map(Gene::tools).collect();
        serde_json::json!({
            "count": self.templates.len(),
            "tools": tools,
            "best": top.first().map(|g| view(g)),
            "samples": top.iter().map(|g| view(g)).collect::<Vec<_>>(),
            "extracted": self.extracted,
            "crossovers": self.crossovers,
            "mutations": self.mutations,
            "pruned": self.pruned,
        })
    }
}
