//! `x402-node bench gateway --soul`: the gateway's latency with the soul's agent off vs on
//! while it deploys cartridges, and the soul's own cycle durations. Figures go to
//! BENCHMARKS.md.
//!
//! One offline node at a time (`--llm none`, an empty corpus): first `--soul off`, then
//! `--soul on` nudged every 2 s to deploy a new cartridge from the built-in template (each a
//! sandboxed compile, smoke test and deploy). Meanwhile a client times `/health` on fresh
//! connections every 25 ms. Then the nudges stop and the soul is left 15 s to finish and
//! idle, and its cycle durations are read from `/soul/status.pacing`.

use std::time::{Duration, Instant};

use anyhow::Context;

use crate::gateway_bench::BenchGatewayArgs;
use crate::local_swarm::{LocalSwarm, LocalSwarmConfig};

struct Row {
    mode: &'static str,
    p50: f64,
    p99: f64,
    probes: usize,
    failed: usize,
    pacing: serde_json::Value,
    counters: serde_json::Value,
}

/// Runs the comparison and prints a table.
pub async fn run(args: BenchGatewayArgs) -> anyhow::Result<()> {
    let mut rows = Vec::new();
    for mode in ["off", "on"] {
        rows.push(one(&args, mode).await?);
    }
    println!(
        "{:<10} {:>7} {:>9} {:>9} {:>7}   soul cycles",
        "soul", "probes", "p50 ms", "p99 ms", "failed"
    );
    for r in &rows {
        println!(
            "{:<10} {:>7} {:>9.2} {:>9.2} {:>7}   {}",
            r.mode,
            r.probes,
            r.p50,
            r.p99,
            r.failed,
            cycles(&r.pacing)
        );
    }
    let (off, on) = (&rows[0], &rows[1]);
    println!(
        "ratio on/off: p50 {:.2}x, p99 {:.2}x; soul on: {} cycles, {} outcomes ({} ok), {} goals completed",
        on.p50 / off.p50,
        on.p99 / off.p99,
        on.counters["cycles"],
        on.counters["outcomes_total"],
        on.counters["outcomes_ok"],
        on.counters["goals_completed"]
    );
    Ok(())
}

/// "busy n, p50 X, max Y; idle n, p50 X, max Y" of the soul's cycle durations.
fn cycles(pacing: &serde_json::Value) -> String {
    let summary = |key: &str| {
        let mut v: Vec<u64> = pacing[key]
            .as_array()
            .map(|a| a.iter().filter_map(|x| x.as_u64()).collect())
            .unwrap_or_default();
        v.sort_unstable();
        match (v.get(v.len() / 2), v.last()) {
            (Some(mid), Some(max)) => format!("n {}, p50 {mid} ms, max {max} ms", v.len()),
            _ => "none".into(),
        }
    };
    format!(
        "busy: {}; idle: {}",
        summary("busy_cycles_ms"),
        summary("idle_cycles_ms")
    )
}

async fn one(args: &BenchGatewayArgs, mode: &'static str) -> anyhow::Result<Row> {
    let dir = args.dir.join(format!("soul-{mode}"));
    let _ = std::fs::remove_dir_all(&dir);
    let corpus = dir.join("empty-corpus");
    std::fs::create_dir_all(&corpus)?;
    let mut swarm = LocalSwarm::start(
        LocalSwarmConfig {
            dir: dir.clone(),
            http_port: args.http_port,
            p2p_port: args.http_port + 1000,
            swarm: format!("x402-bench-soul-{mode}"),
            chain_rpc: None,
            train_cpu: Some(0.05),
            extra_args: [
                "--soul",
                mode,
                "--soul-interval",
                "1",
                "--llm",
                "none",
                "--soul-corpus",
                corpus.to_str().context("corpus path")?,
            ]
            .map(String::from)
            .to_vec(),
        },
        1,
    )
    .await?;
    let url = swarm.nodes[0].http_url.clone();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .timeout(Duration::from_secs(10))
        .build()?;
    let deadline = Instant::now() + Duration::from_secs(60);
    while !client
        .get(format!("{url}/health"))
        .send()
        .await
        .is_ok_and(|r| r.status().is_success())
    {
        anyhow::ensure!(Instant::now() < deadline, "node not ready within 60 s");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let token = std::fs::read_to_string(dir.join("node-0/admin.token"))
        .context("reading the admin token")?
        .trim()
        .to_string();
    let nudger = (mode == "on").then(|| {
        let (client, url, token) = (client.clone(), url.clone(), token.clone());
        tokio::spawn(async move {
            for i in 0.. {
                let _ = client
                    .post(format!("{url}/soul/nudge"))
                    .bearer_auth(&token)
                    .json(&serde_json::json!({ "text": format!("deploy cartridge bench-{i}") }))
                    .send()
                    .await;
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
        })
    });
    // Let the first compile start.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let end = Instant::now() + Duration::from_secs(args.soul_secs.max(1));
    let mut times = Vec::new();
    let mut failed = 0;
    while Instant::now() < end {
        let start = Instant::now();
        match client.get(format!("{url}/health")).send().await {
            Ok(r) if r.status().is_success() => times.push(start.elapsed()),
            _ => failed += 1,
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    if let Some(n) = nudger {
        n.abort();
        // No more nudges: the soul finishes its goals and idles (its idle cycles).
        tokio::time::sleep(Duration::from_secs(15)).await;
    }
    let status: serde_json::Value = client
        .get(format!("{url}/soul/status"))
        .send()
        .await?
        .json()
        .await?;
    swarm.stop_all().await;
    times.sort();
    let pct = |p: f64| {
        times
            .get(((times.len() as f64 * p) as usize).min(times.len().saturating_sub(1)))
            .map_or(f64::NAN, |d| d.as_secs_f64() * 1e3)
    };
    Ok(Row {
        mode,
        p50: pct(0.5),
        p99: pct(0.99),
        probes: times.len() + failed,
        failed,
        pacing: status["pacing"].clone(),
        counters: status["counters"].clone(),
    })
}
