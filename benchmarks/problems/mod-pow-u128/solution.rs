pub fn mod_mul(a: u64, b: u64, m: u64) -> u64 {
    assert!(m != 0, "modulus must be non-zero");
    ((a as u128 * b as u128) % m as u128) as u64
}

pub fn mod_pow(base: u64, mut exp: u64, m: u64) -> u64 {
    assert!(m != 0, "modulus must be non-zero");
    let mut result = 1 % m;
    let mut b = base % m;
    while exp > 0 {
        if exp & 1 == 1 {
            result = mod_mul(result, b, m);
        }
        b = mod_mul(b, b, m);
        exp >>= 1;
    }
    result
}

pub fn mod_inverse(a: u64, m: u64) -> Option<u64> {
    if m == 0 {
        return None;
    }
    if m == 1 {
        return Some(0);
    }
    let (mut old_r, mut r) = ((a % m) as i128, m as i128);
    let (mut old_s, mut s) = (1i128, 0i128);
    while r != 0 {
        let q = old_r / r;
        let t = old_r - q * r;
        old_r = r;
        r = t;
        let t = old_s - q * s;
        old_s = s;
        s = t;
    }
    if old_r != 1 {
        return None;
    }
    Some(old_s.rem_euclid(m as i128) as u64)
}
