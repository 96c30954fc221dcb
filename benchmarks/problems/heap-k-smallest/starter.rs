pub fn k_smallest(values: &[i32], k: usize) -> Vec<i32> {
    todo!()
}

pub fn k_largest(values: &[i32], k: usize) -> Vec<i32> {
    todo!()
}

pub fn kth_smallest(values: &[i32], k: usize) -> Option<i32> {
    todo!()
}
