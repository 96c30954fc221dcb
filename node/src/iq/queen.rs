//! The queen's side of a session: opening it, the assignment, results, verification,
//! reassignment and the score.

use super::*;

impl Task {
    /// Opens a session as the queen.
    pub(super) async fn open(
        &mut self,
        wanted: &[String],
        redundancy: u8,
        request: Option<u64>,
    ) -> Result<Opened, OpenError> {
        if let Some(r) = self.queen.as_ref().filter(|r| !r.done) {
            return Err(OpenError::Running(r.id.clone()));
        }
        let Some((_, term)) = self.queen_now() else {
            return Err(OpenError::NoQueen);
        };
        let mut unknown = Vec::new();
        let chosen: Vec<(Slug, Tier)> = if wanted.is_empty() {
            self.problems
                .values()
                .map(|p| (p.slug.clone(), p.tier))
                .collect()
        } else {
            let mut v = Vec::new();
            for w in wanted {
                match Slug::parse(w).ok().and_then(|s| self.problems.get(&s)) {
                    Some(p) if !v.iter().any(|(s, _): &(Slug, Tier)| s == &p.slug) => {
                        v.push((p.slug.clone(), p.tier));
                    }
                    Some(_) => {}
                    None => unknown.push(w.clone()),
                }
            }
            v
        };
        if chosen.is_empty() {
            return Err(OpenError::NoProblems(unknown));
        }
        let view = self.network.view();
        let mut workers: Vec<PeerId> = view
            .members
            .iter()
            .filter(|m| m.alive)
            .filter_map(|m| m.peer_id.parse().ok())
            .collect();
        workers.push(self.me);
        let session = Session::new(workers, chosen, usize::from(redundancy));
        let mut id_bytes = [0u8; 8];
        rand::rng().fill_bytes(&mut id_bytes);
        let id: String = id_bytes.iter().map(|b| format!("{b:02x}")).collect();
        tracing::info!(session = %id, problems = session.problems().len(), workers = session.workers().len(), redundancy = session.redundancy(), "iq: session opened");
        let now = Instant::now();
        self.queen = Some(Running {
            id: id.clone(),
            term,
            request,
            last_heard: session.workers().iter().map(|w| (*w, now)).collect(),
            session,
            started: now,
            last_sent: None,
            verifying: false,
            done: false,
            final_sends: 0,
            claims: HashMap::new(),
        });
        self.last_opened = Some(now);
        self.announce().await;
        Ok(Opened {
            session: id,
            queen: self.me.to_base58(),
        })
    }

    pub(super) fn assignment(&self) -> Option<IqAssignment> {
        let r = self.queen.as_ref()?;
        let s = &r.session;
        Some(IqAssignment {
            session: r.id.clone(),
            term: r.term,
            revision: s.revision(),
            request: r.request,
            workers: s.workers().iter().map(|w| w.to_base58()).collect(),
            problems: s
                .problems()
                .iter()
                .map(|p| AssignedProblem {
                    slug: p.slug.to_string(),
                    tier: p.tier.number(),
                    workers: p.assigned.iter().map(|&w| w as u16).collect(),
                })
                .collect(),
        })
    }

    /// Publishes the assignment and the summary; applies the queen's own share.
    pub(super) async fn announce(&mut self) {
        let Some(a) = self.assignment() else { return };
        self.take_assignment(&a);
        self.publish(Payload::IqAssignment(a)).await;
        let summary = self.summary();
        if let Some(s) = summary {
            self.on_summary(s.clone());
            self.publish(Payload::IqSummary(s)).await;
        }
        if let Some(r) = self.queen.as_mut() {
            r.last_sent = Some(Instant::now());
        }
        self.kick_worker();
    }

    pub(super) fn summary(&self) -> Option<IqSummary> {
        let r = self.queen.as_ref()?;
        let s = &r.session;
        let score = s.score();
        let members = score
            .members
            .iter()
            .map(|(w, sc)| MemberIq {
                peer_id: s.workers()[*w].to_base58(),
                iq: sc.iq,
                attempted: sc.attempted,
                passed: sc.passed,
            })
            .collect();
        let verified = (0..s.problems().len())
            .filter(|&p| s.colony_passed(p))
            .map(|p| s.problems()[p].slug.to_string())
            .collect();
        Some(IqSummary {
            session: r.id.clone(),
            term: r.term,
            done: r.done,
            problems: s.problems().len() as u32,
            iq: score.colony.iq,
            weighted_percent: score.colony.weighted_percent,
            attempted: score.colony.attempted,
            passed: score.colony.passed,
            best_member_iq: score.best_member_iq,
            members,
            verified,
        })
    }

    pub(super) fn view(&self, id: Option<&str>) -> Option<SessionView> {
        if let Some(r) = self.queen.as_ref().filter(|r| id.is_none_or(|i| i == r.id)) {
            let s = &r.session;
            let problems = s
                .problems()
                .iter()
                .enumerate()
                .map(|(p, sp)| ProblemDetail {
                    slug: sp.slug.clone(),
                    tier: sp.tier,
                    assigned: sp
                        .assigned
                        .iter()
                        .map(|&w| s.workers()[w].to_base58())
                        .collect(),
                    results: s
                        .workers()
                        .iter()
                        .enumerate()
                        .filter_map(|(w, peer)| Some((peer.to_base58(), *s.result(p, w)?)))
                        .collect(),
                    colony_passed: s.colony_passed(p),
                })
                .collect();
            return Some(SessionView {
                summary: self.summary()?,
                problems: Some(problems),
                gone: s
                    .workers()
                    .iter()
                    .filter(|w| s.is_gone(w))
                    .map(|w| w.to_base58())
                    .collect(),
                revision: s.revision(),
            });
        }
        if let Some(id) = id.filter(|id| self.latest.as_ref().is_none_or(|l| l.session != *id)) {
            let bytes = self
                .tree
                .get([SESSION_PREFIX, id.as_bytes()].concat())
                .ok()??;
            return serde_json::from_slice(&bytes).ok();
        }
        self.latest.clone().map(|summary| SessionView {
            summary,
            problems: None,
            gone: Vec::new(),
            revision: 0,
        })
    }

    pub(super) async fn on_result(&mut self, author: PeerId, res: &IqResult) {
        let Ok(slug) = Slug::parse(&res.slug) else {
            return;
        };
        if let Some(s) = res
            .solution
            .as_ref()
            .filter(|_| self.held.len() < MAX_HELD_SOLUTIONS)
        {
            self.held
                .insert((res.session.clone(), slug.clone(), author), s.clone());
        }
        let me = self.me;
        let Some(r) = self
            .queen
            .as_mut()
            .filter(|r| r.id == res.session && !r.done)
        else {
            return;
        };
        let claimed = res.outcome == IqOutcome::Passed;
        match r.session.record(&author, &slug, claimed) {
            Recording::New => {
                r.last_heard.insert(author, Instant::now());
                if let Some(s) = res.solution.as_ref().filter(|_| claimed) {
                    r.claims.insert((author, slug.clone()), s.clone());
                }
                // The queen's own passes ran on her harness already.
                if claimed && author == me {
                    r.session.verify(&author, &slug, true);
                }
                self.progress().await;
            }
            Recording::Duplicate => {}
            rejected => {
                tracing::info!(%author, %slug, ?rejected, "iq: result rejected");
            }
        }
    }

    /// Starts verification of claimed passes, closes a finished session, publishes progress.
    pub(super) async fn progress(&mut self) {
        self.verify_claims();
        let finished = self
            .queen
            .as_ref()
            .is_some_and(|r| !r.done && r.session.done());
        if finished {
            self.close().await;
        } else if let Some(s) = self.summary() {
            self.on_summary(s);
        }
    }

    pub(super) fn verify_claims(&mut self) {
        let Some(r) = self.queen.as_mut().filter(|r| !r.verifying && !r.done) else {
            return;
        };
        let claims = r.session.unverified();
        if claims.is_empty() {
            return;
        }
        let mut jobs: Vec<(PeerId, Problem, String)> = Vec::new();
        let mut missing: Vec<(PeerId, Slug, bool)> = Vec::new();
        for (w, slug) in claims {
            let source = r.claims.get(&(w, slug.clone())).cloned();
            match (self.problems.get(&slug), source) {
                (Some(p), Some(s)) => jobs.push((w, p.clone(), s)),
                _ => missing.push((w, slug, false)),
            }
        }
        r.verifying = true;
        let (id, harness, done) = (r.id.clone(), self.harness.clone(), self.done_tx.clone());
        self.spawn_job(async move {
            let mut verdicts = missing;
            verdicts.extend(verify(harness, jobs).await);
            let _ = done.send(Done::Verified(id, verdicts)).await;
        });
    }

    pub(super) async fn close(&mut self) {
        let Some(r) = self.queen.as_mut() else { return };
        r.done = true;
        tracing::info!(session = %r.id, "iq: session complete");
        self.announce().await;
        if let Some(view) = self.view(None) {
            let key = [SESSION_PREFIX, view.summary.session.as_bytes()].concat();
            if let Ok(bytes) = serde_json::to_vec(&view)
                && let Err(e) = self.tree.insert(key, bytes)
            {
                tracing::warn!(error = %e, "iq: storing the session");
            }
        }
    }

    pub(super) async fn on_tick(&mut self) {
        let (expired, waiting): (Vec<_>, Vec<_>) = std::mem::take(&mut self.waiting)
            .into_iter()
            .partition(|(_, since, _)| since.elapsed() >= OPEN_WAIT);
        self.waiting = waiting;
        for (_, _, reply) in expired {
            let _ = reply.send(Err(OpenError::Timeout(OPEN_WAIT)));
        }
        // The scheduled session.
        let is_queen = self.queen_now().is_some_and(|(q, _)| q == self.me);
        if let Some(every) = self.every {
            let due = self.last_opened.is_none_or(|t| t.elapsed() >= every);
            if is_queen
                && due
                && self.queen.as_ref().is_none_or(|r| r.done)
                && let Err(e) = self.open(&[], 1, None).await
            {
                tracing::info!(error = %e, "iq: scheduled session not opened");
            }
        }
        if let Some(r) = self.queen.as_mut().filter(|r| {
            r.done
                && r.final_sends < FINAL_SENDS
                && r.last_sent.is_none_or(|t| t.elapsed() >= RESEND)
        }) {
            r.final_sends += 1;
            r.last_sent = Some(Instant::now());
            if let Some(s) = self.summary() {
                self.publish(Payload::IqSummary(s)).await;
            }
        }
        let Some(r) = self.queen.as_mut().filter(|r| !r.done) else {
            return;
        };
        if !is_queen {
            // Deposed: the session ends here (a new queen opens her own).
            tracing::info!(session = %r.id, "iq: no longer queen; session abandoned");
            r.done = true;
            return;
        }
        // Reassign the share of workers that died or went silent.
        let view = self.network.view();
        let alive: std::collections::HashSet<String> = view
            .members
            .iter()
            .filter(|m| m.alive)
            .map(|m| m.peer_id.clone())
            .collect();
        let mut changed = false;
        let workers: Vec<PeerId> = r.session.workers().to_vec();
        for w in workers {
            if w == self.me || r.session.is_gone(&w) || r.session.share_of(&w).is_empty() {
                continue;
            }
            let silent = r
                .last_heard
                .get(&w)
                .is_none_or(|t| t.elapsed() > SILENT_AFTER);
            if !alive.contains(&w.to_base58()) || silent {
                tracing::info!(worker = %w, silent, "iq: worker gone; reassigning its share");
                changed |= r.session.worker_gone(&w);
            }
        }
        let overdue = r.started.elapsed() > SESSION_DEADLINE;
        let resend = r.last_sent.is_none_or(|t| t.elapsed() >= RESEND);
        if overdue {
            tracing::warn!(session = %r.id, "iq: session deadline passed; closing");
            self.close().await;
        } else if changed || resend {
            self.announce().await;
            self.progress().await;
        }
    }
}

/// Runs claimed passing solutions through the queen's own harness.
pub(super) async fn verify(
    harness: Option<Arc<Harness>>,
    jobs: Vec<(PeerId, Problem, String)>,
) -> Vec<(PeerId, Slug, bool)> {
    let Some(harness) = harness else {
        return jobs
            .into_iter()
            .map(|(w, p, _)| (w, p.slug, false))
            .collect();
    };
    // One workspace per verification batch; a problem appears once per batch.
    let mut out = Vec::new();
    let mut rest = jobs;
    while !rest.is_empty() {
        let mut batch = Vec::new();
        let mut later = Vec::new();
        for j in rest {
            if batch
                .iter()
                .any(|(_, p, _): &(PeerId, Problem, String)| p.slug == j.1.slug)
            {
                later.push(j);
            } else {
                batch.push(j);
            }
        }
        rest = later;
        let h = harness.clone();
        let b = batch.clone();
        let evaluated = tokio::task::spawn_blocking(move || {
            let label = Slug::parse("verify").unwrap_or_else(|_| unreachable!("valid slug"));
            let refs: Vec<(&Problem, &str)> = b.iter().map(|(_, p, s)| (p, s.as_str())).collect();
            h.evaluate(&label, &refs, &|_| {})
        })
        .await;
        match evaluated {
            Ok(Ok(evals)) => {
                for ((w, p, _), ev) in batch.into_iter().zip(evals) {
                    out.push((w, p.slug, ev.outcome.passed()));
                }
            }
            _ => out.extend(batch.into_iter().map(|(w, p, _)| (w, p.slug, false))),
        }
    }
    out
}
