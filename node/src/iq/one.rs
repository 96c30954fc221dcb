//! One benchmark problem on demand (the soul's `benchmark_problem` tool): a problem by slug, or a
//! pseudo-random one of a tier, solved with this node's solver through the node's harness (the
//! same [`solve`](super::worker::solve) a colony session's share uses), one at a time.

use super::*;

/// What [`IqHandle::solve_one`] asks for.
#[derive(Debug, Clone, Default)]
pub struct OneRequest {
    /// The problem (none: a pseudo-random one).
    pub slug: Option<Slug>,
    /// The tier the pseudo-random problem is drawn from (none: any tier).
    pub tier: Option<Tier>,
}

/// One problem's result.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OneResult {
    /// The problem.
    pub slug: String,
    /// Its tier.
    pub tier: u8,
    /// The outcome (`passed`, `failed`, `compile_error`, `timeout`, `solver_error`).
    pub outcome: IqOutcome,
    /// Time the harness took, milliseconds.
    pub elapsed_ms: u64,
    /// The solver.
    pub solver: String,
    /// The reason of a failure, cut.
    pub detail: Option<String>,
}

/// Why no problem ran.
#[derive(Debug, thiserror::Error)]
pub enum OneError {
    /// No problem of that slug.
    #[error("this node has no benchmark problem {0}")]
    NoSuchProblem(String),
    /// No problem of that tier (or none at all).
    #[error("this node has no benchmark problem{}", .0.map(|t| format!(" of tier {}", t.number())).unwrap_or_default())]
    NoProblems(Option<Tier>),
    /// One is already running.
    #[error("a benchmark problem is already running")]
    Busy,
    /// The iq task stopped.
    #[error("the iq task stopped")]
    Stopped,
}

/// Longest failure detail kept.
const MAX_DETAIL: usize = 300;

impl Task {
    /// Picks the problem and solves it off the event loop; the reply comes when it is done.
    pub(super) fn solve_one(
        &self,
        req: OneRequest,
        busy: Arc<tokio::sync::Semaphore>,
        reply: oneshot::Sender<Result<OneResult, OneError>>,
    ) {
        let problem = match (&req.slug, req.tier) {
            (Some(slug), _) => match self.problems.get(slug) {
                Some(p) => p.clone(),
                None => {
                    let _ = reply.send(Err(OneError::NoSuchProblem(slug.to_string())));
                    return;
                }
            },
            (None, tier) => {
                let pool: Vec<&Problem> = self
                    .problems
                    .values()
                    .filter(|p| tier.is_none_or(|t| p.tier == t))
                    .collect();
                if pool.is_empty() {
                    let _ = reply.send(Err(OneError::NoProblems(tier)));
                    return;
                }
                let at = (rand::rng().next_u64() % pool.len() as u64) as usize;
                pool[at].clone()
            }
        };
        // One at a time: the permit travels with the work, so a caller that stopped waiting
        // (its step timed out) still holds others off until the harness is done.
        let Ok(permit) = busy.try_acquire_owned() else {
            let _ = reply.send(Err(OneError::Busy));
            return;
        };
        let (solver, harness) = (self.solver.clone(), self.harness.clone());
        self.spawn_job(async move {
            let report = worker::solve(&solver, harness, std::slice::from_ref(&problem)).await;
            drop(permit);
            let result = report
                .problems
                .first()
                .map(|r| OneResult {
                    slug: r.slug.to_string(),
                    tier: r.tier.number(),
                    outcome: worker::outcome_of(&r.outcome),
                    elapsed_ms: r.elapsed_ms,
                    solver: report.solver.clone(),
                    detail: detail(&r.outcome),
                })
                .ok_or(OneError::Stopped);
            let _ = reply.send(result);
        });
    }
}

fn detail(o: &Outcome) -> Option<String> {
    let text = match o {
        Outcome::Passed => return None,
        Outcome::Failed { tests, .. } => format!("failed tests: {}", tests.join(", ")),
        Outcome::CompileError { message } => message.clone(),
        Outcome::Timeout { phase } => format!("{phase:?} timed out"),
        Outcome::SolverError { message } => message.clone(),
    };
    Some(x402_soul::types::cut(&text, MAX_DETAIL))
}
