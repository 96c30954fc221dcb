pub fn lower_bound(sorted: &[i32], target: i32) -> usize {
    let (mut lo, mut hi) = (0, sorted.len());
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

pub fn upper_bound(sorted: &[i32], target: i32) -> usize {
    let (mut lo, mut hi) = (0, sorted.len());
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

pub fn count_in_range(sorted: &[i32], lo: i32, hi: i32) -> usize {
    if lo > hi {
        return 0;
    }
    upper_bound(sorted, hi) - lower_bound(sorted, lo)
}

pub fn nearest(sorted: &[i32], target: i32) -> Option<i32> {
    if sorted.is_empty() {
        return None;
    }
    let i = lower_bound(sorted, target);
    let mut best: Option<i32> = None;
    for j in [i.checked_sub(1), Some(i)].into_iter().flatten() {
        if let Some(&v) = sorted.get(j) {
            let d = (v as i64 - target as i64).abs();
            best = match best {
                None => Some(v),
                Some(b) => {
                    let bd = (b as i64 - target as i64).abs();
                    if d < bd || (d == bd && v < b) { Some(v) } else { Some(b) }
                }
            };
        }
    }
    best
}
