/// Exact mean rounded towards negative infinity; `None` if empty.
pub fn floor_average(values: &[i64]) -> Option<i64> {
    todo!("floor average of {} values", values.len())
}

/// Exact mean rounded to nearest, halves away from zero; `None` if empty.
pub fn nearest_average(values: &[i64]) -> Option<i64> {
    todo!("nearest average of {} values", values.len())
}
