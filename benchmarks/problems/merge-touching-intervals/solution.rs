pub fn normalize(intervals: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut v: Vec<(i64, i64)> = intervals
        .iter()
        .map(|&(a, b)| if a <= b { (a, b) } else { (b, a) })
        .collect();
    v.sort();
    let mut out: Vec<(i64, i64)> = Vec::new();
    for (a, b) in v {
        if let Some(last) = out.last_mut() {
            if a as i128 <= last.1 as i128 + 1 {
                last.1 = last.1.max(b);
                continue;
            }
        }
        out.push((a, b));
    }
    out
}

pub fn covered_integers(intervals: &[(i64, i64)]) -> u128 {
    normalize(intervals)
        .iter()
        .map(|&(a, b)| (b as i128 - a as i128 + 1) as u128)
        .sum()
}

pub fn contains(intervals: &[(i64, i64)], x: i64) -> bool {
    intervals
        .iter()
        .any(|&(a, b)| a.min(b) <= x && x <= a.max(b))
}
