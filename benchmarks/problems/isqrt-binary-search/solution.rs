fn pow_le(r: u64, k: u32, n: u64) -> bool {
    // r^k <= n without overflow
    let mut acc: u128 = 1;
    for _ in 0..k {
        acc *= r as u128;
        if acc > n as u128 {
            return false;
        }
    }
    true
}

pub fn nth_root(n: u64, k: u32) -> u64 {
    assert!(k > 0, "k must be positive");
    if k == 1 {
        return n;
    }
    let (mut lo, mut hi) = (0u64, 1u64 << (64 / k + 1).min(63));
    // invariant: lo^k <= n, hi^k > n
    while !pow_le(lo, k, n) || pow_le(hi, k, n) {
        hi = hi.saturating_mul(2);
        if hi == u64::MAX {
            break;
        }
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if pow_le(mid, k, n) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo
}

pub fn isqrt(n: u64) -> u64 {
    nth_root(n, 2)
}

pub fn icbrt(n: u64) -> u64 {
    nth_root(n, 3)
}

pub fn is_perfect_square(n: u64) -> bool {
    let r = isqrt(n);
    r * r == n
}
