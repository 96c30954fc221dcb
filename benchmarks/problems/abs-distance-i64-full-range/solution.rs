/// |a - b| for any two i64 values.
pub fn abs_diff_i64(a: i64, b: i64) -> u64 {
    (a as i128 - b as i128).unsigned_abs() as u64
}

/// Largest |x|, or `None` if empty.
pub fn max_magnitude(values: &[i64]) -> Option<u64> {
    values.iter().map(|v| v.unsigned_abs()).max()
}

/// Sum of |v[i + 1] - v[i]|.
pub fn total_variation(values: &[i64]) -> u128 {
    values.windows(2).map(|w| abs_diff_i64(w[0], w[1]) as u128).sum()
}
