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
pub mod pairs;
pub mod tokenizer;
pub mod train;
pub mod unified;
pub mod weights;

pub use weights::{Architecture, Tensor, Weights, WeightsError};

/// Checks shared by the models' tests.
#[cfg(test)]
pub(crate) mod test_util {
    use candle_core::Var;
    use candle_core::backprop::GradStore;

    /// Asserts that every named Var received a finite, non-zero gradient (candle's fast ops
    /// silently record none).
    pub(crate) fn assert_every_var_has_gradient(grads: &GradStore, vars: &[(String, Var)]) {
        for (name, var) in vars {
            let g = grads
                .get(var.as_tensor())
                .unwrap_or_else(|| panic!("no gradient for {name}"));
            let norm = g
                .sqr()
                .unwrap()
                .sum_all()
                .unwrap()
                .to_scalar::<f32>()
                .unwrap();
            assert!(norm.is_finite() && norm > 0.0, "{name}: grad norm² {norm}");
        }
    }
}
