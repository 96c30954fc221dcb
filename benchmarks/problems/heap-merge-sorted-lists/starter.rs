pub fn merge_sorted(lists: &[Vec<i32>]) -> Vec<i32> {
    todo!()
}

pub fn merge_with_source(lists: &[Vec<i32>]) -> Vec<(i32, usize)> {
    todo!()
}

pub fn merge_dedup(lists: &[Vec<i32>]) -> Vec<i32> {
    todo!()
}
