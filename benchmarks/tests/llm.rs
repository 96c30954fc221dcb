//! The llm solver against a local OpenAI-compatible endpoint (axum on loopback): the request's
//! wire format, fence stripping, the retry fed the failing tests, and precise errors.

use std::sync::{Arc, Mutex};

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use serde_json::{Value, json};
use x402_benchmarks::harness::Outcome;
use x402_benchmarks::solver::{Previous, SolveError};
use x402_benchmarks::{LlmSolver, Problem, Slug, Solver, Tier};

type Seen = Arc<Mutex<Vec<(Option<String>, Value)>>>;

async fn serve(reply: Value, status: StatusCode) -> (String, Seen) {
    let seen: Seen = Arc::default();
    let app = axum::Router::new()
        .route(
            "/v1/chat/completions",
            post(
                move |State(seen): State<Seen>, headers: HeaderMap, Json(body): Json<Value>| {
                    let reply = reply.clone();
                    async move {
                        let auth = headers
                            .get("authorization")
                            .and_then(|v| v.to_str().ok())
                            .map(str::to_owned);
                        seen.lock().expect("seen").push((auth, body));
                        (status, Json(reply))
                    }
                },
            ),
        )
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}/v1"), seen)
}

fn problem() -> Problem {
    Problem {
        slug: Slug::parse("add").expect("slug"),
        tier: Tier::new(1).expect("tier"),
        title: "Add".into(),
        instructions: "Implement `add`.".into(),
        starter: "pub fn add(a: i32, b: i32) -> i32 { todo!() }".into(),
        tests: "SECRET TESTS".into(),
        solution: String::new(),
    }
}

fn completion(content: &str) -> Value {
    json!({"id": "x", "object": "chat.completion",
           "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}]})
}

#[tokio::test]
async fn request_format_fence_and_retry() {
    let (url, seen) = serve(
        completion("Here it is:\n```rust\npub fn add(a: i32, b: i32) -> i32 { a + b }\n```\nDone."),
        StatusCode::OK,
    )
    .await;
    let solver = LlmSolver::new(&url, "qwen-test", Some("k3y".into())).expect("solver");
    assert_eq!(solver.retries(), 1);
    let p = problem();
    let code = solver.solve(&p, None).await.expect("first attempt");
    assert_eq!(code, "pub fn add(a: i32, b: i32) -> i32 { a + b }\n");

    let prev = Previous {
        source: "pub fn add(a: i32, b: i32) -> i32 { a - b }".into(),
        outcome: Outcome::Failed {
            tests: vec!["adds".into(), "negative".into()],
            output: "assertion `left == right` failed".into(),
        },
    };
    solver.solve(&p, Some(&prev)).await.expect("retry");

    let seen = seen.lock().expect("seen");
    assert_eq!(seen.len(), 2);
    let (auth, first) = &seen[0];
    assert_eq!(auth.as_deref(), Some("Bearer k3y"));
    assert_eq!(first["model"], "qwen-test");
    let msgs = first["messages"].as_array().expect("messages");
    assert_eq!(msgs[0]["role"], "system");
    assert_eq!(msgs[1]["role"], "user");
    let user = msgs[1]["content"].as_str().expect("content");
    assert!(
        user.contains("Implement `add`.") && user.contains("todo!()"),
        "{user}"
    );
    assert!(
        !first.to_string().contains("SECRET TESTS"),
        "the tests stay hidden"
    );

    let retry = seen[1].1["messages"].as_array().expect("messages");
    assert_eq!(retry.len(), 4);
    assert_eq!(retry[2]["role"], "assistant");
    assert!(retry[2]["content"].as_str().expect("c").contains("a - b"));
    let feedback = retry[3]["content"].as_str().expect("c");
    assert!(
        feedback.contains("adds, negative") && feedback.contains("left == right"),
        "{feedback}"
    );
}

#[tokio::test]
async fn unfenced_reply_and_errors() {
    let (url, _) = serve(completion("pub fn add() {}"), StatusCode::OK).await;
    let solver = LlmSolver::new(&format!("{url}/chat/completions"), "m", None).expect("solver");
    assert_eq!(
        solver.solve(&problem(), None).await.expect("ok"),
        "pub fn add() {}\n"
    );

    let (url, _) = serve(
        json!({"error": "overloaded"}),
        StatusCode::SERVICE_UNAVAILABLE,
    )
    .await;
    let err = LlmSolver::new(&url, "m", None)
        .expect("solver")
        .solve(&problem(), None)
        .await;
    assert!(
        matches!(err, Err(SolveError::Status { status: 503, ref body, .. }) if body.contains("overloaded")),
        "{err:?}"
    );

    let (url, _) = serve(json!({"choices": []}), StatusCode::OK).await;
    let err = LlmSolver::new(&url, "m", None)
        .expect("solver")
        .solve(&problem(), None)
        .await;
    assert!(matches!(err, Err(SolveError::NoChoice)), "{err:?}");

    let (url, _) = serve(json!({"nothing": 1}), StatusCode::OK).await;
    let err = LlmSolver::new(&url, "m", None)
        .expect("solver")
        .solve(&problem(), None)
        .await;
    assert!(matches!(err, Err(SolveError::BadResponse(_))), "{err:?}");

    assert!(matches!(
        LlmSolver::new("not a url", "m", None),
        Err(SolveError::Url { .. })
    ));
}

/// A whole llm session through the real harness: the first answer fails a test, the retry is
/// fed the failing test names and its answer passes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_retries_with_the_failing_tests() {
    use x402_benchmarks::session::Quiet;
    use x402_benchmarks::{Harness, HarnessConfig, Toolchain, run_session};

    let seen: Seen = Arc::default();
    let app = axum::Router::new()
        .route(
            "/v1/chat/completions",
            post(
                |State(seen): State<Seen>, Json(body): Json<Value>| async move {
                    let mut seen = seen.lock().expect("seen");
                    let retry = body["messages"].as_array().is_some_and(|m| m.len() > 2);
                    seen.push((None, body));
                    let code = if retry { "a + b" } else { "a - b" };
                    Json(completion(&format!(
                        "```rust\npub fn add(a: i32, b: i32) -> i32 {{ {code} }}\n```"
                    )))
                },
            ),
        )
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/v1", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });

    let mut p = problem();
    p.tests = "use solution::*;\n#[test] fn adds() { assert_eq!(add(2, 3), 5); }\n\
               #[test] fn zero() { assert_eq!(add(0, 0), 0); }\n"
        .into();
    let work = tempfile::tempdir().expect("tempdir");
    let cfg = HarnessConfig::new(
        work.path().to_owned(),
        2,
        Toolchain::from_env().expect("toolchain"),
    );
    let harness = Arc::new(Harness::new(cfg).expect("bubblewrap works here"));
    let solver = LlmSolver::new(&url, "m", None).expect("solver");
    let report = run_session(&solver, Some("m".into()), &[p], harness, Arc::new(Quiet))
        .await
        .expect("session");
    assert_eq!(report.problems[0].outcome, Outcome::Passed);
    assert_eq!(report.problems[0].attempts, 2);
    assert_eq!(report.score.iq, 150.0);
    let seen = seen.lock().expect("seen");
    let feedback = seen[1].1["messages"][3]["content"]
        .as_str()
        .expect("feedback");
    assert!(feedback.contains("These tests failed: adds"), "{feedback}");
}
