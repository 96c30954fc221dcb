use std::collections::HashMap;

fn counts(values: &[i32]) -> HashMap<i32, usize> {
    let mut m = HashMap::new();
    for &v in values {
        *m.entry(v).or_insert(0) += 1;
    }
    m
}

pub fn frequencies(values: &[i32]) -> Vec<(i32, usize)> {
    let mut v: Vec<(i32, usize)> = counts(values).into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}

pub fn top_k(values: &[i32], k: usize) -> Vec<i32> {
    frequencies(values).into_iter().take(k).map(|(v, _)| v).collect()
}

pub fn first_unique(values: &[i32]) -> Option<i32> {
    let c = counts(values);
    values.iter().copied().find(|v| c[v] == 1)
}

pub fn majority(values: &[i32]) -> Option<i32> {
    counts(values)
        .into_iter()
        .find(|&(_, c)| 2 * c > values.len())
        .map(|(v, _)| v)
}
