//! The brain (128 → 1024 → 1024 → 23 MLP, 1.2 M parameters) on the paths the node runs: scoring
//! one planning step ([`Brain::predict`], what the soul asks before each step), a forward pass
//! over a batch of 32, and one AdamW training step on that batch. Run:
//! `CANDLE_NUM_THREADS=1 cargo bench -p x402-model --bench brain` (the node sets one element-wise
//! thread; gemm still uses every core).

use std::hint::black_box;

use candle_core::{Device, Tensor};
use criterion::{Criterion, criterion_group, criterion_main};
use x402_model::brain::{Brain, BrainConfig, BrainExample, CAPABILITIES, FEATURES};

const BATCH: usize = 32;

/// Deterministic examples with features in [-1, 1).
fn examples(n: usize) -> Vec<BrainExample> {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x >> 40) as f32 / (1u64 << 23) as f32 - 1.0
    };
    (0..n)
        .map(|i| {
            let features: Vec<f32> = (0..FEATURES).map(|_| next()).collect();
            let success = i % 3 != 0;
            BrainExample {
                features,
                success,
                error_class: (!success).then_some((i % 11) as u8),
                capabilities: std::array::from_fn(|k| (i + k) % 4 == 0),
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let mut brain = Brain::new(BrainConfig::default(), 7).expect("the default config is valid");
    let batch = examples(BATCH);
    assert_eq!(batch[0].capabilities.len(), CAPABILITIES);
    let features: Vec<f32> = batch.iter().flat_map(|e| e.features.clone()).collect();
    let x = Tensor::from_vec(features, (BATCH, FEATURES), &Device::Cpu)
        .expect("the shape matches the data");

    c.bench_function("brain predict (1 step)", |b| {
        b.iter(|| brain.predict(black_box(&batch[0].features)))
    });
    c.bench_function("brain forward (batch 32)", |b| {
        b.iter(|| brain.forward(black_box(&x)))
    });
    c.bench_function("brain train_step (batch 32, AdamW)", |b| {
        b.iter(|| brain.train_step(black_box(&batch)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
