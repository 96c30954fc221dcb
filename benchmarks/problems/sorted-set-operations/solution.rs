use std::collections::BTreeSet;

fn set(v: &[i32]) -> BTreeSet<i32> {
    v.iter().copied().collect()
}

pub fn union(a: &[i32], b: &[i32]) -> Vec<i32> {
    set(a).union(&set(b)).copied().collect()
}

pub fn intersection(a: &[i32], b: &[i32]) -> Vec<i32> {
    set(a).intersection(&set(b)).copied().collect()
}

pub fn difference(a: &[i32], b: &[i32]) -> Vec<i32> {
    set(a).difference(&set(b)).copied().collect()
}

pub fn symmetric_difference(a: &[i32], b: &[i32]) -> Vec<i32> {
    set(a).symmetric_difference(&set(b)).copied().collect()
}

pub fn is_subset(a: &[i32], b: &[i32]) -> bool {
    set(a).is_subset(&set(b))
}

pub fn jaccard(a: &[i32], b: &[i32]) -> f64 {
    let u = union(a, b).len();
    if u == 0 {
        return 1.0;
    }
    intersection(a, b).len() as f64 / u as f64
}
