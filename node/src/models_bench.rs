//! `x402-node bench models`: the colony experiment, aggregation and validation time, blob fetch
//! throughput and training throughput, each printed as a table for BENCHMARKS.md.

use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Args;
use x402_federation::Rule;
use x402_federation::aggregate::{Update, aggregate};
use x402_federation::experiment::Experiment;
use x402_model::Weights;
use x402_model::brain::BrainConfig;
use x402_p2p::blobs::{BlobConfig, BlobNode};

use crate::local_swarm::{LocalSwarm, LocalSwarmConfig};
use crate::swarm_status::SwarmStatus;

/// Flags of `x402-node bench models`.
#[derive(Debug, Clone, Args)]
pub struct BenchModelsArgs {
    /// Nodes in the colony experiment.
    #[arg(long, default_value_t = 4)]
    pub nodes: usize,
    /// Federated rounds.
    #[arg(long, default_value_t = 20)]
    pub rounds: usize,
    /// Local steps per round.
    #[arg(long, default_value_t = 10)]
    pub steps: usize,
    /// Training examples per node.
    #[arg(long, default_value_t = 512)]
    pub examples: usize,
    /// Give every node the same label distribution instead of a skewed shard.
    #[arg(long)]
    pub iid: bool,
    /// Updates combined in the aggregation benchmark.
    #[arg(long, default_value_t = 19)]
    pub updates: usize,
    /// Blob sizes to fetch, MiB.
    #[arg(long, value_delimiter = ',', default_values_t = vec![64u64, 100])]
    pub blob_mib: Vec<u64>,
    /// Training steps of the unified model to time.
    #[arg(long, default_value_t = 5)]
    pub train_steps: usize,
    /// `--train-cpu` shares to compare in the budget section.
    #[arg(long, value_delimiter = ',', default_values_t = vec![0.1, 0.25, 1.0])]
    pub train_cpu: Vec<f64>,
    /// Only these sections: colony, aggregate, blobs, train, budget (comma separated; default
    /// all).
    #[arg(long, value_delimiter = ',')]
    pub only: Vec<String>,
}

/// Runs the selected sections.
pub async fn run(args: BenchModelsArgs) -> anyhow::Result<()> {
    let wants = |s: &str| args.only.is_empty() || args.only.iter().any(|o| o == s);
    println!(
        "machine: {} cores",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    if wants("colony") {
        colony(&args)?;
    }
    if wants("aggregate") {
        aggregation(args.updates)?;
    }
    if wants("blobs") {
        blobs(&args.blob_mib).await?;
    }
    if wants("train") {
        crate::train::bench(args.train_steps)?;
    }
    if wants("budget") {
        budget(&args.train_cpu).await?;
    }
    Ok(())
}

/// A lone node (queen of itself: it trains, aggregates and adopts every round) under each
/// `--train-cpu`: CPU used by the whole process and gateway latency while it trains.
async fn budget(shares: &[f64]) -> anyhow::Result<()> {
    const SECONDS: u64 = 20;
    // /proc/<pid>/stat counts in USER_HZ ticks, 100 per second on Linux.
    const TICKS: f64 = 100.0;
    println!(
        "\n## Background training budget: one node, {SECONDS} s, GET /health in a loop meanwhile"
    );
    println!(
        "| --train-cpu | CPU used (cores, whole process) | rounds | /health p50 | p99 | max |"
    );
    println!("|---|---|---|---|---|---|");
    let client = reqwest::Client::new();
    for &share in shares {
        let dir = tempfile::tempdir()?;
        let mut swarm = LocalSwarm::start(
            LocalSwarmConfig {
                dir: dir.path().to_path_buf(),
                http_port: free_port()?,
                p2p_port: free_port()?,
                swarm: "x402-bench-budget".into(),
                chain_rpc: None,
                train_cpu: Some(share),
                extra_args: Vec::new(),
            },
            1,
        )
        .await?;
        let url = swarm.nodes[0].http_url.clone();
        let round = |st: SwarmStatus| Some(st.weights.round);
        let status = || async {
            client
                .get(format!("{url}/swarm/status"))
                .send()
                .await
                .ok()?
                .json::<SwarmStatus>()
                .await
                .ok()
        };
        let started = Instant::now();
        let first_round = loop {
            if let Some(r) = status().await.and_then(round).filter(|r| *r >= 1) {
                break r;
            }
            anyhow::ensure!(
                started.elapsed() < Duration::from_secs(60),
                "no round in 60 s"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        };
        let pid = swarm.nodes[0].pid().context("node exited")?;
        let cpu_before = cpu_ticks(pid.as_raw())?;
        let started = Instant::now();
        let mut latencies = Vec::new();
        while started.elapsed() < Duration::from_secs(SECONDS) {
            let t = Instant::now();
            client.get(format!("{url}/health")).send().await?;
            latencies.push(t.elapsed());
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let cores = (cpu_ticks(pid.as_raw())? - cpu_before) as f64
            / TICKS
            / started.elapsed().as_secs_f64();
        let rounds = status().await.and_then(round).unwrap_or(first_round) - first_round;
        latencies.sort();
        let at = |q: f64| latencies[((latencies.len() - 1) as f64 * q) as usize];
        println!(
            "| {share} | {cores:.2} | {rounds} | {:.1} ms | {:.1} ms | {:.1} ms |",
            at(0.5).as_secs_f64() * 1e3,
            at(0.99).as_secs_f64() * 1e3,
            at(1.0).as_secs_f64() * 1e3
        );
        swarm.stop_all().await;
    }
    Ok(())
}

/// User + system CPU ticks of process `pid`.
fn cpu_ticks(pid: i32) -> anyhow::Result<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    let rest = stat.rsplit_once(')').context("malformed /proc stat")?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    Ok(fields[11].parse::<u64>()? + fields[12].parse::<u64>()?)
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

fn colony(args: &BenchModelsArgs) -> anyhow::Result<()> {
    println!(
        "\n## Colony experiment: {} nodes, disjoint {} shards of {} examples, {} rounds x {} steps \
         x batch 32, brain 128-1024-1024-23",
        args.nodes,
        if args.iid { "IID" } else { "non-IID" },
        args.examples,
        args.rounds,
        args.steps
    );
    for rule in [Rule::default(), Rule::Median, Rule::FedAvg] {
        let experiment = Experiment {
            brain: BrainConfig::default(),
            nodes: args.nodes,
            rounds: args.rounds,
            steps_per_round: args.steps,
            batch: 32,
            examples_per_node: args.examples,
            held_out: 1024,
            non_iid: !args.iid,
            rule,
            seed: 42,
        };
        println!("\nrule {rule}: held-out loss / success accuracy / error-class accuracy");
        println!(
            "| round | best solo loss | mean solo loss | colony loss | best solo acc | colony acc | best solo err-acc | colony err-acc |"
        );
        println!("|---|---|---|---|---|---|---|---|");
        let started = Instant::now();
        let reports = experiment
            .run(|r| {
                let best = r
                    .solo
                    .iter()
                    .min_by(|a, b| a.loss.total_cmp(&b.loss))
                    .expect("nodes");
                let mean = r.solo.iter().map(|e| e.loss).sum::<f64>() / r.solo.len() as f64;
                let best_acc = r
                    .solo
                    .iter()
                    .map(|e| e.success_accuracy)
                    .fold(0.0, f64::max);
                let best_err = r.solo.iter().map(|e| e.error_accuracy).fold(0.0, f64::max);
                if r.round == 1 || r.round % 5 == 0 {
                    println!(
                        "| {} | {:.4} | {:.4} | {:.4} | {:.3} | {:.3} | {:.3} | {:.3} |",
                        r.round,
                        best.loss,
                        mean,
                        r.colony.loss,
                        best_acc,
                        r.colony.success_accuracy,
                        best_err,
                        r.colony.error_accuracy
                    );
                }
            })
            .map_err(anyhow::Error::msg)?;
        let last = reports.last().context("no rounds")?;
        let best = last
            .solo
            .iter()
            .map(|e| e.loss)
            .fold(f64::INFINITY, f64::min);
        println!(
            "final: colony loss {:.4} vs best solo {:.4} ({:+.1} %), {:.1} s",
            last.colony.loss,
            best,
            100.0 * (last.colony.loss - best) / best,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// Random weights with the unified model's architecture (scaled like an initialisation).
fn unified_like(seed: u64) -> anyhow::Result<Weights> {
    let model =
        x402_model::unified::Unified::new(x402_model::unified::UnifiedConfig::default(), seed)?;
    Ok(model.weights()?)
}

fn aggregation(n: usize) -> anyhow::Result<()> {
    let base = unified_like(1)?;
    let params = base.num_params();
    println!(
        "\n## Aggregation: {n} updates of the unified model ({params} parameters, {:.1} MiB each)",
        params as f64 * 4.0 / (1 << 20) as f64
    );
    let updates: Vec<Weights> = (0..n as u64)
        .map(|i| unified_like(100 + i))
        .collect::<anyhow::Result<_>>()?;
    // Validation of one update: hash, parse, finite check, norm.
    let bytes = updates[0].to_safetensors();
    let started = Instant::now();
    let hash = blake3::hash(&bytes);
    let parsed = Weights::from_safetensors(&bytes)?;
    let norm = parsed.l2_norm();
    let validate = started.elapsed();
    println!(
        "validate one update (blake3 {} + parse + finite + norm {norm:.1}): {:.0} ms",
        &hash.to_hex()[..8],
        validate.as_secs_f64() * 1e3
    );
    println!("| rule | time | per update |");
    println!("|---|---|---|");
    let inputs: Vec<Update<'_>> = updates
        .iter()
        .map(|weights| Update {
            weights,
            samples: 1000,
        })
        .collect();
    for rule in [Rule::FedAvg, Rule::default(), Rule::Median] {
        let started = Instant::now();
        let out = aggregate(rule, &inputs)?;
        let took = started.elapsed();
        assert_eq!(out.num_params(), params);
        println!(
            "| {rule} | {:.2} s | {:.0} ms |",
            took.as_secs_f64(),
            took.as_secs_f64() * 1e3 / n as f64
        );
    }
    Ok(())
}

async fn blobs(sizes: &[u64]) -> anyhow::Result<()> {
    println!("\n## Blob fetch over loopback (iroh-blobs, one provider, verified while streaming)");
    println!("| size | fetch | MiB/s | blake3 alone |");
    println!("|---|---|---|---|");
    let dir = tempfile::tempdir()?;
    let loopback = "127.0.0.1:0".parse()?;
    for &mib in sizes {
        let provider = BlobNode::spawn(
            BlobConfig::new(dir.path().join(format!("p{mib}")), rand::random())
                .bind(loopback)
                .max_blob_size(1 << 31),
        )
        .await?;
        let fetcher = BlobNode::spawn(
            BlobConfig::new(dir.path().join(format!("f{mib}")), rand::random())
                .bind(loopback)
                .max_blob_size(1 << 31),
        )
        .await?;
        let mut bytes = vec![0u8; (mib << 20) as usize];
        rand::fill(&mut bytes[..]);
        let started = Instant::now();
        let _ = blake3::hash(&bytes);
        let hashing = started.elapsed();
        let hash = provider.add_bytes(bytes, "bench").await?;
        fetcher.add_provider(provider.endpoint_id(), &provider.direct_addrs())?;
        let started = Instant::now();
        let size = fetcher
            .fetch(&hash, &[provider.endpoint_id()], "bench")
            .await?;
        let took = started.elapsed();
        assert_eq!(size, mib << 20);
        println!(
            "| {mib} MiB | {:.2} s | {:.0} | {:.0} ms |",
            took.as_secs_f64(),
            mib as f64 / took.as_secs_f64().max(1e-9),
            hashing.as_secs_f64() * 1e3
        );
        fetcher.shutdown().await?;
        provider.shutdown().await?;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}
