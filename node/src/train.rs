//! `x402-node train`: trains the unified model on the node's own source and `training_data/`,
//! with a progress bar, and writes a checkpoint (safetensors + tokenizer + metadata).
//!
//! The verified cartridge corpus (`training_data/cartridges`) is learnt as (instruction →
//! code) pairs, held out by file (`x402_model::pairs`); its files are kept out of the text
//! stream, and the held-out files' loss is reported apart.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use x402_model::corpus::Corpus;
use x402_model::pairs::{self, Pair};
use x402_model::tokenizer::{BPE_VOCAB, Bpe};
use x402_model::train::{TrainConfig, Trainer};
use x402_model::unified::UnifiedConfig;

/// Flags of `x402-node train`.
#[derive(Debug, Clone, Args)]
pub struct TrainArgs {
    /// Training steps to run (batch 8 × 128 source + 128 target tokens).
    #[arg(long, default_value_t = 200)]
    pub steps: usize,
    /// Node data directory; the checkpoint goes to `<data-dir>/model/`.
    #[arg(long, env = "X402_DATA_DIR", default_value = "x402-data")]
    pub data_dir: PathBuf,
    /// Folders or files to learn from: `.rs` files, and `.txt`/`.md`/`.jsonl` under
    /// `training_data/` (default: the current directory).
    #[arg(long = "corpus", default_values_os_t = vec![PathBuf::from(".")])]
    pub corpus: Vec<PathBuf>,
    /// The verified cartridge corpus, learnt as (instruction → code) pairs with ~15 % of its
    /// files held out (skipped when the folder does not exist).
    #[arg(long, default_value = "training_data/cartridges")]
    pub cartridges: PathBuf,
    /// Start from scratch even if a checkpoint exists.
    #[arg(long)]
    pub fresh: bool,
    /// Save a checkpoint every N steps (and at the end).
    #[arg(long, default_value_t = 50)]
    pub save_every: usize,
}

/// Runs `x402-node train`.
pub fn run(args: TrainArgs) -> anyhow::Result<()> {
    let dir = args.data_dir.join("model");
    let mut corpus = Corpus::collect(&args.corpus).context("reading the corpus")?;
    let pairs = cartridge_pairs(&args.cartridges, &mut corpus)?;
    anyhow::ensure!(
        !corpus.is_empty(),
        "no .rs or training_data files under {:?}",
        args.corpus
    );
    eprintln!(
        "corpus: {} chunks, {:.1} MiB",
        corpus.len(),
        corpus.total_bytes() as f64 / (1 << 20) as f64
    );
    let train = TrainConfig {
        steps: args.steps,
        ..TrainConfig::default()
    };
    let mut trainer = if !args.fresh && dir.join("checkpoint.json").exists() {
        eprintln!("resuming from {}", dir.display());
        Trainer::resume(&dir, train, &corpus)?
    } else {
        let tokenizer = tokenizer(&corpus, &pairs)?;
        Trainer::new(UnifiedConfig::default(), train, &tokenizer, &corpus)?
    };
    trainer.set_pairs(&pairs)?;
    eprintln!(
        "model: {} parameters; {} training tokens, {} held out",
        trainer.model().num_params(),
        trainer.train_tokens(),
        trainer.heldout_tokens()
    );

    let bar = ProgressBar::new(args.steps as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} steps  {msg}  [{elapsed} < {eta}]")
            .expect("valid template"),
    );
    let started = Instant::now();
    let mut tokens = 0usize;
    for i in 1..=args.steps {
        let s = trainer.step()?;
        tokens += s.target_tokens;
        bar.set_message(format!(
            "loss {:.3}  lr {:.1e}  {:.0} tok/s",
            s.loss,
            s.lr,
            tokens as f64 / started.elapsed().as_secs_f64()
        ));
        bar.inc(1);
        if i % args.save_every.max(1) == 0 && i < args.steps {
            trainer.save_checkpoint(&dir)?;
        }
    }
    bar.finish();
    let checkpoint = trainer.save_checkpoint(&dir)?;
    let held_out = match trainer.evaluate(4) {
        Ok(loss) => format!("{loss:.3}"),
        Err(e) => format!("n/a ({e})"),
    };
    eprintln!(
        "checkpoint {} (step {}, weights {}), held-out loss {held_out}",
        dir.display(),
        checkpoint.step,
        &checkpoint.blake3[..16]
    );
    eprintln!("held-out corpus loss {}", corpus_loss(&trainer));
    Ok(())
}

/// The held-out cartridge files' loss, with their number, or why there is none.
fn corpus_loss(trainer: &Trainer) -> String {
    match trainer.evaluate_pairs(8) {
        Ok(loss) => format!("{loss:.3} ({} files)", trainer.heldout_pair_names().len()),
        Err(e) => format!("n/a ({e})"),
    }
}

/// The cartridge corpus at `dir` as pairs (none when `dir` does not exist); its files leave
/// the text `corpus`, so that held-out files are never trained on.
fn cartridge_pairs(dir: &Path, corpus: &mut Corpus) -> anyhow::Result<Vec<Pair>> {
    let dropped = corpus.remove_sources_under("training_data/cartridges");
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let loaded = x402_cartridge::corpus::load(dir)
        .with_context(|| format!("reading the cartridge corpus {}", dir.display()))?;
    let pairs: Vec<Pair> = loaded
        .files
        .iter()
        .map(|f| Pair {
            name: f.slug.clone(),
            instruction: f.instruction.clone(),
            code: f.code().to_string(),
        })
        .collect();
    let held = pairs.iter().filter(|p| pairs::held_out(&p.name)).count();
    eprintln!(
        "cartridge corpus: {} files ({} trained on, {held} held out; {} invalid files skipped, \
         {dropped} text chunks of it left out of the stream)",
        pairs.len(),
        pairs.len() - held,
        loaded.errors.len()
    );
    Ok(pairs)
}

/// A tokenizer trained on the text corpus and the training side of the pairs.
fn tokenizer(corpus: &Corpus, pairs: &[Pair]) -> anyhow::Result<Bpe> {
    let started = Instant::now();
    let mut texts = corpus.texts();
    let (train, _) = pairs::split(pairs);
    texts.extend(
        train
            .iter()
            .map(|p| format!("{}\n{}", p.instruction, p.code)),
    );
    let bpe = Bpe::train(&texts, BPE_VOCAB)?;
    eprintln!(
        "tokenizer: {} tokens trained in {:.1} s",
        bpe.vocab_size(),
        started.elapsed().as_secs_f64()
    );
    Ok(bpe)
}

/// `bench models` training section: target tokens/s of the unified model on this corpus.
pub fn bench(steps: usize) -> anyhow::Result<()> {
    let mut corpus = Corpus::collect(&[PathBuf::from(".")])?;
    let pairs = cartridge_pairs(Path::new("training_data/cartridges"), &mut corpus)?;
    let tokenizer = tokenizer(&corpus, &pairs)?;
    let config = TrainConfig {
        steps: steps + 1,
        ..TrainConfig::default()
    };
    let mut trainer = Trainer::new(UnifiedConfig::default(), config, &tokenizer, &corpus)?;
    trainer.set_pairs(&pairs)?;
    println!(
        "\n## Unified model training ({} parameters, batch {} x ({} source + {} target) tokens, \
         {} threads)",
        trainer.model().num_params(),
        config.batch,
        config.src_len,
        config.tgt_len,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    trainer.step()?; // warm-up
    let started = Instant::now();
    let mut tokens = 0;
    for _ in 0..steps {
        tokens += trainer.step()?.target_tokens;
    }
    let took = started.elapsed().as_secs_f64();
    println!("| steps | s/step | target tok/s | (source + target) tok/s | held-out corpus loss |");
    println!("|---|---|---|---|---|");
    println!(
        "| {steps} | {:.2} | {:.0} | {:.0} | {} |",
        took / steps as f64,
        tokens as f64 / took,
        (tokens + steps * config.batch * config.src_len) as f64 / took,
        corpus_loss(&trainer)
    );
    Ok(())
}
