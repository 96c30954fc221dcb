/// Index of the first element `>= target` (or `sorted.len()`).
pub fn lower_bound(sorted: &[i32], target: i32) -> usize {
    let mut lo = 0;
    let mut hi = sorted.len();
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if sorted[mid] < target {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// Index of the first element `> target` (or `sorted.len()`).
pub fn upper_bound(sorted: &[i32], target: i32) -> usize {
    let mut lo = 0;
    let mut hi = sorted.len();
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if sorted[mid] <= target {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// Number of elements equal to `target`.
pub fn count_equal(sorted: &[i32], target: i32) -> usize {
    upper_bound(sorted, target) - lower_bound(sorted, target)
}
