//! `x402-node bench swarm`: join time, gossip latency and queen failover of N local nodes.
//!
//! Everything runs on this machine: N `x402-node run` processes on loopback, plus this process
//! as a light peer that publishes 1 KiB probes. Latency is `received_ms - sent_ms` as stamped by
//! each receiving node at validation (same clock), read from the nodes' `/swarm/events`; loss is
//! counted from each node's `x402_gossip_messages_in_total{topic="probe"}`.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use futures::StreamExt;
use serde_json::Value;
use x402_p2p::envelope::ProbeBody;
use x402_p2p::network::Participation;
use x402_p2p::{Network, NetworkConfig, Payload, SwarmTopic};

use crate::cli::BenchSwarmArgs;
use crate::local_swarm::{LocalSwarm, LocalSwarmConfig, agreed_queen, status_all};

/// Runs the benchmark and prints the figures.
pub async fn swarm(args: BenchSwarmArgs) -> anyhow::Result<()> {
    if args.nodes < 2 {
        bail!("--nodes must be at least 2");
    }
    let _ = std::fs::remove_dir_all(&args.dir);
    let client = reqwest::Client::new();
    let started = Instant::now();
    let mut swarm = LocalSwarm::start(
        LocalSwarmConfig {
            dir: args.dir.clone(),
            http_port: args.http_port,
            p2p_port: args.p2p_port,
            swarm: "x402-bench".into(),
            chain_rpc: None,
            train_cpu: None,
            extra_args: Vec::new(),
        },
        args.nodes,
    )
    .await?;
    let result = run(&args, &client, &mut swarm, started).await;
    swarm.stop_all().await;
    result
}

async fn run(
    args: &BenchSwarmArgs,
    client: &reqwest::Client,
    swarm: &mut LocalSwarm,
    started: Instant,
) -> anyhow::Result<()> {
    let urls: Vec<String> = swarm.nodes.iter().map(|n| n.http_url.clone()).collect();
    wait_formed(client, &urls, Duration::from_secs(120)).await?;
    let join = started.elapsed();
    println!(
        "join:     {} nodes listed each other and agreed on a queen {:.2} s after start",
        args.nodes,
        join.as_secs_f64()
    );

    let latency = latency(args, client, swarm).await?;
    println!(
        "delivery: {} probes x {} nodes, 1 KiB, {} msg/s: p50 {} ms, p99 {} ms, max {} ms \
         ({} deliveries timed), lost {} (from the nodes' message counters)",
        args.messages,
        args.nodes,
        args.rate,
        latency.p50,
        latency.p99,
        latency.max,
        latency.sampled,
        latency.lost
    );

    let mut failovers = Vec::new();
    for _ in 0..args.kills {
        failovers.push(failover(client, swarm).await?);
    }
    let secs: Vec<String> = failovers
        .iter()
        .map(|d| format!("{:.2}", d.as_secs_f64()))
        .collect();
    println!(
        "failover: queen SIGKILL -> survivors agree on a new queen: {} s",
        secs.join(", ")
    );
    Ok(())
}

struct Latency {
    /// Deliveries whose latency was read (SSE readers may skip some under load).
    sampled: u64,
    p50: u64,
    p99: u64,
    max: u64,
    lost: u64,
}

/// Probe messages each node has accepted, from its `/metrics`.
async fn probes_received(client: &reqwest::Client, swarm: &LocalSwarm) -> anyhow::Result<u64> {
    let mut total = 0;
    for node in &swarm.nodes {
        let text = client
            .get(format!("{}/metrics", node.http_url))
            .send()
            .await?
            .text()
            .await?;
        total += text
            .lines()
            .filter(|l| {
                l.starts_with("x402_gossip_messages_in_total") && l.contains("topic=\"probe\"")
            })
            .filter_map(|l| l.rsplit(' ').next()?.parse::<u64>().ok())
            .sum::<u64>();
    }
    Ok(total)
}

async fn latency(
    args: &BenchSwarmArgs,
    client: &reqwest::Client,
    swarm: &LocalSwarm,
) -> anyhow::Result<Latency> {
    // Listen on every node's probe events.
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(usize, u64, u64)>();
    let mut readers = Vec::new();
    for node in &swarm.nodes {
        let resp = reqwest::get(format!("{}/swarm/events?topic=probe", node.http_url))
            .await?
            .error_for_status()?;
        let tx = tx.clone();
        let index = node.index;
        readers.push(tokio::spawn(async move {
            let mut body = resp.bytes_stream();
            let mut buf = String::new();
            while let Some(Ok(chunk)) = body.next().await {
                buf.push_str(&String::from_utf8_lossy(&chunk));
                while let Some(pos) = buf.find('\n') {
                    let line: String = buf.drain(..=pos).collect();
                    let Some(data) = line.trim_end().strip_prefix("data:") else {
                        continue;
                    };
                    let Ok(v) = serde_json::from_str::<Value>(data.trim()) else {
                        continue;
                    };
                    let (Some(id), Some(sent), Some(received)) = (
                        v["body"]["id"].as_u64(),
                        v["sent_ms"].as_u64(),
                        v["received_ms"].as_u64(),
                    ) else {
                        continue;
                    };
                    let _ = tx.send((index, id, received.saturating_sub(sent)));
                }
            }
        }));
    }
    drop(tx);

    // This process joins as a light peer connected to every node and publishes the probes.
    let bootstrap = swarm
        .nodes
        .iter()
        .map(|n| {
            format!(
                "/ip4/127.0.0.1/tcp/{}/p2p/{}",
                args.p2p_port as usize + n.index,
                n.peer_id
            )
            .parse()
        })
        .collect::<Result<Vec<_>, _>>()?;
    let stop = tokio_util::sync::CancellationToken::new();
    let (network, task) = Network::spawn(
        NetworkConfig::new(libp2p::identity::Keypair::generate_ed25519())
            .swarm("x402-bench")
            .bootstrap(bootstrap)
            .participation(Participation::Light {
                topics: vec![SwarmTopic::Probe],
            }),
        stop.clone(),
    )?;
    let deadline = Instant::now() + Duration::from_secs(30);
    while network.view().connected_peers < swarm.nodes.len() {
        if Instant::now() > deadline {
            bail!("bench peer could not connect to every node");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Subscriptions are exchanged on connect; give the mesh one heartbeat.
    tokio::time::sleep(Duration::from_secs(2)).await;

    let received_before = probes_received(client, swarm).await?;
    let data = "x".repeat(1024 - 160);
    let mut ticker = tokio::time::interval(Duration::from_secs_f64(1.0 / args.rate.max(1) as f64));
    for id in 0..args.messages {
        ticker.tick().await;
        network
            .publish(Payload::Probe(ProbeBody {
                id,
                data: data.clone(),
            }))
            .await
            .context("publish probe")?;
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    let received = probes_received(client, swarm).await? - received_before;
    stop.cancel();
    let _ = task.await;
    for r in readers {
        r.abort();
    }

    let mut samples = Vec::new();
    let mut seen: HashMap<(usize, u64), ()> = HashMap::new();
    while let Ok((node, id, ms)) = rx.try_recv() {
        if seen.insert((node, id), ()).is_none() {
            samples.push(ms);
        }
    }
    let expected = args.messages * swarm.nodes.len() as u64;
    samples.sort_unstable();
    let pct = |p: f64| -> u64 {
        if samples.is_empty() {
            return 0;
        }
        samples[((samples.len() as f64 - 1.0) * p).round() as usize]
    };
    Ok(Latency {
        p50: pct(0.5),
        p99: pct(0.99),
        max: samples.last().copied().unwrap_or(0),
        lost: expected.saturating_sub(received),
        sampled: samples.len() as u64,
    })
}

async fn wait_formed(
    client: &reqwest::Client,
    urls: &[String],
    timeout: Duration,
) -> anyhow::Result<(String, u64)> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(q) = agreed_queen(client, urls).await {
            return Ok(q);
        }
        if Instant::now() > deadline {
            bail!("swarm did not form within {timeout:?}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn failover(client: &reqwest::Client, swarm: &mut LocalSwarm) -> anyhow::Result<Duration> {
    let urls: Vec<String> = swarm.nodes.iter().map(|n| n.http_url.clone()).collect();
    let (queen, term) = wait_formed(client, &urls, Duration::from_secs(60)).await?;
    let qi = swarm
        .nodes
        .iter()
        .position(|n| n.peer_id.to_base58() == queen)
        .context("queen is not one of the nodes")?;
    let survivors: Vec<String> = urls
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != qi)
        .map(|(_, u)| u.clone())
        .collect();
    let killed = Instant::now();
    swarm.nodes[qi].kill().await;
    let deadline = killed + Duration::from_secs(60);
    let elapsed = loop {
        // Only the queen matters here: survivors still list the dead node until it expires.
        let mut queens: Vec<(String, u64)> = Vec::new();
        let mut all = true;
        for st in status_all(client, &survivors).await {
            match st.and_then(|s| {
                Some((
                    s["queen"]["peer_id"].as_str()?.to_string(),
                    s["queen"]["term"].as_u64()?,
                ))
            }) {
                Some(q) => queens.push(q),
                None => all = false,
            }
        }
        queens.sort();
        queens.dedup();
        if all && queens.len() == 1 && queens[0].0 != queen && queens[0].1 > term {
            break killed.elapsed();
        }
        if Instant::now() > deadline {
            bail!("no new queen within 60 s of killing {queen}");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    swarm.restart(qi).await?;
    Ok(elapsed)
}
