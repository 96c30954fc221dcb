fn sum_and_len(values: &[i64]) -> Option<(i128, i128)> {
    if values.is_empty() {
        return None;
    }
    let sum: i128 = values.iter().map(|&v| v as i128).sum();
    Some((sum, values.len() as i128))
}

/// Exact mean rounded towards negative infinity; `None` if empty.
pub fn floor_average(values: &[i64]) -> Option<i64> {
    let (sum, n) = sum_and_len(values)?;
    i64::try_from(sum.div_euclid(n)).ok()
}

/// Exact mean rounded to nearest, halves away from zero; `None` if empty.
pub fn nearest_average(values: &[i64]) -> Option<i64> {
    let (sum, n) = sum_and_len(values)?;
    let magnitude = (2 * sum.abs() + n) / (2 * n);
    let rounded = if sum < 0 { -magnitude } else { magnitude };
    i64::try_from(rounded).ok()
}
