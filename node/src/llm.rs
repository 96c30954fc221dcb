//! The node's LLM provider (crate `x402-llm`, docs/llm.md): the `--llm` flags, the builder the
//! soul calls, and `x402-node bench llm` (the embedded model's load time and tokens/s).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{Args, ValueEnum};
use serde::Serialize;
use x402_llm::local::LocalModel;
use x402_llm::{ChatRequest, GuardConfig, Message, Provider, ProviderConfig, Role};

use crate::iq_bench::LlmArgs;

/// Which provider the node uses (`--llm`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LlmKind {
    /// No LLM: every caller takes its LLM-free path.
    None,
    /// The embedded GGUF model (--llm-model-path), run in-process on the CPU.
    Local,
    /// An OpenAI-compatible chat-completions endpoint (--llm-url, --llm-model, key).
    Openai,
    /// Google Gemini (--llm-model, key; --llm-url overrides Google's endpoint).
    Gemini,
}

/// Flags of the node's provider (`run`); the endpoint flags are [`LlmArgs`].
#[derive(Debug, Clone, Args)]
pub struct LlmProviderArgs {
    /// LLM provider: none, local, openai or gemini (default: local when the model file of
    /// --llm-model-path exists, else none).
    #[arg(long = "llm", env = "X402_LLM", value_enum)]
    pub kind: Option<LlmKind>,
    /// GGUF of the local model (default:
    /// $HOME/.cache/x402-swarm/models/SmolLM2-135M-Instruct.Q4_1.gguf, fetched by scripts/setup).
    #[arg(long, env = "X402_LLM_MODEL_PATH")]
    pub llm_model_path: Option<PathBuf>,
    /// Tokens (prompt + completion) the provider may use per hour; past it requests are refused
    /// until the hour is over (0 refuses all).
    #[arg(long, env = "X402_LLM_TOKENS_PER_HOUR", default_value_t = 100_000)]
    pub llm_tokens_per_hour: u64,
    /// Seconds one attempt may take (a timed-out attempt is not retried).
    #[arg(long, env = "X402_LLM_TIMEOUT", default_value_t = 120)]
    pub llm_timeout: u64,
}

impl LlmProviderArgs {
    /// Checks the flags without building anything (start-up fails fast on a missing flag, key
    /// file or model file, instead of when the soul first asks).
    pub fn check(&self, endpoint: &LlmArgs) -> anyhow::Result<()> {
        match self.kind {
            None | Some(LlmKind::None) => {}
            Some(LlmKind::Local) => {
                let path = self.model_path();
                anyhow::ensure!(
                    path.is_file(),
                    "--llm local: no model at {} (run scripts/setup or pass --llm-model-path)",
                    path.display()
                );
            }
            Some(k @ (LlmKind::Openai | LlmKind::Gemini)) => {
                let name = if k == LlmKind::Openai {
                    "openai"
                } else {
                    "gemini"
                };
                anyhow::ensure!(
                    endpoint.llm_model.is_some(),
                    "--llm {name} needs --llm-model"
                );
                anyhow::ensure!(
                    k == LlmKind::Gemini || endpoint.llm_url.is_some(),
                    "--llm openai needs --llm-url"
                );
                let key = endpoint.api_key()?;
                anyhow::ensure!(
                    k == LlmKind::Openai || key.is_some(),
                    "--llm gemini needs a key (--llm-api-key-file or X402_LLM_API_KEY)"
                );
            }
        }
        Ok(())
    }

    /// The model file of `local`.
    pub fn model_path(&self) -> PathBuf {
        self.llm_model_path
            .clone()
            .unwrap_or_else(x402_llm::default_model_path)
    }
}

/// The node's provider, guarded (timeouts, retries, budget); `None` when there is none.
/// `local` only opens the model file here; the model loads on its first chat.
pub fn provider(
    endpoint: &LlmArgs,
    args: &LlmProviderArgs,
) -> anyhow::Result<Option<Arc<dyn Provider>>> {
    let kind = args.kind.map(|k| match k {
        LlmKind::None => x402_llm::Kind::None,
        LlmKind::Local => x402_llm::Kind::Local,
        LlmKind::Openai => x402_llm::Kind::OpenAi,
        LlmKind::Gemini => x402_llm::Kind::Gemini,
    });
    let needs_key = matches!(args.kind, Some(LlmKind::Openai | LlmKind::Gemini));
    let config = ProviderConfig {
        kind,
        url: endpoint.llm_url.clone(),
        model: endpoint.llm_model.clone(),
        api_key: if needs_key { endpoint.api_key()? } else { None },
        model_path: args.model_path(),
        guard: GuardConfig {
            timeout: Duration::from_secs(args.llm_timeout.max(1)),
            tokens_per_hour: args.llm_tokens_per_hour,
            ..GuardConfig::default()
        },
    };
    let p = x402_llm::build_provider(&config).context("building the LLM provider (--llm)")?;
    match &p {
        Some(p) => tracing::info!(kind = p.kind(), model = p.model(), "llm provider ready"),
        None => tracing::info!("no llm provider (--llm none, or no local model file)"),
    }
    Ok(p)
}

/// Flags of `x402-node bench llm`.
#[derive(Debug, Clone, Args)]
pub struct BenchLlmArgs {
    /// The model's GGUF (default: the one scripts/setup fetches).
    #[arg(long)]
    pub model_path: Option<PathBuf>,
    /// Prompt tokens of the prefill measurement.
    #[arg(long, default_value_t = 128)]
    pub prompt_tokens: usize,
    /// Tokens generated in the decode measurement.
    #[arg(long, default_value_t = 64)]
    pub decode_tokens: usize,
    /// Measurements (the median is reported).
    #[arg(long, default_value_t = 3)]
    pub runs: usize,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Serialize)]
struct LlmBench {
    model: String,
    threads: usize,
    load_s: f64,
    prompt_tokens: usize,
    prefill_tok_s: f64,
    decode_tokens: usize,
    decode_tok_s: f64,
    chat_answer: String,
    chat_s: f64,
}

/// Runs `bench llm`: load time, prefill and decode tokens/s of the embedded model (token ids fed
/// directly, greedy, eos ignored), then one chat through the guarded provider the node builds
/// (its time includes the provider's lazy load of the model on its first chat).
pub async fn bench(args: BenchLlmArgs) -> anyhow::Result<()> {
    let path = args
        .model_path
        .clone()
        .unwrap_or_else(x402_llm::default_model_path);
    anyhow::ensure!(
        path.is_file(),
        "no model at {} (run scripts/setup, or pass --model-path)",
        path.display()
    );
    let p = path.clone();
    let (model, load) = tokio::task::spawn_blocking(move || {
        let start = Instant::now();
        LocalModel::load(&p).map(|m| (m, start.elapsed()))
    })
    .await?
    .with_context(|| format!("loading {}", path.display()))?;
    let model = Arc::new(model);
    let mut prefill = Vec::new();
    let mut decode = Vec::new();
    for _ in 0..args.runs.max(1) {
        let m = model.clone();
        let (pt, dt) = (args.prompt_tokens, args.decode_tokens);
        let t = tokio::task::spawn_blocking(move || m.bench_blocking(pt, dt)).await??;
        prefill.push(t.prompt_tokens as f64 / t.prefill.as_secs_f64());
        decode.push(t.decode_tokens as f64 / t.decode.as_secs_f64().max(1e-9));
    }
    drop(model);
    // The whole path the soul uses: builder, guard, ChatML prompt, tokenizer, sampling.
    let endpoint = LlmArgs {
        llm_url: None,
        llm_model: None,
        llm_api_key_file: None,
    };
    let provider_args = LlmProviderArgs {
        kind: Some(LlmKind::Local),
        llm_model_path: Some(path.clone()),
        llm_tokens_per_hour: 100_000,
        llm_timeout: 300,
    };
    let p = tokio::task::spawn_blocking(move || provider(&endpoint, &provider_args))
        .await??
        .context("a local provider")?;
    let start = Instant::now();
    let answer = p
        .chat(&ChatRequest {
            messages: vec![
                Message::new(Role::System, "You are a helpful assistant. Be brief."),
                Message::new(Role::User, "What is the capital of France?"),
            ],
            tools: Vec::new(),
            max_tokens: 16,
            temperature: 0.0,
            json: false,
        })
        .await?;
    let report = LlmBench {
        model: p.model().to_owned(),
        threads: candle_threads(),
        load_s: load.as_secs_f64(),
        prompt_tokens: args.prompt_tokens,
        prefill_tok_s: median(prefill),
        decode_tokens: args.decode_tokens,
        decode_tok_s: median(decode),
        chat_answer: answer.content,
        chat_s: start.elapsed().as_secs_f64(),
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "model {} ({} threads)\nload      {:.2} s\nprefill   {:.1} tok/s ({} tokens)\n\
             decode    {:.1} tok/s ({} tokens)\nchat      {:.1} s: {:?}",
            report.model,
            report.threads,
            report.load_s,
            report.prefill_tok_s,
            report.prompt_tokens,
            report.decode_tok_s,
            report.decode_tokens,
            report.chat_s,
            report.chat_answer
        );
    }
    Ok(())
}

fn candle_threads() -> usize {
    std::env::var("RAYON_NUM_THREADS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(url: Option<&str>, model: Option<&str>, key_file: Option<PathBuf>) -> LlmArgs {
        LlmArgs {
            llm_url: url.map(str::to_owned),
            llm_model: model.map(str::to_owned),
            llm_api_key_file: key_file,
        }
    }

    fn args(kind: Option<LlmKind>, model_path: &str) -> LlmProviderArgs {
        LlmProviderArgs {
            kind,
            llm_model_path: Some(PathBuf::from(model_path)),
            llm_tokens_per_hour: 1000,
            llm_timeout: 5,
        }
    }

    #[test]
    fn the_key_file_is_trimmed_an_empty_one_refused_and_the_key_never_debug_printed() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("key");
        std::fs::write(&file, "sk-from-file\n").unwrap();
        let e = endpoint(None, None, Some(file.clone()));
        let key = e.api_key().unwrap().expect("a key");
        assert_eq!(key.expose(), "sk-from-file");
        assert!(!format!("{key:?}").contains("sk-from-file"));
        std::fs::write(&file, " \n").unwrap();
        let err = e.api_key().unwrap_err().to_string();
        assert!(err.contains("is empty"), "{err}");
        let missing = endpoint(None, None, Some(dir.path().join("nope")));
        assert!(missing.api_key().is_err());
    }

    #[test]
    fn start_up_checks_name_the_missing_flag() {
        let none = endpoint(None, None, None);
        assert!(args(None, "/nonexistent.gguf").check(&none).is_ok());
        assert!(args(Some(LlmKind::None), "/x").check(&none).is_ok());
        let local = args(Some(LlmKind::Local), "/nonexistent.gguf").check(&none);
        assert!(local.unwrap_err().to_string().contains("--llm-model-path"));
        let openai = args(Some(LlmKind::Openai), "/x");
        let err = openai.check(&endpoint(None, Some("m"), None)).unwrap_err();
        assert!(err.to_string().contains("--llm-url"), "{err}");
        assert!(
            openai
                .check(&endpoint(Some("http://127.0.0.1:1/v1"), Some("m"), None))
                .is_ok()
        );
        let err = args(Some(LlmKind::Gemini), "/x")
            .check(&endpoint(None, None, None))
            .unwrap_err();
        assert!(err.to_string().contains("--llm-model"), "{err}");
    }

    #[test]
    fn the_builder_turns_flags_into_a_guarded_provider() {
        let p = provider(
            &endpoint(Some("http://127.0.0.1:1/v1"), Some("gpt-x"), None),
            &args(Some(LlmKind::Openai), "/x"),
        )
        .unwrap()
        .expect("a provider");
        assert_eq!((p.kind(), p.model()), ("openai", "gpt-x"));
        let s = p.status().expect("guarded");
        assert_eq!((s.tokens_per_hour, s.requests), (1000, 0));
        assert!(
            provider(
                &endpoint(None, None, None),
                &args(Some(LlmKind::None), "/x")
            )
            .unwrap()
            .is_none()
        );
    }
}
