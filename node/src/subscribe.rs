//! `x402-node subscribe`: a light libp2p peer printing one topic as JSON lines.

use std::io::Write;

use anyhow::bail;
use tokio::sync::broadcast;
use x402_p2p::network::Participation;
use x402_p2p::{Network, NetworkConfig, NetworkEvent, SwarmTopic};

use crate::cli::SubscribeArgs;

/// Prints every valid message of the topic on stdout until Ctrl-C.
pub async fn run(args: SubscribeArgs) -> anyhow::Result<()> {
    let Some(topic) = SwarmTopic::parse(&args.topic, &args.swarm) else {
        let names: Vec<_> = SwarmTopic::ALL.iter().map(|t| t.short_name()).collect();
        bail!(
            "unknown topic {:?}; topics: {}",
            args.topic,
            names.join(", ")
        );
    };
    let keypair = libp2p::identity::Keypair::generate_ed25519();
    let config = NetworkConfig::new(keypair)
        .swarm(args.swarm.clone())
        .bootstrap(args.bootstrap.clone())
        .participation(Participation::Light {
            topics: vec![topic],
        });
    let stop = tokio_util::sync::CancellationToken::new();
    let (network, task) = Network::spawn(config, stop.clone())?;
    tracing::info!(peer_id = %network.local_peer_id(), topic = %topic.full_name(&args.swarm), "subscribed");
    let mut events = network.events();
    let stdout = std::io::stdout();
    loop {
        tokio::select! {
            _ = crate::run::shutdown_signal() => break,
            event = events.recv() => match event {
                Ok(NetworkEvent::Message(inbound)) if inbound.topic == topic => {
                    let mut out = stdout.lock();
                    serde_json::to_writer(&mut out, &*inbound)?;
                    out.write_all(b"\n")?;
                    out.flush()?;
                }
                Ok(_) => {}
                Err(broadcast::error::RecvError::Lagged(n)) => {
                    tracing::warn!(missed = n, "output too slow; messages skipped");
                }
                Err(broadcast::error::RecvError::Closed) => break,
            },
        }
    }
    stop.cancel();
    let _ = task.await;
    Ok(())
}
