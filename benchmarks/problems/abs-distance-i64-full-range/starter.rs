/// |a - b| for any two i64 values.
pub fn abs_diff_i64(a: i64, b: i64) -> u64 {
    todo!("distance between {a} and {b}")
}

/// Largest |x|, or `None` if empty.
pub fn max_magnitude(values: &[i64]) -> Option<u64> {
    todo!("max magnitude of {} values", values.len())
}

/// Sum of |v[i + 1] - v[i]|.
pub fn total_variation(values: &[i64]) -> u128 {
    todo!("total variation of {} values", values.len())
}
