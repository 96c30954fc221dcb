//! `x402-node train`: trains the unified model on the node's own source and `training_data/`,
//! with a progress bar, and writes a checkpoint (safetensors + tokenizer + metadata).

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use x402_model::corpus::Corpus;
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
    let corpus = Corpus::collect(&args.corpus).context("reading the corpus")?;
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
        let tokenizer = tokenizer(&corpus)?;
        Trainer::new(UnifiedConfig::default(), train, &tokenizer, &corpus)?
    };
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
    Ok(())
}

fn tokenizer(corpus: &Corpus) -> anyhow::Result<Bpe> {
    let started = Instant::now();
    let bpe = Bpe::train(&corpus.texts(), BPE_VOCAB)?;
    eprintln!(
        "tokenizer: {} tokens trained in {:.1} s",
        bpe.vocab_size(),
        started.elapsed().as_secs_f64()
    );
    Ok(bpe)
}

/// `bench models` training section: target tokens/s of the unified model on this corpus.
pub fn bench(steps: usize) -> anyhow::Result<()> {
    let corpus = Corpus::collect(&[PathBuf::from(".")])?;
    let tokenizer = tokenizer(&corpus)?;
    let config = TrainConfig {
        steps: steps + 1,
        ..TrainConfig::default()
    };
    let mut trainer = Trainer::new(UnifiedConfig::default(), config, &tokenizer, &corpus)?;
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
    println!("| steps | s/step | target tok/s | (source + target) tok/s |");
    println!("|---|---|---|---|");
    println!(
        "| {steps} | {:.2} | {:.0} | {:.0} |",
        took / steps as f64,
        tokens as f64 / took,
        (tokens + steps * config.batch * config.src_len) as f64 / took
    );
    Ok(())
}
