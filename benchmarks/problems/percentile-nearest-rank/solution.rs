fn sorted(values: &[f64]) -> Vec<f64> {
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v
}

fn valid(values: &[f64], p: f64) -> bool {
    !values.is_empty() && (0.0..=100.0).contains(&p)
}

pub fn percentile_nearest_rank(values: &[f64], p: f64) -> Option<f64> {
    if !valid(values, p) {
        return None;
    }
    let v = sorted(values);
    if p == 0.0 {
        return Some(v[0]);
    }
    let rank = (p * v.len() as f64 / 100.0).ceil() as usize;
    Some(v[rank.clamp(1, v.len()) - 1])
}

pub fn percentile_linear(values: &[f64], p: f64) -> Option<f64> {
    if !valid(values, p) {
        return None;
    }
    let v = sorted(values);
    let h = (v.len() - 1) as f64 * p / 100.0;
    let lo = h.floor() as usize;
    if lo + 1 >= v.len() {
        return Some(v[v.len() - 1]);
    }
    Some(v[lo] + (h - lo as f64) * (v[lo + 1] - v[lo]))
}

pub fn quartiles(values: &[f64]) -> Option<(f64, f64, f64)> {
    Some((
        percentile_linear(values, 25.0)?,
        percentile_linear(values, 50.0)?,
        percentile_linear(values, 75.0)?,
    ))
}
