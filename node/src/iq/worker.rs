//! The worker's side of a session: this node's share, solved with its own solver.

use super::*;

impl Task {
    /// Queues this node's share of an assignment.
    pub(super) fn take_assignment(&mut self, a: &IqAssignment) {
        let me = self.me.to_base58();
        let Some(idx) = a.workers.iter().position(|w| *w == me) else {
            return;
        };
        if self.worker.session.as_deref() != Some(&a.session) {
            // Solutions held for an older session will never be verified now.
            self.held.retain(|(s, _, _), _| *s == a.session);
            self.worker = Worker {
                session: Some(a.session.clone()),
                busy: self.worker.busy,
                ..Worker::default()
            };
        }
        for p in &a.problems {
            if !p.workers.contains(&(idx as u16)) {
                continue;
            }
            let Ok(slug) = Slug::parse(&p.slug) else {
                continue;
            };
            if self.worker.seen.insert(slug.clone()) {
                self.worker.queued.push_back(slug);
            }
        }
    }

    /// Starts solving the queued share when idle.
    pub(super) fn kick_worker(&mut self) {
        if self.worker.busy || self.worker.queued.is_empty() {
            return;
        }
        let Some(session) = self.worker.session.clone() else {
            return;
        };
        let n = self.worker.queued.len().min(CHUNK);
        let slugs: Vec<Slug> = self.worker.queued.drain(..n).collect();
        self.worker.busy = true;
        let problems: Vec<Problem> = slugs
            .iter()
            .filter_map(|s| self.problems.get(s).cloned())
            .collect();
        let unknown: Vec<Slug> = slugs
            .into_iter()
            .filter(|s| !self.problems.contains_key(s))
            .collect();
        let (solver, harness, done) = (
            self.solver.clone(),
            self.harness.clone(),
            self.done_tx.clone(),
        );
        self.spawn_job(async move {
            let mut report = solve(&solver, harness, &problems).await;
            for slug in unknown {
                report.problems.push(x402_benchmarks::ProblemResult {
                    slug,
                    tier: Tier::new(1).unwrap_or_else(|_| unreachable!("tier 1 exists")),
                    outcome: Outcome::SolverError {
                        message: "this node does not have the problem".into(),
                    },
                    attempts: 0,
                    elapsed_ms: 0,
                    solution: None,
                });
            }
            let _ = done.send(Done::Solved(session, report)).await;
        });
    }

    pub(super) async fn on_done(&mut self, done: Done) {
        match done {
            Done::Solved(session, report) => {
                self.worker.busy = false;
                for r in &report.problems {
                    let solution = r.solution.clone().filter(|s| s.len() <= MAX_SOLUTION_BYTES);
                    let outcome = match (outcome_of(&r.outcome), &solution) {
                        // A pass too long to share counts as not shared.
                        (IqOutcome::Passed, None) => IqOutcome::SolverError,
                        (o, _) => o,
                    };
                    let result = IqResult {
                        session: session.clone(),
                        slug: r.slug.to_string(),
                        outcome,
                        solution,
                        elapsed_ms: r.elapsed_ms,
                    };
                    if self.worker.session.as_deref() == Some(&session) {
                        self.worker
                            .results
                            .push((r.tier, outcome == IqOutcome::Passed));
                    }
                    if let Some(s) = result
                        .solution
                        .as_ref()
                        .filter(|_| outcome == IqOutcome::Passed)
                    {
                        self.keep_pair(&session, &r.slug, s);
                    }
                    let me = self.me;
                    self.on_result(me, &result).await;
                    self.publish(Payload::IqResult(result)).await;
                }
                self.update_status();
                self.kick_worker();
            }
            Done::Verified(session, verdicts) => {
                let Some(r) = self.queen.as_mut().filter(|r| r.id == session) else {
                    return;
                };
                r.verifying = false;
                let mut verified = Vec::new();
                for (w, slug, ok) in verdicts {
                    if !ok {
                        tracing::warn!(worker = %w, %slug, "iq: a claimed pass failed verification");
                    } else if let Some(source) = r.claims.get(&(w, slug.clone())) {
                        verified.push((slug.clone(), source.clone()));
                    }
                    r.session.verify(&w, &slug, ok);
                }
                for (slug, source) in verified {
                    self.keep_pair(&session, &slug, &source);
                }
                self.progress().await;
            }
        }
    }
}

/// Runs this node's solver on `problems` through the harness.
pub(super) async fn solve(
    solver: &NodeSolver,
    harness: Option<Arc<Harness>>,
    problems: &[Problem],
) -> SessionReport {
    let failed = |message: String| SessionReport {
        solver: solver.name().to_string(),
        model: None,
        started_unix_ms: unix_ms(),
        wall_ms: 0,
        score: Score::of(problems.iter().map(|p| (p.tier, false))),
        problems: problems
            .iter()
            .map(|p| x402_benchmarks::ProblemResult {
                slug: p.slug.clone(),
                tier: p.tier,
                outcome: Outcome::SolverError {
                    message: message.clone(),
                },
                attempts: 0,
                elapsed_ms: 0,
                solution: None,
            })
            .collect(),
    };
    let Some(harness) = harness else {
        return failed("this node has no benchmark harness".into());
    };
    let progress = Arc::new(Quiet);
    let report = match solver {
        NodeSolver::Reference => {
            run_session(&ReferenceSolver, None, problems, harness, progress).await
        }
        NodeSolver::Starter => run_session(&StarterSolver, None, problems, harness, progress).await,
        NodeSolver::Subset(s) => run_session(s, None, problems, harness, progress).await,
        NodeSolver::Local(s) => run_session(s, None, problems, harness, progress).await,
        NodeSolver::Llm(llm, model) => {
            run_session(llm, Some(model.clone()), problems, harness, progress).await
        }
        NodeSolver::Unavailable(why) => return failed(why.clone()),
    };
    report.unwrap_or_else(|e| failed(x402_benchmarks::session::error_chain(&e)))
}

pub(super) fn outcome_of(o: &Outcome) -> IqOutcome {
    match o {
        Outcome::Passed => IqOutcome::Passed,
        Outcome::Failed { .. } => IqOutcome::Failed,
        Outcome::CompileError { .. } => IqOutcome::CompileError,
        Outcome::Timeout { .. } => IqOutcome::Timeout,
        Outcome::SolverError { .. } => IqOutcome::SolverError,
    }
}
