pub fn factorize(mut n: u64) -> Vec<(u64, u32)> {
    let mut out = Vec::new();
    if n < 2 {
        return out;
    }
    let mut d = 2u64;
    while d.checked_mul(d).map_or(false, |sq| sq <= n) {
        if n % d == 0 {
            let mut e = 0;
            while n % d == 0 {
                n /= d;
                e += 1;
            }
            out.push((d, e));
        }
        d += if d == 2 { 1 } else { 2 };
    }
    if n > 1 {
        out.push((n, 1));
    }
    out
}

pub fn largest_prime_factor(n: u64) -> Option<u64> {
    factorize(n).last().map(|&(p, _)| p)
}

pub fn divisor_count(n: u64) -> u64 {
    if n == 0 {
        return 0;
    }
    factorize(n).iter().map(|&(_, e)| e as u64 + 1).product()
}
