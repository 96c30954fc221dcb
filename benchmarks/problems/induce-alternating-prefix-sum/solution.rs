pub fn transform(values: &[i64]) -> Vec<i64> {
    let mut acc = 0i64;
    values
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            if i % 2 == 0 {
                acc += v;
            } else {
                acc -= v;
            }
            acc
        })
        .collect()
}
