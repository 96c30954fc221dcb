//! The soul's agent on this node (issue 12): wires [`x402_soul::Agent`] to the node's
//! cartridges, gossip, peers and status, serves `/soul/*` and runs the loop until shutdown.
//! The loop's logic lives in the `x402-soul` crate; docs/soul.md describes it.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::watch;
use x402_cartridge::Cartridges;
use x402_p2p::NetworkHandle;
use x402_payments::budget::BudgetedPayer;
use x402_soul::{Agent, AgentConfig, Store, ToolRegistry};

use crate::cli::RunArgs;
use crate::soul::SoulState;

pub mod cli;
pub mod corpus;
pub mod http;
pub mod learn;
pub mod observe;
pub mod tools;
pub mod work;

/// Whether the loop runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SoulMode {
    /// The loop runs (status and routes are served either way).
    On,
    /// No loop: goals stay as they are.
    Off,
}

/// The soul as the gateway sees it.
#[derive(Clone)]
pub struct SoulHandle {
    /// The agent.
    pub agent: Arc<Agent>,
    /// Whether its loop runs.
    pub enabled: bool,
    /// Its view of the node (the queen's needs ride on her Psi message).
    pub observer: Arc<observe::NodeObserver>,
    /// The budgeted payer of the `pay` tool (`/soul/status.budget`).
    pub payer: Arc<BudgetedPayer>,
}

/// What the soul reaches on this node.
pub struct Parts {
    /// Gossip.
    pub network: NetworkHandle,
    /// Cognition.
    pub cognition: Arc<SoulState>,
    /// Cartridges.
    pub cartridges: Cartridges,
    /// Colony IQ.
    pub iq: crate::iq::IqHandle,
    /// Weights.
    pub weights: watch::Receiver<Arc<x402_federation::WeightsStatus>>,
    /// The LLM (none: templates only).
    pub provider: Option<Arc<dyn x402_llm::Provider>>,
    /// The budgeted payer of the `pay` tool (its wallet is set when payments start).
    pub payer: Arc<BudgetedPayer>,
    /// The federation task (`request_training`, the trainer's data).
    pub federation: Arc<x402_federation::Federation>,
    /// The blob store (the canonical weights the soul's brain predicts with).
    pub blobs: x402_p2p::blobs::BlobNode,
}

/// A spawned task with the name it is joined under.
pub type NamedTask = (&'static str, tokio::task::JoinHandle<()>);

/// Builds the agent (its state reloaded from `db`) and its brain's weight loader and, with
/// `--soul on`, spawns its loop; returns the named tasks for the caller to join.
pub fn start(
    args: &RunArgs,
    db: &sled::Db,
    parts: Parts,
    shutdown: tokio_util::sync::CancellationToken,
) -> anyhow::Result<(SoulHandle, Vec<NamedTask>)> {
    let corpus_dir = corpus::default_dir(args.soul_corpus.as_deref());
    let corpus = Arc::new(corpus::Corpus::scan(corpus_dir.as_deref()));
    let examples = Arc::new(corpus.examples());
    tracing::info!(
        corpus = corpus.names().len(),
        dir = ?corpus_dir,
        mode = ?args.soul,
        "soul agent ready"
    );
    let (brain, loader) = learn::NodeBrain::spawn(
        parts.federation.local_data(),
        parts.blobs,
        parts.weights.clone(),
        shutdown.clone(),
    );
    let field = Arc::new(learn::NodeField {
        state: parts.cognition.clone(),
    });
    let observer = Arc::new(observe::NodeObserver {
        network: parts.network.clone(),
        cognition: parts.cognition,
        cartridges: parts.cartridges.clone(),
        iq: parts.iq.clone(),
        weights: parts.weights,
        corpus: corpus.names(),
        payments: !args.offline,
    });
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let mut tools = ToolRegistry::default();
    let list: Vec<Arc<dyn x402_soul::Tool>> = vec![
        Arc::new(x402_soul::memory::Remember),
        Arc::new(tools::CartridgeWrite { corpus }),
        Arc::new(tools::CartridgeCompileTest {
            cartridges: parts.cartridges.clone(),
        }),
        Arc::new(tools::CartridgeDeploy {
            cartridges: parts.cartridges.clone(),
        }),
        Arc::new(tools::CartridgeRollback {
            cartridges: parts.cartridges,
        }),
        Arc::new(tools::ReadStatus {
            observer: observer.clone(),
        }),
        Arc::new(tools::PeerGet {
            name: "peer_cartridges",
            path: "/c",
            observer: observer.clone(),
            client: client.clone(),
        }),
        Arc::new(tools::PeerGet {
            name: "discovery",
            path: "/discovery/resources",
            observer: observer.clone(),
            client,
        }),
        Arc::new(tools::Pay {
            payer: parts.payer.clone(),
            observer: observer.clone(),
        }),
        Arc::new(tools::Publish {
            network: parts.network,
            last: Mutex::new(None),
        }),
        Arc::new(work::BenchmarkProblem { iq: parts.iq }),
        Arc::new(work::RequestTraining {
            federation: parts.federation,
            last: Mutex::new(None),
        }),
    ];
    for t in list {
        tools.register(t)?;
    }
    let interval = Duration::from_secs(args.soul_interval.max(1));
    let config = AgentConfig {
        busy_interval: Duration::from_secs(2).min(interval),
        idle_interval: interval,
        step_timeout: Duration::from_secs(args.soul_step_timeout.max(1)),
        provider: parts.provider,
        budget_limit_micros: parts.payer.budget().limit,
        examples,
        brain: Some(brain),
        hivemind: Some(field),
        ..AgentConfig::default()
    };
    let observer_handle = observer.clone();
    let agent = Agent::new(Store::open(db)?, tools, observer, config);
    let enabled = args.soul == SoulMode::On;
    let mut tasks = vec![("soul-brain-loader", loader)];
    if enabled {
        tasks.push(("soul-agent", tokio::spawn(agent.clone().run(shutdown))));
    }
    let payer = parts.payer;
    Ok((
        SoulHandle {
            agent,
            enabled,
            observer: observer_handle,
            payer,
        },
        tasks,
    ))
}
