pub fn percentile_nearest_rank(values: &[f64], p: f64) -> Option<f64> {
    todo!()
}

pub fn percentile_linear(values: &[f64], p: f64) -> Option<f64> {
    todo!()
}

pub fn quartiles(values: &[f64]) -> Option<(f64, f64, f64)> {
    todo!()
}
