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
    Run(Box<RunArgs>),
    /// Start a local swarm of N nodes as child processes; Ctrl-C stops them all.
    Devnet(DevnetArgs),
    /// Join as a light peer and print every message of one topic as a JSON line.
    Subscribe(SubscribeArgs),
    /// Print a readable summary of a node's `/swarm/status`.
    Status(StatusArgs),
    /// Reproducible benchmarks (figures go to BENCHMARKS.md).
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Manage a node's WASM cartridges over HTTP (new, deploy, list, rollback, delete), and
    /// verify the training corpus locally (verify-corpus).
    Cartridge(crate::cartridge_cli::CartridgeArgs),
    /// Request a URL and pay its HTTP 402 (x402 v2, exact/Permit2 or tempo-tip20) with a wallet.
    Pay(crate::pay_cli::PayArgs),
    /// The model-weight blobs of a running node: list, get HASH.
    Blobs(crate::blobs_cli::BlobsArgs),
    /// Train the unified model on this workspace's code and training_data/ and write a checkpoint.
    Train(crate::train::TrainArgs),
    /// The soul of a running node: status, nudge (give it a goal), chat.
    Soul(crate::soul_agent::cli::SoulArgs),
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
    /// Sustained HTTP requests per second accepted from one client IP (bursts of twice as
    /// many); past it the gateway answers 429. `/health` is exempt.
    #[arg(long, env = "X402_HTTP_RATE_PER_IP", default_value_t = 200.0)]
    pub http_rate_per_ip: f64,
    /// Seconds a request's headers may take to arrive (slow clients are cut off).
    #[arg(long, env = "X402_HTTP_HEADER_TIMEOUT", default_value_t = 10)]
    pub http_header_timeout: u64,
    /// Seconds a connection may stay without a byte read or written before it is closed.
    #[arg(long, env = "X402_HTTP_IDLE_TIMEOUT", default_value_t = 60)]
    pub http_idle_timeout: u64,
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
    /// Chain JSON-RPC URL (default: Tempo Moderato).
    #[arg(long, env = "X402_CHAIN_RPC", default_value = x402_identity::MODERATO_RPC)]
    pub chain_rpc: String,
    /// Treat --chain-rpc as a dev chain (an anvil you started): fund from its dev accounts,
    /// deploy the registry and proxy, insecure keystore password when none is given. Refused
    /// on Moderato's or mainnet's chain id.
    #[arg(long, env = "X402_CHAIN_IS_DEV", conflicts_with = "offline")]
    pub chain_is_dev: bool,
    /// Start a local Tempo replica (anvil in Tempo mode) for this node and use it.
    #[arg(long, env = "X402_DEV_CHAIN", conflicts_with = "offline")]
    pub dev_chain: bool,
    /// Run the p2p side only: no wallet, no chain, no registry.
    #[arg(long, env = "X402_OFFLINE")]
    pub offline: bool,
    /// File holding the keystore password (else env X402_WALLET_PASSWORD; dev chains fall back
    /// to a documented insecure default).
    #[arg(long, env = "X402_WALLET_PASSWORD_FILE")]
    pub wallet_password_file: Option<PathBuf>,
    /// File holding an existing wallet private key (hex) to use instead of the keystore.
    #[arg(long, env = "X402_WALLET_KEY_FILE")]
    pub wallet_key_file: Option<PathBuf>,
    /// ERC-8004 identity registry address (default: the chain profile's).
    #[arg(long, env = "X402_IDENTITY_REGISTRY")]
    pub identity_registry: Option<alloy::primitives::Address>,
    /// JSON file of paid routes (default: <data-dir>/paid-routes.json if present); the demo
    /// route GET /paid/hello ($0.001) is always sold.
    #[arg(long, env = "X402_PAID_ROUTES")]
    pub paid_routes: Option<PathBuf>,
    /// Most the soul may spend paying other peers over x402 in a rolling day (dollars, e.g.
    /// $0.05): its spending tool refuses, before signing, any payment beyond it.
    #[arg(long, env = "X402_SOUL_BUDGET", default_value = "$0.05")]
    pub soul_budget: x402_payments::Price,
    /// Most one payment of the soul may cost (dollars).
    #[arg(long, env = "X402_SOUL_MAX_PER_REQUEST", default_value = "$0.01")]
    pub soul_max_per_request: x402_payments::Price,
    /// Ignore gossip from peers without a valid on-chain registration.
    #[arg(long, env = "X402_REQUIRE_REGISTRATION")]
    pub require_registration: bool,
    /// UDP address of the iroh-blobs endpoint that serves and fetches model weights.
    #[arg(long, env = "X402_BLOBS_LISTEN", default_value = "0.0.0.0:0")]
    pub blobs_listen: SocketAddr,
    /// How the queen combines workers' updates: trimmed-mean[:beta], median or fedavg.
    #[arg(long, env = "X402_AGGREGATION", default_value = "trimmed-mean:0.2")]
    pub aggregation: x402_federation::Rule,
    /// Share of one CPU core that background training may use on average, in (0, 1].
    #[arg(long, env = "X402_TRAIN_CPU", default_value_t = 0.25, value_parser = cpu_share)]
    pub train_cpu: f64,
    /// Training steps per federated round.
    #[arg(long, env = "X402_TRAIN_STEPS", default_value_t = 20)]
    pub train_steps: usize,
    /// This node's solver in colony IQ sessions (`local`: the node's own model in
    /// <data-dir>/model, from `x402-node train`; without one its share is reported as solver
    /// errors).
    #[arg(long, env = "X402_IQ_SOLVER", value_enum, default_value = "local")]
    pub iq_solver: crate::iq_bench::SolverKind,
    /// Seed and share of problems the subset solver passes (`--iq-solver subset`).
    #[arg(long, env = "X402_IQ_SUBSET", default_value = "0:50")]
    pub iq_subset: crate::iq_bench::SubsetSpec,
    /// As queen, open a colony IQ session over every problem this often, in seconds (0: only on
    /// request, `POST /admin/iq/sessions`).
    #[arg(long, env = "X402_IQ_EVERY", default_value_t = 0)]
    pub iq_every: u64,
    /// Benchmark problems folder (default: benchmarks/problems of the source tree).
    #[arg(long, env = "X402_IQ_PROBLEMS_DIR")]
    pub iq_problems_dir: Option<PathBuf>,
    /// The LLM endpoint: of the llm solver (`--iq-solver llm`) and of `--llm openai|gemini`.
    #[command(flatten)]
    pub llm: crate::iq_bench::LlmArgs,
    /// The soul's agent loop: `on` observes, sets goals, plans and acts through its tools;
    /// `off` keeps its state and routes but does not act.
    #[arg(long, env = "X402_SOUL", value_enum, default_value = "on")]
    pub soul: crate::soul_agent::SoulMode,
    /// Seconds between the soul's cycles when idle (2 s while a plan runs, or this if shorter).
    #[arg(long, env = "X402_SOUL_INTERVAL", default_value_t = 30)]
    pub soul_interval: u64,
    /// Deadline of one soul step in seconds (a cartridge compile is one step).
    #[arg(long, env = "X402_SOUL_STEP_TIMEOUT", default_value_t = 360)]
    pub soul_step_timeout: u64,
    /// Cartridge corpus the soul deploys from (`<tier>/<name>.rs`; default:
    /// training_data/cartridges when it exists, else the built-in template).
    #[arg(long, env = "X402_SOUL_CORPUS")]
    pub soul_corpus: Option<PathBuf>,
    /// The node's LLM provider (docs/llm.md).
    #[command(flatten)]
    pub llm_provider: crate::llm::LlmProviderArgs,
}

fn cpu_share(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|e| format!("{e}"))?;
    if v > 0.0 && v <= 1.0 {
        Ok(v)
    } else {
        Err(format!("{v} is not in (0, 1]"))
    }
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
    /// Run the nodes without a chain (p2p only) instead of one shared local anvil.
    #[arg(long)]
    pub offline: bool,
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
    /// Calls/s through the cartridge routes vs a plain axum handler, side by side.
    Cartridge(crate::cartridge_bench::BenchCartridgeArgs),
    /// The facilitator on a local anvil: unpaid 402s, verify-only latency and paid requests/s
    /// with settlement, side by side.
    Payments(crate::payments_bench::BenchPaymentsArgs),
    /// Models: colony vs solo nodes, aggregation and validation time, blob fetch MiB/s,
    /// training tokens/s.
    Models(crate::models_bench::BenchModelsArgs),
    /// Hostile HTTP clients (idle sockets, slowloris, unread blob downloads, SSE) against one
    /// node: /health latency of another client and the node's memory during each.
    Gateway(crate::gateway_bench::BenchGatewayArgs),
    /// Colony IQ: a solver's solutions to the Rust problems in benchmarks/problems, built and
    /// tested in a sandbox, scored as an IQ (85 none pass .. 150 all pass).
    Iq(crate::iq_bench::BenchIqArgs),
    /// The embedded LLM (SmolLM2-135M GGUF in candle): load time, prefill and decode tokens/s,
    /// and one chat through the guarded provider.
    Llm(crate::llm::BenchLlmArgs),
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
