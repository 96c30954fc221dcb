//! The node's side of the soul's learning systems: the brain (the federation's canonical
//! weights, loaded from the blob store whenever they change, and the trainer's data replaced by
//! the soul's recorded step outcomes once there are [`MIN_RECORDED`]) and the hivemind (the
//! cognition's pheromone field, gossiped and merged from peers, which also takes in the soul's
//! learning surprise for the free energy).

use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use tokio::sync::watch;
use x402_cognition::{Deposit, Trail, TrailCategory};
use x402_federation::WeightsStatus;
use x402_federation::trainer::{DataSource, Dataset, LocalData};
use x402_model::brain::{Brain, BrainConfig, BrainExample, Prediction};
use x402_model::brain_data;
use x402_p2p::blobs::BlobNode;
use x402_soul::systems::hivemind::field_summary;
use x402_soul::systems::{BrainModel, Field};

use crate::soul::SoulState;

/// Recorded step outcomes the trainer needs before it trains on them instead of the synthetic
/// warm start.
pub const MIN_RECORDED: usize = 64;
/// Every this-many-th recorded example is held out.
const HELD_OUT_EVERY: usize = 5;

struct Loaded {
    hash: String,
    brain: Brain,
}

/// The canonical brain and the trainer's data.
pub struct NodeBrain {
    data: LocalData,
    model: Mutex<Option<Loaded>>,
    /// Recorded examples handed over last.
    recorded: Mutex<usize>,
}

impl NodeBrain {
    /// A brain over the trainer's `data`, and the task (for the caller to join) that keeps the
    /// canonical weights of `status` loaded (from `blobs`) until `shutdown` is cancelled.
    pub fn spawn(
        data: LocalData,
        blobs: BlobNode,
        mut status: watch::Receiver<Arc<WeightsStatus>>,
        shutdown: tokio_util::sync::CancellationToken,
    ) -> (Arc<NodeBrain>, tokio::task::JoinHandle<()>) {
        let brain = Arc::new(NodeBrain {
            data,
            model: Mutex::new(None),
            recorded: Mutex::new(0),
        });
        let me = brain.clone();
        let loader = tokio::spawn(async move {
            loop {
                let hash = status.borrow_and_update().canonical_hash.to_string();
                if let Err(e) = me.load(&blobs, &hash).await {
                    tracing::warn!(error = %e, %hash, "canonical brain not loaded for the soul");
                }
                tokio::select! {
                    _ = shutdown.cancelled() => break,
                    r = status.changed() => if r.is_err() { break },
                }
            }
        });
        (brain, loader)
    }

    async fn load(&self, blobs: &BlobNode, hash: &str) -> anyhow::Result<()> {
        let current = self
            .model
            .lock()
            .expect("brain lock")
            .as_ref()
            .map(|l| l.hash.clone());
        if current.as_deref() == Some(hash) {
            return Ok(());
        }
        let bytes = blobs.read(&hash.parse()?).await?;
        let brain = tokio::task::spawn_blocking(move || -> anyhow::Result<Brain> {
            let weights = x402_model::Weights::from_safetensors(&bytes)?;
            let mut brain = Brain::new(BrainConfig::default(), 0)?;
            brain.load_weights(&weights)?;
            Ok(brain)
        })
        .await??;
        *self.model.lock().expect("brain lock") = Some(Loaded {
            hash: hash.to_string(),
            brain,
        });
        tracing::info!(hash, "soul brain loaded the canonical weights");
        Ok(())
    }
}

impl BrainModel for NodeBrain {
    fn predict(&self, features: &[f32]) -> Option<Prediction> {
        let model = self.model.lock().expect("brain lock");
        model.as_ref()?.brain.predict(features).ok()
    }

    fn train_on(&self, examples: Vec<BrainExample>) {
        *self.recorded.lock().expect("brain lock") = examples.len();
        if examples.len() < MIN_RECORDED {
            return;
        }
        let (train, held_out) = brain_data::split_held_out(examples, HELD_OUT_EVERY);
        let n = train.len();
        if self.data.set(Dataset {
            train,
            held_out,
            source: DataSource::Recorded,
        }) {
            tracing::debug!(train = n, "the brain trains on recorded step outcomes");
        }
    }

    fn summary(&self) -> Value {
        let data = self.data.get();
        let recorded = *self.recorded.lock().expect("brain lock");
        let loaded = self
            .model
            .lock()
            .expect("brain lock")
            .as_ref()
            .map(|l| l.hash.clone());
        json!({
            "weights": loaded,
            "data": data.source,
            "train": data.train.len(),
            "held_out": data.held_out.len(),
            "recorded": recorded,
            "min_recorded": MIN_RECORDED,
            "note": match data.source {
                DataSource::Synthetic => format!(
                    "synthetic warm start: {recorded} of {MIN_RECORDED} recorded steps needed"
                ),
                DataSource::Recorded => "training on recorded step outcomes".to_string(),
            },
        })
    }
}

/// The cognition's pheromone field.
pub struct NodeField {
    /// The node's cognition.
    pub state: Arc<SoulState>,
}

impl Field for NodeField {
    fn deposit(&self, deposits: &[Deposit]) {
        let mut c = self.state.cognition.write().expect("cognition lock");
        for d in deposits {
            c.pheromones.deposit(&d.resource, d.category, d.valence);
        }
    }

    fn trail(&self, resource: &str, category: TrailCategory) -> Option<Trail> {
        let c = self.state.cognition.read().expect("cognition lock");
        c.pheromones.trail(resource, category).cloned()
    }

    fn summary(&self, n: usize) -> Value {
        let c = self.state.cognition.read().expect("cognition lock");
        field_summary(&c.pheromones, n)
    }

    fn surprise(&self, surprise: f64) {
        *self.state.learning_surprise.write().expect("surprise lock") = Some(surprise);
    }
}
