/// Number of multiples of `k` in lo..=hi. Panics if k == 0.
pub fn count_multiples(lo: u64, hi: u64, k: u64) -> u128 {
    assert!(k != 0, "k must be positive");
    if lo > hi {
        return 0;
    }
    // multiples in 0..=hi minus multiples in 0..lo
    let upto_hi = (hi / k) as u128 + 1;
    let below_lo = (lo / k) as u128 + u128::from(lo % k != 0);
    upto_hi - below_lo
}

/// Number of integers in lo..=hi.
pub fn inclusive_len(lo: i64, hi: i64) -> u128 {
    if lo > hi {
        return 0;
    }
    (hi as i128 - lo as i128 + 1) as u128
}
