pub fn first_true<F: FnMut(u64) -> bool>(lo: u64, hi: u64, mut pred: F) -> Option<u64> {
    if lo >= hi {
        return None;
    }
    // search in lo..hi; answer in lo..=hi where hi means "none"
    let (mut a, mut b) = (lo, hi);
    while a < b {
        let mid = a + (b - a) / 2;
        if pred(mid) {
            b = mid;
        } else {
            a = mid + 1;
        }
    }
    if a < hi { Some(a) } else { None }
}

pub fn last_true<F: FnMut(u64) -> bool>(lo: u64, hi: u64, mut pred: F) -> Option<u64> {
    // first index where pred is false
    let first_false = first_true(lo, hi, |x| !pred(x)).unwrap_or(hi);
    if first_false > lo && lo < hi { Some(first_false - 1) } else { None }
}
