pub fn apply_bps(cents: i64, bps: i64) -> Option<i64> {
    let n = cents as i128 * bps as i128;
    let mut q = n / 10000;
    let r = n % 10000;
    if r.abs() * 2 >= 10000 {
        q += n.signum();
    }
    i64::try_from(q).ok()
}

pub fn add_percentage(cents: i64, bps: i64) -> Option<i64> {
    cents.checked_add(apply_bps(cents, bps)?)
}

pub fn compound(cents: i64, bps: i64, periods: u32) -> Option<i64> {
    let mut v = cents;
    for _ in 0..periods {
        v = add_percentage(v, bps)?;
    }
    Some(v)
}
