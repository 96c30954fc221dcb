//! A session: a solver's candidates for a set of problems, evaluated by the harness (with the
//! solver's retries fed the failures), scored.

use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use futures::StreamExt;
use serde::{Deserialize, Serialize};

use crate::harness::{Evaluation, Event, Harness, HarnessError, Outcome};
use crate::problem::{Problem, Slug, Tier};
use crate::score::Score;
use crate::solver::{Previous, Solver};

/// One problem's result in a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProblemResult {
    /// The problem.
    pub slug: Slug,
    /// Its tier.
    pub tier: Tier,
    /// The final outcome.
    pub outcome: Outcome,
    /// Candidates evaluated (1 + retries used).
    pub attempts: u32,
    /// Wall time of its last test run (or solo build), milliseconds.
    pub elapsed_ms: u64,
    /// The passing `lib.rs` (a training pair with the problem; shared with the colony).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub solution: Option<String>,
}

/// A whole session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionReport {
    /// Solver name.
    pub solver: String,
    /// Model, for the llm solver.
    pub model: Option<String>,
    /// Start, milliseconds since the Unix epoch.
    pub started_unix_ms: u64,
    /// Wall time of the session, milliseconds.
    pub wall_ms: u64,
    /// IQ, weighted percentage and the per-tier table.
    #[serde(flatten)]
    pub score: Score,
    /// Per problem, in the order given.
    pub problems: Vec<ProblemResult>,
}

/// Progress of a session, for a progress bar.
pub trait Progress: Send + Sync {
    /// A round starts: `steps` ticks follow (two per problem: built, done).
    fn round(&self, attempt: u32, steps: u64);
    /// One step of the round is over.
    fn tick(&self, slug: &Slug);
}

/// No progress output.
#[derive(Debug, Clone, Copy)]
pub struct Quiet;

impl Progress for Quiet {
    fn round(&self, _: u32, _: u64) {}
    fn tick(&self, _: &Slug) {}
}

/// Runs `solver` on `problems`: solves them `jobs` at a time, evaluates every candidate, retries
/// the failed ones as often as the solver wants (feeding it the failure), and scores the result.
pub async fn run_session<S: Solver>(
    solver: &S,
    model: Option<String>,
    problems: &[Problem],
    harness: Arc<Harness>,
    progress: Arc<dyn Progress>,
) -> Result<SessionReport, HarnessError> {
    let started = Instant::now();
    let started_unix_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
    let label = Slug::parse(solver.name()).map_err(|source| HarnessError::Label {
        label: solver.name().to_owned(),
        source,
    })?;
    let jobs = harness.config().jobs;
    let mut results: Vec<ProblemResult> = problems
        .iter()
        .map(|p| ProblemResult {
            slug: p.slug.clone(),
            tier: p.tier,
            outcome: Outcome::SolverError {
                message: "not attempted".to_owned(),
            },
            attempts: 0,
            elapsed_ms: 0,
            solution: None,
        })
        .collect();
    let mut sources: Vec<Option<String>> = vec![None; problems.len()];
    let mut todo: Vec<usize> = (0..problems.len()).collect();
    for attempt in 0..=solver.retries() {
        if todo.is_empty() {
            break;
        }
        let answers: Vec<(usize, Result<String, _>)> = futures::stream::iter(todo.iter().copied())
            .map(|i| {
                let previous = sources[i].clone().map(|source| Previous {
                    source,
                    outcome: results[i].outcome.clone(),
                });
                async move { (i, solver.solve(&problems[i], previous.as_ref()).await) }
            })
            .buffered(jobs.max(1))
            .collect()
            .await;
        let mut candidates: Vec<(usize, String)> = Vec::new();
        for (i, answer) in answers {
            results[i].attempts += 1;
            match answer {
                Ok(source) => {
                    sources[i] = Some(source.clone());
                    candidates.push((i, source));
                }
                Err(e) => {
                    results[i].outcome = Outcome::SolverError {
                        message: error_chain(&e),
                    };
                }
            }
        }
        progress.round(attempt + 1, 2 * candidates.len() as u64);
        let owned: Vec<(Problem, String)> = candidates
            .iter()
            .map(|(i, s)| (problems[*i].clone(), s.clone()))
            .collect();
        let (h, p, l) = (harness.clone(), progress.clone(), label.clone());
        let evaluations: Vec<Evaluation> = tokio::task::spawn_blocking(move || {
            let refs: Vec<(&Problem, &str)> = owned.iter().map(|(p, s)| (p, s.as_str())).collect();
            h.evaluate(&l, &refs, &|e| match e {
                Event::Built(slug) => p.tick(slug),
                Event::Done(ev) => p.tick(&ev.slug),
            })
        })
        .await
        .map_err(HarnessError::Join)??;
        for ((i, _), ev) in candidates.iter().zip(evaluations) {
            results[*i].outcome = ev.outcome;
            results[*i].elapsed_ms = ev.elapsed_ms;
        }
        todo.retain(|&i| !results[i].outcome.passed());
    }
    for (r, source) in results.iter_mut().zip(sources) {
        if r.outcome.passed() {
            r.solution = source;
        }
    }
    let score = Score::of(results.iter().map(|r| (r.tier, r.outcome.passed())));
    Ok(SessionReport {
        solver: solver.name().to_owned(),
        model,
        started_unix_ms,
        wall_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        score,
        problems: results,
    })
}

/// `e` and its sources, joined by ": ".
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}
