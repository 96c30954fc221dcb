pub fn argsort(values: &[i64]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..values.len()).collect();
    idx.sort_by_key(|&i| values[i]);
    idx
}

pub fn argsort_desc(values: &[i64]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..values.len()).collect();
    idx.sort_by(|&a, &b| values[b].cmp(&values[a]));
    idx
}

pub fn apply_permutation<T: Clone>(values: &[T], perm: &[usize]) -> Vec<T> {
    perm.iter().map(|&i| values[i].clone()).collect()
}

pub fn inverse_permutation(perm: &[usize]) -> Option<Vec<usize>> {
    let n = perm.len();
    let mut inv = vec![usize::MAX; n];
    for (i, &p) in perm.iter().enumerate() {
        if p >= n || inv[p] != usize::MAX {
            return None;
        }
        inv[p] = i;
    }
    Some(inv)
}
