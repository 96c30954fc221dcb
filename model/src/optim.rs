//! Shared training machinery: learning-rate schedule, global gradient-norm clipping and an
//! AdamW wrapper that ties them together.
//!
//! [`Optimizer`] applies weight decay only to matrices (Vars of rank ≥ 2); biases, norm
//! gains and other vectors are not decayed, the usual practice for AdamW.

use candle_core::backprop::GradStore;
use candle_core::{Tensor, Var};
use candle_nn::{AdamW, Optimizer as _, ParamsAdamW};

/// Linear warm-up from 0 to `peak_lr`, then cosine decay to `min_lr`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Schedule {
    /// Steps of linear warm-up (0 = start at `peak_lr`).
    pub warmup_steps: usize,
    /// Step at which the cosine reaches `min_lr`; later steps stay at `min_lr`.
    pub total_steps: usize,
    /// Learning rate at the end of warm-up.
    pub peak_lr: f64,
    /// Final learning rate.
    pub min_lr: f64,
}

impl Schedule {
    /// A constant learning rate.
    pub fn constant(lr: f64) -> Self {
        Schedule {
            warmup_steps: 0,
            total_steps: usize::MAX,
            peak_lr: lr,
            min_lr: lr,
        }
    }

    /// Learning rate for the 0-based `step`: `peak·(step+1)/warmup` during warm-up (so the
    /// first step is not wasted and step `warmup-1` uses `peak`), then
    /// `min + (peak−min)·½(1 + cos(π·p))` with `p` going from 0 at `warmup` to 1 at
    /// `total_steps − 1`, and `min_lr` from then on.
    pub fn lr(&self, step: usize) -> f64 {
        if step < self.warmup_steps {
            return self.peak_lr * (step + 1) as f64 / self.warmup_steps as f64;
        }
        let span = self
            .total_steps
            .saturating_sub(1)
            .saturating_sub(self.warmup_steps);
        if span == 0 {
            return if step >= self.total_steps.saturating_sub(1) {
                self.min_lr
            } else {
                self.peak_lr
            };
        }
        let p = ((step - self.warmup_steps) as f64 / span as f64).min(1.0);
        self.min_lr + (self.peak_lr - self.min_lr) * 0.5 * (1.0 + (std::f64::consts::PI * p).cos())
    }
}

/// Global L2 norm of the gradients of `vars` (Vars without a gradient count as zero). When it
/// exceeds `max_norm`, every gradient is scaled by `max_norm / norm` in place. Returns the
/// norm before clipping (NaN/Inf if a gradient is non-finite; nothing is scaled then).
pub fn clip_grad_norm(
    grads: &mut GradStore,
    vars: &[Var],
    max_norm: f64,
) -> candle_core::Result<f64> {
    let mut sum_sq = 0f64;
    for var in vars {
        if let Some(g) = grads.get(var.as_tensor()) {
            let s = g
                .to_dtype(candle_core::DType::F64)?
                .sqr()?
                .sum_all()?
                .to_scalar::<f64>()?;
            sum_sq += s;
        }
    }
    let norm = sum_sq.sqrt();
    if norm.is_finite() && norm > max_norm && norm > 0.0 {
        let scale = max_norm / norm;
        for var in vars {
            if let Some(g) = grads.get(var.as_tensor()) {
                let scaled = (g * scale)?;
                grads.insert(var.as_tensor(), scaled);
            }
        }
    }
    Ok(norm)
}

/// What one [`Optimizer::step`] did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepInfo {
    /// Learning rate used for this step.
    pub lr: f64,
    /// Global gradient norm before clipping.
    pub grad_norm: f64,
}

/// AdamW (β = 0.9/0.999, ε = 1e-8) with a [`Schedule`], global-norm clipping and a step counter.
#[derive(Debug)]
pub struct Optimizer {
    vars: Vec<Var>,
    decayed: AdamW,
    undecayed: AdamW,
    schedule: Schedule,
    clip_norm: f64,
    steps: usize,
}

impl Optimizer {
    /// Optimises `vars`; `weight_decay` applies to Vars of rank ≥ 2 only; `clip_norm` is the
    /// maximum global gradient norm (use `f64::INFINITY` to disable clipping).
    pub fn new(
        vars: Vec<Var>,
        schedule: Schedule,
        weight_decay: f64,
        clip_norm: f64,
    ) -> candle_core::Result<Self> {
        let (matrices, vectors): (Vec<Var>, Vec<Var>) =
            vars.iter().cloned().partition(|v| v.rank() >= 2);
        let params = |weight_decay| ParamsAdamW {
            lr: schedule.lr(0),
            weight_decay,
            ..ParamsAdamW::default()
        };
        Ok(Optimizer {
            vars,
            decayed: AdamW::new(matrices, params(weight_decay))?,
            undecayed: AdamW::new(vectors, params(0.0))?,
            schedule,
            clip_norm,
            steps: 0,
        })
    }

    /// Back-propagates `loss`, clips, and applies one AdamW update at the scheduled learning
    /// rate. If the gradient norm is not finite, nothing is updated, the step counter does not
    /// advance and an error is returned.
    pub fn step(&mut self, loss: &Tensor) -> candle_core::Result<StepInfo> {
        let mut grads = loss.backward()?;
        self.step_with_grads(&mut grads)
    }

    /// Like [`Optimizer::step`] with gradients computed by the caller (e.g. accumulated).
    pub fn step_with_grads(&mut self, grads: &mut GradStore) -> candle_core::Result<StepInfo> {
        let grad_norm = clip_grad_norm(grads, &self.vars, self.clip_norm)?;
        if !grad_norm.is_finite() {
            candle_core::bail!("non-finite gradient norm {grad_norm}; update skipped");
        }
        let lr = self.schedule.lr(self.steps);
        self.decayed.set_learning_rate(lr);
        self.undecayed.set_learning_rate(lr);
        self.decayed.step(grads)?;
        self.undecayed.step(grads)?;
        self.steps += 1;
        Ok(StepInfo { lr, grad_norm })
    }

    /// Number of updates applied so far.
    pub fn steps(&self) -> usize {
        self.steps
    }

    /// The Vars being optimised.
    pub fn vars(&self) -> &[Var] {
        &self.vars
    }

    /// The learning-rate schedule.
    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::{Device, Tensor};

    #[test]
    fn schedule_shape() {
        let s = Schedule {
            warmup_steps: 10,
            total_steps: 110,
            peak_lr: 1e-3,
            min_lr: 1e-5,
        };
        assert!(s.lr(0) > 0.0 && s.lr(0) < s.lr(1));
        for i in 0..9 {
            assert!(s.lr(i) < s.lr(i + 1), "warm-up rises at {i}");
        }
        assert!((s.lr(9) - 1e-3).abs() < 1e-15);
        assert!((s.lr(10) - 1e-3).abs() < 1e-15);
        for i in 10..109 {
            assert!(s.lr(i) > s.lr(i + 1), "cosine falls at {i}");
        }
        assert!((s.lr(109) - 1e-5).abs() < 1e-15);
        assert_eq!(s.lr(500), 1e-5);
        let mid = s.lr(10 + 99 / 2);
        assert!((mid - (1e-5 + 0.99e-3 * 0.5)).abs() < 2e-5, "{mid}");
        assert_eq!(Schedule::constant(0.1).lr(12345), 0.1);
    }

    #[test]
    fn clipping_scales_to_max_norm() -> candle_core::Result<()> {
        let dev = Device::Cpu;
        let a = Var::from_tensor(&Tensor::new(&[1f32, 1.0], &dev)?)?;
        let b = Var::from_tensor(&Tensor::new(&[[1f32]], &dev)?)?;
        // loss = 3·sum(a) + 4·b → grads (3, 3) and (4): norm √(9+9+16) = √34.
        let loss = ((a.as_tensor().sum_all()? * 3.0)? + (b.as_tensor().sum_all()? * 4.0)?)?;
        let mut grads = loss.backward()?;
        let vars = [a.clone(), b.clone()];
        let norm = clip_grad_norm(&mut grads, &vars, 1.0)?;
        assert!((norm - 34f64.sqrt()).abs() < 1e-5);
        let after = clip_grad_norm(&mut grads, &vars, 1.0)?;
        assert!((after - 1.0).abs() < 1e-5, "{after}");
        let ga = grads.get(a.as_tensor()).unwrap().to_vec1::<f32>()?;
        assert!((f64::from(ga[0]) - 3.0 / 34f64.sqrt()).abs() < 1e-5);
        // Below the threshold nothing changes.
        let same = clip_grad_norm(&mut grads, &vars, 10.0)?;
        assert!((same - 1.0).abs() < 1e-5);
        Ok(())
    }

    #[test]
    fn optimizer_reduces_quadratic() -> candle_core::Result<()> {
        let dev = Device::Cpu;
        let w = Var::from_tensor(&Tensor::new(&[[2f32, -3.0]], &dev)?)?;
        let bias = Var::from_tensor(&Tensor::new(&[1f32], &dev)?)?;
        let mut opt = Optimizer::new(
            vec![w.clone(), bias.clone()],
            Schedule {
                warmup_steps: 2,
                total_steps: 50,
                peak_lr: 0.1,
                min_lr: 0.01,
            },
            0.01,
            1.0,
        )?;
        let loss_of = || -> candle_core::Result<Tensor> {
            w.as_tensor().sqr()?.sum_all()? + bias.as_tensor().sqr()?.sum_all()?
        };
        let first = loss_of()?.to_scalar::<f32>()?;
        for _ in 0..40 {
            let info = opt.step(&loss_of()?)?;
            assert!(info.grad_norm.is_finite() && info.lr > 0.0);
        }
        assert_eq!(opt.steps(), 40);
        let last = loss_of()?.to_scalar::<f32>()?;
        assert!(last < first * 0.1, "{first} -> {last}");
        Ok(())
    }
}
