//! The federation task: trains rounds, exchanges weights as blobs, and (on the queen) aggregates.
//!
//! One event loop owns the round state; tensor work runs on the trainer thread or in
//! `spawn_blocking`, blob transfers in their own tasks, and their results come back as messages.
//!
//! Shutdown is graceful: when the config's token is cancelled, the loop stops between events
//! (a step in progress, such as storing and announcing an update, finishes first), fetches in
//! flight are abandoned, the trainer stops after its current step, and the state database is
//! flushed. [`Federation::stopped`] resolves once all of that is done.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use libp2p::PeerId;
use libp2p::identity::Keypair;
use tokio::sync::{mpsc, watch};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use x402_model::brain::{Brain, BrainError, BrainExample, Evaluation};
use x402_model::{Architecture, Weights};
use x402_p2p::blobs::{BlobHash, BlobNode, EndpointId};
use x402_p2p::envelope::{BlobEndpoint, WeightsManifest};
use x402_p2p::{NetworkEvent, NetworkHandle, Payload, Role, SwarmTopic};

use crate::aggregate::{Rule, Update, aggregate};
use crate::providers::{Providers, fetch_from_first};
use crate::round::{Canonical, CollectPolicy, Collector, adopt};
pub use crate::status::{Announced, PeerRejections, WeightsStatus};
use crate::trainer::{DataSource, Dataset, Job, LocalData, Trained, Trainer, TrainerConfig};
use crate::validate::{Rejection, validate};

/// Model name in manifests.
pub const MODEL: &str = "brain";
/// Most peers listed in the status's `rejected` and `peers` maps.
const MAX_LISTED_PEERS: usize = 1024;
const CANONICAL_KEY: &str = "canonical";
/// Canonical weights are tagged `weights/canonical/<unix ms>`; the newest few are kept so peers
/// can still fetch a canonical model that was just replaced.
const CANONICAL_TAGS: &str = "weights/canonical/";
const CANONICAL_KEEP: usize = 4;
const UPDATE_TAG: &str = "weights/update";
/// Most blob fetches (updates and aggregates) in flight at once.
const MAX_CONCURRENT_FETCHES: usize = 8;
/// Largest L2 distance of an adopted aggregate from this node's canonical weights, per round it
/// advances, as a multiple of their norm (a worker update may move 100 % of the norm; the
/// queen's average of several must move less).
pub const AGGREGATE_MAX_RELATIVE_DISTANCE: f64 = 0.5;
/// Rounds of movement an aggregate may cover at most (a node catching up after a pause).
const AGGREGATE_MAX_ROUNDS: u64 = 8;

fn canonical_tag() -> String {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    format!("{CANONICAL_TAGS}{ms:015}")
}

/// Settings of the federation task.
#[derive(Debug, Clone)]
pub struct FederationConfig {
    /// How the queen combines updates.
    pub rule: Rule,
    /// Local training.
    pub trainer: TrainerConfig,
    /// Round collection (its `expected` is replaced by the live member count).
    pub policy: CollectPolicy,
    /// How often unanswered announcements are repeated (late joiners, a new queen).
    pub reannounce: Duration,
    /// Cancelled to stop the task gracefully (see [`Federation::stopped`]).
    pub shutdown: CancellationToken,
}

/// Errors starting the federation task.
#[derive(Debug, thiserror::Error)]
pub enum FederationError {
    /// The state database failed.
    #[error("federation state")]
    Db(#[from] sled::Error),
    /// The blob store failed.
    #[error("blob store")]
    Blobs(#[from] x402_p2p::blobs::BlobError),
    /// The model could not be built.
    #[error("cannot build the model")]
    Model(#[from] x402_model::brain::BrainError),
    /// The training thread could not be started.
    #[error("cannot start the trainer")]
    Trainer(#[from] crate::trainer::TrainerError),
}

/// Handle to the running federation task.
pub struct Federation {
    data: LocalData,
    status: watch::Receiver<Arc<WeightsStatus>>,
    providers: Providers,
    /// The event loop and everything it spawned (fetches, scoring, aggregation).
    tasks: TaskTracker,
    commands: mpsc::Sender<Command>,
}

/// Requests to the federation task.
enum Command {
    /// A local training round now (see [`Federation::request_training`]).
    Train(tokio::sync::oneshot::Sender<TrainingRequest>),
}

/// What a request for a local training round did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum TrainingRequest {
    /// A job on the current canonical weights went to the trainer.
    Started {
        /// The round it trains.
        round: u64,
    },
    /// A job is already on the trainer.
    AlreadyTraining {
        /// The round it trains.
        round: u64,
    },
    /// This node's update of the round is already published: it was announced again (the next
    /// round starts when the queen aggregates).
    Reannounced {
        /// The round.
        round: u64,
        /// The update's blob hash.
        hash: BlobHash,
    },
    /// The trainer thread stopped.
    TrainerStopped,
}

/// The federation task stopped.
#[derive(Debug, thiserror::Error)]
#[error("the federation task stopped")]
pub struct FederationStopped;

/// What to do on a training request, from the task's state.
#[derive(Debug, PartialEq, Eq)]
enum TrainAction {
    Submit,
    Wait,
    Reannounce,
}

fn train_action(training: bool, published: bool) -> TrainAction {
    match (training, published) {
        (true, _) => TrainAction::Wait,
        (false, true) => TrainAction::Reannounce,
        (false, false) => TrainAction::Submit,
    }
}

impl Federation {
    /// Endpoint ids of peers that announced holding `hash` (authors of manifests naming it).
    pub fn providers(&self, hash: &BlobHash) -> Vec<EndpointId> {
        self.providers.read().expect("providers lock").get(hash)
    }

    /// The current status.
    pub fn status(&self) -> Arc<WeightsStatus> {
        self.status.borrow().clone()
    }

    /// A watch on the status.
    pub fn watch(&self) -> watch::Receiver<Arc<WeightsStatus>> {
        self.status.clone()
    }

    /// Asks for a local training round now: a job on the current canonical weights when none
    /// is running and this node has not published its update of the round yet; else the
    /// answer says what is under way (a published update is announced again).
    pub async fn request_training(&self) -> Result<TrainingRequest, FederationStopped> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.commands
            .send(Command::Train(tx))
            .await
            .map_err(|_| FederationStopped)?;
        rx.await.map_err(|_| FederationStopped)
    }

    /// This node's training data (the soul replaces it with its recorded step outcomes).
    pub fn local_data(&self) -> LocalData {
        self.data.clone()
    }

    /// Resolves once the task has stopped after its shutdown token was cancelled: the step in
    /// progress finished or was abandoned at a safe point, the state database flushed, and
    /// every task it spawned ended.
    pub async fn stopped(&self) {
        self.tasks.wait().await;
    }

    /// Starts the task. `train` is this node's own data, `held_out` its evaluation set; the
    /// canonical weights survive restarts in `db` and the blob store.
    pub async fn spawn(
        config: FederationConfig,
        network: NetworkHandle,
        blobs: BlobNode,
        key: Keypair,
        db: sled::Tree,
        train: Vec<BrainExample>,
        held_out: Vec<BrainExample>,
    ) -> Result<Federation, FederationError> {
        let arch = Brain::architecture(&config.trainer.brain);
        let (canonical, weights) = load_canonical(&db, &blobs, &config).await?;
        tracing::info!(hash = %canonical.hash, round = canonical.round, term = canonical.term,
            params = arch.num_params(), "canonical weights");
        let data = LocalData::new(Dataset {
            train,
            held_out,
            source: DataSource::Synthetic,
        });
        let stop = config.shutdown.child_token();
        let (trainer, trained) =
            Trainer::spawn(config.trainer.clone(), data.clone(), stop.clone())?;
        let status = WeightsStatus {
            model: MODEL,
            canonical_hash: canonical.hash,
            round: canonical.round,
            term: canonical.term,
            rule: config.rule.to_string(),
            params: arch.num_params(),
            arch: BlobHash::from(arch.digest()),
            endpoint: endpoint(&blobs),
            local_eval: None,
            canonical_eval: None,
            updates_published: 0,
            aggregates_published: 0,
            adopted: 0,
            canonical_source: None,
            collecting: None,
            rejected: BTreeMap::new(),
            peers: BTreeMap::new(),
        };
        let (status_tx, status_rx) = watch::channel(Arc::new(status.clone()));
        let (fetched_tx, fetched) = mpsc::channel(64);
        let events = network.events();
        let providers = Providers::default();
        let file_size = weights.to_safetensors().len() as u64;
        let tasks = TaskTracker::new();
        let service = Service {
            tasks: tasks.clone(),
            stop,
            config,
            arch,
            network,
            blobs,
            key,
            db,
            data: data.clone(),
            canonical,
            weights: Arc::new(weights),
            collector: None,
            trainer,
            training: false,
            my_update: None,
            aggregating: None,
            file_size,
            my_aggregate: None,
            last_announce: Instant::now(),
            fetching: HashSet::new(),
            providers: providers.clone(),
            fetched_tx,
            status,
            status_tx,
        };
        let (commands, command_rx) = mpsc::channel(8);
        tasks.spawn(service.run(events, trained, fetched, command_rx));
        // Closed at once: `stopped` waits for the loop and what it spawns (still allowed).
        tasks.close();
        Ok(Federation {
            data,
            status: status_rx,
            providers,
            tasks,
            commands,
        })
    }
}

fn endpoint(blobs: &BlobNode) -> BlobEndpoint {
    BlobEndpoint {
        id: blobs.endpoint_id(),
        addrs: blobs.direct_addrs(),
    }
}

/// The canonical weights from the last run, or the shared initial weights (round 0).
async fn load_canonical(
    db: &sled::Tree,
    blobs: &BlobNode,
    config: &FederationConfig,
) -> Result<(Canonical, Weights), FederationError> {
    if let Some(raw) = db.get(CANONICAL_KEY)? {
        let stored: Option<Canonical> = serde_json::from_slice(&raw).ok();
        if let Some(c) = stored
            && let Ok(bytes) = blobs.read(&c.hash).await
            && let Ok(w) = Weights::from_safetensors(&bytes)
        {
            return Ok((c, w));
        }
        tracing::warn!("stored canonical weights unreadable; starting from the initial weights");
    }
    let weights = Brain::new(config.trainer.brain, config.trainer.init_seed)?.weights();
    let hash = blobs
        .add_bytes(weights.to_safetensors(), &canonical_tag())
        .await?;
    let canonical = Canonical {
        hash,
        round: 0,
        term: 0,
    };
    Ok((canonical, weights))
}

/// What a finished fetch was for.
enum Fetched {
    Update {
        author: PeerId,
        manifest: WeightsManifest,
        result: Result<Weights, Rejection>,
    },
    Aggregate {
        author: PeerId,
        manifest: WeightsManifest,
        /// The weights and the endpoint that served them.
        result: Result<(Weights, EndpointId), Rejection>,
    },
    Aggregated {
        round: u64,
        term: u64,
        base: BlobHash,
        result: Result<Weights, String>,
        rejected: Vec<(PeerId, Rejection)>,
    },
    /// Held-out score of the canonical weights `hash`.
    Evaluated { hash: BlobHash, eval: Evaluation },
}

struct Service {
    config: FederationConfig,
    /// Fetches, scoring and aggregation spawned by the loop.
    tasks: TaskTracker,
    /// Child of the config's shutdown token: also cancelled when the loop ends on its own.
    stop: CancellationToken,
    arch: Architecture,
    network: NetworkHandle,
    blobs: BlobNode,
    key: Keypair,
    db: sled::Tree,
    /// The node's training and held-out data.
    data: LocalData,
    canonical: Canonical,
    weights: Arc<Weights>,
    collector: Option<Collector>,
    trainer: Trainer,
    /// Whether a job is on the trainer.
    training: bool,
    /// This node's update for the current canonical weights, once published.
    my_update: Option<(WeightsManifest, Weights)>,
    /// Round and term being aggregated off the event loop (no new collection meanwhile).
    aggregating: Option<(u64, u64)>,
    /// Size of every weights file of this model (the encoding is deterministic).
    file_size: u64,
    /// The latest aggregate this node published as queen.
    my_aggregate: Option<WeightsManifest>,
    last_announce: Instant,
    /// `(peer, hash)` pairs being fetched.
    fetching: HashSet<(PeerId, BlobHash)>,
    providers: Providers,
    fetched_tx: mpsc::Sender<Fetched>,
    status: WeightsStatus,
    status_tx: watch::Sender<Arc<WeightsStatus>>,
}

impl Service {
    async fn run(
        mut self,
        mut events: tokio::sync::broadcast::Receiver<NetworkEvent>,
        mut trained: mpsc::Receiver<Result<Trained, BrainError>>,
        mut fetched: mpsc::Receiver<Fetched>,
        mut commands: mpsc::Receiver<Command>,
    ) {
        let mut tick = tokio::time::interval(Duration::from_millis(250));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        self.evaluate_canonical();
        let shutdown = self.stop.clone();
        loop {
            // Each arm's handler runs to its end before the next event: cancellation lands
            // between steps, never inside one.
            tokio::select! {
                biased;
                _ = shutdown.cancelled() => break,
                event = events.recv() => match event {
                    Ok(NetworkEvent::Message(inbound)) => {
                        if !inbound.from_member {
                            // Weights count only from admitted members (identify, registration).
                            continue;
                        }
                        let author = inbound.envelope.sender;
                        match &inbound.envelope.payload {
                            Payload::WeightsUpdate(m) => self.on_update(author, m.clone()),
                            Payload::WeightsAggregate(m) => self.on_aggregate(author, m.clone()),
                            _ => continue,
                        }
                    }
                    Ok(NetworkEvent::Rejected { topic: SwarmTopic::Weights, from, error }) => {
                        self.reject(&from, &Rejection::from(error));
                    }
                    Ok(_) => continue,
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(n)) => {
                        tracing::warn!(missed = n, "federation lagged behind network events");
                    }
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
                },
                Some(result) = trained.recv() => self.on_trained(result).await,
                Some(done) = fetched.recv() => self.on_fetched(done).await,
                Some(Command::Train(reply)) = commands.recv() => {
                    let answer = self.on_train_request().await;
                    let _ = reply.send(answer);
                }
                _ = tick.tick() => self.on_tick().await,
            }
            self.publish_status();
        }
        self.stop().await;
    }

    /// The end of the loop: fetches in flight see the token and give up, the trainer stops
    /// after its step, and what the loop wrote to its tree reaches the disk.
    async fn stop(self) {
        self.stop.cancel();
        if let Err(e) = self.db.flush_async().await {
            tracing::error!("flushing the federation state: {e}");
        }
        tracing::info!(round = self.canonical.round, hash = %self.canonical.hash, "federation stopped");
    }

    fn publish_status(&mut self) {
        self.status.canonical_hash = self.canonical.hash;
        self.status.round = self.canonical.round;
        self.status.term = self.canonical.term;
        self.status.collecting = self.collector.as_ref().map(|c| (c.round, c.len()));
        self.status_tx.send_replace(Arc::new(self.status.clone()));
    }

    fn reject(&mut self, peer: &PeerId, why: &Rejection) {
        let peer = &peer.to_base58();
        let text = crate::validate::report(why);
        tracing::warn!(%peer, reason = why.reason(), "rejected weights: {text}");
        // Bounded: past the limit, the peer with the fewest rejections is forgotten.
        if !self.status.rejected.contains_key(peer)
            && self.status.rejected.len() >= MAX_LISTED_PEERS
        {
            let least = self
                .status
                .rejected
                .iter()
                .min_by_key(|(_, r)| r.count)
                .map(|(p, _)| p.clone());
            if let Some(p) = least {
                self.status.rejected.remove(&p);
            }
        }
        let entry = self.status.rejected.entry(peer.to_string()).or_default();
        entry.count += 1;
        *entry.reasons.entry(why.reason()).or_default() += 1;
        entry.last = text;
    }

    fn note(&mut self, author: &PeerId, kind: &'static str, m: &WeightsManifest) {
        let key = author.to_base58();
        if !self.status.peers.contains_key(&key) && self.status.peers.len() >= MAX_LISTED_PEERS {
            // Keep the members; forget announcements of peers that left.
            let view = self.network.view();
            self.status
                .peers
                .retain(|p, _| view.members.iter().any(|m| m.peer_id.to_base58() == *p));
        }
        if self.status.peers.len() < MAX_LISTED_PEERS || self.status.peers.contains_key(&key) {
            self.status.peers.insert(
                key,
                Announced {
                    kind,
                    hash: m.hash,
                    round: m.round,
                    term: m.term,
                },
            );
        }
        {
            let mut providers = self.providers.write().expect("providers lock");
            providers.add(m.hash, m.endpoint.id);
            providers.add(m.base, m.endpoint.id);
        }
        if let Err(e) = self.blobs.add_provider(m.endpoint.id, &m.endpoint.addrs) {
            tracing::debug!(peer = %author, "unusable blob endpoint: {e}");
        }
    }

    fn queen(&self) -> Option<(PeerId, u64)> {
        self.network
            .view()
            .queen
            .as_ref()
            .map(|q| (q.peer_id, q.term))
    }

    fn on_update(&mut self, author: PeerId, m: WeightsManifest) {
        self.note(&author, "weights_update", &m);
        if self.fetching.len() >= MAX_CONCURRENT_FETCHES {
            tracing::debug!(peer = %author, "update not collected: too many fetches in flight");
            return;
        }
        let Some(collector) = &self.collector else {
            return;
        };
        if let Err(why) = self.check_manifest(&m) {
            return self.reject(&author, &why);
        }
        if let Err(why) = collector.check_announcement(&author, m.round, &m.base) {
            // Late or repeated announcements of an honest peer are not held against it.
            tracing::debug!(peer = %author, "update not collected: {why}");
            return;
        }
        // One fetch per author at a time: announcing many hashes cannot fan out fetches.
        if self.fetching.iter().any(|(a, _)| *a == author) {
            return;
        }
        self.fetching.insert((author, m.hash));
        let Some(collector) = &mut self.collector else {
            return;
        };
        collector.mark_attempted(&author);
        let base = (
            Arc::new(collector.base().clone()),
            collector.distance_bound(),
        );
        self.spawn_fetch(author, m, Some(base), true);
    }

    /// Checks what a manifest says before anything is fetched: model, architecture and the
    /// exact file size (the encoding is deterministic, so every file of the model has it).
    fn check_manifest(&self, m: &WeightsManifest) -> Result<(), Rejection> {
        let expected = BlobHash::from(self.arch.digest());
        if m.model != MODEL || m.arch != expected {
            return Err(Rejection::WrongArchitecture {
                expected,
                found: m.arch,
            });
        }
        if m.size != self.file_size {
            return Err(Rejection::SizeMismatch {
                announced: m.size,
                found: self.file_size,
            });
        }
        Ok(())
    }

    fn on_aggregate(&mut self, author: PeerId, m: WeightsManifest) {
        self.note(&author, "weights_aggregate", &m);
        let queen = self.queen();
        match adopt(&self.canonical, &author, m.round, m.term, &m.hash, queen) {
            Ok(false) => {}
            Ok(true) => {
                if let Err(why) = self.check_manifest(&m) {
                    return self.reject(&author, &why);
                }
                if self.fetching.len() >= MAX_CONCURRENT_FETCHES {
                    return;
                }
                // Bounded like a worker update: the queen's aggregate may not move the model
                // further from this node's canonical weights than a few rounds allow.
                let rounds = m
                    .round
                    .saturating_sub(self.canonical.round)
                    .clamp(1, AGGREGATE_MAX_ROUNDS);
                let bound = AGGREGATE_MAX_RELATIVE_DISTANCE
                    * rounds as f64
                    * self.weights.l2_norm().max(1.0);
                if self.fetching.insert((author, m.hash)) {
                    self.spawn_fetch(author, m, Some((self.weights.clone(), bound)), false);
                }
            }
            Err(why) => self.reject(&author, &why),
        }
    }

    /// Fetches the blob of `m` and validates it. An update comes from its author; an aggregate
    /// from peers that already hold it first and its author last, so the queen does not serve
    /// every node herself.
    fn spawn_fetch(
        &self,
        author: PeerId,
        m: WeightsManifest,
        base: Option<(Arc<Weights>, f64)>,
        is_update: bool,
    ) {
        let me = self.blobs.endpoint_id();
        let mut providers: Vec<EndpointId> = self
            .providers
            .read()
            .expect("providers lock")
            .get(&m.hash)
            .into_iter()
            .filter(|p| *p != m.endpoint.id && *p != me)
            .take(2)
            .collect();
        if is_update {
            providers.insert(0, m.endpoint.id);
        } else {
            providers.push(m.endpoint.id);
        }
        let blobs = self.blobs.clone();
        let arch = self.arch.clone();
        let tx = self.fetched_tx.clone();
        let shutdown = self.stop.clone();
        self.tasks.spawn(async move {
            let tag = if is_update {
                format!("{UPDATE_TAG}/{author}")
            } else {
                canonical_tag()
            };
            let result = async {
                let hash = m.hash;
                let source = fetch_from_first(&blobs, &hash, m.size, &providers, &tag).await?;
                let bytes = blobs
                    .read(&hash)
                    .await
                    .map_err(|e| Rejection::Fetch(e.to_string()))?;
                let m = m.clone();
                let weights = tokio::task::spawn_blocking(move || {
                    validate(&m, &bytes, &arch, base.as_ref().map(|(w, b)| (&**w, *b)))
                })
                .await
                .map_err(|e| Rejection::Invalid(e.to_string()))??;
                Ok((weights, source))
            };
            // On shutdown the fetch is abandoned (the blob store keeps or drops the partial
            // download; nothing was recorded for it).
            let Some(result) = shutdown.run_until_cancelled(result).await else {
                return;
            };
            if result.is_err() {
                // Untagged, a rejected file is garbage-collected.
                let _ = blobs.delete_tag(&tag).await;
            }
            let done = if is_update {
                Fetched::Update {
                    author,
                    manifest: m,
                    result: result.map(|(w, _)| w),
                }
            } else {
                Fetched::Aggregate {
                    author,
                    manifest: m,
                    result,
                }
            };
            let _ = tx.send(done).await;
        });
    }

    async fn on_fetched(&mut self, done: Fetched) {
        match done {
            Fetched::Update {
                author,
                manifest,
                result,
            } => {
                self.fetching.remove(&(author, manifest.hash));
                match result {
                    Ok(weights) => {
                        let Some(collector) = self.collector.as_mut() else {
                            return;
                        };
                        if collector.round != manifest.round {
                            return;
                        }
                        if let Err(why) = collector.accept(
                            author,
                            manifest.hash,
                            weights,
                            manifest.samples,
                            Instant::now(),
                        ) {
                            tracing::debug!(peer = %author, "update not collected: {why}");
                        } else {
                            tracing::info!(peer = %author, round = manifest.round,
                                updates = collector.len(), "collected update");
                        }
                    }
                    Err(why) => self.reject(&author, &why),
                }
            }
            Fetched::Aggregate {
                author,
                manifest,
                result,
            } => {
                self.fetching.remove(&(author, manifest.hash));
                let (weights, source) = match result {
                    Ok(w) => w,
                    Err(why) => return self.reject(&author, &why),
                };
                // The queen may have changed while the blob was in flight.
                let queen = self.queen();
                if let Ok(true) = adopt(
                    &self.canonical,
                    &author,
                    manifest.round,
                    manifest.term,
                    &manifest.hash,
                    queen,
                ) {
                    tracing::info!(hash = %manifest.hash, round = manifest.round,
                        term = manifest.term, %source, "adopted canonical weights");
                    self.status.adopted += 1;
                    self.status.canonical_source = Some(source);
                    self.set_canonical(
                        Canonical {
                            hash: manifest.hash,
                            round: manifest.round,
                            term: manifest.term,
                        },
                        weights,
                    );
                }
            }
            Fetched::Aggregated {
                round,
                term,
                base,
                result,
                rejected,
            } => {
                self.aggregating = None;
                for (peer, why) in &rejected {
                    self.reject(peer, why);
                }
                // Publish only if still the queen of that term, on the same base.
                let still_queen = self.my_queen_term() == Some(term) && self.canonical.hash == base;
                match result {
                    Ok(weights) if still_queen => {
                        self.publish_aggregate(round, term, weights).await
                    }
                    Ok(_) => tracing::info!(round, term, "no longer queen of this round"),
                    Err(e) => tracing::error!(round, "aggregation failed: {e}"),
                }
            }
            Fetched::Evaluated { hash, eval } => {
                if hash == self.canonical.hash {
                    self.status.canonical_eval = Some(eval);
                }
            }
        }
    }

    fn set_canonical(&mut self, canonical: Canonical, weights: Weights) {
        if let Ok(json) = serde_json::to_vec(&canonical)
            && let Err(e) = self.db.insert(CANONICAL_KEY, json)
        {
            tracing::error!("saving canonical weights: {e}");
        }
        self.canonical = canonical;
        self.weights = Arc::new(weights);
        self.collector = None;
        self.my_update = None;
        self.status.canonical_eval = None;
        self.evaluate_canonical();
        let blobs = self.blobs.clone();
        self.tasks.spawn(async move {
            if let Err(e) = blobs.prune_tags(CANONICAL_TAGS, CANONICAL_KEEP).await {
                tracing::warn!("pruning old canonical weights: {e}");
            }
        });
    }

    /// Scores the canonical weights on the held-out set, off the event loop.
    fn evaluate_canonical(&self) {
        let weights = self.weights.clone();
        let data = self.data.get();
        let brain = self.config.trainer.brain;
        let seed = self.config.trainer.init_seed;
        let hash = self.canonical.hash;
        let tx = self.fetched_tx.clone();
        self.tasks.spawn_blocking(move || {
            let eval = Brain::new(brain, seed).and_then(|mut b| {
                b.load_weights(&weights)?;
                b.evaluate(&data.held_out)
            });
            match eval {
                Ok(eval) => {
                    let _ = tx.blocking_send(Fetched::Evaluated { hash, eval });
                }
                Err(e) => tracing::warn!("scoring the canonical weights: {e}"),
            }
        });
    }

    async fn on_trained(&mut self, result: Result<Trained, BrainError>) {
        self.training = false;
        let t = match result {
            Ok(t) => t,
            Err(e) => {
                return tracing::error!(error = &e as &dyn std::error::Error, "training failed");
            }
        };
        if t.base_hash != self.canonical.hash {
            return; // the colony moved on while this node trained
        }
        self.status.local_eval = Some(t.eval);
        let bytes = t.weights.to_safetensors();
        let hash = match self.blobs.add_bytes(bytes.clone(), UPDATE_TAG).await {
            Ok(h) => h,
            Err(e) => return tracing::error!("storing update: {e}"),
        };
        let term = self.queen().map_or(self.canonical.term, |(_, t)| t);
        let manifest = self.manifest(t.round, term, hash, bytes.len(), t.samples, &t.weights);
        let manifest = manifest.sign("weights_update", &self.key);
        tracing::info!(round = t.round, hash = %manifest.hash, loss = t.train_loss,
            held_out_loss = t.eval.loss, "trained update");
        self.publish(Payload::WeightsUpdate(manifest.clone())).await;
        self.status.updates_published += 1;
        self.my_update = Some((manifest, t.weights));
        self.collect_own_update();
    }

    fn manifest(
        &self,
        round: u64,
        term: u64,
        hash: BlobHash,
        size: usize,
        samples: u64,
        weights: &Weights,
    ) -> WeightsManifest {
        WeightsManifest {
            model: MODEL.into(),
            round,
            term,
            base: self.canonical.hash,
            hash,
            size: size as u64,
            samples,
            l2_norm: weights.l2_norm(),
            arch: BlobHash::from(self.arch.digest()),
            endpoint: endpoint(&self.blobs),
            signature: String::new(),
        }
    }

    async fn publish(&mut self, payload: Payload) {
        self.last_announce = Instant::now();
        if let Err(e) = self.network.publish(payload).await {
            tracing::debug!("publishing weights manifest: {e}");
        }
    }

    async fn on_tick(&mut self) {
        let view = self.network.view();
        let queen_term = self.my_queen_term();

        // The queen collects the next round on top of her canonical weights (not while the
        // previous one is being aggregated).
        match queen_term {
            Some(term) if self.aggregating.is_none() => {
                let stale = self
                    .collector
                    .as_ref()
                    .is_none_or(|c| c.term != term || c.base_hash != self.canonical.hash);
                if stale {
                    let policy = CollectPolicy {
                        expected: view.members.iter().filter(|m| m.alive).count() + 1,
                        ..self.config.policy
                    };
                    self.collector = Some(Collector::new(
                        &self.canonical,
                        (*self.weights).clone(),
                        term,
                        policy,
                    ));
                    // Our own update for this base counts too.
                    self.collect_own_update();
                }
                if self
                    .collector
                    .as_ref()
                    .is_some_and(|c| c.ready(Instant::now()))
                {
                    self.close_round();
                }
            }
            Some(_) => {}
            None => self.collector = None,
        }

        // Every node trains once per canonical version.
        if !self.training && self.my_update.is_none() {
            let job = Job {
                round: self.canonical.round + 1,
                base_hash: self.canonical.hash,
                base: (*self.weights).clone(),
            };
            match self.trainer.submit(job) {
                Ok(()) => self.training = true,
                Err(e) => tracing::error!("{e}"),
            }
        }

        // Repeat what may have been missed: our update (a new queen), our aggregate (late joiners).
        if self.last_announce.elapsed() >= self.config.reannounce {
            if let Some(a) = self
                .my_aggregate
                .clone()
                .filter(|a| queen_term == Some(a.term) && a.hash == self.canonical.hash)
            {
                self.publish(Payload::WeightsAggregate(a)).await;
            } else if let Some((u, _)) = &self.my_update {
                let u = u.clone();
                self.publish(Payload::WeightsUpdate(u)).await;
            }
        }
    }

    /// A local training round on request.
    async fn on_train_request(&mut self) -> TrainingRequest {
        let round = self.canonical.round + 1;
        match train_action(self.training, self.my_update.is_some()) {
            TrainAction::Wait => TrainingRequest::AlreadyTraining { round },
            TrainAction::Reannounce => {
                let Some((u, _)) = self.my_update.clone() else {
                    return TrainingRequest::AlreadyTraining { round };
                };
                let (round, hash) = (u.round, u.hash);
                self.publish(Payload::WeightsUpdate(u)).await;
                TrainingRequest::Reannounced { round, hash }
            }
            TrainAction::Submit => {
                let job = Job {
                    round,
                    base_hash: self.canonical.hash,
                    base: (*self.weights).clone(),
                };
                match self.trainer.submit(job) {
                    Ok(()) => {
                        self.training = true;
                        TrainingRequest::Started { round }
                    }
                    Err(e) => {
                        tracing::error!("{e}");
                        TrainingRequest::TrainerStopped
                    }
                }
            }
        }
    }

    /// The term of this node's reign, if it is the queen.
    fn my_queen_term(&self) -> Option<u64> {
        let view = self.network.view();
        let me = self.network.local_peer_id();
        view.queen
            .as_ref()
            .filter(|q| q.peer_id == me && view.role == Role::Queen)
            .map(|q| q.term)
    }

    /// Puts this node's own update for the current base into the queen's collection.
    fn collect_own_update(&mut self) {
        let (Some(collector), Some((m, weights))) = (self.collector.as_mut(), &self.my_update)
        else {
            return;
        };
        if collector.round == m.round && collector.base_hash == m.base {
            let me = self.network.local_peer_id();
            let _ = collector.accept(me, m.hash, weights.clone(), m.samples, Instant::now());
        }
    }

    /// Closes the queen's round: aggregates off the event loop.
    fn close_round(&mut self) {
        let Some(collector) = self.collector.take() else {
            return;
        };
        let (round, term, base) = (collector.round, collector.term, collector.base_hash);
        self.aggregating = Some((round, term));
        let (kept, dropped) = collector.close();
        let rejected = dropped.into_iter().map(|(a, why)| (a.peer, why)).collect();
        let rule = self.config.rule;
        let tx = self.fetched_tx.clone();
        tracing::info!(round, term, updates = kept.len(), %rule, "closing round");
        self.tasks.spawn_blocking(move || {
            let updates: Vec<Update<'_>> = kept
                .iter()
                .map(|a| Update {
                    weights: &a.weights,
                    samples: a.samples,
                })
                .collect();
            let result = aggregate(rule, &updates).map_err(|e| e.to_string());
            let _ = tx.blocking_send(Fetched::Aggregated {
                round,
                term,
                base,
                result,
                rejected,
            });
        });
    }

    async fn publish_aggregate(&mut self, round: u64, term: u64, weights: Weights) {
        let bytes = weights.to_safetensors();
        let hash = match self.blobs.add_bytes(bytes.clone(), &canonical_tag()).await {
            Ok(h) => h,
            Err(e) => return tracing::error!("storing aggregate: {e}"),
        };
        let manifest = self
            .manifest(round, term, hash, bytes.len(), 0, &weights)
            .sign("weights_aggregate", &self.key);
        tracing::info!(round, term, hash = %manifest.hash, "published canonical weights");
        self.status.aggregates_published += 1;
        self.set_canonical(
            Canonical {
                hash: manifest.hash,
                round,
                term,
            },
            weights,
        );
        self.publish(Payload::WeightsAggregate(manifest.clone()))
            .await;
        self.my_aggregate = Some(manifest);
    }
}

#[cfg(test)]
mod training_request_tests {
    use super::*;

    #[test]
    fn a_training_request_submits_only_when_idle_and_unpublished() {
        assert_eq!(train_action(false, false), TrainAction::Submit);
        // Never a second job on the trainer, never a second update of the same round.
        assert_eq!(train_action(true, false), TrainAction::Wait);
        assert_eq!(train_action(true, true), TrainAction::Wait);
        assert_eq!(train_action(false, true), TrainAction::Reannounce);
        let started = serde_json::to_value(TrainingRequest::Started { round: 4 }).unwrap();
        assert_eq!(started, serde_json::json!({"state": "started", "round": 4}));
    }
}
