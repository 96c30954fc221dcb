//! Neural models of a tempo-x402 node: small models trained on CPU (candle), exchanged as
//! content-addressed safetensors blobs and averaged across the swarm.
//!
//! Modules:
//! - [`weights`]: framework-independent named `f32` tensors with a deterministic safetensors
//!   encoding (the unit of exchange between nodes).
//! - [`optim`]: learning-rate schedule, gradient clipping and the AdamW optimiser shared by
//!   all trainers.
//! - [`brain`]: the 128 → 1024 → 1024 → 23 plan-step scorer (1,205,271 parameters),
//!   deterministically initialised from a seed.
//! - [`brain_data`]: a deterministic *synthetic* labelled plan-step dataset, held-out splits
//!   and IID / non-IID shards for federated experiments.
//! - [`tokenizer`]: byte-level BPE (8,192 ids) and the model's task tokens.
//! - [`corpus`]: training text collected from the node's sources, chunked and split.
//! - [`unified`]: the ~16M-parameter unified encoder / fast-head / decoder model.
//! - [`fused`]: fused CPU kernels with hand-written backward (cross-entropy).
//! - [`train`]: the local trainer of the unified model (steps, evaluation, checkpoints).

pub mod brain;
pub mod brain_data;
pub mod corpus;
pub mod fused;
pub mod optim;
pub mod tokenizer;
pub mod train;
pub mod unified;
pub mod weights;

pub use weights::{Architecture, Tensor, Weights, WeightsError};
