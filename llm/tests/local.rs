//! The embedded model for real, when `scripts/setup` fetched it; and the provider builder.

use std::path::PathBuf;

use x402_llm::Provider;
use x402_llm::local::{LazyLocal, LocalModel};
use x402_llm::{
    BuildError, ChatRequest, GuardConfig, Kind, Message, ProviderConfig, Role, build_provider,
    default_model_path,
};

fn model_path() -> Option<PathBuf> {
    let p = std::env::var_os("X402_LLM_MODEL_PATH").map_or_else(default_model_path, PathBuf::from);
    if p.is_file() {
        Some(p)
    } else {
        eprintln!(
            "skipped: no model at {} (run scripts/setup to fetch SmolLM2-135M-Instruct)",
            p.display()
        );
        None
    }
}

fn config(kind: Option<Kind>, model_path: PathBuf) -> ProviderConfig {
    ProviderConfig {
        kind,
        url: None,
        model: None,
        api_key: None,
        model_path,
        guard: GuardConfig::default(),
    }
}

#[tokio::test]
async fn the_local_model_loads_and_answers_a_short_prompt() {
    let Some(path) = model_path() else { return };
    let model = tokio::task::spawn_blocking(move || LocalModel::load(&path))
        .await
        .unwrap()
        .unwrap();
    let req = ChatRequest {
        messages: vec![
            Message::new(Role::System, "You are a helpful assistant."),
            Message::new(Role::User, "What is the capital of France?"),
        ],
        tools: Vec::new(),
        max_tokens: 12,
        temperature: 0.0,
        json: false,
    };
    let (r, t) = model.complete(&req).await.unwrap();
    eprintln!("answer: {:?} ({t:?})", r.content);
    assert!(!r.content.trim().is_empty());
    assert!(
        r.usage.prompt_tokens > 10 && r.usage.prompt_tokens < 60,
        "{:?}",
        r.usage
    );
    assert!(r.usage.completion_tokens >= 1 && r.usage.completion_tokens <= 12);
    assert!(r.tool_calls.is_empty());
    // Greedy decoding is deterministic: the same prompt gives the same answer.
    let (again, _) = model.complete(&req).await.unwrap();
    assert_eq!(again.content, r.content);
}

#[tokio::test]
async fn the_builder_picks_local_when_the_model_exists_and_none_otherwise() {
    let missing = PathBuf::from("/nonexistent/model.gguf");
    assert!(
        build_provider(&config(None, missing.clone()))
            .unwrap()
            .is_none()
    );
    assert!(
        build_provider(&config(Some(Kind::None), missing.clone()))
            .unwrap()
            .is_none()
    );
    assert!(matches!(
        build_provider(&config(Some(Kind::Local), missing)),
        Err(BuildError::Local { .. })
    ));
    assert!(matches!(
        build_provider(&config(Some(Kind::OpenAi), PathBuf::new())),
        Err(BuildError::Missing {
            flag: "--llm-url",
            ..
        })
    ));
    let mut g = config(Some(Kind::Gemini), PathBuf::new());
    g.model = Some("gemini-2.0-flash".into());
    assert!(matches!(
        build_provider(&g),
        Err(BuildError::Missing { kind: "gemini", .. })
    ));
    let Some(path) = model_path() else { return };
    let p = tokio::task::spawn_blocking(move || build_provider(&config(None, path)))
        .await
        .unwrap()
        .unwrap()
        .expect("local by default");
    assert_eq!(p.kind(), "local");
    assert!(p.status().is_some(), "built providers are guarded");
}

#[tokio::test]
async fn the_lazy_local_model_loads_on_its_first_chat_only() {
    assert!(LazyLocal::new(std::path::Path::new("/nonexistent/model.gguf")).is_err());
    let Some(path) = model_path() else { return };
    let lazy = LazyLocal::new(&path).unwrap();
    assert!(!lazy.loaded(), "nothing is loaded before a chat");
    assert_eq!(lazy.kind(), "local");
    assert!(!lazy.model().is_empty());
    let req = ChatRequest {
        messages: vec![Message::new(Role::User, "Say hi.")],
        tools: Vec::new(),
        max_tokens: 4,
        temperature: 0.0,
        json: false,
    };
    let r = lazy.chat(&req).await.unwrap();
    assert!(lazy.loaded());
    assert!(r.usage.completion_tokens >= 1);
}
