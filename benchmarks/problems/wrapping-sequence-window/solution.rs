use std::cmp::Ordering;

/// Signed shortest distance from `a` to `b`; None when exactly half the ring apart.
pub fn seq_distance(a: u16, b: u16) -> Option<i32> {
    let d = b.wrapping_sub(a) as i32;
    match d {
        0..=32767 => Some(d),
        32768 => None,
        _ => Some(d - 65536),
    }
}

/// Serial-number ordering of `a` relative to `b`.
pub fn seq_cmp(a: u16, b: u16) -> Option<Ordering> {
    seq_distance(a, b).map(|d| 0.cmp(&d))
}

/// Whether `x` lies in the wrapping window of `len` numbers starting at `start`.
pub fn in_window(x: u16, start: u16, len: u32) -> bool {
    (x.wrapping_sub(start) as u32) < len
}
