pub fn covered_length(intervals: &[(i64, i64)]) -> u64 {
    todo!()
}

pub fn gaps(intervals: &[(i64, i64)], lo: i64, hi: i64) -> Vec<(i64, i64)> {
    todo!()
}

pub fn max_overlap(intervals: &[(i64, i64)]) -> usize {
    todo!()
}
