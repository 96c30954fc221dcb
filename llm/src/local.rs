//! The embedded model: a llama-architecture GGUF (SmolLM2-135M-Instruct Q4_1 by default) run in
//! this process with candle's `quantized_llama`, on the CPU.
//!
//! The tokenizer is rebuilt from the GGUF metadata (`tokenizer.ggml.tokens`, `.merges`,
//! `.token_type`, bos/eos ids) as a GPT-2-style byte-level BPE; the prompt uses ChatML
//! (`<|im_start|>role\n…<|im_end|>`), SmolLM2's template, also when the file has none. One
//! generation runs at a time, on a blocking thread; dropping the future stops it at the next
//! token. Tools: the system prompt lists them and asks for `{"tool": name, "arguments": {…}}`;
//! an answer that is such an object naming an offered tool becomes a [`ToolCall`], anything
//! else is text (callers validate and fall back).

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use candle_core::quantized::gguf_file;
use candle_core::{Device, Tensor};
use candle_transformers::generation::LogitsProcessor;
use candle_transformers::models::quantized_llama::{MAX_SEQ_LEN, ModelWeights};
use futures::future::BoxFuture;
use serde_json::Value;
use tokenizers::models::bpe::{BPE, Vocab};
use tokenizers::pre_tokenizers::PreTokenizerWrapper;
use tokenizers::pre_tokenizers::byte_level::ByteLevel;
use tokenizers::pre_tokenizers::digits::Digits;
use tokenizers::pre_tokenizers::sequence::Sequence;
use tokenizers::{AddedToken, Tokenizer};

use crate::{
    ChatRequest, ChatResponse, FinishReason, LlmError, Message, Provider, Role, ToolCall, Usage,
};

/// End of a ChatML turn.
const IM_END: &str = "<|im_end|>";
/// Start of a ChatML turn.
const IM_START: &str = "<|im_start|>";

/// Why the local model failed (the source of [`LlmError::Model`]).
#[derive(Debug, thiserror::Error)]
pub enum LocalError {
    /// The GGUF file could not be opened.
    #[error("cannot open the model file {path}")]
    Open {
        /// The file.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// candle failed (reading the GGUF, or a forward pass).
    #[error("candle")]
    Candle(#[source] candle_core::Error),
    /// The GGUF lacks tokenizer metadata or has it in the wrong shape.
    #[error("GGUF metadata {0} is missing or malformed")]
    Metadata(&'static str),
    /// The tokenizer failed.
    #[error("tokenizer: {0}")]
    Tokenizer(String),
    /// The prompt leaves no room to answer in the model's context.
    #[error("prompt of {tokens} tokens does not fit the context of {limit}")]
    PromptTooLong {
        /// Prompt tokens.
        tokens: usize,
        /// Context length.
        limit: usize,
    },
    /// The generation thread panicked or was cancelled by the runtime.
    #[error("the generation thread failed")]
    Join(#[source] tokio::task::JoinError),
}

impl From<candle_core::Error> for LocalError {
    fn from(e: candle_core::Error) -> Self {
        LocalError::Candle(e)
    }
}

impl From<LocalError> for LlmError {
    fn from(e: LocalError) -> Self {
        LlmError::Model(Box::new(e))
    }
}

struct Engine {
    weights: ModelWeights,
    tokenizer: Tokenizer,
    eos: Vec<u32>,
    device: Device,
}

/// The model loaded in memory.
pub struct LocalModel {
    engine: Arc<tokio::sync::Mutex<Engine>>,
    name: String,
}

impl std::fmt::Debug for LocalModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalModel")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// Timings of one generation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timings {
    /// Prompt tokens.
    pub prompt_tokens: usize,
    /// Time of the prompt's forward pass (up to the first generated token's logits).
    pub prefill: Duration,
    /// Tokens generated after the first.
    pub decode_tokens: usize,
    /// Time to generate them.
    pub decode: Duration,
}

impl LocalModel {
    /// Loads a llama-architecture GGUF (blocking: reads the whole file).
    pub fn load(path: &Path) -> Result<Self, LocalError> {
        let open = |source| LocalError::Open {
            path: path.display().to_string(),
            source,
        };
        let mut file = std::io::BufReader::new(std::fs::File::open(path).map_err(open)?);
        let content = gguf_file::Content::read(&mut file)?;
        let tokenizer = tokenizer(&content.metadata)?;
        let md_u32 = |k: &'static str| {
            content
                .metadata
                .get(k)
                .and_then(|v| v.to_u32().ok())
                .ok_or(LocalError::Metadata(k))
        };
        let mut eos = vec![md_u32("tokenizer.ggml.eos_token_id")?];
        if let Some(id) = tokenizer.token_to_id(IM_END) {
            eos.push(id);
        }
        if let Some(t) = content
            .metadata
            .get("tokenizer.chat_template")
            .and_then(|v| v.to_string().ok())
            && !t.contains(IM_START)
        {
            tracing::warn!("llm: the model's chat template is not ChatML; using ChatML anyway");
        }
        // The file's name says the model and its quantisation ("SmolLM2-135M-Instruct.Q4_1");
        // `general.name` in SmolLM2's GGUF is a training-run label.
        let name = model_name(path);
        let device = Device::Cpu;
        let weights = ModelWeights::from_gguf(content, &mut file, &device)?;
        Ok(LocalModel {
            engine: Arc::new(tokio::sync::Mutex::new(Engine {
                weights,
                tokenizer,
                eos,
                device,
            })),
            name,
        })
    }

    /// The ChatML prompt of `request` (tools and the JSON instruction in the system turn).
    pub fn prompt(request: &ChatRequest) -> String {
        let mut system: Vec<String> = request
            .messages
            .iter()
            .filter(|m| m.role == Role::System)
            .map(|m| m.content.clone())
            .collect();
        if !request.tools.is_empty() {
            let mut t = String::from(
                "You can call one of these tools. To call one, answer with only a JSON object \
                 {\"tool\": \"<name>\", \"arguments\": {...}}; otherwise answer in plain text.\n\
                 Tools:",
            );
            for tool in &request.tools {
                t.push_str(&format!(
                    "\n- {}: {} Arguments (JSON Schema): {}",
                    tool.name, tool.description, tool.parameters
                ));
            }
            system.push(t);
        }
        if request.json {
            system.push("Answer with a JSON object only.".to_owned());
        }
        let mut p = String::new();
        let mut turn = |role: &str, content: &str| {
            p.push_str(&format!("{IM_START}{role}\n{content}{IM_END}\n"));
        };
        if !system.is_empty() {
            turn("system", &system.join("\n\n"));
        }
        for m in &request.messages {
            match m.role {
                Role::System => {}
                Role::User => turn("user", &m.content),
                Role::Assistant => turn("assistant", &assistant_text(m)),
                Role::Tool => turn(
                    "user",
                    &format!(
                        "Result of tool call {}: {}",
                        m.tool_call_id.as_deref().unwrap_or("?"),
                        m.content
                    ),
                ),
            }
        }
        p.push_str(&format!("{IM_START}assistant\n"));
        p
    }

    /// Measures prefill of `prompt_tokens` token ids and decode of `decode_tokens` more
    /// (greedy, eos ignored), feeding ids directly (blocking).
    pub fn bench_blocking(
        &self,
        prompt_tokens: usize,
        decode_tokens: usize,
    ) -> Result<Timings, LocalError> {
        let mut e = self.engine.blocking_lock();
        let ids: Vec<u32> = (0..prompt_tokens)
            .map(|i| 300 + (i as u32 * 7) % 1000)
            .collect();
        let never = AtomicBool::new(false);
        let (_, t) = e.generate(&ids, decode_tokens, 0.0, false, &never)?;
        Ok(t)
    }

    /// One completion with its timings.
    pub async fn complete(
        &self,
        request: &ChatRequest,
    ) -> Result<(ChatResponse, Timings), LlmError> {
        let prompt = Self::prompt(request);
        let max_tokens = request.max_tokens.max(1) as usize;
        let temperature = request.temperature;
        let engine = self.engine.clone().lock_owned().await;
        let cancel = Arc::new(AtomicBool::new(false));
        let _stop = CancelOnDrop(cancel.clone());
        let task = tokio::task::spawn_blocking(move || {
            let mut e = engine;
            let ids = e
                .tokenizer
                .encode(prompt.as_str(), false)
                .map_err(|err| LocalError::Tokenizer(err.to_string()))?
                .get_ids()
                .to_vec();
            let (out, t) = e.generate(&ids, max_tokens, temperature, true, &cancel)?;
            let hit_eos = out.last().is_some_and(|id| e.eos.contains(id));
            let text_ids = if hit_eos {
                &out[..out.len() - 1]
            } else {
                &out[..]
            };
            let text = e
                .tokenizer
                .decode(text_ids, true)
                .map_err(|err| LocalError::Tokenizer(err.to_string()))?;
            Ok::<_, LocalError>((text, hit_eos, out.len(), t))
        });
        let (text, hit_eos, generated, timings) = task.await.map_err(LocalError::Join)??;
        let usage = Usage {
            prompt_tokens: timings.prompt_tokens as u32,
            completion_tokens: generated as u32,
        };
        let text = text.trim().to_owned();
        let response = match tool_call(&text, request) {
            Some(call) => ChatResponse {
                content: String::new(),
                tool_calls: vec![call],
                finish: FinishReason::ToolCalls,
                usage,
            },
            None => ChatResponse {
                content: text,
                tool_calls: Vec::new(),
                finish: if hit_eos {
                    FinishReason::Stop
                } else {
                    FinishReason::Length
                },
                usage,
            },
        };
        Ok((response, timings))
    }
}

struct CancelOnDrop(Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

impl Engine {
    /// Generates up to `max_tokens` after `ids`; the generated ids (ending with the eos id when
    /// `stop_at_eos` and one was produced) and the timings.
    fn generate(
        &mut self,
        ids: &[u32],
        max_tokens: usize,
        temperature: f32,
        stop_at_eos: bool,
        cancel: &AtomicBool,
    ) -> Result<(Vec<u32>, Timings), LocalError> {
        let limit = MAX_SEQ_LEN;
        if ids.is_empty() || ids.len() >= limit {
            return Err(LocalError::PromptTooLong {
                tokens: ids.len(),
                limit,
            });
        }
        let max_tokens = max_tokens.min(limit - ids.len());
        let temp = (temperature > 0.0).then_some(f64::from(temperature));
        let mut sampler = LogitsProcessor::new(rand::random(), temp, None);
        let start = Instant::now();
        let input = Tensor::new(ids, &self.device)?.unsqueeze(0)?;
        let logits = self.weights.forward(&input, 0)?.squeeze(0)?;
        let mut next = sampler.sample(&logits)?;
        let prefill = start.elapsed();
        let mut out = vec![next];
        let start = Instant::now();
        while out.len() < max_tokens
            && !(stop_at_eos && self.eos.contains(&next))
            && !cancel.load(Ordering::Relaxed)
        {
            let input = Tensor::new(&[next], &self.device)?.unsqueeze(0)?;
            let logits = self
                .weights
                .forward(&input, ids.len() + out.len() - 1)?
                .squeeze(0)?;
            next = sampler.sample(&logits)?;
            out.push(next);
        }
        let timings = Timings {
            prompt_tokens: ids.len(),
            prefill,
            decode_tokens: out.len() - 1,
            decode: start.elapsed(),
        };
        Ok((out, timings))
    }
}

/// How an assistant turn that called tools reads in the prompt.
fn assistant_text(m: &Message) -> String {
    match m.tool_calls.first() {
        Some(c) if m.content.is_empty() => {
            serde_json::json!({"tool": c.name, "arguments": c.arguments}).to_string()
        }
        _ => m.content.clone(),
    }
}

/// The tool call in an answer: a JSON object `{"tool": <offered name>, "arguments": {…}}`,
/// possibly in a ``` fence.
fn tool_call(text: &str, request: &ChatRequest) -> Option<ToolCall> {
    if request.tools.is_empty() {
        return None;
    }
    let inner = text
        .trim()
        .trim_start_matches("```json")
        .trim_start_matches("```")
        .trim_end_matches("```")
        .trim();
    let v: Value = serde_json::from_str(inner).ok()?;
    let name = v.get("tool")?.as_str()?;
    if !request.tools.iter().any(|t| t.name == name) {
        return None;
    }
    let arguments = match v.get("arguments") {
        None => serde_json::json!({}),
        Some(a @ Value::Object(_)) => a.clone(),
        Some(_) => return None,
    };
    Some(ToolCall {
        id: format!("call_{:016x}", rand::random::<u64>()),
        name: name.to_owned(),
        arguments,
    })
}

/// The byte-level BPE of the GGUF's metadata.
fn tokenizer(md: &HashMap<String, gguf_file::Value>) -> Result<Tokenizer, LocalError> {
    let strings = |k: &'static str| -> Result<Vec<String>, LocalError> {
        md.get(k)
            .and_then(|v| v.to_vec().ok())
            .ok_or(LocalError::Metadata(k))?
            .iter()
            .map(|v| v.to_string().cloned().map_err(|_| LocalError::Metadata(k)))
            .collect()
    };
    let tokens = strings("tokenizer.ggml.tokens")?;
    let merges = strings("tokenizer.ggml.merges")?
        .into_iter()
        .map(|m| {
            m.split_once(' ')
                .map(|(a, b)| (a.to_owned(), b.to_owned()))
                .ok_or(LocalError::Metadata("tokenizer.ggml.merges"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let types: Vec<i32> = md
        .get("tokenizer.ggml.token_type")
        .and_then(|v| v.to_vec().ok())
        .map(|v| v.iter().map(|t| t.to_i32().unwrap_or(1)).collect())
        .unwrap_or_default();
    let vocab: Vocab = tokens
        .iter()
        .enumerate()
        .map(|(i, t)| (t.clone(), i as u32))
        .collect();
    let bpe = BPE::builder()
        .vocab_and_merges(vocab, merges)
        .build()
        .map_err(|e| LocalError::Tokenizer(e.to_string()))?;
    let mut tk = Tokenizer::new(bpe);
    let pre = Sequence::new(vec![
        PreTokenizerWrapper::Digits(Digits::new(true)),
        PreTokenizerWrapper::ByteLevel(ByteLevel::new(false, true, true)),
    ]);
    tk.with_pre_tokenizer(Some(pre));
    tk.with_decoder(Some(ByteLevel::new(false, true, true)));
    // Control (3) and user-defined (4) tokens, and ChatML markers, are matched whole.
    let specials: Vec<AddedToken> = tokens
        .iter()
        .enumerate()
        .filter(|(i, t)| {
            matches!(types.get(*i), Some(3) | Some(4)) || (t.starts_with("<|") && t.ends_with("|>"))
        })
        .map(|(_, t)| AddedToken::from(t.clone(), true))
        .collect();
    tk.add_special_tokens(specials)
        .map_err(|e| LocalError::Tokenizer(e.to_string()))?;
    Ok(tk)
}

/// The model's name: the file's stem ("SmolLM2-135M-Instruct.Q4_1").
fn model_name(path: &Path) -> String {
    path.file_stem()
        .map_or_else(|| "local".to_owned(), |s| s.to_string_lossy().into_owned())
}

/// The local model, loaded (on a blocking thread) on its first chat: a node whose soul never
/// asks does not hold the ~100 MB of weights. A failed load is retried on the next chat.
pub struct LazyLocal {
    path: std::path::PathBuf,
    name: String,
    model: tokio::sync::OnceCell<LocalModel>,
}

impl LazyLocal {
    /// The model at `path`, not loaded yet (the file must exist: it is opened to check).
    pub fn new(path: &Path) -> Result<LazyLocal, LocalError> {
        std::fs::File::open(path).map_err(|source| LocalError::Open {
            path: path.display().to_string(),
            source,
        })?;
        Ok(LazyLocal {
            path: path.to_path_buf(),
            name: model_name(path),
            model: tokio::sync::OnceCell::new(),
        })
    }

    /// Whether the model has been loaded.
    pub fn loaded(&self) -> bool {
        self.model.initialized()
    }

    async fn get(&self) -> Result<&LocalModel, LlmError> {
        self.model
            .get_or_try_init(|| async {
                let path = self.path.clone();
                tracing::info!(path = %path.display(), "llm: loading the local model");
                tokio::task::spawn_blocking(move || LocalModel::load(&path))
                    .await
                    .map_err(|e| LlmError::Model(Box::new(e)))?
                    .map_err(LlmError::from)
            })
            .await
    }
}

impl Provider for LazyLocal {
    fn kind(&self) -> &'static str {
        "local"
    }

    fn model(&self) -> &str {
        &self.name
    }

    fn chat<'a>(
        &'a self,
        request: &'a ChatRequest,
    ) -> BoxFuture<'a, Result<ChatResponse, LlmError>> {
        Box::pin(async move { self.get().await?.chat(request).await })
    }
}

impl Provider for LocalModel {
    fn kind(&self) -> &'static str {
        "local"
    }

    fn model(&self) -> &str {
        &self.name
    }

    fn chat<'a>(
        &'a self,
        request: &'a ChatRequest,
    ) -> BoxFuture<'a, Result<ChatResponse, LlmError>> {
        Box::pin(async move { self.complete(request).await.map(|(r, _)| r) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ToolSpec;

    fn request(tools: bool) -> ChatRequest {
        ChatRequest {
            messages: vec![
                Message::new(Role::System, "Be brief."),
                Message::new(Role::User, "Hi"),
            ],
            tools: if tools {
                vec![ToolSpec {
                    name: "look".into(),
                    description: "Looks.".into(),
                    parameters: serde_json::json!({"type": "object"}),
                }]
            } else {
                Vec::new()
            },
            max_tokens: 8,
            temperature: 0.0,
            json: false,
        }
    }

    #[test]
    fn the_prompt_is_chatml_with_the_tools_in_the_system_turn() {
        let p = LocalModel::prompt(&request(true));
        assert!(p.starts_with("<|im_start|>system\nBe brief.\n\nYou can call"));
        assert!(p.contains("- look: Looks. Arguments (JSON Schema): {\"type\":\"object\"}"));
        assert!(p.contains("<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"));
        assert!(p.ends_with("<|im_start|>assistant\n"));
    }

    #[test]
    fn only_a_json_call_of_an_offered_tool_is_a_tool_call() {
        let r = request(true);
        let c = tool_call(r#"{"tool":"look","arguments":{"at":"x"}}"#, &r).expect("a call");
        assert_eq!(
            (c.name.as_str(), &c.arguments),
            ("look", &serde_json::json!({"at": "x"}))
        );
        assert!(tool_call("```json\n{\"tool\":\"look\"}\n```", &r).is_some());
        assert!(tool_call(r#"{"tool":"rm_rf","arguments":{}}"#, &r).is_none());
        assert!(tool_call(r#"{"tool":"look","arguments":7}"#, &r).is_none());
        assert!(tool_call("I will look.", &r).is_none());
        assert!(tool_call(r#"{"tool":"look"}"#, &request(false)).is_none());
    }
}
