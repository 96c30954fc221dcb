//! The `local` solver: the node's own unified model (the checkpoint `x402-node train` writes to
//! `<data-dir>/model/`) writes the candidate with its code decoder. The source window is the
//! code task token and the last tokens of the problem's instructions and starter; the model's
//! greedy continuation follows the starter, and the whole text is the candidate `lib.rs`.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use x402_benchmarks::solver::{Previous, SolveError};
use x402_benchmarks::{Problem, Solver};
use x402_model::tokenizer::{Bpe, TaskToken};
use x402_model::train::{CHECKPOINT_FILE, Checkpoint, TOKENIZER_FILE, WEIGHTS_FILE};
use x402_model::unified::Unified;

/// Source tokens given to the encoder (the training window).
const SRC_TOKENS: usize = 128;
type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Most tokens generated per problem.
const MAX_NEW_TOKENS: usize = 96;

/// The node's own model as a solver.
#[derive(Clone)]
pub struct LocalModelSolver {
    model: Arc<Unified>,
    tokenizer: Arc<Bpe>,
}

impl LocalModelSolver {
    /// Loads the checkpoint in `dir` (its weights must match the recorded hash).
    pub fn load(dir: &Path) -> anyhow::Result<Self> {
        let meta_path = dir.join(CHECKPOINT_FILE);
        let meta: Checkpoint =
            serde_json::from_slice(&std::fs::read(&meta_path).with_context(|| {
                format!(
                    "no model checkpoint at {} (train one with `x402-node train`)",
                    meta_path.display()
                )
            })?)
            .with_context(|| format!("reading {}", meta_path.display()))?;
        let bytes = std::fs::read(dir.join(WEIGHTS_FILE))?;
        let actual = blake3::hash(&bytes).to_hex().to_string();
        anyhow::ensure!(
            actual == meta.blake3,
            "{} does not match its checkpoint (blake3 {actual}, recorded {})",
            dir.join(WEIGHTS_FILE).display(),
            meta.blake3
        );
        let tokenizer = Bpe::load(&dir.join(TOKENIZER_FILE))?;
        let model = Unified::from_safetensors(meta.config, &bytes)?;
        Ok(LocalModelSolver {
            model: Arc::new(model),
            tokenizer: Arc::new(tokenizer),
        })
    }

    fn complete(&self, problem: &Problem) -> Result<String, BoxError> {
        let prompt = format!("{}\n{}", problem.instructions, problem.starter);
        let ids = self.tokenizer.encode(&prompt)?;
        let window = SRC_TOKENS - 1;
        let mut src = vec![TaskToken::Code.id()];
        src.extend_from_slice(&ids[ids.len().saturating_sub(window)..]);
        let out = self.model.generate_greedy(
            &src,
            self.tokenizer.bos_id(),
            self.tokenizer.eos_id(),
            MAX_NEW_TOKENS,
        )?;
        let text = self.tokenizer.decode(&out)?;
        Ok(format!("{}{text}", problem.starter))
    }
}

impl Solver for LocalModelSolver {
    fn name(&self) -> &'static str {
        "local"
    }

    async fn solve(&self, problem: &Problem, _: Option<&Previous>) -> Result<String, SolveError> {
        let (me, p) = (self.clone(), problem.clone());
        tokio::task::spawn_blocking(move || me.complete(&p))
            .await
            .map_err(|e| SolveError::Model(Box::new(e)))?
            .map_err(SolveError::Model)
    }
}
