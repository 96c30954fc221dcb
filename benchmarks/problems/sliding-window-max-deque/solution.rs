use std::collections::VecDeque;

fn window_best(values: &[i64], k: usize, better: impl Fn(i64, i64) -> bool) -> Vec<i64> {
    if k == 0 || k > values.len() {
        return Vec::new();
    }
    let mut dq: VecDeque<usize> = VecDeque::new();
    let mut out = Vec::with_capacity(values.len() - k + 1);
    for i in 0..values.len() {
        while let Some(&back) = dq.back() {
            if better(values[i], values[back]) || values[i] == values[back] {
                dq.pop_back();
            } else {
                break;
            }
        }
        dq.push_back(i);
        if dq[0] + k <= i {
            dq.pop_front();
        }
        if i + 1 >= k {
            out.push(values[dq[0]]);
        }
    }
    out
}

pub fn window_max(values: &[i64], k: usize) -> Vec<i64> {
    window_best(values, k, |a, b| a > b)
}

pub fn window_min(values: &[i64], k: usize) -> Vec<i64> {
    window_best(values, k, |a, b| a < b)
}

pub fn window_range(values: &[i64], k: usize) -> Vec<u64> {
    window_max(values, k)
        .into_iter()
        .zip(window_min(values, k))
        .map(|(a, b)| (a as i128 - b as i128) as u64)
        .collect()
}
