use std::collections::BTreeMap;

pub fn group_by<T: Clone, K: Ord, F: Fn(&T) -> K>(items: &[T], key: F) -> BTreeMap<K, Vec<T>> {
    todo!()
}

pub fn count_by<T, K: Ord, F: Fn(&T) -> K>(items: &[T], key: F) -> BTreeMap<K, usize> {
    todo!()
}

pub fn group_by_digit_sum(values: &[u32]) -> BTreeMap<u32, Vec<u32>> {
    todo!()
}

pub fn split_by_parity(values: &[i64]) -> (Vec<i64>, Vec<i64>) {
    todo!()
}
