pub fn dot(a: &[i64], b: &[i64]) -> Option<i64> {
    if a.len() != b.len() {
        return None;
    }
    a.iter()
        .zip(b)
        .try_fold(0i64, |acc, (x, y)| acc.checked_add(x.checked_mul(*y)?))
}

pub fn pairwise_diff(values: &[i64]) -> Option<Vec<i64>> {
    values.windows(2).map(|w| w[1].checked_sub(w[0])).collect()
}

pub fn prefix_sums(values: &[i64]) -> Vec<i128> {
    std::iter::once(0i128)
        .chain(values.iter().scan(0i128, |acc, &v| {
            *acc += v as i128;
            Some(*acc)
        }))
        .collect()
}

pub fn range_sum(prefix: &[i128], start: usize, end: usize) -> Option<i128> {
    if start > end || end >= prefix.len() {
        return None;
    }
    Some(prefix[end] - prefix[start])
}

pub fn count_increases(values: &[i64]) -> usize {
    values.windows(2).filter(|w| w[1] > w[0]).count()
}
