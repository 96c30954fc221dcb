//! The soul's work for the colony: `benchmark_problem` (one problem through the node's IQ solver
//! and harness) and `request_training` (a local training round of the federated weights).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use serde_json::{Value, json};
use x402_benchmarks::{Slug, Tier};
use x402_llm::ToolSpec;
use x402_soul::{Tool, ToolCtx, ToolError};

use crate::iq::{IqHandle, OneError, OneRequest};

/// Least time between two training requests.
pub const TRAINING_GAP: Duration = Duration::from_secs(600);

/// `benchmark_problem`: one benchmark problem (by slug, or a pseudo-random one of a tier)
/// solved by this node's `--iq-solver` through its sandboxed harness.
pub struct BenchmarkProblem {
    /// The node's IQ task (solver, harness, problems).
    pub iq: IqHandle,
}

impl Tool for BenchmarkProblem {
    fn spec(&self) -> ToolSpec {
        ToolSpec {
            name: "benchmark_problem".into(),
            description: "Run one benchmark problem with this node's IQ solver in the sandboxed \
                          harness: the problem `slug`, else a pseudo-random one of `tier` (1-6), \
                          else of any tier. Answers the outcome (passed, failed, compile_error, \
                          timeout, solver_error) and its duration."
                .into(),
            parameters: json!({"type":"object","properties":{
                "slug":{"type":"string","maxLength":x402_benchmarks::problem::MAX_SLUG_LEN},
                "tier":{"type":"integer"}
            }}),
        }
    }

    fn run<'a>(
        &'a self,
        args: &'a Value,
        _: &'a ToolCtx,
    ) -> BoxFuture<'a, Result<Value, ToolError>> {
        Box::pin(async move {
            let slug = match args["slug"].as_str() {
                Some(s) => Some(
                    Slug::parse(s)
                        .map_err(|e| ToolError::Refused(format!("invalid problem slug: {e}")))?,
                ),
                None => None,
            };
            let tier = match args["tier"].as_u64() {
                Some(n) => Some(
                    u8::try_from(n)
                        .ok()
                        .and_then(|n| Tier::new(n).ok())
                        .ok_or_else(|| ToolError::Refused(format!("tier {n} is not 1 to 6")))?,
                ),
                None if args.get("tier").is_some_and(|t| !t.is_null()) => {
                    return Err(ToolError::Refused("tier is 1 to 6".into()));
                }
                None => None,
            };
            let result =
                self.iq
                    .solve_one(OneRequest { slug, tier })
                    .await
                    .map_err(|e| match e {
                        OneError::Busy | OneError::NoSuchProblem(_) | OneError::NoProblems(_) => {
                            ToolError::Refused(e.to_string())
                        }
                        OneError::Stopped => ToolError::caused("no benchmark run", e),
                    })?;
            let mut v =
                serde_json::to_value(&result).map_err(|e| ToolError::caused("no result", e))?;
            v["passed"] = json!(result.outcome == x402_p2p::iq::IqOutcome::Passed);
            Ok(v)
        })
    }
}

/// `request_training`: asks the federation for a local training round, at most once per
/// [`TRAINING_GAP`].
pub struct RequestTraining {
    /// The federation task.
    pub federation: Arc<x402_federation::Federation>,
    /// Time of the last request.
    pub last: Mutex<Option<Instant>>,
}

impl Tool for RequestTraining {
    fn spec(&self) -> ToolSpec {
        ToolSpec {
            name: "request_training".into(),
            description: "Ask this node's federated trainer for a local training round on the \
                          current canonical weights (at most once every 10 minutes); answers \
                          whether it started, is already running, or the round's update was \
                          announced again."
                .into(),
            parameters: json!({"type":"object","properties":{}}),
        }
    }

    fn run<'a>(&'a self, _: &'a Value, _: &'a ToolCtx) -> BoxFuture<'a, Result<Value, ToolError>> {
        Box::pin(async move {
            {
                let mut last = self.last.lock().expect("training lock");
                if let Some(t) = last.filter(|t| t.elapsed() < TRAINING_GAP) {
                    return Err(ToolError::Refused(format!(
                        "at most one training request every {} s (next in {} s)",
                        TRAINING_GAP.as_secs(),
                        (TRAINING_GAP - t.elapsed()).as_secs()
                    )));
                }
                *last = Some(Instant::now());
            }
            let answer = self
                .federation
                .request_training()
                .await
                .map_err(|e| ToolError::caused("no training round", e))?;
            if answer == x402_federation::TrainingRequest::TrainerStopped {
                return Err(ToolError::failed("the training thread has stopped"));
            }
            serde_json::to_value(&answer).map_err(|e| ToolError::caused("no answer", e))
        })
    }
}
