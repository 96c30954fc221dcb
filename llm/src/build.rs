//! Builds the node's provider from its flags: `none`, `local`, `openai` or `gemini`, always
//! wrapped in [`Guarded`].

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::Provider;
use crate::gemini::Gemini;
use crate::guard::{GuardConfig, Guarded};
use crate::http::{ApiKey, ConfigError};
use crate::local::{LazyLocal, LocalError};
use crate::openai::OpenAi;

/// File name of the default local model.
pub const DEFAULT_MODEL_FILE: &str = "SmolLM2-135M-Instruct.Q4_1.gguf";

/// Which provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// No LLM: callers take their LLM-free paths.
    None,
    /// The embedded GGUF model.
    Local,
    /// An OpenAI-compatible endpoint.
    OpenAi,
    /// Google Gemini.
    Gemini,
}

impl std::str::FromStr for Kind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "none" => Ok(Kind::None),
            "local" => Ok(Kind::Local),
            "openai" => Ok(Kind::OpenAi),
            "gemini" => Ok(Kind::Gemini),
            _ => Err(format!("{s:?} is not none, local, openai or gemini")),
        }
    }
}

/// What [`build_provider`] needs.
#[derive(Debug, Clone)]
pub struct ProviderConfig {
    /// The provider; `None`: `local` when `model_path` exists, else none.
    pub kind: Option<Kind>,
    /// Endpoint (`openai`: required; `gemini`: default Google's).
    pub url: Option<String>,
    /// Model name (`openai`, `gemini`: required).
    pub model: Option<String>,
    /// API key (`gemini`: required; `openai`: optional).
    pub api_key: Option<ApiKey>,
    /// The GGUF of `local`.
    pub model_path: PathBuf,
    /// Timeouts, retries and budget.
    pub guard: GuardConfig,
}

/// Why no provider could be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// A flag the provider needs is missing.
    #[error("--llm {kind} needs {flag}")]
    Missing {
        /// The provider.
        kind: &'static str,
        /// The missing flag.
        flag: &'static str,
    },
    /// The HTTP provider's settings are wrong.
    #[error("--llm {kind}: bad settings")]
    Config {
        /// The provider.
        kind: &'static str,
        /// The cause.
        #[source]
        source: ConfigError,
    },
    /// The local model did not load.
    #[error("--llm local: loading {path} failed")]
    Local {
        /// The GGUF.
        path: PathBuf,
        /// The cause.
        #[source]
        source: LocalError,
    },
}

/// `$HOME/.cache/x402-swarm/models/SmolLM2-135M-Instruct.Q4_1.gguf`, where `scripts/setup` puts
/// the model (relative to the working directory when `HOME` is unset).
pub fn default_model_path() -> PathBuf {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default()
        .join(".cache/x402-swarm/models")
        .join(DEFAULT_MODEL_FILE)
}

/// The provider `config` asks for, guarded; `None` for `none` (or no model file when `kind` is
/// not given). `local` only checks the model file here: it is loaded on the first chat
/// ([`LazyLocal`]).
pub fn build_provider(config: &ProviderConfig) -> Result<Option<Arc<dyn Provider>>, BuildError> {
    let kind = config.kind.unwrap_or_else(|| {
        if config.model_path.is_file() {
            Kind::Local
        } else {
            Kind::None
        }
    });
    let inner: Arc<dyn Provider> = match kind {
        Kind::None => return Ok(None),
        Kind::Local => Arc::new(lazy(&config.model_path)?),
        Kind::OpenAi => {
            let url = need(&config.url, "openai", "--llm-url")?;
            let model = need(&config.model, "openai", "--llm-model")?;
            Arc::new(
                OpenAi::new(url, model, config.api_key.clone()).map_err(|source| {
                    BuildError::Config {
                        kind: "openai",
                        source,
                    }
                })?,
            )
        }
        Kind::Gemini => {
            let model = need(&config.model, "gemini", "--llm-model")?;
            let key = config.api_key.as_ref().ok_or(BuildError::Missing {
                kind: "gemini",
                flag: "an API key (--llm-api-key-file or X402_LLM_API_KEY)",
            })?;
            Arc::new(
                Gemini::new(config.url.as_deref(), model, key).map_err(|source| {
                    BuildError::Config {
                        kind: "gemini",
                        source,
                    }
                })?,
            )
        }
    };
    Ok(Some(Arc::new(Guarded::new(inner, config.guard))))
}

fn lazy(path: &Path) -> Result<LazyLocal, BuildError> {
    LazyLocal::new(path).map_err(|source| BuildError::Local {
        path: path.to_owned(),
        source,
    })
}

fn need<'a>(
    v: &'a Option<String>,
    kind: &'static str,
    flag: &'static str,
) -> Result<&'a str, BuildError> {
    v.as_deref()
        .filter(|s| !s.trim().is_empty())
        .ok_or(BuildError::Missing { kind, flag })
}
