//! Google Gemini `generateContent`.
//!
//! `POST {base}/v1beta/models/{model}:generateContent` with the key in the `x-goog-api-key`
//! header (never in the URL, where it would end up in logs). System messages go to
//! `systemInstruction`, assistant turns are role `model`, tools are `functionDeclarations`,
//! tool results are `functionResponse` parts of a `user` turn.

use futures::future::BoxFuture;
use reqwest::header::HeaderValue;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::http::{self, ApiKey, ConfigError, FormatError};
use crate::{
    ChatRequest, ChatResponse, FinishReason, LlmError, Message, Provider, Role, ToolCall, Usage,
};

/// Google's endpoint, the default base URL.
pub const DEFAULT_BASE: &str = "https://generativelanguage.googleapis.com";

/// A Gemini model.
#[derive(Debug, Clone)]
pub struct Gemini {
    client: reqwest::Client,
    url: reqwest::Url,
    model: String,
    key: HeaderValue,
}

impl Gemini {
    /// A client of `model` at `base` (`None`: [`DEFAULT_BASE`]).
    pub fn new(base: Option<&str>, model: &str, key: &ApiKey) -> Result<Self, ConfigError> {
        let ok = !model.is_empty()
            && model.len() <= 128
            && model
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if !ok {
            return Err(ConfigError::ModelName(model.to_owned()));
        }
        let base = base.unwrap_or(DEFAULT_BASE).trim().trim_end_matches('/');
        let url = http::parse_url(&format!("{base}/v1beta/models/{model}:generateContent"))?;
        let mut key = HeaderValue::from_str(key.expose()).map_err(ConfigError::Key)?;
        key.set_sensitive(true);
        Ok(Gemini {
            client: http::client()?,
            url,
            model: model.to_owned(),
            key,
        })
    }

    /// The endpoint requests go to (it holds no key).
    pub fn url(&self) -> &reqwest::Url {
        &self.url
    }

    async fn complete(&self, request: &ChatRequest) -> Result<ChatResponse, LlmError> {
        let req = self
            .client
            .post(self.url.clone())
            .header("x-goog-api-key", self.key.clone())
            .json(&body(request));
        parse(&http::send(req).await?)
    }
}

/// The request body for `request`.
pub fn body(request: &ChatRequest) -> Value {
    let system: Vec<&str> = request
        .messages
        .iter()
        .filter(|m| m.role == Role::System)
        .map(|m| m.content.as_str())
        .collect();
    let mut contents: Vec<(&'static str, Vec<Value>)> = Vec::new();
    for (i, m) in request.messages.iter().enumerate() {
        let (role, parts) = match m.role {
            Role::System => continue,
            Role::User => ("user", vec![json!({"text": m.content})]),
            Role::Assistant => {
                let mut parts = Vec::new();
                if !m.content.is_empty() || m.tool_calls.is_empty() {
                    parts.push(json!({"text": m.content}));
                }
                for c in &m.tool_calls {
                    parts.push(json!({"functionCall": {"name": c.name, "args": c.arguments}}));
                }
                ("model", parts)
            }
            Role::Tool => {
                let name = tool_name(&request.messages[..i], m.tool_call_id.as_deref());
                let response = match serde_json::from_str::<Value>(&m.content) {
                    Ok(v @ Value::Object(_)) => v,
                    _ => json!({"result": m.content}),
                };
                (
                    "user",
                    vec![json!({"functionResponse": {"name": name, "response": response}})],
                )
            }
        };
        // Consecutive turns of one role are one content (e.g. the results of parallel calls).
        match contents.last_mut() {
            Some((r, p)) if *r == role => p.extend(parts),
            _ => contents.push((role, parts)),
        }
    }
    let mut config = json!({
        "maxOutputTokens": request.max_tokens,
        "temperature": request.temperature,
    });
    // Gemini refuses a JSON MIME type together with function calling: with tools, JSON is asked
    // for by the caller's prompt only.
    if request.json && request.tools.is_empty() {
        config["responseMimeType"] = json!("application/json");
    }
    let mut b = json!({
        "contents": contents
            .into_iter()
            .map(|(role, parts)| json!({"role": role, "parts": parts}))
            .collect::<Vec<_>>(),
        "generationConfig": config,
    });
    if !system.is_empty() {
        b["systemInstruction"] = json!({"parts": [{"text": system.join("\n\n")}]});
    }
    if !request.tools.is_empty() {
        let decls: Vec<Value> = request
            .tools
            .iter()
            .map(|t| json!({"name": t.name, "description": t.description, "parameters": t.parameters}))
            .collect();
        b["tools"] = json!([{"functionDeclarations": decls}]);
    }
    b
}

/// The name of the tool whose call `id` answers, from the assistant turns before it (the id
/// itself when no turn made that call).
fn tool_name(before: &[Message], id: Option<&str>) -> String {
    let id = id.unwrap_or_default();
    before
        .iter()
        .rev()
        .flat_map(|m| m.tool_calls.iter())
        .find(|c| c.id == id)
        .map_or_else(|| id.to_owned(), |c| c.name.clone())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Generated {
    #[serde(default)]
    candidates: Vec<Candidate>,
    #[serde(default)]
    usage_metadata: Option<UsageMetadata>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Candidate {
    #[serde(default)]
    content: Option<Content>,
    #[serde(default)]
    finish_reason: Option<String>,
}

#[derive(Deserialize)]
struct Content {
    #[serde(default)]
    parts: Vec<Part>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Part {
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    function_call: Option<FunctionCall>,
}

#[derive(Deserialize)]
struct FunctionCall {
    name: String,
    #[serde(default)]
    args: Option<Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UsageMetadata {
    #[serde(default)]
    prompt_token_count: u32,
    #[serde(default)]
    candidates_token_count: u32,
}

/// Parses a `generateContent` body: the first candidate's text parts joined, its function calls
/// (with generated ids), finish reason and usage.
pub fn parse(body: &[u8]) -> Result<ChatResponse, LlmError> {
    let g: Generated = serde_json::from_slice(body).map_err(FormatError::Json)?;
    let cand = g
        .candidates
        .into_iter()
        .next()
        .ok_or(FormatError::Empty("candidates"))?;
    let mut content = String::new();
    let mut tool_calls = Vec::new();
    for part in cand.content.map(|c| c.parts).unwrap_or_default() {
        if let Some(t) = part.text {
            content.push_str(&t);
        }
        if let Some(f) = part.function_call {
            let arguments = match f.args {
                None | Some(Value::Null) => json!({}),
                Some(v @ Value::Object(_)) => v,
                Some(_) => {
                    return Err(FormatError::ToolArguments {
                        name: f.name,
                        source: None,
                    }
                    .into());
                }
            };
            tool_calls.push(ToolCall {
                id: format!("call_{:016x}", rand::random::<u64>()),
                name: f.name,
                arguments,
            });
        }
    }
    let finish = match cand.finish_reason.as_deref() {
        _ if !tool_calls.is_empty() => FinishReason::ToolCalls,
        Some("STOP") | None => FinishReason::Stop,
        Some("MAX_TOKENS") => FinishReason::Length,
        Some(_) => FinishReason::Other,
    };
    let usage = g.usage_metadata.map_or(Usage::default(), |u| Usage {
        prompt_tokens: u.prompt_token_count,
        completion_tokens: u.candidates_token_count,
    });
    Ok(ChatResponse {
        content,
        tool_calls,
        finish,
        usage,
    })
}

impl Provider for Gemini {
    fn kind(&self) -> &'static str {
        "gemini"
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
