use super::*;

fn ids(rng: &mut StdRng, n: usize, vocab: u32) -> Vec<u32> {
    (0..n).map(|_| rng.random_range(4..vocab)).collect()
}

fn code_batch(seed: u64) -> CodeBatch {
    let mut rng = StdRng::seed_from_u64(seed);
    let pairs = (0..3)
        .map(|i| {
            let mut src = vec![60];
            src.extend(ids(&mut rng, 6 + i, 60));
            (src, ids(&mut rng, 5 + 2 * i, 60))
        })
        .collect::<Vec<_>>();
    CodeBatch::new(&pairs, 0, 1).unwrap()
}

fn head_batch() -> HeadBatch {
    let mut rng = StdRng::seed_from_u64(7);
    let mut caps = [0.0; NUM_CAPS];
    caps[3] = 1.0;
    let examples = vec![
        HeadExample {
            task: TaskToken::Predict,
            tokens: ids(&mut rng, 8, 60),
            success: Some(false),
            error: Some(4),
            capabilities: Some(caps),
            quality: None,
        },
        HeadExample {
            task: TaskToken::Quality,
            tokens: ids(&mut rng, 5, 60),
            success: Some(true),
            error: None,
            capabilities: None,
            quality: Some(0.75),
        },
    ];
    HeadBatch::new(&examples, 0, 32).unwrap()
}

/// Tiny config with the full model vocabulary, so the real task-token ids (8192..) of the
/// head examples are valid.
fn tiny() -> UnifiedConfig {
    UnifiedConfig {
        vocab: MODEL_VOCAB,
        ..UnifiedConfig::tiny()
    }
}

#[test]
fn unified_every_var_gets_gradient() {
    let m = Unified::new(tiny(), 1).unwrap();
    let loss =
        (m.code_loss(&code_batch(1)).unwrap() + m.head_loss(&head_batch()).unwrap()).unwrap();
    let l = loss.to_scalar::<f32>().unwrap();
    assert!(l.is_finite() && l > 0.0);
    let grads = loss.backward().unwrap();
    crate::test_util::assert_every_var_has_gradient(&grads, m.named_vars());
    assert_eq!(m.vars().len(), m.named_vars().len());
    assert_eq!(m.num_params(), tiny().num_params());
}

#[test]
fn unified_loss_decreases_on_fixed_batch() {
    use candle_nn::Optimizer;
    let m = Unified::new(UnifiedConfig::tiny(), 3).unwrap();
    let batch = code_batch(2);
    let mut opt = candle_nn::AdamW::new(
        m.vars(),
        candle_nn::ParamsAdamW {
            lr: 3e-3,
            ..Default::default()
        },
    )
    .unwrap();
    let first = m.code_loss(&batch).unwrap().to_scalar::<f32>().unwrap();
    assert!((first - (64f32).ln()).abs() < 0.5, "initial loss {first}");
    let mut last = first;
    for _ in 0..15 {
        let loss = m.code_loss(&batch).unwrap();
        last = loss.to_scalar::<f32>().unwrap();
        opt.backward_step(&loss).unwrap();
    }
    assert!(last < first * 0.8, "loss {first} -> {last}");
}

#[test]
fn unified_save_load_identical_logits() {
    let cfg = UnifiedConfig::tiny();
    let m = Unified::new(cfg, 5).unwrap();
    let b = code_batch(3);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("unified.safetensors");
    m.save(&path).unwrap();
    let m2 = Unified::load(cfg, &path).unwrap();
    let a = m
        .generate_logits(&b.src, Some(&b.src_mask), &b.tgt_in)
        .unwrap();
    let c = m2
        .generate_logits(&b.src, Some(&b.src_mask), &b.tgt_in)
        .unwrap();
    let diff = (a - c).unwrap().abs().unwrap().max_all().unwrap();
    assert_eq!(diff.to_scalar::<f32>().unwrap(), 0.0);
    // set_weights copies values into an existing model.
    let m3 = Unified::new(cfg, 6).unwrap();
    m3.set_weights(&m.weights().unwrap()).unwrap();
    assert_eq!(m3.to_safetensors().unwrap(), m.to_safetensors().unwrap());
    // Wrong architecture is rejected.
    let other = UnifiedConfig { d_model: 16, ..cfg };
    assert!(Unified::load(other, &path).is_err());
    assert!(Unified::from_safetensors(cfg, b"garbage").is_err());
}

#[test]
fn unified_same_seed_same_bytes() {
    let a = Unified::new(UnifiedConfig::tiny(), 42).unwrap();
    let b = Unified::new(UnifiedConfig::tiny(), 42).unwrap();
    let c = Unified::new(UnifiedConfig::tiny(), 43).unwrap();
    let ba = a.to_safetensors().unwrap();
    assert_eq!(ba, b.to_safetensors().unwrap());
    assert_ne!(ba, c.to_safetensors().unwrap());
}

#[test]
fn unified_masks_padding_and_causality() {
    let cfg = tiny();
    let m = Unified::new(cfg, 9).unwrap();
    let dev = Device::Cpu;
    // Padding does not change the fast head.
    let src = Tensor::new(&[[8192u32, 5, 6, 7]], &dev).unwrap();
    let padded = Tensor::new(&[[8192u32, 5, 6, 7, 0, 0]], &dev).unwrap();
    let mask = Tensor::new(&[[1f32, 1., 1., 1., 0., 0.]], &dev).unwrap();
    let a = m.classify(&src, None).unwrap();
    let b = m.classify(&padded, Some(&mask)).unwrap();
    let d = (a - b).unwrap().abs().unwrap().max_all().unwrap();
    assert!(d.to_scalar::<f32>().unwrap() < 1e-5);
    // Changing a later target token does not change earlier logits.
    let t1 = Tensor::new(&[[1u32, 9, 10, 11]], &dev).unwrap();
    let t2 = Tensor::new(&[[1u32, 9, 10, 40]], &dev).unwrap();
    let l1 = m.generate_logits(&src, None, &t1).unwrap();
    let l2 = m.generate_logits(&src, None, &t2).unwrap();
    let d = (l1.narrow(1, 0, 3).unwrap() - l2.narrow(1, 0, 3).unwrap())
        .unwrap()
        .abs()
        .unwrap()
        .max_all()
        .unwrap();
    assert!(d.to_scalar::<f32>().unwrap() < 1e-5);
    let last = (l1.narrow(1, 3, 1).unwrap() - l2.narrow(1, 3, 1).unwrap())
        .unwrap()
        .abs()
        .unwrap()
        .max_all()
        .unwrap();
    assert!(last.to_scalar::<f32>().unwrap() > 0.0);
    // Out-of-range ids and over-long inputs are errors, not panics.
    let bad = Tensor::new(&[[9000u32, 1]], &dev).unwrap();
    assert!(matches!(m.classify(&bad, None), Err(ModelError::Input(_))));
    let long = Tensor::zeros((1, 33), DType::U32, &dev).unwrap();
    assert!(matches!(m.encode(&long, None), Err(ModelError::Input(_))));
    let wrong_mask = Tensor::ones((1, 3), DType::F32, &dev).unwrap();
    assert!(m.encode(&src, Some(&wrong_mask)).is_err());
}

#[test]
fn unified_generate_greedy_is_bounded_and_deterministic() {
    let m = Unified::new(UnifiedConfig::tiny(), 11).unwrap();
    let a = m.generate_greedy(&[60, 5, 6, 7], 1, 2, 10).unwrap();
    let b = m.generate_greedy(&[60, 5, 6, 7], 1, 2, 10).unwrap();
    assert_eq!(a, b);
    assert!(a.len() <= 10 && a.iter().all(|&t| t < 64 && t != 2));
    assert!(m.generate_greedy(&[], 1, 2, 10).is_err());
    assert!(m.generate_greedy(&[100], 1, 2, 10).is_err());
}

/// Release profile of one default-size step: `cargo test --release -p x402-model
/// unified_profile_default -- --ignored --nocapture`.
#[test]
#[ignore = "profile; run in release"]
fn unified_profile_default() {
    use std::time::Instant;
    let m = Unified::new(UnifiedConfig::default(), 1).unwrap();
    let mut rng = StdRng::seed_from_u64(1);
    let pairs = (0..8)
        .map(|_| {
            let mut src = vec![TaskToken::Code.id()];
            src.extend(ids(&mut rng, 127, 8192));
            (src, ids(&mut rng, 128, 8192))
        })
        .collect::<Vec<_>>();
    let b = CodeBatch::new(&pairs, 0, 1).unwrap();
    for _ in 0..2 {
        let t = Instant::now();
        let enc = m.encode(&b.src, Some(&b.src_mask)).unwrap();
        let t_enc = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let logits = m.decode_with(&enc, Some(&b.src_mask), &b.tgt_in).unwrap();
        let t_dec = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let loss = m.code_loss(&b).unwrap();
        let t_loss = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let _g = loss.backward().unwrap();
        let t_bwd = t.elapsed().as_secs_f64();
        // Cross-entropy alone on detached logits.
        let lv =
            Var::from_tensor(&logits.detach().reshape((1024, m.config.vocab)).unwrap()).unwrap();
        let t = Instant::now();
        let logp = ops::log_softmax(lv.as_tensor(), D::Minus1).unwrap();
        let ce = logp
            .gather(&b.tgt_out.reshape((1024, 1)).unwrap(), 1)
            .unwrap()
            .sum_all()
            .unwrap();
        let t_ce = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let _g = ce.backward().unwrap();
        let t_ce_b = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let fused =
            crate::fused::cross_entropy_rows(lv.as_tensor(), &b.tgt_out.flatten_all().unwrap())
                .unwrap()
                .sum_all()
                .unwrap();
        let t_fu = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let _g = fused.backward().unwrap();
        let t_fu_b = t.elapsed().as_secs_f64();
        println!(
            "encode {t_enc:.3}s decode {t_dec:.3}s code_loss(fwd all) {t_loss:.3}s backward {t_bwd:.3}s | unfused CE fwd {t_ce:.3}s bwd {t_ce_b:.3}s | fused CE fwd {t_fu:.3}s bwd {t_fu_b:.3}s"
        );
    }
}

#[test]
fn unified_default_param_count() {
    let cfg = UnifiedConfig::default();
    let n = cfg.num_params();
    println!("unified default params: {n}");
    assert_eq!(n, 16_079_648);
    assert!((15_500_000..=16_600_000).contains(&n));
    let m = Unified::new(cfg, 0).unwrap();
    assert_eq!(m.num_params(), n);
    assert_eq!(m.vars().len(), cfg.architecture().tensors.len());
}
