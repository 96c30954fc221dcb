pub fn dot(a: &[i64], b: &[i64]) -> Option<i64> {
    todo!()
}

pub fn pairwise_diff(values: &[i64]) -> Option<Vec<i64>> {
    todo!()
}

pub fn prefix_sums(values: &[i64]) -> Vec<i128> {
    todo!()
}

pub fn range_sum(prefix: &[i128], start: usize, end: usize) -> Option<i128> {
    todo!()
}

pub fn count_increases(values: &[i64]) -> usize {
    todo!()
}
