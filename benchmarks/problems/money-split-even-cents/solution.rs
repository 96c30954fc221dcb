pub fn split_even(total_cents: i64, parts: usize) -> Vec<i64> {
    if parts == 0 {
        return Vec::new();
    }
    let n = parts as i128;
    let t = total_cents as i128;
    let base = t / n; // truncates toward zero
    let extra = (t % n).unsigned_abs() as usize;
    let step = if t < 0 { -1 } else { 1 };
    (0..parts)
        .map(|i| (if i < extra { base + step } else { base }) as i64)
        .collect()
}

pub fn allocate(total_cents: u64, weights: &[u32]) -> Option<Vec<u64>> {
    let w_sum: u128 = weights.iter().map(|&w| w as u128).sum();
    if w_sum == 0 {
        return None;
    }
    let t = total_cents as u128;
    let mut shares: Vec<u64> = Vec::with_capacity(weights.len());
    let mut rems: Vec<(u128, usize)> = Vec::with_capacity(weights.len());
    for (i, &w) in weights.iter().enumerate() {
        let p = t * w as u128;
        shares.push((p / w_sum) as u64);
        rems.push((p % w_sum, i));
    }
    let given: u128 = shares.iter().map(|&s| s as u128).sum();
    let left = (t - given) as usize;
    rems.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, i) in rems.iter().take(left) {
        shares[i] += 1;
    }
    Some(shares)
}
