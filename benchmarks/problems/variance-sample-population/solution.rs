#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Population,
    Sample,
}

pub fn variance(values: &[f64], kind: Kind) -> Option<f64> {
    let n = values.len();
    let denom = match kind {
        Kind::Population if n >= 1 => n as f64,
        Kind::Sample if n >= 2 => (n - 1) as f64,
        _ => return None,
    };
    let m = values.iter().sum::<f64>() / n as f64;
    let s: f64 = values.iter().map(|x| (x - m) * (x - m)).sum();
    Some(s / denom)
}

pub fn std_dev(values: &[f64], kind: Kind) -> Option<f64> {
    variance(values, kind).map(f64::sqrt)
}

pub fn z_scores(values: &[f64]) -> Option<Vec<f64>> {
    let sd = std_dev(values, Kind::Population)?;
    if sd == 0.0 {
        return None;
    }
    let m = values.iter().sum::<f64>() / values.len() as f64;
    Some(values.iter().map(|x| (x - m) / sd).collect())
}
