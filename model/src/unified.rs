//! The unified model: a shared bidirectional encoder with two heads.
//!
//! * **Fast head** (`classify`): mean-pooled encoder output → `D → head_hidden → 24` logits
//!   (success, 11 error classes, 11 capabilities, quality). The source starts with a
//!   [`TaskToken`] (`Predict` or `Quality`) that selects the path.
//! * **Decoder** (`generate_logits`): causal self-attention + cross-attention to the encoder,
//!   output projection tied to the token embedding (plus a bias), for `Code`/`Plan` generation.
//!
//! Pre-LN transformer blocks, learned positions (separate tables for encoder and decoder), GELU
//! feed-forward, no dropout. Only differentiable candle ops are used (explicit `matmul` +
//! `ops::softmax` attention, `ops::layer_norm_slow`) plus the fused cross-entropy of
//! [`crate::fused`] (hand-written backward, tested against the unfused ops), so every parameter
//! receives a gradient (checked by a test). With the default configuration the model has **16,079,648**
//! parameters.
//!
//! Initialisation is deterministic: all values are drawn from a `rand::rngs::StdRng` seeded
//! with the given seed (rand 0.9.5 is pinned, so the stream is stable), in a fixed order.

use std::path::Path;

use candle_core::{D, DType, Device, Tensor, Var};
use candle_nn::ops;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

use crate::tokenizer::{MODEL_VOCAB, TaskToken};
use crate::weights::{self, Weights, WeightsError};

/// Number of fast-head outputs: success, 11 error classes, 11 capabilities, quality.
pub const HEAD_OUTPUTS: usize = 24;
/// Index of the success logit.
pub const HEAD_SUCCESS: usize = 0;
/// First error-class logit (11 classes, softmax / cross-entropy).
pub const HEAD_ERRORS: usize = 1;
/// Number of error classes.
pub const NUM_ERRORS: usize = 11;
/// First capability logit (11 independent sigmoids).
pub const HEAD_CAPS: usize = 12;
/// Number of capabilities.
pub const NUM_CAPS: usize = 11;
/// Index of the quality logit (sigmoid, soft target in `[0, 1]`).
pub const HEAD_QUALITY: usize = 23;

const LN_EPS: f32 = 1e-5;
const NEG_INF: f64 = -1e9;

/// Errors of the unified model.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// A tensor operation failed.
    #[error("candle: {0}")]
    Candle(#[from] candle_core::Error),
    /// The configuration is inconsistent.
    #[error("invalid model config: {0}")]
    Config(String),
    /// Input data does not fit the model (token id out of range, sequence too long, …).
    #[error("invalid input: {0}")]
    Input(String),
    /// Weights could not be encoded, decoded or do not match the architecture.
    #[error("weights: {0}")]
    Weights(#[from] WeightsError),
    /// Reading or writing a weights file failed.
    #[error("model i/o at {path}: {source}")]
    Io {
        /// File involved.
        path: String,
        /// Underlying error.
        #[source]
        source: std::io::Error,
    },
}

type Result<T> = std::result::Result<T, ModelError>;

/// Sizes of the unified model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnifiedConfig {
    /// Model vocabulary (BPE ids + task tokens + reserved), 8,200.
    pub vocab: usize,
    /// Model width, 384.
    pub d_model: usize,
    /// Attention heads, 6.
    pub heads: usize,
    /// Feed-forward width, 1,536.
    pub d_ff: usize,
    /// Encoder blocks, 3.
    pub encoder_layers: usize,
    /// Decoder blocks, 3.
    pub decoder_layers: usize,
    /// Longest source or target sequence (learned positions), 512.
    pub max_seq: usize,
    /// Hidden width of the fast head, 256.
    pub head_hidden: usize,
    /// Fast-head outputs, 24 ([`HEAD_OUTPUTS`]).
    pub head_outputs: usize,
}

impl Default for UnifiedConfig {
    fn default() -> Self {
        Self {
            vocab: MODEL_VOCAB,
            d_model: 384,
            heads: 6,
            d_ff: 1536,
            encoder_layers: 3,
            decoder_layers: 3,
            max_seq: 512,
            head_hidden: 256,
            head_outputs: HEAD_OUTPUTS,
        }
    }
}

impl UnifiedConfig {
    /// A tiny configuration for tests: d 32, 2 heads, FF 64, 1 + 1 layers, vocab 64, seq 32,
    /// head 16.
    pub fn tiny() -> Self {
        Self {
            vocab: 64,
            d_model: 32,
            heads: 2,
            d_ff: 64,
            encoder_layers: 1,
            decoder_layers: 1,
            max_seq: 32,
            head_hidden: 16,
            head_outputs: HEAD_OUTPUTS,
        }
    }

    /// Checks that the sizes are usable.
    pub fn validate(&self) -> Result<()> {
        let positive = [
            self.vocab,
            self.d_model,
            self.heads,
            self.d_ff,
            self.encoder_layers,
            self.max_seq,
            self.head_hidden,
        ];
        if positive.contains(&0) {
            return Err(ModelError::Config("sizes must be positive".into()));
        }
        if !self.d_model.is_multiple_of(self.heads) {
            return Err(ModelError::Config(format!(
                "d_model {} is not a multiple of heads {}",
                self.d_model, self.heads
            )));
        }
        if self.head_outputs != HEAD_OUTPUTS {
            return Err(ModelError::Config(format!(
                "head_outputs must be {HEAD_OUTPUTS}"
            )));
        }
        if self.vocab > u32::MAX as usize {
            return Err(ModelError::Config("vocab too large".into()));
        }
        Ok(())
    }

    /// Tensor names and shapes of a model with this configuration, sorted by name.
    pub fn architecture(&self) -> weights::Architecture {
        let mut tensors = param_specs(self)
            .into_iter()
            .map(|p| (p.name, p.shape))
            .collect::<Vec<_>>();
        tensors.sort();
        weights::Architecture { tensors }
    }

    /// Number of parameters of a model with this configuration.
    pub fn num_params(&self) -> usize {
        param_specs(self)
            .iter()
            .map(|p| p.shape.iter().product::<usize>())
            .sum()
    }
}

#[derive(Clone, Copy)]
enum Init {
    Zeros,
    Ones,
    Normal(f32),
}

struct ParamSpec {
    name: String,
    shape: Vec<usize>,
    init: Init,
}

/// All parameters in creation order (the order the RNG is consumed).
fn param_specs(c: &UnifiedConfig) -> Vec<ParamSpec> {
    let d = c.d_model;
    let std = 0.02f32;
    let n_layers = (c.encoder_layers + c.decoder_layers).max(1);
    let out_std = std / (2.0 * n_layers as f32).sqrt();
    let mut v = Vec::new();
    let mut p =
        |name: String, shape: Vec<usize>, init: Init| v.push(ParamSpec { name, shape, init });
    p("tok_emb".into(), vec![c.vocab, d], Init::Normal(std));
    p("enc.pos".into(), vec![c.max_seq, d], Init::Normal(std));
    p("dec.pos".into(), vec![c.max_seq, d], Init::Normal(std));
    p("out_bias".into(), vec![c.vocab], Init::Zeros);
    let linear = |p: &mut dyn FnMut(String, Vec<usize>, Init), name: &str, i, o, s| {
        p(format!("{name}.w"), vec![i, o], Init::Normal(s));
        p(format!("{name}.b"), vec![o], Init::Zeros);
    };
    let ln = |p: &mut dyn FnMut(String, Vec<usize>, Init), name: &str| {
        p(format!("{name}.g"), vec![d], Init::Ones);
        p(format!("{name}.b"), vec![d], Init::Zeros);
    };
    for l in 0..c.encoder_layers {
        let pre = format!("enc.{l}");
        ln(&mut p, &format!("{pre}.ln1"));
        linear(&mut p, &format!("{pre}.attn.qkv"), d, 3 * d, std);
        linear(&mut p, &format!("{pre}.attn.out"), d, d, out_std);
        ln(&mut p, &format!("{pre}.ln2"));
        linear(&mut p, &format!("{pre}.ff1"), d, c.d_ff, std);
        linear(&mut p, &format!("{pre}.ff2"), c.d_ff, d, out_std);
    }
    ln(&mut p, "enc.ln_f");
    for l in 0..c.decoder_layers {
        let pre = format!("dec.{l}");
        ln(&mut p, &format!("{pre}.ln1"));
        linear(&mut p, &format!("{pre}.self.qkv"), d, 3 * d, std);
        linear(&mut p, &format!("{pre}.self.out"), d, d, out_std);
        ln(&mut p, &format!("{pre}.ln2"));
        linear(&mut p, &format!("{pre}.cross.q"), d, d, std);
        linear(&mut p, &format!("{pre}.cross.kv"), d, 2 * d, std);
        linear(&mut p, &format!("{pre}.cross.out"), d, d, out_std);
        ln(&mut p, &format!("{pre}.ln3"));
        linear(&mut p, &format!("{pre}.ff1"), d, c.d_ff, std);
        linear(&mut p, &format!("{pre}.ff2"), c.d_ff, d, out_std);
    }
    ln(&mut p, "dec.ln_f");
    let head_std1 = (2.0 / (d + c.head_hidden) as f32).sqrt();
    let head_std2 = (2.0 / (c.head_hidden + c.head_outputs) as f32).sqrt();
    linear(&mut p, "head.fc1", d, c.head_hidden, head_std1);
    linear(&mut p, "head.fc2", c.head_hidden, c.head_outputs, head_std2);
    v
}

fn normal(rng: &mut StdRng, std: f32) -> f32 {
    // Box–Muller; u1 in (0, 1] so the log is finite.
    let u1: f64 = 1.0 - rng.random::<f64>();
    let u2: f64 = rng.random::<f64>();
    let z = (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos();
    (z as f32) * std
}

struct Linear {
    w: Var,
    b: Var,
}

impl Linear {
    fn forward(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        let dims = x.dims().to_vec();
        let (last, lead) = match dims.split_last() {
            Some((l, lead)) => (*l, lead.to_vec()),
            None => candle_core::bail!("linear on a scalar"),
        };
        let n: usize = lead.iter().product();
        let y = x
            .reshape((n, last))?
            .matmul(self.w.as_tensor())?
            .broadcast_add(self.b.as_tensor())?;
        let mut out = lead;
        out.push(self.w.dim(1)?);
        y.reshape(out)
    }
}

struct LayerNorm {
    g: Var,
    b: Var,
}

impl LayerNorm {
    fn forward(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        ops::layer_norm_slow(x, self.g.as_tensor(), self.b.as_tensor(), LN_EPS)
    }
}

struct FeedForward {
    ff1: Linear,
    ff2: Linear,
}

impl FeedForward {
    fn forward(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        self.ff2.forward(&self.ff1.forward(x)?.gelu()?)
    }
}

struct EncoderLayer {
    ln1: LayerNorm,
    qkv: Linear,
    out: Linear,
    ln2: LayerNorm,
    ff: FeedForward,
}

struct DecoderLayer {
    ln1: LayerNorm,
    self_qkv: Linear,
    self_out: Linear,
    ln2: LayerNorm,
    cross_q: Linear,
    cross_kv: Linear,
    cross_out: Linear,
    ln3: LayerNorm,
    ff: FeedForward,
}

/// `[B, T, D]` → `[B, H, T, D/H]` (contiguous).
fn split_heads(x: &Tensor, heads: usize) -> candle_core::Result<Tensor> {
    let (b, t, d) = x.dims3()?;
    x.reshape((b, t, heads, d / heads))?
        .transpose(1, 2)?
        .contiguous()
}

/// `[B, H, T, Dh]` → `[B, T, H·Dh]`.
fn merge_heads(x: &Tensor) -> candle_core::Result<Tensor> {
    let (b, h, t, dh) = x.dims4()?;
    x.transpose(1, 2)?.contiguous()?.reshape((b, t, h * dh))
}

/// Scaled dot-product attention with an optional additive mask broadcastable to
/// `[B, H, Tq, Tk]`; explicit matmul + differentiable softmax.
fn attention(
    q: &Tensor,
    k: &Tensor,
    v: &Tensor,
    mask: Option<&Tensor>,
) -> candle_core::Result<Tensor> {
    let dh = q.dim(D::Minus1)?;
    let scores = (q.matmul(&k.t()?)? * (1.0 / (dh as f64).sqrt()))?;
    let scores = match mask {
        Some(m) => scores.broadcast_add(m)?,
        None => scores,
    };
    ops::softmax(&scores, D::Minus1)?.matmul(v)
}

/// A batch for the decoder path (teacher forcing).
#[derive(Debug, Clone)]
pub struct CodeBatch {
    /// Source ids `[B, S]` (u32), task token first, padded with `pad`.
    pub src: Tensor,
    /// Source mask `[B, S]` (f32, 1 = token, 0 = padding).
    pub src_mask: Tensor,
    /// Decoder input ids `[B, T]`: `bos` followed by the target shifted right.
    pub tgt_in: Tensor,
    /// Decoder target ids `[B, T]`.
    pub tgt_out: Tensor,
    /// Target mask `[B, T]` (f32, 1 = scored, 0 = padding).
    pub tgt_mask: Tensor,
    /// Number of scored target tokens.
    pub target_tokens: usize,
}

impl CodeBatch {
    /// Builds a batch from `(src, tgt)` id sequences; `src` should already start with a task
    /// token. Sequences are right-padded with `pad` to the longest in the batch.
    pub fn new(pairs: &[(Vec<u32>, Vec<u32>)], pad: u32, bos: u32) -> Result<Self> {
        if pairs.is_empty() {
            return Err(ModelError::Input("empty batch".into()));
        }
        let b = pairs.len();
        let s = pairs.iter().map(|p| p.0.len()).max().unwrap_or(0);
        let t = pairs.iter().map(|p| p.1.len()).max().unwrap_or(0);
        if s == 0 || t == 0 {
            return Err(ModelError::Input("empty source or target".into()));
        }
        let mut src = vec![pad; b * s];
        let mut src_mask = vec![0f32; b * s];
        let mut tgt_in = vec![pad; b * t];
        let mut tgt_out = vec![pad; b * t];
        let mut tgt_mask = vec![0f32; b * t];
        let mut n = 0;
        for (i, (sv, tv)) in pairs.iter().enumerate() {
            for (j, &id) in sv.iter().enumerate() {
                src[i * s + j] = id;
                src_mask[i * s + j] = 1.0;
            }
            for (j, &id) in tv.iter().enumerate() {
                tgt_in[i * t + j] = if j == 0 { bos } else { tv[j - 1] };
                tgt_out[i * t + j] = id;
                tgt_mask[i * t + j] = 1.0;
                n += 1;
            }
        }
        let dev = Device::Cpu;
        Ok(Self {
            src: Tensor::from_vec(src, (b, s), &dev)?,
            src_mask: Tensor::from_vec(src_mask, (b, s), &dev)?,
            tgt_in: Tensor::from_vec(tgt_in, (b, t), &dev)?,
            tgt_out: Tensor::from_vec(tgt_out, (b, t), &dev)?,
            tgt_mask: Tensor::from_vec(tgt_mask, (b, t), &dev)?,
            target_tokens: n,
        })
    }
}

/// One labelled example for the fast head. Missing labels are not scored.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadExample {
    /// Task token prepended to the tokens (`Predict` or `Quality`).
    pub task: TaskToken,
    /// Input ids (BPE ids, without the task token).
    pub tokens: Vec<u32>,
    /// Whether the action succeeded.
    pub success: Option<bool>,
    /// Error class `0..11` when it failed.
    pub error: Option<u32>,
    /// Capability labels in `[0, 1]`.
    pub capabilities: Option<[f32; NUM_CAPS]>,
    /// Quality in `[0, 1]`.
    pub quality: Option<f32>,
}

/// A batch for the fast head: BCE on success, capabilities and quality (weighted by label
/// presence) plus CE over the 11 error classes for the rows that have one.
#[derive(Debug, Clone)]
pub struct HeadBatch {
    /// Source ids `[B, S]` (u32), task token first.
    pub src: Tensor,
    /// Source mask `[B, S]` (f32).
    pub src_mask: Tensor,
    /// BCE targets `[B, 24]` (f32; error columns unused).
    pub bce_targets: Tensor,
    /// BCE weights `[B, 24]` (f32; 0 where no label, always 0 on error columns).
    pub bce_weights: Tensor,
    /// Sum of `bce_weights`.
    pub bce_weight_sum: f32,
    /// Rows with an error label and their classes (`[N]` u32 each), if any.
    pub errors: Option<(Tensor, Tensor)>,
}

impl HeadBatch {
    /// Builds a batch from examples; sequences are right-padded with `pad` and truncated to
    /// `max_len` (task token included).
    pub fn new(examples: &[HeadExample], pad: u32, max_len: usize) -> Result<Self> {
        if examples.is_empty() || max_len == 0 {
            return Err(ModelError::Input("empty batch".into()));
        }
        let b = examples.len();
        let s = examples
            .iter()
            .map(|e| (e.tokens.len() + 1).min(max_len))
            .max()
            .unwrap_or(1);
        let mut src = vec![pad; b * s];
        let mut mask = vec![0f32; b * s];
        let mut tg = vec![0f32; b * HEAD_OUTPUTS];
        let mut wt = vec![0f32; b * HEAD_OUTPUTS];
        let mut rows = Vec::new();
        let mut classes = Vec::new();
        for (i, e) in examples.iter().enumerate() {
            let ids = std::iter::once(e.task.id()).chain(e.tokens.iter().copied());
            for (j, id) in ids.take(s).enumerate() {
                src[i * s + j] = id;
                mask[i * s + j] = 1.0;
            }
            let o = i * HEAD_OUTPUTS;
            if let Some(ok) = e.success {
                tg[o + HEAD_SUCCESS] = if ok { 1.0 } else { 0.0 };
                wt[o + HEAD_SUCCESS] = 1.0;
            }
            if let Some(caps) = e.capabilities {
                for (k, &c) in caps.iter().enumerate() {
                    tg[o + HEAD_CAPS + k] = sanitize01(c);
                    wt[o + HEAD_CAPS + k] = 1.0;
                }
            }
            if let Some(q) = e.quality {
                tg[o + HEAD_QUALITY] = sanitize01(q);
                wt[o + HEAD_QUALITY] = 1.0;
            }
            if let Some(err) = e.error {
                if err as usize >= NUM_ERRORS {
                    return Err(ModelError::Input(format!(
                        "error class {err} >= {NUM_ERRORS}"
                    )));
                }
                rows.push(i as u32);
                classes.push(err);
            }
        }
        let dev = Device::Cpu;
        let errors = if rows.is_empty() {
            None
        } else {
            let n = rows.len();
            Some((
                Tensor::from_vec(rows, n, &dev)?,
                Tensor::from_vec(classes, n, &dev)?,
            ))
        };
        Ok(Self {
            src: Tensor::from_vec(src, (b, s), &dev)?,
            src_mask: Tensor::from_vec(mask, (b, s), &dev)?,
            bce_weight_sum: wt.iter().sum(),
            bce_targets: Tensor::from_vec(tg, (b, HEAD_OUTPUTS), &dev)?,
            bce_weights: Tensor::from_vec(wt, (b, HEAD_OUTPUTS), &dev)?,
            errors,
        })
    }
}

fn sanitize01(v: f32) -> f32 {
    if v.is_finite() {
        v.clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// The unified encoder / fast-head / decoder model.
pub struct Unified {
    config: UnifiedConfig,
    /// All parameters sorted by name.
    params: Vec<(String, Var)>,
    tok_emb: Var,
    enc_pos: Var,
    dec_pos: Var,
    out_bias: Var,
    encoder: Vec<EncoderLayer>,
    enc_ln: LayerNorm,
    decoder: Vec<DecoderLayer>,
    dec_ln: LayerNorm,
    head1: Linear,
    head2: Linear,
}

impl std::fmt::Debug for Unified {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Unified")
            .field("config", &self.config)
            .field("params", &self.num_params())
            .finish()
    }
}

impl Unified {
    /// Creates a model with deterministic initial weights: the same config and seed give the
    /// same weights (and the same safetensors bytes).
    pub fn new(config: UnifiedConfig, seed: u64) -> Result<Self> {
        config.validate()?;
        let mut rng = StdRng::seed_from_u64(seed);
        let mut map = std::collections::BTreeMap::new();
        for spec in param_specs(&config) {
            let n: usize = spec.shape.iter().product();
            let data: Vec<f32> = match spec.init {
                Init::Zeros => vec![0.0; n],
                Init::Ones => vec![1.0; n],
                Init::Normal(std) => (0..n).map(|_| normal(&mut rng, std)).collect(),
            };
            let t = Tensor::from_vec(data, spec.shape.as_slice(), &Device::Cpu)?;
            map.insert(spec.name, Var::from_tensor(&t)?);
        }
        Self::from_vars(config, map)
    }

    fn from_vars(
        config: UnifiedConfig,
        mut map: std::collections::BTreeMap<String, Var>,
    ) -> Result<Self> {
        let params = map
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect::<Vec<_>>();
        let mut get = |name: String| {
            map.remove(&name)
                .ok_or_else(|| ModelError::Config(format!("missing parameter {name}")))
        };
        let mut linear = |name: &str| -> Result<Linear> {
            Ok(Linear {
                w: get(format!("{name}.w"))?,
                b: get(format!("{name}.b"))?,
            })
        };
        let mut encoder = Vec::new();
        for l in 0..config.encoder_layers {
            let p = format!("enc.{l}");
            encoder.push((
                linear(&format!("{p}.attn.qkv"))?,
                linear(&format!("{p}.attn.out"))?,
                linear(&format!("{p}.ff1"))?,
                linear(&format!("{p}.ff2"))?,
            ));
        }
        let mut decoder = Vec::new();
        for l in 0..config.decoder_layers {
            let p = format!("dec.{l}");
            decoder.push((
                linear(&format!("{p}.self.qkv"))?,
                linear(&format!("{p}.self.out"))?,
                linear(&format!("{p}.cross.q"))?,
                linear(&format!("{p}.cross.kv"))?,
                linear(&format!("{p}.cross.out"))?,
                linear(&format!("{p}.ff1"))?,
                linear(&format!("{p}.ff2"))?,
            ));
        }
        let head1 = linear("head.fc1")?;
        let head2 = linear("head.fc2")?;
        let mut ln = |name: String| -> Result<LayerNorm> {
            Ok(LayerNorm {
                g: get(format!("{name}.g"))?,
                b: get(format!("{name}.b"))?,
            })
        };
        let mut enc_layers = Vec::new();
        for (l, (qkv, out, ff1, ff2)) in encoder.into_iter().enumerate() {
            enc_layers.push(EncoderLayer {
                ln1: ln(format!("enc.{l}.ln1"))?,
                qkv,
                out,
                ln2: ln(format!("enc.{l}.ln2"))?,
                ff: FeedForward { ff1, ff2 },
            });
        }
        let mut dec_layers = Vec::new();
        for (l, (self_qkv, self_out, cross_q, cross_kv, cross_out, ff1, ff2)) in
            decoder.into_iter().enumerate()
        {
            dec_layers.push(DecoderLayer {
                ln1: ln(format!("dec.{l}.ln1"))?,
                self_qkv,
                self_out,
                ln2: ln(format!("dec.{l}.ln2"))?,
                cross_q,
                cross_kv,
                cross_out,
                ln3: ln(format!("dec.{l}.ln3"))?,
                ff: FeedForward { ff1, ff2 },
            });
        }
        let enc_ln = ln("enc.ln_f".into())?;
        let dec_ln = ln("dec.ln_f".into())?;
        Ok(Self {
            config,
            tok_emb: get("tok_emb".into())?,
            enc_pos: get("enc.pos".into())?,
            dec_pos: get("dec.pos".into())?,
            out_bias: get("out_bias".into())?,
            params,
            encoder: enc_layers,
            enc_ln,
            decoder: dec_layers,
            dec_ln,
            head1,
            head2,
        })
    }

    /// The configuration.
    pub fn config(&self) -> &UnifiedConfig {
        &self.config
    }

    /// Number of parameters.
    pub fn num_params(&self) -> usize {
        self.params.iter().map(|(_, v)| v.elem_count()).sum()
    }

    /// All trainable variables, sorted by name.
    pub fn vars(&self) -> Vec<Var> {
        self.params.iter().map(|(_, v)| v.clone()).collect()
    }

    /// All trainable variables with their names, sorted by name.
    pub fn named_vars(&self) -> &[(String, Var)] {
        &self.params
    }

    fn check_ids(&self, ids: &Tensor, what: &str) -> Result<(usize, usize)> {
        let (b, s) = ids.dims2()?;
        if b == 0 || s == 0 {
            return Err(ModelError::Input(format!("{what}: empty")));
        }
        if s > self.config.max_seq {
            return Err(ModelError::Input(format!(
                "{what}: length {s} > max_seq {}",
                self.config.max_seq
            )));
        }
        let max = ids
            .to_dtype(DType::U32)?
            .flatten_all()?
            .max(0)?
            .to_scalar::<u32>()?;
        if max as usize >= self.config.vocab {
            return Err(ModelError::Input(format!(
                "{what}: token id {max} >= vocab {}",
                self.config.vocab
            )));
        }
        Ok((b, s))
    }

    fn embed(&self, ids: &Tensor, pos: &Var) -> Result<Tensor> {
        let (b, s) = ids.dims2()?;
        let d = self.config.d_model;
        let x = self
            .tok_emb
            .as_tensor()
            .index_select(&ids.to_dtype(DType::U32)?.flatten_all()?, 0)?
            .reshape((b, s, d))?;
        Ok(x.broadcast_add(&pos.as_tensor().narrow(0, 0, s)?)?)
    }

    /// Additive key mask `[B, 1, 1, S]` (0 for tokens, −1e9 for padding).
    fn key_mask(mask: Option<&Tensor>, b: usize, s: usize) -> Result<Option<Tensor>> {
        match mask {
            None => Ok(None),
            Some(m) => {
                if m.dims() != [b, s] {
                    return Err(ModelError::Input(format!(
                        "mask shape {:?} != [{b}, {s}]",
                        m.dims()
                    )));
                }
                let m = m.to_dtype(DType::F32)?.affine(-NEG_INF, NEG_INF)?;
                Ok(Some(m.reshape((b, 1, 1, s))?))
            }
        }
    }

    /// Runs the bidirectional encoder: `src` `[B, S]` ids (u32), optional `src_mask` `[B, S]`
    /// (1 = token, 0 = padding). Returns `[B, S, D]`.
    pub fn encode(&self, src: &Tensor, src_mask: Option<&Tensor>) -> Result<Tensor> {
        let (b, s) = self.check_ids(src, "source")?;
        let h = self.config.heads;
        let d = self.config.d_model;
        let mask = Self::key_mask(src_mask, b, s)?;
        let mut x = self.embed(src, &self.enc_pos)?;
        for layer in &self.encoder {
            let qkv = layer.qkv.forward(&layer.ln1.forward(&x)?)?;
            let q = split_heads(&qkv.narrow(2, 0, d)?, h)?;
            let k = split_heads(&qkv.narrow(2, d, d)?, h)?;
            let v = split_heads(&qkv.narrow(2, 2 * d, d)?, h)?;
            let a = merge_heads(&attention(&q, &k, &v, mask.as_ref())?)?;
            x = (x + layer.out.forward(&a)?)?;
            x = (&x + layer.ff.forward(&layer.ln2.forward(&x)?)?)?;
        }
        Ok(self.enc_ln.forward(&x)?)
    }

    /// Fast head: logits `[B, 24]` from the mean-pooled encoder output (padding excluded).
    /// `src` should start with [`TaskToken::Predict`] or [`TaskToken::Quality`].
    pub fn classify(&self, src: &Tensor, src_mask: Option<&Tensor>) -> Result<Tensor> {
        let enc = self.encode(src, src_mask)?;
        let (b, s, _) = enc.dims3()?;
        let pooled = match src_mask {
            Some(m) => {
                let m = m.to_dtype(DType::F32)?;
                let count = m.sum_keepdim(1)?.clamp(1f32, f32::MAX)?; // [B, 1]
                enc.broadcast_mul(&m.reshape((b, s, 1))?)?
                    .sum(1)?
                    .broadcast_div(&count)?
            }
            None => enc.mean(1)?,
        };
        let hdn = self.head1.forward(&pooled)?.gelu()?;
        Ok(self.head2.forward(&hdn)?)
    }

    /// Decoder logits `[B, T, V]` for `tgt_in` `[B, T]` given the source (causal
    /// self-attention, cross-attention to the encoder output).
    pub fn generate_logits(
        &self,
        src: &Tensor,
        src_mask: Option<&Tensor>,
        tgt_in: &Tensor,
    ) -> Result<Tensor> {
        let enc = self.encode(src, src_mask)?;
        self.decode_with(&enc, src_mask, tgt_in)
    }

    /// Decoder logits `[B, T, V]` for an already computed encoder output `enc` `[B, S, D]`.
    pub fn decode_with(
        &self,
        enc: &Tensor,
        src_mask: Option<&Tensor>,
        tgt_in: &Tensor,
    ) -> Result<Tensor> {
        let (b, t) = self.check_ids(tgt_in, "target")?;
        let (eb, s, _) = enc.dims3()?;
        if eb != b {
            return Err(ModelError::Input(format!(
                "batch mismatch: source {eb}, target {b}"
            )));
        }
        let h = self.config.heads;
        let d = self.config.d_model;
        let key_mask = Self::key_mask(src_mask, b, s)?;
        let causal = causal_mask(t)?;
        let mut x = self.embed(tgt_in, &self.dec_pos)?;
        for layer in &self.decoder {
            let qkv = layer.self_qkv.forward(&layer.ln1.forward(&x)?)?;
            let q = split_heads(&qkv.narrow(2, 0, d)?, h)?;
            let k = split_heads(&qkv.narrow(2, d, d)?, h)?;
            let v = split_heads(&qkv.narrow(2, 2 * d, d)?, h)?;
            let a = merge_heads(&attention(&q, &k, &v, Some(&causal))?)?;
            x = (x + layer.self_out.forward(&a)?)?;

            let q = split_heads(&layer.cross_q.forward(&layer.ln2.forward(&x)?)?, h)?;
            let kv = layer.cross_kv.forward(enc)?;
            let k = split_heads(&kv.narrow(2, 0, d)?, h)?;
            let v = split_heads(&kv.narrow(2, d, d)?, h)?;
            let a = merge_heads(&attention(&q, &k, &v, key_mask.as_ref())?)?;
            x = (x + layer.cross_out.forward(&a)?)?;

            x = (&x + layer.ff.forward(&layer.ln3.forward(&x)?)?)?;
        }
        let x = self.dec_ln.forward(&x)?.reshape((b * t, d))?;
        let logits = x
            .matmul(&self.tok_emb.as_tensor().t()?)?
            .broadcast_add(self.out_bias.as_tensor())?;
        Ok(logits.reshape((b, t, self.config.vocab))?)
    }

    /// Greedy decoding without a KV cache: encodes `src` (task token first) once, then emits
    /// the arg-max token until `eos` or `max_len` tokens (`max_len` is capped at `max_seq`).
    /// Returns the generated ids without `bos`/`eos`.
    pub fn generate_greedy(
        &self,
        src: &[u32],
        bos: u32,
        eos: u32,
        max_len: usize,
    ) -> Result<Vec<u32>> {
        let dev = Device::Cpu;
        let src = Tensor::from_slice(src, (1, src.len()), &dev)?;
        let enc = self.encode(&src, None)?;
        let mut tgt = vec![bos];
        let mut out = Vec::new();
        while out.len() < max_len.min(self.config.max_seq) {
            let t = Tensor::from_slice(&tgt, (1, tgt.len()), &dev)?;
            let logits = self.decode_with(&enc, None, &t)?;
            let next = logits
                .narrow(1, tgt.len() - 1, 1)?
                .flatten_all()?
                .argmax(0)?
                .to_scalar::<u32>()?;
            if next == eos {
                break;
            }
            out.push(next);
            tgt.push(next);
        }
        Ok(out)
    }

    /// Teacher-forcing cross-entropy (mean over scored target tokens, padding ignored).
    pub fn code_loss(&self, batch: &CodeBatch) -> Result<Tensor> {
        let logits = self.generate_logits(&batch.src, Some(&batch.src_mask), &batch.tgt_in)?;
        let (b, t, v) = logits.dims3()?;
        let ce = crate::fused::cross_entropy_rows(
            &logits.reshape((b * t, v))?,
            &batch.tgt_out.reshape(b * t)?,
        )?;
        let mask = batch.tgt_mask.reshape(b * t)?;
        let n = batch.target_tokens.max(1) as f64;
        Ok((ce * mask)?.sum_all()?.affine(1.0 / n, 0.0)?)
    }

    /// Fast-head loss: weighted BCE-with-logits on success, capabilities and quality plus
    /// cross-entropy over the 11 error classes (rows that have an error label).
    pub fn head_loss(&self, batch: &HeadBatch) -> Result<Tensor> {
        let logits = self.classify(&batch.src, Some(&batch.src_mask))?;
        // Stable BCE with logits: relu(x) − x·y + ln(1 + e^{−|x|}).
        let x = &logits;
        let y = &batch.bce_targets;
        let bce = ((x.relu()? - (x * y)?)? + (x.abs()?.neg()?.exp()? + 1.0)?.log()?)?;
        let bce = (bce * &batch.bce_weights)?
            .sum_all()?
            .affine(1.0 / f64::from(batch.bce_weight_sum.max(1.0)), 0.0)?;
        match &batch.errors {
            None => Ok(bce),
            Some((rows, classes)) => {
                let err_logits =
                    logits
                        .index_select(rows, 0)?
                        .narrow(1, HEAD_ERRORS, NUM_ERRORS)?;
                let ce = candle_nn::loss::cross_entropy(&err_logits, classes)?;
                Ok((bce + ce)?)
            }
        }
    }

    /// Current weights as framework-independent [`Weights`] (sorted by name).
    pub fn weights(&self) -> Result<Weights> {
        let mut w = Weights::new();
        for (name, var) in &self.params {
            let data = var.as_tensor().flatten_all()?.to_vec1::<f32>()?;
            w.insert(
                name.clone(),
                weights::Tensor::new(var.dims().to_vec(), data)?,
            )?;
        }
        Ok(w)
    }

    /// Replaces all parameters with `weights` (must match the architecture exactly).
    pub fn set_weights(&self, weights: &Weights) -> Result<()> {
        self.config.architecture().check(weights)?;
        for (name, var) in &self.params {
            let t = weights
                .get(name)
                .ok_or_else(|| ModelError::Config(format!("missing {name}")))?;
            let new = Tensor::from_vec(t.data.clone(), t.shape.as_slice(), &Device::Cpu)?;
            var.set(&new)?;
        }
        Ok(())
    }

    /// Canonical safetensors bytes of the weights (deterministic; see [`Weights`]).
    pub fn to_safetensors(&self) -> Result<Vec<u8>> {
        Ok(self.weights()?.to_safetensors())
    }

    /// Writes the weights as canonical safetensors to `path`.
    pub fn save(&self, path: &Path) -> Result<()> {
        let bytes = self.to_safetensors()?;
        std::fs::write(path, bytes).map_err(|source| ModelError::Io {
            path: path.display().to_string(),
            source,
        })
    }

    /// Builds a model with `config` and loads its weights from a safetensors file (validated:
    /// F32 only, finite values, exact architecture).
    pub fn load(config: UnifiedConfig, path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|source| ModelError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Self::from_safetensors(config, &bytes)
    }

    /// Builds a model with `config` from safetensors bytes.
    pub fn from_safetensors(config: UnifiedConfig, bytes: &[u8]) -> Result<Self> {
        let w = Weights::from_safetensors(bytes)?;
        Self::from_weights(config, &w)
    }

    /// Builds a model with `config` from [`Weights`].
    pub fn from_weights(config: UnifiedConfig, weights: &Weights) -> Result<Self> {
        config.validate()?;
        config.architecture().check(weights)?;
        let mut map = std::collections::BTreeMap::new();
        for (name, t) in weights.iter() {
            let new = Tensor::from_vec(t.data.clone(), t.shape.as_slice(), &Device::Cpu)?;
            map.insert(name.to_string(), Var::from_tensor(&new)?);
        }
        Self::from_vars(config, map)
    }
}

fn causal_mask(t: usize) -> candle_core::Result<Tensor> {
    let data = (0..t * t)
        .map(|i| if i % t > i / t { NEG_INF as f32 } else { 0.0 })
        .collect::<Vec<_>>();
    Tensor::from_vec(data, (t, t), &Device::Cpu)
}

#[cfg(test)]
mod tests;
