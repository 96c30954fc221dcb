pub fn smallest_longest_increasing(values: &[i64]) -> Vec<i64> {
    todo!("canonical LIS of {} values", values.len())
}

pub fn longest_non_decreasing_len(values: &[i64]) -> usize {
    todo!("LNDS length of {} values", values.len())
}
