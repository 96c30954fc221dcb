//! The soul's LLM path through a real client: a node with `--llm openai` pointed at a scripted
//! OpenAI chat-completions server on loopback. The server answers the planning request with a
//! JSON plan deploying a corpus cartridge (the request carries the most similar corpus
//! cartridge as an example); the plan runs and the cartridge answers; `POST /soul/chat` is
//! answered through the provider. Then the server answers garbage: the plans are rejected, the
//! templates take over and the node keeps serving.

mod common;

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use common::{Node, wait_for};
use serde_json::{Value, json};
use x402_soul::api::{ChatResponse, NudgeResponse, SoulStatus};
use x402_soul::types::{GoalStatus, PlanOrigin};

const CHAT_ANSWER: &str = "hello from the scripted model";

#[derive(Clone, Default)]
struct Fake {
    garbage: Arc<AtomicBool>,
    /// The user turns of the planning requests received.
    plans_asked: Arc<Mutex<Vec<String>>>,
    chats: Arc<Mutex<u32>>,
}

fn completion(content: &str) -> Value {
    json!({"id": "c1", "object": "chat.completion", "created": 1, "model": "scripted",
           "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                        "finish_reason": "stop"}],
           "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20}})
}

async fn openai(State(f): State<Fake>, Json(body): Json<Value>) -> Json<Value> {
    let system = body["messages"][0]["content"].as_str().unwrap_or_default();
    let user = body["messages"][1]["content"].as_str().unwrap_or_default();
    if system.starts_with("You plan") {
        f.plans_asked.lock().unwrap().push(user.to_string());
        if f.garbage.load(Ordering::SeqCst) {
            return Json(completion("I would rather not {{{ plan"));
        }
        // Only the goal about the leaderboard deploys; any other goal just reads the status.
        if !user.starts_with("Goal: deploy cartridge leaderboard") {
            let plan = json!({"steps": [{"tool": "read_status", "args": {}}]});
            return Json(completion(&plan.to_string()));
        }
        let plan = json!({"steps": [
            {"tool": "cartridge_write", "args": {"draft": "leaderboard", "from": "corpus"}},
            {"tool": "cartridge_compile_test", "args": {"draft": "leaderboard"}},
            {"tool": "cartridge_deploy",
             "args": {"draft": "leaderboard", "slug": "llm-board", "price": "$0"}},
        ]});
        return Json(completion(&plan.to_string()));
    }
    *f.chats.lock().unwrap() += 1;
    if f.garbage.load(Ordering::SeqCst) {
        return Json(completion("}{ garbage"));
    }
    Json(completion(CHAT_ANSWER))
}

async fn soul(node: &Node) -> Option<SoulStatus> {
    node.get("/soul/status").await?.json().await.ok()
}

async fn post(node: &Node, path: &str, token: &str, body: Value) -> (u16, Value) {
    let resp = reqwest::Client::new()
        .post(format!("{}{path}", node.http))
        .timeout(Duration::from_secs(60))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_soul_plans_through_an_openai_endpoint_and_falls_back_on_garbage() {
    let fake = Fake::default();
    let app = axum::Router::new()
        .route("/v1/chat/completions", axum::routing::post(openai))
        .with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/v1", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    // A one-cartridge corpus: the leaderboard of the training corpus.
    let root = tempfile::tempdir().unwrap();
    let corpus = root.path().join("corpus");
    std::fs::create_dir_all(corpus.join("stateful")).unwrap();
    std::fs::copy(
        "../training_data/cartridges/stateful/leaderboard.rs",
        corpus.join("stateful/leaderboard.rs"),
    )
    .unwrap();
    let node = Node::start_with(
        root.path(),
        "soul-llm",
        &[
            "--offline",
            "--llm",
            "openai",
            "--llm-url",
            &base,
            "--llm-model",
            "scripted",
            "--soul",
            "on",
            "--soul-interval",
            "1",
            "--soul-corpus",
            corpus.to_str().unwrap(),
        ]
        .map(String::from),
    );
    node.ready().await;
    let token = std::fs::read_to_string(node.data_dir.join("admin.token")).unwrap();
    let token = token.trim();

    // The LLM's plan runs: the corpus cartridge is deployed under the slug the LLM chose.
    let status = wait_for(
        Duration::from_secs(900),
        "a goal planned by the LLM completes",
        || async {
            let s = soul(&node).await?;
            s.recent_goals
                .iter()
                .any(|g| {
                    g.status == GoalStatus::Completed
                        && g.plan.as_ref().is_some_and(|p| p.origin == PlanOrigin::Llm)
                })
                .then_some(s)
        },
    )
    .await;
    assert!(status.counters.plans_llm >= 1, "{:?}", status.counters);
    let provider = status.provider.as_ref().expect("a provider");
    assert_eq!(
        (provider.kind.as_str(), provider.model.as_str()),
        ("openai", "scripted")
    );
    let goal = status
        .recent_goals
        .iter()
        .find(|g| g.plan.as_ref().is_some_and(|p| p.origin == PlanOrigin::Llm))
        .unwrap();
    assert!(
        goal.reflection
            .as_deref()
            .unwrap_or_default()
            .contains("an LLM plan"),
        "{goal:?}"
    );
    let resp = node.get("/c/llm-board/top").await.unwrap();
    assert_eq!(resp.status(), 200);
    // The planning request showed the corpus cartridge most like the goal as an example.
    let asked = fake.plans_asked.lock().unwrap().clone();
    assert!(
        asked
            .iter()
            .any(|u| u.contains("Example cartridge leaderboard")),
        "{asked:?}"
    );

    // Chat goes through the provider.
    let (code, body) = post(&node, "/soul/chat", token, json!({"message": "hello"})).await;
    assert_eq!(code, 200, "{body}");
    let chat: ChatResponse = serde_json::from_value(body).unwrap();
    assert_eq!(chat.answer, CHAT_ANSWER);
    assert_eq!(chat.provider.unwrap().kind, "openai");
    assert!(chat.would_do.is_none());
    assert!(*fake.chats.lock().unwrap() >= 1);

    // Garbage from now on: plans are rejected and the templates deploy the nudged cartridge.
    fake.garbage.store(true, Ordering::SeqCst);
    let rejected_before = soul(&node).await.unwrap().counters.plans_rejected;
    let (code, body) = post(
        &node,
        "/soul/nudge",
        token,
        json!({"text": "deploy cartridge soul-echo"}),
    )
    .await;
    assert_eq!(code, 202, "{body}");
    let id = serde_json::from_value::<NudgeResponse>(body)
        .unwrap()
        .goal
        .id;
    let status = wait_for(
        Duration::from_secs(900),
        "the nudged goal completes from the templates",
        || async {
            let s = soul(&node).await?;
            s.recent_goals
                .iter()
                .any(|g| g.id == id && g.status == GoalStatus::Completed)
                .then_some(s)
        },
    )
    .await;
    let goal = status.recent_goals.iter().find(|g| g.id == id).unwrap();
    assert_eq!(goal.plan.as_ref().unwrap().origin, PlanOrigin::Template);
    assert!(
        status.counters.plans_rejected > rejected_before,
        "{:?}",
        status.counters
    );
    assert_eq!(node.get("/c/soul-echo").await.unwrap().status(), 200);
    assert_eq!(node.get("/c/llm-board/top").await.unwrap().status(), 200);
    // Chat with a garbage answer still answers (the text is the provider's).
    let (code, _) = post(&node, "/soul/chat", token, json!({"message": "hello"})).await;
    assert_eq!(code, 200);
}
