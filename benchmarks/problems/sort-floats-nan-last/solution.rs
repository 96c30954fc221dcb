use std::cmp::Ordering;

fn nan_last(a: &f64, b: &f64) -> Ordering {
    match (a.is_nan(), b.is_nan()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        (false, false) => a.total_cmp(b),
    }
}

/// Ascending order, -0.0 before +0.0, NaNs last.
pub fn sort_floats(v: &mut [f64]) {
    v.sort_by(nan_last);
}

/// Largest non-NaN value (+0.0 > -0.0).
pub fn max_ignoring_nan(v: &[f64]) -> Option<f64> {
    v.iter().copied().filter(|x| !x.is_nan()).max_by(|a, b| a.total_cmp(b))
}

/// Smallest non-NaN value (-0.0 < +0.0).
pub fn min_ignoring_nan(v: &[f64]) -> Option<f64> {
    v.iter().copied().filter(|x| !x.is_nan()).min_by(|a, b| a.total_cmp(b))
}
