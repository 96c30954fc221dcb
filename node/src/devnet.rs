//! `x402-node devnet`: a local swarm of N nodes for trying things out.

use std::time::Duration;

use anyhow::bail;

use crate::cli::DevnetArgs;
use crate::local_swarm::{LocalSwarm, LocalSwarmConfig, agreed_queen};
use x402_identity::devchain::DevChain;

/// Starts the nodes, prints their URLs, reports when the swarm has formed, stops all on Ctrl-C.
pub async fn run(args: DevnetArgs) -> anyhow::Result<()> {
    if args.nodes == 0 || args.nodes > 200 {
        bail!("--nodes must be between 1 and 200");
    }
    // One local Tempo chain shared by every node.
    let chain = if args.offline {
        None
    } else {
        Some(DevChain::start(0).await?)
    };
    let mut swarm = LocalSwarm::start(
        LocalSwarmConfig {
            dir: args.dir.clone(),
            http_port: args.http_port,
            p2p_port: args.p2p_port,
            swarm: args.swarm.clone(),
            chain_rpc: chain.as_ref().map(|c| c.rpc.clone()),
            train_cpu: None,
            extra_args: Vec::new(),
        },
        args.nodes,
    )
    .await?;
    println!(
        "devnet: {} nodes, data and logs in {}",
        args.nodes,
        swarm.dir().display()
    );
    match &chain {
        Some(c) => println!(
            "  chain     {} (anvil, Tempo mode, chain id {})",
            c.rpc,
            x402_identity::DEV_CHAIN_ID
        ),
        None => println!("  chain     none (--offline)"),
    }
    for n in &swarm.nodes {
        println!("  node-{:<3} {}  peer {}", n.index, n.http_url, n.peer_id);
    }
    println!(
        "try: curl {}/swarm/status   or   x402-node status --gateway {}",
        swarm.nodes[0].http_url, swarm.nodes[0].http_url
    );
    println!("Ctrl-C stops every node.");

    let client = reqwest::Client::new();
    let urls: Vec<String> = swarm.nodes.iter().map(|n| n.http_url.clone()).collect();
    let watch = async {
        let mut reported = false;
        loop {
            tokio::time::sleep(Duration::from_secs(1)).await;
            if let Some(summary) = formed(&client, &urls).await {
                if !reported {
                    println!("devnet: swarm formed: {summary}");
                    reported = true;
                }
            } else {
                reported = false;
            }
        }
    };
    tokio::select! {
        _ = crate::run::shutdown_signal() => {}
        _ = watch => {}
    }
    println!("devnet: stopping {} nodes", swarm.nodes.len());
    swarm.stop_all().await;
    if let Some(chain) = chain {
        chain.stop().await;
    }
    Ok(())
}

/// When every node sees all others and all agree on one queen, a one-line summary.
pub async fn formed(client: &reqwest::Client, urls: &[String]) -> Option<String> {
    let (queen, term) = agreed_queen(client, urls).await?;
    Some(format!("{} nodes, queen {queen} (term {term})", urls.len()))
}
