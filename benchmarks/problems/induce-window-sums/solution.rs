pub fn transform(values: &[i32], k: usize) -> Vec<i32> {
    if k == 0 || k > values.len() {
        return Vec::new();
    }
    values.windows(k).map(|w| w.iter().sum()).collect()
}
