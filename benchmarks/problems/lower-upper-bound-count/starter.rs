pub fn lower_bound(sorted: &[i32], target: i32) -> usize {
    todo!()
}

pub fn upper_bound(sorted: &[i32], target: i32) -> usize {
    todo!()
}

pub fn count_in_range(sorted: &[i32], lo: i32, hi: i32) -> usize {
    todo!()
}

pub fn nearest(sorted: &[i32], target: i32) -> Option<i32> {
    todo!()
}
