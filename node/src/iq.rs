//! Colony IQ sessions: the queen partitions benchmark problems across the live members, workers
//! solve their share with their own solver and the node's sandboxed harness, the queen verifies
//! every claimed pass on her own harness and scores the colony against its best member.
//!
//! One task owns everything (the queen's [`Session`], this node's worker queue, the latest
//! summary); the gateway talks to it through [`IqHandle`]. Wire types: [`x402_p2p::iq`].

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

use libp2p::PeerId;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use std::sync::atomic::AtomicU64;
use tokio::sync::{mpsc, oneshot, watch};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use x402_benchmarks::colony::{Recording, Session};
use x402_benchmarks::session::{Quiet, SessionReport};
use x402_benchmarks::{
    Harness, LlmSolver, Outcome, Problem, ReferenceSolver, Score, Slug, StarterSolver, Tier,
    run_session,
};
use x402_p2p::iq::{
    AssignedProblem, IqAssignment, IqOutcome, IqRequest, IqResult, IqSummary, MAX_SOLUTION_BYTES,
    MemberIq,
};
use x402_p2p::{NetworkEvent, NetworkHandle, Payload, SwarmTopic};

pub mod cli;
pub mod http;
pub mod local;
mod one;
mod queen;
mod worker;

pub use one::{OneError, OneRequest, OneResult};

/// The assignment and the summary are re-sent this often while a session runs.
const RESEND: Duration = Duration::from_secs(3);
/// A worker with unreported problems and no result for this long is treated as gone.
const SILENT_AFTER: Duration = Duration::from_secs(300);
/// A worker solves and reports its share this many problems at a time.
const CHUNK: usize = 8;
/// The final summary is sent this many times (gossip may lose one).
const FINAL_SENDS: u8 = 3;
/// A session still open after this long is closed with what it has.
const SESSION_DEADLINE: Duration = Duration::from_secs(1800);
/// A member's request opens a session at most this long after the previous session opened
/// (the queen ignores the rest): any member can ask, and a session costs every node CPU. The
/// queen's own admin route is not limited.
const MIN_REQUEST_GAP: Duration = Duration::from_secs(300);
/// How long an open request through a non-queen node waits for the queen's assignment.
pub const OPEN_WAIT: Duration = Duration::from_secs(10);
/// Solutions of other workers kept until the summary says which were verified.
const MAX_HELD_SOLUTIONS: usize = 512;
/// Requests waiting for the queen's assignment.
const MAX_WAITING: usize = 16;

/// This node's solver for colony sessions.
pub enum NodeSolver {
    /// Reference solutions (IQ 150).
    Reference,
    /// Starters (IQ 85).
    Starter,
    /// A fixed subset passes.
    Subset(x402_benchmarks::SubsetSolver),
    /// The node's own model.
    Local(local::LocalModelSolver),
    /// An OpenAI-compatible endpoint.
    Llm(LlmSolver, String),
    /// No solver available here: every problem is reported as a solver error.
    Unavailable(String),
}

impl NodeSolver {
    fn name(&self) -> &str {
        match self {
            NodeSolver::Reference => "reference",
            NodeSolver::Starter => "starter",
            NodeSolver::Subset(_) => "subset",
            NodeSolver::Local(_) => "local",
            NodeSolver::Llm(..) => "llm",
            NodeSolver::Unavailable(_) => "unavailable",
        }
    }
}

/// What `/swarm/status` shows under `iq`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct IqStatus {
    /// This node's solver.
    pub solver: String,
    /// This node's IQ on its share of the latest session.
    #[serde(rename = "self")]
    pub self_iq: Option<f64>,
    /// The colony's IQ in the latest session.
    pub colony: Option<f64>,
    /// The best single member's IQ in it.
    pub best_member_iq: Option<f64>,
    /// The latest session's id.
    pub session: Option<String>,
    /// Whether it is complete.
    pub done: bool,
    /// Problems of the session the colony attempted.
    pub attempted: u32,
    /// And passed.
    pub passed: u32,
    /// Unix time of the latest summary, milliseconds.
    pub last_run_ms: Option<u64>,
    /// Each member's IQ in the latest session.
    pub members: Vec<MemberIq>,
    /// Training pairs kept (problem → passing solution).
    pub training_pairs: usize,
}

/// One problem of a session as the queen sees it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProblemDetail {
    /// Slug.
    pub slug: Slug,
    /// Tier.
    pub tier: Tier,
    /// Peers assigned now.
    pub assigned: Vec<String>,
    /// Results by peer: `claimed_pass` and the queen's `verified`.
    pub results: BTreeMap<String, x402_benchmarks::colony::Recorded>,
    /// Whether the colony passed it.
    pub colony_passed: bool,
}

/// A session: the summary every node knows, and the queen's per-problem detail.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SessionView {
    /// The queen's summary.
    pub summary: IqSummary,
    /// Per problem (only on the queen that ran it).
    pub problems: Option<Vec<ProblemDetail>>,
    /// Workers declared gone (their unreported share reassigned).
    pub gone: Vec<String>,
    /// Assignment revision.
    pub revision: u32,
}

/// Why a session could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// A session is already running.
    #[error("session {0} is still running")]
    Running(String),
    /// No problem matched.
    #[error("no known problem selected (unknown: {0:?})")]
    NoProblems(Vec<String>),
    /// No queen to ask.
    #[error("the swarm has no queen right now")]
    NoQueen,
    /// The queen did not answer in time.
    #[error("the queen did not open a session within {0:?}")]
    Timeout(Duration),
    /// Too many requests waiting.
    #[error("too many session requests waiting")]
    Busy,
    /// Publishing failed.
    #[error("publishing the request: {0}")]
    Publish(#[source] x402_p2p::NetworkError),
    /// The service stopped.
    #[error("the iq service stopped")]
    Stopped,
}

/// A request to open a session.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct OpenRequest {
    /// Slugs (empty: every problem).
    #[serde(default)]
    pub problems: Vec<String>,
    /// Workers per problem (default 1).
    #[serde(default)]
    pub redundancy: Option<u8>,
}

/// The answer to an open request.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Opened {
    /// Session id.
    pub session: String,
    /// The queen running it.
    pub queen: String,
}

/// Where the answer to an open request goes.
type Reply = oneshot::Sender<Result<Opened, OpenError>>;

enum Command {
    Open(OpenRequest, oneshot::Sender<Result<Opened, OpenError>>),
    View(Option<String>, oneshot::Sender<Option<SessionView>>),
    /// One problem on demand (the soul's `benchmark_problem`).
    One(
        OneRequest,
        Arc<tokio::sync::Semaphore>,
        oneshot::Sender<Result<OneResult, OneError>>,
    ),
}

/// Talks to the iq task.
#[derive(Clone)]
pub struct IqHandle {
    commands: mpsc::Sender<Command>,
    status: watch::Receiver<Arc<IqStatus>>,
    /// One on-demand problem at a time.
    one: Arc<tokio::sync::Semaphore>,
}

impl IqHandle {
    /// Opens a session (through the queen when this node is not her).
    pub async fn open(&self, req: OpenRequest) -> Result<Opened, OpenError> {
        let (tx, rx) = oneshot::channel();
        self.commands
            .send(Command::Open(req, tx))
            .await
            .map_err(|_| OpenError::Stopped)?;
        rx.await.map_err(|_| OpenError::Stopped)?
    }

    /// A session by id (`None`: the latest).
    pub async fn view(&self, id: Option<String>) -> Option<SessionView> {
        let (tx, rx) = oneshot::channel();
        self.commands.send(Command::View(id, tx)).await.ok()?;
        rx.await.ok().flatten()
    }

    /// Solves one problem (by slug, or a pseudo-random one of a tier) with this node's solver
    /// through its harness; one at a time ([`OneError::Busy`] meanwhile).
    pub async fn solve_one(&self, req: OneRequest) -> Result<OneResult, OneError> {
        let (tx, rx) = oneshot::channel();
        self.commands
            .send(Command::One(req, self.one.clone(), tx))
            .await
            .map_err(|_| OneError::Stopped)?;
        rx.await.map_err(|_| OneError::Stopped)?
    }

    /// The status.
    pub fn status(&self) -> Arc<IqStatus> {
        self.status.borrow().clone()
    }
}

/// Gauges of colony IQ.
#[derive(Clone, Default)]
pub struct IqMetrics {
    self_iq: Gauge<f64, AtomicU64>,
    colony: Gauge<f64, AtomicU64>,
    best_member: Gauge<f64, AtomicU64>,
    attempted: Gauge,
    passed: Gauge,
}

impl IqMetrics {
    /// Registers the gauges.
    pub fn register(&self, registry: &mut Registry) {
        registry.register(
            "x402_iq_self",
            "This node's IQ on its share of the latest colony session",
            self.self_iq.clone(),
        );
        registry.register(
            "x402_iq_colony",
            "Colony IQ of the latest session",
            self.colony.clone(),
        );
        registry.register(
            "x402_iq_best_member",
            "Best single member's IQ in the latest session",
            self.best_member.clone(),
        );
        registry.register(
            "x402_iq_attempted",
            "Problems the colony attempted in the latest session",
            self.attempted.clone(),
        );
        registry.register(
            "x402_iq_passed",
            "Problems the colony passed in the latest session",
            self.passed.clone(),
        );
    }
}

/// What the task needs.
pub struct IqConfig {
    /// The network.
    pub network: NetworkHandle,
    /// Problems this node knows (its benchmark set).
    pub problems: Vec<Problem>,
    /// The harness (absent: this node cannot evaluate, it reports solver errors).
    pub harness: Option<Arc<Harness>>,
    /// The solver.
    pub solver: NodeSolver,
    /// Training pairs and finished sessions.
    pub tree: sled::Tree,
    /// Gauges.
    pub metrics: IqMetrics,
    /// The queen opens a session this often (None: only on request).
    pub every: Option<Duration>,
}

/// Starts the task; it stops when `shutdown` is cancelled (solving and verifying in flight are
/// abandoned: their results were never recorded).
pub fn spawn(
    config: IqConfig,
    shutdown: CancellationToken,
) -> (IqHandle, tokio::task::JoinHandle<()>) {
    let (commands, rx) = mpsc::channel(16);
    let pairs = config.tree.scan_prefix(PAIR_PREFIX).count();
    let (status_tx, status) = watch::channel(Arc::new(IqStatus {
        solver: config.solver.name().to_string(),
        training_pairs: pairs,
        ..IqStatus::default()
    }));
    let me = config.network.local_peer_id();
    let (done_tx, done_rx) = mpsc::channel(8);
    let task = Task {
        me,
        problems: config
            .problems
            .into_iter()
            .map(|p| (p.slug.clone(), p))
            .collect(),
        network: config.network,
        harness: config.harness,
        solver: Arc::new(config.solver),
        tree: config.tree,
        metrics: config.metrics,
        every: config.every,
        status_tx,
        queen: None,
        last_opened: None,
        worker: Worker::default(),
        waiting: Vec::new(),
        held: HashMap::new(),
        latest: None,
        done_tx,
        jobs: TaskTracker::new(),
        shutdown: shutdown.clone(),
    };
    let handle = tokio::spawn(task.run(rx, done_rx, shutdown));
    (
        IqHandle {
            commands,
            status,
            one: Arc::new(tokio::sync::Semaphore::new(1)),
        },
        handle,
    )
}

const PAIR_PREFIX: &[u8] = b"pair/";
const SESSION_PREFIX: &[u8] = b"session/";

/// A training pair: instructions and tests of a problem, and a solution that passes them.
#[derive(Debug, Serialize, Deserialize)]
pub struct TrainingPair {
    /// Problem slug.
    pub slug: String,
    /// The problem's instructions.
    pub instructions: String,
    /// Its starter.
    pub starter: String,
    /// Its tests.
    pub tests: String,
    /// A verified passing `lib.rs`.
    pub solution: String,
    /// Session it came from.
    pub session: String,
}

/// The queen's running session.
struct Running {
    id: String,
    term: u64,
    request: Option<u64>,
    session: Session<PeerId>,
    started: Instant,
    last_heard: HashMap<PeerId, Instant>,
    last_sent: Option<Instant>,
    verifying: bool,
    done: bool,
    final_sends: u8,
    /// Claimed passing solutions of assigned workers, kept for verification (at most one per
    /// assigned worker and problem: recorded results only, so strangers cannot crowd them out).
    claims: HashMap<(PeerId, Slug), String>,
}

/// This node as a worker: the session it works for and its queue.
#[derive(Default)]
struct Worker {
    session: Option<String>,
    queued: VecDeque<Slug>,
    seen: std::collections::HashSet<Slug>,
    busy: bool,
    results: Vec<(Tier, bool)>,
}

/// Work finished in the background.
enum Done {
    /// This node's own share: results to publish.
    Solved(String, SessionReport),
    /// The queen's verification of claimed passes: `(worker, slug, passed)`.
    Verified(String, Vec<(PeerId, Slug, bool)>),
}

struct Task {
    me: PeerId,
    problems: BTreeMap<Slug, Problem>,
    network: NetworkHandle,
    harness: Option<Arc<Harness>>,
    solver: Arc<NodeSolver>,
    tree: sled::Tree,
    metrics: IqMetrics,
    every: Option<Duration>,
    status_tx: watch::Sender<Arc<IqStatus>>,
    queen: Option<Running>,
    last_opened: Option<Instant>,
    worker: Worker,
    waiting: Vec<(u64, Instant, Reply)>,
    /// Passing solutions heard, for training pairs once the queen's summary verifies them:
    /// (session, slug, worker) → source; best effort, bounded.
    held: HashMap<(String, Slug, PeerId), String>,
    latest: Option<IqSummary>,
    done_tx: mpsc::Sender<Done>,
    /// Solving and verifying in flight (joined at shutdown).
    jobs: TaskTracker,
    shutdown: CancellationToken,
}

fn unix_ms() -> u64 {
    x402_p2p::network::unix_ms()
}

impl Task {
    async fn run(
        mut self,
        mut commands: mpsc::Receiver<Command>,
        mut done: mpsc::Receiver<Done>,
        shutdown: CancellationToken,
    ) {
        let mut events = self.network.events();
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = shutdown.cancelled() => break,
                event = events.recv() => match event {
                    Ok(NetworkEvent::Message(inbound)) if inbound.topic == SwarmTopic::Iq => {
                        if !inbound.from_member {
                            continue;
                        }
                        let Some(author) = inbound.envelope.sender_peer() else { continue };
                        self.on_message(author, &inbound.envelope.payload).await;
                    }
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
                    _ => {}
                },
                Some(cmd) = commands.recv() => self.on_command(cmd).await,
                Some(d) = done.recv() => self.on_done(d).await,
                _ = tick.tick() => self.on_tick().await,
            }
        }
        self.jobs.close();
        self.jobs.wait().await;
    }

    /// Runs `job` on the task's tracker; it is abandoned when the node shuts down.
    fn spawn_job(&self, job: impl std::future::Future<Output = ()> + Send + 'static) {
        let shutdown = self.shutdown.clone();
        self.jobs.spawn(async move {
            shutdown.run_until_cancelled(job).await;
        });
    }

    fn queen_now(&self) -> Option<(PeerId, u64)> {
        let view = self.network.view();
        let q = view.queen.as_ref()?;
        Some((q.peer_id.parse().ok()?, q.term))
    }

    async fn publish(&self, payload: Payload) {
        if let Err(e) = self.network.publish(payload).await {
            tracing::debug!(error = %e, "iq: publish");
        }
    }

    async fn on_command(&mut self, cmd: Command) {
        match cmd {
            Command::View(id, reply) => {
                let _ = reply.send(self.view(id.as_deref()));
            }
            Command::One(req, busy, reply) => self.solve_one(req, busy, reply),
            Command::Open(req, reply) => {
                let redundancy = req.redundancy.unwrap_or(1).clamp(1, 8);
                match self.queen_now() {
                    Some((q, _)) if q == self.me => {
                        let r = self.open(&req.problems, redundancy, None).await;
                        let _ = reply.send(r);
                    }
                    Some(_) => {
                        if self.waiting.len() >= MAX_WAITING {
                            let _ = reply.send(Err(OpenError::Busy));
                            return;
                        }
                        let request = rand::rng().next_u64();
                        let msg = Payload::IqRequest(IqRequest {
                            request,
                            problems: req.problems,
                            redundancy,
                        });
                        if let Err(e) = self.network.publish(msg).await {
                            let _ = reply.send(Err(OpenError::Publish(e)));
                            return;
                        }
                        self.waiting.push((request, Instant::now(), reply));
                    }
                    None => {
                        let _ = reply.send(Err(OpenError::NoQueen));
                    }
                }
            }
        }
    }

    async fn on_message(&mut self, author: PeerId, payload: &Payload) {
        match payload {
            Payload::IqRequest(req) => {
                let is_queen = self.queen_now().is_some_and(|(q, _)| q == self.me);
                let too_soon = self
                    .last_opened
                    .is_some_and(|t| t.elapsed() < MIN_REQUEST_GAP);
                if is_queen && !too_soon {
                    let r = self
                        .open(&req.problems, req.redundancy, Some(req.request))
                        .await;
                    if let Err(e) = r {
                        tracing::info!(%author, error = %e, "iq: session request refused");
                    }
                }
            }
            Payload::IqAssignment(a) => {
                // Only the current queen's assignment of her current term.
                if self.queen_now() != Some((author, a.term)) {
                    tracing::debug!(%author, term = a.term, "iq: assignment of no current queen ignored");
                    return;
                }
                self.answer_waiting(a, author);
                self.take_assignment(a);
                self.kick_worker();
            }
            Payload::IqResult(res) => self.on_result(author, res).await,
            Payload::IqSummary(s) if self.queen_now() == Some((author, s.term)) => {
                self.on_summary(s.clone());
            }
            _ => {}
        }
    }

    fn answer_waiting(&mut self, a: &IqAssignment, queen: PeerId) {
        let Some(req) = a.request else { return };
        let mut i = 0;
        while i < self.waiting.len() {
            if self.waiting[i].0 == req {
                let (_, _, reply) = self.waiting.swap_remove(i);
                let _ = reply.send(Ok(Opened {
                    session: a.session.clone(),
                    queen: queen.to_base58(),
                }));
            } else {
                i += 1;
            }
        }
    }

    fn on_summary(&mut self, s: IqSummary) {
        // Keep the colony's verified solutions as training pairs.
        for v in &s.verified {
            let Ok(slug) = Slug::parse(v) else { continue };
            let held = self
                .held
                .iter()
                .find(|((sess, sl, _), _)| *sess == s.session && *sl == slug)
                .map(|(_, src)| src.clone());
            if let Some(src) = held {
                self.keep_pair(&s.session, &slug, &src);
            }
        }
        if s.done {
            self.held.retain(|(sess, _, _), _| *sess != s.session);
        }
        self.latest = Some(s);
        self.update_status();
    }

    fn keep_pair(&self, session: &str, slug: &Slug, solution: &str) {
        let Some(p) = self.problems.get(slug) else {
            return;
        };
        let key = [PAIR_PREFIX, slug.as_str().as_bytes()].concat();
        if self.tree.contains_key(&key).unwrap_or(false) {
            return;
        }
        let pair = TrainingPair {
            slug: slug.to_string(),
            instructions: p.instructions.clone(),
            starter: p.starter.clone(),
            tests: p.tests.clone(),
            solution: solution.to_string(),
            session: session.to_string(),
        };
        if let Ok(bytes) = serde_json::to_vec(&pair)
            && let Err(e) = self.tree.insert(key, bytes)
        {
            tracing::warn!(error = %e, "iq: storing a training pair");
        }
    }

    fn update_status(&self) {
        let own = (!self.worker.results.is_empty())
            .then(|| Score::of(self.worker.results.iter().copied()).iq);
        let s = self.latest.as_ref();
        let status = IqStatus {
            solver: self.solver.name().to_string(),
            self_iq: own,
            colony: s.map(|s| s.iq),
            best_member_iq: s.and_then(|s| s.best_member_iq),
            session: s.map(|s| s.session.clone()),
            done: s.is_some_and(|s| s.done),
            attempted: s.map_or(0, |s| s.attempted),
            passed: s.map_or(0, |s| s.passed),
            last_run_ms: s.map(|_| unix_ms()),
            members: s.map(|s| s.members.clone()).unwrap_or_default(),
            training_pairs: self.tree.scan_prefix(PAIR_PREFIX).count(),
        };
        self.metrics.self_iq.set(status.self_iq.unwrap_or(0.0));
        self.metrics.colony.set(status.colony.unwrap_or(0.0));
        self.metrics
            .best_member
            .set(status.best_member_iq.unwrap_or(0.0));
        self.metrics.attempted.set(i64::from(status.attempted));
        self.metrics.passed.set(i64::from(status.passed));
        self.status_tx.send_replace(Arc::new(status));
    }
}

/// The task's configuration from the node's flags: problems, harness (under
/// `<data-dir>/iq-work`) and solver. A node that cannot load them still runs: it reports solver
/// errors for its share and cannot open sessions over missing problems.
pub fn config(
    args: &crate::cli::RunArgs,
    network: &NetworkHandle,
    tree: sled::Tree,
    metrics: IqMetrics,
) -> IqConfig {
    use crate::iq_bench::SolverKind;
    let dir = args
        .iq_problems_dir
        .clone()
        .unwrap_or_else(x402_benchmarks::default_problems_dir);
    let problems = x402_benchmarks::load_problems(&dir).unwrap_or_else(|e| {
        tracing::warn!(dir = %dir.display(), error = %e, "iq: no benchmark problems");
        Vec::new()
    });
    let jobs = std::thread::available_parallelism().map_or(2, |n| n.get());
    let harness = x402_benchmarks::Toolchain::from_env()
        .map_err(|e| e.to_string())
        .and_then(|t| {
            let cfg = x402_benchmarks::HarnessConfig::new(args.data_dir.join("iq-work"), jobs, t);
            Harness::new(cfg).map_err(|e| x402_benchmarks::session::error_chain(&e))
        });
    let harness = match harness {
        Ok(h) => Some(Arc::new(h)),
        Err(e) => {
            tracing::warn!(error = %e, "iq: no benchmark harness; this node reports solver errors");
            None
        }
    };
    let solver = match args.iq_solver {
        SolverKind::Reference => NodeSolver::Reference,
        SolverKind::Starter => NodeSolver::Starter,
        SolverKind::Subset => NodeSolver::Subset(args.iq_subset.0),
        SolverKind::Local => match local::LocalModelSolver::load(&args.data_dir.join("model")) {
            Ok(s) => NodeSolver::Local(s),
            Err(e) => NodeSolver::Unavailable(format!("local solver: {e:#}")),
        },
        SolverKind::Llm => match args.llm.solver() {
            Ok((s, model)) => NodeSolver::Llm(s, model),
            Err(e) => NodeSolver::Unavailable(format!("llm solver: {e:#}")),
        },
    };
    IqConfig {
        network: network.clone(),
        problems,
        harness,
        solver,
        tree,
        metrics,
        every: (args.iq_every > 0).then(|| Duration::from_secs(args.iq_every)),
    }
}
