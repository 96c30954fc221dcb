pub fn moving_average(values: &[f64], k: usize) -> Vec<f64> {
    todo!()
}

pub fn cumulative_average(values: &[f64]) -> Vec<f64> {
    todo!()
}

pub fn exponential_average(values: &[f64], alpha: f64) -> Vec<f64> {
    todo!()
}
