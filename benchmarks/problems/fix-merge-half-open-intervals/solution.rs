/// Union of half-open intervals, sorted, with touching intervals merged.
pub fn merge_intervals(intervals: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut v: Vec<(i64, i64)> = intervals.iter().copied().filter(|&(s, e)| s < e).collect();
    v.sort();
    let mut out: Vec<(i64, i64)> = Vec::new();
    for (s, e) in v {
        if let Some(last) = out.last_mut() {
            if s <= last.1 {
                last.1 = last.1.max(e);
                continue;
            }
        }
        out.push((s, e));
    }
    out
}

/// Total length covered by the intervals.
pub fn covered_length(intervals: &[(i64, i64)]) -> i64 {
    merge_intervals(intervals).iter().map(|&(s, e)| e - s).sum()
}
