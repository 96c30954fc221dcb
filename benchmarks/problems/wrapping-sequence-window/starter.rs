use std::cmp::Ordering;

/// Signed shortest distance from `a` to `b`; None when exactly half the ring apart.
pub fn seq_distance(a: u16, b: u16) -> Option<i32> {
    todo!("distance {a} -> {b}")
}

/// Serial-number ordering of `a` relative to `b`.
pub fn seq_cmp(a: u16, b: u16) -> Option<Ordering> {
    todo!("compare {a} and {b}")
}

/// Whether `x` lies in the wrapping window of `len` numbers starting at `start`.
pub fn in_window(x: u16, start: u16, len: u32) -> bool {
    todo!("{x} in window {start} + {len}")
}
