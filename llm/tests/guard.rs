//! `Guarded` around the OpenAI provider against a local server: retries, 429s, timeouts and
//! the token budget.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{Reply, Server, question};
use serde_json::json;
use x402_llm::openai::OpenAi;
use x402_llm::{GuardConfig, Guarded, LlmError, Provider};

fn ok(usage: Option<(u32, u32)>) -> Reply {
    let mut body = json!({"choices": [{"message": {"content": "hi"}, "finish_reason": "stop"}]});
    if let Some((p, c)) = usage {
        body["usage"] = json!({"prompt_tokens": p, "completion_tokens": c});
    }
    Reply::Json(200, body, vec![])
}

fn config() -> GuardConfig {
    GuardConfig {
        timeout: Duration::from_secs(10),
        attempts: 3,
        backoff: Duration::from_millis(20),
        max_wait: Duration::from_secs(5),
        tokens_per_hour: 1_000_000,
    }
}

fn guarded(server: &Server, config: GuardConfig) -> Guarded {
    let p = OpenAi::new(&format!("{}/v1", server.base), "m", None).expect("a valid provider URL");
    Guarded::new(Arc::new(p), config)
}

#[tokio::test]
async fn a_500_is_retried_then_succeeds_without_counting_a_failure() {
    let server = Server::start(vec![
        Reply::Json(500, json!({"error": {"message": "overloaded"}}), vec![]),
        Reply::Raw(502, "bad gateway".into()),
        ok(Some((3, 2))),
    ])
    .await;
    let g = guarded(&server, config());
    let r = g.chat(&question()).await.unwrap();
    assert_eq!(r.content, "hi");
    assert_eq!(server.seen().len(), 3);
    let s = g.status().unwrap();
    assert_eq!((s.requests, s.attempts, s.failures), (1, 3, 0));
    assert_eq!(s.tokens_this_hour, 5);
}

#[tokio::test]
async fn retries_are_bounded_and_the_last_error_is_returned_and_counted() {
    let server = Server::start(vec![Reply::Json(
        503,
        json!({"error": {"message": "down"}}),
        vec![],
    )])
    .await;
    let g = guarded(&server, config());
    match g.chat(&question()).await {
        Err(LlmError::Status {
            status: 503,
            message,
        }) => assert_eq!(message, "down"),
        other => panic!("{other:?}"),
    }
    assert_eq!(server.seen().len(), 3, "exactly `attempts` requests");
    assert_eq!(g.status().unwrap().failures, 1);
}

#[tokio::test]
async fn a_4xx_is_not_retried() {
    let server = Server::start(vec![Reply::Json(
        401,
        json!({"error": {"message": "bad key"}}),
        vec![],
    )])
    .await;
    let g = guarded(&server, config());
    assert!(matches!(
        g.chat(&question()).await,
        Err(LlmError::Status { status: 401, .. })
    ));
    assert_eq!(server.seen().len(), 1);
    assert_eq!(g.status().unwrap().failures, 1);
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_reported_as_http() {
    // Bind then drop a listener: its port refuses connections.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let p = OpenAi::new(&format!("http://127.0.0.1:{port}/v1"), "m", None).unwrap();
    let g = Guarded::new(Arc::new(p), config());
    assert!(matches!(g.chat(&question()).await, Err(LlmError::Http(_))));
    let s = g.status().unwrap();
    assert_eq!((s.attempts, s.failures), (3, 1));
}

#[tokio::test]
async fn a_429_waits_retry_after_is_not_a_failure_and_then_succeeds() {
    let server = Server::start(vec![
        Reply::Json(
            429,
            json!({"error": {"message": "slow down"}}),
            vec![("retry-after", "1".into())],
        ),
        ok(Some((1, 1))),
    ])
    .await;
    let g = guarded(&server, config());
    let start = Instant::now();
    let r = g.chat(&question()).await.unwrap();
    assert_eq!(r.content, "hi");
    assert!(
        start.elapsed() >= Duration::from_secs(1),
        "Retry-After honoured"
    );
    let s = g.status().unwrap();
    assert_eq!((s.rate_limited, s.failures, s.attempts), (1, 0, 2));
}

#[tokio::test]
async fn a_429_asking_longer_than_max_wait_goes_back_to_the_caller_uncounted() {
    let server = Server::start(vec![Reply::Json(
        429,
        json!({"error": {"message": "quota"}}),
        vec![("retry-after", "3600".into())],
    )])
    .await;
    let g = guarded(&server, config());
    match g.chat(&question()).await {
        Err(LlmError::RateLimited { retry_after }) => {
            assert_eq!(retry_after, Some(Duration::from_secs(3600)))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.seen().len(), 1);
    let s = g.status().unwrap();
    assert_eq!((s.rate_limited, s.failures), (1, 0));
}

#[tokio::test]
async fn a_hanging_server_times_out_within_the_bound_and_is_not_retried() {
    let server = Server::start(vec![Reply::Hang]).await;
    let g = guarded(
        &server,
        GuardConfig {
            timeout: Duration::from_millis(300),
            ..config()
        },
    );
    let start = Instant::now();
    match g.chat(&question()).await {
        Err(LlmError::Timeout(d)) => assert_eq!(d, Duration::from_millis(300)),
        other => panic!("{other:?}"),
    }
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(server.seen().len(), 1);
    assert_eq!(g.status().unwrap().failures, 1);
}

#[tokio::test]
async fn a_spent_budget_refuses_without_sending() {
    let server = Server::start(vec![ok(Some((40, 20)))]).await;
    let g = guarded(
        &server,
        GuardConfig {
            tokens_per_hour: 50,
            ..config()
        },
    );
    g.chat(&question()).await.unwrap();
    match g.chat(&question()).await {
        Err(LlmError::BudgetSpent { spent, limit }) => assert_eq!((spent, limit), (60, 50)),
        other => panic!("{other:?}"),
    }
    assert_eq!(server.seen().len(), 1, "the refused request was not sent");
    let s = g.status().unwrap();
    assert_eq!(
        (s.requests, s.budget_refused, s.failures, s.tokens_this_hour),
        (2, 1, 0, 60)
    );
}

#[tokio::test]
async fn a_provider_reporting_no_usage_still_spends_the_budget() {
    let server = Server::start(vec![ok(None)]).await;
    let g = guarded(
        &server,
        GuardConfig {
            tokens_per_hour: 1,
            ..config()
        },
    );
    g.chat(&question()).await.unwrap();
    assert!(matches!(
        g.chat(&question()).await,
        Err(LlmError::BudgetSpent { .. })
    ));
    assert_eq!(server.seen().len(), 1);
}
