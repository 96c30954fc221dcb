fn low_mask(len: u32) -> u64 {
    if len >= 64 { u64::MAX } else { (1u64 << len) - 1 }
}

pub fn set_bit_positions(n: u64) -> Vec<u32> {
    (0..64).filter(|&i| n >> i & 1 == 1).collect()
}

pub fn from_positions(positions: &[u32]) -> Option<u64> {
    let mut n = 0u64;
    for &p in positions {
        if p >= 64 {
            return None;
        }
        n |= 1 << p;
    }
    Some(n)
}

pub fn toggle_range(n: u64, lo: u32, hi: u32) -> u64 {
    assert!(lo <= hi && hi <= 63, "invalid bit range");
    n ^ (low_mask(hi - lo + 1) << lo)
}

pub fn extract_bits(n: u64, lo: u32, len: u32) -> u64 {
    assert!(lo as u64 + len as u64 <= 64, "bit field out of range");
    if len == 0 {
        return 0;
    }
    (n >> lo) & low_mask(len)
}

pub fn lowest_set_bit(n: u64) -> Option<u32> {
    if n == 0 { None } else { Some(n.trailing_zeros()) }
}

pub fn highest_set_bit(n: u64) -> Option<u32> {
    if n == 0 { None } else { Some(63 - n.leading_zeros()) }
}
