//! Wire types of colony benchmark sessions (topic `iq`).
//!
//! A member asks for a session ([`IqRequest`]); the queen opens it and announces who solves what
//! ([`IqAssignment`], under her term, re-sent while the session runs and whenever a share is
//! reassigned); workers publish one [`IqResult`] per problem (a passing solution travels with
//! it, so every node can keep it); the queen publishes the score as it grows ([`IqSummary`]).
//! Sizes are bounded here so one message always fits the topic's limit.

use libp2p::PeerId;
use serde::{Deserialize, Serialize};

/// Most problems in a session.
pub const MAX_PROBLEMS: usize = 256;
/// Most workers in a session.
pub const MAX_WORKERS: usize = 64;
/// Highest redundancy.
pub const MAX_REDUNDANCY: u8 = 8;
/// Longest solution carried by a result, in bytes (escaped as JSON, it still fits the topic).
pub const MAX_SOLUTION_BYTES: usize = 14 * 1024;
/// Longest slug, in bytes.
const MAX_SLUG: usize = 64;

/// A member asks the queen to open a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IqRequest {
    /// Chosen by the requester; the assignment echoes it.
    pub request: u64,
    /// Slugs to run (empty: the queen's full problem set).
    pub problems: Vec<String>,
    /// Workers per problem.
    pub redundancy: u8,
}

/// One problem of an assignment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignedProblem {
    /// Problem slug.
    pub slug: String,
    /// Its tier (1..=6).
    pub tier: u8,
    /// Indices into [`IqAssignment::workers`] of the workers solving it.
    pub workers: Vec<u16>,
}

/// The queen's assignment of a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IqAssignment {
    /// Session id (16 hex digits).
    pub session: String,
    /// The queen's term; an assignment of another term than the current queen's is ignored.
    pub term: u64,
    /// Bumped on every reassignment.
    pub revision: u32,
    /// The request that opened the session, if a member asked for it.
    pub request: Option<u64>,
    /// Worker peer ids (base58 on the wire).
    pub workers: Vec<PeerId>,
    /// The problems and who solves each.
    pub problems: Vec<AssignedProblem>,
}

/// Outcome of one problem, as a worker reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IqOutcome {
    /// Every test passed.
    Passed,
    /// A test failed.
    Failed,
    /// The solution did not compile.
    CompileError,
    /// Out of time.
    Timeout,
    /// The solver gave no solution.
    SolverError,
}

/// A worker's result for one problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IqResult {
    /// Session id.
    pub session: String,
    /// Problem slug.
    pub slug: String,
    /// Outcome on the worker's harness.
    pub outcome: IqOutcome,
    /// The whole `lib.rs`, when it passed.
    pub solution: Option<String>,
    /// Wall time of the evaluation, milliseconds.
    pub elapsed_ms: u64,
}

/// One worker's score in a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberIq {
    /// Worker peer id (base58 on the wire).
    pub peer_id: PeerId,
    /// Its IQ on the problems it reported (claimed passes count once verified).
    pub iq: f64,
    /// Problems it reported.
    pub attempted: u32,
    /// Of which passed.
    pub passed: u32,
}

/// The queen's running score of a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IqSummary {
    /// Session id.
    pub session: String,
    /// The queen's term.
    pub term: u64,
    /// Every share reported and verified.
    pub done: bool,
    /// Problems in the session.
    pub problems: u32,
    /// Colony IQ over the problems attempted so far.
    pub iq: f64,
    /// Weighted pass percentage behind it.
    pub weighted_percent: f64,
    /// Problems with a result.
    pub attempted: u32,
    /// Problems the colony passed.
    pub passed: u32,
    /// The best single worker's IQ on its own problems.
    pub best_member_iq: Option<f64>,
    /// Each worker's score (at most [`MAX_WORKERS`]).
    pub members: Vec<MemberIq>,
    /// Slugs whose passing solution the queen verified.
    pub verified: Vec<String>,
}

fn slug(field: &str, s: &str) -> Result<(), String> {
    let ok = !s.is_empty()
        && s.len() <= MAX_SLUG
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    ok.then_some(())
        .ok_or_else(|| format!("{field} {s:?} is not a problem slug"))
}

fn session(s: &str) -> Result<(), String> {
    (s.len() == 16 && s.bytes().all(|b| b.is_ascii_hexdigit()))
        .then_some(())
        .ok_or_else(|| format!("session {s:?} is not 16 hex digits"))
}

fn finite(field: &str, v: f64, lo: f64, hi: f64) -> Result<(), String> {
    (v.is_finite() && (lo..=hi).contains(&v))
        .then_some(())
        .ok_or_else(|| format!("{field} = {v} is outside [{lo}, {hi}]"))
}

impl IqRequest {
    pub(crate) fn validate(&self) -> Result<(), String> {
        if self.problems.len() > MAX_PROBLEMS {
            return Err(format!("more than {MAX_PROBLEMS} problems"));
        }
        for p in &self.problems {
            slug("problems[]", p)?;
        }
        if !(1..=MAX_REDUNDANCY).contains(&self.redundancy) {
            return Err(format!("redundancy must be in 1..={MAX_REDUNDANCY}"));
        }
        Ok(())
    }
}

impl IqAssignment {
    pub(crate) fn validate(&self) -> Result<(), String> {
        session(&self.session)?;
        if self.term == 0 {
            return Err("term must be at least 1".into());
        }
        if self.workers.is_empty() || self.workers.len() > MAX_WORKERS {
            return Err(format!("1..={MAX_WORKERS} workers"));
        }
        if self.problems.is_empty() || self.problems.len() > MAX_PROBLEMS {
            return Err(format!("1..={MAX_PROBLEMS} problems"));
        }
        for p in &self.problems {
            slug("problems[].slug", &p.slug)?;
            if !(1..=6).contains(&p.tier) {
                return Err(format!("tier {} of {} is not 1..=6", p.tier, p.slug));
            }
            if p.workers.len() > usize::from(MAX_REDUNDANCY)
                || p.workers
                    .iter()
                    .any(|&w| usize::from(w) >= self.workers.len())
            {
                return Err(format!(
                    "workers of {} do not index the worker list",
                    p.slug
                ));
            }
        }
        Ok(())
    }
}

impl IqResult {
    pub(crate) fn validate(&self) -> Result<(), String> {
        session(&self.session)?;
        slug("slug", &self.slug)?;
        match (&self.solution, self.outcome) {
            (Some(s), IqOutcome::Passed) if s.len() <= MAX_SOLUTION_BYTES => Ok(()),
            (Some(_), IqOutcome::Passed) => {
                Err(format!("solution longer than {MAX_SOLUTION_BYTES} bytes"))
            }
            (None, IqOutcome::Passed) => Err("a pass carries its solution".into()),
            (Some(_), _) => Err("only a pass carries a solution".into()),
            (None, _) => Ok(()),
        }
    }
}

impl IqSummary {
    pub(crate) fn validate(&self) -> Result<(), String> {
        session(&self.session)?;
        if self.term == 0 {
            return Err("term must be at least 1".into());
        }
        finite("iq", self.iq, 85.0, 150.0)?;
        finite("weighted_percent", self.weighted_percent, 0.0, 100.0)?;
        if let Some(b) = self.best_member_iq {
            finite("best_member_iq", b, 85.0, 150.0)?;
        }
        if self.members.len() > MAX_WORKERS {
            return Err(format!("more than {MAX_WORKERS} members"));
        }
        for m in &self.members {
            finite("members[].iq", m.iq, 85.0, 150.0)?;
        }
        if self.verified.len() > MAX_PROBLEMS {
            return Err(format!("more than {MAX_PROBLEMS} verified slugs"));
        }
        for v in &self.verified {
            slug("verified[]", v)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(outcome: IqOutcome, solution: Option<String>) -> IqResult {
        IqResult {
            session: "00112233aabbccdd".into(),
            slug: "two-sum".into(),
            outcome,
            solution,
            elapsed_ms: 1,
        }
    }

    #[test]
    fn results_carry_a_bounded_solution_only_when_they_pass() {
        assert!(
            result(IqOutcome::Passed, Some("pub fn f() {}".into()))
                .validate()
                .is_ok()
        );
        assert!(result(IqOutcome::Failed, None).validate().is_ok());
        assert!(result(IqOutcome::Passed, None).validate().is_err());
        assert!(
            result(IqOutcome::Failed, Some("x".into()))
                .validate()
                .is_err()
        );
        let huge = "x".repeat(MAX_SOLUTION_BYTES + 1);
        assert!(result(IqOutcome::Passed, Some(huge)).validate().is_err());
        let mut bad = result(IqOutcome::Failed, None);
        bad.session = "../../etc".into();
        assert!(bad.validate().is_err());
        bad = result(IqOutcome::Failed, None);
        bad.slug = "Not A Slug".into();
        assert!(bad.validate().is_err());
    }

    #[test]
    fn assignments_index_their_workers_and_stay_bounded() {
        let peer = PeerId::random();
        let good = IqAssignment {
            session: "00112233aabbccdd".into(),
            term: 3,
            revision: 0,
            request: None,
            workers: vec![peer],
            problems: vec![AssignedProblem {
                slug: "two-sum".into(),
                tier: 1,
                workers: vec![0],
            }],
        };
        assert!(good.validate().is_ok());
        let mut a = good.clone();
        a.problems[0].workers = vec![1];
        assert!(a.validate().is_err(), "index past the worker list");
        a = good.clone();
        a.problems[0].tier = 7;
        assert!(a.validate().is_err());
        a = good.clone();
        a.term = 0;
        assert!(a.validate().is_err());
        a = good.clone();
        a.workers = vec![peer; MAX_WORKERS + 1];
        assert!(a.validate().is_err());
        // A worker that is not a peer id does not decode.
        let mut json = serde_json::to_value(&good).unwrap();
        json["workers"][0] = "not-a-peer".into();
        let err = serde_json::from_value::<IqAssignment>(json).unwrap_err();
        assert!(err.to_string().contains("expected valid peer id"), "{err}");
    }

    #[test]
    fn summaries_hold_real_iqs() {
        let s = IqSummary {
            session: "00112233aabbccdd".into(),
            term: 1,
            done: true,
            problems: 1,
            iq: 150.0,
            weighted_percent: 100.0,
            attempted: 1,
            passed: 1,
            best_member_iq: Some(150.0),
            members: vec![],
            verified: vec!["two-sum".into()],
        };
        assert!(s.validate().is_ok());
        for iq in [f64::NAN, f64::INFINITY, 151.0, 84.0] {
            let mut bad = s.clone();
            bad.iq = iq;
            assert!(bad.validate().is_err(), "{iq}");
        }
        let req = IqRequest {
            request: 1,
            problems: vec!["two-sum".into()],
            redundancy: 0,
        };
        assert!(req.validate().is_err(), "redundancy 0");
    }
}
