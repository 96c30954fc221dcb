//! Combining workers' weights into one: robust coordinate-wise rules and plain FedAvg.
//!
//! With `n` updates of which `f` are adversarial:
//! - [`Rule::Median`] tolerates `f < n/2`: every coordinate is the median of the `n` values, so it
//!   always lies between two honest values.
//! - [`Rule::TrimmedMean`] with `beta` tolerates `f <= ceil(beta * n)`: per coordinate the
//!   `ceil(beta * n)` smallest and largest values are dropped (at most `(n - 1) / 2`, so one value
//!   is always kept) and the rest averaged. Rounding up means a small colony (3 or 4 nodes) still
//!   trims one value at each end instead of degenerating into the plain mean.
//! - [`Rule::FedAvg`] (sample-weighted mean) tolerates none: one update can move it anywhere. It
//!   is here for comparison and for trusted colonies.
//!
//! Coordinates are independent, so the work is split across threads by coordinate range.

use serde::{Deserialize, Serialize};
use x402_model::{Tensor, Weights};

/// How updates are combined.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Rule {
    /// Coordinate-wise median.
    Median,
    /// Coordinate-wise trimmed mean dropping `beta` of the values at each end (`0 <= beta < 0.5`).
    TrimmedMean {
        /// Share trimmed at each end.
        beta: f64,
    },
    /// Sample-count-weighted mean (McMahan et al.); not robust.
    FedAvg,
}

impl Default for Rule {
    fn default() -> Self {
        Rule::TrimmedMean { beta: 0.2 }
    }
}

impl std::str::FromStr for Rule {
    type Err = String;

    /// Parses `median`, `fedavg`, `trimmed-mean` (beta 0.2) or `trimmed-mean:0.1`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "median" => Ok(Rule::Median),
            "fedavg" => Ok(Rule::FedAvg),
            "trimmed-mean" => Ok(Rule::default()),
            _ => {
                let beta = s
                    .strip_prefix("trimmed-mean:")
                    .and_then(|b| b.parse::<f64>().ok())
                    .filter(|b| (0.0..0.5).contains(b))
                    .ok_or_else(|| {
                        format!(
                            "unknown rule {s:?}: expected median, fedavg, trimmed-mean or \
                             trimmed-mean:<beta in [0, 0.5)>"
                        )
                    })?;
                Ok(Rule::TrimmedMean { beta })
            }
        }
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rule::Median => f.write_str("median"),
            Rule::TrimmedMean { beta } => write!(f, "trimmed-mean:{beta}"),
            Rule::FedAvg => f.write_str("fedavg"),
        }
    }
}

/// Why updates could not be combined.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AggregateError {
    /// Nothing to combine.
    #[error("no updates to aggregate")]
    Empty,
    /// Updates disagree on tensor names or shapes.
    #[error("update {index} has a different architecture than update 0")]
    ArchitectureMismatch {
        /// Offending update.
        index: usize,
    },
}

/// One update to combine.
#[derive(Debug, Clone, Copy)]
pub struct Update<'a> {
    /// The weights.
    pub weights: &'a Weights,
    /// Training examples behind them (FedAvg's weight; ignored by the robust rules).
    pub samples: u64,
}

/// Combines `updates` with `rule`. Every update must have the same architecture.
pub fn aggregate(rule: Rule, updates: &[Update<'_>]) -> Result<Weights, AggregateError> {
    let first = updates.first().ok_or(AggregateError::Empty)?;
    let arch = first.weights.architecture();
    for (index, u) in updates.iter().enumerate().skip(1) {
        if u.weights.architecture() != arch {
            return Err(AggregateError::ArchitectureMismatch { index });
        }
    }
    // In f64: sample counts come from peers and must not overflow.
    let total_samples: f64 = updates.iter().map(|u| u.samples.max(1) as f64).sum();
    let coefficients: Vec<f64> = updates
        .iter()
        .map(|u| u.samples.max(1) as f64 / total_samples)
        .collect();

    let mut out = Weights::new();
    for (name, shape) in &arch.tensors {
        let columns: Vec<&[f32]> = updates
            .iter()
            .map(|u| {
                u.weights
                    .get(name)
                    .expect("architecture checked")
                    .data
                    .as_slice()
            })
            .collect();
        let mut data = vec![0f32; columns[0].len()];
        combine_parallel(rule, &columns, &coefficients, &mut data);
        out.insert(
            name.clone(),
            Tensor {
                shape: shape.clone(),
                data,
            },
        )
        .expect("shape comes from the architecture");
    }
    Ok(out)
}

/// Splits the coordinates of one tensor across the available cores.
fn combine_parallel(rule: Rule, columns: &[&[f32]], coefficients: &[f64], out: &mut [f32]) {
    const MIN_CHUNK: usize = 1 << 15;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = out.len().div_ceil(threads).max(MIN_CHUNK);
    if out.len() <= chunk {
        combine(rule, columns, coefficients, 0, out);
        return;
    }
    std::thread::scope(|scope| {
        for (i, part) in out.chunks_mut(chunk).enumerate() {
            scope.spawn(move || combine(rule, columns, coefficients, i * chunk, part));
        }
    });
}

/// Combines coordinates `start..start + out.len()`.
fn combine(rule: Rule, columns: &[&[f32]], coefficients: &[f64], start: usize, out: &mut [f32]) {
    let n = columns.len();
    let trim = match rule {
        Rule::TrimmedMean { beta } => ((beta * n as f64).ceil() as usize).min((n - 1) / 2),
        _ => 0,
    };
    let mut values = vec![0f32; n];
    for (offset, slot) in out.iter_mut().enumerate() {
        let j = start + offset;
        *slot = match rule {
            Rule::FedAvg => columns
                .iter()
                .zip(coefficients)
                .map(|(c, w)| c[j] as f64 * w)
                .sum::<f64>() as f32,
            Rule::Median => {
                for (v, c) in values.iter_mut().zip(columns) {
                    *v = c[j];
                }
                values.sort_unstable_by(f32::total_cmp);
                if n % 2 == 1 {
                    values[n / 2]
                } else {
                    ((values[n / 2 - 1] as f64 + values[n / 2] as f64) / 2.0) as f32
                }
            }
            Rule::TrimmedMean { .. } => {
                for (v, c) in values.iter_mut().zip(columns) {
                    *v = c[j];
                }
                values.sort_unstable_by(f32::total_cmp);
                let kept = &values[trim..n - trim];
                (kept.iter().map(|&v| v as f64).sum::<f64>() / kept.len() as f64) as f32
            }
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weights(values: &[f32]) -> Weights {
        let mut w = Weights::new();
        w.insert(
            "w",
            Tensor {
                shape: vec![values.len()],
                data: values.to_vec(),
            },
        )
        .unwrap();
        w
    }

    /// Honest updates scattered around `center`, deterministic.
    fn honest(n: usize, dim: usize, center: f32) -> Vec<Weights> {
        (0..n)
            .map(|i| {
                let v: Vec<f32> = (0..dim)
                    .map(|j| center + (((i * 31 + j * 17) % 13) as f32 - 6.0) * 0.01)
                    .collect();
                weights(&v)
            })
            .collect()
    }

    fn mean(ws: &[Weights]) -> Vec<f32> {
        let dim = ws[0].get("w").unwrap().data.len();
        (0..dim)
            .map(|j| ws.iter().map(|w| w.get("w").unwrap().data[j]).sum::<f32>() / ws.len() as f32)
            .collect()
    }

    fn max_distance(a: &Weights, b: &[f32]) -> f32 {
        a.get("w")
            .unwrap()
            .data
            .iter()
            .zip(b)
            .map(|(x, y)| (x - y).abs())
            .fold(0.0, f32::max)
    }

    fn updates(ws: &[Weights]) -> Vec<Update<'_>> {
        ws.iter()
            .map(|weights| Update {
                weights,
                samples: 100,
            })
            .collect()
    }

    #[test]
    fn robust_rules_stay_near_the_honest_mean_under_a_minority_of_attackers() {
        // 7 honest + 3 adversarial (f = 3 < n/2 = 5; beta 0.3 trims 3 per end).
        let honest_ws = honest(7, 1000, 0.5);
        let honest_mean = mean(&honest_ws);
        // The honest values span +-0.06 around the center: that is the bound.
        let bound = 0.061;
        for attack in [1e6f32, -1e6, 3.0e38] {
            let mut all = honest_ws.clone();
            all.extend((0..3).map(|_| weights(&vec![attack; 1000])));
            for rule in [Rule::Median, Rule::TrimmedMean { beta: 0.3 }] {
                let agg = aggregate(rule, &updates(&all)).unwrap();
                let d = max_distance(&agg, &honest_mean);
                assert!(
                    d <= bound,
                    "{rule} moved {d} from the honest mean under {attack}"
                );
            }
            // FedAvg is dragged arbitrarily far by the same attack.
            let agg = aggregate(Rule::FedAvg, &updates(&all)).unwrap();
            let d = max_distance(&agg, &honest_mean);
            assert!(d > 1000.0, "fedavg stayed within {d} of the honest mean");
        }
    }

    #[test]
    fn without_attackers_every_rule_matches_the_mean_closely() {
        let ws = honest(5, 300, -0.25);
        let m = mean(&ws);
        for rule in [Rule::Median, Rule::TrimmedMean { beta: 0.2 }, Rule::FedAvg] {
            let agg = aggregate(rule, &updates(&ws)).unwrap();
            assert!(max_distance(&agg, &m) < 0.061, "{rule}");
        }
        let agg = aggregate(Rule::FedAvg, &updates(&ws)).unwrap();
        assert!(max_distance(&agg, &m) < 1e-5);
    }

    #[test]
    fn fedavg_weights_by_samples_and_median_of_even_counts_averages_the_middle() {
        let a = weights(&[0.0, 10.0]);
        let b = weights(&[1.0, 20.0]);
        let avg = aggregate(
            Rule::FedAvg,
            &[
                Update {
                    weights: &a,
                    samples: 3,
                },
                Update {
                    weights: &b,
                    samples: 1,
                },
            ],
        )
        .unwrap();
        assert_eq!(avg.get("w").unwrap().data, vec![0.25, 12.5]);
        let med = aggregate(Rule::Median, &updates(&[a, b])).unwrap();
        assert_eq!(med.get("w").unwrap().data, vec![0.5, 15.0]);
    }

    #[test]
    fn large_tensors_split_across_threads_give_the_same_result() {
        let ws = honest(5, 100_003, 1.0);
        let agg = aggregate(Rule::Median, &updates(&ws)).unwrap();
        let data = &agg.get("w").unwrap().data;
        for j in [0, 1, 50_000, 100_002] {
            let mut col: Vec<f32> = ws.iter().map(|w| w.get("w").unwrap().data[j]).collect();
            col.sort_by(f32::total_cmp);
            assert_eq!(data[j], col[2]);
        }
    }

    #[test]
    fn mismatched_architectures_and_empty_input_are_errors() {
        assert_eq!(aggregate(Rule::Median, &[]), Err(AggregateError::Empty));
        let a = weights(&[1.0, 2.0]);
        let b = weights(&[1.0, 2.0, 3.0]);
        assert_eq!(
            aggregate(Rule::Median, &updates(&[a, b])),
            Err(AggregateError::ArchitectureMismatch { index: 1 })
        );
    }

    #[test]
    fn a_small_colony_still_trims_one_value_at_each_end() {
        // n = 4, beta 0.2: ceil(0.8) = 1 per end, so one attacker cannot move the result.
        let mut ws = honest(3, 50, 0.0);
        ws.push(weights(&[1e6; 50]));
        let agg = aggregate(Rule::default(), &updates(&ws)).unwrap();
        assert!(max_distance(&agg, &mean(&ws[..3])) < 0.1);
    }

    #[test]
    fn rules_parse_from_the_command_line() {
        assert_eq!("median".parse(), Ok(Rule::Median));
        assert_eq!("fedavg".parse(), Ok(Rule::FedAvg));
        assert_eq!(
            "trimmed-mean:0.1".parse(),
            Ok(Rule::TrimmedMean { beta: 0.1 })
        );
        assert!("trimmed-mean:0.7".parse::<Rule>().is_err());
        assert!("krum".parse::<Rule>().is_err());
    }
}
