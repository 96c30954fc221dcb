//! A colony session, as the queen keeps it: the problems partitioned across workers
//! (deterministic, balanced by tier weight, each problem to `redundancy` distinct workers), the
//! share of a worker that dies reassigned, results recorded idempotently, and the score of the
//! colony (a problem passes when any verified solution passes) next to each worker's own.
//!
//! Pure state: the node's session service feeds it the network's view and the workers' results;
//! nothing here talks to the network or runs cargo.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::problem::{Slug, Tier};
use crate::score::Score;

/// Most workers in one session (a session's assignment travels in one gossip message).
pub const MAX_WORKERS: usize = 64;
/// Most problems in one session.
pub const MAX_PROBLEMS: usize = 256;
/// Highest redundancy.
pub const MAX_REDUNDANCY: usize = 8;

/// One worker's result for one problem, as the queen records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recorded {
    /// The worker says its solution passed.
    pub claimed_pass: bool,
    /// The queen's own verification of a claimed pass: `None` until it ran.
    pub verified: Option<bool>,
}

impl Recorded {
    /// A pass that the queen's verification confirmed.
    pub fn passed(&self) -> bool {
        self.claimed_pass && self.verified == Some(true)
    }

    /// Final: a failure as reported, or a pass once verified either way.
    pub fn settled(&self) -> bool {
        !self.claimed_pass || self.verified.is_some()
    }
}

/// What [`Session::record`] did with a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recording {
    /// A new result.
    New,
    /// The same worker already reported this problem: nothing changed.
    Duplicate,
    /// The worker was never assigned this problem.
    NotAssigned,
    /// Not a problem of the session.
    UnknownProblem,
}

/// One problem of a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionProblem {
    /// Its slug.
    pub slug: Slug,
    /// Its tier.
    pub tier: Tier,
    /// Indices into the session's workers currently assigned.
    pub assigned: Vec<usize>,
    /// Every worker ever assigned (a reassigned worker's late result still counts once).
    pub ever: BTreeSet<usize>,
}

/// The queen's state of one colony session. `W` identifies a worker (a peer id).
#[derive(Debug, Clone)]
pub struct Session<W> {
    workers: Vec<W>,
    problems: Vec<SessionProblem>,
    redundancy: usize,
    results: BTreeMap<(usize, usize), Recorded>,
    gone: BTreeSet<usize>,
    revision: u32,
}

/// Scores of a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColonyScore {
    /// The colony: a problem passes when any verified solution of it passes.
    pub colony: Score,
    /// Each worker on the problems it reported.
    pub members: Vec<(usize, Score)>,
    /// The best worker's IQ (among workers that reported anything).
    pub best_member_iq: Option<f64>,
}

impl<W: Clone + Ord> Session<W> {
    /// Partitions `problems` across `workers` (sorted and deduplicated first, so every queen
    /// computes the same assignment from the same inputs): heaviest tier first, each problem to
    /// the `redundancy` least-loaded workers (load = sum of tier weights; ties by worker order).
    /// `redundancy` is clamped to `1..=min(workers, MAX_REDUNDANCY)`.
    pub fn new(mut workers: Vec<W>, problems: Vec<(Slug, Tier)>, redundancy: usize) -> Self {
        workers.sort();
        workers.dedup();
        workers.truncate(MAX_WORKERS);
        let r = redundancy.clamp(1, workers.len().clamp(1, MAX_REDUNDANCY));
        let mut order: Vec<usize> = (0..problems.len().min(MAX_PROBLEMS)).collect();
        order.sort_by(|&a, &b| {
            problems[b]
                .1
                .weight()
                .cmp(&problems[a].1.weight())
                .then_with(|| problems[a].0.cmp(&problems[b].0))
        });
        let mut load = vec![0u32; workers.len()];
        let mut assigned: Vec<Vec<usize>> = vec![Vec::new(); problems.len()];
        for i in order {
            let mut by_load: Vec<usize> = (0..workers.len()).collect();
            by_load.sort_by_key(|&w| (load[w], w));
            for &w in by_load.iter().take(r) {
                load[w] += problems[i].1.weight();
                assigned[i].push(w);
            }
            assigned[i].sort_unstable();
        }
        let problems = problems
            .into_iter()
            .take(MAX_PROBLEMS)
            .zip(assigned)
            .map(|((slug, tier), assigned)| SessionProblem {
                slug,
                tier,
                ever: assigned.iter().copied().collect(),
                assigned,
            })
            .collect();
        Session {
            workers,
            problems,
            redundancy: r,
            results: BTreeMap::new(),
            gone: BTreeSet::new(),
            revision: 0,
        }
    }

    /// The workers, in assignment order.
    pub fn workers(&self) -> &[W] {
        &self.workers
    }

    /// The problems and who is assigned.
    pub fn problems(&self) -> &[SessionProblem] {
        &self.problems
    }

    /// Redundancy in effect.
    pub fn redundancy(&self) -> usize {
        self.redundancy
    }

    /// Bumped whenever the assignment changes.
    pub fn revision(&self) -> u32 {
        self.revision
    }

    /// The result of worker `w` for problem `p`.
    pub fn result(&self, p: usize, w: usize) -> Option<&Recorded> {
        self.results.get(&(p, w))
    }

    /// Problems assigned to `worker` that it has not reported yet.
    pub fn share_of(&self, worker: &W) -> Vec<&Slug> {
        let Some(w) = self.index(worker) else {
            return Vec::new();
        };
        self.problems
            .iter()
            .enumerate()
            .filter(|(p, sp)| sp.assigned.contains(&w) && !self.results.contains_key(&(*p, w)))
            .map(|(_, sp)| &sp.slug)
            .collect()
    }

    fn index(&self, worker: &W) -> Option<usize> {
        self.workers.binary_search(worker).ok()
    }

    /// Records `worker`'s result for `slug` (idempotent: the first result of a worker for a
    /// problem stands).
    pub fn record(&mut self, worker: &W, slug: &Slug, claimed_pass: bool) -> Recording {
        let Some(p) = self.problems.iter().position(|sp| &sp.slug == slug) else {
            return Recording::UnknownProblem;
        };
        let Some(w) = self.index(worker) else {
            return Recording::NotAssigned;
        };
        if !self.problems[p].ever.contains(&w) {
            return Recording::NotAssigned;
        }
        if self.results.contains_key(&(p, w)) {
            return Recording::Duplicate;
        }
        self.results.insert(
            (p, w),
            Recorded {
                claimed_pass,
                verified: None,
            },
        );
        Recording::New
    }

    /// The queen's verification of `worker`'s claimed pass of `slug`.
    pub fn verify(&mut self, worker: &W, slug: &Slug, passed: bool) {
        let (Some(p), Some(w)) = (
            self.problems.iter().position(|sp| &sp.slug == slug),
            self.index(worker),
        ) else {
            return;
        };
        if let Some(r) = self
            .results
            .get_mut(&(p, w))
            .filter(|r| r.claimed_pass && r.verified.is_none())
        {
            r.verified = Some(passed);
        }
    }

    /// Claimed passes not verified yet: `(worker, slug)`.
    pub fn unverified(&self) -> Vec<(W, Slug)> {
        self.results
            .iter()
            .filter(|(_, r)| r.claimed_pass && r.verified.is_none())
            .map(|(&(p, w), _)| (self.workers[w].clone(), self.problems[p].slug.clone()))
            .collect()
    }

    /// Marks `worker` gone (dead or silent): its unreported problems go to the least-loaded
    /// live workers not already on them. Returns whether the assignment changed.
    pub fn worker_gone(&mut self, worker: &W) -> bool {
        let Some(w) = self.index(worker) else {
            return false;
        };
        if !self.gone.insert(w) {
            return false;
        }
        let mut load = vec![0u32; self.workers.len()];
        for sp in &self.problems {
            for &a in &sp.assigned {
                load[a] += sp.tier.weight();
            }
        }
        let mut changed = false;
        for p in 0..self.problems.len() {
            let sp = &self.problems[p];
            if !sp.assigned.contains(&w) || self.results.contains_key(&(p, w)) {
                continue;
            }
            let weight = sp.tier.weight();
            let replacement = (0..self.workers.len())
                .filter(|c| !self.gone.contains(c) && !sp.ever.contains(c))
                .min_by_key(|&c| (load[c], c));
            let sp = &mut self.problems[p];
            sp.assigned.retain(|&a| a != w);
            if let Some(c) = replacement {
                sp.assigned.push(c);
                sp.assigned.sort_unstable();
                sp.ever.insert(c);
                load[c] += weight;
            }
            changed = true;
        }
        if changed {
            self.revision += 1;
        }
        changed
    }

    /// Whether `worker` was declared gone.
    pub fn is_gone(&self, worker: &W) -> bool {
        self.index(worker).is_some_and(|w| self.gone.contains(&w))
    }

    /// Every assigned worker reported every problem, and every claimed pass was verified.
    pub fn done(&self) -> bool {
        self.problems.iter().enumerate().all(|(p, sp)| {
            sp.assigned
                .iter()
                .all(|&w| self.results.get(&(p, w)).is_some_and(|r| r.settled()))
        }) && self.unverified().is_empty()
    }

    /// Whether the colony passed problem `p` (any verified pass, by whoever was ever assigned).
    pub fn colony_passed(&self, p: usize) -> bool {
        self.results
            .range((p, 0)..(p, usize::MAX))
            .any(|(_, r)| r.passed())
    }

    /// Whether problem `p` has at least one settled result.
    pub fn attempted(&self, p: usize) -> bool {
        self.results
            .range((p, 0)..(p, usize::MAX))
            .any(|(_, r)| r.settled())
    }

    /// The colony's score (over problems with a settled result) and each worker's own.
    pub fn score(&self) -> ColonyScore {
        let colony = Score::of(
            (0..self.problems.len())
                .filter(|&p| self.attempted(p))
                .map(|p| (self.problems[p].tier, self.colony_passed(p))),
        );
        let members: Vec<(usize, Score)> = (0..self.workers.len())
            .filter_map(|w| {
                let mine: Vec<(Tier, bool)> = self
                    .results
                    .iter()
                    .filter(|((_, rw), r)| *rw == w && r.settled())
                    .map(|(&(p, _), r)| (self.problems[p].tier, r.passed()))
                    .collect();
                (!mine.is_empty()).then(|| (w, Score::of(mine)))
            })
            .collect();
        let best_member_iq = members.iter().map(|(_, s)| s.iq).reduce(f64::max);
        ColonyScore {
            colony,
            members,
            best_member_iq,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(tiers: &[u8]) -> Vec<(Slug, Tier)> {
        tiers
            .iter()
            .enumerate()
            .map(|(i, &t)| {
                (
                    Slug::parse(&format!("p-{i:02}")).expect("slug"),
                    Tier::new(t).expect("tier"),
                )
            })
            .collect()
    }

    fn load(s: &Session<&'static str>) -> Vec<u32> {
        let mut load = vec![0; s.workers().len()];
        for sp in s.problems() {
            for &w in &sp.assigned {
                load[w] += sp.tier.weight();
            }
        }
        load
    }

    #[test]
    fn partition_is_deterministic_balanced_and_exact() {
        let ps = problems(&[1, 1, 1, 1, 2, 2, 3, 3, 4, 5, 6, 6]);
        let a = Session::new(vec!["c", "a", "b"], ps.clone(), 1);
        let b = Session::new(vec!["b", "c", "a", "a"], ps.clone(), 1);
        assert_eq!(a.workers(), &["a", "b", "c"]);
        assert_eq!(a.problems(), b.problems());
        // Every problem exactly once.
        assert!(a.problems().iter().all(|p| p.assigned.len() == 1));
        // Total weight 1*4+2*2+3*2+4+5+8*2 = 39; the greedy split is within one heaviest item.
        let l = load(&a);
        assert_eq!(l.iter().sum::<u32>(), 39);
        assert!(
            l.iter().max().unwrap() - l.iter().min().unwrap() <= 8,
            "{l:?}"
        );
        // Redundancy: distinct workers per problem, clamped to the number of workers.
        let r2 = Session::new(vec!["a", "b", "c"], ps.clone(), 2);
        assert!(
            r2.problems()
                .iter()
                .all(|p| { p.assigned.len() == 2 && p.assigned[0] != p.assigned[1] })
        );
        assert_eq!(Session::new(vec!["a", "b"], ps, 9).redundancy(), 2);
    }

    #[test]
    fn results_are_idempotent_and_only_from_assigned_workers() {
        let mut s = Session::new(vec!["a", "b"], problems(&[1, 1]), 1);
        let p0 = s.problems()[0].clone();
        let owner = s.workers()[p0.assigned[0]];
        let other = s.workers()[1 - p0.assigned[0]];
        assert_eq!(s.record(&other, &p0.slug, true), Recording::NotAssigned);
        assert_eq!(s.record(&"z", &p0.slug, true), Recording::NotAssigned);
        let unknown = Slug::parse("nope").expect("slug");
        assert_eq!(s.record(&owner, &unknown, true), Recording::UnknownProblem);
        assert_eq!(s.record(&owner, &p0.slug, false), Recording::New);
        assert_eq!(s.record(&owner, &p0.slug, true), Recording::Duplicate);
        assert!(!s.colony_passed(0));
    }

    #[test]
    fn colony_passes_on_any_verified_pass_and_scores_each_member() {
        // Two workers, every problem to both: "a" passes the tier-1 problem, "b" the tier-6 one.
        let mut s = Session::new(vec!["a", "b"], problems(&[1, 6]), 2);
        let (p1, p6) = (s.problems()[0].slug.clone(), s.problems()[1].slug.clone());
        s.record(&"a", &p1, true);
        s.record(&"a", &p6, false);
        s.record(&"b", &p1, false);
        s.record(&"b", &p6, true);
        assert!(!s.done(), "claimed passes wait for verification");
        s.verify(&"a", &p1, true);
        s.verify(&"b", &p6, true);
        assert!(s.done());
        let score = s.score();
        assert_eq!(score.colony.passed, 2);
        assert!((score.colony.iq - 150.0).abs() < 1e-9);
        // a: 1 of 9 points, b: 8 of 9.
        let iq_of = |w: usize| score.members.iter().find(|(m, _)| *m == w).unwrap().1.iq;
        assert!((iq_of(0) - (85.0 + 0.65 * 100.0 / 9.0)).abs() < 1e-9);
        assert!((iq_of(1) - (85.0 + 0.65 * 800.0 / 9.0)).abs() < 1e-9);
        assert_eq!(score.best_member_iq, Some(iq_of(1)));
    }

    #[test]
    fn a_claimed_pass_that_fails_verification_does_not_count() {
        let mut s = Session::new(vec!["a"], problems(&[2]), 1);
        let slug = s.problems()[0].slug.clone();
        s.record(&"a", &slug, true);
        assert_eq!(s.unverified(), vec![("a", slug.clone())]);
        s.verify(&"a", &slug, false);
        assert!(s.done());
        assert_eq!(s.score().colony.passed, 0);
        assert_eq!(s.score().colony.attempted, 1);
    }

    #[test]
    fn a_gone_workers_unreported_share_is_reassigned() {
        let mut s = Session::new(vec!["a", "b", "c"], problems(&[1, 1, 1, 2, 2, 3]), 1);
        let share_b: Vec<Slug> = s.share_of(&"b").into_iter().cloned().collect();
        assert!(share_b.len() >= 2);
        // b reported one problem before dying.
        s.record(&"b", &share_b[0], false);
        assert!(s.worker_gone(&"b"));
        assert!(!s.worker_gone(&"b"), "once");
        assert_eq!(s.revision(), 1);
        assert!(s.share_of(&"b").is_empty());
        // b's other problems moved to a or c; its reported one stays its own.
        for slug in &share_b[1..] {
            let sp = s.problems().iter().find(|p| &p.slug == slug).unwrap();
            assert_eq!(sp.assigned.len(), 1);
            assert_ne!(s.workers()[sp.assigned[0]], "b");
        }
        let p0 = s
            .problems()
            .iter()
            .position(|p| p.slug == share_b[0])
            .unwrap();
        assert_eq!(s.workers()[s.problems()[p0].assigned[0]], "b");
        // Everyone else reports: done, every problem attempted once.
        for w in ["a", "c"] {
            for slug in s.share_of(&w).into_iter().cloned().collect::<Vec<_>>() {
                s.record(&w, &slug, false);
            }
        }
        assert!(s.done());
        assert_eq!(s.score().colony.attempted, 6);
    }
}
