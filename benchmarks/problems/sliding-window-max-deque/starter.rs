pub fn window_max(values: &[i64], k: usize) -> Vec<i64> {
    todo!()
}

pub fn window_min(values: &[i64], k: usize) -> Vec<i64> {
    todo!()
}

pub fn window_range(values: &[i64], k: usize) -> Vec<u64> {
    todo!()
}
