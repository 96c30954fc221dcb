pub fn argsort(values: &[i64]) -> Vec<usize> {
    todo!()
}

pub fn argsort_desc(values: &[i64]) -> Vec<usize> {
    todo!()
}

pub fn apply_permutation<T: Clone>(values: &[T], perm: &[usize]) -> Vec<T> {
    todo!()
}

pub fn inverse_permutation(perm: &[usize]) -> Option<Vec<usize>> {
    todo!()
}
