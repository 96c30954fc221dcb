use std::collections::BTreeMap;

pub fn group_by<T: Clone, K: Ord, F: Fn(&T) -> K>(items: &[T], key: F) -> BTreeMap<K, Vec<T>> {
    let mut m: BTreeMap<K, Vec<T>> = BTreeMap::new();
    for it in items {
        m.entry(key(it)).or_default().push(it.clone());
    }
    m
}

pub fn count_by<T, K: Ord, F: Fn(&T) -> K>(items: &[T], key: F) -> BTreeMap<K, usize> {
    let mut m = BTreeMap::new();
    for it in items {
        *m.entry(key(it)).or_insert(0) += 1;
    }
    m
}

fn digit_sum(mut n: u32) -> u32 {
    let mut s = 0;
    while n > 0 {
        s += n % 10;
        n /= 10;
    }
    s
}

pub fn group_by_digit_sum(values: &[u32]) -> BTreeMap<u32, Vec<u32>> {
    group_by(values, |&v| digit_sum(v))
}

pub fn split_by_parity(values: &[i64]) -> (Vec<i64>, Vec<i64>) {
    values.iter().partition(|&&v| v % 2 == 0)
}
