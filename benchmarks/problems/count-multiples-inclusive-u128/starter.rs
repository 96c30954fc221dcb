/// Number of multiples of `k` in lo..=hi. Panics if k == 0.
pub fn count_multiples(lo: u64, hi: u64, k: u64) -> u128 {
    todo!("multiples of {k} in {lo}..={hi}")
}

/// Number of integers in lo..=hi.
pub fn inclusive_len(lo: i64, hi: i64) -> u128 {
    todo!("length of {lo}..={hi}")
}
