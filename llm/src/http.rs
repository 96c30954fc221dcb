//! What the HTTP providers share: the API key type, bounded body reads and the mapping of error
//! answers (`{"error":{"message",…}}`, 429 with `Retry-After`) to [`LlmError`].

use std::time::Duration;

use crate::LlmError;

/// Largest response body accepted from a provider, in bytes.
pub(crate) const MAX_RESPONSE_BYTES: usize = 4 << 20;
/// Longest error message kept from an error body, in bytes.
const MAX_MESSAGE_BYTES: usize = 512;
/// Time to open a connection to a provider (the whole request is bounded by [`crate::Guarded`]).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Backstop for a request made without a [`crate::Guarded`] around the provider.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(600);

/// An API key. Its `Debug` never shows it, and it is sent only in a header marked sensitive.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// A key (surrounding whitespace, e.g. a key file's newline, is trimmed); `None` when empty.
    pub fn new(key: &str) -> Option<Self> {
        let k = key.trim();
        (!k.is_empty()).then(|| ApiKey(k.to_owned()))
    }

    /// The key itself: only ever put it in a request header (never in a URL, log or error).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

/// Why a provider could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The base URL does not parse.
    #[error("bad provider URL {url:?}")]
    Url {
        /// The URL given.
        url: String,
        /// The cause.
        #[source]
        source: <reqwest::Url as std::str::FromStr>::Err,
    },
    /// The URL is not http(s).
    #[error("provider URL {0:?} is not http or https")]
    Scheme(String),
    /// The model name cannot be put in a URL path.
    #[error("model name {0:?} must be 1..=128 characters of [A-Za-z0-9._-]")]
    ModelName(String),
    /// The API key cannot be sent in a header.
    #[error("the API key is not a valid header value")]
    Key(#[source] reqwest::header::InvalidHeaderValue),
    /// The HTTP client could not be built.
    #[error("building the HTTP client failed")]
    Client(#[source] reqwest::Error),
}

/// How a provider's answer breaks its API's format (the source of [`LlmError::Malformed`]).
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// The body is larger than [`MAX_RESPONSE_BYTES`].
    #[error("response body larger than {limit} bytes")]
    TooLarge {
        /// The limit.
        limit: usize,
    },
    /// The body is not the API's JSON.
    #[error("response is not the API's JSON")]
    Json(#[source] serde_json::Error),
    /// No choice / candidate in the answer.
    #[error("the answer has no {0}")]
    Empty(&'static str),
    /// A tool call's arguments are not a JSON object.
    #[error("arguments of the call of tool {name:?} are not a JSON object")]
    ToolArguments {
        /// The tool.
        name: String,
        /// Why, when it did not parse at all.
        #[source]
        source: Option<serde_json::Error>,
    },
}

impl From<FormatError> for LlmError {
    fn from(e: FormatError) -> Self {
        LlmError::Malformed(Box::new(e))
    }
}

/// A client with a connect timeout and a backstop request timeout.
pub(crate) fn client() -> Result<reqwest::Client, ConfigError> {
    reqwest::Client::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(REQUEST_TIMEOUT)
        .build()
        .map_err(ConfigError::Client)
}

/// Parses an http(s) URL.
pub(crate) fn parse_url(url: &str) -> Result<reqwest::Url, ConfigError> {
    let u = reqwest::Url::parse(url).map_err(|source| ConfigError::Url {
        url: url.to_owned(),
        source,
    })?;
    match u.scheme() {
        "http" | "https" => Ok(u),
        _ => Err(ConfigError::Scheme(url.to_owned())),
    }
}

/// Sends `req` and returns the body of a 2xx answer, read up to [`MAX_RESPONSE_BYTES`].
///
/// 429 is [`LlmError::RateLimited`] (with `Retry-After` in seconds when given), any other
/// non-2xx is [`LlmError::Status`] with the body's `error.message` (or the start of the body).
pub(crate) async fn send(req: reqwest::RequestBuilder) -> Result<Vec<u8>, LlmError> {
    let mut resp = req.send().await.map_err(transport)?;
    let status = resp.status();
    let retry_after = resp
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(transport)? {
        if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
            return Err(FormatError::TooLarge {
                limit: MAX_RESPONSE_BYTES,
            }
            .into());
        }
        body.extend_from_slice(&chunk);
    }
    if status.as_u16() == 429 {
        return Err(LlmError::RateLimited { retry_after });
    }
    if !status.is_success() {
        return Err(LlmError::Status {
            status: status.as_u16(),
            message: error_message(&body),
        });
    }
    Ok(body)
}

fn transport(e: reqwest::Error) -> LlmError {
    LlmError::Http(Box::new(e))
}

/// `error.message` of an OpenAI or Google error body, else the start of the body as text; cut
/// to [`MAX_MESSAGE_BYTES`] at a character boundary.
fn error_message(body: &[u8]) -> String {
    let from_json = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| match v.pointer("/error/message") {
            Some(serde_json::Value::String(m)) => Some(m.clone()),
            _ => None,
        });
    let text = from_json.unwrap_or_else(|| String::from_utf8_lossy(body).into_owned());
    cut(text.trim(), MAX_MESSAGE_BYTES).to_owned()
}

/// The longest prefix of `s` of at most `max` bytes ending at a character boundary.
pub(crate) fn cut(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_messages_come_from_the_json_body_or_its_text_and_are_cut() {
        assert_eq!(
            error_message(br#"{"error":{"message":"bad model","type":"x"}}"#),
            "bad model"
        );
        assert_eq!(error_message(b"  upstream down \n"), "upstream down");
        let long = "é".repeat(400);
        let m = error_message(long.as_bytes());
        assert!(m.len() <= MAX_MESSAGE_BYTES && m.len() >= MAX_MESSAGE_BYTES - 1);
    }

    #[test]
    fn keys_never_show_in_debug() {
        let k = ApiKey::new(" sk-secret\n").expect("a key");
        assert_eq!(k.expose(), "sk-secret");
        assert!(!format!("{k:?}").contains("secret"));
        assert!(ApiKey::new(" \n").is_none());
    }
}
