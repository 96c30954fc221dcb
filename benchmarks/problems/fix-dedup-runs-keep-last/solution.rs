/// Removes all but the first element of every run; returns the number removed.
pub fn dedup_runs(v: &mut Vec<i32>) -> usize {
    if v.is_empty() {
        return 0;
    }
    let before = v.len();
    let mut w = 1;
    for r in 1..v.len() {
        if v[r] != v[r - 1] {
            v[w] = v[r];
            w += 1;
        }
    }
    v.truncate(w);
    before - w
}

/// Number of runs of equal adjacent elements.
pub fn count_runs(v: &[i32]) -> usize {
    if v.is_empty() {
        return 0;
    }
    1 + v.windows(2).filter(|w| w[0] != w[1]).count()
}

/// Keeps only the last element of every run of equal keys.
pub fn dedup_keep_last_by_key<T, K: PartialEq>(v: &mut Vec<T>, key: impl Fn(&T) -> K) {
    let mut out: Vec<T> = Vec::with_capacity(v.len());
    for item in v.drain(..) {
        if let Some(last) = out.last_mut() {
            if key(last) == key(&item) {
                *last = item;
                continue;
            }
        }
        out.push(item);
    }
    *v = out;
}
