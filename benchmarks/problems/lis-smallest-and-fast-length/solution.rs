pub fn smallest_longest_increasing(values: &[i64]) -> Vec<i64> {
    let n = values.len();
    if n == 0 {
        return vec![];
    }
    // len[i] = length of the longest strictly increasing subsequence starting at i
    let mut len = vec![1usize; n];
    for i in (0..n).rev() {
        for j in i + 1..n {
            if values[j] > values[i] && len[j] + 1 > len[i] {
                len[i] = len[j] + 1;
            }
        }
    }
    let best = *len.iter().max().unwrap();
    let mut out = Vec::with_capacity(best);
    let mut start = 0usize;
    let mut last: Option<i64> = None;
    for need in (1..=best).rev() {
        let mut pick: Option<usize> = None;
        for i in start..n {
            if len[i] == need && last.map_or(true, |l| values[i] > l) {
                if pick.map_or(true, |p| values[i] < values[p]) {
                    pick = Some(i);
                }
            }
        }
        let p = pick.unwrap();
        out.push(values[p]);
        last = Some(values[p]);
        start = p + 1;
    }
    out
}

pub fn longest_non_decreasing_len(values: &[i64]) -> usize {
    // tails[k] = smallest possible tail of a non-decreasing subsequence of length k + 1
    let mut tails: Vec<i64> = Vec::new();
    for &v in values {
        let pos = tails.partition_point(|&t| t <= v);
        if pos == tails.len() {
            tails.push(v);
        } else {
            tails[pos] = v;
        }
    }
    tails.len()
}
