//! `x402-node bench iq`: the Colony IQ benchmark (crate `x402-benchmarks`): a solver's candidates
//! for the Rust problems, built and tested in the sandboxed harness, scored as an IQ.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use rand::seq::IndexedRandom;
use serde::Serialize;
use x402_benchmarks::session::{Progress, SessionReport};
use x402_benchmarks::{
    Harness, HarnessConfig, LlmSolver, Outcome, Problem, ReferenceSolver, ResultStore, Slug,
    StarterSolver, Tier, Toolchain, run_session,
};

/// Which solver writes the candidates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SolverKind {
    /// The problems' reference solutions (every problem should pass: IQ 150).
    Reference,
    /// The problems' starters (every problem should fail: IQ 85).
    Starter,
    /// An OpenAI-compatible chat-completions endpoint (--llm-url, --llm-model).
    Llm,
    /// The node's own unified model (the checkpoint `x402-node train` writes to
    /// <data-dir>/model), its code decoder.
    Local,
    /// A fixed pseudo-random subset passes (--subset SEED:PERCENT): the reference solution of
    /// those problems, the starter of the others.
    Subset,
}

/// The LLM endpoint: of the llm solver (`bench iq --solver llm`, `run --iq-solver llm`) and of
/// the node's provider (`run --llm openai|gemini`, see `crate::llm`).
#[derive(Debug, Clone, Args)]
pub struct LlmArgs {
    /// Endpoint: OpenAI-compatible chat completions, e.g. http://127.0.0.1:8080/v1 (required by
    /// the llm solver and `--llm openai`), or the Gemini base URL (default Google's).
    #[arg(long, env = "X402_LLM_URL")]
    pub llm_url: Option<String>,
    /// Model name sent to the endpoint.
    #[arg(long, env = "X402_LLM_MODEL")]
    pub llm_model: Option<String>,
    /// File holding the endpoint's API key (else env X402_LLM_API_KEY). Never logged.
    #[arg(long, env = "X402_LLM_API_KEY_FILE")]
    pub llm_api_key_file: Option<PathBuf>,
}

impl LlmArgs {
    /// The API key: the contents of --llm-api-key-file, else env `X402_LLM_API_KEY`, else none.
    pub fn api_key(&self) -> anyhow::Result<Option<x402_llm::ApiKey>> {
        if let Some(path) = &self.llm_api_key_file {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading --llm-api-key-file {}", path.display()))?;
            let key = x402_llm::ApiKey::new(&text)
                .with_context(|| format!("--llm-api-key-file {} is empty", path.display()))?;
            return Ok(Some(key));
        }
        Ok(std::env::var("X402_LLM_API_KEY")
            .ok()
            .and_then(|k| x402_llm::ApiKey::new(&k)))
    }

    /// The llm solver, with the model name; an error names the missing flag.
    pub fn solver(&self) -> anyhow::Result<(LlmSolver, String)> {
        let (Some(url), Some(model)) = (&self.llm_url, &self.llm_model) else {
            bail!("the llm solver needs --llm-url and --llm-model");
        };
        let key = self.api_key()?.map(|k| k.expose().to_owned());
        Ok((LlmSolver::new(url, model, key)?, model.clone()))
    }
}

/// `SEED:PERCENT` of the subset solver.
#[derive(Debug, Clone, Copy)]
pub struct SubsetSpec(pub x402_benchmarks::SubsetSolver);

impl std::str::FromStr for SubsetSpec {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (seed, pct) = s
            .split_once(':')
            .ok_or_else(|| format!("{s:?} is not SEED:PERCENT"))?;
        let seed: u64 = seed.parse().map_err(|e| format!("seed {seed:?}: {e}"))?;
        let pct: u8 = pct.parse().map_err(|e| format!("percent {pct:?}: {e}"))?;
        if pct > 100 {
            return Err(format!("percent {pct} is over 100"));
        }
        Ok(SubsetSpec(x402_benchmarks::SubsetSolver::new(seed, pct)))
    }
}

/// Flags of `x402-node bench iq`.
#[derive(Debug, Clone, Args)]
pub struct BenchIqArgs {
    /// Solver.
    #[arg(long, value_enum, default_value = "reference")]
    pub solver: SolverKind,
    /// Seed and share of problems the subset solver passes.
    #[arg(long, default_value = "0:50")]
    pub subset: SubsetSpec,
    /// Only problems of this tier (1..=6).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=6))]
    pub tier: Option<u8>,
    /// Only these problems (comma separated slugs).
    #[arg(long, value_delimiter = ',')]
    pub problems: Vec<String>,
    /// A random sample of N of the selected problems.
    #[arg(long)]
    pub sample: Option<usize>,
    /// Parallel test binaries and cargo jobs (default: the number of cores).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Print JSON (the session report; with --list, the problems).
    #[arg(long)]
    pub json: bool,
    /// List the selected problems instead of running them.
    #[arg(long)]
    pub list: bool,
    /// Problems folder (default: benchmarks/problems of the source tree).
    #[arg(long)]
    pub problems_dir: Option<PathBuf>,
    /// The llm solver's endpoint.
    #[command(flatten)]
    pub llm: LlmArgs,
    /// Run a colony session on the swarm of --gateway instead of a local one: the queen
    /// partitions the problems (all of them unless --problems/--tier/--sample select some)
    /// across the members, each solving with its own solver.
    #[arg(long, requires = "gateway")]
    pub colony: bool,
    /// Gateway of a node of the swarm (with --colony).
    #[arg(long)]
    pub gateway: Option<String>,
    /// Workers per problem (with --colony).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=8))]
    pub redundancy: u8,
    /// File holding that node's admin token (default: X402_ADMIN_TOKEN, else
    /// <X402_DATA_DIR or x402-data>/admin.token).
    #[arg(long)]
    pub token_file: Option<PathBuf>,
    /// Data dir: results go to <dir>/bench-iq (sled), builds to <dir>/bench-iq-work.
    #[arg(long, env = "X402_DATA_DIR", default_value = "x402-data")]
    pub data_dir: PathBuf,
}

#[derive(Serialize)]
struct Listed<'a> {
    slug: &'a Slug,
    tier: Tier,
    title: &'a str,
}

struct Bar(ProgressBar);

impl Progress for Bar {
    fn round(&self, attempt: u32, steps: u64) {
        self.0.set_length(steps);
        self.0.set_position(0);
        self.0.set_message(format!("attempt {attempt}"));
    }
    fn tick(&self, slug: &Slug) {
        self.0.inc(1);
        self.0.set_message(slug.to_string());
    }
}

fn select(args: &BenchIqArgs) -> anyhow::Result<Vec<Problem>> {
    let dir = args
        .problems_dir
        .clone()
        .unwrap_or_else(x402_benchmarks::default_problems_dir);
    let mut problems = x402_benchmarks::load_problems(&dir)
        .with_context(|| format!("loading problems from {} (--problems-dir)", dir.display()))?;
    if let Some(t) = args.tier {
        problems.retain(|p| p.tier.number() == t);
    }
    if !args.problems.is_empty() {
        for want in &args.problems {
            if !problems.iter().any(|p| p.slug.as_str() == want) {
                bail!(
                    "no problem {want:?} in {} (of the selected tier)",
                    dir.display()
                );
            }
        }
        problems.retain(|p| args.problems.iter().any(|w| w == p.slug.as_str()));
    }
    if let Some(n) = args.sample {
        let mut picked: Vec<Problem> = problems
            .choose_multiple(&mut rand::rng(), n)
            .cloned()
            .collect();
        picked.sort_by(|a, b| a.slug.cmp(&b.slug));
        problems = picked;
    }
    if problems.is_empty() {
        bail!("no problem selected");
    }
    Ok(problems)
}

/// Runs `bench iq`.
pub async fn run(args: BenchIqArgs) -> anyhow::Result<()> {
    if args.colony {
        let filtered = args.tier.is_some() || !args.problems.is_empty() || args.sample.is_some();
        let slugs = if filtered {
            select(&args)?
                .into_iter()
                .map(|p| p.slug.to_string())
                .collect()
        } else {
            Vec::new()
        };
        return crate::iq::cli::run(&args, slugs).await;
    }
    let problems = select(&args)?;
    if args.list {
        if args.json {
            let list: Vec<Listed> = problems
                .iter()
                .map(|p| Listed {
                    slug: &p.slug,
                    tier: p.tier,
                    title: &p.title,
                })
                .collect();
            println!("{}", serde_json::to_string_pretty(&list)?);
        } else {
            for p in &problems {
                println!("{:<40} tier {}  {}", p.slug, p.tier, p.title);
            }
        }
        return Ok(());
    }
    // Solver flags are checked before anything is created on disk.
    let llm = match args.solver {
        SolverKind::Llm => Some(args.llm.solver()?),
        SolverKind::Local => None,
        SolverKind::Reference | SolverKind::Starter | SolverKind::Subset => None,
    };
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
    let cfg = HarnessConfig::new(
        args.data_dir.join("bench-iq-work"),
        jobs,
        Toolchain::from_env()?,
    );
    let harness = Arc::new(Harness::new(cfg).context("starting the harness")?);
    let bar = ProgressBar::new(0).with_style(
        ProgressStyle::with_template("{elapsed:>4} [{bar:30}] {pos}/{len} {msg}")?
            .progress_chars("=> "),
    );
    let progress: Arc<dyn Progress> = Arc::new(Bar(bar.clone()));
    let report = match llm {
        Some((solver, model)) => {
            run_session(&solver, Some(model), &problems, harness, progress).await?
        }
        None if args.solver == SolverKind::Starter => {
            run_session(&StarterSolver, None, &problems, harness, progress).await?
        }
        None if args.solver == SolverKind::Local => {
            let solver = crate::iq::local::LocalModelSolver::load(&args.data_dir.join("model"))?;
            run_session(&solver, None, &problems, harness, progress).await?
        }
        None if args.solver == SolverKind::Subset => {
            run_session(&args.subset.0, None, &problems, harness, progress).await?
        }
        None => run_session(&ReferenceSolver, None, &problems, harness, progress).await?,
    };
    bar.finish_and_clear();
    let db = sled::open(args.data_dir.join("bench-iq"))
        .with_context(|| format!("opening {}", args.data_dir.join("bench-iq").display()))?;
    let id = ResultStore::open(&db)?.save(&report)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_table(&report);
        println!(
            "saved as session {id} in {}",
            args.data_dir.join("bench-iq").display()
        );
    }
    Ok(())
}

fn print_table(r: &SessionReport) {
    let s = &r.score;
    println!(
        "solver {}{}: {} problems in {:.1} s",
        r.solver,
        r.model
            .as_deref()
            .map(|m| format!(" ({m})"))
            .unwrap_or_default(),
        s.attempted,
        r.wall_ms as f64 / 1000.0
    );
    println!("tier  weight  attempted  passed  weighted");
    for t in &s.tiers {
        println!(
            "{:>4}  {:>6}  {:>9}  {:>6}  {:>3}/{:<3} {:5.1}%",
            t.tier,
            t.weight,
            t.attempted,
            t.passed,
            t.points,
            t.max_points,
            100.0 * f64::from(t.points) / f64::from(t.max_points.max(1))
        );
    }
    println!(
        " all  {:>6}  {:>9}  {:>6}  weighted {:.1}%",
        "", s.attempted, s.passed, s.weighted_percent
    );
    let mut counts = std::collections::BTreeMap::new();
    for p in &r.problems {
        *counts.entry(p.outcome.kind()).or_insert(0u32) += 1;
    }
    let counts: Vec<String> = counts.iter().map(|(k, n)| format!("{k} {n}")).collect();
    println!("outcomes: {}", counts.join(", "));
    const SHOWN: usize = 20;
    let failed: Vec<_> = r.problems.iter().filter(|p| !p.outcome.passed()).collect();
    for p in failed.iter().take(SHOWN) {
        let detail = match &p.outcome {
            Outcome::Failed { tests, .. } => format!("failed: {}", tests.join(", ")),
            Outcome::CompileError { message } => {
                format!(
                    "compile error: {}",
                    message.lines().next().unwrap_or_default()
                )
            }
            Outcome::Timeout { phase } => format!("timeout ({phase:?})"),
            Outcome::SolverError { message } => format!("solver error: {message}"),
            Outcome::Passed => "passed".to_owned(),
        };
        println!("  {} (tier {}): {detail}", p.slug, p.tier);
    }
    if failed.len() > SHOWN {
        println!("  ... and {} more (--json for all)", failed.len() - SHOWN);
    }
    println!("IQ {:.1}", s.iq);
}
