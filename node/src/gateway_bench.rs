//! `x402-node bench gateway`: hostile HTTP clients against one node, and what another client
//! sees meanwhile.
//!
//! One offline node runs as a child process. For each attack (idle sockets, slowloris headers,
//! blob downloads that are never read, event streams) the attacker opens its connections from
//! 127.0.0.1 and holds them; an honest client on 127.0.0.2 then times `/health` on fresh
//! connections, and the node's resident memory is read from `/proc`. Figures go to
//! BENCHMARKS.md.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Args;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpSocket, TcpStream};

use crate::local_swarm::{LocalSwarm, LocalSwarmConfig};
use crate::swarm_status::SwarmStatus;

/// Flags of `x402-node bench gateway`.
#[derive(Debug, Clone, Args)]
pub struct BenchGatewayArgs {
    /// Data dir of the node under test (deleted first).
    #[arg(long, default_value = ".bench/gateway")]
    pub dir: PathBuf,
    /// HTTP port of the node.
    #[arg(long, default_value_t = 14723)]
    pub http_port: u16,
    /// `/health` requests timed during each attack.
    #[arg(long, default_value_t = 200)]
    pub probes: usize,
    /// Instead of the attacks: `/health` latency with the soul off vs on while it deploys
    /// cartridges (nudged every 2 s), and the soul's cycle durations (`soul_bench`).
    #[arg(long)]
    pub soul: bool,
    /// Seconds of `/health` probes per soul mode (with `--soul`).
    #[arg(long, default_value_t = 60)]
    pub soul_secs: u64,
}

struct Attack {
    name: &'static str,
    connections: usize,
    /// What each attacker connection sends (`None`: nothing at all).
    request: Option<String>,
}

/// Runs the attacks one after the other and prints a table.
pub async fn run(args: BenchGatewayArgs) -> anyhow::Result<()> {
    if args.soul {
        return crate::soul_bench::run(args).await;
    }
    let _ = std::fs::remove_dir_all(&args.dir);
    let mut swarm = LocalSwarm::start(
        LocalSwarmConfig {
            dir: args.dir.clone(),
            http_port: args.http_port,
            p2p_port: args.http_port + 1000,
            swarm: "x402-bench-gateway".into(),
            chain_rpc: None,
            train_cpu: Some(0.05),
            extra_args: Vec::new(),
        },
        1,
    )
    .await?;
    let node = &swarm.nodes[0];
    let pid = node.pid().context("node not running")?;
    let target: SocketAddr = format!("127.0.0.1:{}", args.http_port).parse()?;
    let honest = reqwest::Client::builder()
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2)))
        .pool_max_idle_per_host(0)
        .timeout(Duration::from_secs(10))
        .build()?;
    let url = node.http_url.clone();
    let status = wait_for_weights(&honest, &url).await?;
    let blob = status.weights.canonical_hash;

    let attacks = [
        Attack {
            name: "none (baseline)",
            connections: 0,
            request: None,
        },
        Attack {
            name: "idle sockets",
            connections: 1100,
            request: None,
        },
        Attack {
            name: "slowloris (partial headers)",
            connections: 200,
            request: Some("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: a".into()),
        },
        Attack {
            name: "blob downloads never read",
            connections: 800,
            request: Some(format!("GET /blobs/{blob} HTTP/1.1\r\nHost: x\r\n\r\n")),
        },
        Attack {
            name: "SSE clients",
            connections: 4000,
            request: Some("GET /swarm/events HTTP/1.1\r\nHost: x\r\n\r\n".into()),
        },
    ];
    println!(
        "{:<30} {:>6} {:>8} {:>10} {:>10} {:>8} {:>9}",
        "attack", "conns", "opened", "p50 ms", "p99 ms", "failed", "RSS MiB"
    );
    for attack in &attacks {
        let mut held = Vec::new();
        for _ in 0..attack.connections {
            let Ok(mut s) = connect(target).await else {
                continue;
            };
            if let Some(req) = &attack.request {
                let _ = s.write_all(req.as_bytes()).await;
            }
            held.push(s);
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        let mut times = Vec::new();
        let mut failed = 0;
        for _ in 0..args.probes {
            let start = Instant::now();
            match honest.get(format!("{url}/health")).send().await {
                Ok(r) if r.status().is_success() => times.push(start.elapsed()),
                _ => failed += 1,
            }
        }
        let rss = rss_mib(pid.as_raw()).unwrap_or(f64::NAN);
        times.sort();
        let pct = |p: f64| {
            times
                .get(((times.len() as f64 * p) as usize).min(times.len().saturating_sub(1)))
                .map_or(f64::NAN, |d| d.as_secs_f64() * 1e3)
        };
        println!(
            "{:<30} {:>6} {:>8} {:>10.2} {:>10.2} {:>8} {:>9.1}",
            attack.name,
            attack.connections,
            held.len(),
            pct(0.5),
            pct(0.99),
            failed,
            rss
        );
        drop(held);
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    swarm.stop_all().await;
    Ok(())
}

/// Waits until the node's status lists its canonical weights.
async fn wait_for_weights(client: &reqwest::Client, url: &str) -> anyhow::Result<SwarmStatus> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(r) = client.get(format!("{url}/swarm/status")).send().await
            && let Ok(st) = r.json::<SwarmStatus>().await
            && !st.weights.canonical_hash.is_empty()
        {
            return Ok(st);
        }
        anyhow::ensure!(
            Instant::now() < deadline,
            "node at {url} not ready within 60 s"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn connect(target: SocketAddr) -> std::io::Result<TcpStream> {
    let socket = TcpSocket::new_v4()?;
    socket.bind("127.0.0.1:0".parse().map_err(std::io::Error::other)?)?;
    tokio::time::timeout(Duration::from_secs(2), socket.connect(target))
        .await
        .map_err(std::io::Error::other)?
}

/// Resident memory of process `pid`, in MiB.
fn rss_mib(pid: i32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}
