//! The node's "brain": a feed-forward net that scores a planning step before it runs.
//!
//! Architecture (as the reference system): 128 features → 1024 → 1024 → 23 with ReLU, i.e.
//! 1,205,271 parameters at the default size. The 23 outputs are 1 success logit, 11
//! error-class logits and 11 capability logits. Loss = BCE-with-logits on success +
//! cross-entropy over the error classes (failed examples only) + BCE-with-logits on the
//! capabilities (mean over all 11 × N entries).
//!
//! Initialisation is deterministic from a `u64` seed (our own SplitMix64 stream, not candle's
//! unseedable CPU RNG): Kaiming-uniform for the ReLU layers, Xavier-uniform for the output
//! layer, zero biases. Every node that starts from the same seed holds bit-identical weights.
//!
//! Only differentiable candle ops are used (no `softmax_last_dim` or other `*_no_bwd` fast
//! paths); the tests check that every Var receives a finite, non-zero gradient.

use candle_core::{D, DType, Device, Module, Tensor as CTensor, Var};
use candle_nn::{Linear, VarBuilder, VarMap};
use serde::{Deserialize, Serialize};

use crate::optim::{Optimizer, Schedule};
use crate::weights::{Architecture, Tensor, Weights, WeightsError};

/// Number of input features.
pub const FEATURES: usize = 128;
/// Number of error classes (output logits 1..12).
pub const ERROR_CLASSES: usize = 11;
/// Number of capability flags (output logits 12..23).
pub const CAPABILITIES: usize = 11;
/// Number of outputs: 1 success + error classes + capabilities.
pub const OUTPUTS: usize = 1 + ERROR_CLASSES + CAPABILITIES;

/// Layer names in order; each has `.weight` `[out, in]` and `.bias` `[out]`.
const LAYERS: [&str; 3] = ["fc1", "fc2", "fc3"];

/// One labelled planning step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BrainExample {
    /// Exactly [`FEATURES`] finite values.
    pub features: Vec<f32>,
    /// Whether the step succeeded.
    pub success: bool,
    /// Error class in `0..ERROR_CLASSES`; `Some` only when `!success` (`None` on a failure
    /// means "unknown class" and only the success/capability terms are trained).
    pub error_class: Option<u8>,
    /// Capabilities the step exercised.
    pub capabilities: [bool; CAPABILITIES],
}

/// Size and optimiser settings of a [`Brain`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BrainConfig {
    /// Width of both hidden layers (1024 in the reference).
    pub hidden: usize,
    /// Peak learning rate (the schedule decays to `lr / 10`).
    pub lr: f64,
    /// Decoupled AdamW weight decay on the weight matrices.
    pub weight_decay: f64,
    /// Maximum global gradient norm.
    pub clip_norm: f64,
    /// Linear warm-up steps.
    pub warmup_steps: usize,
    /// Steps of cosine decay (then constant at `lr / 10`).
    pub total_steps: usize,
}

impl Default for BrainConfig {
    fn default() -> Self {
        BrainConfig {
            hidden: 1024,
            lr: 3e-3,
            weight_decay: 1e-2,
            clip_norm: 1.0,
            warmup_steps: 100,
            total_steps: 10_000,
        }
    }
}

/// Errors from the brain.
#[derive(Debug, thiserror::Error)]
pub enum BrainError {
    /// A candle operation failed.
    #[error("candle: {0}")]
    Candle(#[from] candle_core::Error),
    /// Weights could not be built or do not fit.
    #[error(transparent)]
    Weights(#[from] WeightsError),
    /// The configuration is unusable.
    #[error("invalid brain config: {0}")]
    InvalidConfig(String),
    /// An example (at `index` in the batch) is malformed.
    #[error("invalid example {index}: {reason}")]
    InvalidExample {
        /// Position in the batch.
        index: usize,
        /// What is wrong.
        reason: String,
    },
    /// A feature vector has the wrong length or non-finite values.
    #[error("invalid features: {0}")]
    InvalidFeatures(String),
    /// Training needs at least one example.
    #[error("empty batch")]
    EmptyBatch,
}

/// Held-out metrics.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// Mean loss (same definition as training).
    pub loss: f64,
    /// Fraction of examples whose success prediction (p > 0.5) is right.
    pub success_accuracy: f64,
    /// Arg-max accuracy over failed examples with a known error class (0 if there are none).
    pub error_accuracy: f64,
    /// Fraction of the `examples × 11` capability flags predicted right (p > 0.5).
    pub capability_accuracy: f64,
    /// Number of examples evaluated.
    pub examples: usize,
    /// Number of examples with a known error class (the denominator of `error_accuracy`).
    pub failed_examples: usize,
}

/// Prediction for one planning step.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    /// Probability that the step succeeds.
    pub success_prob: f32,
    /// Most likely error class if it fails.
    pub likely_error: u8,
    /// Softmax probability of `likely_error`.
    pub error_confidence: f32,
    /// Probability of each capability.
    pub capabilities: [f32; CAPABILITIES],
}

/// Deterministic SplitMix64 stream (stable across crate and platform versions).
#[derive(Debug, Clone)]
pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    /// A stream seeded with `seed`.
    pub(crate) fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// Next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)` with 24 bits of precision.
    pub(crate) fn unit_f32(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }

    /// Uniform in `[-bound, bound)`.
    pub(crate) fn symmetric(&mut self, bound: f32) -> f32 {
        (self.unit_f32() * 2.0 - 1.0) * bound
    }

    /// Uniform integer in `0..n` (`n > 0`).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Approximately standard normal (sum of 4 uniforms, rescaled).
    pub(crate) fn normalish(&mut self) -> f32 {
        let s: f32 = (0..4).map(|_| self.unit_f32()).sum();
        (s - 2.0) * 3f32.sqrt()
    }
}

/// The brain FFN with its optimiser. `Send`, so a background trainer can own it.
pub struct Brain {
    config: BrainConfig,
    varmap: VarMap,
    /// `(name, var)` sorted by name.
    vars: Vec<(String, Var)>,
    layers: Vec<Linear>,
    optimizer: Optimizer,
}

impl std::fmt::Debug for Brain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Brain")
            .field("config", &self.config)
            .field("steps", &self.optimizer.steps())
            .finish_non_exhaustive()
    }
}

/// Layer dimensions `(in, out)` for a config.
fn dims(config: &BrainConfig) -> [(usize, usize); 3] {
    [
        (FEATURES, config.hidden),
        (config.hidden, config.hidden),
        (config.hidden, OUTPUTS),
    ]
}

/// Validated tensors of one batch.
struct Batch {
    x: CTensor,
    success: CTensor,
    capabilities: CTensor,
    /// Row indices (u32) of examples with a known error class, and their classes.
    failed: Option<(CTensor, CTensor)>,
}

fn check_features(features: &[f32]) -> Result<(), String> {
    if features.len() != FEATURES {
        return Err(format!(
            "expected {FEATURES} features, got {}",
            features.len()
        ));
    }
    if let Some(i) = features.iter().position(|v| !v.is_finite()) {
        return Err(format!("feature {i} is not finite"));
    }
    Ok(())
}

/// Validates one example (`index` is reported in the error).
pub(crate) fn check_example(index: usize, e: &BrainExample) -> Result<(), BrainError> {
    let invalid = |reason: String| BrainError::InvalidExample { index, reason };
    check_features(&e.features).map_err(invalid)?;
    match e.error_class {
        Some(c) if usize::from(c) >= ERROR_CLASSES => Err(invalid(format!(
            "error class {c} out of range 0..{ERROR_CLASSES}"
        ))),
        Some(_) if e.success => Err(invalid(
            "error class set on a successful example".to_string(),
        )),
        _ => Ok(()),
    }
}

/// Numerically stable BCE with logits, mean over all entries:
/// `relu(x) − x·y + ln(1 + exp(−|x|))`.
fn bce_with_logits(logits: &CTensor, targets: &CTensor) -> candle_core::Result<CTensor> {
    let softplus_neg_abs = (logits.abs()?.neg()?.exp()? + 1.0)?.log()?;
    (logits.relu()? - (logits * targets)?)?
        .add(&softplus_neg_abs)?
        .mean_all()
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// `ln(1 + e^x)` in f64, stable for large |x|.
fn softplus(x: f64) -> f64 {
    x.max(0.0) + (-x.abs()).exp().ln_1p()
}

impl Brain {
    /// A freshly initialised brain; same `config` and `seed` → bit-identical weights.
    pub fn new(config: BrainConfig, seed: u64) -> Result<Self, BrainError> {
        if config.hidden == 0 {
            return Err(BrainError::InvalidConfig("hidden must be > 0".into()));
        }
        if !(config.lr.is_finite() && config.lr > 0.0) {
            return Err(BrainError::InvalidConfig(format!("lr {}", config.lr)));
        }
        let device = Device::Cpu;
        let varmap = VarMap::new();
        let mut rng = SplitMix64::new(seed);
        let mut vars = Vec::new();
        {
            let mut data = varmap
                .data()
                .lock()
                .map_err(|_| BrainError::InvalidConfig("poisoned var map".into()))?;
            for (i, (name, (fan_in, fan_out))) in LAYERS.iter().zip(dims(&config)).enumerate() {
                let bound = if i + 1 < LAYERS.len() {
                    (6.0 / fan_in as f32).sqrt() // Kaiming-uniform (ReLU)
                } else {
                    (6.0 / (fan_in + fan_out) as f32).sqrt() // Xavier-uniform
                };
                let w: Vec<f32> = (0..fan_in * fan_out)
                    .map(|_| rng.symmetric(bound))
                    .collect();
                let w = Var::from_tensor(&CTensor::from_vec(w, (fan_out, fan_in), &device)?)?;
                let b = Var::zeros(fan_out, DType::F32, &device)?;
                data.insert(format!("{name}.weight"), w.clone());
                data.insert(format!("{name}.bias"), b.clone());
                vars.push((format!("{name}.weight"), w));
                vars.push((format!("{name}.bias"), b));
            }
        }
        vars.sort_by(|a, b| a.0.cmp(&b.0));
        let vb = VarBuilder::from_varmap(&varmap, DType::F32, &device);
        let layers = LAYERS
            .iter()
            .zip(dims(&config))
            .map(|(name, (i, o))| candle_nn::linear(i, o, vb.pp(*name)))
            .collect::<candle_core::Result<Vec<_>>>()?;
        let optimizer = Optimizer::new(
            vars.iter().map(|(_, v)| v.clone()).collect(),
            Schedule {
                warmup_steps: config.warmup_steps,
                total_steps: config.total_steps,
                peak_lr: config.lr,
                min_lr: config.lr / 10.0,
            },
            config.weight_decay,
            config.clip_norm,
        )?;
        Ok(Brain {
            config,
            varmap,
            vars,
            layers,
            optimizer,
        })
    }

    /// Tensor names and shapes of a brain with this config.
    pub fn architecture(config: &BrainConfig) -> Architecture {
        let mut tensors: Vec<(String, Vec<usize>)> = LAYERS
            .iter()
            .zip(dims(config))
            .flat_map(|(name, (i, o))| {
                [
                    (format!("{name}.weight"), vec![o, i]),
                    (format!("{name}.bias"), vec![o]),
                ]
            })
            .collect();
        tensors.sort();
        Architecture { tensors }
    }

    /// The configuration.
    pub fn config(&self) -> &BrainConfig {
        &self.config
    }

    /// The candle var map holding the parameters (names as in [`Brain::architecture`]).
    pub fn varmap(&self) -> &VarMap {
        &self.varmap
    }

    /// The trainable Vars, sorted by name.
    pub fn vars(&self) -> Vec<Var> {
        self.vars.iter().map(|(_, v)| v.clone()).collect()
    }

    /// Exact current parameter values.
    pub fn weights(&self) -> Weights {
        let mut w = Weights::new();
        for (name, var) in &self.vars {
            let t = var.as_tensor();
            let data = t
                .flatten_all()
                .and_then(|f| f.to_vec1::<f32>())
                .expect("CPU f32 parameters are always readable");
            w.insert(
                name.clone(),
                Tensor {
                    shape: t.dims().to_vec(),
                    data,
                },
            )
            .expect("parameter shapes are consistent");
        }
        w
    }

    /// Replaces the parameters (e.g. with a federated average). The architecture must match
    /// exactly. AdamW moments and the step counter are kept, so training continues smoothly
    /// from the new point; call [`Brain::reset_optimizer`] to drop them.
    pub fn load_weights(&mut self, w: &Weights) -> Result<(), BrainError> {
        Self::architecture(&self.config).check(w)?;
        for (name, t) in w.iter() {
            if let Some((index, &value)) = t.data.iter().enumerate().find(|(_, v)| !v.is_finite()) {
                return Err(WeightsError::NonFinite {
                    name: name.to_string(),
                    index,
                    value,
                }
                .into());
            }
        }
        for (name, var) in &self.vars {
            // The architecture check guarantees presence and shape.
            let Some(t) = w.get(name) else {
                return Err(WeightsError::ArchitectureMismatch(format!("missing `{name}`")).into());
            };
            let new = CTensor::from_vec(t.data.clone(), t.shape.as_slice(), &Device::Cpu)?;
            var.set(&new)?;
        }
        Ok(())
    }

    /// Forgets AdamW moments and restarts the learning-rate schedule.
    pub fn reset_optimizer(&mut self) -> Result<(), BrainError> {
        self.optimizer = Optimizer::new(
            self.vars(),
            *self.optimizer.schedule(),
            self.config.weight_decay,
            self.config.clip_norm,
        )?;
        Ok(())
    }

    /// Logits `[N, OUTPUTS]` for features `[N, FEATURES]` (differentiable).
    pub fn forward(&self, x: &CTensor) -> candle_core::Result<CTensor> {
        let h = self.layers[0].forward(x)?.relu()?;
        let h = self.layers[1].forward(&h)?.relu()?;
        self.layers[2].forward(&h)
    }

    fn batch(batch: &[BrainExample]) -> Result<Batch, BrainError> {
        if batch.is_empty() {
            return Err(BrainError::EmptyBatch);
        }
        let n = batch.len();
        let mut x = Vec::with_capacity(n * FEATURES);
        let mut success = Vec::with_capacity(n);
        let mut caps = Vec::with_capacity(n * CAPABILITIES);
        let mut rows = Vec::new();
        let mut classes = Vec::new();
        for (i, e) in batch.iter().enumerate() {
            check_example(i, e)?;
            x.extend_from_slice(&e.features);
            success.push(if e.success { 1f32 } else { 0.0 });
            caps.extend(e.capabilities.iter().map(|&c| if c { 1f32 } else { 0.0 }));
            if let Some(c) = e.error_class {
                rows.push(i as u32);
                classes.push(u32::from(c));
            }
        }
        let dev = Device::Cpu;
        let failed = if rows.is_empty() {
            None
        } else {
            let k = rows.len();
            Some((
                CTensor::from_vec(rows, k, &dev)?,
                CTensor::from_vec(classes, (k, 1), &dev)?,
            ))
        };
        Ok(Batch {
            x: CTensor::from_vec(x, (n, FEATURES), &dev)?,
            success: CTensor::from_vec(success, n, &dev)?,
            capabilities: CTensor::from_vec(caps, (n, CAPABILITIES), &dev)?,
            failed,
        })
    }

    fn batch_loss(&self, b: &Batch) -> candle_core::Result<CTensor> {
        let logits = self.forward(&b.x)?;
        let success = logits.narrow(1, 0, 1)?.squeeze(1)?;
        let mut loss = bce_with_logits(&success, &b.success)?;
        if let Some((rows, classes)) = &b.failed {
            // index_select needs a contiguous input: select rows first, then narrow.
            let err = logits.index_select(rows, 0)?.narrow(1, 1, ERROR_CLASSES)?;
            let logp = candle_nn::ops::log_softmax(&err, D::Minus1)?;
            let nll = logp.gather(classes, 1)?.mean_all()?.neg()?;
            loss = (loss + nll)?;
        }
        let caps = logits.narrow(1, 1 + ERROR_CLASSES, CAPABILITIES)?;
        loss + bce_with_logits(&caps, &b.capabilities)?
    }

    /// Scalar training loss of a batch (differentiable; for custom trainers).
    pub fn loss(&self, batch: &[BrainExample]) -> Result<CTensor, BrainError> {
        let b = Self::batch(batch)?;
        Ok(self.batch_loss(&b)?)
    }

    /// One AdamW step on `batch`; returns the loss before the step.
    pub fn train_step(&mut self, batch: &[BrainExample]) -> Result<f32, BrainError> {
        let loss = self.loss(batch)?;
        let value = loss.to_scalar::<f32>()?;
        self.optimizer.step(&loss)?;
        Ok(value)
    }

    /// Loss and accuracies on `examples` (computed in chunks, no parameter change).
    pub fn evaluate(&self, examples: &[BrainExample]) -> Result<Evaluation, BrainError> {
        let (mut s_loss, mut e_loss, mut c_loss) = (0f64, 0f64, 0f64);
        let (mut s_ok, mut e_ok, mut c_ok, mut failed) = (0usize, 0usize, 0usize, 0usize);
        for (ci, chunk) in examples.chunks(512).enumerate() {
            let b = Self::batch(chunk).map_err(|e| match e {
                BrainError::InvalidExample { index, reason } => BrainError::InvalidExample {
                    index: index + ci * 512,
                    reason,
                },
                other => other,
            })?;
            let logits = self.forward(&b.x)?.detach().to_vec2::<f32>()?;
            for (row, e) in logits.iter().zip(chunk) {
                let s = f64::from(row[0]);
                let y = if e.success { 1.0 } else { 0.0 };
                s_loss += softplus(s) - s * y;
                if (s > 0.0) == e.success {
                    s_ok += 1;
                }
                if let Some(c) = e.error_class {
                    failed += 1;
                    let err = &row[1..1 + ERROR_CLASSES];
                    let max = err.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v));
                    let lse = f64::from(max)
                        + err
                            .iter()
                            .map(|&v| f64::from(v - max).exp())
                            .sum::<f64>()
                            .ln();
                    e_loss += lse - f64::from(err[usize::from(c)]);
                    if argmax(err) == usize::from(c) {
                        e_ok += 1;
                    }
                }
                for (k, &flag) in e.capabilities.iter().enumerate() {
                    let x = f64::from(row[1 + ERROR_CLASSES + k]);
                    c_loss += softplus(x) - if flag { x } else { 0.0 };
                    if (x > 0.0) == flag {
                        c_ok += 1;
                    }
                }
            }
        }
        let n = examples.len();
        if n == 0 {
            return Err(BrainError::EmptyBatch);
        }
        let nf = n as f64;
        let mut loss = s_loss / nf + c_loss / (nf * CAPABILITIES as f64);
        if failed > 0 {
            loss += e_loss / failed as f64;
        }
        Ok(Evaluation {
            loss,
            success_accuracy: s_ok as f64 / nf,
            error_accuracy: if failed > 0 {
                e_ok as f64 / failed as f64
            } else {
                0.0
            },
            capability_accuracy: c_ok as f64 / (nf * CAPABILITIES as f64),
            examples: n,
            failed_examples: failed,
        })
    }

    /// Scores one planning step.
    pub fn predict(&self, features: &[f32]) -> Result<Prediction, BrainError> {
        check_features(features).map_err(BrainError::InvalidFeatures)?;
        let x = CTensor::from_slice(features, (1, FEATURES), &Device::Cpu)?;
        let row = self.forward(&x)?.detach().flatten_all()?.to_vec1::<f32>()?;
        let err = &row[1..1 + ERROR_CLASSES];
        let likely = argmax(err);
        let max = err[likely];
        let denom: f32 = err.iter().map(|&v| (v - max).exp()).sum();
        let mut capabilities = [0f32; CAPABILITIES];
        for (k, c) in capabilities.iter_mut().enumerate() {
            *c = sigmoid(row[1 + ERROR_CLASSES + k]);
        }
        Ok(Prediction {
            success_prob: sigmoid(row[0]),
            likely_error: likely as u8,
            error_confidence: 1.0 / denom,
            capabilities,
        })
    }

    /// Optimiser steps taken so far.
    pub fn steps(&self) -> usize {
        self.optimizer.steps()
    }
}

fn argmax(v: &[f32]) -> usize {
    let mut best = 0;
    for (i, &x) in v.iter().enumerate() {
        if x > v[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> BrainConfig {
        BrainConfig {
            hidden: 64,
            lr: 3e-3,
            warmup_steps: 0,
            total_steps: 1000,
            ..BrainConfig::default()
        }
    }

    fn batch(n: usize, seed: u64) -> Vec<BrainExample> {
        let mut rng = SplitMix64::new(seed);
        (0..n)
            .map(|i| {
                let features: Vec<f32> = (0..FEATURES).map(|_| rng.symmetric(1.0)).collect();
                let success = features[0] + features[1] > 0.0;
                let mut capabilities = [false; CAPABILITIES];
                for (k, c) in capabilities.iter_mut().enumerate() {
                    *c = features[2 + k] > 0.0;
                }
                BrainExample {
                    features,
                    success,
                    error_class: (!success).then_some((i % ERROR_CLASSES) as u8),
                    capabilities,
                }
            })
            .collect()
    }

    #[test]
    fn brain_is_send() {
        fn assert_send<T: Send>() {}
        assert_send::<Brain>();
    }

    #[test]
    fn full_size_parameter_count() {
        let config = BrainConfig::default();
        assert_eq!(Brain::architecture(&config).num_params(), 1_205_271);
        let brain = Brain::new(config, 7).unwrap();
        let w = brain.weights();
        assert_eq!(w.num_params(), 1_205_271);
        assert_eq!(w.architecture(), Brain::architecture(&config));
    }

    #[test]
    fn every_var_gets_a_finite_nonzero_gradient() {
        let brain = Brain::new(small(), 1).unwrap();
        let loss = brain.loss(&batch(32, 2)).unwrap();
        let grads = loss.backward().unwrap();
        let vars = brain.varmap().all_vars();
        assert_eq!(vars.len(), 6);
        crate::test_util::assert_every_var_has_gradient(&grads, &brain.vars);
    }

    #[test]
    fn training_lowers_loss() {
        let mut brain = Brain::new(small(), 3).unwrap();
        let data = batch(64, 4);
        let first = brain.train_step(&data).unwrap();
        let mut last = first;
        for _ in 0..30 {
            last = brain.train_step(&data).unwrap();
        }
        assert_eq!(brain.steps(), 31);
        assert!(last < first * 0.9, "{first} -> {last}");
        let eval = brain.evaluate(&data).unwrap();
        assert!(
            (eval.loss - f64::from(brain.loss(&data).unwrap().to_scalar::<f32>().unwrap())).abs()
                < 1e-3
        );
        assert!(eval.success_accuracy > 0.7, "{eval:?}");
        let p = brain.predict(&data[0].features).unwrap();
        assert!((0.0..=1.0).contains(&p.success_prob));
        assert!(p.error_confidence >= 1.0 / ERROR_CLASSES as f32 - 1e-6);
    }

    #[test]
    fn seeded_init_is_deterministic() {
        let a = Brain::new(small(), 42).unwrap().weights().blake3_hex();
        let b = Brain::new(small(), 42).unwrap().weights().blake3_hex();
        let c = Brain::new(small(), 43).unwrap().weights().blake3_hex();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn load_weights_round_trip_and_mismatch() {
        let mut a = Brain::new(small(), 5).unwrap();
        let b = Brain::new(small(), 6).unwrap();
        let wb = b.weights();
        a.load_weights(&wb).unwrap();
        assert_eq!(a.weights(), wb);
        assert_eq!(
            a.predict(&batch(1, 9)[0].features).unwrap(),
            b.predict(&batch(1, 9)[0].features).unwrap()
        );
        // Training still works after a load.
        a.train_step(&batch(8, 1)).unwrap();
        assert_ne!(a.weights(), wb);

        let other = Brain::new(
            BrainConfig {
                hidden: 32,
                ..small()
            },
            5,
        )
        .unwrap();
        let err = a.load_weights(&other.weights()).unwrap_err();
        assert!(
            matches!(
                err,
                BrainError::Weights(WeightsError::ArchitectureMismatch(_))
            ),
            "{err}"
        );
    }

    #[test]
    fn invalid_input_rejected() {
        let brain = Brain::new(small(), 1).unwrap();
        assert!(matches!(
            brain.predict(&[0.0; 3]),
            Err(BrainError::InvalidFeatures(_))
        ));
        let mut bad = batch(2, 1);
        bad[1].features[5] = f32::NAN;
        assert!(matches!(
            brain.loss(&bad),
            Err(BrainError::InvalidExample { index: 1, .. })
        ));
        let mut bad = batch(2, 1);
        bad[0].success = false;
        bad[0].error_class = Some(11);
        assert!(matches!(
            brain.loss(&bad),
            Err(BrainError::InvalidExample { index: 0, .. })
        ));
        assert!(matches!(brain.loss(&[]), Err(BrainError::EmptyBatch)));
    }
}
