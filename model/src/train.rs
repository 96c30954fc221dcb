//! Local trainer of the unified model's decoder path on the node's own corpus.
//!
//! The train split of the [`Corpus`] is tokenised once into a single token stream (sources
//! separated by `<eos>`). An example is a window of the stream: `src = [CODE] + window`
//! (`src_len` ids in total) and `tgt` = the next `tgt_len` tokens (teacher forcing). Window
//! offsets are drawn from a `StdRng` seeded by [`TrainConfig::seed`], so a run is reproducible.
//! The held-out split is evaluated on fixed, non-overlapping windows.
//!
//! With the cartridge corpus ([`Trainer::set_pairs`]), a share [`PAIR_SHARE`] of the examples
//! are (instruction → code) pairs of its training files; its held-out files are scored apart
//! ([`Trainer::evaluate_pairs`]).
//!
//! The progress bar lives in the binary; [`Trainer::step`] returns [`StepStats`].

use std::path::{Path, PathBuf};
use std::time::Instant;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

use crate::corpus::{Chunk, Corpus};
use crate::optim::{Optimizer, Schedule};
use crate::pairs::{self, Pair, TokenPairs};
use crate::tokenizer::{Bpe, TaskToken, TokenizerError};
use crate::unified::{CodeBatch, HeadBatch, HeadExample, ModelError, Unified, UnifiedConfig};

/// File name of the model weights inside a checkpoint directory.
pub const WEIGHTS_FILE: &str = "unified.safetensors";
/// File name of the tokenizer inside a checkpoint directory.
pub const TOKENIZER_FILE: &str = "tokenizer.json";
/// File name of the checkpoint metadata inside a checkpoint directory.
pub const CHECKPOINT_FILE: &str = "checkpoint.json";

/// Errors of the trainer.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    /// Model error (tensor op, weights, input).
    #[error(transparent)]
    Model(#[from] ModelError),
    /// Tokenizer error.
    #[error(transparent)]
    Tokenizer(#[from] TokenizerError),
    /// Optimizer / tensor error (including a skipped update on a non-finite gradient).
    #[error("candle: {0}")]
    Candle(#[from] candle_core::Error),
    /// Inconsistent training configuration.
    #[error("invalid training config: {0}")]
    Config(String),
    /// The corpus is too small for the configured windows.
    #[error("not enough data: {0}")]
    NotEnoughData(String),
    /// Checkpoint metadata could not be (de)serialised.
    #[error("checkpoint json: {0}")]
    Json(#[from] serde_json::Error),
    /// A checkpoint file could not be read or written.
    #[error("checkpoint i/o at {path}: {source}")]
    Io {
        /// File involved.
        path: String,
        /// Underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The checkpoint's weights do not hash to the recorded blake3.
    #[error("checkpoint weights hash {actual} != recorded {expected}")]
    HashMismatch {
        /// Hash recorded in `checkpoint.json`.
        expected: String,
        /// Hash of the weights file.
        actual: String,
    },
}

type Result<T> = std::result::Result<T, TrainError>;

/// Share of a batch's examples drawn from the corpus pairs, when there are any.
pub const PAIR_SHARE: f64 = 0.25;

/// Training hyper-parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TrainConfig {
    /// Total optimiser steps (also the cosine horizon).
    pub steps: usize,
    /// Examples per step.
    pub batch: usize,
    /// Source length including the task token.
    pub src_len: usize,
    /// Target length (scored tokens per example).
    pub tgt_len: usize,
    /// Peak learning rate (after warm-up).
    pub peak_lr: f64,
    /// Linear warm-up steps.
    pub warmup_steps: usize,
    /// Final learning rate of the cosine decay.
    pub min_lr: f64,
    /// AdamW weight decay (matrices only).
    pub weight_decay: f64,
    /// Global gradient-norm clip.
    pub clip_norm: f64,
    /// Seed of the model initialisation and of the window sampling.
    pub seed: u64,
    /// One chunk in `held_out_every` goes to the held-out split (0 = none).
    pub held_out_every: u64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        Self {
            steps: 1000,
            batch: 8,
            src_len: 128,
            tgt_len: 128,
            peak_lr: 1e-3,
            warmup_steps: 200,
            min_lr: 1e-4,
            weight_decay: 0.01,
            clip_norm: 1.0,
            seed: 42,
            held_out_every: 20,
        }
    }
}

impl TrainConfig {
    fn schedule(&self) -> Schedule {
        Schedule {
            warmup_steps: self.warmup_steps,
            total_steps: self.steps.max(1),
            peak_lr: self.peak_lr,
            min_lr: self.min_lr,
        }
    }

    fn validate(&self, model: &UnifiedConfig) -> Result<()> {
        if self.batch == 0 || self.src_len < 2 || self.tgt_len == 0 {
            return Err(TrainError::Config(
                "batch ≥ 1, src_len ≥ 2 and tgt_len ≥ 1 required".into(),
            ));
        }
        if self.src_len > model.max_seq || self.tgt_len > model.max_seq {
            return Err(TrainError::Config(format!(
                "src_len {} / tgt_len {} exceed max_seq {}",
                self.src_len, self.tgt_len, model.max_seq
            )));
        }
        let finite = [self.peak_lr, self.min_lr, self.weight_decay];
        let bad = |v: f64| v.is_nan() || v < 0.0;
        if finite.iter().any(|&v| bad(v) || v.is_infinite()) || bad(self.clip_norm) {
            return Err(TrainError::Config(
                "learning rates, weight decay and clip norm must be ≥ 0".into(),
            ));
        }
        if TaskToken::Code.id() as usize >= model.vocab {
            return Err(TrainError::Config(format!(
                "model vocab {} does not hold the task tokens",
                model.vocab
            )));
        }
        Ok(())
    }
}

/// What one training step did.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StepStats {
    /// 1-based number of this step (steps done so far, including it).
    pub step: usize,
    /// Mean cross-entropy per target token of the batch (before the update).
    pub loss: f32,
    /// Learning rate used.
    pub lr: f64,
    /// Global gradient norm before clipping.
    pub grad_norm: f64,
    /// Target tokens scored in this step.
    pub target_tokens: usize,
    /// Wall time of the step (batch building, forward, backward, update).
    pub seconds: f64,
}

/// Metadata written to `checkpoint.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// Steps done.
    pub step: usize,
    /// Loss of the last step (NaN before the first step is written as `null`).
    pub loss: Option<f32>,
    /// Number of parameters.
    pub params: usize,
    /// Model configuration.
    pub config: UnifiedConfig,
    /// Training configuration.
    pub train: TrainConfig,
    /// blake3 (hex) of `unified.safetensors`.
    pub blake3: String,
    /// blake3 (hex) of `tokenizer.json`.
    pub tokenizer_blake3: String,
    /// Directory the checkpoint was written to (not serialised).
    #[serde(skip)]
    pub dir: PathBuf,
}

/// Trainer of the unified model's decoder on a token stream.
pub struct Trainer {
    model: Unified,
    tokenizer: Bpe,
    train: TrainConfig,
    optimizer: Optimizer,
    train_stream: Vec<u32>,
    heldout_stream: Vec<u32>,
    rng: StdRng,
    step: usize,
    last_loss: Option<f32>,
    train_pairs: TokenPairs,
    heldout_pairs: TokenPairs,
}

impl std::fmt::Debug for Trainer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Trainer")
            .field("model", &self.model)
            .field("train", &self.train)
            .field("step", &self.step)
            .field("train_tokens", &self.train_stream.len())
            .field("heldout_tokens", &self.heldout_stream.len())
            .finish()
    }
}

fn tokenize(tokenizer: &Bpe, chunks: &[&Chunk]) -> Result<Vec<u32>> {
    let texts = chunks.iter().map(|c| c.text.as_str()).collect::<Vec<_>>();
    let encoded = tokenizer.encode_batch(&texts)?;
    let mut stream = Vec::with_capacity(encoded.iter().map(Vec::len).sum::<usize>() + 1);
    for (i, ids) in encoded.into_iter().enumerate() {
        if i > 0 && chunks[i].source != chunks[i - 1].source {
            stream.push(tokenizer.eos_id());
        }
        stream.extend(ids);
    }
    Ok(stream)
}

impl Trainer {
    /// Creates a fresh model (initialised from `train.seed`) and tokenises the corpus splits.
    pub fn new(
        model_config: UnifiedConfig,
        train: TrainConfig,
        tokenizer: &Bpe,
        corpus: &Corpus,
    ) -> Result<Self> {
        model_config.validate()?;
        let model = Unified::new(model_config, train.seed)?;
        Self::with_model(model, train, tokenizer, corpus, 0)
    }

    /// Creates a trainer around an existing model; `step` is the number of steps already done
    /// (only used for reporting and sampling).
    pub fn with_model(
        model: Unified,
        train: TrainConfig,
        tokenizer: &Bpe,
        corpus: &Corpus,
        step: usize,
    ) -> Result<Self> {
        let config = *model.config();
        train.validate(&config)?;
        if tokenizer.vocab_size() > config.vocab {
            return Err(TrainError::Config(format!(
                "tokenizer vocab {} > model vocab {}",
                tokenizer.vocab_size(),
                config.vocab
            )));
        }
        let (train_chunks, heldout_chunks) = corpus.split(train.held_out_every);
        let train_stream = tokenize(tokenizer, &train_chunks)?;
        let heldout_stream = tokenize(tokenizer, &heldout_chunks)?;
        let need = train.src_len - 1 + train.tgt_len;
        if train_stream.len() < need {
            return Err(TrainError::NotEnoughData(format!(
                "{} training tokens, one example needs {need}",
                train_stream.len()
            )));
        }
        let optimizer = Optimizer::new(
            model.vars(),
            train.schedule(),
            train.weight_decay,
            train.clip_norm,
        )?;
        let rng =
            StdRng::seed_from_u64(train.seed ^ (step as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        Ok(Self {
            model,
            tokenizer: tokenizer.clone(),
            train,
            optimizer,
            train_stream,
            heldout_stream,
            rng,
            step,
            last_loss: None,
            train_pairs: TokenPairs::default(),
            heldout_pairs: TokenPairs::default(),
        })
    }

    /// Resumes from a checkpoint directory written by [`Trainer::save_checkpoint`]: weights,
    /// tokenizer and step count are restored (the weights hash is verified). The AdamW moments
    /// are not stored, so they start from zero and the learning-rate schedule (warm-up
    /// included) restarts for `train.steps` more steps.
    pub fn resume(dir: &Path, train: TrainConfig, corpus: &Corpus) -> Result<Self> {
        let meta_path = dir.join(CHECKPOINT_FILE);
        let meta: Checkpoint = serde_json::from_slice(&read(&meta_path)?)?;
        let bytes = read(&dir.join(WEIGHTS_FILE))?;
        let actual = blake3::hash(&bytes).to_hex().to_string();
        if actual != meta.blake3 {
            return Err(TrainError::HashMismatch {
                expected: meta.blake3,
                actual,
            });
        }
        let tokenizer = Bpe::load(&dir.join(TOKENIZER_FILE))?;
        let model = Unified::from_safetensors(meta.config, &bytes)?;
        let mut t = Self::with_model(model, train, &tokenizer, corpus, meta.step)?;
        t.last_loss = meta.loss;
        Ok(t)
    }

    /// The model being trained.
    pub fn model(&self) -> &Unified {
        &self.model
    }

    /// The tokenizer.
    pub fn tokenizer(&self) -> &Bpe {
        &self.tokenizer
    }

    /// The training configuration.
    pub fn train_config(&self) -> &TrainConfig {
        &self.train
    }

    /// Steps done so far.
    pub fn steps_done(&self) -> usize {
        self.step
    }

    /// Tokens in the training stream.
    pub fn train_tokens(&self) -> usize {
        self.train_stream.len()
    }

    /// Tokens in the held-out stream.
    pub fn heldout_tokens(&self) -> usize {
        self.heldout_stream.len()
    }

    /// Adds the cartridge corpus: its files are split by name ([`pairs::split`]); the training
    /// side joins the batches, the held-out side is scored by [`Trainer::evaluate_pairs`].
    pub fn set_pairs(&mut self, all: &[Pair]) -> Result<()> {
        let (train, held) = pairs::split(all);
        self.train_pairs = TokenPairs::new(&self.tokenizer, &train)?;
        self.heldout_pairs = TokenPairs::new(&self.tokenizer, &held)?;
        Ok(())
    }

    /// Names of the corpus files trained on.
    pub fn train_pair_names(&self) -> &[String] {
        &self.train_pairs.names
    }

    /// Names of the held-out corpus files.
    pub fn heldout_pair_names(&self) -> &[String] {
        &self.heldout_pairs.names
    }

    fn example(&self, stream: &[u32], offset: usize) -> (Vec<u32>, Vec<u32>) {
        let w = self.train.src_len - 1;
        let mut src = Vec::with_capacity(self.train.src_len);
        src.push(TaskToken::Code.id());
        src.extend_from_slice(&stream[offset..offset + w]);
        let tgt = stream[offset + w..offset + w + self.train.tgt_len].to_vec();
        (src, tgt)
    }

    /// Builds the next training batch (advances the sampling RNG).
    pub fn next_batch(&mut self) -> Result<CodeBatch> {
        let need = self.train.src_len - 1 + self.train.tgt_len;
        let max_offset = self.train_stream.len() - need; // checked ≥ 0 in `with_model`
        let mut pairs = Vec::with_capacity(self.train.batch);
        for _ in 0..self.train.batch {
            if !self.train_pairs.is_empty() && self.rng.random_bool(PAIR_SHARE) {
                let i = self.rng.random_range(0..self.train_pairs.len());
                let max = self.train_pairs.max_offset(i, self.train.tgt_len);
                let o = self.rng.random_range(0..=max);
                pairs.push(self.train_pairs.example(
                    i,
                    o,
                    self.train.src_len,
                    self.train.tgt_len,
                    self.tokenizer.eos_id(),
                ));
                continue;
            }
            let o = self.rng.random_range(0..=max_offset);
            pairs.push(self.example(&self.train_stream, o));
        }
        Ok(CodeBatch::new(
            &pairs,
            self.tokenizer.pad_id(),
            self.tokenizer.bos_id(),
        )?)
    }

    /// One optimiser step on a freshly sampled batch.
    pub fn step(&mut self) -> Result<StepStats> {
        let start = Instant::now();
        let batch = self.next_batch()?;
        self.step_on(&batch, start)
    }

    /// One optimiser step on a given batch (e.g. for benchmarks on a fixed batch).
    pub fn step_batch(&mut self, batch: &CodeBatch) -> Result<StepStats> {
        self.step_on(batch, Instant::now())
    }

    fn step_on(&mut self, batch: &CodeBatch, start: Instant) -> Result<StepStats> {
        let loss = self.model.code_loss(batch)?;
        let loss_value = loss.to_scalar::<f32>()?;
        let info = self.optimizer.step(&loss)?;
        self.step += 1;
        self.last_loss = Some(loss_value);
        Ok(StepStats {
            step: self.step,
            loss: loss_value,
            lr: info.lr,
            grad_norm: info.grad_norm,
            target_tokens: batch.target_tokens,
            seconds: start.elapsed().as_secs_f64(),
        })
    }

    /// One optimiser step of the fast head on labelled examples (sequences truncated to
    /// `src_len`). Shares the optimizer and its schedule with the decoder steps.
    pub fn step_head(&mut self, examples: &[HeadExample]) -> Result<StepStats> {
        let start = Instant::now();
        let batch = HeadBatch::new(examples, self.tokenizer.pad_id(), self.train.src_len)?;
        let loss = self.model.head_loss(&batch)?;
        let loss_value = loss.to_scalar::<f32>()?;
        let info = self.optimizer.step(&loss)?;
        self.step += 1;
        Ok(StepStats {
            step: self.step,
            loss: loss_value,
            lr: info.lr,
            grad_norm: info.grad_norm,
            target_tokens: 0,
            seconds: start.elapsed().as_secs_f64(),
        })
    }

    /// Mean loss per target token on the held-out split, over at most `max_batches` batches of
    /// fixed, non-overlapping windows (deterministic). Errors if the held-out stream is
    /// shorter than one example.
    pub fn evaluate(&self, max_batches: usize) -> Result<f64> {
        let need = self.train.src_len - 1 + self.train.tgt_len;
        let windows = self.heldout_stream.len() / need;
        if windows == 0 {
            return Err(TrainError::NotEnoughData(format!(
                "{} held-out tokens, one example needs {need}",
                self.heldout_stream.len()
            )));
        }
        let n = windows.min(max_batches.max(1) * self.train.batch);
        let offsets = (0..n).map(|i| i * need).collect::<Vec<_>>();
        let mut total = 0f64;
        let mut tokens = 0usize;
        for group in offsets.chunks(self.train.batch) {
            let pairs = group
                .iter()
                .map(|&o| self.example(&self.heldout_stream, o))
                .collect::<Vec<_>>();
            let batch = CodeBatch::new(&pairs, self.tokenizer.pad_id(), self.tokenizer.bos_id())?;
            let loss = self.model.code_loss(&batch)?.to_scalar::<f32>()?;
            total += f64::from(loss) * batch.target_tokens as f64;
            tokens += batch.target_tokens;
        }
        Ok(total / tokens.max(1) as f64)
    }

    /// Mean loss per target token on the held-out corpus files: each file's instruction → the
    /// first `tgt_len` tokens of its code, over at most `max_batches` batches (deterministic).
    /// Errors when no file is held out.
    pub fn evaluate_pairs(&self, max_batches: usize) -> Result<f64> {
        if self.heldout_pairs.is_empty() {
            return Err(TrainError::NotEnoughData(
                "no held-out corpus file".to_string(),
            ));
        }
        let n = self
            .heldout_pairs
            .len()
            .min(max_batches.max(1) * self.train.batch);
        let (mut total, mut tokens) = (0f64, 0usize);
        let indices = (0..n).collect::<Vec<_>>();
        for group in indices.chunks(self.train.batch) {
            let examples = group
                .iter()
                .map(|&i| {
                    self.heldout_pairs.example(
                        i,
                        0,
                        self.train.src_len,
                        self.train.tgt_len,
                        self.tokenizer.eos_id(),
                    )
                })
                .collect::<Vec<_>>();
            let batch =
                CodeBatch::new(&examples, self.tokenizer.pad_id(), self.tokenizer.bos_id())?;
            let loss = self.model.code_loss(&batch)?.to_scalar::<f32>()?;
            total += f64::from(loss) * batch.target_tokens as f64;
            tokens += batch.target_tokens;
        }
        Ok(total / tokens.max(1) as f64)
    }

    /// Writes `dir/unified.safetensors` (canonical bytes), `dir/tokenizer.json` and
    /// `dir/checkpoint.json`, each through a temporary file and a rename.
    pub fn save_checkpoint(&self, dir: &Path) -> Result<Checkpoint> {
        std::fs::create_dir_all(dir).map_err(|source| TrainError::Io {
            path: dir.display().to_string(),
            source,
        })?;
        let weights = self.model.to_safetensors()?;
        let tokenizer = self.tokenizer.to_json()?;
        let meta = Checkpoint {
            step: self.step,
            loss: self.last_loss.filter(|l| l.is_finite()),
            params: self.model.num_params(),
            config: *self.model.config(),
            train: self.train,
            blake3: blake3::hash(&weights).to_hex().to_string(),
            tokenizer_blake3: blake3::hash(tokenizer.as_bytes()).to_hex().to_string(),
            dir: dir.to_path_buf(),
        };
        write_atomic(&dir.join(WEIGHTS_FILE), &weights)?;
        write_atomic(&dir.join(TOKENIZER_FILE), tokenizer.as_bytes())?;
        write_atomic(
            &dir.join(CHECKPOINT_FILE),
            &serde_json::to_vec_pretty(&meta)?,
        )?;
        Ok(meta)
    }
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|source| TrainError::Io {
        path: path.display().to_string(),
        source,
    })
}

fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("tmp");
    let io = |source| TrainError::Io {
        path: path.display().to_string(),
        source,
    };
    std::fs::write(&tmp, bytes).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> Corpus {
        let mut files = Vec::new();
        for i in 0..12 {
            let mut text = String::new();
            for j in 0..30 {
                text.push_str(&format!(
                    "fn f{i}_{j}(x: u32) -> u32 {{\n    let y = x + {j};\n    y * 2\n}}\n\n"
                ));
            }
            files.push((format!("src/f{i}.rs"), text));
        }
        Corpus::from_texts(files)
    }

    fn setup() -> (UnifiedConfig, TrainConfig, Bpe, Corpus) {
        let corpus = corpus();
        let bpe = Bpe::train(&corpus.texts(), 300).unwrap();
        let model = UnifiedConfig {
            vocab: crate::tokenizer::MODEL_VOCAB,
            ..UnifiedConfig::tiny()
        };
        let train = TrainConfig {
            steps: 40,
            batch: 4,
            src_len: 16,
            tgt_len: 16,
            peak_lr: 3e-3,
            warmup_steps: 4,
            min_lr: 3e-4,
            held_out_every: 4,
            ..TrainConfig::default()
        };
        (model, train, bpe, corpus)
    }

    #[test]
    fn trainer_loss_decreases_and_evaluates() {
        let (model, train, bpe, corpus) = setup();
        let mut t = Trainer::new(model, train, &bpe, &corpus).unwrap();
        assert!(t.train_tokens() > 1000 && t.heldout_tokens() > 100);
        let before = t.evaluate(2).unwrap();
        let mut first = None;
        let mut last = 0.0;
        for i in 0..train.steps {
            let s = t.step().unwrap();
            assert_eq!(s.step, i + 1);
            assert_eq!(s.target_tokens, 4 * 16);
            assert!(s.loss.is_finite() && s.grad_norm.is_finite() && s.lr > 0.0);
            first.get_or_insert(s.loss);
            last = s.loss;
        }
        let after = t.evaluate(2).unwrap();
        assert!(
            last < first.unwrap_or(0.0),
            "train loss {first:?} -> {last}"
        );
        assert!(after < before, "held-out loss {before} -> {after}");
        assert_eq!(t.evaluate(2).unwrap(), after, "evaluation is deterministic");
    }

    #[test]
    fn trainer_deterministic_checkpoint_and_resume() {
        let (model, train, bpe, corpus) = setup();
        let mut a = Trainer::new(model, train, &bpe, &corpus).unwrap();
        let mut b = Trainer::new(model, train, &bpe, &corpus).unwrap();
        for _ in 0..3 {
            let (sa, sb) = (a.step().unwrap(), b.step().unwrap());
            assert_eq!(sa.loss, sb.loss);
        }
        let dir = tempfile::tempdir().unwrap();
        let ca = a.save_checkpoint(&dir.path().join("a")).unwrap();
        let cb = b.save_checkpoint(&dir.path().join("b")).unwrap();
        assert_eq!(ca.blake3, cb.blake3);
        assert_eq!(ca.step, 3);
        assert_eq!(ca.params, model.num_params());
        let wa = std::fs::read(dir.path().join("a").join(WEIGHTS_FILE)).unwrap();
        assert_eq!(blake3::hash(&wa).to_hex().to_string(), ca.blake3);

        let r = Trainer::resume(&dir.path().join("a"), train, &corpus).unwrap();
        assert_eq!(r.steps_done(), 3);
        assert_eq!(r.model().to_safetensors().unwrap(), wa);
        assert_eq!(r.evaluate(1).unwrap(), a.evaluate(1).unwrap());

        // A tampered weights file is rejected.
        std::fs::write(dir.path().join("b").join(WEIGHTS_FILE), b"junk").unwrap();
        assert!(matches!(
            Trainer::resume(&dir.path().join("b"), train, &corpus),
            Err(TrainError::HashMismatch { .. })
        ));
    }

    #[test]
    fn corpus_pairs_train_and_their_held_out_files_are_scored_apart() {
        let (model, train, bpe, corpus) = setup();
        let mut t = Trainer::new(model, train, &bpe, &corpus).unwrap();
        assert!(t.evaluate_pairs(1).is_err(), "no pairs yet");
        let all: Vec<Pair> = (0..40)
            .map(|i| Pair {
                name: format!("c-{i}"),
                instruction: format!("Return {i} plus x."),
                code: format!("fn f{i}_0(x: u32) -> u32 {{\n    let y = x + {i};\n    y * 2\n}}\n"),
            })
            .collect();
        t.set_pairs(&all).unwrap();
        let (trained, held) = (
            t.train_pair_names().to_vec(),
            t.heldout_pair_names().to_vec(),
        );
        assert_eq!(trained.len() + held.len(), all.len());
        assert!(!held.is_empty() && !trained.is_empty());
        assert!(held.iter().all(|h| !trained.contains(h)));
        let before = t.evaluate_pairs(2).unwrap();
        assert!(before.is_finite() && before > 0.0);
        for _ in 0..3 {
            assert!(t.step().unwrap().loss.is_finite());
        }
        assert_ne!(
            t.evaluate_pairs(2).unwrap(),
            before,
            "the model was updated"
        );
    }

    #[test]
    fn trainer_rejects_bad_input() {
        let (model, train, bpe, corpus) = setup();
        let long = TrainConfig {
            src_len: 64,
            ..train
        };
        assert!(matches!(
            Trainer::new(model, long, &bpe, &corpus),
            Err(TrainError::Config(_))
        ));
        let small = Corpus::from_texts([("a.rs", "fn a() {}\n")]);
        assert!(matches!(
            Trainer::new(model, train, &bpe, &small),
            Err(TrainError::NotEnoughData(_))
        ));
        let no_task = UnifiedConfig::tiny();
        assert!(Trainer::new(no_task, train, &bpe, &corpus).is_err());
        let nan = TrainConfig {
            peak_lr: f64::NAN,
            ..train
        };
        assert!(Trainer::new(model, nan, &bpe, &corpus).is_err());
    }

    /// Release benchmark: `cargo test --release -p x402-model trainer_bench_default -- --ignored
    /// --nocapture`. Default model, batch 8 × (128 source + 128 target).
    #[test]
    #[ignore = "benchmark; run in release"]
    fn trainer_bench_default() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        let corpus = Corpus::collect(&[root]).unwrap();
        let t0 = Instant::now();
        let sample = corpus.texts().into_iter().take(2000).collect::<Vec<_>>();
        let bpe = Bpe::train(&sample, crate::tokenizer::BPE_VOCAB).unwrap();
        println!(
            "corpus {} chunks, {} bytes; BPE {} ids trained on {} chunks in {:.1}s",
            corpus.len(),
            corpus.total_bytes(),
            bpe.vocab_size(),
            sample.len(),
            t0.elapsed().as_secs_f64()
        );
        let t0 = Instant::now();
        let train = TrainConfig::default();
        let mut t = Trainer::new(UnifiedConfig::default(), train, &bpe, &corpus).unwrap();
        println!(
            "params {}; tokenised {} train + {} held-out tokens in {:.1}s",
            t.model().num_params(),
            t.train_tokens(),
            t.heldout_tokens(),
            t0.elapsed().as_secs_f64()
        );
        let mut secs = Vec::new();
        for _ in 0..6 {
            let s = t.step().unwrap();
            println!(
                "step {} loss {:.3} lr {:.2e} grad {:.2} {:.2}s",
                s.step, s.loss, s.lr, s.grad_norm, s.seconds
            );
            secs.push(s.seconds);
        }
        let steady = &secs[1..];
        let mean = steady.iter().sum::<f64>() / steady.len() as f64;
        let tgt = (train.batch * train.tgt_len) as f64;
        println!(
            "steady: {mean:.2} s/step, {:.0} target tok/s, {:.0} (src+tgt) tok/s",
            tgt / mean,
            2.0 * tgt / mean
        );
        let t0 = Instant::now();
        let b = t.next_batch().unwrap();
        let loss = t.model().code_loss(&b).unwrap();
        let fwd = t0.elapsed().as_secs_f64();
        let t0 = Instant::now();
        let _g = loss.backward().unwrap();
        println!(
            "forward {fwd:.2}s, backward {:.2}s",
            t0.elapsed().as_secs_f64()
        );
    }
}
