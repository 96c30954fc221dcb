/// Ascending order, -0.0 before +0.0, NaNs last.
pub fn sort_floats(v: &mut [f64]) {
    todo!("sort {} floats", v.len())
}

/// Largest non-NaN value (+0.0 > -0.0).
pub fn max_ignoring_nan(v: &[f64]) -> Option<f64> {
    todo!("max of {} floats", v.len())
}

/// Smallest non-NaN value (-0.0 < +0.0).
pub fn min_ignoring_nan(v: &[f64]) -> Option<f64> {
    todo!("min of {} floats", v.len())
}
