//! Background training of the brain within a CPU budget.
//!
//! One OS thread owns the [`Brain`]; jobs arrive on a channel and results go back on another, so
//! the async event loop never blocks on tensor work. The thread runs its matrix products in a
//! one-thread rayon pool (candle would otherwise fan out over every core) and sleeps between
//! steps so that on average it uses at most `cpu_budget` of one core: a step that took `d`
//! is followed by `d * (1 - budget) / budget` of sleep. The gateway and gossip keep the rest.

use std::sync::{Arc, RwLock, mpsc};
use std::time::{Duration, Instant};

use tokio::sync::mpsc as tokio_mpsc;
use tokio_util::sync::CancellationToken;
use x402_model::Weights;
use x402_model::brain::{Brain, BrainConfig, BrainError, BrainExample, Evaluation};

/// Why the training thread could not be started.
#[derive(Debug, thiserror::Error)]
pub enum TrainerError {
    /// The brain could not be built from the configuration.
    #[error("cannot build the brain")]
    Brain(#[from] BrainError),
    /// The one-thread rayon pool could not be built.
    #[error("cannot build the training thread pool")]
    Pool(#[from] rayon::ThreadPoolBuildError),
    /// The OS refused the thread.
    #[error("cannot start the training thread")]
    Thread(#[source] std::io::Error),
}

/// The training thread has stopped: jobs are no longer taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the training thread has stopped")]
pub struct TrainerStopped;

/// Train `steps` steps from `base`, for round `round`.
#[derive(Debug)]
pub struct Job {
    /// Round the update is for.
    pub round: u64,
    /// Hash of the base weights.
    pub base_hash: x402_p2p::blobs::BlobHash,
    /// Weights to start from.
    pub base: Weights,
}

/// A finished job.
#[derive(Debug)]
pub struct Trained {
    /// Round the update is for.
    pub round: u64,
    /// Hash of the base weights.
    pub base_hash: x402_p2p::blobs::BlobHash,
    /// The trained weights.
    pub weights: Weights,
    /// Examples seen in this job.
    pub samples: u64,
    /// Mean training loss over the job.
    pub train_loss: f64,
    /// Held-out evaluation of the trained weights.
    pub eval: Evaluation,
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainerConfig {
    /// Brain sizes and optimiser.
    pub brain: BrainConfig,
    /// Seed of the shared initial weights (every node must use the same).
    pub init_seed: u64,
    /// Steps per round.
    pub steps_per_round: usize,
    /// Examples per step.
    pub batch: usize,
    /// Share of one core the trainer may use on average, in (0, 1].
    pub cpu_budget: f64,
}

/// Where a node's training data comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataSource {
    /// The synthetic warm-start task (`x402_model::brain_data::synthetic`), with any examples
    /// of `brain-examples.jsonl`.
    Synthetic,
    /// The soul's recorded step outcomes.
    Recorded,
}

/// The examples a node trains on and scores against.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// Training examples (never empty).
    pub train: Vec<BrainExample>,
    /// Held-out examples.
    pub held_out: Vec<BrainExample>,
    /// Where they come from.
    pub source: DataSource,
}

/// The node's training data, replaceable while the trainer runs: each job trains on the data
/// current when it starts (the round protocol is unchanged).
#[derive(Debug, Clone)]
pub struct LocalData(Arc<RwLock<Arc<Dataset>>>);

impl LocalData {
    /// Data that starts as `dataset`.
    pub fn new(dataset: Dataset) -> LocalData {
        LocalData(Arc::new(RwLock::new(Arc::new(dataset))))
    }

    /// The current data.
    pub fn get(&self) -> Arc<Dataset> {
        self.0.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Replaces the data; an empty training set is ignored (returns false).
    pub fn set(&self, dataset: Dataset) -> bool {
        if dataset.train.is_empty() {
            return false;
        }
        *self.0.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(dataset);
        true
    }
}

/// Handle to the training thread. Dropping it stops the thread after its current job;
/// cancelling its token stops it after the current step (the job is abandoned).
pub struct Trainer {
    jobs: mpsc::Sender<Job>,
}

impl Trainer {
    /// Starts the thread with the node's own data (`train` examples and `held_out` set, read
    /// afresh by every job). Results arrive on the returned receiver. The thread stops when
    /// `shutdown` is cancelled, between steps.
    pub fn spawn(
        config: TrainerConfig,
        data: LocalData,
        shutdown: CancellationToken,
    ) -> Result<(Trainer, tokio_mpsc::Receiver<Result<Trained, BrainError>>), TrainerError> {
        let mut brain = Brain::new(config.brain, config.init_seed)?;
        let (jobs, job_rx) = mpsc::channel::<Job>();
        let (done_tx, done_rx) = tokio_mpsc::channel(4);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .thread_name(|_| "x402-train".into())
            .build()?;
        std::thread::Builder::new()
            .name("x402-trainer".into())
            .spawn(move || {
                let mut cursor = 0usize;
                let mut current: Option<Arc<Dataset>> = None;
                while let Ok(job) = job_rx.recv() {
                    let data = data.get();
                    if !current.as_ref().is_some_and(|c| Arc::ptr_eq(c, &data)) {
                        cursor = 0;
                        current = Some(data.clone());
                    }
                    let result = pool
                        .install(|| {
                            run_job(
                                &mut brain,
                                &config,
                                &data.train,
                                &data.held_out,
                                &mut cursor,
                                job,
                                &shutdown,
                            )
                        })
                        .transpose();
                    let Some(result) = result else { break };
                    if shutdown.is_cancelled() || done_tx.blocking_send(result).is_err() {
                        break;
                    }
                }
            })
            .map_err(TrainerError::Thread)?;
        Ok((Trainer { jobs }, done_rx))
    }

    /// Queues a job.
    pub fn submit(&self, job: Job) -> Result<(), TrainerStopped> {
        self.jobs.send(job).map_err(|_| TrainerStopped)
    }
}

fn run_job(
    brain: &mut Brain,
    config: &TrainerConfig,
    train: &[BrainExample],
    held_out: &[BrainExample],
    cursor: &mut usize,
    job: Job,
    shutdown: &CancellationToken,
) -> Result<Option<Trained>, BrainError> {
    brain.load_weights(&job.base)?;
    let budget = config.cpu_budget.clamp(0.01, 1.0);
    let mut loss_sum = 0.0;
    let mut samples = 0u64;
    for _ in 0..config.steps_per_round {
        if shutdown.is_cancelled() {
            return Ok(None); // shutting down: the round is abandoned between steps
        }
        let batch = next_batch(train, config.batch, cursor);
        let started = Instant::now();
        loss_sum += brain.train_step(&batch)? as f64;
        samples += batch.len() as u64;
        let took = started.elapsed();
        if budget < 1.0 {
            std::thread::sleep(Duration::from_secs_f64(
                took.as_secs_f64() * (1.0 - budget) / budget,
            ));
        }
    }
    let eval = brain.evaluate(held_out)?;
    Ok(Some(Trained {
        round: job.round,
        base_hash: job.base_hash,
        weights: brain.weights(),
        samples,
        train_loss: loss_sum / config.steps_per_round.max(1) as f64,
        eval,
    }))
}

/// The next `size` examples, wrapping around.
pub(crate) fn next_batch(
    train: &[BrainExample],
    size: usize,
    cursor: &mut usize,
) -> Vec<BrainExample> {
    let size = size.min(train.len());
    if size == 0 {
        return Vec::new();
    }
    let batch = (0..size)
        .map(|i| train[(*cursor + i) % train.len()].clone())
        .collect();
    *cursor = (*cursor + size) % train.len().max(1);
    batch
}

#[cfg(test)]
mod tests {
    use super::*;
    use x402_model::brain::Brain;
    use x402_model::brain_data::synthetic;

    fn config() -> TrainerConfig {
        TrainerConfig {
            brain: BrainConfig {
                hidden: 8,
                ..BrainConfig::default()
            },
            init_seed: 1,
            steps_per_round: 2,
            batch: 4,
            cpu_budget: 1.0,
        }
    }

    #[tokio::test]
    async fn each_job_trains_and_scores_on_the_data_current_when_it_starts() {
        let data = LocalData::new(Dataset {
            train: synthetic(16, 1),
            held_out: synthetic(8, 2),
            source: DataSource::Synthetic,
        });
        let (trainer, mut done) =
            Trainer::spawn(config(), data.clone(), CancellationToken::new()).unwrap();
        let base = Brain::new(config().brain, 1).unwrap().weights();
        let job = |round| Job {
            round,
            base_hash: x402_p2p::blobs::BlobHash::from([7u8; 32]),
            base: base.clone(),
        };
        trainer.submit(job(1)).unwrap();
        let first = done.recv().await.unwrap().unwrap();
        assert_eq!(first.eval.examples, 8);
        assert_eq!(first.samples, 8);
        // An empty set is refused; the trainer keeps the data it has.
        assert!(!data.set(Dataset {
            train: Vec::new(),
            held_out: synthetic(3, 3),
            source: DataSource::Recorded,
        }));
        assert_eq!(data.get().source, DataSource::Synthetic);
        assert!(data.set(Dataset {
            train: synthetic(3, 4),
            held_out: synthetic(5, 5),
            source: DataSource::Recorded,
        }));
        trainer.submit(job(2)).unwrap();
        let second = done.recv().await.unwrap().unwrap();
        assert_eq!(second.eval.examples, 5, "scored on the new held-out set");
        assert_eq!(second.samples, 6, "batches of at most the 3 new examples");
        assert_ne!(first.weights, second.weights);
    }
}
