/// floor((a + b) / 2) without overflow.
pub fn midpoint_floor(a: i64, b: i64) -> i64 {
    // Shifts are floor divisions; add 1 back when both halves dropped a 1 bit.
    (a >> 1) + (b >> 1) + (a & b & 1)
}

/// Smallest x in lo..=hi with pred(x) true (pred monotone), or None.
pub fn first_true(lo: i64, hi: i64, pred: impl Fn(i64) -> bool) -> Option<i64> {
    if lo > hi || !pred(hi) {
        return None;
    }
    // Invariant: the answer lies in lo..=hi and pred(hi) is true.
    let (mut lo, mut hi) = (lo, hi);
    while lo < hi {
        let mid = midpoint_floor(lo, hi);
        if pred(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Some(lo)
}
