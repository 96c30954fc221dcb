pub fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}

pub fn lcm(a: u64, b: u64) -> Option<u64> {
    if a == 0 || b == 0 {
        return Some(0);
    }
    (a / gcd(a, b)).checked_mul(b)
}

pub fn gcd_all(values: &[u64]) -> u64 {
    values.iter().fold(0, |acc, &v| gcd(acc, v))
}

pub fn lcm_all(values: &[u64]) -> Option<u64> {
    let mut acc = 1u64;
    for &v in values {
        acc = lcm(acc, v)?;
    }
    Some(acc)
}
