pub fn moving_average(values: &[f64], k: usize) -> Vec<f64> {
    if k == 0 || k > values.len() {
        return Vec::new();
    }
    let mut sum: f64 = values[..k].iter().sum();
    let mut out = Vec::with_capacity(values.len() - k + 1);
    out.push(sum / k as f64);
    for i in k..values.len() {
        sum += values[i] - values[i - k];
        out.push(sum / k as f64);
    }
    out
}

pub fn cumulative_average(values: &[f64]) -> Vec<f64> {
    let mut sum = 0.0;
    values
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            sum += v;
            sum / (i + 1) as f64
        })
        .collect()
}

pub fn exponential_average(values: &[f64], alpha: f64) -> Vec<f64> {
    assert!(alpha > 0.0 && alpha <= 1.0, "alpha must be in (0, 1]");
    let mut out: Vec<f64> = Vec::with_capacity(values.len());
    for &v in values {
        let e = match out.last() {
            None => v,
            Some(&prev) => alpha * v + (1.0 - alpha) * prev,
        };
        out.push(e);
    }
    out
}
