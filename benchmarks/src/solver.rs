//! Solvers produce a candidate `src/lib.rs` per problem: `reference` (the problem's
//! solution.rs), `starter` (its starter.rs), `llm` (an OpenAI-compatible chat-completions
//! endpoint) and `local` (not available yet).

use std::future::Future;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::harness::Outcome;
use crate::problem::Problem;

/// Why a URL does not parse.
pub type UrlError = <reqwest::Url as std::str::FromStr>::Err;

/// Largest accepted LLM response body, bytes.
pub const MAX_RESPONSE_BYTES: usize = 1 << 20;

/// The previous attempt at a problem, fed back to a solver that retries.
#[derive(Debug, Clone)]
pub struct Previous {
    /// The candidate that failed.
    pub source: String,
    /// How it failed.
    pub outcome: Outcome,
}

/// Why a solver produced no candidate.
#[derive(Debug, thiserror::Error)]
pub enum SolveError {
    /// The endpoint URL does not parse.
    #[error("bad LLM endpoint URL {url:?}")]
    Url {
        /// The URL given.
        url: String,
        /// The cause.
        #[source]
        source: UrlError,
    },
    /// The request failed (connection, timeout, body read).
    #[error("request to {url} failed")]
    Http {
        /// The endpoint.
        url: String,
        /// The cause.
        #[source]
        source: reqwest::Error,
    },
    /// The endpoint answered with an error status.
    #[error("{url} answered {status}: {body}")]
    Status {
        /// The endpoint.
        url: String,
        /// HTTP status.
        status: u16,
        /// Start of the body.
        body: String,
    },
    /// The response is larger than [`MAX_RESPONSE_BYTES`].
    #[error("response larger than {MAX_RESPONSE_BYTES} bytes")]
    TooLarge,
    /// The response is not a chat completion with content.
    #[error("response is not a chat completion with message content")]
    BadResponse(#[source] serde_json::Error),
    /// The completion has no choices.
    #[error("the completion has no choices")]
    NoChoice,
    /// A model running in this process failed.
    #[error("the model failed")]
    Model(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// Produces candidates.
pub trait Solver: Send + Sync {
    /// Short name (`reference`, `starter`, `llm`); also names the generated workspace.
    fn name(&self) -> &'static str;

    /// Extra attempts at a failed problem, each fed the previous failure (0 by default).
    fn retries(&self) -> u32 {
        0
    }

    /// The whole `src/lib.rs` for `problem`.
    fn solve(
        &self,
        problem: &Problem,
        previous: Option<&Previous>,
    ) -> impl Future<Output = Result<String, SolveError>> + Send;
}

/// Submits each problem's reference solution (every problem should pass).
#[derive(Debug, Clone, Copy, Default)]
pub struct ReferenceSolver;

impl Solver for ReferenceSolver {
    fn name(&self) -> &'static str {
        "reference"
    }

    async fn solve(&self, problem: &Problem, _: Option<&Previous>) -> Result<String, SolveError> {
        Ok(problem.solution.clone())
    }
}

/// Submits each problem's starter (every problem should fail).
#[derive(Debug, Clone, Copy, Default)]
pub struct StarterSolver;

impl Solver for StarterSolver {
    fn name(&self) -> &'static str {
        "starter"
    }

    async fn solve(&self, problem: &Problem, _: Option<&Previous>) -> Result<String, SolveError> {
        Ok(problem.starter.clone())
    }
}

/// Passes a fixed pseudo-random subset of the problems: the reference solution when
/// BLAKE3(seed, slug) falls under `percent` %, the starter otherwise. It stands in for solvers
/// that differ per node (different models or temperatures) when measuring what the colony's
/// aggregation gains; which problems it passes is known in advance ([`SubsetSolver::passes`]).
#[derive(Debug, Clone, Copy)]
pub struct SubsetSolver {
    seed: u64,
    percent: u8,
}

impl SubsetSolver {
    /// A solver passing about `percent` % of the problems (at most 100), chosen by `seed`.
    pub fn new(seed: u64, percent: u8) -> Self {
        SubsetSolver {
            seed,
            percent: percent.min(100),
        }
    }

    /// Whether it submits the reference solution of `problem`.
    pub fn passes(&self, problem: &Problem) -> bool {
        let mut h = blake3::Hasher::new();
        h.update(&self.seed.to_le_bytes());
        h.update(problem.slug.as_str().as_bytes());
        let b = h.finalize();
        let v = u64::from_le_bytes(b.as_bytes()[..8].try_into().unwrap_or([0; 8]));
        v % 100 < u64::from(self.percent)
    }
}

impl Solver for SubsetSolver {
    fn name(&self) -> &'static str {
        "subset"
    }

    async fn solve(&self, problem: &Problem, _: Option<&Previous>) -> Result<String, SolveError> {
        Ok(if self.passes(problem) {
            problem.solution.clone()
        } else {
            problem.starter.clone()
        })
    }
}

/// Asks an OpenAI-compatible chat-completions endpoint; one retry fed the failing tests.
#[derive(Debug, Clone)]
pub struct LlmSolver {
    client: reqwest::Client,
    url: reqwest::Url,
    model: String,
    api_key: Option<String>,
}

#[derive(Debug, Serialize)]
struct ChatRequest<'a> {
    model: &'a str,
    messages: Vec<Message>,
    temperature: f32,
}

/// One chat message.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Message {
    role: String,
    content: String,
}

#[derive(Debug, Deserialize)]
struct ChatResponse {
    choices: Vec<Choice>,
}

#[derive(Debug, Deserialize)]
struct Choice {
    message: Message,
}

const SYSTEM: &str = "You are an expert Rust programmer. Reply with the complete contents of \
src/lib.rs only, no explanation. Rust edition 2021, the standard library only (no crates). Keep \
the public API of the starter exactly; hidden integration tests call it with `use solution::*;`.";

fn message(role: &str, content: String) -> Message {
    Message {
        role: role.to_owned(),
        content,
    }
}

/// The chat of one attempt: the problem, then (on a retry) the failed candidate and its failure.
pub fn prompt(problem: &Problem, previous: Option<&Previous>) -> Vec<(String, String)> {
    let mut m = vec![
        message("system", SYSTEM.to_owned()),
        message(
            "user",
            format!(
                "# {}\n\n{}\n\nStarter (src/lib.rs with the public API):\n```rust\n{}\n```",
                problem.title, problem.instructions, problem.starter
            ),
        ),
    ];
    if let Some(prev) = previous {
        m.push(message(
            "assistant",
            format!("```rust\n{}\n```", prev.source),
        ));
        let why = match &prev.outcome {
            Outcome::Failed { tests, output } => {
                format!(
                    "These tests failed: {}\n```\n{output}\n```",
                    tests.join(", ")
                )
            }
            Outcome::CompileError { message } => {
                format!("It does not compile:\n```\n{message}\n```")
            }
            Outcome::Timeout { phase } => format!("It ran out of time ({phase:?})."),
            Outcome::SolverError { message } => format!("No answer was received: {message}"),
            Outcome::Passed => "It passed.".to_owned(),
        };
        m.push(message(
            "user",
            format!("{why}\n\nReply with the corrected complete src/lib.rs."),
        ));
    }
    m.into_iter().map(|m| (m.role, m.content)).collect()
}

/// The code of a reply: the first ``` fenced block when there is one, else the whole text.
pub fn strip_fence(reply: &str) -> String {
    let mut lines = reply.lines();
    if lines.by_ref().any(|l| l.trim_start().starts_with("```")) {
        let body: Vec<&str> = lines
            .take_while(|l| !l.trim_start().starts_with("```"))
            .collect();
        return format!("{}\n", body.join("\n"));
    }
    format!("{}\n", reply.trim())
}

impl LlmSolver {
    /// `url` is the chat-completions endpoint (a URL not ending in `/chat/completions` gets it
    /// appended, so `http://host:8080/v1` works); `api_key` is sent as a bearer token.
    pub fn new(url: &str, model: &str, api_key: Option<String>) -> Result<Self, SolveError> {
        let full = if url.trim_end_matches('/').ends_with("/chat/completions") {
            url.to_owned()
        } else {
            format!("{}/chat/completions", url.trim_end_matches('/'))
        };
        let url = reqwest::Url::parse(&full).map_err(|source| SolveError::Url {
            url: full.clone(),
            source,
        })?;
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(300))
            .build()
            .map_err(|source| SolveError::Http {
                url: url.to_string(),
                source,
            })?;
        Ok(Self {
            client,
            url,
            model: model.to_owned(),
            api_key,
        })
    }

    async fn complete(&self, messages: Vec<Message>) -> Result<String, SolveError> {
        let url = self.url.to_string();
        let http = |source| SolveError::Http {
            url: url.clone(),
            source,
        };
        let mut req = self.client.post(self.url.clone()).json(&ChatRequest {
            model: &self.model,
            messages,
            temperature: 0.0,
        });
        if let Some(key) = &self.api_key {
            req = req.bearer_auth(key);
        }
        let mut resp = req.send().await.map_err(http)?;
        let status = resp.status();
        let mut body = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(http)? {
            if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
                return Err(SolveError::TooLarge);
            }
            body.extend_from_slice(&chunk);
        }
        if !status.is_success() {
            return Err(SolveError::Status {
                url,
                status: status.as_u16(),
                body: String::from_utf8_lossy(&body).chars().take(512).collect(),
            });
        }
        let parsed: ChatResponse =
            serde_json::from_slice(&body).map_err(SolveError::BadResponse)?;
        let choice = parsed
            .choices
            .into_iter()
            .next()
            .ok_or(SolveError::NoChoice)?;
        Ok(choice.message.content)
    }
}

impl Solver for LlmSolver {
    fn name(&self) -> &'static str {
        "llm"
    }

    fn retries(&self) -> u32 {
        1
    }

    async fn solve(
        &self,
        problem: &Problem,
        previous: Option<&Previous>,
    ) -> Result<String, SolveError> {
        let messages = prompt(problem, previous)
            .into_iter()
            .map(|(role, content)| Message { role, content })
            .collect();
        Ok(strip_fence(&self.complete(messages).await?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_subset_solver_passes_a_fixed_share_chosen_by_its_seed() {
        let problems =
            crate::load_problems(&crate::default_problems_dir()).expect("the problem set");
        let pick = |seed, pct| -> Vec<bool> {
            let s = SubsetSolver::new(seed, pct);
            problems.iter().map(|p| s.passes(p)).collect()
        };
        assert_eq!(pick(7, 50), pick(7, 50), "deterministic");
        assert_ne!(pick(7, 50), pick(8, 50), "the seed chooses");
        let share = pick(7, 50).iter().filter(|&&b| b).count() as f64 / problems.len() as f64;
        assert!((0.35..0.65).contains(&share), "{share}");
        assert!(pick(1, 0).iter().all(|&b| !b));
        assert!(pick(1, 100).iter().all(|&b| b));
    }
}
