pub fn union(a: &[i32], b: &[i32]) -> Vec<i32> {
    todo!()
}

pub fn intersection(a: &[i32], b: &[i32]) -> Vec<i32> {
    todo!()
}

pub fn difference(a: &[i32], b: &[i32]) -> Vec<i32> {
    todo!()
}

pub fn symmetric_difference(a: &[i32], b: &[i32]) -> Vec<i32> {
    todo!()
}

pub fn is_subset(a: &[i32], b: &[i32]) -> bool {
    todo!()
}

pub fn jaccard(a: &[i32], b: &[i32]) -> f64 {
    todo!()
}
