pub fn min_difference_any(skills: &[u32]) -> u64 {
    let total: usize = skills.iter().map(|&s| s as usize).sum();
    let mut reach = vec![false; total + 1];
    reach[0] = true;
    for &s in skills {
        let s = s as usize;
        for a in (s..=total).rev() {
            if reach[a - s] {
                reach[a] = true;
            }
        }
    }
    (0..=total)
        .filter(|&a| reach[a])
        .map(|a| (total as i64 - 2 * a as i64).unsigned_abs())
        .min()
        .unwrap_or(0)
}

pub fn min_difference_balanced(skills: &[u32]) -> u64 {
    let n = skills.len();
    let total: usize = skills.iter().map(|&s| s as usize).sum();
    // reach[k][a]: some k players have total skill a
    let half = (n + 1) / 2;
    let mut reach = vec![vec![false; total + 1]; half + 1];
    reach[0][0] = true;
    let mut prefix = 0usize;
    for (i, &s) in skills.iter().enumerate() {
        let s = s as usize;
        prefix += s;
        for k in (1..=(i + 1).min(half)).rev() {
            for a in (s..=prefix).rev() {
                if reach[k - 1][a - s] {
                    reach[k][a] = true;
                }
            }
        }
    }
    let mut best = u64::MAX;
    for k in [n / 2, (n + 1) / 2] {
        for a in 0..=total {
            if reach[k][a] {
                best = best.min((total as i64 - 2 * a as i64).unsigned_abs());
            }
        }
    }
    if best == u64::MAX { 0 } else { best }
}
