//! Command line of `x402-node`. Every `run` flag can also be set from an environment variable.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use libp2p::Multiaddr;

/// One binary, a full peer of the tempo-x402 swarm.
///
/// With no subcommand, `x402-node` runs a node (same as `x402-node run`).
#[derive(Debug, Parser)]
#[command(name = "x402-node", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// What to do (default: run a node).
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Flags of `run`, accepted without the subcommand too.
    #[command(flatten)]
    pub run: RunArgs,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a swarm node: p2p gossip, queen election, cognitive loop and HTTP gateway.
    Run(RunArgs),
    /// Start a local swarm of N nodes as child processes; Ctrl-C stops them all.
    Devnet(DevnetArgs),
    /// Join as a light peer and print every message of one topic as a JSON line.
    Subscribe(SubscribeArgs),
    /// Print a readable summary of a node's `/swarm/status`.
    Status(StatusArgs),
    /// Reproducible benchmarks (figures go to BENCHMARKS.md).
    #[command(subcommand)]
    Bench(BenchCommand),
}

/// Flags of `x402-node run`.
#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// Directory for the node key, sled database and peer cache.
    #[arg(long, env = "X402_DATA_DIR", default_value = "x402-data")]
    pub data_dir: PathBuf,
    /// Address of the HTTP gateway.
    #[arg(long, env = "X402_HTTP", default_value = "0.0.0.0:4023")]
    pub http: SocketAddr,
    /// Gateway URL announced to peers (default: derived from --http).
    #[arg(long, env = "X402_GATEWAY_URL")]
    pub gateway_url: Option<String>,
    /// libp2p listen address; repeatable, or comma separated in the env var.
    #[arg(
        long,
        env = "X402_LISTEN",
        value_delimiter = ',',
        default_values_t = default_listen()
    )]
    pub listen: Vec<Multiaddr>,
    /// Peer to join through, e.g. /ip4/1.2.3.4/tcp/4024/p2p/12D3Koo...; repeatable or comma separated.
    #[arg(long, env = "X402_BOOTSTRAP", value_delimiter = ',')]
    pub bootstrap: Vec<Multiaddr>,
    /// Node name shown to peers (default: node-<last 6 chars of the peer id>).
    #[arg(long, env = "X402_NAME")]
    pub name: Option<String>,
    /// Discover peers on the LAN with mDNS.
    #[arg(long, env = "X402_MDNS")]
    pub mdns: bool,
    /// Swarm name: namespaces gossip topics and the private Kademlia protocol.
    #[arg(long, env = "X402_SWARM", default_value = x402_p2p::DEFAULT_SWARM)]
    pub swarm: String,
}

fn default_listen() -> Vec<Multiaddr> {
    vec![
        "/ip4/0.0.0.0/tcp/4024".parse().expect("valid multiaddr"),
        "/ip4/0.0.0.0/udp/4024/quic-v1"
            .parse()
            .expect("valid multiaddr"),
    ]
}

/// Flags of `x402-node devnet`.
#[derive(Debug, Clone, Args)]
pub struct DevnetArgs {
    /// Number of nodes.
    #[arg(long, default_value_t = 5)]
    pub nodes: usize,
    /// Folder holding one data dir per node (node-0, node-1, ...) and their logs.
    #[arg(long, default_value = ".devnet")]
    pub dir: PathBuf,
    /// HTTP port of node 0; node i uses this + i.
    #[arg(long, default_value_t = 4023)]
    pub http_port: u16,
    /// libp2p port (TCP and QUIC) of node 0; node i uses this + i.
    #[arg(long, default_value_t = 4100)]
    pub p2p_port: u16,
    /// Swarm name.
    #[arg(long, default_value = x402_p2p::DEFAULT_SWARM)]
    pub swarm: String,
}

/// Flags of `x402-node subscribe`.
#[derive(Debug, Clone, Args)]
pub struct SubscribeArgs {
    /// Topic: members, queen, bloch, pheromones, psi or probe (or its full name).
    #[arg(long)]
    pub topic: String,
    /// Peer to join through; repeatable.
    #[arg(long, env = "X402_BOOTSTRAP", value_delimiter = ',', required = true)]
    pub bootstrap: Vec<Multiaddr>,
    /// Swarm name.
    #[arg(long, env = "X402_SWARM", default_value = x402_p2p::DEFAULT_SWARM)]
    pub swarm: String,
}

/// Flags of `x402-node status`.
#[derive(Debug, Clone, Args)]
pub struct StatusArgs {
    /// Gateway of the node to ask.
    #[arg(long, env = "X402_GATEWAY", default_value = "http://127.0.0.1:4023")]
    pub gateway: String,
    /// Print the raw JSON instead of the summary.
    #[arg(long)]
    pub json: bool,
}

/// Benchmarks.
#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Start N nodes on loopback and measure join time, gossip latency and queen failover.
    Swarm(BenchSwarmArgs),
}

/// Flags of `x402-node bench swarm`.
#[derive(Debug, Clone, Args)]
pub struct BenchSwarmArgs {
    /// Number of nodes.
    #[arg(long, default_value_t = 20)]
    pub nodes: usize,
    /// 1 KiB probe messages to publish.
    #[arg(long, default_value_t = 200)]
    pub messages: u64,
    /// Aggregate publish rate, messages per second.
    #[arg(long, default_value_t = 50)]
    pub rate: u64,
    /// Queen kills (SIGKILL) to time.
    #[arg(long, default_value_t = 3)]
    pub kills: usize,
    /// Folder for the nodes' data dirs (wiped first).
    #[arg(long, default_value = ".bench")]
    pub dir: PathBuf,
    /// HTTP port of node 0.
    #[arg(long, default_value_t = 5023)]
    pub http_port: u16,
    /// libp2p port of node 0.
    #[arg(long, default_value_t = 5200)]
    pub p2p_port: u16,
}
