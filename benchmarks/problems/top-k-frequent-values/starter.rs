pub fn frequencies(values: &[i32]) -> Vec<(i32, usize)> {
    todo!()
}

pub fn top_k(values: &[i32], k: usize) -> Vec<i32> {
    todo!()
}

pub fn first_unique(values: &[i32]) -> Option<i32> {
    todo!()
}

pub fn majority(values: &[i32]) -> Option<i32> {
    todo!()
}
