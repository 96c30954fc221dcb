//! A scripted HTTP server on loopback that records what it receives.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use x402_llm::{ChatRequest, Message, Role, ToolSpec};

/// One scripted answer.
#[derive(Clone)]
pub(crate) enum Reply {
    /// Status, JSON body and extra headers.
    Json(u16, Value, Vec<(&'static str, String)>),
    /// Status and a raw body.
    Raw(u16, String),
    /// Never answers.
    Hang,
}

/// A request the server received.
#[derive(Clone, Debug)]
pub(crate) struct Seen {
    pub uri: Uri,
    pub headers: HeaderMap,
    pub body: Value,
}

#[derive(Clone)]
struct St {
    replies: Arc<Mutex<Vec<Reply>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

/// The running server.
pub(crate) struct Server {
    pub base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    /// Starts a server answering `replies` in order (the last one repeats).
    pub(crate) async fn start(replies: Vec<Reply>) -> Server {
        let st = St {
            replies: Arc::new(Mutex::new(replies)),
            seen: Arc::new(Mutex::new(Vec::new())),
        };
        let seen = st.seen.clone();
        let app = axum::Router::new().fallback(handler).with_state(st);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let base = format!(
            "http://{}",
            listener.local_addr().expect("the listener has an address")
        );
        tokio::spawn(async move {
            axum::serve(listener, app)
                .await
                .expect("the fake provider runs")
        });
        Server { base, seen }
    }

    /// What it received so far.
    pub(crate) fn seen(&self) -> Vec<Seen> {
        self.seen
            .lock()
            .expect("no test thread panicked holding the lock")
            .clone()
    }
}

async fn handler(State(st): State<St>, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    st.seen
        .lock()
        .expect("no test thread panicked holding the lock")
        .push(Seen {
            uri,
            headers,
            body: serde_json::from_slice(&body).unwrap_or(Value::Null),
        });
    let reply = {
        let mut r = st
            .replies
            .lock()
            .expect("no test thread panicked holding the lock");
        if r.len() > 1 {
            r.remove(0)
        } else {
            r[0].clone()
        }
    };
    match reply {
        Reply::Json(status, body, headers) => {
            let mut resp = (
                StatusCode::from_u16(status).expect("the test status code is valid"),
                axum::Json(body),
            )
                .into_response();
            for (k, v) in headers {
                resp.headers_mut()
                    .insert(k, v.parse().expect("the test header value is valid"));
            }
            resp
        }
        Reply::Raw(status, body) => (
            StatusCode::from_u16(status).expect("the test status code is valid"),
            body,
        )
            .into_response(),
        Reply::Hang => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            StatusCode::OK.into_response()
        }
    }
}

/// A chat with a system prompt, a question and one tool.
pub(crate) fn chat_with_tool() -> ChatRequest {
    ChatRequest {
        messages: vec![
            Message::new(Role::System, "You are the soul."),
            Message::new(Role::User, "What does the README say?"),
        ],
        tools: vec![ToolSpec {
            name: "read_file".into(),
            description: "Reads a file of the workspace.".into(),
            parameters: serde_json::json!({
                "type": "object",
                "properties": {"path": {"type": "string"}},
                "required": ["path"]
            }),
        }],
        max_tokens: 256,
        temperature: 0.2,
        json: false,
    }
}

/// A plain question.
pub(crate) fn question() -> ChatRequest {
    ChatRequest {
        messages: vec![Message::new(Role::User, "Say hi.")],
        tools: Vec::new(),
        max_tokens: 16,
        temperature: 0.0,
        json: false,
    }
}
