pub fn binomial(n: u64, k: u64) -> Option<u64> {
    if k > n {
        return Some(0);
    }
    let k = k.min(n - k);
    let mut r: u128 = 1;
    for i in 0..k {
        // r = C(n, i) exactly; C(n, i+1) = C(n, i) * (n - i) / (i + 1)
        r = r * (n - i) as u128 / (i + 1) as u128;
        if r > u64::MAX as u128 {
            return None;
        }
    }
    Some(r as u64)
}

pub fn pascal_row(n: u64) -> Option<Vec<u64>> {
    (0..=n).map(|k| binomial(n, k)).collect()
}
