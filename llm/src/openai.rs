//! OpenAI-compatible chat completions (OpenAI, llama-server, vLLM, Ollama's `/v1`, …).
//!
//! `POST {url}` where a URL not ending in `/chat/completions` gets it appended (so
//! `http://127.0.0.1:8080/v1` works), `Authorization: Bearer <key>` when a key is given.

use futures::future::BoxFuture;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::http::{self, ApiKey, ConfigError, FormatError};
use crate::{
    ChatRequest, ChatResponse, FinishReason, LlmError, Message, Provider, Role, ToolCall, Usage,
};

/// An OpenAI-compatible chat-completions endpoint.
#[derive(Debug, Clone)]
pub struct OpenAi {
    client: reqwest::Client,
    url: reqwest::Url,
    model: String,
    api_key: Option<ApiKey>,
}

impl OpenAi {
    /// A client of the endpoint at `url` (`…/v1` or the full `…/chat/completions`) for `model`.
    pub fn new(url: &str, model: &str, api_key: Option<ApiKey>) -> Result<Self, ConfigError> {
        let trimmed = url.trim().trim_end_matches('/');
        let full = if trimmed.ends_with("/chat/completions") {
            trimmed.to_owned()
        } else {
            format!("{trimmed}/chat/completions")
        };
        Ok(OpenAi {
            client: http::client()?,
            url: http::parse_url(&full)?,
            model: model.to_owned(),
            api_key,
        })
    }

    /// The endpoint requests go to.
    pub fn url(&self) -> &reqwest::Url {
        &self.url
    }

    async fn complete(&self, request: &ChatRequest) -> Result<ChatResponse, LlmError> {
        let mut req = self
            .client
            .post(self.url.clone())
            .json(&body(&self.model, request));
        if let Some(key) = &self.api_key {
            req = req.bearer_auth(key.expose());
        }
        parse(&http::send(req).await?)
    }
}

/// The request body for `request`.
pub fn body(model: &str, request: &ChatRequest) -> Value {
    let mut b = json!({
        "model": model,
        "messages": request.messages.iter().map(message).collect::<Vec<_>>(),
        "max_tokens": request.max_tokens,
        "temperature": request.temperature,
    });
    if !request.tools.is_empty() {
        b["tools"] = request
            .tools
            .iter()
            .map(|t| {
                json!({"type": "function", "function": {
                    "name": t.name, "description": t.description, "parameters": t.parameters}})
            })
            .collect();
    }
    if request.json {
        b["response_format"] = json!({"type": "json_object"});
    }
    b
}

fn message(m: &Message) -> Value {
    let role = match m.role {
        Role::System => "system",
        Role::User => "user",
        Role::Assistant => "assistant",
        Role::Tool => "tool",
    };
    let mut v = json!({"role": role, "content": m.content});
    if m.role == Role::Assistant && !m.tool_calls.is_empty() {
        if m.content.is_empty() {
            v["content"] = Value::Null;
        }
        v["tool_calls"] = m
            .tool_calls
            .iter()
            .map(|c| {
                json!({"id": c.id, "type": "function", "function": {
                    "name": c.name, "arguments": c.arguments.to_string()}})
            })
            .collect();
    }
    if let Some(id) = &m.tool_call_id {
        v["tool_call_id"] = json!(id);
    }
    v
}

#[derive(Deserialize)]
struct Completion {
    #[serde(default)]
    choices: Vec<Choice>,
    #[serde(default)]
    usage: Option<WireUsage>,
}

#[derive(Deserialize)]
struct Choice {
    message: WireMessage,
    #[serde(default)]
    finish_reason: Option<String>,
}

#[derive(Deserialize)]
struct WireMessage {
    #[serde(default)]
    content: Option<String>,
    #[serde(default)]
    tool_calls: Vec<WireCall>,
}

#[derive(Deserialize)]
struct WireCall {
    id: String,
    function: WireFunction,
}

#[derive(Deserialize)]
struct WireFunction {
    name: String,
    #[serde(default)]
    arguments: String,
}

#[derive(Deserialize)]
struct WireUsage {
    #[serde(default)]
    prompt_tokens: u32,
    #[serde(default)]
    completion_tokens: u32,
}

/// Parses a chat-completion body: the first choice's text and tool calls (their `arguments`,
/// a JSON string in the API, parsed into an object), finish reason and usage.
pub fn parse(body: &[u8]) -> Result<ChatResponse, LlmError> {
    let c: Completion = serde_json::from_slice(body).map_err(FormatError::Json)?;
    let choice = c
        .choices
        .into_iter()
        .next()
        .ok_or(FormatError::Empty("choices"))?;
    let tool_calls = choice
        .message
        .tool_calls
        .into_iter()
        .map(|w| {
            Ok(ToolCall {
                arguments: arguments(&w.function.name, &w.function.arguments)?,
                id: w.id,
                name: w.function.name,
            })
        })
        .collect::<Result<Vec<_>, FormatError>>()?;
    let finish = match choice.finish_reason.as_deref() {
        Some("stop") => FinishReason::Stop,
        Some("length") => FinishReason::Length,
        Some("tool_calls") | Some("function_call") => FinishReason::ToolCalls,
        None if !tool_calls.is_empty() => FinishReason::ToolCalls,
        None => FinishReason::Stop,
        Some(_) => FinishReason::Other,
    };
    let usage = c.usage.map_or(Usage::default(), |u| Usage {
        prompt_tokens: u.prompt_tokens,
        completion_tokens: u.completion_tokens,
    });
    Ok(ChatResponse {
        content: choice.message.content.unwrap_or_default(),
        tool_calls,
        finish,
        usage,
    })
}

/// A call's arguments: a JSON object in a string (an empty string is `{}`).
fn arguments(name: &str, raw: &str) -> Result<Value, FormatError> {
    if raw.trim().is_empty() {
        return Ok(json!({}));
    }
    match serde_json::from_str::<Value>(raw) {
        Ok(v @ Value::Object(_)) => Ok(v),
        Ok(_) => Err(FormatError::ToolArguments {
            name: name.to_owned(),
            source: None,
        }),
        Err(e) => Err(FormatError::ToolArguments {
            name: name.to_owned(),
            source: Some(e),
        }),
    }
}

impl Provider for OpenAi {
    fn kind(&self) -> &'static str {
        "openai"
    }

    fn model(&self) -> &str {
        &self.model
    }

    fn chat<'a>(
        &'a self,
        request: &'a ChatRequest,
    ) -> BoxFuture<'a, Result<ChatResponse, LlmError>> {
        Box::pin(self.complete(request))
    }
}
