//! Fused, differentiable CPU kernels for the unified model's hot spots.
//!
//! [`cross_entropy_rows`]: per-row cross-entropy `logsumexp(x) − x[target]` over `[N, V]`
//! logits as one candle custom op with a hand-written backward
//! (`∂/∂x = (softmax(x) − onehot(target)) · g`). It replaces `log_softmax` + `gather`, whose
//! forward and backward make ~10 passes over the `[N, V]` logits; this one makes one pass
//! forward and one backward (recovering `logsumexp` from the saved result), split across
//! threads with `std::thread::scope`. Checked against the unfused ops (values and gradients)
//! and by finite differences in the tests.

use candle_core::{CpuStorage, CustomOp2, CustomOp3, Layout, Shape, Tensor};

fn threads_for(rows: usize, cols: usize) -> usize {
    let work = rows.saturating_mul(cols);
    if work < 1 << 16 {
        return 1;
    }
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(rows.max(1))
}

/// Runs `f(first_row, rows_out_chunk)` over `out` split into row chunks of `cols` values;
/// `row_work` (values read per row) decides whether threads are worth it.
fn par_rows<F>(out: &mut [f32], cols: usize, rows: usize, row_work: usize, f: F)
where
    F: Fn(usize, &mut [f32]) + Sync,
{
    let threads = threads_for(rows, row_work);
    if threads <= 1 || cols == 0 {
        f(0, out);
        return;
    }
    let per = rows.div_ceil(threads);
    std::thread::scope(|s| {
        for (i, chunk) in out.chunks_mut(per * cols).enumerate() {
            let f = &f;
            s.spawn(move || f(i * per, chunk));
        }
    });
}

fn f32_slice<'a>(s: &'a CpuStorage, l: &Layout, what: &str) -> candle_core::Result<&'a [f32]> {
    let CpuStorage::F32(v) = s else {
        candle_core::bail!("{what}: expected f32");
    };
    let Some((a, b)) = l.contiguous_offsets() else {
        candle_core::bail!("{what}: expected a contiguous tensor");
    };
    Ok(&v[a..b])
}

fn u32_slice<'a>(s: &'a CpuStorage, l: &Layout, what: &str) -> candle_core::Result<&'a [u32]> {
    let CpuStorage::U32(v) = s else {
        candle_core::bail!("{what}: expected u32");
    };
    let Some((a, b)) = l.contiguous_offsets() else {
        candle_core::bail!("{what}: expected a contiguous tensor");
    };
    Ok(&v[a..b])
}

fn dims2(l: &Layout, what: &str) -> candle_core::Result<(usize, usize)> {
    match l.dims() {
        [n, v] => Ok((*n, *v)),
        d => candle_core::bail!("{what}: expected [N, V], got {d:?}"),
    }
}

fn check_targets(targets: &[u32], n: usize, v: usize) -> candle_core::Result<()> {
    if targets.len() != n {
        candle_core::bail!("cross-entropy: {} targets for {n} rows", targets.len());
    }
    if let Some(t) = targets.iter().find(|&&t| t as usize >= v) {
        candle_core::bail!("cross-entropy: target {t} out of range (V = {v})");
    }
    Ok(())
}

struct CrossEntropyRows;

impl CustomOp2 for CrossEntropyRows {
    fn name(&self) -> &'static str {
        "x402-cross-entropy-rows"
    }

    fn cpu_fwd(
        &self,
        s1: &CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
    ) -> candle_core::Result<(CpuStorage, Shape)> {
        let (n, v) = dims2(l1, "cross-entropy logits")?;
        let x = f32_slice(s1, l1, "cross-entropy logits")?;
        let t = u32_slice(s2, l2, "cross-entropy targets")?;
        check_targets(t, n, v)?;
        let mut out = vec![0f32; n];
        par_rows(&mut out, 1, n, v, |first, chunk| {
            for (k, o) in chunk.iter_mut().enumerate() {
                let r = first + k;
                let row = &x[r * v..(r + 1) * v];
                let m = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                let s: f32 = row.iter().map(|&a| (a - m).exp()).sum();
                *o = m + s.ln() - row[t[r] as usize];
            }
        });
        Ok((CpuStorage::F32(out), Shape::from(n)))
    }

    fn bwd(
        &self,
        logits: &Tensor,
        targets: &Tensor,
        res: &Tensor,
        grad_res: &Tensor,
    ) -> candle_core::Result<(Option<Tensor>, Option<Tensor>)> {
        let logits = logits.contiguous()?;
        let targets = targets.contiguous()?;
        // Pack (loss, upstream grad) per row so the backward kernel is a 3-input op.
        let aux = Tensor::stack(&[res.contiguous()?, grad_res.contiguous()?], 1)?;
        let g = logits.apply_op3_no_bwd(&targets, &aux, &CrossEntropyRowsBwd)?;
        Ok((Some(g), None))
    }
}

struct CrossEntropyRowsBwd;

impl CustomOp3 for CrossEntropyRowsBwd {
    fn name(&self) -> &'static str {
        "x402-cross-entropy-rows-bwd"
    }

    fn cpu_fwd(
        &self,
        s1: &CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
        s3: &CpuStorage,
        l3: &Layout,
    ) -> candle_core::Result<(CpuStorage, Shape)> {
        let (n, v) = dims2(l1, "cross-entropy logits")?;
        let x = f32_slice(s1, l1, "cross-entropy logits")?;
        let t = u32_slice(s2, l2, "cross-entropy targets")?;
        let aux = f32_slice(s3, l3, "cross-entropy aux")?;
        check_targets(t, n, v)?;
        if aux.len() != 2 * n {
            candle_core::bail!("cross-entropy backward: aux has {} values", aux.len());
        }
        let mut out = vec![0f32; n * v];
        par_rows(&mut out, v, n, v, |first, chunk| {
            for (k, g) in chunk.chunks_mut(v).enumerate() {
                let r = first + k;
                let row = &x[r * v..(r + 1) * v];
                let tr = t[r] as usize;
                let (loss, up) = (aux[2 * r], aux[2 * r + 1]);
                // loss = lse − x[t]  ⇒  lse = loss + x[t].
                let lse = loss + row[tr];
                for (gj, &a) in g.iter_mut().zip(row) {
                    *gj = (a - lse).exp() * up;
                }
                g[tr] -= up;
            }
        });
        Ok((CpuStorage::F32(out), Shape::from((n, v))))
    }
}

/// Per-row cross-entropy of `logits` `[N, V]` (f32) against `targets` `[N]` (u32):
/// `logsumexp(logits[i]) − logits[i, targets[i]]`, shape `[N]`. Differentiable with respect to
/// `logits`. Errors on a target `≥ V` or a non-f32/u32 input.
pub fn cross_entropy_rows(logits: &Tensor, targets: &Tensor) -> candle_core::Result<Tensor> {
    let logits = logits.contiguous()?;
    let targets = targets.contiguous()?;
    logits.apply_op2(&targets, CrossEntropyRows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::{D, Device, Var};

    fn reference(logits: &Tensor, targets: &Tensor) -> Tensor {
        let n = targets.dim(0).unwrap();
        candle_nn::ops::log_softmax(logits, D::Minus1)
            .unwrap()
            .gather(&targets.reshape((n, 1)).unwrap(), 1)
            .unwrap()
            .reshape(n)
            .unwrap()
            .neg()
            .unwrap()
    }

    fn max_abs(a: &Tensor, b: &Tensor) -> f32 {
        (a - b)
            .unwrap()
            .abs()
            .unwrap()
            .flatten_all()
            .unwrap()
            .max(0)
            .unwrap()
            .to_scalar::<f32>()
            .unwrap()
    }

    #[test]
    fn fused_cross_entropy_matches_unfused() {
        let dev = Device::Cpu;
        // Large enough to take the multi-threaded path.
        let (n, v) = (40, 2000);
        let x = Var::from_tensor(&(Tensor::randn(0f32, 3.0, (n, v), &dev).unwrap())).unwrap();
        let t = Tensor::from_vec(
            (0..n as u32)
                .map(|i| (i * 37) % v as u32)
                .collect::<Vec<_>>(),
            n,
            &dev,
        )
        .unwrap();
        let w = Tensor::randn(0f32, 1.0, n, &dev).unwrap();
        let fused = cross_entropy_rows(x.as_tensor(), &t).unwrap();
        let unfused = reference(x.as_tensor(), &t);
        assert!(max_abs(&fused, &unfused) < 1e-4);
        let gf = (&fused * &w)
            .unwrap()
            .sum_all()
            .unwrap()
            .backward()
            .unwrap();
        let gu = (&unfused * &w)
            .unwrap()
            .sum_all()
            .unwrap()
            .backward()
            .unwrap();
        let (gf, gu) = (gf.get(&x).unwrap(), gu.get(&x).unwrap());
        assert!(max_abs(gf, gu) < 1e-5, "grad diff {}", max_abs(gf, gu));
    }

    #[test]
    fn fused_cross_entropy_finite_differences() {
        let dev = Device::Cpu;
        let (n, v) = (3, 5);
        let data: Vec<f32> = (0..n * v)
            .map(|i| ((i * 7 % 11) as f32 - 5.0) * 0.3)
            .collect();
        let t = Tensor::new(&[1u32, 4, 0], &dev).unwrap();
        let w = [0.5f32, -1.0, 2.0];
        let loss = |d: &[f32]| -> f64 {
            let x = Tensor::from_slice(d, (n, v), &dev).unwrap();
            let l = cross_entropy_rows(&x, &t)
                .unwrap()
                .to_vec1::<f32>()
                .unwrap();
            l.iter().zip(w).map(|(a, b)| f64::from(a * b)).sum()
        };
        let x = Var::from_slice(&data, (n, v), &dev).unwrap();
        let wt = Tensor::new(&w, &dev).unwrap();
        let g = (cross_entropy_rows(x.as_tensor(), &t).unwrap() * wt)
            .unwrap()
            .sum_all()
            .unwrap()
            .backward()
            .unwrap();
        let g = g
            .get(&x)
            .unwrap()
            .flatten_all()
            .unwrap()
            .to_vec1::<f32>()
            .unwrap();
        let eps = 1e-2f32;
        for i in 0..n * v {
            let mut p = data.clone();
            p[i] += eps;
            let mut m = data.clone();
            m[i] -= eps;
            let fd = (loss(&p) - loss(&m)) / (2.0 * f64::from(eps));
            assert!(
                (fd - f64::from(g[i])).abs() < 2e-3,
                "i {i}: fd {fd} vs {}",
                g[i]
            );
        }
    }

    #[test]
    fn fused_cross_entropy_rejects_bad_targets() {
        let dev = Device::Cpu;
        let x = Tensor::zeros((2, 4), candle_core::DType::F32, &dev).unwrap();
        assert!(cross_entropy_rows(&x, &Tensor::new(&[0u32, 4], &dev).unwrap()).is_err());
        assert!(cross_entropy_rows(&x, &Tensor::new(&[0u32], &dev).unwrap()).is_err());
        assert!(cross_entropy_rows(&x, &Tensor::new(&[0f32, 1.], &dev).unwrap()).is_err());
    }
}
