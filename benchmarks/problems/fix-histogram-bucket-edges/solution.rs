/// Counts values into `buckets` equal-width buckets over [min, max].
pub fn histogram(values: &[f64], min: f64, max: f64, buckets: usize) -> Vec<usize> {
    assert!(buckets > 0, "need at least one bucket");
    assert!(min < max, "min must be below max");
    let mut counts = vec![0; buckets];
    for &x in values {
        if !(min <= x && x <= max) {
            continue;
        }
        let idx = ((x - min) / (max - min) * buckets as f64).floor() as usize;
        counts[idx.min(buckets - 1)] += 1;
    }
    counts
}
