fn merged(intervals: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut v: Vec<(i64, i64)> = intervals.iter().copied().filter(|&(a, b)| a < b).collect();
    v.sort();
    let mut out: Vec<(i64, i64)> = Vec::new();
    for (a, b) in v {
        if let Some(last) = out.last_mut() {
            if a <= last.1 {
                last.1 = last.1.max(b);
                continue;
            }
        }
        out.push((a, b));
    }
    out
}

pub fn covered_length(intervals: &[(i64, i64)]) -> u64 {
    merged(intervals)
        .iter()
        .map(|&(a, b)| (b as i128 - a as i128) as u64)
        .sum()
}

pub fn gaps(intervals: &[(i64, i64)], lo: i64, hi: i64) -> Vec<(i64, i64)> {
    let mut out = Vec::new();
    if lo >= hi {
        return out;
    }
    let mut cur = lo;
    for (a, b) in merged(intervals) {
        if b <= cur {
            continue;
        }
        if a >= hi {
            break;
        }
        if a > cur {
            out.push((cur, a));
        }
        cur = b;
        if cur >= hi {
            break;
        }
    }
    if cur < hi {
        out.push((cur, hi));
    }
    out
}

pub fn max_overlap(intervals: &[(i64, i64)]) -> usize {
    let mut events: Vec<(i64, i32)> = Vec::new();
    for &(a, b) in intervals {
        if a < b {
            events.push((a, 1));
            events.push((b, -1));
        }
    }
    // ends before starts at the same coordinate
    events.sort();
    let mut cur = 0i64;
    let mut best = 0i64;
    for (_, d) in events {
        cur += d as i64;
        best = best.max(cur);
    }
    best as usize
}
