pub fn digits(mut n: u64) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        out.push((n % 10) as u8);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    out
}

pub fn from_digits(digits: &[u8]) -> Option<u64> {
    let mut acc = 0u64;
    for &d in digits {
        if d > 9 {
            return None;
        }
        acc = acc.checked_mul(10)?.checked_add(d as u64)?;
    }
    Some(acc)
}

pub fn digit_sum(n: u64) -> u32 {
    digits(n).iter().map(|&d| d as u32).sum()
}

pub fn digital_root(n: u64) -> u32 {
    let mut s = digit_sum(n);
    while s >= 10 {
        s = digit_sum(s as u64);
    }
    s
}
