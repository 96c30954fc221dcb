/// floor((a + b) / 2) without overflow.
pub fn midpoint_floor(a: i64, b: i64) -> i64 {
    todo!("midpoint of {a} and {b}")
}

/// Smallest x in lo..=hi with pred(x) true (pred monotone), or None.
pub fn first_true(lo: i64, hi: i64, pred: impl Fn(i64) -> bool) -> Option<i64> {
    todo!("bisect {lo}..={hi}")
}
