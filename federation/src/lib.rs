//! Federated weights for the tempo-x402 swarm.
//!
//! Every node trains the brain on its own data; the queen elected by gossip runs rounds that
//! combine the workers' updates into one canonical model with a Byzantine-robust rule, and every
//! node adopts the canonical weights of the current queen's term.
//!
//! - [`aggregate`]: coordinate-wise median, trimmed mean and FedAvg.
//! - [`validate`]: checks a fetched weights file against its manifest (hash, size, header,
//!   architecture, finite values, norm, distance from the round's base).
//! - [`round`]: the rules of a round without I/O (collection on the queen, adoption everywhere).
//! - [`trainer`]: the background training thread and its CPU budget.
//! - [`experiment`]: the colony-vs-solo experiment behind `x402-node bench models`.
//! - [`service`]: the event loop that ties gossip, blobs, training and aggregation together;
//!   [`status`] is what it reports.
//!
//! Weights travel as deterministic safetensors files in iroh-blobs, announced by signed
//! manifests on the `weights` gossip topic (see `docs/weights.md`).

pub mod aggregate;
pub mod experiment;
mod providers;
pub mod round;
pub mod service;
pub mod status;
pub mod trainer;
pub mod validate;

pub use aggregate::Rule;
pub use round::{Canonical, CollectPolicy};
pub use service::{
    Federation, FederationConfig, FederationError, FederationStopped, TrainingRequest,
    WeightsStatus,
};
pub use trainer::TrainerConfig;
