//! [`Guarded`]: the wrapper around every provider the node builds. A per-attempt timeout,
//! bounded retries with jittered exponential back-off on transport errors and 5xx, 429 waited out
//! (honouring `Retry-After`) and never counted as a failure, an hourly token budget checked
//! before anything is sent, and counters for the node's status.

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use serde::Serialize;

use crate::{ChatRequest, ChatResponse, LlmError, Provider};

/// Length of a budget window.
const HOUR: Duration = Duration::from_secs(3600);

/// Limits of a [`Guarded`] provider.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GuardConfig {
    /// Longest wait for one attempt; a timed-out attempt is not retried (the caller's bound).
    pub timeout: Duration,
    /// Attempts per request (at least 1), counting retries after errors and 429s.
    pub attempts: u32,
    /// First back-off; doubled per retry, jittered to 50–100 %.
    pub backoff: Duration,
    /// Longest back-off, and the longest `Retry-After` waited out (a longer one is returned to
    /// the caller as [`LlmError::RateLimited`]).
    pub max_wait: Duration,
    /// Tokens (prompt + completion) allowed per hour; 0 refuses every request.
    pub tokens_per_hour: u64,
}

impl Default for GuardConfig {
    fn default() -> Self {
        GuardConfig {
            timeout: Duration::from_secs(120),
            attempts: 3,
            backoff: Duration::from_millis(500),
            max_wait: Duration::from_secs(30),
            tokens_per_hour: 100_000,
        }
    }
}

/// Counters of a [`Guarded`] provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct GuardStatus {
    /// Requests made by callers.
    pub requests: u64,
    /// Attempts sent to the provider (requests plus retries).
    pub attempts: u64,
    /// Requests that failed (rate limits and budget refusals excluded).
    pub failures: u64,
    /// 429 answers received.
    pub rate_limited: u64,
    /// Requests refused because the hourly budget was spent.
    pub budget_refused: u64,
    /// Tokens used in the current hour.
    pub tokens_this_hour: u64,
    /// The hourly budget.
    pub tokens_per_hour: u64,
}

#[derive(Debug)]
struct Budget {
    since: Instant,
    spent: u64,
}

/// A provider with timeouts, retries, a token budget and counters.
pub struct Guarded {
    inner: Arc<dyn Provider>,
    config: GuardConfig,
    budget: Mutex<Budget>,
    requests: AtomicU64,
    attempts: AtomicU64,
    failures: AtomicU64,
    rate_limited: AtomicU64,
    budget_refused: AtomicU64,
}

impl std::fmt::Debug for Guarded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Guarded")
            .field("kind", &self.inner.kind())
            .field("model", &self.inner.model())
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Guarded {
    /// Guards `inner` with `config`.
    pub fn new(inner: Arc<dyn Provider>, config: GuardConfig) -> Self {
        Guarded {
            inner,
            config,
            budget: Mutex::new(Budget {
                since: Instant::now(),
                spent: 0,
            }),
            requests: AtomicU64::new(0),
            attempts: AtomicU64::new(0),
            failures: AtomicU64::new(0),
            rate_limited: AtomicU64::new(0),
            budget_refused: AtomicU64::new(0),
        }
    }

    /// The counters.
    pub fn counters(&self) -> GuardStatus {
        GuardStatus {
            requests: self.requests.load(Ordering::Relaxed),
            attempts: self.attempts.load(Ordering::Relaxed),
            failures: self.failures.load(Ordering::Relaxed),
            rate_limited: self.rate_limited.load(Ordering::Relaxed),
            budget_refused: self.budget_refused.load(Ordering::Relaxed),
            tokens_this_hour: self.with_budget(|b| b.spent),
            tokens_per_hour: self.config.tokens_per_hour,
        }
    }

    fn with_budget<T>(&self, f: impl FnOnce(&mut Budget) -> T) -> T {
        let mut b = self.budget.lock().unwrap_or_else(|p| p.into_inner());
        if b.since.elapsed() >= HOUR {
            b.since = Instant::now();
            b.spent = 0;
        }
        f(&mut b)
    }

    async fn guarded(&self, request: &ChatRequest) -> Result<ChatResponse, LlmError> {
        self.requests.fetch_add(1, Ordering::Relaxed);
        let limit = self.config.tokens_per_hour;
        let spent = self.with_budget(|b| b.spent);
        if spent >= limit {
            self.budget_refused.fetch_add(1, Ordering::Relaxed);
            return Err(LlmError::BudgetSpent { spent, limit });
        }
        let result = self.attempts(request).await;
        match &result {
            Ok(r) => {
                let used = tokens_used(request, r);
                self.with_budget(|b| b.spent = b.spent.saturating_add(used));
            }
            Err(LlmError::RateLimited { .. }) => {}
            Err(_) => {
                self.failures.fetch_add(1, Ordering::Relaxed);
            }
        }
        result
    }

    async fn attempts(&self, request: &ChatRequest) -> Result<ChatResponse, LlmError> {
        let attempts = self.config.attempts.max(1);
        let mut attempt = 0;
        loop {
            attempt += 1;
            self.attempts.fetch_add(1, Ordering::Relaxed);
            let err =
                match tokio::time::timeout(self.config.timeout, self.inner.chat(request)).await {
                    Ok(Ok(r)) => return Ok(r),
                    Ok(Err(e)) => e,
                    Err(_) => return Err(LlmError::Timeout(self.config.timeout)),
                };
            let wait = match &err {
                LlmError::RateLimited { retry_after } => {
                    self.rate_limited.fetch_add(1, Ordering::Relaxed);
                    match retry_after {
                        Some(d) if *d > self.config.max_wait => return Err(err),
                        Some(d) => *d,
                        None => self.backoff(attempt),
                    }
                }
                LlmError::Http(_) => self.backoff(attempt),
                LlmError::Status { status, .. } if *status >= 500 => self.backoff(attempt),
                _ => return Err(err),
            };
            if attempt >= attempts {
                return Err(err);
            }
            tracing::debug!(
                provider = self.inner.kind(),
                attempt,
                ?wait,
                error = %err,
                "llm: retrying"
            );
            tokio::time::sleep(wait).await;
        }
    }

    /// The back-off before retry `attempt` (1-based): `backoff · 2^(attempt-1)`, capped, times
    /// a random 50–100 %.
    fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .config
            .backoff
            .saturating_mul(1 << (attempt - 1).min(16))
            .min(self.config.max_wait);
        exp.mul_f64(0.5 + rand::random::<f64>() * 0.5)
    }
}

/// Tokens a completion used: the provider's usage, or an estimate (4 bytes a token) when it
/// reported none, so a provider that reports nothing still spends the budget.
fn tokens_used(request: &ChatRequest, r: &ChatResponse) -> u64 {
    let reported = u64::from(r.usage.prompt_tokens) + u64::from(r.usage.completion_tokens);
    if reported > 0 {
        return reported;
    }
    let prompt: usize = request.messages.iter().map(|m| m.content.len()).sum();
    let answer = r.content.len()
        + r.tool_calls
            .iter()
            .map(|c| c.arguments.to_string().len())
            .sum::<usize>();
    ((prompt + answer) / 4).max(1) as u64
}

impl Provider for Guarded {
    fn kind(&self) -> &'static str {
        self.inner.kind()
    }

    fn model(&self) -> &str {
        self.inner.model()
    }

    fn chat<'a>(
        &'a self,
        request: &'a ChatRequest,
    ) -> BoxFuture<'a, Result<ChatResponse, LlmError>> {
        Box::pin(self.guarded(request))
    }

    fn status(&self) -> Option<GuardStatus> {
        Some(self.counters())
    }
}
