pub fn normalize(intervals: &[(i64, i64)]) -> Vec<(i64, i64)> {
    todo!()
}

pub fn covered_integers(intervals: &[(i64, i64)]) -> u128 {
    todo!()
}

pub fn contains(intervals: &[(i64, i64)], x: i64) -> bool {
    todo!()
}
