//! The Gemini provider against a local server speaking `generateContent`.

mod common;

use common::{Reply, Server, chat_with_tool, question};
use serde_json::json;
use x402_llm::gemini::Gemini;
use x402_llm::{ApiKey, FinishReason, LlmError, Message, Provider, Role};

fn generated(parts: serde_json::Value, finish: &str) -> Reply {
    Reply::Json(
        200,
        json!({"candidates": [{"content": {"role": "model", "parts": parts},
                               "finishReason": finish, "index": 0}],
               "usageMetadata": {"promptTokenCount": 50, "candidatesTokenCount": 7,
                                 "totalTokenCount": 57},
               "modelVersion": "gemini-2.0-flash"}),
        vec![],
    )
}

fn key() -> ApiKey {
    ApiKey::new("AIza-test-key").expect("a well-formed key")
}

#[tokio::test]
async fn a_function_call_round_trips_with_every_field_on_the_wire() {
    let server = Server::start(vec![
        generated(
            json!([{"functionCall": {"name": "read_file", "args": {"path": "README.md"}}}]),
            "STOP",
        ),
        generated(
            json!([{"text": "It describes "}, {"text": "the swarm."}]),
            "STOP",
        ),
    ])
    .await;
    let p = Gemini::new(Some(&server.base), "gemini-2.0-flash", &key()).unwrap();
    let mut req = chat_with_tool();
    let first = p.chat(&req).await.unwrap();
    assert_eq!(first.finish, FinishReason::ToolCalls);
    assert_eq!(first.tool_calls.len(), 1);
    let call = first.tool_calls[0].clone();
    assert!(!call.id.is_empty(), "an id is generated");
    assert_eq!(call.name, "read_file");
    assert_eq!(call.arguments, json!({"path": "README.md"}));
    assert_eq!(
        (first.usage.prompt_tokens, first.usage.completion_tokens),
        (50, 7)
    );

    let mut assistant = Message::new(Role::Assistant, "");
    assistant.tool_calls = vec![call.clone()];
    req.messages.push(assistant);
    let mut result = Message::new(Role::Tool, "# tempo-x402 swarm");
    result.tool_call_id = Some(call.id.clone());
    req.messages.push(result);
    let second = p.chat(&req).await.unwrap();
    assert_eq!(second.content, "It describes the swarm.");
    assert_eq!(second.finish, FinishReason::Stop);

    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    for s in &seen {
        assert_eq!(
            s.uri.path(),
            "/v1beta/models/gemini-2.0-flash:generateContent"
        );
        assert!(s.uri.query().is_none(), "the key is never in the URL");
        assert_eq!(s.headers["x-goog-api-key"], "AIza-test-key");
        assert!(s.headers.get("authorization").is_none());
    }
    let b = &seen[0].body;
    assert_eq!(
        b["systemInstruction"],
        json!({"parts": [{"text": "You are the soul."}]})
    );
    assert_eq!(
        b["contents"],
        json!([{"role": "user", "parts": [{"text": "What does the README say?"}]}])
    );
    assert_eq!(b["generationConfig"]["maxOutputTokens"], 256);
    assert!((b["generationConfig"]["temperature"].as_f64().unwrap() - 0.2).abs() < 1e-6);
    assert!(b["generationConfig"].get("responseMimeType").is_none());
    assert_eq!(
        b["tools"],
        json!([{"functionDeclarations": [{"name": "read_file",
                "description": "Reads a file of the workspace.",
                "parameters": {"type": "object", "properties": {"path": {"type": "string"}},
                               "required": ["path"]}}]}])
    );
    let c = &seen[1].body["contents"];
    assert_eq!(
        c[1],
        json!({"role": "model", "parts": [{"functionCall": {"name": "read_file",
               "args": {"path": "README.md"}}}]})
    );
    assert_eq!(
        c[2],
        json!({"role": "user", "parts": [{"functionResponse": {"name": "read_file",
               "response": {"result": "# tempo-x402 swarm"}}}]})
    );
}

#[tokio::test]
async fn json_mode_sets_the_response_mime_type_and_max_tokens_maps_to_length() {
    let server = Server::start(vec![generated(json!([{"text": "{\"a\":"}]), "MAX_TOKENS")]).await;
    let p = Gemini::new(Some(&format!("{}/", server.base)), "gemini-x", &key()).unwrap();
    let mut req = question();
    req.json = true;
    let r = p.chat(&req).await.unwrap();
    assert_eq!(r.finish, FinishReason::Length);
    let b = &server.seen()[0].body;
    assert_eq!(
        b["generationConfig"]["responseMimeType"],
        "application/json"
    );
    assert!(b.get("systemInstruction").is_none());
    assert!(b.get("tools").is_none());
}

#[tokio::test]
async fn a_google_error_body_becomes_status_with_its_message() {
    let server = Server::start(vec![Reply::Json(
        403,
        json!({"error": {"code": 403, "message": "API key not valid.", "status": "PERMISSION_DENIED"}}),
        vec![],
    )])
    .await;
    let p = Gemini::new(Some(&server.base), "gemini-x", &key()).unwrap();
    match p.chat(&question()).await {
        Err(LlmError::Status { status, message }) => {
            assert_eq!((status, message.as_str()), (403, "API key not valid."));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn no_candidates_or_garbage_is_malformed() {
    for reply in [
        Reply::Json(
            200,
            json!({"promptFeedback": {"blockReason": "SAFETY"}}),
            vec![],
        ),
        Reply::Raw(200, "{\"candidates\": [".into()),
        Reply::Json(
            200,
            json!({"candidates": [{"content": {"parts": [{"functionCall": {"name": "x", "args": 3}}]}}]}),
            vec![],
        ),
    ] {
        let server = Server::start(vec![reply]).await;
        let p = Gemini::new(Some(&server.base), "gemini-x", &key()).unwrap();
        let r = p.chat(&question()).await;
        assert!(matches!(r, Err(LlmError::Malformed(_))), "{r:?}");
    }
}

#[test]
fn model_names_cannot_escape_the_path_and_the_key_stays_out_of_debug() {
    assert!(Gemini::new(None, "../../v1/x", &key()).is_err());
    assert!(Gemini::new(None, "m?key=1", &key()).is_err());
    assert!(Gemini::new(None, "", &key()).is_err());
    let p = Gemini::new(None, "gemini-2.0-flash", &key()).unwrap();
    assert_eq!(
        p.url().as_str(),
        "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent"
    );
    assert!(!format!("{p:?}").contains("AIza-test-key"));
}
