//! The OpenAI-compatible provider against a local server speaking the API.

mod common;

use common::{Reply, Server, chat_with_tool, question};
use serde_json::json;
use x402_llm::openai::OpenAi;
use x402_llm::{ApiKey, FinishReason, LlmError, Message, Provider, Role};

fn completion(message: serde_json::Value, finish: &str) -> Reply {
    Reply::Json(
        200,
        json!({"id": "c1", "object": "chat.completion", "created": 1, "model": "m",
               "choices": [{"index": 0, "message": message, "finish_reason": finish}],
               "usage": {"prompt_tokens": 31, "completion_tokens": 9, "total_tokens": 40}}),
        vec![],
    )
}

fn key() -> Option<ApiKey> {
    ApiKey::new("sk-test-123")
}

#[tokio::test]
async fn a_tool_call_round_trips_with_every_field_on_the_wire() {
    let server = Server::start(vec![
        completion(
            json!({"role": "assistant", "content": null, "tool_calls": [{"id": "call_7",
                   "type": "function", "function": {"name": "read_file",
                   "arguments": "{\"path\":\"README.md\"}"}}]}),
            "tool_calls",
        ),
        completion(
            json!({"role": "assistant", "content": "It describes the swarm."}),
            "stop",
        ),
    ])
    .await;
    let p = OpenAi::new(&format!("{}/v1/", server.base), "gpt-x", key()).unwrap();
    let mut req = chat_with_tool();
    let first = p.chat(&req).await.unwrap();
    assert_eq!(first.finish, FinishReason::ToolCalls);
    assert_eq!(first.tool_calls.len(), 1);
    let call = &first.tool_calls[0];
    assert_eq!(call.id, "call_7");
    assert_eq!(call.name, "read_file");
    assert_eq!(call.arguments, json!({"path": "README.md"}));
    assert_eq!(
        (first.usage.prompt_tokens, first.usage.completion_tokens),
        (31, 9)
    );

    let mut assistant = Message::new(Role::Assistant, "");
    assistant.tool_calls = first.tool_calls.clone();
    req.messages.push(assistant);
    let mut result = Message::new(Role::Tool, "# tempo-x402 swarm");
    result.tool_call_id = Some("call_7".into());
    req.messages.push(result);
    let second = p.chat(&req).await.unwrap();
    assert_eq!(second.content, "It describes the swarm.");
    assert_eq!(second.finish, FinishReason::Stop);
    assert!(second.tool_calls.is_empty());

    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    for s in &seen {
        assert_eq!(s.uri.path(), "/v1/chat/completions");
        assert_eq!(s.headers["authorization"], "Bearer sk-test-123");
        assert!(
            s.headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json")
        );
    }
    let b = &seen[0].body;
    assert_eq!(b["model"], "gpt-x");
    assert_eq!(b["max_tokens"], 256);
    assert!((b["temperature"].as_f64().unwrap() - 0.2).abs() < 1e-6);
    assert!(b.get("response_format").is_none());
    assert_eq!(
        b["messages"],
        json!([{"role": "system", "content": "You are the soul."},
               {"role": "user", "content": "What does the README say?"}])
    );
    assert_eq!(
        b["tools"],
        json!([{"type": "function", "function": {"name": "read_file",
                "description": "Reads a file of the workspace.",
                "parameters": {"type": "object", "properties": {"path": {"type": "string"}},
                               "required": ["path"]}}}])
    );
    let m = &seen[1].body["messages"];
    assert_eq!(
        m[2],
        json!({"role": "assistant", "content": null, "tool_calls": [{"id": "call_7",
               "type": "function", "function": {"name": "read_file",
               "arguments": "{\"path\":\"README.md\"}"}}]})
    );
    assert_eq!(
        m[3],
        json!({"role": "tool", "tool_call_id": "call_7", "content": "# tempo-x402 swarm"})
    );
}

#[tokio::test]
async fn json_mode_asks_for_a_json_object_and_no_key_sends_no_authorization() {
    let server = Server::start(vec![completion(json!({"content": "{}"}), "stop")]).await;
    let p = OpenAi::new(&format!("{}/v1/chat/completions", server.base), "m", None).unwrap();
    let mut req = question();
    req.json = true;
    p.chat(&req).await.unwrap();
    let s = &server.seen()[0];
    assert_eq!(s.uri.path(), "/v1/chat/completions");
    assert_eq!(s.body["response_format"], json!({"type": "json_object"}));
    assert!(s.body.get("tools").is_none());
    assert!(s.headers.get("authorization").is_none());
}

#[tokio::test]
async fn an_error_body_becomes_status_with_its_message() {
    let server = Server::start(vec![Reply::Json(
        400,
        json!({"error": {"message": "model 'gpt-x' does not exist", "type": "invalid_request_error",
               "param": null, "code": "model_not_found"}}),
        vec![],
    )])
    .await;
    let p = OpenAi::new(&format!("{}/v1", server.base), "gpt-x", key()).unwrap();
    match p.chat(&question()).await {
        Err(LlmError::Status { status, message }) => {
            assert_eq!(status, 400);
            assert_eq!(message, "model 'gpt-x' does not exist");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn unparsable_tool_arguments_are_malformed() {
    for args in ["{\"path\": README", "[1,2]"] {
        let server = Server::start(vec![completion(
            json!({"tool_calls": [{"id": "c", "type": "function",
                   "function": {"name": "read_file", "arguments": args}}]}),
            "tool_calls",
        )])
        .await;
        let p = OpenAi::new(&format!("{}/v1", server.base), "m", None).unwrap();
        let r = p.chat(&chat_with_tool()).await;
        assert!(matches!(r, Err(LlmError::Malformed(_))), "{args}: {r:?}");
    }
}

#[tokio::test]
async fn garbage_and_empty_answers_are_malformed() {
    for reply in [
        Reply::Raw(200, "<html>not json</html>".into()),
        Reply::Json(200, json!({"choices": []}), vec![]),
        Reply::Raw(200, "x".repeat(5 << 20)),
    ] {
        let server = Server::start(vec![reply]).await;
        let p = OpenAi::new(&format!("{}/v1", server.base), "m", None).unwrap();
        let r = p.chat(&question()).await;
        assert!(matches!(r, Err(LlmError::Malformed(_))), "{r:?}");
    }
}

#[test]
fn the_key_never_shows_in_debug_output() {
    let p = OpenAi::new("http://127.0.0.1:1/v1", "m", key()).unwrap();
    assert!(!format!("{p:?}").contains("sk-test-123"));
    assert!(OpenAi::new("ftp://x/v1", "m", None).is_err());
    assert!(OpenAi::new("not a url", "m", None).is_err());
}
