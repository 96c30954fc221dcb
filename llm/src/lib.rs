//! LLM providers behind one trait.
//!
//! A [`Provider`] answers a [`ChatRequest`] (messages plus the tools the model may call) with a
//! [`ChatResponse`] (text and/or [`ToolCall`]s). The soul and the benchmark solver hold an
//! `Arc<dyn Provider>`; which client sits behind it (OpenAI-compatible, Gemini, the embedded local
//! model, or a scripted stand-in in tests) is chosen once at start-up. An LLM helps but is never
//! required: every caller has an LLM-free path.

use futures::future::BoxFuture;
use serde::{Deserialize, Serialize};

pub mod build;
pub mod gemini;
pub mod guard;
mod http;
pub mod local;
pub mod openai;

pub use build::{BuildError, Kind, ProviderConfig, build_provider, default_model_path};
pub use guard::{GuardConfig, GuardStatus, Guarded};
pub use http::{ApiKey, ConfigError, FormatError};

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Instructions.
    System,
    /// The caller.
    User,
    /// The model.
    Assistant,
    /// The result of a tool call (`tool_call_id` says which).
    Tool,
}

/// One message of a chat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// Author.
    pub role: Role,
    /// Text (may be empty when the assistant only called tools).
    pub content: String,
    /// Tools the assistant called in this message.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tool_calls: Vec<ToolCall>,
    /// For a [`Role::Tool`] message: the call it answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_call_id: Option<String>,
}

impl Message {
    /// A message of `role` with `content`.
    pub fn new(role: Role, content: impl Into<String>) -> Self {
        Message {
            role,
            content: content.into(),
            tool_calls: Vec::new(),
            tool_call_id: None,
        }
    }
}

/// A tool the model may call: its name, what it does and a JSON Schema of its arguments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolSpec {
    /// Name (`[a-z_]+`).
    pub name: String,
    /// What it does, for the model.
    pub description: String,
    /// JSON Schema (`{"type":"object","properties":{…},"required":[…]}`) of the arguments.
    pub parameters: serde_json::Value,
}

/// A call of a tool by the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolCall {
    /// The provider's id of the call (generated when the API has none, e.g. Gemini).
    pub id: String,
    /// Name of the tool.
    pub name: String,
    /// Arguments (a JSON object).
    pub arguments: serde_json::Value,
}

/// One completion request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChatRequest {
    /// The chat so far.
    pub messages: Vec<Message>,
    /// Tools the model may call (none: text only).
    #[serde(default)]
    pub tools: Vec<ToolSpec>,
    /// Longest answer in tokens.
    pub max_tokens: u32,
    /// Sampling temperature (0: greedy).
    pub temperature: f32,
    /// Ask for a JSON object as the answer's text.
    #[serde(default)]
    pub json: bool,
}

/// Why the model stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FinishReason {
    /// It finished its answer.
    Stop,
    /// `max_tokens` was reached.
    Length,
    /// It called tools.
    ToolCalls,
    /// Anything else the API reported (content filter, …).
    Other,
}

/// Tokens a request used.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    /// Prompt tokens.
    pub prompt_tokens: u32,
    /// Generated tokens.
    pub completion_tokens: u32,
}

/// A completion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChatResponse {
    /// Text of the answer (may be empty when it only called tools).
    pub content: String,
    /// Tools it called.
    pub tool_calls: Vec<ToolCall>,
    /// Why it stopped.
    pub finish: FinishReason,
    /// Tokens used.
    pub usage: Usage,
}

/// Why a completion failed.
#[derive(Debug, thiserror::Error)]
pub enum LlmError {
    /// The provider asked us to slow down (HTTP 429); not the agent's fault.
    #[error("rate limited by the provider")]
    RateLimited {
        /// What the provider said to wait, when it said.
        retry_after: Option<std::time::Duration>,
    },
    /// The hourly token budget is spent.
    #[error("token budget spent ({spent} of {limit} tokens this hour)")]
    BudgetSpent {
        /// Tokens used this hour.
        spent: u64,
        /// The hourly limit.
        limit: u64,
    },
    /// No answer in time.
    #[error("no answer within {0:?}")]
    Timeout(std::time::Duration),
    /// Transport failure.
    #[error("request to the provider failed")]
    Http(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The provider answered with an error status.
    #[error("provider answered {status}: {message}")]
    Status {
        /// HTTP status.
        status: u16,
        /// The error message of the body (cut to 512 bytes).
        message: String,
    },
    /// The answer is not what the API's format says.
    #[error("malformed answer from the provider")]
    Malformed(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The in-process model failed.
    #[error("the local model failed")]
    Model(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// A chat model.
pub trait Provider: Send + Sync {
    /// Which kind of provider (`openai`, `gemini`, `local`, `scripted`).
    fn kind(&self) -> &'static str;
    /// The model's name.
    fn model(&self) -> &str;
    /// One completion.
    fn chat<'a>(
        &'a self,
        request: &'a ChatRequest,
    ) -> BoxFuture<'a, Result<ChatResponse, LlmError>>;
    /// Request, failure and token counters, for providers that keep them ([`Guarded`] does;
    /// every provider [`build_provider`] returns is guarded). `None` by default.
    fn status(&self) -> Option<GuardStatus> {
        None
    }
}
